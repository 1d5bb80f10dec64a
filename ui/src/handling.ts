// Pure logic of the handling workflow as the UI offers it: which steps a
// status allows, what each step's form asks for, turning form values into the
// backend's Action, grouping the due board, and reading history entries.
// No DOM here, so the tests can run it directly.
import type {
  Action,
  Conclusion,
  DeadlineView,
  DueItem,
  InvestigationMode,
  NotAcceptGround,
  Proposal,
  ReplyMethod,
  Satisfaction,
  StepCode,
  YearArrangement,
} from "./api";
import { getLang, label, t, type LabelPrefix, type MsgKey } from "./i18n";

export const GROUNDS: NotAcceptGround[] = ["court", "petition", "no_target", "criminal", "outside_remit"];
export const MODES: InvestigationMode[] = ["single", "team", "commissioned"];
export const CONCLUSIONS: Conclusion[] = ["substantiated", "partly_substantiated", "unfounded"];
export const PROPOSALS: Proposal[] = ["correction", "apology", "penalty", "judiciary", "rectification", "reward"];
export const METHODS: ReplyMethod[] = ["letter", "email", "in_person", "phone", "query_code"];
export const SATISFACTIONS: Satisfaction[] = ["satisfied", "partly_satisfied", "dissatisfied"];
export const ROLES = ["complainant", "accused", "witness", "other"] as const;

/** The workflow steps offered per status (the backend still has the last word). */
export const STEPS_BY_STATUS: Record<string, StepCode[]> = {
  registered: ["accept", "not_accept"],
  not_accepted: ["not_accepted_notice_sent", "archive"],
  accepted: ["review"],
  reviewed: ["start_investigation"],
  investigating: ["write_findings"],
  findings: ["approve", "reject_findings", "reply"],
  approved: ["reply"],
  replied: ["follow_up", "no_follow_up", "escalate"],
  followed_up: ["archive", "escalate", "reopen"],
  escalated: ["reopen", "archive"],
  archived: [],
};

export interface Offer {
  steps: StepCode[];
  /** Investigation records that can be added now. */
  records: ("defence" | "interview")[];
  /** Evidence and site checks can be recorded (from review until the reply). */
  gathering: boolean;
  /** Recusals and links to other cases can be recorded (until archived). */
  manage: boolean;
  /** Stop/restart the clock and extend the deadline. */
  clock: boolean;
}

/** The statuses in which evidence and site checks are taken: every status of
 *  the investigation before the reply (审核后、答复前). */
export const GATHERING_STATUSES: readonly string[] = ["reviewed", "investigating", "findings", "approved"];

export function actionsFor(status: string): Offer {
  return {
    steps: STEPS_BY_STATUS[status] ?? [],
    records: status === "investigating" ? ["defence", "interview"] : [],
    gathering: GATHERING_STATUSES.includes(status),
    manage: status !== "archived",
    clock: status !== "archived",
  };
}

export type FieldKind = "text" | "textarea" | "date" | "select" | "checkbox" | "proposals";

export interface FieldSpec {
  /** The backend's field name; the element id is `step-<name>`. */
  name: string;
  kind: FieldKind;
  prefix?: LabelPrefix;
  options?: readonly string[];
  required?: boolean;
  /** Shown only when this proposal is ticked (rectification_due). */
  whenProposal?: Proposal;
}

const comment: FieldSpec = { name: "comment", kind: "textarea" };

export const STEP_FIELDS: Record<StepCode, FieldSpec[]> = {
  accept: [comment],
  not_accept: [
    { name: "ground", kind: "select", prefix: "ground", options: GROUNDS, required: true },
    { name: "reason", kind: "textarea", required: true },
  ],
  not_accepted_notice_sent: [{ name: "sent_on", kind: "date", required: true }],
  review: [
    { name: "reviewer", kind: "text", required: true },
    { name: "mode", kind: "select", prefix: "mode", options: MODES, required: true },
    { name: "inspectors", kind: "text", required: true },
    { name: "department", kind: "text", required: true },
    comment,
  ],
  start_investigation: [comment],
  write_findings: [
    { name: "conclusion", kind: "select", prefix: "conclusion", options: CONCLUSIONS, required: true },
    { name: "facts", kind: "textarea", required: true },
    { name: "responsibility", kind: "textarea" },
    { name: "proposals", kind: "proposals" },
    { name: "rectification_due", kind: "date", whenProposal: "rectification" },
    { name: "org_notice", kind: "checkbox" },
  ],
  approve: [{ name: "approver", kind: "text", required: true }, comment],
  reject_findings: [
    { name: "approver", kind: "text", required: true },
    { name: "comment", kind: "textarea", required: true },
  ],
  reply: [
    { name: "method", kind: "select", prefix: "method", options: METHODS, required: true },
    { name: "summary", kind: "textarea", required: true },
  ],
  follow_up: [
    { name: "satisfaction", kind: "select", prefix: "satisfaction", options: SATISFACTIONS, required: true },
    { name: "note", kind: "textarea" },
  ],
  no_follow_up: [{ name: "reason", kind: "textarea", required: true }],
  escalate: [{ name: "comment", kind: "textarea", required: true }],
  reopen: [{ name: "comment", kind: "textarea", required: true }],
  archive: [comment],
};

/** Form values by field name; proposals come as `proposal-<name>` booleans. */
export type FormValues = Record<string, string | boolean | undefined>;

/** "张三，李四、 王五,赵六" → ["张三","李四","王五","赵六"]. */
export function splitNames(s: string): string[] {
  return s
    .split(/[，,、;；\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

function str(v: FormValues, k: string): string {
  const x = v[k];
  return typeof x === "string" ? x.trim() : "";
}

function bool(v: FormValues, k: string): boolean {
  return v[k] === true || v[k] === "true" || v[k] === "on";
}

export function proposalsOf(v: FormValues): Proposal[] {
  return PROPOSALS.filter((p) => bool(v, `proposal-${p}`));
}

/** Build the backend's Action from the values of a step's form. */
export function buildAction(step: StepCode, v: FormValues): Action {
  switch (step) {
    case "accept":
    case "start_investigation":
    case "escalate":
    case "reopen":
    case "archive":
      return { step, comment: str(v, "comment") };
    case "not_accept":
      return { step, ground: str(v, "ground") as NotAcceptGround, reason: str(v, "reason") };
    case "not_accepted_notice_sent":
      return { step, sent_on: str(v, "sent_on") };
    case "review":
      return {
        step,
        reviewer: str(v, "reviewer"),
        mode: str(v, "mode") as InvestigationMode,
        inspectors: splitNames(str(v, "inspectors")),
        department: str(v, "department"),
        comment: str(v, "comment"),
      };
    case "write_findings": {
      const proposals = proposalsOf(v);
      const due = str(v, "rectification_due");
      return {
        step,
        conclusion: str(v, "conclusion") as Conclusion,
        facts: str(v, "facts"),
        responsibility: str(v, "responsibility"),
        proposals,
        rectification_due: proposals.includes("rectification") && due ? due : null,
        org_notice: bool(v, "org_notice"),
      };
    }
    case "approve":
    case "reject_findings":
      return { step, approver: str(v, "approver"), comment: str(v, "comment") };
    case "reply":
      return { step, method: str(v, "method") as ReplyMethod, summary: str(v, "summary") };
    case "follow_up":
      return { step, satisfaction: str(v, "satisfaction") as Satisfaction, note: str(v, "note") };
    case "no_follow_up":
      return { step, reason: str(v, "reason") };
  }
}

// ---- dates ----

const pad = (n: number) => String(n).padStart(2, "0");

/** Local "YYYY-MM-DD". */
export function isoDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local "YYYY-MM-DD HH:MM". */
export function isoMinute(d: Date = new Date()): string {
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// ---- due board ----

export type DueGroup = "overdue" | "today" | "week" | "later";
export const DUE_GROUPS: DueGroup[] = ["overdue", "today", "week", "later"];

export function groupOf(state: string): DueGroup | null {
  switch (state) {
    case "overdue":
      return "overdue";
    case "due_today":
      return "today";
    case "due_this_week":
      return "week";
    case "pending":
      return "later";
    default:
      return null; // met, met_late: nothing to do
  }
}

/** Group the due board by state, each group by due date (earliest first). */
export function groupDue(items: DueItem[]): Record<DueGroup, DueItem[]> {
  const out: Record<DueGroup, DueItem[]> = { overdue: [], today: [], week: [], later: [] };
  for (const it of items) {
    const g = groupOf(it.deadline.state);
    if (g) out[g].push(it);
  }
  for (const g of DUE_GROUPS) out[g].sort((a, b) => a.deadline.due_at.localeCompare(b.deadline.due_at) || a.number.localeCompare(b.number));
  return out;
}

/** The number the tab badge shows: overdue + due today. */
export function urgentCount(items: DueItem[]): number {
  return items.filter((i) => i.deadline.state === "overdue" || i.deadline.state === "due_today").length;
}

/** The deadline label in the current language. */
export function deadlineLabel(d: Pick<DeadlineView, "label_zh" | "label_en">, lang: string): string {
  return lang === "en" && d.label_en ? d.label_en : d.label_zh;
}

// ---- history ----

/** The timeline label of a history entry: the step in its detail wins
 *  (e.g. "reopen" and "reject_findings" both lead to "investigating"). */
export function historyActionKey(action: string, detail: unknown): string {
  if (action === "reward_decision" && detail && typeof detail === "object" && (detail as { approve?: unknown }).approve === false) return "reward_rejected";
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
export function historyActionText(action: string, detail: unknown): string {
  const key = historyActionKey(action, detail);
  const base = label("action", key);
  if (action === "document_issued" && detail && typeof detail === "object") {
    const title = (detail as { title?: unknown }).title;
    if (typeof title === "string" && title.trim()) return `${base}${getLang() === "en" ? ": " : "："}${title.trim()}`;
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
]);
/** Where one action names a field differently from the rest (现场核查的“时间”不是谈话时间). */
const ACTION_LABELS: Record<string, Partial<Record<string, MsgKey>>> = {
  site_check: { at: "site.at", place: "site.place", inspectors: "site.inspectors", findings: "site.findings" },
  recusal: { handler: "recusal.handler", reason: "recusal.reason" },
  evidence: { description: "evidence.description", source: "evidence.source", obtained_on: "evidence.obtained_on" },
  linked: { other: "link.other", kind: "link.kind" },
  case_imported: { file: "import.history.file", row: "import.history.row", legacy_number: "case.legacy_number", legacy_status: "import.field.status", imported_as: "import.history.imported_as" },
  register_imported: { file: "import.history.file", imported: "import.history.imported", skipped: "import.history.skipped", mode: "import.history.mode" },
  reward_proposal: { amount_display: "reward.amount_shown", reason: "reward.reason" },
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
  const sep = getLang() === "en" ? ": " : "：";
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

/** Is the clock stopped, judging by the last pause/resume in the history? */
export function clockPaused(history: { action: string }[]): boolean {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].action === "pause") return true;
    if (history[i].action === "resume") return false;
  }
  return false;
}

// ---- calendar import ----

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
