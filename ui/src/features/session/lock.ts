// The header's user box, the idle lock and the unlock overlay. The overlay
// sits over the current screen, so nothing typed is lost; a call refused
// because the session locked is sent again (same key) once unlocked.
import { lockSession, signOut, unlockSession } from "../../api/generated";
import { setRecovery, type ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { field, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { store } from "../../state/store";
import { IdleClock, sessionRecovery } from "./logic";
import { roleLabel } from "./view";

const clock = new IdleClock(0, Date.now());
let watching = false;
let waiters: ((unlocked: boolean) => void)[] = [];
let overlay: HTMLElement | null = null;

export function userBox(): HTMLElement | null {
  const u = store.user();
  if (!u) return null;
  const roles = u.roles.map(roleLabel).join("、");
  return h(
    "div",
    { class: "user-box", id: "user-box" },
    h("div", { class: "user-text" }, h("span", { class: "user-name", id: "user-name" }, u.display_name), h("span", { class: "user-roles muted small", id: "user-roles", title: roles }, roles)),
    h("button", { type: "button", class: "ghost small-button", id: "btn-lock", onclick: () => void lockNow() }, t("auth.lock")),
    h("button", { type: "button", class: "ghost small-button", id: "btn-sign-out", onclick: () => void signOutNow() }, t("auth.sign_out")),
  );
}

async function signOutNow(): Promise<void> {
  const before = store.state.session;
  closeOverlay(false);
  try {
    store.setSession(await signOut());
  } catch {
    // Signed out on this screen all the same.
    if (before) store.setSession({ ...before, user: null, locked: false, may: [] });
  }
}

async function lockNow(): Promise<void> {
  try {
    store.setSession(await lockSession());
  } catch {
    /* the core locks by itself too */
  }
  void waitForUnlock();
}

/** Starts watching keyboard and mouse for the idle lock (once). */
export function watchIdle(): void {
  clock.minutes = store.state.session?.idle_lock_minutes ?? 0;
  clock.touch(Date.now());
  if (watching) return;
  watching = true;
  const touch = () => clock.touch(Date.now());
  for (const ev of ["keydown", "mousedown", "mousemove", "wheel", "touchstart"]) document.addEventListener(ev, touch, { passive: true, capture: true });
  setInterval(() => {
    if (store.user() && !overlay && clock.due(Date.now())) void lockNow();
  }, 5000);
  store.on("session", (s) => {
    clock.minutes = s.idle_lock_minutes;
    if (s.user && s.locked && !overlay) void waitForUnlock();
    if (!s.user) closeOverlay(false);
  });
}

/** The idle minutes changed in the settings. */
export function setIdleMinutes(minutes: number): void {
  clock.minutes = minutes;
  const s = store.state.session;
  if (s) s.idle_lock_minutes = minutes;
}

function closeOverlay(unlocked: boolean): void {
  overlay?.remove();
  overlay = null;
  const ws = waiters;
  waiters = [];
  for (const w of ws) w(unlocked);
}

/** Shows the unlock overlay (once); resolves true when unlocked, false when signed out. */
export function waitForUnlock(): Promise<boolean> {
  const p = new Promise<boolean>((resolve) => waiters.push(resolve));
  if (overlay) return p;
  const banner = bannerEl("unlock-error");
  const pass = h("input", { id: "unlock-password", type: "password", autocomplete: "current-password", spellcheck: "false" });
  const submit = h("button", { type: "submit", class: "primary", id: "btn-unlock" }, t("auth.unlock"));
  const form = h(
    "form",
    { class: "lock-card card", novalidate: true },
    h("div", { class: "auth-office" }, store.state.info?.office.name ?? ""),
    h("h2", {}, t("auth.locked_title")),
    h("p", { class: "note" }, t("auth.locked_intro", { name: store.user()?.display_name ?? "" })),
    banner,
    field("unlock-password", t("auth.password"), pass),
    h("div", { class: "actions" }, submit, h("button", { type: "button", class: "link", id: "btn-unlock-sign-out", onclick: () => void signOutNow() }, t("auth.sign_out"))),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    showBanner(banner, null);
    try {
      const s = await unlockSession({ password: pass.value });
      clock.touch(Date.now());
      closeOverlay(true);
      store.setSession(s);
    } catch (e) {
      const err = e as ApiError;
      showBanner(banner, err);
      pass.value = "";
      pass.focus();
      submit.disabled = false;
      if (err.code === "not_signed_in" || err.code === "no_session") void signOutNow();
    }
  });
  overlay = h("div", { class: "lock-overlay", id: "unlock-overlay", role: "dialog", "aria-modal": "true", "aria-label": t("auth.locked_title") }, form);
  document.body.appendChild(overlay);
  pass.focus();
  return p;
}

/** A call refused because the session locked waits for the unlock and is
 *  sent again; one refused because nobody is signed in shows sign-in. */
export function installRecovery(): void {
  setRecovery(async (e, op) => {
    const what = sessionRecovery(e.code, op);
    if (what === "unlock") return waitForUnlock();
    if (what === "sign_in") {
      const s = store.state.session;
      if (s?.user) store.setSession({ ...s, user: null, locked: false, may: [] });
    }
    return false;
  });
}
