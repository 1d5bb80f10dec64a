// 工作日历: the official holidays and working weekends each year (working-day
// deadlines count with them), and a year added from its pasted JSON.
import { getCalendar, setCalendarYear, type CalendarFile, type YearArrangement } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h } from "../../lib/dom";
import { colon, t } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { parseCalendarJson } from "./logic";

function range(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`;
}

/** The years of the working calendar, newest first. */
function calendarYears(file: CalendarFile): HTMLElement[] {
  const years = Object.keys(file.years).sort().reverse();
  if (!years.length) return [h("p", { class: "muted" }, t("calendar.none"))];
  return years.map((y) => {
    const a = file.years[Number(y)] as YearArrangement;
    return h(
      "div",
      { class: "calendar-year", "data-year": y, id: `calendar-year-${y}` },
      h("h3", { class: "sub" }, t("calendar.year", { year: y }), a.source ? h("span", { class: "muted small" }, ` · ${t("calendar.source")}${colon()}${a.source}`) : null),
      h(
        "dl",
        { class: "kv-grid" },
        h("div", { class: "kv wide" }, h("dt", {}, t("calendar.off")), h("dd", {}, a.off.length ? h("ul", { class: "inline-list" }, a.off.map((o) => h("li", {}, `${o.name} ${range(o.from, o.to)}`))) : t("common.none"))),
        h("div", { class: "kv wide" }, h("dt", {}, t("calendar.workdays")), h("dd", {}, a.workdays.length ? h("ul", { class: "inline-list" }, a.workdays.map((d) => h("li", {}, d))) : t("common.none"))),
      ),
    );
  });
}

export function calendarCard(hub: Hub): HTMLElement {
  const banner = bannerEl("calendar-error");
  const status = h("div", { class: "ok-status", id: "calendar-status", "aria-live": "polite", hidden: true });
  const list = h("div", { id: "calendar-years" }, h("div", { class: "loading" }, t("app.loading")));
  const json = h("textarea", {
    id: "calendar-json",
    rows: 6,
    class: "mono",
    spellcheck: "false",
    placeholder: '{"year":2027,"source":"国务院办公厅通知","off":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":[]}',
  });
  const add = h("button", { type: "button", class: "secondary", id: "btn-calendar-import" }, t("calendar.import"));
  add.addEventListener("click", async () => {
    showBanner(banner, null);
    status.hidden = true;
    json.removeAttribute("aria-invalid");
    const parsed = parseCalendarJson(json.value);
    if (!parsed.ok) {
      json.setAttribute("aria-invalid", "true");
      showBanner(banner, { code: "validation", message: t(parsed.key, { message: parsed.message ?? "" }), fields: [] });
      return;
    }
    add.disabled = true;
    try {
      const file = await setCalendarYear({ year: parsed.year, arrangement: parsed.arrangement });
      list.replaceChildren(...calendarYears(file));
      status.textContent = t("calendar.imported", { year: parsed.year });
      status.hidden = false;
      store.casesChanged();
    } catch (e) {
      json.setAttribute("aria-invalid", "true");
      showBanner(banner, e as ApiError, { fieldId: () => "calendar-json" });
    } finally {
      add.disabled = false;
    }
  });
  getCalendar()
    .then((f) => hub.alive() && list.replaceChildren(...calendarYears(f)))
    .catch((e: ApiError) => {
      if (!hub.alive()) return;
      list.replaceChildren();
      showBanner(banner, e);
    });
  return h(
    "section",
    { class: "card", id: "settings-calendar" },
    h("h2", {}, t("calendar.title")),
    h("p", { class: "note" }, t("calendar.intro")),
    list,
    h("div", { class: "field wide" }, h("label", { for: "calendar-json" }, t("calendar.json")), json),
    banner,
    h("div", { class: "actions" }, add, status),
  );
}
