// 工作日历: the official holidays and working weekends each year (working-day
// deadlines count with them); next year's State Council notice pasted as
// text, read, shown and confirmed; or a year from its JSON. From 1 November
// the card says when next year's notice is still missing.
import { calendarStatus, getCalendar, readHolidayNotice, setCalendarYear, type CalendarFile, type CalendarYear, type YearArrangement } from "../../api/generated";
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

/** The warning that next year's notice is missing (null when it is not). */
export async function missingNoticeWarning(id: string): Promise<HTMLElement | null> {
  const s = await calendarStatus().catch(() => null);
  if (!s?.missing_next_year) return null;
  return h("div", { class: "banner warn", id, role: "status" }, t("calendar.missing_next", { year: s.missing_next_year }));
}

/** Paste the notice → read → shown for confirmation → saved (deadlines recomputed). */
function noticeForm(hub: Hub, list: HTMLElement, status: HTMLElement): HTMLElement {
  const banner = bannerEl("calendar-notice-error");
  const year = h("input", { id: "calendar-notice-year", type: "number", min: "2000", max: "2100", placeholder: String(new Date().getFullYear() + 1) });
  const text = h("textarea", { id: "calendar-notice", rows: 8, placeholder: t("calendar.notice_ph") });
  const preview = h("div", { id: "calendar-notice-preview", hidden: true });
  const read = h("button", { type: "button", class: "secondary", id: "btn-calendar-notice-read" }, t("calendar.notice_read"));
  let pending: CalendarYear | null = null;
  text.addEventListener("input", () => {
    pending = null;
    preview.hidden = true;
  });
  read.addEventListener("click", async () => {
    showBanner(banner, null);
    status.hidden = true;
    read.disabled = true;
    try {
      const y = year.value.trim() ? Number(year.value) : null;
      pending = await readHolidayNotice({ text: text.value, year: y });
      const confirm = h("button", { type: "button", class: "primary", id: "btn-calendar-notice-confirm" }, t("calendar.notice_confirm", { year: pending.year }));
      confirm.addEventListener("click", async () => {
        if (!pending) return;
        confirm.disabled = true;
        try {
          const file = await setCalendarYear(pending);
          if (!hub.alive()) return;
          list.replaceChildren(...calendarYears(file));
          status.textContent = t("calendar.imported", { year: pending.year });
          status.hidden = false;
          preview.hidden = true;
          text.value = "";
          document.getElementById("calendar-missing")?.remove();
          store.casesChanged();
        } catch (e) {
          showBanner(banner, e as ApiError);
          confirm.disabled = false;
        }
      });
      preview.replaceChildren(h("p", {}, t("calendar.notice_check")), ...calendarYears({ about: "", years: { [pending.year]: pending.arrangement } }), h("div", { class: "actions" }, confirm));
      preview.hidden = false;
    } catch (e) {
      showBanner(banner, e as ApiError, { fieldId: () => "calendar-notice" });
    } finally {
      read.disabled = false;
    }
  });
  return h(
    "div",
    { class: "calendar-notice" },
    h("h3", { class: "sub" }, t("calendar.notice_title")),
    h("div", { class: "field" }, h("label", { for: "calendar-notice-year" }, t("calendar.notice_year")), year),
    h("div", { class: "field wide" }, h("label", { for: "calendar-notice" }, t("calendar.notice")), text),
    banner,
    h("div", { class: "actions" }, read),
    preview,
  );
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
  const warning = h("div", { id: "calendar-warning-slot" });
  void missingNoticeWarning("calendar-missing").then((w) => hub.alive() && w && warning.replaceChildren(w));
  return h(
    "section",
    { class: "card", id: "settings-calendar" },
    h("h2", {}, t("calendar.title")),
    h("p", { class: "note" }, t("calendar.intro")),
    warning,
    list,
    noticeForm(hub, list, status),
    h("div", { class: "field wide" }, h("label", { for: "calendar-json" }, t("calendar.json")), json),
    banner,
    h("div", { class: "actions" }, add, status),
  );
}
