// The cases behind a figure of the 统计 tab (late, unresolved, dissatisfied,
// repeated, overdue), each opening its case.
import { getCase, type CaseView, type Dashboard } from "../../api/generated";
import { clear, h, onEnter, shortTime } from "../../lib/dom";
import { label, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { categoryLabel } from "../register/view";
import { drillIds, type Figure } from "./logic";

/** At most this many cases are read for one drill-down list. */
const DRILL_LIMIT = 100;

/** Fills `drill` with the cases behind `fig`; `current` tells whether this answer is still wanted. */
export async function showDrill(drill: HTMLElement, d: Dashboard, fig: Figure, titleKey: MsgKey, current: () => boolean): Promise<void> {
  const ids = drillIds(d, fig);
  clear(drill);
  drill.hidden = false;
  drill.setAttribute("data-figure", fig);
  drill.append(h("h2", {}, t("stats.drill_title", { figure: t(titleKey), n: ids.length })), h("p", { class: "note" }, t(`stats.drill.${fig}` as MsgKey)));
  if (!ids.length) {
    drill.appendChild(h("p", { class: "muted" }, t("stats.drill_empty")));
    return;
  }
  const shown = ids.slice(0, DRILL_LIMIT);
  const found = await Promise.all(shown.map((id) => getCase({ case_id: id }).then((c): CaseView | number => c, () => id)));
  if (!current()) return;
  const cols = ["number", "kind", "received", "category", "matter", "status"] as const;
  const tbody = h("tbody", { id: "stats-drill-rows" });
  for (const c of found) {
    if (typeof c === "number") {
      tbody.appendChild(h("tr", { class: "drill-row missing", "data-id": c }, h("td", { colspan: cols.length }, t("stats.drill_missing", { id: c }))));
      continue;
    }
    const open = () => store.go({ view: "case", id: c.id });
    tbody.appendChild(
      h(
        "tr",
        { class: "case-row drill-row", tabindex: "0", "data-id": c.id, "data-number": c.number, onclick: open, onkeydown: onEnter(open) },
        h("td", { class: "col-number mono" }, c.number),
        h("td", { class: "col-kind" }, label("kind", c.kind)),
        h("td", { class: "col-received" }, shortTime(c.received_at)),
        h("td", { class: "col-category" }, categoryLabel(c.category, c.category_label)),
        h("td", { class: "col-matter" }, c.matter),
        h("td", { class: "col-status" }, label("status", c.status)),
      ),
    );
  }
  drill.appendChild(
    h(
      "div",
      { class: "table-wrap" },
      h("table", { class: "cases", id: "stats-drill-table" }, h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col", class: `col-${c}` }, t(`list.col.${c}` as MsgKey))))), tbody),
    ),
  );
  if (ids.length > shown.length) drill.appendChild(h("p", { class: "note" }, t("stats.drill_more", { n: ids.length - shown.length })));
}
