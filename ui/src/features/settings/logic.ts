// 设置, its pure parts: what each card sends (office, deadline rules, the
// calendar year, the settings object), which input a field error names, and
// the messages about backups, the audit trail, the logo and encryption.
import type { AppInfo, AuditHead, AuditReport, BackupInfo, DeadlineRule, FieldPayload, Lang, LogoInfo, OfficeInfo, Period, Settings, Unit, YearArrangement } from "../../api/generated";
import { baseName, kb } from "../../lib/format";
import { t, type MsgKey } from "../../lib/i18n";

// ---- office and logo ----

export const OFFICE_FIELDS = ["name", "address", "phone"] as const;
export type OfficeField = (typeof OFFICE_FIELDS)[number];

/** What update_office is sent: the typed values, trimmed. */
export function officePayload(values: OfficeInfo): OfficeInfo {
  return { name: values.name.trim(), address: values.address.trim(), phone: values.phone.trim() };
}

/** The office input a field error names ("name", "office.name" or "office_name" → name), or null. */
export function officeField(path: string): OfficeField | null {
  const name = path.replace(/^office[._]/, "");
  return (OFFICE_FIELDS as readonly string[]).includes(name) ? (name as OfficeField) : null;
}

/** Largest logo file the core accepts (checked again there). */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;
export const LOGO_EXTENSIONS = ["png", "jpg", "jpeg"];

/** The logo line of the card: i18n key and its parameters. */
export function logoLine(info: LogoInfo | null): { key: MsgKey; params: Record<string, string | number> } {
  if (!info) return { key: "settings.logo_none", params: {} };
  return { key: "settings.logo_set", params: { width: info.width, height: info.height, kb: Math.max(1, Math.round(info.size / 1024)) } };
}

/** A picked file the core would refuse for its type or size, as an i18n key; null when it may be sent. */
export function logoFileProblem(file: { name: string; size: number }): MsgKey | null {
  if (!/\.(png|jpe?g)$/i.test(file.name)) return "settings.logo_wrong_type";
  if (file.size > LOGO_MAX_BYTES) return "settings.logo_too_large";
  return null;
}

// ---- the settings object ----

/** The whole object update_settings takes. It replaces every setting, so the
 *  fields the caller does not change are taken from `loaded` (what the core
 *  last gave), never dropped; `found_font` is the core's to fill. */
export function settingsPayload(loaded: Settings, lang: Lang, change: Partial<Settings> = {}): Settings {
  return {
    font_path: change.font_path ?? loaded.font_path,
    font_index: change.font_index ?? loaded.font_index,
    found_font: null,
    lang,
    backup_dir: change.backup_dir ?? loaded.backup_dir,
    backup_keep: change.backup_keep ?? loaded.backup_keep,
    idle_lock_minutes: change.idle_lock_minutes ?? loaded.idle_lock_minutes,
    retention_years: change.retention_years ?? loaded.retention_years,
    doc_number_prefixes: { ...(change.doc_number_prefixes ?? loaded.doc_number_prefixes) },
  };
}

/** The letters that go out under a reference number (the core's list). */
export const NUMBERED_LETTERS = ["reply_letter", "not_accepted", "extension", "notice_to_accused", "reward_notice"] as const;

/** The 代字 as typed, by letter type, without the blank ones. */
export function prefixesTyped(typed: (readonly [string, string])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [doc, v] of typed) if (v.trim()) out[doc] = v.trim();
  return out;
}

/** The keep count as typed: a whole number ≥ 0 (0 = the default, 30); anything else → null. */
export function parseKeep(raw: string): number | null {
  const s = raw.trim();
  if (s === "") return 0;
  if (!/^\d+$/.test(s)) return null;
  const n = Number.parseInt(s, 10);
  return Number.isSafeInteger(n) ? n : null;
}

// ---- backups and the audit trail ----

/** "已备份到 …（x KB，附件 n 个）". */
export function backupDoneMessage(info: BackupInfo, lang?: Lang): string {
  return t("safety.backup_done", { file: info.file, kb: kb(info.bytes), n: info.attachments }, lang);
}

/** The line of the backup list: file name and size (and whether it is encrypted). */
export function backupLine(b: { name: string; bytes: number; encrypted?: boolean }, lang?: Lang): string {
  const line = t("safety.backup_line", { name: baseName(b.name), kb: kb(b.bytes) }, lang);
  return b.encrypted ? `${line} · ${t("safety.backup_encrypted", undefined, lang)}` : line;
}

const PROBLEMS: Record<string, MsgKey> = {
  edited: "safety.audit_edited",
  removed_before: "safety.audit_removed",
  redacted_outside: "safety.audit_redacted",
  truncated: "safety.audit_truncated",
  rechained: "safety.audit_rechained",
};

/** What verify_audit found, as one sentence; `ok` false means the chain is broken. */
export function auditMessage(r: Pick<AuditReport, "rows" | "intact" | "first_broken" | "problem">, lang?: Lang): { ok: boolean; text: string } {
  if (r.intact) return { ok: true, text: t("safety.audit_intact", { rows: r.rows }, lang) };
  const problem = t((r.problem && PROBLEMS[r.problem]) || "safety.audit_unknown", undefined, lang);
  return { ok: false, text: t("safety.audit_broken", { row: r.first_broken ?? "?", problem }, lang) };
}

/** The audit head as the card shows it: the number of entries and the last hash. */
export function headLine(h: AuditHead, lang?: Lang): string {
  return t("safety.audit_head", { entries: h.entries, hash: h.last_hash || "—" }, lang);
}

// ---- deadline rules ----

export const PERIOD_UNITS: readonly Unit[] = ["calendar_days", "working_days", "hours", "months"];

/** The core's bounds on a period's amount. */
export const MAX_AMOUNT = 3650;

/** "30日", "2个工作日", "24小时", "3个月" (or "30 days", … in English). */
export function periodLabel(p: Period, lang?: Lang): string {
  return (PERIOD_UNITS as readonly string[]).includes(p.unit) ? t(`period.${p.unit}` as MsgKey, { n: p.amount }, lang) : `${p.amount} ${p.unit}`;
}

/** What the user typed for one rule's period. */
export interface PeriodEdit {
  amount: string;
  unit: string;
}

/** A typed amount as a whole number in 1..=3650, else null. */
export function parseAmount(s: string): number | null {
  const v = s.trim();
  if (!/^\d+$/.test(v)) return null;
  const n = Number.parseInt(v, 10);
  return n >= 1 && n <= MAX_AMOUNT ? n : null;
}

export type RulesPayload = { ok: true; rules: DeadlineRule[] } | { ok: false; invalid: number[] };

/** Every rule, in order, with its edited period (keyed by rule code); all
 *  other fields are sent exactly as loaded. Rules without an edit keep theirs.
 *  `invalid` holds the indexes of rows whose period could not be read. */
export function buildRulesPayload(rules: DeadlineRule[], edits: Record<string, PeriodEdit>): RulesPayload {
  const invalid: number[] = [];
  const out = rules.map((r, i) => {
    const e = edits[r.code];
    if (!e) return { ...r, period: { ...r.period } };
    const amount = parseAmount(e.amount);
    const unit = (PERIOD_UNITS as readonly string[]).includes(e.unit) ? (e.unit as Unit) : null;
    if (amount === null || unit === null) {
      invalid.push(i);
      return r;
    }
    return { ...r, period: { amount, unit } };
  });
  return invalid.length ? { ok: false, invalid } : { ok: true, rules: out };
}

/** The rule a field error names ("deadlines[i]…" or "[i]…", i its index), or null. */
export function ruleIndex(f: Pick<FieldPayload, "field">): number | null {
  const m = /^(?:deadlines)?\[(\d+)\]/.exec(f.field);
  return m ? Number(m[1]) : null;
}

// ---- the calendar ----

export type CalendarParse = { ok: true; year: number; arrangement: YearArrangement } | { ok: false; key: MsgKey; message?: string };

/** Reads the pasted JSON of one year: {"year":2027,"source":…,"off":[…],"workdays":[…]}. */
export function parseCalendarJson(text: string): CalendarParse {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { ok: false, key: "calendar.bad_json", message: e instanceof Error ? e.message : String(e) };
  }
  if (!o || typeof o !== "object" || Array.isArray(o)) return { ok: false, key: "calendar.need_year" };
  const r = o as Record<string, unknown>;
  const year = typeof r.year === "string" ? Number.parseInt(r.year, 10) : r.year;
  if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 2200) return { ok: false, key: "calendar.need_year" };
  return {
    ok: true,
    year,
    arrangement: {
      source: typeof r.source === "string" ? r.source : "",
      off: Array.isArray(r.off) ? (r.off as YearArrangement["off"]) : [],
      workdays: Array.isArray(r.workdays) ? (r.workdays as string[]) : [],
    },
  };
}

// ---- encryption ----

/** The passphrase the core accepts at the least (its message says so too). */
export const MIN_PASSPHRASE_CHARS = 10;

/** The state shown on the card and what its button does. */
export function encryptionLabels(info: Pick<AppInfo, "encrypted"> | null): { state: MsgKey; button: MsgKey; busy: MsgKey; done: MsgKey } {
  return info?.encrypted
    ? { state: "enc.state_on", button: "enc.change", busy: "enc.changing", done: "enc.changed" }
    : { state: "enc.state_off", button: "enc.encrypt", busy: "enc.encrypting", done: "enc.encrypted" };
}

/** What is wrong before anything is sent, on which field; the length itself
 *  is the core's to judge (its message says how long and why). */
export function passphraseProblem(passphrase: string, repeat: string): { field: "passphrase" | "passphrase2"; key: MsgKey } | null {
  if (!passphrase) return { field: "passphrase", key: "enc.required" };
  if (passphrase !== repeat) return { field: "passphrase2", key: "enc.mismatch" };
  return null;
}

// ---- personal data ----

/** "个人信息-王小明-20261201.json": the file the export is saved as. */
export function personalDataFileName(name: string, phone: string, date: string): string {
  const who = (name.trim() || phone.trim()).replace(/[\\/:*?"<>|\s]/g, "_").slice(0, 40);
  return `${t("privacy.file_name")}-${who}-${date}.json`;
}
