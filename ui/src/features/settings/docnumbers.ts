// 发文字号: the 代字 of each letter that goes out. The register numbers
// those letters itself (华示投〔2026〕12号), one series per 代字 and year,
// never reusing a number; a letter type without a 代字 takes none.
import { updateSettings } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { field, h } from "../../lib/dom";
import { clearFieldErrors, showError } from "../../lib/fields";
import { getLang, label, t } from "../../lib/i18n";
import type { Hub } from "./hub";
import { NUMBERED_LETTERS, prefixesTyped, settingsPayload } from "./logic";

export function docNumbersCard(hub: Hub): HTMLElement {
  const banner = bannerEl("docno-error");
  const status = h("div", { class: "ok-status", id: "docno-status", "aria-live": "polite", hidden: true });
  const inputs = NUMBERED_LETTERS.map((doc) => [doc, h("input", { id: `docno-${doc}`, type: "text", autocomplete: "off", spellcheck: "false", placeholder: t("docno.placeholder") })] as const);
  const save = h("button", { type: "button", class: "secondary", id: "btn-docno-save", disabled: true }, t("docno.save"));
  hub.onSettings((s) => {
    for (const [doc, input] of inputs) input.value = s.doc_number_prefixes[doc] ?? "";
    save.disabled = false;
  });
  save.addEventListener("click", async () => {
    const base = hub.loaded();
    if (!base) return;
    save.disabled = true;
    status.hidden = true;
    showBanner(banner, null);
    clearFieldErrors(card);
    try {
      const typed = prefixesTyped(inputs.map(([doc, input]) => [doc, input.value]));
      const s = await updateSettings(settingsPayload(base, getLang(), { doc_number_prefixes: typed }));
      hub.saved(s);
      status.textContent = t("docno.saved");
      status.hidden = false;
    } catch (e) {
      // "doc_number_prefixes.reply_letter" → #docno-reply_letter
      showError(banner, e as ApiError, (p) => `docno-${p.split(".")[1] ?? ""}`);
    } finally {
      save.disabled = false;
    }
  });
  const card = h(
    "section",
    { class: "card", id: "settings-docno" },
    h("h2", {}, t("docno.title")),
    h("p", { class: "note" }, t("docno.intro")),
    banner,
    status,
    h("div", { class: "grid" }, ...inputs.map(([doc, input]) => field(`docno-${doc}`, label("doc", doc), input))),
    h("div", { class: "actions" }, save),
  );
  return card;
}
