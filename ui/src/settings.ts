// 设置: language and the document font.
import { api, type ApiError, type Lang, type Settings } from "./api";
import { ctx, showBanner } from "./app";
import { append, h, select } from "./dom";
import { getLang, setLang, t } from "./i18n";

/** `relabel` re-renders the app after the language changed. */
export function mountSettings(main: HTMLElement, relabel: () => void): () => void {
  let live = true;
  const banner = h("div", { class: "banner error", id: "settings-error", role: "alert", hidden: true });
  const status = h("div", { class: "ok-status", id: "settings-status", "aria-live": "polite", hidden: true });
  const lang = select(
    { id: "settings-lang" },
    [
      { value: "zh-CN", label: "简体中文" },
      { value: "en", label: "English" },
    ],
    getLang(),
  );
  const fontPath = h("input", { id: "settings-font-path", type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
  const fontIndex = h("input", { id: "settings-font-index", type: "number", min: "0", step: "1", value: "0" });
  const found = h("dd", { id: "settings-found-font", class: "mono" }, "…");
  const save = h("button", { type: "button", class: "primary", id: "btn-settings-save" }, t("settings.save"));

  const show = (s: Settings) => {
    fontPath.value = s.font_path;
    fontIndex.value = String(s.font_index);
    found.textContent = s.found_font ?? t("settings.no_font");
    found.classList.toggle("bad", !s.found_font);
  };

  lang.addEventListener("change", async () => {
    lang.disabled = true;
    try {
      const info = await api.setLanguage(lang.value as Lang);
      ctx.info = info;
      setLang(info.lang);
      relabel();
    } catch (e) {
      lang.value = getLang();
      lang.disabled = false;
      showBanner(banner, e as ApiError);
    }
  });

  save.addEventListener("click", async () => {
    save.disabled = true;
    showBanner(banner, null);
    status.hidden = true;
    for (const el of [fontPath, fontIndex]) el.removeAttribute("aria-invalid");
    const index = Number.parseInt(fontIndex.value || "0", 10);
    try {
      const s = await api.updateSettings({
        font_path: fontPath.value.trim(),
        font_index: Number.isFinite(index) && index >= 0 ? index : 0,
        lang: getLang(),
      });
      show(s);
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

  const info = ctx.info;
  append(main, [
    h("h1", { class: "view-title" }, t("settings.title")),
    banner,
    h(
      "section",
      { class: "card" },
      h("div", { class: "field" }, h("label", { for: "settings-lang" }, t("settings.lang")), lang),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, t("settings.font")),
      h("p", { class: "note" }, t("settings.font_intro")),
      h("dl", { class: "kv-grid" }, h("div", { class: "kv wide" }, h("dt", {}, t("settings.found_font")), found)),
      h(
        "div",
        { class: "grid" },
        h("div", { class: "field wide" }, h("label", { for: "settings-font-path" }, t("settings.font_path")), fontPath),
        h("div", { class: "field" }, h("label", { for: "settings-font-index" }, t("settings.font_index")), fontIndex),
      ),
      h("div", { class: "actions" }, save, status),
    ),
    info
      ? h(
          "section",
          { class: "card" },
          h("h2", {}, t("settings.office")),
          h(
            "dl",
            { class: "kv-grid" },
            h("div", { class: "kv" }, h("dt", {}, t("setup.office_name")), h("dd", {}, info.office.name)),
            h("div", { class: "kv" }, h("dt", {}, t("setup.address")), h("dd", {}, info.office.address || t("common.none"))),
            h("div", { class: "kv" }, h("dt", {}, t("setup.phone")), h("dd", {}, info.office.phone || t("common.none"))),
            h("div", { class: "kv" }, h("dt", {}, t("setup.preset")), h("dd", {}, ctx.policy ? `${ctx.policy.name_zh}${getLang() === "en" ? ` (${ctx.policy.name_en})` : ""}` : info.preset ?? "")),
            h("div", { class: "kv wide" }, h("dt", {}, t("app.db_path")), h("dd", { class: "mono" }, info.db_path)),
            h("div", { class: "kv" }, h("dt", {}, t("app.version")), h("dd", {}, info.version)),
          ),
        )
      : null,
  ]);

  api
    .getSettings()
    .then((s) => live && show(s))
    .catch((e: ApiError) => live && showBanner(banner, e));
  return () => {
    live = false;
  };
}
