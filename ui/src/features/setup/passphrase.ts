// 登记簿已加密: the app started on an encrypted register. One passphrase
// field and 打开; a wrong passphrase is said under the field and the
// screen stays. Nothing else is asked of the core before this.
import { platform } from "../../api/platform";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, field, h } from "../../lib/dom";
import { clearFieldErrors, clearOnInput, fieldError } from "../../lib/fields";
import { t } from "../../lib/i18n";
import { authPage } from "../session/view";

/** `message` is the shell's db_needs_key message (it names the file). */
export function mountRegisterPassphrase(root: HTMLElement, message: string, opened: () => void): void {
  clear(root);
  const banner = bannerEl("register-passphrase-banner");
  const pass = h("input", { id: "register-passphrase", type: "password", autocomplete: "current-password", spellcheck: "false" });
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
      const status = await platform().openRegister(pass.value);
      if (status.open) {
        opened();
        return;
      }
      if (status.error) showBanner(banner, status.error);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "db_key_wrong") fieldError("register-passphrase", err.message);
      else showBanner(banner, err);
    }
    pass.value = "";
    pass.focus();
    submit.disabled = false;
    submit.textContent = t("enc.open");
  });
  root.appendChild(authPage("enc.locked_title", form));
  pass.focus();
}
