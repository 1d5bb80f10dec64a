// Sign-in, the first administrator, the header's user box, the idle lock and
// the unlock overlay. The overlay sits over the current screen, so nothing
// typed is lost; commands refused while locked are sent again after unlocking.
import { api, sessionHooks, type ApiError, type UserRole } from "./api";
import { ctx, showBanner } from "./app";
import { clear, field, h } from "./dom";
import { t, type MsgKey } from "./i18n";
import { IdleClock, orderedRoles, ROLES } from "./roles";

export function roleLabel(r: UserRole): string {
  return t(`urole.${r}` as MsgKey);
}

/** Puts the backend's field errors next to the fields `${prefix}-${field}`; returns the first. */
export function showFieldErrors(prefix: string, err: ApiError): HTMLElement | null {
  let first: HTMLElement | null = null;
  for (const f of err.fields) {
    const el = document.getElementById(`${prefix}-${f.field.replace(/_/g, "-")}`);
    if (!el) continue;
    el.setAttribute("aria-invalid", "true");
    const line = document.getElementById(`${el.id}-error`);
    if (line) {
      line.textContent = f.message;
      line.hidden = false;
    }
    first ??= el;
  }
  return first;
}

export function clearFieldErrors(scope: HTMLElement): void {
  for (const el of Array.from(scope.querySelectorAll("[aria-invalid]"))) el.removeAttribute("aria-invalid");
  for (const el of Array.from(scope.querySelectorAll<HTMLElement>(".field-error"))) {
    el.hidden = true;
    el.textContent = "";
  }
}

/** Typing into a field takes its error away. */
export function clearOnInput(form: HTMLElement): void {
  const fix = (e: Event) => {
    const el = e.target as HTMLElement;
    if (!el.id) return;
    el.removeAttribute("aria-invalid");
    const line = document.getElementById(`${el.id}-error`);
    if (line) line.hidden = true;
  };
  form.addEventListener("input", fix);
  form.addEventListener("change", fix);
}

export function fieldError(id: string, message: string): void {
  const el = document.getElementById(id);
  el?.setAttribute("aria-invalid", "true");
  const line = document.getElementById(`${id}-error`);
  if (line) {
    line.textContent = message;
    line.hidden = false;
  }
}

const input = (id: string, type = "text", autocomplete = "off") => h("input", { id, type, autocomplete, spellcheck: "false" });

/** Role checkboxes `${prefix}-role-<code>`; with `fixedAdmin` the admin box is ticked and cannot be cleared. */
export function roleBoxes(prefix: string, ticked: readonly UserRole[], fixedAdmin = false): HTMLElement {
  return h(
    "div",
    { class: "role-boxes", id: `${prefix}-roles`, role: "group" },
    ROLES.map((r) =>
      h(
        "label",
        { class: "check", for: `${prefix}-role-${r}`, title: fixedAdmin && r === "admin" ? t("auth.admin_role_fixed") : null },
        h("input", { type: "checkbox", id: `${prefix}-role-${r}`, value: r, checked: ticked.includes(r) || (fixedAdmin && r === "admin"), disabled: fixedAdmin && r === "admin" }),
        " ",
        roleLabel(r),
      ),
    ),
  );
}

export function tickedRoles(box: HTMLElement, keepAdmin = false): UserRole[] {
  return orderedRoles(
    Array.from(box.querySelectorAll<HTMLInputElement>("input[type=checkbox]"))
      .filter((c) => c.checked)
      .map((c) => c.value),
    keepAdmin,
  );
}

export function authPage(titleKey: MsgKey, ...body: (Node | null)[]): HTMLElement {
  document.title = ctx.info?.office.name ? `${ctx.info.office.name} · ${t("app.title")}` : t("app.title");
  return h(
    "div",
    { class: "auth-page" },
    h(
      "div",
      { class: "auth-card card" },
      h("div", { class: "auth-office", id: "auth-office" }, ctx.info?.office.name ?? ""),
      h("div", { class: "auth-app muted" }, t("app.title")),
      h("h1", {}, t(titleKey)),
      ...body,
    ),
  );
}

/** 登录: username and password; the backend's one message on failure. */
export function mountSignIn(root: HTMLElement, done: () => void): void {
  clear(root);
  const banner = h("div", { class: "banner error", id: "sign-in-error", role: "alert", hidden: true });
  const user = input("sign-in-username", "text", "username");
  const pass = input("sign-in-password", "password", "current-password");
  const submit = h("button", { type: "submit", class: "primary wide-button", id: "btn-sign-in" }, t("auth.sign_in"));
  const form = h(
    "form",
    { class: "auth-form", novalidate: true },
    banner,
    field("sign-in-username", t("auth.username"), user),
    field("sign-in-password", t("auth.password"), pass),
    h("div", { class: "actions" }, submit),
    h("p", { class: "muted small" }, t("auth.sign_in_hint")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    showBanner(banner, null);
    submit.disabled = true;
    submit.textContent = t("auth.signing_in");
    try {
      ctx.session = await api.signIn(user.value.trim(), pass.value);
      done();
    } catch (e) {
      showBanner(banner, e as ApiError);
      pass.value = "";
      pass.focus();
      submit.disabled = false;
      submit.textContent = t("auth.sign_in");
    }
  });
  root.appendChild(authPage("auth.sign_in_title", form));
  user.focus();
}

/** 创建系统管理员: the first user; all five roles ticked (admin cannot be cleared); signs in after. */
export function mountCreateAdmin(root: HTMLElement, olderRegister: boolean, done: () => void): void {
  clear(root);
  const banner = h("div", { class: "banner error", id: "admin-error", role: "alert", hidden: true });
  const username = input("admin-username", "text", "username");
  const name = input("admin-display-name");
  const pass = input("admin-password", "password", "new-password");
  const pass2 = input("admin-password2", "password", "new-password");
  const roles = roleBoxes("admin", ROLES, true);
  const submit = h("button", { type: "submit", class: "primary", id: "btn-create-admin" }, t("auth.create_admin"));
  const form = h(
    "form",
    { class: "auth-form", novalidate: true },
    h("p", { class: "note" }, t(olderRegister ? "auth.admin_older" : "auth.admin_intro")),
    banner,
    h(
      "div",
      { class: "grid" },
      field("admin-username", t("auth.username"), username, { required: true }),
      field("admin-display-name", t("auth.display_name"), name, { required: true }),
      field("admin-password", t("auth.password"), pass, { required: true }),
      field("admin-password2", t("auth.password2"), pass2, { required: true }),
    ),
    h("div", { class: "field wide", "data-field": "roles" }, h("span", { class: "label" }, t("auth.roles")), roles, h("div", { class: "field-error", id: "admin-roles-error", role: "alert", hidden: true })),
    h("div", { class: "actions" }, submit),
  );
  clearOnInput(form);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    showBanner(banner, null);
    clearFieldErrors(form);
    if (pass.value !== pass2.value) {
      fieldError("admin-password2", t("auth.password_mismatch"));
      pass2.focus();
      return;
    }
    submit.disabled = true;
    try {
      await api.createUser({ username: username.value.trim(), display_name: name.value.trim(), password: pass.value, roles: tickedRoles(roles, true) });
      ctx.session = await api.signIn(username.value.trim(), pass.value);
      done();
    } catch (e) {
      const err = e as ApiError;
      showBanner(banner, err);
      (showFieldErrors("admin", err) ?? username).focus();
      submit.disabled = false;
    }
  });
  root.appendChild(authPage("auth.admin_title", form));
  username.focus();
}

// ---- the header's user box -------------------------------------------------

let onSignedOut: () => void = () => {};

export function userBox(): HTMLElement | null {
  const u = ctx.session?.user;
  if (!u) return null;
  return h(
    "div",
    { class: "user-box", id: "user-box" },
    h("div", { class: "user-text" }, h("span", { class: "user-name", id: "user-name" }, u.display_name), h("span", { class: "user-roles muted small", id: "user-roles", title: u.roles.map(roleLabel).join("、") }, u.roles.map(roleLabel).join("、"))),
    h("button", { type: "button", class: "ghost small-button", id: "btn-lock", onclick: () => void lockNow() }, t("auth.lock")),
    h("button", { type: "button", class: "ghost small-button", id: "btn-sign-out", onclick: () => void signOut() }, t("auth.sign_out")),
  );
}

async function signOut(): Promise<void> {
  try {
    ctx.session = await api.signOut();
  } catch {
    /* signed out all the same on this screen */
  }
  closeOverlay(false);
  onSignedOut();
}

// ---- idle lock and the unlock overlay -------------------------------------

const clock = new IdleClock(0, Date.now());
let watching = false;
let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
let overlay: HTMLElement | null = null;

export function setIdleMinutes(minutes: number): void {
  clock.minutes = minutes;
  if (ctx.session) ctx.session.idle_lock_minutes = minutes;
}

/** Starts watching keyboard and mouse; `signedOut` shows the sign-in screen. */
export function startSession(signedOut: () => void): void {
  onSignedOut = signedOut;
  clock.minutes = ctx.session?.idle_lock_minutes ?? 0;
  clock.touch(Date.now());
  if (watching) return;
  watching = true;
  const touch = () => clock.touch(Date.now());
  for (const ev of ["keydown", "mousedown", "mousemove", "wheel", "touchstart"]) document.addEventListener(ev, touch, { passive: true, capture: true });
  setInterval(() => {
    if (ctx.session?.user && !overlay && clock.due(Date.now())) void lockNow();
  }, 5000);
}

async function lockNow(): Promise<void> {
  try {
    ctx.session = await api.lockSession();
  } catch {
    /* the backend locks by itself too */
  }
  void waitForUnlock().catch(() => {});
}

function closeOverlay(ok: boolean): void {
  overlay?.remove();
  overlay = null;
  const ws = waiters;
  waiters = [];
  for (const w of ws) {
    if (ok) w.resolve();
    else w.reject(new Error("signed out"));
  }
}

/** Shows the unlock overlay (once) and resolves when the user unlocked. */
export function waitForUnlock(): Promise<void> {
  const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  if (overlay) return p;
  const banner = h("div", { class: "banner error", id: "unlock-error", role: "alert", hidden: true });
  const pass = input("unlock-password", "password", "current-password");
  const submit = h("button", { type: "submit", class: "primary", id: "btn-unlock" }, t("auth.unlock"));
  const form = h(
    "form",
    { class: "lock-card card", novalidate: true },
    h("div", { class: "auth-office" }, ctx.info?.office.name ?? ""),
    h("h2", {}, t("auth.locked_title")),
    h("p", { class: "note" }, t("auth.locked_intro", { name: ctx.session?.user?.display_name ?? "" })),
    banner,
    field("unlock-password", t("auth.password"), pass),
    h("div", { class: "actions" }, submit, h("button", { type: "button", class: "link", id: "btn-unlock-sign-out", onclick: () => void signOut() }, t("auth.sign_out"))),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    showBanner(banner, null);
    try {
      ctx.session = await api.unlockSession(pass.value);
      clock.touch(Date.now());
      closeOverlay(true);
    } catch (e) {
      const err = e as ApiError;
      showBanner(banner, err);
      pass.value = "";
      pass.focus();
      submit.disabled = false;
      if (err.code === "not_signed_in") void signOut();
    }
  });
  overlay = h("div", { class: "lock-overlay", id: "unlock-overlay", role: "dialog", "aria-modal": "true", "aria-label": t("auth.locked_title") }, form);
  document.body.appendChild(overlay);
  pass.focus();
  return p;
}

sessionHooks.locked = waitForUnlock;
sessionHooks.signedOut = () => {
  if (ctx.session) ctx.session = { ...ctx.session, user: null, locked: false };
  closeOverlay(false);
  onSignedOut();
};
