// 登记簿已加密 (the passphrase screen at start-up) and 设置 → 登记簿加密
// (administrator): encrypt the register, or change its passphrase.
import { api, type ApiError, type AppInfo } from "./api";
import { ctx, showBanner } from "./app";
import { clear, field, h } from "./dom";
import { encryptionLabels, MIN_PASSPHRASE_CHARS, passphraseProblem } from "./encryption";
import { t } from "./i18n";
import { authPage, clearFieldErrors, clearOnInput, fieldError, showFieldErrors } from "./session";

const secret = (id: string, autocomplete: string) => h("input", { id, type: "password", autocomplete, spellcheck: "false" });

/** The app started on an encrypted register: one passphrase field and 打开.
 *  `message` is the backend's db_needs_key message (it names the file). A
 *  wrong passphrase shows its message under the field and keeps the screen. */
export function mountRegisterPassphrase(root: HTMLElement, message: string, opened: (info: AppInfo) => void): void {
  clear(root);
  const banner = h("div", { class: "banner error", id: "register-passphrase-banner", role: "alert", hidden: true });
  const pass = secret("register-passphrase", "current-password");
  const submit = h("button", { type: "submit", class: "primary wide-button", id: "btn-open-register" }, t("enc.open"));
  const form = h(
    "form",
    { class: "auth-form", novalidate: true, id: "register-passphrase-form" },
    h("p", { class: "note", id: "register-passphrase-intro" }, message || t("enc.needs_key")),
    banner,
    field("register-passphrase", t("enc.passphrase"), pass),
    h("div", { class: "actions" }, submit),
    h("p", { class: "muted small" }, t("enc.open_hint")),
  );
  clearOnInput(form);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    showBanner(banner, null);
    clearFieldErrors(form);
    if (!pass.value) {
      fieldError("register-passphrase", t("enc.required"));
      pass.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t("enc.opening");
    try {
      opened(await api.openEncryptedRegister(pass.value));
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "db_key_wrong") fieldError("register-passphrase", err.message);
      else showBanner(banner, err);
      pass.value = "";
      pass.focus();
      submit.disabled = false;
      submit.textContent = t("enc.open");
    }
  });
  root.appendChild(authPage("enc.locked_title", form));
  pass.focus();
}

/** 登记簿加密: what it does, the state now, passphrase and repeat. */
export function encryptionCard(): HTMLElement {
  const banner = h("div", { class: "banner error", id: "enc-error", role: "alert", hidden: true });
  const status = h("div", { class: "ok-status", id: "enc-status", "aria-live": "polite", hidden: true });
  const state = h("span", { class: "badge", id: "enc-state" });
  const pass = secret("enc-passphrase", "new-password");
  const pass2 = secret("enc-passphrase2", "new-password");
  const submit = h("button", { type: "submit", class: "primary", id: "btn-encrypt" });
  const render = () => {
    const l = encryptionLabels(ctx.info);
    state.textContent = t(l.state);
    state.dataset.encrypted = String(!!ctx.info?.encrypted);
    state.classList.toggle("enc-on", !!ctx.info?.encrypted);
    submit.textContent = t(l.button);
  };
  const form = h(
    "form",
    { class: "card", id: "settings-encryption", novalidate: true },
    h("h2", {}, t("enc.title")),
    h("p", { class: "note" }, t("enc.intro")),
    h("p", { class: "enc-state-line" }, t("enc.state"), " ", state),
    banner,
    h(
      "div",
      { class: "grid" },
      field("enc-passphrase", t("enc.new_passphrase"), pass, { extra: h("div", { class: "muted small" }, t("enc.hint", { n: MIN_PASSPHRASE_CHARS })) }),
      field("enc-passphrase2", t("enc.repeat"), pass2),
    ),
    h("div", { class: "actions" }, submit, status),
  );
  render();
  clearOnInput(form);
  form.addEventListener("input", () => (status.hidden = true));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    showBanner(banner, null);
    clearFieldErrors(form);
    status.hidden = true;
    const problem = passphraseProblem(pass.value, pass2.value);
    if (problem) {
      const id = problem.field === "passphrase" ? "enc-passphrase" : "enc-passphrase2";
      fieldError(id, t(problem.key));
      (problem.field === "passphrase" ? pass : pass2).focus();
      return;
    }
    const l = encryptionLabels(ctx.info);
    submit.disabled = true;
    submit.textContent = t(l.busy);
    try {
      ctx.info = await api.setRegisterPassphrase(pass.value);
      pass.value = "";
      pass2.value = "";
      status.textContent = t(l.done);
      status.hidden = false;
    } catch (e) {
      const err = e as ApiError;
      const first = showFieldErrors("enc", err);
      if (!first || err.fields.length !== 1) showBanner(banner, err);
      (first ?? pass).focus();
    } finally {
      submit.disabled = false;
      render();
    }
  });
  return form;
}
