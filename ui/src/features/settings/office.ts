// 单位信息（文书抬头）: the office's name, address and phone on the
// letterhead of documents issued from now on, and the optional logo (a PNG
// or JPEG picked through the platform and checked by the core).
import { letterheadLogoInfo, setLetterheadLogo, updateOffice, type LogoInfo } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { base64Size } from "../../lib/bytes";
import { h, onEnter } from "../../lib/dom";
import { clearFieldErrors, showError } from "../../lib/fields";
import { pickFile } from "../../lib/files";
import { t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { LOGO_EXTENSIONS, logoFileProblem, logoLine, OFFICE_FIELDS, officeField, officePayload, type OfficeField } from "./logic";

function logoRow(hub: Hub): HTMLElement {
  const banner = bannerEl("logo-error");
  const state = h("span", { id: "logo-state" }, t("settings.logo_none"));
  const status = h("div", { class: "ok-status", id: "logo-status", "aria-live": "polite", hidden: true });
  const choose = h("button", { type: "button", class: "secondary", id: "btn-logo-pick" }, t("settings.logo_pick"));
  const remove = h("button", { type: "button", id: "btn-logo-remove", hidden: true }, t("settings.logo_remove"));
  const show = (info: LogoInfo | null) => {
    const line = logoLine(info);
    state.textContent = t(line.key, line.params);
    remove.hidden = !info;
  };
  const done = (key: MsgKey) => {
    status.textContent = t(key);
    status.hidden = false;
  };
  letterheadLogoInfo()
    .then((info) => hub.alive() && show(info))
    .catch((e) => hub.alive() && showBanner(banner, e as ApiError));
  choose.addEventListener("click", async () => {
    showBanner(banner, null);
    status.hidden = true;
    choose.disabled = true;
    try {
      const file = await pickFile("logo", LOGO_EXTENSIONS);
      if (!file) return;
      const problem = logoFileProblem({ name: file.name, size: base64Size(file.bytes) });
      if (problem) {
        showBanner(banner, { code: "validation", message: t(problem), fields: [] });
        return;
      }
      const info = await setLetterheadLogo(file.bytes);
      if (!hub.alive()) return;
      show(info);
      done("settings.logo_saved");
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    } finally {
      choose.disabled = false;
    }
  });
  remove.addEventListener("click", async () => {
    showBanner(banner, null);
    try {
      show(await setLetterheadLogo(null));
      done("settings.logo_removed");
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    }
  });
  return h(
    "div",
    { class: "field", id: "settings-logo" },
    h("span", { class: "label" }, t("settings.logo")),
    h("div", { class: "actions" }, choose, state, remove),
    h("div", { class: "note", id: "logo-hint" }, t("settings.logo_hint")),
    banner,
    status,
  );
}

export function officeCard(hub: Hub): HTMLElement {
  const banner = bannerEl("office-error");
  const status = h("div", { class: "ok-status", id: "office-status", "aria-live": "polite", hidden: true });
  const save = h("button", { type: "button", class: "primary", id: "btn-office-save" }, t("settings.office_save"));
  const inputs = {} as Record<OfficeField, HTMLInputElement>;
  const labels: Record<OfficeField, string> = { name: t("setup.office_name"), address: t("setup.address"), phone: t("setup.phone") };
  const fields = OFFICE_FIELDS.map((f) => {
    const input = h("input", {
      id: `office-${f}-input`,
      type: f === "phone" ? "tel" : "text",
      autocomplete: "off",
      value: store.state.info?.office[f] ?? "",
      oninput: () => {
        input.removeAttribute("aria-invalid");
        const err = document.getElementById(`office-${f}-input-error`);
        if (err) err.hidden = true;
        status.hidden = true;
      },
      onkeydown: onEnter(() => save.click()),
    });
    inputs[f] = input;
    return h(
      "div",
      { class: "field" + (f === "address" ? " wide" : ""), "data-field": f },
      h("label", { for: input.id }, labels[f], f === "name" ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
      input,
      h("div", { class: "field-error", id: `office-${f}-input-error`, role: "alert", hidden: true }),
    );
  });
  const card = h(
    "section",
    { class: "card", id: "settings-office" },
    h("h2", {}, t("settings.office_edit")),
    h("p", { class: "note" }, t("settings.office_intro")),
    h("div", { class: "grid" }, fields),
    banner,
    h("div", { class: "actions" }, save, status),
    logoRow(hub),
  );
  save.addEventListener("click", async () => {
    if (save.disabled) return;
    showBanner(banner, null);
    clearFieldErrors(card.querySelector(".grid") ?? card);
    status.hidden = true;
    save.disabled = true;
    try {
      const office = await updateOffice(officePayload({ name: inputs.name.value, address: inputs.address.value, phone: inputs.phone.value }));
      // The app's state and the header follow even if the view was left meanwhile.
      const info = store.state.info;
      if (info) store.setInfo({ ...info, office });
      if (!hub.alive()) return;
      for (const f of OFFICE_FIELDS) inputs[f].value = office[f];
      status.textContent = t("settings.office_saved");
      status.hidden = false;
    } catch (e) {
      if (hub.alive()) showError(banner, e as ApiError, (p) => (officeField(p) ? `office-${officeField(p)}-input` : null));
    } finally {
      save.disabled = false;
    }
  });
  return card;
}
