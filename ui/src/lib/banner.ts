// The one error banner: the core's message as given, a line of advice for
// codes that need one, and every field problem as a link that takes the
// user to its field. A case changed by someone else (`stale`) or a write
// already done (`already_done`) offers to reload. Text only, never HTML.
import type { ApiError } from "../api/transport";
import { store } from "../state/store";
import { clear, h } from "./dom";
import { t, type MsgKey } from "./i18n";
import { problemList } from "./problems";

/** Codes that mean "the register cannot be used as it is"; the message gets our own advice too. */
const CODE_HINTS: Partial<Record<string, MsgKey>> = {
  db_locked: "error.db_locked",
  db_read_only: "error.db_read_only",
  db_corrupt: "error.db_corrupt",
  db_too_new: "error.db_too_new",
};

export interface BannerOptions {
  /** The id of the input a field path names, or null when it is not on this form. */
  fieldId?: (path: string) => string | null;
  /** Rewrites the message (e.g. "请检查：…"). */
  prefix?: (message: string) => string;
  /** Offered as 刷新 when the case was changed meanwhile or the write was already done. */
  reload?: () => void;
}

/** An empty, hidden banner. */
export function bannerEl(id: string): HTMLElement {
  return h("div", { class: "banner error", id, role: "alert", hidden: true });
}

/** Fills `el` with the error (or hides it for null). */
export function showBanner(el: HTMLElement | null, e: Pick<ApiError, "code" | "message" | "fields"> | null, opts: BannerOptions = {}): void {
  if (!el) return;
  clear(el);
  if (!e) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.dataset.code = e.code;
  el.appendChild(h("div", { class: "banner-message" }, opts.prefix ? opts.prefix(e.message) : e.message));
  const hint = CODE_HINTS[e.code];
  if (hint) el.appendChild(h("div", { class: "banner-hint" }, t(hint)));
  if (e.code === "font_not_found" || e.code === "font_invalid") {
    el.appendChild(
      h(
        "div",
        { class: "banner-hint" },
        t("case.font_hint"),
        " ",
        h("button", { type: "button", class: "link", id: "btn-open-settings", onclick: () => store.go({ view: "settings" }) }, t("case.open_settings")),
      ),
    );
  }
  if ((e.code === "stale" || e.code === "already_done") && opts.reload) {
    const reload = opts.reload;
    el.appendChild(h("div", { class: "banner-hint" }, h("button", { type: "button", class: "link", id: "btn-banner-reload", onclick: () => reload() }, t("error.reload"))));
  }
  // Each field problem: a link to its field; one with no field on this form
  // is listed unless the message already says it.
  const items = problemList(e.message, e.fields, (path) => {
    const id = opts.fieldId?.(path) ?? null;
    return id && document.getElementById(id) ? id : null;
  });
  if (items.length) {
    el.appendChild(
      h(
        "ul",
        { class: "banner-list" },
        items.map((p) =>
          h(
            "li",
            { "data-field": p.field },
            p.target
              ? h("button", { type: "button", class: "link banner-field", "data-target": p.target, onclick: () => goToField(p.target!) }, p.message)
              : p.message,
          ),
        ),
      ),
    );
  }
}

/** Takes the user to the input `id`: scrolled into the middle of the window and focused (its text kept). */
export function goToField(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView?.({ block: "center" });
  target.focus({ preventScroll: true });
}
