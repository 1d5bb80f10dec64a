// Shared state of the running app and helpers the screens share.
import { api, type ApiError, type AppInfo, type DocKind, type Policy, type SessionState, type UserView } from "./api";
import { clear, h } from "./dom";
import { t, type MsgKey } from "./i18n";

export type Route =
  | { view: "intake" }
  | { view: "register" }
  | { view: "import" }
  | { view: "case"; id: number }
  | { view: "due" }
  | { view: "stats" }
  | { view: "accountability" }
  | { view: "query" }
  | { view: "templates" }
  | { view: "settings" };

export const ctx: { info: AppInfo | null; policy: Policy | null; session: SessionState | null } = { info: null, policy: null, session: null };

/** The signed-in user (null on a register without accounts). */
export function currentUser(): UserView | null {
  return ctx.session?.user ?? null;
}

let navigate: (r: Route) => void = () => {};

/** Set by the shell: refresh the due-board count on the tab after a change;
 *  `restart` re-runs the start-up (app info, policy, shell) and lands on `r`,
 *  e.g. after the register was replaced by a backup. */
export const hooks: { dueChanged: () => void; restart: (r: Route) => Promise<void> } = {
  dueChanged: () => {},
  restart: async () => {},
};

export function setNavigator(fn: (r: Route) => void): void {
  navigate = fn;
}

export function go(r: Route): void {
  navigate(r);
}

/** Codes that mean "the register cannot be used as it is"; their message gets our own explanation. */
const CODE_HINTS: Partial<Record<string, MsgKey>> = {
  db_locked: "error.db_locked",
  db_read_only: "error.db_read_only",
  db_corrupt: "error.db_corrupt",
  db_too_new: "error.db_too_new",
};

/** Fill a banner element with an error (or hide it for null). The backend's
 *  message is shown as given; known codes add a line of advice. */
export function showBanner(el: HTMLElement | null, e: ApiError | null, prefix?: (msg: string) => string): void {
  if (!el) return;
  clear(el);
  if (!e) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  el.appendChild(h("div", { class: "banner-message" }, prefix ? prefix(e.message) : e.message));
  const hint = CODE_HINTS[e.code];
  if (hint) el.appendChild(h("div", { class: "banner-hint" }, t(hint)));
  if (e.code === "font_not_found" || e.code === "font_invalid") {
    el.appendChild(
      h(
        "div",
        { class: "banner-hint" },
        t("case.font_hint"),
        " ",
        h("button", { type: "button", class: "link", id: "btn-open-settings", onclick: () => go({ view: "settings" }) }, t("case.open_settings")),
      ),
    );
  }
}

/** Export one document; writes "已保存到 …" into `status` (nothing when the
 *  user cancelled). Returns false when it failed (error shown in `banner`). */
export async function exportDoc(caseId: number, doc: DocKind, status: HTMLElement | null, banner: HTMLElement | null): Promise<boolean> {
  try {
    const r = await api.exportDocument(caseId, doc);
    if (r && status) {
      status.hidden = false;
      status.textContent = t("case.exported", { path: r.path });
    }
    return true;
  } catch (e) {
    showBanner(banner, e as ApiError);
    return false;
  }
}
