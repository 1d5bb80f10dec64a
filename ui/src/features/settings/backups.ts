// 数据安全: the backup folder and how many daily backups to keep, a backup
// now, the backups in the folder (restore one by name), and the audit
// trail's check with its head (the number of entries and the last hash).
import { auditHead, backupNow, listBackups, restoreBackup, updateSettings, verifyAudit, type AuditHead, type BackupEntry } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h } from "../../lib/dom";
import { getLang, setLang, t } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { auditMessage, backupDoneMessage, backupLine, headLine, parseKeep, settingsPayload } from "./logic";

/** Shown once on the settings view the app lands on after a restore. */
let restoredNotice: string | null = null;

export function backupsCard(hub: Hub): HTMLElement {
  const dir = h("input", { id: "settings-backup-dir", type: "text", autocomplete: "off", spellcheck: "false", class: "mono", placeholder: t("safety.dir_placeholder") });
  const keep = h("input", { id: "settings-backup-keep", type: "number", min: "0", step: "1", value: "30" });
  const saveBtn = h("button", { type: "button", class: "secondary", id: "btn-backup-save", disabled: true }, t("safety.save"));
  const saveStatus = h("div", { class: "ok-status", id: "backup-settings-status", "aria-live": "polite", hidden: true });
  const banner = bannerEl("backup-error");
  const status = h("div", { class: "ok-status", id: "backup-status", "aria-live": "polite", hidden: true });
  const now = h("button", { type: "button", class: "primary", id: "btn-backup-now" }, t("safety.backup_now"));
  const list = h("ul", { id: "backup-list", class: "backup-list" });
  const none = h("p", { class: "muted", id: "backup-list-empty", hidden: true }, t("safety.backups_none"));
  const verify = h("button", { type: "button", class: "secondary", id: "btn-verify-audit" }, t("safety.verify"));
  const auditStatus = h("div", { class: "audit-status", id: "audit-status", "aria-live": "polite", hidden: true });
  const head = h("p", { class: "muted small mono", id: "audit-head" });
  hub.onSettings((s) => {
    dir.value = s.backup_dir;
    keep.value = String(s.backup_keep);
    saveBtn.disabled = false;
  });

  let busy = false;
  const setBusy = (on: boolean) => {
    busy = on;
    now.disabled = verify.disabled = on;
    for (const b of Array.from(list.querySelectorAll<HTMLButtonElement>(".btn-restore"))) b.disabled = on;
  };
  const clearMessages = () => {
    showBanner(banner, null);
    status.hidden = saveStatus.hidden = true;
  };
  const showHead = (h0: AuditHead) => {
    head.textContent = headLine(h0);
    head.dataset.entries = String(h0.entries);
    head.dataset.lastHash = h0.last_hash;
  };
  const render = (files: BackupEntry[]) => {
    list.replaceChildren(
      ...files.map((f) =>
        h(
          "li",
          { "data-file": f.name, "data-encrypted": String(f.encrypted), class: "backup-item" },
          h("span", { class: "backup-name mono", title: f.name }, backupLine(f)),
          h("button", { type: "button", class: "secondary small btn-restore", disabled: busy, onclick: () => void restore(f.name) }, t("safety.restore")),
        ),
      ),
    );
    none.hidden = files.length > 0;
  };
  const refresh = async () => {
    try {
      const files = await listBackups();
      if (hub.alive()) render(files);
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    }
  };
  /** A refused or failed restore: the core's message, why, and that nothing changed. */
  const restoreError = (err: ApiError) => {
    banner.replaceChildren(h("div", { class: "banner-message" }, t("safety.restore_failed", { message: err.message })));
    if (err.code === "db_corrupt") banner.appendChild(h("div", { class: "banner-hint" }, t("safety.restore_corrupt")));
    if (err.code === "db_too_new") banner.appendChild(h("div", { class: "banner-hint" }, t("safety.restore_too_new")));
    banner.appendChild(h("div", { class: "banner-hint", id: "backup-unchanged" }, t("safety.restore_unchanged")));
    banner.hidden = false;
  };
  const restore = async (name: string) => {
    if (busy || !window.confirm(t("safety.restore_confirm"))) return;
    clearMessages();
    setBusy(true);
    try {
      const info = await restoreBackup({ name });
      setLang(info.lang);
      store.setInfo(info);
      restoredNotice = t("safety.restored", { name });
    } catch (e) {
      if (hub.alive()) {
        setBusy(false);
        restoreError(e as ApiError);
      }
      return;
    }
    // The register now open is another one: start over as at launch and come back here.
    store.restart({ view: "settings" });
  };
  now.addEventListener("click", async () => {
    if (busy) return;
    clearMessages();
    setBusy(true);
    now.textContent = t("safety.backing_up");
    try {
      const r = await backupNow();
      if (!hub.alive()) return;
      status.textContent = backupDoneMessage(r);
      status.hidden = false;
      showHead(r.audit);
      await refresh();
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    } finally {
      now.textContent = t("safety.backup_now");
      if (hub.alive()) setBusy(false);
    }
  });
  saveBtn.addEventListener("click", async () => {
    const loaded = hub.loaded();
    if (!loaded) return;
    clearMessages();
    keep.removeAttribute("aria-invalid");
    dir.removeAttribute("aria-invalid");
    const n = parseKeep(keep.value);
    if (n === null) {
      keep.setAttribute("aria-invalid", "true");
      keep.focus();
      showBanner(banner, { code: "validation", message: t("safety.keep_invalid"), fields: [] });
      return;
    }
    saveBtn.disabled = true;
    try {
      hub.saved(await updateSettings(settingsPayload(loaded, getLang(), { backup_dir: dir.value.trim(), backup_keep: n })));
      if (!hub.alive()) return;
      saveStatus.textContent = t("safety.saved");
      saveStatus.hidden = false;
      await refresh();
    } catch (e) {
      if (!hub.alive()) return;
      const err = e as ApiError;
      showBanner(banner, err);
      if (err.fields.some((f) => f.field === "backup_dir")) dir.setAttribute("aria-invalid", "true");
      if (err.fields.some((f) => f.field === "backup_keep")) keep.setAttribute("aria-invalid", "true");
    } finally {
      saveBtn.disabled = false;
    }
  });
  verify.addEventListener("click", async () => {
    if (busy) return;
    showBanner(banner, null);
    setBusy(true);
    auditStatus.hidden = false;
    auditStatus.className = "audit-status";
    auditStatus.removeAttribute("role");
    auditStatus.textContent = t("safety.verifying");
    try {
      const r = await verifyAudit(null);
      if (!hub.alive()) return;
      const m = auditMessage(r);
      auditStatus.textContent = m.text;
      auditStatus.className = m.ok ? "audit-status ok" : "audit-status bad";
      auditStatus.dataset.intact = String(m.ok);
      if (!m.ok) auditStatus.setAttribute("role", "alert");
      showHead(r.head);
    } catch (e) {
      if (!hub.alive()) return;
      auditStatus.hidden = true;
      showBanner(banner, e as ApiError);
    } finally {
      if (hub.alive()) setBusy(false);
    }
  });
  void refresh();
  auditHead()
    .then((h0) => hub.alive() && showHead(h0))
    .catch(() => undefined);
  if (restoredNotice) {
    status.textContent = restoredNotice;
    status.hidden = false;
    restoredNotice = null;
  }
  return h(
    "section",
    { class: "card", id: "settings-safety" },
    h("h2", {}, t("safety.title")),
    h("p", { class: "note" }, t("safety.intro")),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field wide" }, h("label", { for: "settings-backup-dir" }, t("safety.dir")), dir),
      h("div", { class: "field" }, h("label", { for: "settings-backup-keep" }, t("safety.keep")), keep, h("div", { class: "muted small" }, t("safety.keep_hint"))),
    ),
    h("div", { class: "actions" }, saveBtn, saveStatus),
    banner,
    h("div", { class: "actions" }, now, verify),
    status,
    auditStatus,
    head,
    h("h3", { class: "sub" }, t("safety.backups")),
    list,
    none,
  );
}
