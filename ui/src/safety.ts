// 数据安全: the pure parts of the backup / audit card (no DOM, so they can be tested in node).
import type { AuditReport, BackupInfo, Lang, Settings, SettingsUpdate } from "./api";
import { t } from "./i18n";

/** Bytes as whole KB, rounded up (a non-empty file is never "0 KB"). */
export function kb(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes <= 0) return 0;
  return Math.ceil(bytes / 1024);
}

/** The last part of a path, whether it uses / or \ (Windows). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** "已备份到 …（x KB，附件 n 个）". */
export function backupDoneMessage(info: BackupInfo, lang?: Lang): string {
  return t("safety.backup_done", { file: info.file, kb: kb(info.bytes), n: info.attachments }, lang);
}

/** The line of the backup list: file name and size. */
export function backupLine(file: { file: string; bytes: number }, lang?: Lang): string {
  return t("safety.backup_line", { name: baseName(file.file), kb: kb(file.bytes) }, lang);
}

/** What verify_audit found, as one sentence; `ok` false means the chain is broken. */
export function auditMessage(r: AuditReport, lang?: Lang): { ok: boolean; text: string } {
  if (r.intact) return { ok: true, text: t("safety.audit_intact", { rows: r.rows }, lang) };
  const problem =
    r.problem === "edited"
      ? t("safety.audit_edited", undefined, lang)
      : r.problem === "removed_before"
        ? t("safety.audit_removed", undefined, lang)
        : t("safety.audit_unknown", undefined, lang);
  return {
    ok: false,
    text: t("safety.audit_broken", { row: r.first_broken ?? "?", problem }, lang),
  };
}

/** The keep count as typed: a whole number ≥ 0 (0 = the default, 30); anything else → null. */
export function parseKeep(raw: string): number | null {
  const s = raw.trim();
  if (s === "") return 0;
  if (!/^\d+$/.test(s)) return null;
  const n = Number.parseInt(s, 10);
  return Number.isSafeInteger(n) ? n : null;
}

/** The whole object update_settings needs. It replaces every setting, so the
 *  fields the caller does not change are taken from `loaded` (what the backend
 *  last gave us), never dropped. */
export function settingsPayload(loaded: Settings | SettingsUpdate, lang: Lang, change: Partial<SettingsUpdate> = {}): SettingsUpdate {
  return {
    font_path: change.font_path ?? loaded.font_path,
    font_index: change.font_index ?? loaded.font_index,
    lang,
    backup_dir: change.backup_dir ?? loaded.backup_dir,
    backup_keep: change.backup_keep ?? loaded.backup_keep,
    idle_lock_minutes: change.idle_lock_minutes ?? loaded.idle_lock_minutes,
    retention_years: change.retention_years ?? loaded.retention_years,
  };
}
