// First run: the office's name, address, phone, policy preset and language.
import { setupOffice, type Lang } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, field, h, select } from "../../lib/dom";
import { clearFieldErrors, showError } from "../../lib/fields";
import { getLang, setLang, t } from "../../lib/i18n";
import { store } from "../../state/store";
import { setupFieldId, setupRequest, type SetupValues } from "./logic";

/** The setup screen; `done` runs once the office is set up (the app info is in the store). */
export function mountSetup(root: HTMLElement, done: () => void): void {
  const presets = store.state.info?.presets ?? [];
  const values: SetupValues = { office_name: "", address: "", phone: "", preset: presets[0]?.id ?? "" };

  const render = () => {
    clear(root);
    const banner = bannerEl("setup-error");
    const text = (key: "office_name" | "address" | "phone") =>
      h("input", {
        id: setupFieldId(key),
        type: "text",
        autocomplete: "off",
        value: values[key],
        oninput: (e: Event) => {
          values[key] = (e.target as HTMLInputElement).value;
          (e.target as HTMLElement).removeAttribute("aria-invalid");
        },
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === "Enter") e.preventDefault();
        },
      });
    const langSel = select(
      { id: "setup-lang" },
      [
        { value: "zh-CN", label: "简体中文" },
        { value: "en", label: "English" },
      ],
      getLang(),
    );
    langSel.addEventListener("change", () => {
      setLang(langSel.value as Lang);
      render();
      document.getElementById("setup-lang")?.focus();
    });
    const presetList = h(
      "div",
      { class: "preset-list", role: "radiogroup", id: "setup-preset", tabindex: "-1", "aria-labelledby": "setup-preset-label" },
      presets.map((p) =>
        h(
          "label",
          { class: "preset", for: `setup-preset-${p.id}` },
          h("input", { type: "radio", name: "preset", value: p.id, id: `setup-preset-${p.id}`, checked: values.preset === p.id, onchange: () => (values.preset = p.id) }),
          h(
            "span",
            { class: "preset-text" },
            h("strong", {}, getLang() === "en" ? p.name_en : p.name_zh),
            h("span", { class: "muted" }, getLang() === "en" ? p.description_en : p.description_zh),
          ),
        ),
      ),
    );
    const submit = h("button", { type: "button", class: "primary", id: "btn-setup" }, t("setup.submit"));
    submit.addEventListener("click", async () => {
      submit.disabled = true;
      showBanner(banner, null);
      clearFieldErrors(root);
      try {
        store.setInfo(await setupOffice(setupRequest(values, getLang())));
        done();
      } catch (e) {
        if (!showError(banner, e as ApiError, setupFieldId)) document.getElementById("setup-office-name")?.focus();
        submit.disabled = false;
      }
    });

    root.appendChild(
      h(
        "div",
        { class: "setup" },
        h("h1", {}, t("setup.title")),
        h("p", { class: "note" }, t("setup.intro")),
        banner,
        h(
          "div",
          { class: "card" },
          field("setup-office-name", t("setup.office_name"), text("office_name"), { required: true }),
          field("setup-address", t("setup.address"), text("address")),
          field("setup-phone", t("setup.phone"), text("phone")),
          h("div", { class: "field" }, h("span", { class: "label", id: "setup-preset-label" }, t("setup.preset")), presetList, h("div", { class: "field-error", id: "setup-preset-error", hidden: true })),
          field("setup-lang", t("setup.lang"), langSel),
          h("div", { class: "actions" }, submit),
        ),
      ),
    );
    document.title = t("app.title");
    document.getElementById("setup-office-name")?.focus();
  };
  render();
}
