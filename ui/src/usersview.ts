// 设置 → 用户与角色 and 个人信息 (administrator only): users, personal-data
// export, anonymisation of cases past retention, idle lock and retention settings.
import { api, type AnonymisationDue, type ApiError, type Settings, type UserView } from "./api";
import { showBanner } from "./app";
import { clear, field, h, shortTime } from "./dom";
import { getLang, t } from "./i18n";
import { ROLES } from "./roles";
import { settingsPayload } from "./safety";
import { clearFieldErrors, clearOnInput, fieldError, roleBoxes, roleLabel, showFieldErrors, tickedRoles } from "./session";

const text = (id: string, type = "text") => h("input", { id, type, autocomplete: type === "password" ? "new-password" : "off", spellcheck: "false" });

/** 用户与角色: the table of users, the add form and an edit form per user. */
export function usersCard(): HTMLElement {
  const banner = h("div", { class: "banner error", id: "users-error", role: "alert", hidden: true });
  const status = h("div", { class: "ok-status", id: "users-status", "aria-live": "polite", hidden: true });
  const body = h("tbody", { id: "users-body" });
  const editSlot = h("div", { id: "user-edit-slot" });

  const say = (msg: string) => {
    status.textContent = msg;
    status.hidden = false;
  };

  const refresh = async () => {
    try {
      const users = await api.listUsers();
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
        const saved = await api.updateUser(u.id, { display_name: name.value.trim(), roles: tickedRoles(roles), active: active.checked, password: pass.value });
        clear(editSlot);
        say(t("users.saved", { name: saved.display_name }));
        await refresh();
      } catch (e) {
        const err = e as ApiError;
        if (!showFieldErrors("edit", err) || !err.fields.length) showBanner(banner, err);
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
      const u = await api.createUser({ username: username.value.trim(), display_name: display.value.trim(), password: password.value, roles: tickedRoles(roles) });
      for (const el of [username, display, password, password2]) el.value = "";
      for (const r of ROLES) {
        const box = document.getElementById(`user-role-${r}`) as HTMLInputElement | null;
        if (box) box.checked = r === "clerk";
      }
      say(t("users.added", { name: u.display_name }));
      await refresh();
    } catch (e) {
      const err = e as ApiError;
      const first = showFieldErrors("user", err);
      if (!first || !err.fields.length) showBanner(banner, err);
      first?.focus();
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

/** 个人信息: lock/retention settings, the personal-data export and anonymisation. */
export function privacyCard(loaded: () => Settings | null, saved: (s: Settings) => void): { el: HTMLElement; fill: (s: Settings) => void } {
  const banner = h("div", { class: "banner error", id: "privacy-error", role: "alert", hidden: true });
  const status = h("div", { class: "ok-status", id: "privacy-status", "aria-live": "polite", hidden: true });
  const idle = h("input", { id: "settings-idle-lock-minutes", type: "number", min: "1", max: "240", step: "1" });
  const retention = h("input", { id: "settings-retention-years", type: "number", min: "1", max: "50", step: "1" });
  const save = h("button", { type: "button", class: "secondary", id: "btn-privacy-save", disabled: true }, t("privacy.save"));
  const fill = (s: Settings) => {
    idle.value = String(s.idle_lock_minutes);
    retention.value = String(s.retention_years);
    save.disabled = false;
  };
  save.addEventListener("click", async () => {
    const base = loaded();
    if (!base) return;
    save.disabled = true;
    status.hidden = true;
    showBanner(banner, null);
    clearFieldErrors(card);
    try {
      const s = await api.updateSettings(
        settingsPayload(base, getLang(), { idle_lock_minutes: Number.parseInt(idle.value, 10) || 0, retention_years: Number.parseInt(retention.value, 10) || 0 }),
      );
      saved(s);
      status.textContent = t("privacy.saved");
      status.hidden = false;
      void refreshDue();
    } catch (e) {
      const err = e as ApiError;
      if (!showFieldErrors("settings", err) || !err.fields.length) showBanner(banner, err);
    } finally {
      save.disabled = false;
    }
  });

  const pdName = text("pd-name");
  const pdPhone = text("pd-phone", "tel");
  const pdStatus = h("div", { class: "ok-status", id: "pd-status", "aria-live": "polite", hidden: true });
  const pdExport = h("button", { type: "button", class: "primary", id: "btn-pd-export" }, t("privacy.export"));
  pdExport.addEventListener("click", async () => {
    pdExport.disabled = true;
    pdStatus.hidden = true;
    showBanner(banner, null);
    clearFieldErrors(card);
    try {
      const r = await api.exportPersonalData(pdName.value.trim(), pdPhone.value.trim());
      if (r) {
        pdStatus.textContent = t("privacy.exported", { path: r.path });
        pdStatus.hidden = false;
      }
    } catch (e) {
      const err = e as ApiError;
      if (!showFieldErrors("pd", err) || !err.fields.length) showBanner(banner, err);
    } finally {
      pdExport.disabled = false;
    }
  });

  const dueBody = h("div", { id: "anon-due" });
  const dueRow = (d: AnonymisationDue) => {
    const slot = h("div", { class: "anon-confirm" });
    const btn = h("button", { type: "button", class: "secondary", id: `btn-anon-${d.id}`, "data-number": d.number }, t("privacy.anonymise"));
    btn.addEventListener("click", () => {
      if (slot.firstChild) {
        clear(slot);
        return;
      }
      const typed = h("input", { id: `anon-confirm-${d.id}`, type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
      const go = h("button", { type: "button", class: "danger", id: `btn-anon-confirm-${d.id}` }, t("privacy.confirm"));
      go.addEventListener("click", async () => {
        go.disabled = true;
        showBanner(banner, null);
        try {
          await api.anonymiseCase(d.id, typed.value.trim());
          status.textContent = t("privacy.anonymised", { number: d.number });
          status.hidden = false;
          await refreshDue();
        } catch (e) {
          showBanner(banner, e as ApiError);
          go.disabled = false;
        }
      });
      slot.append(h("label", { for: typed.id }, t("privacy.confirm_label", { number: d.number })), typed, go);
      typed.focus();
    });
    return h(
      "li",
      { class: "anon-item", "data-number": d.number },
      h("span", { class: "mono" }, d.number),
      h("span", { class: "muted small" }, ` ${t("privacy.archived_at")} ${shortTime(d.archived_at)} · ${t("privacy.retention_ends")} ${d.retention_ends} `),
      btn,
      slot,
    );
  };
  const refreshDue = async () => {
    try {
      const due = await api.anonymisationDue();
      dueBody.replaceChildren(due.length ? h("ul", { class: "anon-list", id: "anon-list" }, due.map(dueRow)) : h("p", { class: "muted", id: "anon-none" }, t("privacy.due_none")));
    } catch (e) {
      showBanner(banner, e as ApiError);
    }
  };
  void refreshDue();

  const card = h(
    "section",
    { class: "card", id: "settings-privacy" },
    h("h2", {}, t("privacy.title")),
    h("p", { class: "note" }, t("privacy.intro")),
    banner,
    status,
    h(
      "div",
      { class: "grid" },
      field("settings-idle-lock-minutes", t("privacy.idle_lock"), idle),
      field("settings-retention-years", t("privacy.retention"), retention),
    ),
    h("div", { class: "actions" }, save),
    h("h3", { class: "sub" }, t("privacy.export_title")),
    h("div", { class: "grid" }, field("pd-name", t("privacy.name"), pdName), field("pd-phone", t("privacy.phone"), pdPhone)),
    h("div", { class: "actions" }, pdExport, pdStatus),
    h("h3", { class: "sub" }, t("privacy.due_title")),
    dueBody,
  );
  return { el: card, fill };
}
