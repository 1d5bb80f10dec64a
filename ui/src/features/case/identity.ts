// 投诉（举报）人身份已隐藏: the notice on a case whose complainant is masked
// for this user, and — for those the office lets reveal — the form asking
// why before showing the identity once (the reason goes into the audit trail).
import { revealIdentity, type CaseView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { showBanner } from "../../lib/banner";
import { clear, field, h } from "../../lib/dom";
import { clearFieldErrors, clearOnInput, fieldError, plainId, showError } from "../../lib/fields";
import { t } from "../../lib/i18n";

export function identityNotice(c: CaseView, banner: HTMLElement, revealed: (c: CaseView) => void): HTMLElement {
  const slot = h("div", { class: "reveal-slot" });
  const open = h("button", { type: "button", class: "secondary", id: "btn-reveal-identity" }, t("identity.reveal"));
  open.addEventListener("click", () => {
    if (slot.firstChild) {
      clear(slot);
      return;
    }
    const reason = h("textarea", { id: "reveal-reason", rows: 2, maxlength: "200" });
    const send = h("button", { type: "submit", class: "primary", id: "btn-reveal-submit" }, t("identity.reveal_submit"));
    const form = h(
      "form",
      { class: "reveal-form", novalidate: true },
      field("reveal-reason", t("identity.reason"), reason, { required: true, wide: true }),
      h("div", { class: "actions" }, send, h("button", { type: "button", class: "ghost", id: "btn-reveal-cancel", onclick: () => clear(slot) }, t("common.cancel"))),
    );
    clearOnInput(form);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (send.disabled) return;
      clearFieldErrors(form);
      showBanner(banner, null);
      if (!reason.value.trim()) {
        fieldError("reveal-reason", t("identity.reason_required"));
        reason.focus();
        return;
      }
      send.disabled = true;
      try {
        revealed(await revealIdentity({ case_id: c.id, version: null, input: { reason: reason.value.trim() } }));
      } catch (e) {
        showError(banner, e as ApiError, (p) => (p === "reason" ? plainId("reveal", p) : null));
        send.disabled = false;
      }
    });
    slot.appendChild(form);
    reason.focus();
  });
  const mayReveal = c.allowed.operations.includes("reveal_identity");
  return h(
    "section",
    { class: "identity-notice", id: "identity-masked", role: "note" },
    h("div", { class: "identity-text" }, h("strong", {}, t("identity.masked")), h("p", { class: "small" }, t(mayReveal ? "identity.masked_note" : "identity.masked_no_reveal"))),
    mayReveal ? open : null,
    slot,
  );
}
