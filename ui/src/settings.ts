// 设置: language and the document font.
import { api, type ApiError, type CalendarFile, type Lang, type RewardPresetId, type Settings } from "./api";
import { ctx, showBanner } from "./app";
import { append, h, select } from "./dom";
import { parseCalendarJson } from "./handling";
import { getLang, label, setLang, t } from "./i18n";

/** The shipped reward schemes (set_reward_preset ids). */
export const REWARD_PRESETS: readonly RewardPresetId[] = ["enterprise", "market_regulation_2021"];

function range(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`;
}

/** The years of the working calendar, newest first. */
function calendarYears(file: CalendarFile): HTMLElement[] {
  const years = Object.keys(file.years).sort().reverse();
  if (!years.length) return [h("p", { class: "muted" }, t("calendar.none"))];
  return years.map((y) => {
    const a = file.years[y];
    return h(
      "div",
      { class: "calendar-year", "data-year": y, id: `calendar-year-${y}` },
      h("h3", { class: "sub" }, t("calendar.year", { year: y }), a.source ? h("span", { class: "muted small" }, ` · ${t("calendar.source")}${getLang() === "en" ? ": " : "："}${a.source}`) : null),
      h(
        "dl",
        { class: "kv-grid" },
        h(
          "div",
          { class: "kv wide" },
          h("dt", {}, t("calendar.off")),
          h("dd", {}, a.off.length ? h("ul", { class: "inline-list" }, a.off.map((o) => h("li", {}, `${o.name} ${range(o.from, o.to)}`))) : t("common.none")),
        ),
        h(
          "div",
          { class: "kv wide" },
          h("dt", {}, t("calendar.workdays")),
          h("dd", {}, a.workdays.length ? h("ul", { class: "inline-list" }, a.workdays.map((d) => h("li", {}, d))) : t("common.none")),
        ),
      ),
    );
  });
}

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

  // 举报奖励制度: which reward rules the reward card uses.
  const rewardBanner = h("div", { class: "banner error", id: "reward-preset-error", role: "alert", hidden: true });
  const rewardStatus = h("div", { class: "ok-status", id: "reward-preset-status", "aria-live": "polite", hidden: true });
  const rewardPreset = select(
    { id: "settings-reward-preset", disabled: true },
    REWARD_PRESETS.map((p) => ({ value: p, label: label("rpreset", p) })),
    "enterprise",
  );
  let currentPreset = "";
  rewardPreset.addEventListener("change", async () => {
    showBanner(rewardBanner, null);
    rewardStatus.hidden = true;
    rewardPreset.disabled = true;
    try {
      const p = await api.setRewardPreset(rewardPreset.value as RewardPresetId);
      currentPreset = p.preset;
      rewardPreset.value = p.preset;
      rewardStatus.textContent = t("settings.reward_saved");
      rewardStatus.hidden = false;
    } catch (e) {
      rewardPreset.value = currentPreset;
      showBanner(rewardBanner, e as ApiError);
    } finally {
      rewardPreset.disabled = false;
    }
  });

  const calBanner = h("div", { class: "banner error", id: "calendar-error", role: "alert", hidden: true });
  const calStatus = h("div", { class: "ok-status", id: "calendar-status", "aria-live": "polite", hidden: true });
  const calList = h("div", { id: "calendar-years" }, h("div", { class: "loading" }, t("app.loading")));
  const calJson = h("textarea", {
    id: "calendar-json",
    rows: 6,
    class: "mono",
    spellcheck: "false",
    placeholder: '{"year":2027,"source":"国务院办公厅通知","off":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":[]}',
  });
  const calImport = h("button", { type: "button", class: "secondary", id: "btn-calendar-import" }, t("calendar.import"));
  calImport.addEventListener("click", async () => {
    showBanner(calBanner, null);
    calStatus.hidden = true;
    calJson.removeAttribute("aria-invalid");
    const parsed = parseCalendarJson(calJson.value);
    if (!parsed.ok) {
      calJson.setAttribute("aria-invalid", "true");
      showBanner(calBanner, { code: "validation", message: t(parsed.key, { message: parsed.message ?? "" }), fields: [] });
      return;
    }
    calImport.disabled = true;
    try {
      const file = await api.setCalendarYear(parsed.year, parsed.arrangement);
      calList.replaceChildren(...calendarYears(file));
      calStatus.textContent = t("calendar.imported", { year: parsed.year });
      calStatus.hidden = false;
    } catch (e) {
      const err = e as ApiError;
      calJson.setAttribute("aria-invalid", "true");
      showBanner(calBanner, err);
      if (err.fields.length) {
        calBanner.appendChild(h("ul", { class: "banner-list" }, err.fields.map((f) => h("li", {}, `${f.field}: ${f.message}`))));
      }
    } finally {
      calImport.disabled = false;
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
    h(
      "section",
      { class: "card", id: "settings-reward" },
      h("h2", {}, t("settings.reward")),
      h("p", { class: "note" }, t("settings.reward_intro")),
      h("div", { class: "field wide" }, h("label", { for: "settings-reward-preset" }, t("settings.reward_preset")), rewardPreset),
      rewardBanner,
      rewardStatus,
    ),
    h(
      "section",
      { class: "card", id: "settings-calendar" },
      h("h2", {}, t("calendar.title")),
      h("p", { class: "note" }, t("calendar.intro")),
      calList,
      h("div", { class: "field wide" }, h("label", { for: "calendar-json" }, t("calendar.json")), calJson),
      calBanner,
      h("div", { class: "actions" }, calImport, calStatus),
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
    .rewardPolicy()
    .then((p) => {
      if (!live) return;
      currentPreset = p.preset;
      rewardPreset.value = p.preset;
      rewardPreset.disabled = false;
    })
    .catch((e: ApiError) => live && showBanner(rewardBanner, e));
  api
    .getCalendar()
    .then((f) => live && calList.replaceChildren(...calendarYears(f)))
    .catch((e: ApiError) => {
      if (!live) return;
      calList.replaceChildren();
      showBanner(calBanner, e);
    });
  api
    .getSettings()
    .then((s) => live && show(s))
    .catch((e: ApiError) => live && showBanner(banner, e));
  return () => {
    live = false;
  };
}
