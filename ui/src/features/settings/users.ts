// 用户与角色: the office's users, adding one, and changing one's name,
// roles, password or whether the account is in use.
import { createUser, listUsers, updateUser, type UserView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, field, h, shortTime } from "../../lib/dom";
import { clearFieldErrors, clearOnInput, dashedId, fieldError, showError } from "../../lib/fields";
import { t } from "../../lib/i18n";
import { ROLES } from "../session/logic";
import { roleBoxes, roleLabel, tickedRoles } from "../session/view";

const text = (id: string, type = "text") => h("input", { id, type, autocomplete: type === "password" ? "new-password" : "off", spellcheck: "false" });

/** 用户与角色: the table of users, the add form and an edit form per user. */
export function usersCard(): HTMLElement {
  const banner = bannerEl("users-error");
  const status = h("div", { class: "ok-status", id: "users-status", "aria-live": "polite", hidden: true });
  const body = h("tbody", { id: "users-body" });
  const editSlot = h("div", { id: "user-edit-slot" });

  const say = (msg: string) => {
    status.textContent = msg;
    status.hidden = false;
  };

  const refresh = async () => {
    try {
      const users = await listUsers();
      body.replaceChildren(
        ...(users.length
          ? users.map(row)
          : [h("tr", {}, h("td", { colspan: 5, class: "muted" }, t("users.none")))]),
      );
    } catch (e) {
      showBanner(banner, e as ApiError);
    }
  };

  const row = (u: UserView) =>
    h(
      "tr",
      { class: "user-row" + (u.active ? "" : " inactive"), "data-username": u.username, "data-user-id": u.id },
      h("td", { class: "mono" }, u.username),
      h("td", {}, u.display_name),
      h("td", {}, u.roles.map(roleLabel).join("、")),
      h("td", {}, u.active ? t("users.active") : h("span", { class: "badge" }, t("users.inactive"))),
      h(
        "td",
        {},
        h("span", { class: "muted small" }, shortTime(u.created_at)),
        " ",
        h("button", { type: "button", class: "ghost-line", id: `btn-user-edit-${u.id}`, onclick: () => edit(u) }, t("users.edit")),
      ),
    );

  const edit = (u: UserView) => {
    clear(editSlot);
    const name = text("edit-display-name");
    name.value = u.display_name;
    const roles = roleBoxes("edit", u.roles);
    const active = h("input", { type: "checkbox", id: "edit-active", checked: u.active });
    const pass = text("edit-password", "password");
    const save = h("button", { type: "submit", class: "primary", id: "btn-user-save" }, t("users.save"));
    const form = h(
      "form",
      { class: "card-inner user-edit", novalidate: true, "data-user-id": u.id },
      h("h3", { class: "sub" }, t("users.edit_title", { name: u.display_name })),
      h(
        "div",
        { class: "grid" },
        field("edit-display-name", t("users.display_name"), name, { required: true }),
        field("edit-password", t("users.reset_password"), pass),
        h("div", { class: "field wide" }, h("span", { class: "label" }, t("users.roles")), roles, h("div", { class: "field-error", id: "edit-roles-error", role: "alert", hidden: true })),
        h("div", { class: "field" }, h("label", { class: "check", for: "edit-active" }, active, " ", t("users.active")), h("div", { class: "field-error", id: "edit-active-error", role: "alert", hidden: true })),
      ),
      h("div", { class: "actions" }, save, h("button", { type: "button", class: "ghost", id: "btn-user-cancel", onclick: () => clear(editSlot) }, t("common.cancel"))),
    );
    clearOnInput(form);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (save.disabled) return;
      save.disabled = true;
      clearFieldErrors(form);
      showBanner(banner, null);
      status.hidden = true;
      try {
        const saved = await updateUser({ id: u.id, display_name: name.value.trim(), roles: tickedRoles(roles), active: active.checked, password: pass.value });
        clear(editSlot);
        say(t("users.saved", { name: saved.display_name }));
        await refresh();
      } catch (e) {
        showError(banner, e as ApiError, (p) => dashedId("edit", p));
        save.disabled = false;
      }
    });
    editSlot.appendChild(form);
    name.focus();
  };

  // 添加用户
  const username = text("user-username");
  const display = text("user-display-name");
  const password = text("user-password", "password");
  const password2 = text("user-password2", "password");
  const roles = roleBoxes("user", ["clerk"]);
  const add = h("button", { type: "submit", class: "primary", id: "btn-user-add" }, t("users.add"));
  const addForm = h(
    "form",
    { class: "card-inner", id: "user-add-form", novalidate: true },
    h("h3", { class: "sub" }, t("users.add_title")),
    h(
      "div",
      { class: "grid" },
      field("user-username", t("users.username"), username, { required: true }),
      field("user-display-name", t("users.display_name"), display, { required: true }),
      field("user-password", t("auth.password"), password, { required: true }),
      field("user-password2", t("auth.password2"), password2, { required: true }),
      h("div", { class: "field wide" }, h("span", { class: "label" }, t("users.roles")), roles, h("div", { class: "field-error", id: "user-roles-error", role: "alert", hidden: true })),
    ),
    h("div", { class: "actions" }, add),
  );
  clearOnInput(addForm);
  addForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (add.disabled) return;
    clearFieldErrors(addForm);
    showBanner(banner, null);
    status.hidden = true;
    if (password.value !== password2.value) {
      fieldError("user-password2", t("auth.password_mismatch"));
      password2.focus();
      return;
    }
    add.disabled = true;
    try {
      const u = await createUser({ username: username.value.trim(), display_name: display.value.trim(), password: password.value, roles: tickedRoles(roles) });
      for (const el of [username, display, password, password2]) el.value = "";
      for (const r of ROLES) {
        const box = document.getElementById(`user-role-${r}`) as HTMLInputElement | null;
        if (box) box.checked = r === "clerk";
      }
      say(t("users.added", { name: u.display_name }));
      await refresh();
    } catch (e) {
      showError(banner, e as ApiError, (p) => dashedId("user", p));
    } finally {
      add.disabled = false;
    }
  });

  void refresh();
  return h(
    "section",
    { class: "card", id: "settings-users" },
    h("h2", {}, t("users.title")),
    h("p", { class: "note" }, t("users.intro")),
    banner,
    status,
    h(
      "table",
      { class: "plain", id: "users-table" },
      h("thead", {}, h("tr", {}, ["users.username", "users.display_name", "users.roles", "users.state", "users.created_at"].map((k) => h("th", { scope: "col" }, t(k as "users.username"))))),
      body,
    ),
    editSlot,
    addForm,
  );
}
