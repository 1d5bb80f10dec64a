// 登录 and 创建系统管理员 (the first user, signed in at once), and the role
// boxes the users card shares.
import { createFirstAdmin, signIn, type Role } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, field, h } from "../../lib/dom";
import { clearFieldErrors, clearOnInput, dashedId, fieldError, showError } from "../../lib/fields";
import { t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { orderedRoles, ROLES } from "./logic";

export function roleLabel(r: Role): string {
  return t(`urole.${r}` as MsgKey);
}

const input = (id: string, type = "text", autocomplete = "off") => h("input", { id, type, autocomplete, spellcheck: "false" });

/** Role checkboxes `${prefix}-role-<code>`; with `fixedAdmin` the admin box is ticked and cannot be cleared. */
export function roleBoxes(prefix: string, ticked: readonly Role[], fixedAdmin = false): HTMLElement {
  return h(
    "div",
    { class: "role-boxes", id: `${prefix}-roles`, role: "group", tabindex: "-1" },
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

export function tickedRoles(box: HTMLElement, keepAdmin = false): Role[] {
  return orderedRoles(
    Array.from(box.querySelectorAll<HTMLInputElement>("input[type=checkbox]"))
      .filter((c) => c.checked)
      .map((c) => c.value),
    keepAdmin,
  );
}

/** The page around the sign-in forms: the office's name, the app's, a title. */
export function authPage(titleKey: MsgKey, ...body: (Node | null)[]): HTMLElement {
  const office = store.state.info?.office.name ?? "";
  document.title = office ? `${office} · ${t("app.title")}` : t("app.title");
  return h(
    "div",
    { class: "auth-page" },
    h(
      "div",
      { class: "auth-card card" },
      h("div", { class: "auth-office", id: "auth-office" }, office),
      h("div", { class: "auth-app muted" }, t("app.title")),
      h("h1", {}, t(titleKey)),
      ...body,
    ),
  );
}

/** 登录: username and password; the core's one message on failure. */
export function mountSignIn(root: HTMLElement): void {
  clear(root);
  const banner = bannerEl("sign-in-error");
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
      store.setSession(await signIn({ username: user.value.trim(), password: pass.value }));
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

/** 创建系统管理员: the first user; all five roles ticked (admin cannot be cleared); signed in at once. */
export function mountCreateAdmin(root: HTMLElement, olderRegister: boolean): void {
  clear(root);
  const banner = bannerEl("admin-error");
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
      store.setSession(
        await createFirstAdmin({ username: username.value.trim(), display_name: name.value.trim(), password: pass.value, roles: tickedRoles(roles, true) }),
      );
    } catch (e) {
      if (!showError(banner, e as ApiError, (p) => dashedId("admin", p))) username.focus();
      submit.disabled = false;
    }
  });
  root.appendChild(authPage("auth.admin_title", form));
  username.focus();
}
