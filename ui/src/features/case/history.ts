// A case's timeline as people read it: each history entry's label (the step
// or record it was), and its detail as "审核人：张三 · 调查方式：…" with
// readable field names and values. Pure (no DOM, no backend).
import type { CaseRecord, HistoryEntry } from "../../api/generated";
import { colon, label, t, type LabelPrefix, type MsgKey } from "../../lib/i18n";

/** Record kinds that name their step better than the status they led to
 *  (a rejection and a reopening both lead to "investigating"). */
const RECORD_STEP: Record<string, string> = {
  rejection: "reject_findings",
  reopen: "reopen",
  no_follow_up: "no_follow_up",
  not_accepted_notice: "not_accepted_notice",
};

/** The timeline label of a history entry. A workflow step's entry is named
 *  after the status it led to; the record written with it (same moment)
 *  names the step when that says more. Entries of older registers carry
 *  the step in their detail. */
export function historyActionKey(action: string, detail: unknown, recordKind?: string): string {
  if (action === "reward_decision" && detail && typeof detail === "object" && (detail as { approve?: unknown }).approve === false) return "reward_rejected";
  if (recordKind && RECORD_STEP[recordKind]) return RECORD_STEP[recordKind];
  const step = detail && typeof detail === "object" ? (detail as { step?: unknown }).step : undefined;
  switch (step) {
    case "reject_findings":
      return "reject_findings";
    case "reopen":
      return "reopen";
    case "no_follow_up":
      return "no_follow_up";
    case "not_accepted_notice_sent":
      return "not_accepted_notice";
    default:
      return action;
  }
}

/** The timeline's label of an entry: the action's name, and for an issued
 *  document its title ("出具文书：书面答复意见书"). */
export function historyActionText(action: string, detail: unknown, recordKind?: string): string {
  const key = historyActionKey(action, detail, recordKind);
  const base = label("action", key);
  if (action === "document_issued" && detail && typeof detail === "object") {
    const title = (detail as { title?: unknown }).title;
    if (typeof title === "string" && title.trim()) return `${base}${colon()}${title.trim()}`;
  }
  return base;
}

/** Fields shown in the timeline, in this order, with how to show their values. */
const DETAIL_FIELDS: [string, LabelPrefix | null][] = [
  ["ground", "ground"],
  ["reviewer", null],
  ["mode", "mode"],
  ["inspectors", null],
  ["department", null],
  ["conclusion", "conclusion"],
  ["proposals", "proposal"],
  ["rectification_due", null],
  ["org_notice", null],
  ["approver", null],
  ["method", "method"],
  ["satisfaction", "satisfaction"],
  ["sent_on", null],
  ["asked_on", null],
  ["declined", null],
  ["at", null],
  ["place", null],
  ["interviewer", null],
  ["recorder", null],
  ["interviewee", null],
  ["role", "role"],
  ["signed", null],
  ["description", null],
  ["source", null],
  ["obtained_on", null],
  ["file_name", null],
  ["handler", null],
  ["from", null],
  ["to", null],
  ["new_due", null],
  ["notice_sent_on", null],
  ["doc", "doc"],
  ["year", null],
  ["facts", null],
  ["responsibility", null],
  ["statement", null],
  ["findings", null],
  ["summary", null],
  ["note", null],
  ["reason", null],
  ["comment", null],
];
/** Actions whose details are read with their own field list. */
const ACTION_FIELDS: Record<string, [string, LabelPrefix | null][]> = {
  // Money is shown as the backend formatted it (never the raw fen).
  reward_proposal: [
    ["amount_display", null],
    ["reason", null],
  ],
  reward_decision: [["comment", null]],
  case_imported: [
    ["file", null],
    ["row", null],
    ["legacy_number", null],
    ["legacy_status", null],
    ["imported_as", "status"],
    ["department", null],
    ["closed_on", null],
    ["result", null],
    ["satisfaction", null],
  ],
  register_imported: [
    ["file", null],
    ["imported", null],
    ["skipped", null],
    ["mode", "import_mode"],
  ],
  reward_payment: [
    ["paid_on", null],
    ["method", "rpay"],
    ["payer", null],
    ["receipt_no", null],
    ["recipient", null],
  ],
  reward_consent: [],
  case_registered: [
    ["kind", "kind"],
    ["channel", "channel"],
    ["severity", "severity"],
  ],
  linked: [
    ["other", null],
    ["kind", "link"],
  ],
  site_check: [
    ["at", null],
    ["place", null],
    ["inspectors", null],
    ["findings", null],
  ],
};
/** Fields of registration details that would only repeat the case itself. */
const SKIP = new Set([
  "step",
  "questions_and_answers",
  "number",
  "query_code",
  "sha256",
  "size",
  "stored_as",
  // reward records: raw fen and internals; the formatted amount is listed instead
  "amount",
  "amount_upper",
  "discretionary",
  "approve",
  "consent",
  "rule",
  "flag",
  // the registration's category code (the case shows its name) and flag
  "category",
  "anonymous",
  // accounts behind names: the names are shown
  "reviewer_id",
  "approver_id",
  "user_id",
  "inspector_ids",
]);
/** Where one action names a field differently from the rest (现场核查的“时间”不是谈话时间). */
const ACTION_LABELS: Record<string, Partial<Record<string, MsgKey>>> = {
  site_check: { at: "site.at", place: "site.place", inspectors: "site.inspectors", findings: "site.findings" },
  recusal: { handler: "recusal.handler", reason: "recusal.reason" },
  evidence: { description: "evidence.description", source: "evidence.source", obtained_on: "evidence.obtained_on" },
  linked: { other: "link.other", kind: "link.kind" },
  case_imported: { file: "import.history.file", row: "import.history.row", legacy_number: "case.legacy_number", legacy_status: "import.field.status", imported_as: "import.history.imported_as", department: "import.field.department", closed_on: "import.field.closed_at", result: "import.field.result", satisfaction: "import.field.satisfaction" },
  register_imported: { file: "import.history.file", imported: "import.history.imported", skipped: "import.history.skipped", mode: "import.history.mode" },
  reward_proposal: { amount_display: "reward.amount_shown", reason: "reward.reason" },
  case_registered: { kind: "intake.kind", channel: "intake.channel", severity: "intake.severity" },
  reward_payment: { paid_on: "reward.paid_on", method: "reward.method", payer: "reward.payer", receipt_no: "reward.receipt_no", recipient: "reward.recipient" },
};

function value(v: unknown, prefix: LabelPrefix | null): string {
  if (typeof v === "boolean") return t(v ? "common.yes" : "common.no");
  if (Array.isArray(v)) return v.map((x) => value(x, prefix)).join("、");
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  const s = String(v);
  return prefix ? label(prefix, s) : s;
}

/** A field's label without its input hint: "审核人（部门负责人）" → "审核人". */
function shortLabel(k: string, action?: string): string {
  const own = action ? ACTION_LABELS[action]?.[k] : undefined;
  return (own ? t(own) : label("fld", k)).replace(/\s*[（(][^（(]*[）)]$/, "");
}

/** "审核人：张三 · 调查方式：指定一名督查员 · 意见：…" */
export function historyDetail(detail: unknown, action?: string): string {
  if (detail === null || detail === undefined) return "";
  if (typeof detail !== "object") return String(detail);
  // The issued document's title is in the label already; its hash and ids say nothing to a reader.
  if (action === "document_issued") return "";
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  const sep = colon();
  const fields = (action && ACTION_FIELDS[action]) || DETAIL_FIELDS;
  const known = new Set(fields.map(([k]) => k));
  for (const [k, prefix] of fields) {
    if (!(k in d)) continue;
    const v = d[k];
    if (v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    if (k === "org_notice" && v === false) continue;
    parts.push(`${shortLabel(k, action)}${sep}${value(v, prefix)}`);
  }
  const qa = d.questions_and_answers;
  if (Array.isArray(qa) && qa.length) parts.push(`${t("fld.questions")}${sep}${qa.length}`);
  for (const [k, v] of Object.entries(d)) {
    if (known.has(k) || SKIP.has(k) || v === null || v === "" || typeof v === "object") continue;
    parts.push(`${k}${sep}${String(v)}`);
  }
  return parts.join(" · ");
}

/** The kind of the record written at the same moment as `e`, if any. */
export function recordKindAt(e: Pick<HistoryEntry, "at">, records: Pick<CaseRecord, "at" | "record">[]): string | undefined {
  return records.find((r) => r.at === e.at)?.record.kind;
}

/** Is the clock stopped, judging by the last pause/resume in the history? */
export function clockPaused(history: { action: string }[]): boolean {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].action === "pause") return true;
    if (history[i].action === "resume") return false;
  }
  return false;
}
