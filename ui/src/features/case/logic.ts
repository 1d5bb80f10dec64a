// Handling a case, its pure parts: which step each operation the core
// allows is (its label and form), what each form asks for, and the input
// each operation is sent. Which steps are allowed now is the core's to say
// (CaseView.allowed); nothing here knows the workflow.
import type {
  Conclusion,
  EvidenceInput,
  Findings,
  InvestigationMode,
  LinkInput,
  NotAcceptGround,
  Satisfaction,
  SiteCheck,
} from "../../api/generated";
import { addDays } from "../../lib/dates";
import type { LabelPrefix } from "../../lib/i18n";
import { bool, splitNames, str, type FormValues } from "../../lib/values";

export const GROUNDS: NotAcceptGround[] = ["court", "petition", "no_target", "criminal", "outside_remit"];
export const MODES: InvestigationMode[] = ["single", "team", "commissioned"];
export const CONCLUSIONS: Conclusion[] = ["substantiated", "partly_substantiated", "unfounded"];
export const PROPOSALS = ["correction", "apology", "penalty", "judiciary", "rectification", "reward"] as const;
export type Proposal = (typeof PROPOSALS)[number];
export const METHODS = ["letter", "email", "in_person", "phone", "sms", "query_code"] as const;
export const SATISFACTIONS: Satisfaction[] = ["satisfied", "partly_satisfied", "dissatisfied"];
export const INTERVIEW_ROLES = ["complainant", "accused", "witness", "other"] as const;

/** The workflow operations, in the order their buttons show, each with its step code (ids and labels). */
export const STEP_OPS = {
  accept_case: "accept",
  not_accept_case: "not_accept",
  record_not_accepted_notice: "not_accepted_notice_sent",
  review_case: "review",
  start_investigation: "start_investigation",
  write_findings: "write_findings",
  approve_findings: "approve",
  reject_findings: "reject_findings",
  record_reply: "reply",
  record_follow_up: "follow_up",
  record_no_follow_up: "no_follow_up",
  escalate_case: "escalate",
  reopen_case: "reopen",
  archive_case: "archive",
} as const;
export type StepOp = keyof typeof STEP_OPS;
export type StepCode = (typeof STEP_OPS)[StepOp];

/** The step operations among those the core allows, in button order. */
export function stepsAllowed(operations: readonly string[]): StepOp[] {
  return (Object.keys(STEP_OPS) as StepOp[]).filter((op) => operations.includes(op));
}

/** "date": YYYY-MM-DD; "datetime": "YYYY-MM-DD HH:MM" (both typed in the Chinese form, see lib/datefield.ts). */
export type FieldKind = "text" | "textarea" | "date" | "datetime" | "select" | "checkbox" | "proposals" | "users";

export interface FieldSpec {
  /** The core's field name; the element id is `step-<name>`. */
  name: string;
  kind: FieldKind;
  prefix?: LabelPrefix;
  options?: readonly string[];
  required?: boolean;
  /** Shown only when this proposal is ticked (rectification_due). */
  whenProposal?: Proposal;
}

const comment: FieldSpec = { name: "comment", kind: "textarea" };
const needComment: FieldSpec = { name: "comment", kind: "textarea", required: true };

export const STEP_FIELDS: Record<StepOp, FieldSpec[]> = {
  accept_case: [comment],
  not_accept_case: [
    { name: "ground", kind: "select", prefix: "ground", options: GROUNDS, required: true },
    { name: "reason", kind: "textarea", required: true },
  ],
  record_not_accepted_notice: [{ name: "sent_on", kind: "date", required: true }],
  review_case: [
    { name: "mode", kind: "select", prefix: "mode", options: MODES, required: true },
    { name: "inspector_ids", kind: "users", required: true },
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
  approve_findings: [comment],
  reject_findings: [needComment],
  record_reply: [
    { name: "method", kind: "select", prefix: "method", options: METHODS, required: true },
    { name: "summary", kind: "textarea", required: true },
  ],
  record_follow_up: [
    { name: "satisfaction", kind: "select", prefix: "satisfaction", options: SATISFACTIONS, required: true },
    { name: "note", kind: "textarea" },
  ],
  record_no_follow_up: [{ name: "reason", kind: "textarea", required: true }],
  escalate_case: [needComment],
  reopen_case: [needComment],
  archive_case: [comment],
};

export function proposalsOf(v: FormValues): Proposal[] {
  return PROPOSALS.filter((p) => bool(v, `proposal-${p}`));
}

/** The users ticked in a users field (`<field>-<id>` boxes), in the order shown. */
export function tickedIds(v: FormValues, name: string): number[] {
  const out: number[] = [];
  for (const [k, x] of Object.entries(v)) {
    const m = new RegExp(`^${name}-(\\d+)$`).exec(k);
    if (m && x === true) out.push(Number(m[1]));
  }
  return out;
}

/** What the step's operation is sent (inside its CaseOp), from the values of its form. */
export function stepInput(op: StepOp, v: FormValues): unknown {
  switch (op) {
    case "accept_case":
    case "start_investigation":
    case "approve_findings":
    case "reject_findings":
    case "escalate_case":
    case "reopen_case":
    case "archive_case":
      return { comment: str(v, "comment") };
    case "not_accept_case":
      return { ground: str(v, "ground") as NotAcceptGround, reason: str(v, "reason") };
    case "record_not_accepted_notice":
      return { sent_on: str(v, "sent_on") };
    case "review_case":
      return { mode: str(v, "mode") as InvestigationMode, inspector_ids: tickedIds(v, "inspector"), department: str(v, "department"), comment: str(v, "comment") };
    case "write_findings": {
      const proposals = proposalsOf(v);
      const due = str(v, "rectification_due");
      const f: Findings = {
        conclusion: str(v, "conclusion") as Conclusion,
        facts: str(v, "facts"),
        responsibility: str(v, "responsibility"),
        proposals,
        rectification_due: proposals.includes("rectification") && due ? due : null,
        org_notice: bool(v, "org_notice"),
      };
      return f;
    }
    case "record_reply":
      return { method: str(v, "method"), summary: str(v, "summary") };
    case "record_follow_up":
      return { satisfaction: str(v, "satisfaction") as Satisfaction, note: str(v, "note") };
    case "record_no_follow_up":
      return { reason: str(v, "reason") };
  }
}

// ---- investigation records ----

/** The evidence form (ids `evidence-<name>`): description, source, obtained_on; the file is added by the view. */
export function buildEvidence(v: FormValues): { evidence: EvidenceInput["evidence"]; attach: boolean } {
  return {
    evidence: { description: str(v, "description"), source: str(v, "source"), obtained_on: str(v, "obtained_on"), file_name: null, sha256: null, size: null, stored_as: null },
    attach: bool(v, "attach"),
  };
}

/** The site-check form (ids `site-<name>`); inspectors are split on ，,、；; and new lines. */
export function buildSiteCheck(v: FormValues): SiteCheck {
  return {
    at: str(v, "at").replace("T", " "),
    place: str(v, "place"),
    inspectors: splitNames(str(v, "inspectors")),
    findings: str(v, "findings"),
  };
}

export const LINK_KINDS = ["related", "repeat"] as const;

/** The link form (ids `link-<name>`). An unknown kind is sent as typed so the core reports it on the field. */
export function buildLink(v: FormValues): LinkInput {
  return { other_number: str(v, "other_number"), kind: str(v, "kind") || "related" };
}

/** The interview form's questions and answers (`q-<i>`, `a-<i>`), blank pairs left out. */
export function questionsAndAnswers(v: FormValues, n: number): { question: string; answer: string }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const question = str(v, `q-${i}`);
    const answer = str(v, `a-${i}`);
    if (question || answer) out.push({ question, answer });
  }
  return out;
}

// ---- documents ----

/** The documents of the 文书 card (the slip and receipt have their own buttons), in this order. */
export const CARD_DOCUMENTS = ["transcript", "not_accepted", "extension", "notice_to_accused", "investigation_report", "reply_letter", "reward_notice"] as const;

/** The card's documents among those the core allows, in card order. */
export function cardDocuments(allowed: readonly string[]): string[] {
  return CARD_DOCUMENTS.filter((d) => allowed.includes(d));
}

/** What issuing sends besides the case: always today's date, plus the answer date for the notice (five days on by default). */
export function issueExtra(docType: string, today: string, answerDue?: string): Record<string, string> {
  const extra: Record<string, string> = { issue_date: today };
  if (docType === "notice_to_accused") extra.answer_due = (answerDue ?? "").trim() || addDays(today, 5);
  return extra;
}
