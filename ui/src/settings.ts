// 设置: language, office details (letterhead and logo), the document font, data safety, register encryption, rewards, deadline rules, calendar.
import { api, type ApiError, type BackupFile, type CalendarFile, type DeadlineRule, type Lang, type LogoInfo, type Policy, type RewardPresetId, type Settings } from "./api";
import { ctx, hooks, showBanner } from "./app";
import { buildRulesPayload, PERIOD_UNITS, periodLabel, ruleFieldErrors, type PeriodEdit } from "./deadlines";
import { append, byId, h, select, onEnter } from "./dom";
import { parseCalendarJson } from "./handling";
import { getLang, label, pick, setLang, t, type MsgKey } from "./i18n";
import { logoFileProblem, logoLine, OFFICE_FIELDS, officeFieldErrors, officePayload, type OfficeField } from "./office";
import { setIdleMinutes } from "./session";
import { privacyCard, usersCard } from "./usersview";
import { encryptionCard } from "./encryptionview";
import { auditMessage, backupDoneMessage, backupLine, baseName, parseKeep, settingsPayload } from "./safety";

/** The shipped reward schemes (set_reward_preset ids). */
export const REWARD_PRESETS: readonly RewardPresetId[] = ["enterprise", "market_regulation_2021"];

/** Shown once on the settings view the app lands on after a restore. */
let restoredNotice: string | null = null;

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
  // Disabled until the settings are loaded: update_settings replaces every
  // setting, so a save must carry the ones it does not change as loaded.
  const save = h("button", { type: "button", class: "primary", id: "btn-settings-save", disabled: true }, t("settings.save"));
  let loaded: Settings | null = null;

  // 数据安全: backup folder, how many daily backups to keep, backup now, restore, audit check.
  const backupDir = h("input", {
    id: "settings-backup-dir",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    class: "mono",
    placeholder: t("safety.dir_placeholder"),
  });
  const backupKeep = h("input", { id: "settings-backup-keep", type: "number", min: "0", step: "1", value: "30" });
  const backupSave = h("button", { type: "button", class: "secondary", id: "btn-backup-save", disabled: true }, t("safety.save"));
  const backupSaveStatus = h("div", { class: "ok-status", id: "backup-settings-status", "aria-live": "polite", hidden: true });
  const backupBanner = h("div", { class: "banner error", id: "backup-error", role: "alert", hidden: true });
  const backupStatus = h("div", { class: "ok-status", id: "backup-status", "aria-live": "polite", hidden: true });
  const backupNow = h("button", { type: "button", class: "primary", id: "btn-backup-now" }, t("safety.backup_now"));
  const backupList = h("ul", { id: "backup-list", class: "backup-list" });
  const backupNone = h("p", { class: "muted", id: "backup-list-empty", hidden: true }, t("safety.backups_none"));
  const verify = h("button", { type: "button", class: "secondary", id: "btn-verify-audit" }, t("safety.verify"));
  const auditStatus = h("div", { class: "audit-status", id: "audit-status", "aria-live": "polite", hidden: true });

  const privacy = privacyCard(
    () => loaded,
    (s) => {
      show(s);
      setIdleMinutes(s.idle_lock_minutes);
    },
  );
  const show = (s: Settings) => {
    loaded = s;
    privacy.fill(s);
    fontPath.value = s.font_path;
    fontIndex.value = String(s.font_index);
    found.textContent = s.found_font ?? t("settings.no_font");
    found.classList.toggle("bad", !s.found_font);
    backupDir.value = s.backup_dir;
    backupKeep.value = String(s.backup_keep);
    save.disabled = false;
    backupSave.disabled = false;
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
      if (!loaded) return;
      const s = await api.updateSettings(
        settingsPayload(loaded, getLang(), {
          font_path: fontPath.value.trim(),
          font_index: Number.isFinite(index) && index >= 0 ? index : 0,
        }),
      );
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

  // 单位信息（文书抬头）: the office's name, address and phone.
  const officeBanner = h("div", { class: "banner error", id: "office-error", role: "alert", hidden: true });
  const officeStatus = h("div", { class: "ok-status", id: "office-status", "aria-live": "polite", hidden: true });
  const officeSave = h("button", { type: "button", class: "primary", id: "btn-office-save", disabled: !ctx.info }, t("settings.office_save"));
  const officeInputs = {} as Record<OfficeField, HTMLInputElement>;
  const officeErrors = {} as Record<OfficeField, HTMLElement>;
  const officeLabels: Record<OfficeField, string> = { name: t("setup.office_name"), address: t("setup.address"), phone: t("setup.phone") };
  const officeFields = OFFICE_FIELDS.map((f) => {
    const input = h("input", {
      id: `office-${f}-input`,
      type: f === "phone" ? "tel" : "text",
      autocomplete: "off",
      value: ctx.info?.office[f] ?? "",
      "aria-describedby": `office-${f}-error`,
      oninput: () => {
        input.removeAttribute("aria-invalid");
        officeErrors[f].hidden = true;
        officeStatus.hidden = true;
      },
      onkeydown: onEnter(() => officeSave.click()),
    });
    const error = h("div", { class: "field-error", id: `office-${f}-error`, role: "alert", hidden: true });
    officeInputs[f] = input;
    officeErrors[f] = error;
    return h(
      "div",
      { class: "field" + (f === "address" ? " wide" : ""), "data-field": f },
      h("label", { for: input.id }, officeLabels[f], f === "name" ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
      input,
      error,
    );
  });
  const clearOfficeErrors = () => {
    showBanner(officeBanner, null);
    officeStatus.hidden = true;
    for (const f of OFFICE_FIELDS) {
      officeInputs[f].removeAttribute("aria-invalid");
      officeErrors[f].hidden = true;
      officeErrors[f].textContent = "";
    }
  };
  officeSave.addEventListener("click", async () => {
    if (officeSave.disabled) return;
    clearOfficeErrors();
    officeSave.disabled = true;
    try {
      const info = await api.updateOffice(
        officePayload({ name: officeInputs.name.value, address: officeInputs.address.value, phone: officeInputs.phone.value }),
      );
      // The app state and the header follow even if the view was left meanwhile.
      ctx.info = info;
      const header = byId("office-name");
      if (header) header.textContent = info.office.name;
      document.title = info.office.name ? `${info.office.name} · ${t("app.title")}` : t("app.title");
      if (!live) return;
      for (const f of OFFICE_FIELDS) officeInputs[f].value = info.office[f];
      officeStatus.textContent = t("settings.office_saved");
      officeStatus.hidden = false;
    } catch (e) {
      if (!live) return;
      const err = e as ApiError;
      const { byField, rest } = officeFieldErrors(err.fields);
      showBanner(officeBanner, err);
      if (rest.length) officeBanner.appendChild(h("ul", { class: "banner-list" }, rest.map((f) => h("li", {}, `${f.field}: ${f.message}`))));
      let first: HTMLInputElement | null = null;
      for (const f of OFFICE_FIELDS) {
        const msg = byField[f];
        if (!msg) continue;
        officeInputs[f].setAttribute("aria-invalid", "true");
        officeErrors[f].textContent = msg;
        officeErrors[f].hidden = false;
        first ??= officeInputs[f];
      }
      first?.focus();
    } finally {
      if (live) officeSave.disabled = false;
    }
  });
  // 抬头徽标: an optional PNG/JPEG read here and sent as bytes; the core checks it.
  const logoBanner = h("div", { class: "banner error", id: "logo-error", role: "alert", hidden: true });
  const logoState = h("span", { id: "logo-state" }, t("settings.logo_none"));
  const logoStatus = h("div", { class: "ok-status", id: "logo-status", "aria-live": "polite", hidden: true });
  const logoFile = h("input", { type: "file", id: "logo-file", accept: "image/png,image/jpeg", "aria-describedby": "logo-hint" }) as HTMLInputElement;
  const logoRemove = h("button", { type: "button", id: "btn-logo-remove", hidden: true }, t("settings.logo_remove"));
  const showLogo = (info: LogoInfo | null) => {
    const line = logoLine(info);
    logoState.textContent = t(line.key, line.params);
    logoRemove.hidden = !info;
  };
  const logoDone = (key: MsgKey) => {
    logoStatus.textContent = t(key);
    logoStatus.hidden = false;
  };
  if (ctx.info?.set_up) {
    api
      .letterheadLogoInfo()
      .then((info) => live && showLogo(info))
      .catch((e) => live && showBanner(logoBanner, e as ApiError));
  }
  logoFile.addEventListener("change", async () => {
    const file = logoFile.files?.[0];
    if (!file) return;
    showBanner(logoBanner, null);
    logoStatus.hidden = true;
    const problem = logoFileProblem(file);
    if (problem) {
      showBanner(logoBanner, { code: "validation", message: t(problem), fields: [] });
      logoFile.value = "";
      return;
    }
    try {
      const info = await api.setLetterheadLogo(new Uint8Array(await file.arrayBuffer()));
      if (!live) return;
      showLogo(info);
      logoDone("settings.logo_saved");
    } catch (e) {
      if (live) showBanner(logoBanner, e as ApiError);
    } finally {
      if (live) logoFile.value = "";
    }
  });
  logoRemove.addEventListener("click", async () => {
    showBanner(logoBanner, null);
    try {
      showLogo(await api.setLetterheadLogo(null));
      logoDone("settings.logo_removed");
    } catch (e) {
      if (live) showBanner(logoBanner, e as ApiError);
    }
  });
  const logoRow = h(
    "div",
    { class: "field", id: "settings-logo" },
    h("label", { for: logoFile.id }, t("settings.logo")),
    h("div", { class: "actions" }, logoFile, logoState, logoRemove),
    h("div", { class: "note", id: "logo-hint" }, t("settings.logo_hint")),
    logoBanner,
    logoStatus,
  );
  const officeCard = h(
    "section",
    { class: "card", id: "settings-office" },
    h("h2", {}, t("settings.office_edit")),
    h("p", { class: "note" }, t("settings.office_intro")),
    h("div", { class: "grid" }, officeFields),
    officeBanner,
    h("div", { class: "actions" }, officeSave, officeStatus),
    logoRow,
  );

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

  // ---- 数据安全 ----
  let busy = false;
  const setBusy = (on: boolean) => {
    busy = on;
    backupNow.disabled = on;
    verify.disabled = on;
    for (const b of Array.from(backupList.querySelectorAll<HTMLButtonElement>(".btn-restore"))) b.disabled = on;
  };
  const clearBackupMessages = () => {
    showBanner(backupBanner, null);
    backupStatus.hidden = true;
    backupSaveStatus.hidden = true;
  };

  const renderBackups = (files: BackupFile[]) => {
    backupList.replaceChildren(
      ...files.map((f) =>
        h(
          "li",
          { "data-file": f.file, class: "backup-item" },
          h("span", { class: "backup-name mono", title: f.file }, backupLine(f)),
          h(
            "button",
            { type: "button", class: "secondary small btn-restore", disabled: busy, onclick: () => void restore(f.file) },
            t("safety.restore"),
          ),
        ),
      ),
    );
    backupNone.hidden = files.length > 0;
  };
  const refreshBackups = async () => {
    try {
      const files = await api.listBackups();
      if (live) renderBackups(files);
    } catch (e) {
      if (live) showBanner(backupBanner, e as ApiError);
    }
  };

  /** A refused or failed restore: the backend's message, why, and that nothing changed. */
  const showRestoreError = (err: ApiError) => {
    backupBanner.replaceChildren(h("div", { class: "banner-message" }, t("safety.restore_failed", { message: err.message })));
    if (err.code === "db_corrupt") backupBanner.appendChild(h("div", { class: "banner-hint" }, t("safety.restore_corrupt")));
    if (err.code === "db_too_new") backupBanner.appendChild(h("div", { class: "banner-hint" }, t("safety.restore_too_new")));
    backupBanner.appendChild(h("div", { class: "banner-hint", id: "backup-unchanged" }, t("safety.restore_unchanged")));
    backupBanner.hidden = false;
  };

  const restore = async (file: string) => {
    if (busy || !window.confirm(t("safety.restore_confirm"))) return;
    clearBackupMessages();
    setBusy(true);
    try {
      const info = await api.restoreBackup(file);
      ctx.info = info;
      setLang(info.lang);
      restoredNotice = t("safety.restored", { name: baseName(file) });
    } catch (e) {
      if (live) {
        setBusy(false);
        showRestoreError(e as ApiError);
      }
      return;
    }
    // The register now open is another one: start over as the app does at
    // launch (office, policy, cases, due count) and come back here.
    await hooks.restart({ view: "settings" });
  };

  backupNow.addEventListener("click", async () => {
    if (busy) return;
    clearBackupMessages();
    setBusy(true);
    backupNow.textContent = t("safety.backing_up");
    try {
      const r = await api.backupNow();
      if (!live) return;
      backupStatus.textContent = backupDoneMessage(r);
      backupStatus.hidden = false;
      await refreshBackups();
    } catch (e) {
      if (live) showBanner(backupBanner, e as ApiError);
    } finally {
      backupNow.textContent = t("safety.backup_now");
      if (live) setBusy(false);
    }
  });

  backupSave.addEventListener("click", async () => {
    if (!loaded) return;
    clearBackupMessages();
    backupKeep.removeAttribute("aria-invalid");
    backupDir.removeAttribute("aria-invalid");
    const keep = parseKeep(backupKeep.value);
    if (keep === null) {
      backupKeep.setAttribute("aria-invalid", "true");
      backupKeep.focus();
      showBanner(backupBanner, { code: "validation", message: t("safety.keep_invalid"), fields: [] });
      return;
    }
    backupSave.disabled = true;
    try {
      const s = await api.updateSettings(settingsPayload(loaded, getLang(), { backup_dir: backupDir.value.trim(), backup_keep: keep }));
      if (!live) return;
      show(s);
      backupSaveStatus.textContent = t("safety.saved");
      backupSaveStatus.hidden = false;
      await refreshBackups();
    } catch (e) {
      if (!live) return;
      const err = e as ApiError;
      showBanner(backupBanner, err);
      if (err.fields.some((f) => f.field === "backup_dir")) backupDir.setAttribute("aria-invalid", "true");
      if (err.fields.some((f) => f.field === "backup_keep")) backupKeep.setAttribute("aria-invalid", "true");
    } finally {
      backupSave.disabled = false;
    }
  });

  verify.addEventListener("click", async () => {
    if (busy) return;
    showBanner(backupBanner, null);
    setBusy(true);
    auditStatus.hidden = false;
    auditStatus.className = "audit-status";
    auditStatus.removeAttribute("role");
    auditStatus.textContent = t("safety.verifying");
    try {
      const r = await api.verifyAudit();
      if (!live) return;
      const m = auditMessage(r);
      auditStatus.textContent = m.text;
      auditStatus.className = m.ok ? "audit-status ok" : "audit-status bad";
      auditStatus.dataset.intact = String(m.ok);
      if (!m.ok) auditStatus.setAttribute("role", "alert");
    } catch (e) {
      if (!live) return;
      auditStatus.hidden = true;
      showBanner(backupBanner, e as ApiError);
    } finally {
      if (live) setBusy(false);
    }
  });

  const safetyCard = h(
    "section",
    { class: "card", id: "settings-safety" },
    h("h2", {}, t("safety.title")),
    h("p", { class: "note" }, t("safety.intro")),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field wide" }, h("label", { for: "settings-backup-dir" }, t("safety.dir")), backupDir),
      h(
        "div",
        { class: "field" },
        h("label", { for: "settings-backup-keep" }, t("safety.keep")),
        backupKeep,
        h("div", { class: "muted small" }, t("safety.keep_hint")),
      ),
    ),
    h("div", { class: "actions" }, backupSave, backupSaveStatus),
    backupBanner,
    h("div", { class: "actions" }, backupNow, verify),
    backupStatus,
    auditStatus,
    h("h3", { class: "sub" }, t("safety.backups")),
    backupList,
    backupNone,
  );
  if (restoredNotice) {
    backupStatus.textContent = restoredNotice;
    backupStatus.hidden = false;
    restoredNotice = null;
  }

  // 办理期限规则: the length of each deadline of the policy, edited inline.
  const dlBanner = h("div", { class: "banner error", id: "deadlines-error", role: "alert", hidden: true });
  const dlStatus = h("div", { class: "ok-status", id: "deadlines-status", "aria-live": "polite", hidden: true });
  const dlSave = h("button", { type: "button", class: "primary", id: "btn-deadlines-save", disabled: true }, t("deadlines.save"));
  const dlTable = h("table", { class: "cases", id: "deadline-rules" }, h("tbody", {}, h("tr", { class: "empty" }, h("td", { colspan: 4 }, t("app.loading")))));
  const dlNone = h("p", { class: "muted", id: "deadline-rules-empty", hidden: true }, t("deadlines.none"));
  let dlRules: DeadlineRule[] = [];
  const dlRows: { rule: DeadlineRule; amount: HTMLInputElement; unit: HTMLSelectElement; shown: HTMLElement; error: HTMLElement }[] = [];
  const sep = () => (getLang() === "en" ? ", " : "、");
  const eventLabel = (code: string) => (code === "received" ? t("deadlines.event.received") : label("status", code));
  const clearRowErrors = () => {
    for (const r of dlRows) {
      r.amount.removeAttribute("aria-invalid");
      r.unit.removeAttribute("aria-invalid");
      r.error.hidden = true;
      r.error.textContent = "";
    }
  };
  const renderRules = (p: Policy) => {
    dlRules = p.deadlines ?? [];
    dlRows.length = 0;
    const body = dlRules.map((rule) => {
      const amount = h("input", {
        id: `rule-amount-${rule.code}`,
        type: "number",
        min: "1",
        max: "3650",
        step: "1",
        class: "rule-amount",
        value: String(rule.period.amount),
        "aria-label": `${pick({ name_zh: rule.label_zh, name_en: rule.label_en })} · ${t("deadlines.amount")}`,
        "aria-describedby": `rule-error-${rule.code}`,
      });
      const unit = select(
        { id: `rule-unit-${rule.code}`, "aria-label": `${pick({ name_zh: rule.label_zh, name_en: rule.label_en })} · ${t("deadlines.unit")}` },
        PERIOD_UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) })),
        rule.period.unit,
      );
      const shown = h("span", { class: "muted small rule-period", id: `rule-period-${rule.code}` }, periodLabel(rule.period));
      const error = h("div", { class: "field-error", id: `rule-error-${rule.code}`, role: "alert", hidden: true });
      const row = { rule, amount, unit, shown, error };
      dlRows.push(row);
      const edited = () => {
        dlStatus.hidden = true;
        amount.removeAttribute("aria-invalid");
        unit.removeAttribute("aria-invalid");
        error.hidden = true;
        const n = Number.parseInt(amount.value, 10);
        shown.textContent = Number.isFinite(n) ? periodLabel({ amount: n, unit: unit.value as DeadlineRule["period"]["unit"] }) : "";
      };
      amount.addEventListener("input", edited);
      unit.addEventListener("change", edited);
      const sevs = rule.severities ?? [];
      return h(
        "tr",
        { "data-code": rule.code, class: "rule-row" },
        h("td", {}, pick({ name_zh: rule.label_zh, name_en: rule.label_en })),
        h("td", {}, `${eventLabel(rule.from)} → ${[rule.met_by, ...(rule.also_met_by ?? [])].map(eventLabel).join(" / ")}`),
        h("td", {}, h("div", { class: "rule-period-edit" }, amount, " ", unit, " ", shown), error),
        h("td", {}, sevs.length ? sevs.map((v) => label("severity", v)).join(sep()) : t("deadlines.all_severities")),
      );
    });
    dlTable.replaceChildren(
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, t("deadlines.col.label")),
          h("th", {}, t("deadlines.col.events")),
          h("th", {}, t("deadlines.col.period")),
          h("th", {}, t("deadlines.col.severities")),
        ),
      ),
      h("tbody", {}, body),
    );
    dlTable.hidden = !dlRules.length;
    dlNone.hidden = dlRules.length > 0;
    dlSave.disabled = !dlRules.length;
  };
  const showRowError = (i: number, msg: string) => {
    const r = dlRows[i];
    if (!r) return false;
    r.amount.setAttribute("aria-invalid", "true");
    r.error.textContent = msg;
    r.error.hidden = false;
    return true;
  };
  dlSave.addEventListener("click", async () => {
    if (dlSave.disabled) return;
    showBanner(dlBanner, null);
    dlStatus.hidden = true;
    clearRowErrors();
    const edits: Record<string, PeriodEdit> = {};
    for (const r of dlRows) edits[r.rule.code] = { amount: r.amount.value, unit: r.unit.value };
    const payload = buildRulesPayload(dlRules, edits);
    if (!payload.ok) {
      for (const i of payload.invalid) showRowError(i, t("deadlines.amount_invalid"));
      showBanner(dlBanner, { code: "validation", message: t("deadlines.invalid"), fields: [] });
      dlRows[payload.invalid[0]]?.amount.focus();
      return;
    }
    dlSave.disabled = true;
    try {
      const p = await api.updateDeadlineRules(payload.rules);
      // New deadlines count from now on everywhere (due board, case view).
      ctx.policy = p;
      if (!live) return;
      renderRules(p);
      dlStatus.textContent = t("deadlines.saved");
      dlStatus.hidden = false;
    } catch (e) {
      if (!live) return;
      const err = e as ApiError;
      const { byIndex, rest } = ruleFieldErrors(err.fields);
      showBanner(dlBanner, err);
      const unplaced = [...rest];
      let first: number | null = null;
      for (const [k, msg] of Object.entries(byIndex)) {
        const i = Number(k);
        if (showRowError(i, msg)) first ??= i;
        else unplaced.push({ field: `deadlines[${i}]`, code: "", message: msg });
      }
      if (unplaced.length) dlBanner.appendChild(h("ul", { class: "banner-list" }, unplaced.map((f) => h("li", {}, `${f.field}: ${f.message}`))));
      if (first !== null) dlRows[first].amount.focus();
    } finally {
      if (live) dlSave.disabled = !dlRules.length;
    }
  });
  const deadlinesCard = h(
    "section",
    { class: "card", id: "settings-deadlines" },
    h("h2", {}, t("deadlines.title")),
    h("p", { class: "note" }, t("deadlines.intro")),
    h("div", { class: "table-wrap" }, dlTable),
    dlNone,
    dlBanner,
    h("div", { class: "actions" }, dlSave, dlStatus),
  );

  const info = ctx.info;
  append(main, [
    h("h1", { class: "view-title" }, t("settings.title")),
    banner,
    h(
      "section",
      { class: "card" },
      h("div", { class: "field" }, h("label", { for: "settings-lang" }, t("settings.lang")), lang),
    ),
    officeCard,
    usersCard(),
    privacy.el,
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
    safetyCard,
    encryptionCard(),
    h(
      "section",
      { class: "card", id: "settings-reward" },
      h("h2", {}, t("settings.reward")),
      h("p", { class: "note" }, t("settings.reward_intro")),
      h("div", { class: "field wide" }, h("label", { for: "settings-reward-preset" }, t("settings.reward_preset")), rewardPreset),
      rewardBanner,
      rewardStatus,
    ),
    deadlinesCard,
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
  void refreshBackups();
  api
    .getPolicy()
    .then((p) => {
      if (!live) return;
      ctx.policy = p;
      renderRules(p);
    })
    .catch((e: ApiError) => {
      if (!live) return;
      // Fall back to the policy loaded at start-up, if any.
      if (ctx.policy) renderRules(ctx.policy);
      showBanner(dlBanner, e);
    });
  api
    .getSettings()
    .then((s) => live && show(s))
    .catch((e: ApiError) => live && showBanner(banner, e));
  if (!backupStatus.hidden && typeof safetyCard.scrollIntoView === "function") safetyCard.scrollIntoView({ block: "start" });
  return () => {
    live = false;
  };
}
