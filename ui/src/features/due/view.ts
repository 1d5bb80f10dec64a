// 待办期限: every open deadline of every case, grouped by when it falls due,
// and every reply letter due today in one PDF.
import { batchReplyLetters, dueBoard, type DueItem } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h, onEnter, shortTime } from "../../lib/dom";
import { saveFile } from "../../lib/files";
import { getLang, label, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { missingNoticeWarning } from "../settings/calendar";
import { deadlineLabel, DUE_GROUPS, groupDue, nothingDue, urgentCount, type DueGroup } from "./logic";

const GROUP_KEY: Record<DueGroup, MsgKey> = {
  overdue: "due.overdue",
  today: "due.today",
  week: "due.week",
  later: "due.later",
};

function row(it: DueItem): HTMLElement {
  const open = () => store.go({ view: "case", id: it.case_id });
  return h(
    "tr",
    {
      class: `due-row state-${it.deadline.state}`,
      tabindex: "0",
      "data-id": it.case_id,
      "data-number": it.number,
      "data-code": it.deadline.code,
      onclick: open,
      onkeydown: onEnter(open),
    },
    h("td", { class: "mono" }, it.number),
    h("td", {}, it.matter),
    h(
      "td",
      {},
      deadlineLabel(it.deadline, getLang()),
      it.deadline.verified ? null : h("span", { class: "badge warn unverified" }, t("dl.unverified")),
      it.deadline.extended ? h("span", { class: "badge extended" }, t("dl.extended")) : null,
    ),
    h("td", { class: "dl-due" }, shortTime(it.deadline.due_at)),
    h("td", {}, it.owner || t("common.none")),
    h("td", {}, label("status", it.status)),
  );
}

function group(g: DueGroup, items: DueItem[]): HTMLElement {
  const heads: MsgKey[] = ["due.col.number", "due.col.matter", "due.col.deadline", "due.col.due", "due.col.owner", "due.col.status"];
  return h(
    "section",
    { class: `card due-group due-${g}`, id: `due-${g}`, "data-count": items.length },
    h("h2", {}, t(GROUP_KEY[g]), " ", h("span", { class: `badge count count-${g}` }, String(items.length))),
    items.length
      ? h(
          "table",
          { class: "plain due-table" },
          h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, items.map(row)),
        )
      : h("p", { class: "muted" }, t("due.empty")),
  );
}

export function mountDue(main: HTMLElement): () => void {
  let live = true;
  const banner = bannerEl("due-error");
  const body = h("div", { id: "due-board" }, h("div", { class: "loading" }, t("app.loading")));
  const batchStatus = h("div", { class: "ok-status", id: "batch-status", "aria-live": "polite", hidden: true });
  const batch = h("button", { type: "button", class: "secondary", id: "btn-batch-replies", hidden: !store.may("batch_reply_letters") }, t("due.batch"));
  batch.addEventListener("click", async () => {
    batch.disabled = true;
    showBanner(banner, null);
    batchStatus.hidden = true;
    batchStatus.classList.remove("muted");
    try {
      const r = await batchReplyLetters({ extra: {} });
      const path = await saveFile(r.file_name, r.pdf);
      if (path) {
        batchStatus.textContent = t("due.batch_done", { path });
        batchStatus.hidden = false;
      }
    } catch (e) {
      const err = e as ApiError;
      if (nothingDue(err)) {
        batchStatus.textContent = t("due.batch_none");
        batchStatus.classList.add("muted");
        batchStatus.hidden = false;
      } else showBanner(banner, err);
    } finally {
      batch.disabled = false;
    }
  });
  const warning = h("div", { id: "due-calendar-slot" });
  void missingNoticeWarning("due-calendar-missing").then((w) => live && w && warning.replaceChildren(w));
  main.append(
    h("div", { class: "view-head" }, h("h1", { class: "view-title" }, t("due.title")), h("div", { class: "actions" }, batch)),
    h("p", { class: "note" }, t("due.intro")),
    warning,
    banner,
    batchStatus,
    body,
  );
  dueBoard()
    .then((items) => {
      if (!live) return;
      store.setDueCount(urgentCount(items));
      const groups = groupDue(items);
      body.replaceChildren(...DUE_GROUPS.map((g) => group(g, groups[g])));
    })
    .catch((e: ApiError) => {
      if (!live) return;
      body.replaceChildren();
      showBanner(banner, e);
    });
  return () => {
    live = false;
  };
}
