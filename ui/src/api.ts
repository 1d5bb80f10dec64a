// The only module that talks to the Rust side. Every Tauri command has a
// typed wrapper here; the rest of the UI imports these, never `invoke`.
// Types mirror src-tauri/core/src/model.rs (serde snake_case field names).
import { invoke } from "@tauri-apps/api/core";

export type Lang = "zh-CN" | "en";
export type CaseKind = "complaint" | "report";
export type Channel =
  | "visit"
  | "phone"
  | "letter"
  | "email"
  | "online"
  | "suggestion_box"
  | "other";
export type Severity = "ordinary" | "important" | "urgent" | "major";
export type SortKey =
  | "received_desc"
  | "received_asc"
  | "number_asc"
  | "number_desc"
  | "severity_desc";
export type DocKind = "slip" | "receipt";

export interface OfficeInfo {
  name: string;
  address: string;
  phone: string;
}

/** The letterhead logo as stored (settings → letterhead). */
export interface LogoInfo {
  width: number;
  height: number;
  /** File size in bytes. */
  size: number;
}

export interface PresetInfo {
  id: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
}

export interface AppInfo {
  set_up: boolean;
  office: OfficeInfo;
  preset: string | null;
  lang: Lang;
  db_path: string;
  presets: PresetInfo[];
  version: string;
  /** The register file is encrypted (SQLCipher) with the administrator's passphrase. */
  encrypted: boolean;
}

export interface SetupRequest {
  office_name: string;
  preset: string;
  lang: Lang;
  address: string;
  phone: string;
}

export interface Category {
  code: string;
  name_zh: string;
  name_en: string;
  kinds: CaseKind[];
  department: string;
}

export interface Policy {
  id: string;
  name_zh: string;
  name_en: string;
  description_zh?: string;
  description_en?: string;
  receipt_note_zh: string;
  categories: Category[];
  /** The office's deadline rules (办理期限); older policies may lack them. */
  deadlines?: DeadlineRule[];
}

export type PeriodUnit = "calendar_days" | "working_days" | "hours" | "months";

/** A length of time (mirrors deadline.rs Period). */
export interface Period {
  amount: number;
  unit: PeriodUnit;
}

/** One deadline of the policy (mirrors policy.rs DeadlineRule). */
export interface DeadlineRule {
  code: string;
  label_zh: string;
  label_en: string;
  /** "received", or a workflow event ("reviewed", "findings", …). */
  from: string;
  period: Period;
  /** The workflow event that meets the deadline. */
  met_by: string;
  also_met_by?: string[];
  /** Only for these severities (empty = all). */
  severities?: Severity[];
  /** How far an extension may reach, counted from the same start. */
  max_extension?: Period | null;
}

export interface Person {
  name: string;
  unit: string;
  position: string;
  phone: string;
  address: string;
}

export interface Accused {
  name: string;
  unit: string;
}

export interface Witness {
  name: string;
  contact: string;
}

/** What the intake form sends; codes are plain strings so the backend can
 *  report a wrong value as a field error. */
export interface CaseInput {
  kind: string;
  channel: string;
  /** "YYYY-MM-DDTHH:MM" local time; "" means now. */
  received_at: string;
  receiving_clerk: string;
  anonymous: boolean;
  complainants: Person[];
  accused: Accused[];
  category: string;
  severity: string;
  occurred_when: string;
  occurred_where: string;
  matter: string;
  facts: string;
  request: string;
  evidence: string[];
  witnesses: Witness[];
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

export interface CaseDetail {
  id: number;
  number: string;
  kind: CaseKind;
  channel: Channel;
  /** "YYYY-MM-DD HH:MM:SS" office local time. */
  received_at: string;
  receiving_clerk: string;
  anonymous: boolean;
  query_code: string | null;
  /** The number the case had in the office's old register ("" unless imported). */
  legacy_number?: string;
  complainants: Person[];
  accused: Accused[];
  category: string;
  category_label: string;
  handling_department: string;
  severity: Severity;
  occurred_when: string;
  occurred_where: string;
  matter: string;
  facts: string;
  request: string;
  evidence: string[];
  witnesses: Witness[];
  status: string;
  created_at: string;
  updated_at: string;
  history: HistoryEntry[];
  /** Handling records (interviews, evidence, defence, findings, …), oldest first. */
  records: CaseRecord[];
  /** Related cases and repeats of earlier ones. */
  links: CaseLink[];
  /** get_case and the handling commands return a CaseView: true when the
   *  complainant's identity is masked for this user (query_code is then null). */
  identity_masked?: boolean;
}

/** One append-only handling record; `data` depends on `kind`
 *  ("interview", "evidence", "site_check", "defence", "findings", "recusal", …). */
export interface CaseRecord {
  id: number;
  kind: string;
  data: unknown;
  at: string;
  actor: string;
}

/** "related"; "repeat" = this case repeats the other (earlier) one;
 *  "repeated_by" = the other case repeats this one. */
export type LinkKind = "related" | "repeat" | "repeated_by";

export interface CaseLink {
  other_id: number;
  other_number: string;
  kind: LinkKind | string;
}

export interface CaseSummary {
  id: number;
  number: string;
  kind: CaseKind;
  channel: Channel;
  received_at: string;
  anonymous: boolean;
  complainant: string;
  accused: string;
  category: string;
  category_label: string;
  severity: Severity;
  matter: string;
  status: string;
  /** The next unmet deadline of an open case ("YYYY-MM-DD HH:MM:SS"). */
  next_due_at?: string | null;
  /** "overdue", "due_today", "due_this_week" or "pending". */
  due_state?: string | null;
  due_label?: string | null;
}

export interface ListQuery {
  text: string;
  kind?: string | null;
  status?: string | null;
  category?: string | null;
  channel?: string | null;
  /** Inclusive "YYYY-MM-DD". */
  received_from?: string | null;
  received_to?: string | null;
  sort: SortKey;
  /** 1-based. */
  page: number;
  page_size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface QueryCodeView {
  number: string;
  kind: CaseKind;
  received_date: string;
  status: string;
}

export interface Exported {
  path: string;
  size: number;
}

export interface Settings {
  font_path: string;
  font_index: number;
  found_font: string | null;
  lang: Lang;
  /** Where daily backups go ("" = a "backups" folder beside the register). */
  backup_dir: string;
  /** How many daily backups to keep (0 = the default, 30). */
  backup_keep: number;
  /** Minutes without activity before the session locks (1–240). */
  idle_lock_minutes: number;
  /** Years an archived case keeps the complainant's identity before anonymisation (1–50). */
  retention_years: number;
}

/** What update_settings takes. It replaces every setting, so all of these are always sent. */
export type SettingsUpdate = Omit<Settings, "found_font">;

/** What verify_audit found in the hash-chained history. */
export interface AuditReport {
  rows: number;
  intact: boolean;
  /** The id of the first row whose link is broken. */
  first_broken: number | null;
  /** "edited" (its hash does not match its content) or "removed_before" (it does not follow the row before it). */
  problem: "edited" | "removed_before" | string | null;
}

/** A backup just made. */
export interface BackupInfo {
  file: string;
  bytes: number;
  attachments: number;
  at: string;
}

/** A backup in the backup folder (list_backups gives them newest first). */
export interface BackupFile {
  file: string;
  bytes: number;
}

export interface FieldErrorPayload {
  field: string;
  code: string;
  message: string;
}

/** Every command rejects with this. The UI branches on `code` only. */
export interface ApiError {
  code: string;
  message: string;
  fields: FieldErrorPayload[];
}

/** Turns whatever a rejected command gave into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && typeof (e as { code?: unknown }).code === "string") {
    const o = e as { code: string; message?: unknown; fields?: unknown };
    const fields = Array.isArray(o.fields)
      ? o.fields.filter(
          (f): f is FieldErrorPayload =>
            !!f && typeof f === "object" && typeof (f as FieldErrorPayload).field === "string",
        )
      : [];
    return { code: o.code, message: typeof o.message === "string" ? o.message : o.code, fields };
  }
  if (e instanceof Error) return { code: "internal", message: e.message, fields: [] };
  return { code: "internal", message: String(e), fields: [] };
}

export function isApiError(e: unknown): e is ApiError {
  return (
    !!e &&
    typeof e === "object" &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string" &&
    Array.isArray((e as ApiError).fields)
  );
}

// ---- handling (mirrors src-tauri/core/src/handling.rs) ----

export type StatusCode =
  | "registered"
  | "accepted"
  | "not_accepted"
  | "reviewed"
  | "investigating"
  | "findings"
  | "approved"
  | "replied"
  | "followed_up"
  | "escalated"
  | "archived";
export type NotAcceptGround = "court" | "petition" | "no_target" | "criminal" | "outside_remit";
export type InvestigationMode = "single" | "team" | "commissioned";
export type Conclusion = "substantiated" | "partly_substantiated" | "unfounded";
export type Satisfaction = "satisfied" | "partly_satisfied" | "dissatisfied";
export type Proposal = "correction" | "apology" | "penalty" | "judiciary" | "rectification" | "reward";
export type ReplyMethod = "letter" | "email" | "in_person" | "phone" | "query_code";
export type InterviewRole = "complainant" | "accused" | "witness" | "other";

/** One workflow step and what it records (serde tag "step", snake_case). */
export type Action =
  | { step: "accept"; comment: string }
  | { step: "not_accept"; ground: NotAcceptGround; reason: string }
  | { step: "not_accepted_notice_sent"; sent_on: string }
  | { step: "review"; reviewer: string; mode: InvestigationMode; inspectors: string[]; department: string; comment: string }
  | { step: "start_investigation"; comment: string }
  | {
      step: "write_findings";
      conclusion: Conclusion;
      facts: string;
      responsibility: string;
      proposals: Proposal[];
      rectification_due: string | null;
      org_notice: boolean;
    }
  | { step: "approve"; approver: string; comment: string }
  | { step: "reject_findings"; approver: string; comment: string }
  | { step: "reply"; method: ReplyMethod; summary: string }
  | { step: "follow_up"; satisfaction: Satisfaction; note: string }
  | { step: "no_follow_up"; reason: string }
  | { step: "escalate"; comment: string }
  | { step: "reopen"; comment: string }
  | { step: "archive"; comment: string };
export type StepCode = Action["step"];

export interface Defence {
  /** "YYYY-MM-DD" */
  asked_on: string;
  declined: boolean;
  statement: string;
}

export interface QuestionAnswer {
  question: string;
  answer: string;
}

export interface Interview {
  /** "YYYY-MM-DD HH:MM" */
  at: string;
  place: string;
  interviewer: string;
  recorder: string;
  interviewee: string;
  role: InterviewRole;
  questions_and_answers: QuestionAnswer[];
  signed: boolean;
}

export interface Extension {
  new_due: string;
  reason: string;
  notice_sent_on: string;
}

export type DeadlineState = "met" | "met_late" | "overdue" | "due_today" | "due_this_week" | "pending";

export interface DeadlineView {
  code: string;
  label_zh: string;
  label_en: string;
  period_zh: string;
  from_at: string;
  due_at: string;
  verified: boolean;
  unknown_years: number[];
  extended: boolean;
  met_at: string | null;
  state: DeadlineState | string;
}

export interface DueItem {
  case_id: number;
  number: string;
  matter: string;
  status: string;
  owner: string;
  deadline: DeadlineView;
}

export interface Holiday {
  name: string;
  from: string;
  to: string;
}

export interface YearArrangement {
  source: string;
  off: Holiday[];
  workdays: string[];
}

export interface CalendarFile {
  about: string;
  /** Keyed by the year as a string ("2026"). */
  years: Record<string, YearArrangement>;
}

/** An evidence item (证据). The file fields are filled in by the backend. */
export interface Evidence {
  description: string;
  source: string;
  /** "YYYY-MM-DD" or "". */
  obtained_on: string;
  file_name?: string | null;
  sha256?: string | null;
  size?: number | null;
  stored_as?: string | null;
}

/** What the evidence form sends. */
export type EvidenceInput = Pick<Evidence, "description" | "source" | "obtained_on">;

/** A site inspection (现场核查). */
export interface SiteCheck {
  /** "YYYY-MM-DD HH:MM" */
  at: string;
  place: string;
  inspectors: string[];
  findings: string;
}

/** A handler's declaration of a conflict of interest (回避). */
export interface Recusal {
  handler: string;
  reason: string;
}

export type AttachmentState = "ok" | "changed" | "missing";

export interface AttachmentCheck {
  file_name: string;
  stored_as: string;
  state: AttachmentState | string;
}

// ---- office documents (mirrors src-tauri/core/src/documents.rs) ----

/** The template-based documents an office issues. */
export type DocType =
  | "transcript"
  | "not_accepted"
  | "extension"
  | "notice_to_accused"
  | "investigation_report"
  | "reply_letter"
  | "reward_notice";

/** A template as the editor shows it. */
export interface TemplateView {
  doc_type: DocType | string;
  /** The document's Chinese title (谈话笔录 …). */
  title: string;
  body: string;
  /** True while the office has not edited it (the shipped wording). */
  is_default: boolean;
  /** [name, what it holds] of every placeholder this type allows. */
  placeholders: [string, string][];
}

/** One block of the text preview: a heading (`# …` line) or a paragraph. */
export interface PreviewBlock {
  heading: boolean;
  text: string;
}

/** A document issued for a case and kept with its hash. */
export interface IssuedDoc {
  id: number;
  case_id: number;
  /** "slip", "receipt", or a DocType code. */
  doc_type: string;
  title: string;
  sha256: string;
  size: number;
  at: string;
  actor: string;
}

/** Values a document needs beyond the case: issue_date, answer_due, reward_amount, claim_due, original_due_date ("YYYY-MM-DD" dates). */
export type DocExtra = Record<string, string>;

// ---- rewards (mirrors src-tauri/core/src/rewards.rs; money in integer fen) ----

export type RewardPresetId = "enterprise" | "market_regulation_2021";

export interface RewardRule {
  code: string;
  label_zh: string;
  label_en: string;
  /** What the rate applies to ("fine", "recovered_or_fine", …). */
  base: string;
  min_bp: number;
  max_bp: number;
  min_fen: number;
  max_fen: number | null;
}

export interface RewardBand {
  code: string;
  label_zh: string;
  label_en: string;
  min_fen: number;
  max_fen: number;
}

export interface RewardPolicy {
  preset: RewardPresetId | string;
  /** "split" (evenly among reporters) or "first" (the first reporter). */
  multiple_reporters: string;
  rules: RewardRule[];
  discretionary_bands: RewardBand[];
}

/** A proposal as typed: amounts are yuan strings ("1234.56"), "" = none. */
export interface ProposalInput {
  rule: string;
  fine: string;
  recovered: string;
  confiscated: string;
  amount: string;
  /** A discretionary band code, "" = none. */
  band: string;
  reason: string;
}

export interface RewardRange {
  rule: string;
  base: number;
  min: number;
  max: number;
  min_display: string;
  max_display: string;
}

export interface RewardProposal {
  rule: string;
  amounts: { fine: number; recovered: number; confiscated: number };
  amount: number;
  amount_display: string;
  amount_upper: string;
  discretionary: boolean;
  reason: string;
  /** [reporter label, fen] */
  shares: [string, number][];
}

export interface Payment {
  /** "YYYY-MM-DD" */
  paid_on: string;
  /** "bank_transfer", "cash" or "other". */
  method: string;
  payer: string;
  receipt_no: string;
  recipient: string;
  /** An anonymous reporter's query code (checked, not kept). */
  query_code: string;
}

export type RewardStateCode = "none" | "proposed" | "approved" | "rejected" | "paid";

export interface RewardState {
  proposal: RewardProposal | null;
  state: RewardStateCode | string;
  decided_by: string | null;
  payment: Payment | null;
  consent_to_publish: boolean | null;
}

/** One reward step; send exactly one of proposal / approve (+comment) / payment / consent. */
export type RewardStep =
  | { proposal: ProposalInput }
  | { approve: boolean; comment: string }
  | { payment: Payment }
  | { consent: boolean };

// ---- accountability (mirrors src-tauri/core/src/accountability.rs) ----

export type FlagState = "raised" | "confirmed" | "dismissed";
export type ViolationRule = "leak" | "false_evidence" | "obstruct" | "retaliation" | "retaliation_serious";

export interface Flag {
  id: number;
  case_id: number;
  number: string;
  deadline_code: string;
  handler: string;
  rule: string;
  rule_zh: string;
  suggested_zh: string;
  /** fen */
  fine: number;
  note: string;
  raised_at: string;
  state: FlagState | string;
  decided_by: string | null;
  reason: string | null;
}

export interface HandlerStats {
  handler: string;
  open_cases: number;
  deadlines_due: number;
  deadlines_met_on_time: number;
  /** Basis points (9500 = 95.00%); null when nothing was due. */
  on_time_bp: number | null;
  flags_raised: number;
  flags_confirmed: number;
}

// ---- statistics (mirrors src-tauri/core/src/stats.rs) ----

/** Which cases the dashboard covers: received in [from, to] ("YYYY-MM-DD", inclusive). */
export interface StatsQuery {
  from: string;
  to: string;
  kind?: string | null;
  category?: string | null;
  department?: string | null;
  channel?: string | null;
  /** Only the cases this person handles (assigned inspector or receiving clerk). */
  handler?: string | null;
  /** Days within which the same complainant again counts as a recurrence (default 90). */
  recurrence_window_days?: number | null;
}

export type TargetKind = "at_least" | "below";

/** The periodic report's period: the week (Mon–Sun), month, quarter or year containing `anchor`. */
export type ReportPeriodKind = "week" | "month" | "quarter" | "year";
export interface ReportPeriod {
  kind: ReportPeriodKind;
  /** YYYY-MM-DD */
  anchor: string;
}

/** A chart drawn by chart.js, as PNG bytes, for the report PDF. */
export interface ChartPng {
  title: string;
  png: Uint8Array;
}

/** A rate with its parts, its target and the cases behind it. */
export interface Rate {
  numerator: number;
  denominator: number;
  /** Basis points (9800 = 98.00%); null when the denominator is 0. */
  bp: number | null;
  target_bp: number;
  target_kind: TargetKind | string;
  meets_target: boolean | null;
  /** The cases that count against the rate (late, unresolved, dissatisfied, repeats). */
  drill_down: number[];
}

export interface ParetoRow {
  category: string;
  /** The category's Chinese name. */
  label: string;
  count: number;
  /** Cumulative share in basis points. */
  cumulative_bp: number;
}

export interface Dashboard {
  total: number;
  complaints: number;
  reports: number;
  on_time: Rate;
  /** On-time per deadline code. */
  on_time_by_deadline: Record<string, Rate>;
  resolution: Rate;
  satisfaction: Rate;
  recurrence: Rate;
  /** Average handling time (receipt to reply) in hundredths of a working day. */
  avg_handling_wd_x100: number | null;
  /** 90th percentile (nearest rank) in working days. */
  p90_handling_wd: number | null;
  overdue_now: number[];
  pareto: ParetoRow[];
  /** ["YYYY-MM", count], oldest first; months without cases are left out. */
  monthly: [string, number][];
  /** On-time per handling department. */
  on_time_by_department: Record<string, Rate>;
}

// ---- users, sign-in and the complainant's identity (mirrors accounts.rs, privacy.rs) ----

export type UserRole = "clerk" | "inspector" | "reviewer" | "leader" | "admin";

export interface UserView {
  id: number;
  username: string;
  display_name: string;
  roles: UserRole[];
  active: boolean;
  created_at: string;
}

export interface SessionState {
  /** Sign-in is in force (at least one user exists). */
  accounts: boolean;
  user: UserView | null;
  locked: boolean;
  idle_lock_minutes: number;
}

export interface NewUser {
  username: string;
  display_name: string;
  password: string;
  roles: UserRole[];
}

/** password "" = unchanged. */
export interface UserUpdate {
  display_name: string;
  roles: UserRole[];
  active: boolean;
  password: string;
}

export interface AnonymisationDue {
  id: number;
  number: string;
  archived_at: string;
  retention_ends: string;
}

/** What the shell does when a command meets a locked or ended session.
 *  `locked` shows the unlock overlay and resolves once unlocked (the command
 *  is then sent again, so nothing typed is lost); `signedOut` shows sign-in
 *  (or the first administrator's form when the register has no users). */
export const sessionHooks: { locked: () => Promise<void>; signedOut: () => void } = {
  locked: () => Promise.reject(new Error("no unlock screen")),
  signedOut: () => {},
};

/** Commands that are about the session itself: never retried after an unlock. */
const SESSION_COMMANDS = new Set(["session_state", "sign_in", "sign_out", "lock_session", "unlock_session", "app_info", "open_encrypted_register"]);
// ---- spreadsheets (mirrors src-tauri/core/src/sheets.rs) ----

export type ImportField =
  | "legacy_number"
  | "kind"
  | "channel"
  | "received_at"
  | "receiving_clerk"
  | "name"
  | "phone"
  | "accused"
  | "category"
  | "severity"
  | "matter"
  | "facts"
  | "request"
  | "status"
  | "occurred_when"
  | "occurred_where";

export interface ColumnMapping {
  /** 0-based index of the header row. */
  header_row: number;
  /** One entry per column: the field it holds, or null to ignore it. */
  fields: (ImportField | null)[];
}

export interface ImportColumn {
  index: number;
  letter: string;
  header: string;
  samples: string[];
  field: ImportField | null;
  note: "unknown_header" | "duplicate_header" | null;
}

/** A problem of one row, in both languages (the UI picks one). */
export interface ImportProblem {
  field: string;
  code: string;
  message_zh: string;
  message_en: string;
}

export interface ImportRow {
  /** The row number the spreadsheet shows (1-based). */
  row: number;
  values: Partial<Record<ImportField, string>>;
  problems: ImportProblem[];
}

export interface ImportPreview {
  file_name: string;
  format: string;
  sheet: string;
  encoding: string;
  header_found: boolean;
  mapping: ColumnMapping;
  columns: ImportColumn[];
  ignored_columns: string[];
  missing_fields: ImportField[];
  rows: ImportRow[];
  total: number;
  valid: number;
  with_problems: number;
  duplicates: number;
}

export type ImportMode = "all_or_nothing" | "valid_only";

export interface ImportReport {
  file_name: string;
  mode: ImportMode;
  /** True when all_or_nothing refused the file: nothing was written. */
  refused: boolean;
  total: number;
  imported: { row: number; id: number; number: string; legacy_number: string }[];
  skipped: ImportRow[];
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  for (;;) {
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      const err = toApiError(e);
      if (err.code === "session_locked" && !SESSION_COMMANDS.has(cmd)) {
        try {
          await sessionHooks.locked();
        } catch {
          throw err;
        }
        continue;
      }
      if ((err.code === "not_signed_in" || err.code === "accounts_not_ready") && !SESSION_COMMANDS.has(cmd)) sessionHooks.signedOut();
      throw err;
    }
  }
}

export const api = {
  /** Rejects with code "db_needs_key" while an encrypted register waits for its passphrase. */
  appInfo: () => call<AppInfo>("app_info"),
  /** Opens the encrypted register the app started on; a wrong passphrase rejects with "db_key_wrong" (try again). */
  openEncryptedRegister: (passphrase: string) => call<AppInfo>("open_encrypted_register", { passphrase }),
  /** Encrypts the register, or changes its passphrase (administrator). A passphrase under 10
   *  characters rejects with code "validation" and field "passphrase" (code "weak_passphrase"). */
  setRegisterPassphrase: (passphrase: string) => call<AppInfo>("set_register_passphrase", { passphrase }),
  setupOffice: (request: SetupRequest) => call<AppInfo>("setup_office", { request }),
  setLanguage: (lang: Lang) => call<AppInfo>("set_language", { lang }),
  /** Changes the office's name, address and phone (the letterhead of documents issued from now on).
   *  Rejects with code "validation" and fields "name" / "address" / "phone". */
  updateOffice: (office: OfficeInfo) => call<AppInfo>("update_office", { office }),
  /** The letterhead logo's size, or null when the office has none. */
  letterheadLogoInfo: () => call<LogoInfo | null>("letterhead_logo_info"),
  /** Stores a PNG/JPEG (≤ 2 MB, sides ≤ 4000 px) as the letterhead logo, or removes it with null.
   *  Rejects with code "validation", field "logo", for a file that is not such an image. */
  setLetterheadLogo: (image: Uint8Array | null) =>
    call<LogoInfo | null>("set_letterhead_logo", { image: image ? Array.from(image) : null }),
  getPolicy: () => call<Policy>("get_policy"),
  /** Replaces the policy's deadline rules (all of them, so send every rule).
   *  Rejects with code "validation" and fields "deadlines[i]" (i = the rule's index). */
  updateDeadlineRules: (rules: DeadlineRule[]) => call<Policy>("update_deadline_rules", { rules }),
  createCase: (input: CaseInput) => call<CaseDetail>("create_case", { input }),
  getCase: (id: number) => call<CaseDetail>("get_case", { id }),
  listCases: (query: ListQuery) => call<Page<CaseSummary>>("list_cases", { query }),
  findByQueryCode: (code: string) => call<QueryCodeView>("find_by_query_code", { code }),
  saveDraft: (key: string, body: unknown) => call<void>("save_draft", { key, body }),
  loadDraft: (key: string) => call<unknown | null>("load_draft", { key }),
  discardDraft: (key: string) => call<void>("discard_draft", { key }),
  exportDocument: (case_id: number, doc: DocKind) =>
    call<Exported | null>("export_document", { request: { case_id, doc } }),
  getSettings: () => call<Settings>("get_settings"),
  /** Replaces every setting (lang and the backup fields too), so always send all of them. */
  updateSettings: (settings: SettingsUpdate) => call<Settings>("update_settings", { settings }),
  act: (case_id: number, action: Action) => call<CaseDetail>("act", { request: { case_id, action } }),
  recordDefence: (case_id: number, defence: Defence) =>
    call<CaseDetail>("record_defence", { request: { case_id, defence } }),
  recordInterview: (case_id: number, interview: Interview) =>
    call<CaseDetail>("record_interview", { request: { case_id, interview } }),
  stopClock: (case_id: number, op: "pause" | "resume", date: string, reason: string) =>
    call<DeadlineView[]>("stop_clock", { request: { case_id, op, date, reason } }),
  extendDeadline: (case_id: number, extension: Extension) =>
    call<DeadlineView[]>("extend_deadline", { request: { case_id, extension } }),
  /** With `attach` the backend opens a file chooser; null = the user cancelled it (nothing recorded). */
  recordEvidence: (case_id: number, evidence: EvidenceInput, attach: boolean) =>
    call<CaseDetail | null>("record_evidence", { request: { case_id, evidence, attach } }),
  recordSiteCheck: (case_id: number, site_check: SiteCheck) =>
    call<CaseDetail>("record_site_check", { request: { case_id, site_check } }),
  declareRecusal: (case_id: number, recusal: Recusal) =>
    call<CaseDetail>("declare_recusal", { request: { case_id, recusal } }),
  linkCases: (case_id: number, other_number: string, kind: "related" | "repeat") =>
    call<CaseDetail>("link_cases", { request: { case_id, other_number, kind } }),
  verifyAttachments: (id: number) => call<AttachmentCheck[]>("verify_attachments", { id }),
  getDeadlines: (id: number) => call<DeadlineView[]>("get_deadlines", { id }),
  dueBoard: () => call<DueItem[]>("due_board"),
  getCalendar: () => call<CalendarFile>("get_calendar"),
  setCalendarYear: (year: number, arrangement: YearArrangement) =>
    call<CalendarFile>("set_calendar_year", { request: { year, arrangement } }),
  listTemplates: () => call<TemplateView[]>("list_templates"),
  saveTemplate: (doc_type: string, body: string) => call<TemplateView>("save_template", { request: { doc_type, body } }),
  resetTemplate: (doc_type: string) => call<TemplateView>("reset_template", { request: { doc_type } }),
  previewTemplate: (case_id: number, doc_type: string, body: string, extra: DocExtra = {}) =>
    call<PreviewBlock[]>("preview_template", { request: { case_id, doc_type, body, extra } }),
  /** Writes the PDF of an unsaved template to a temporary file and opens it. */
  previewPdf: (case_id: number, doc_type: string, body: string, extra: DocExtra = {}) =>
    call<Exported>("preview_pdf", { request: { case_id, doc_type, body, extra } }),
  /** Issues (and keeps) the document; null = the save dialog was cancelled (it is still kept). */
  issueDocument: (case_id: number, doc_type: string, extra: DocExtra) =>
    call<Exported | null>("issue_document", { request: { case_id, doc_type, extra } }),
  issuedDocuments: (id: number) => call<IssuedDoc[]>("issued_documents", { id }),
  /** The very bytes issued before; null = the save dialog was cancelled. */
  reprintDocument: (id: number) => call<Exported | null>("reprint_document", { id }),
  /** Every reply letter due today in one PDF; rejects with code "not_found" when none is due. */
  batchReplyLetters: () => call<Exported | null>("batch_reply_letters"),
  rewardPolicy: () => call<RewardPolicy>("reward_policy"),
  setRewardPreset: (id: RewardPresetId) => call<RewardPolicy>("set_reward_preset", { id }),
  /** The allowed range for the typed amounts; null = no fine/recovered/confiscated amount (discretionary only). */
  rewardRange: (request: ProposalInput) => call<RewardRange | null>("reward_range", { request }),
  rewardState: (id: number) => call<RewardState>("reward_state", { id }),
  rewardStep: (case_id: number, step: RewardStep) => call<RewardState>("reward_step", { request: { case_id, ...step } }),
  /** Raises any new missed-deadline flags first, then lists every flag. */
  accountabilityFlags: () => call<Flag[]>("accountability_flags"),
  decideFlag: (id: number, confirm: boolean, reason: string) => call<Flag>("decide_flag", { request: { id, confirm, reason } }),
  recordViolation: (case_id: number, handler: string, rule: string, note: string) =>
    call<Flag>("record_violation", { request: { case_id, handler, rule, note } }),
  handlerStats: () => call<HandlerStats[]>("handler_stats"),
  /** Walks the whole audit hash chain. */
  verifyAudit: () => call<AuditReport>("verify_audit"),
  /** A backup of the register and its attachments into the backup folder. */
  backupNow: () => call<BackupInfo>("backup_now"),
  /** Backups in the backup folder, newest first. */
  listBackups: () => call<BackupFile[]>("list_backups"),
  /** Replaces the register with a verified backup (the replaced one is kept beside it).
   *  Rejects (db_corrupt, db_too_new, …) with nothing changed. */
  restoreBackup: (file: string) => call<AppInfo>("restore_backup", { file }),
  /** Figures for a period (counts, rates against targets, Pareto, trend, per department). */
  dashboard: (query: StatsQuery) => call<Dashboard>("dashboard", { query }),
  /** The filtered register (every page) as CSV with identities masked; null = the save dialog was cancelled. */
  exportRegisterCsv: (query: ListQuery) => call<Exported | null>("export_register_csv", { query }),
  sessionState: () => call<SessionState>("session_state"),
  /** Rejects with "sign_in_failed" (one message whatever was wrong) or "sign_in_wait". */
  signIn: (username: string, password: string) => call<SessionState>("sign_in", { username, password }),
  signOut: () => call<SessionState>("sign_out"),
  lockSession: () => call<SessionState>("lock_session"),
  unlockSession: (password: string) => call<SessionState>("unlock_session", { password }),
  listUsers: () => call<UserView[]>("list_users"),
  /** The first user may be created by anyone and always gets admin. Field errors: code "validation". */
  createUser: (user: NewUser) => call<UserView>("create_user", { user }),
  updateUser: (id: number, update: UserUpdate) => call<UserView>("update_user", { id, update }),
  /** The unmasked case, once; the reason (2–200 characters) goes into the audit trail. */
  revealIdentity: (id: number, reason: string) => call<CaseDetail>("reveal_identity", { id, reason }),
  /** Everything about a person as a JSON file; null = the save dialog was cancelled. */
  exportPersonalData: (name: string, phone: string) => call<Exported | null>("export_personal_data", { query: { name, phone } }),
  anonymisationDue: () => call<AnonymisationDue[]>("anonymisation_due"),
  anonymiseCase: (id: number, confirmNumber: string) => call<void>("anonymise_case", { id, confirmNumber }),
  /** The periodic report as PDF (figures, these charts, overdue and repeated cases; identities masked).
   *  Rejects with code "validation" (field "period.anchor" or "charts[i]"). Null when the save dialog was cancelled. */
  exportPeriodReportPdf: (period: ReportPeriod, filter: StatsQuery, charts: ChartPng[]) =>
    call<Exported | null>("export_period_report_pdf", {
      period,
      filter,
      charts: charts.map((c) => ({ title: c.title, png: Array.from(c.png) })),
    }),
  /** The periodic report's figures as an XLSX workbook. Null when the save dialog was cancelled. */
  exportPeriodReportXlsx: (period: ReportPeriod, filter: StatsQuery) =>
    call<Exported | null>("export_period_report_xlsx", { period, filter }),
  /** The same as XLSX (frozen header, date cells); null = the save dialog was cancelled. */
  exportRegisterXlsx: (query: ListQuery) => call<Exported | null>("export_register_xlsx", { query }),
  /** Opens a file chooser in the backend and previews the picked spreadsheet; null = cancelled.
   *  Rejects with codes import_empty_file, import_empty_sheet, import_no_rows, import_too_large,
   *  import_too_many_rows, import_not_spreadsheet, import_encoding, import_csv_damaged. */
  importPickFile: () => call<ImportPreview | null>("import_pick_file"),
  /** The picked file previewed again with the user's mapping (nothing is written). */
  importPreview: (mapping: ColumnMapping) => call<ImportPreview>("import_preview", { mapping }),
  /** Imports the picked file in one transaction; the backend checks every row again. */
  importCommit: (mapping: ColumnMapping, mode: ImportMode) => call<ImportReport>("import_commit", { mapping, mode }),
};
