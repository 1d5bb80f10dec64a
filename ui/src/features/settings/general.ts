// The smaller settings cards: the language (the seat's, and the office's
// default), the document font, the reward scheme, and about the register.
import { rewardPolicy, setLanguage, setRewardPreset, updateSettings, type Lang } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h, select } from "../../lib/dom";
import { getLang, label, setLang, t } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { settingsPayload } from "./logic";

/** The shipped reward schemes (set_reward_preset ids). */
export const REWARD_PRESETS = ["enterprise", "market_regulation_2021"] as const;

export function languageCard(hub: Hub, banner: HTMLElement): HTMLElement {
  const lang = select(
    { id: "settings-lang" },
    [
      { value: "zh-CN", label: "简体中文" },
      { value: "en", label: "English" },
    ],
    getLang(),
  );
  lang.addEventListener("change", async () => {
    lang.disabled = true;
    const chosen = lang.value as Lang;
    try {
      const s = await setLanguage(chosen);
      // Also the office's default, so the app starts in it next time.
      const loaded = hub.loaded();
      if (loaded) hub.saved(await updateSettings(settingsPayload(loaded, chosen)));
      setLang(s.lang);
      store.setSession(s);
      store.setLang(s.lang);
    } catch (e) {
      lang.value = getLang();
      lang.disabled = false;
      showBanner(banner, e as ApiError);
    }
  });
  return h("section", { class: "card" }, h("div", { class: "field" }, h("label", { for: "settings-lang" }, t("settings.lang")), lang));
}

export function fontCard(hub: Hub): HTMLElement {
  const banner = bannerEl("settings-error");
  const status = h("div", { class: "ok-status", id: "settings-status", "aria-live": "polite", hidden: true });
  const fontPath = h("input", { id: "settings-font-path", type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
  const fontIndex = h("input", { id: "settings-font-index", type: "number", min: "0", step: "1", value: "0" });
  const found = h("dd", { id: "settings-found-font", class: "mono" }, "…");
  const save = h("button", { type: "button", class: "primary", id: "btn-settings-save", disabled: true }, t("settings.save"));
  hub.onSettings((s) => {
    fontPath.value = s.font_path;
    fontIndex.value = String(s.font_index);
    found.textContent = s.found_font ?? t("settings.no_font");
    found.classList.toggle("bad", !s.found_font);
    save.disabled = false;
  });
  save.addEventListener("click", async () => {
    const loaded = hub.loaded();
    if (!loaded) return;
    save.disabled = true;
    showBanner(banner, null);
    status.hidden = true;
    for (const el of [fontPath, fontIndex]) el.removeAttribute("aria-invalid");
    const index = Number.parseInt(fontIndex.value || "0", 10);
    try {
      hub.saved(await updateSettings(settingsPayload(loaded, getLang(), { font_path: fontPath.value.trim(), font_index: Number.isFinite(index) && index >= 0 ? index : 0 })));
      status.textContent = t("settings.saved");
      status.hidden = false;
    } catch (e) {
      const err = e as ApiError;
      showBanner(banner, err);
      if (err.code === "font_not_found" || err.code === "font_invalid") {
        fontPath.setAttribute("aria-invalid", "true");
        fontPath.focus();
      }
    } finally {
      save.disabled = false;
    }
  });
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("settings.font")),
    h("p", { class: "note" }, t("settings.font_intro")),
    banner,
    h("dl", { class: "kv-grid" }, h("div", { class: "kv wide" }, h("dt", {}, t("settings.found_font")), found)),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field wide" }, h("label", { for: "settings-font-path" }, t("settings.font_path")), fontPath),
      h("div", { class: "field" }, h("label", { for: "settings-font-index" }, t("settings.font_index")), fontIndex),
    ),
    h("div", { class: "actions" }, save, status),
  );
}

export function rewardPresetCard(hub: Hub): HTMLElement {
  const banner = bannerEl("reward-preset-error");
  const status = h("div", { class: "ok-status", id: "reward-preset-status", "aria-live": "polite", hidden: true });
  const preset = select({ id: "settings-reward-preset", disabled: true }, REWARD_PRESETS.map((p) => ({ value: p, label: label("rpreset", p) })), "enterprise");
  let current = "";
  preset.addEventListener("change", async () => {
    showBanner(banner, null);
    status.hidden = true;
    preset.disabled = true;
    try {
      const p = await setRewardPreset(preset.value);
      current = p.preset;
      preset.value = p.preset;
      status.textContent = t("settings.reward_saved");
      status.hidden = false;
    } catch (e) {
      preset.value = current;
      showBanner(banner, e as ApiError);
    } finally {
      preset.disabled = false;
    }
  });
  rewardPolicy()
    .then((p) => {
      if (!hub.alive()) return;
      current = p.preset;
      preset.value = p.preset;
      preset.disabled = false;
    })
    .catch((e: ApiError) => hub.alive() && showBanner(banner, e));
  return h(
    "section",
    { class: "card", id: "settings-reward" },
    h("h2", {}, t("settings.reward")),
    h("p", { class: "note" }, t("settings.reward_intro")),
    h("div", { class: "field wide" }, h("label", { for: "settings-reward-preset" }, t("settings.reward_preset")), preset),
    banner,
    status,
  );
}

export function aboutCard(): HTMLElement | null {
  const info = store.state.info;
  const policy = store.state.policy;
  if (!info) return null;
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("settings.office")),
    h(
      "dl",
      { class: "kv-grid" },
      h("div", { class: "kv" }, h("dt", {}, t("setup.preset")), h("dd", {}, policy ? `${policy.name_zh}${getLang() === "en" ? ` (${policy.name_en})` : ""}` : info.preset ?? "")),
      h("div", { class: "kv wide" }, h("dt", {}, t("app.db_path")), h("dd", { class: "mono" }, info.db_path)),
      h("div", { class: "kv" }, h("dt", {}, t("app.version")), h("dd", {}, info.version)),
    ),
  );
}
