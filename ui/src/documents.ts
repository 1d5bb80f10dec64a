// Pure helpers for the office documents: the template editor, the preview
// page and which documents a case can be issued. No DOM, no backend calls.
import type { ApiError, CaseDetail, DocType, PreviewBlock } from "./api";
import { isoDate } from "./handling";
import { rewardNoticeAllowed, rewardStateOf } from "./rewards";

/** Every template document, in the order the editor lists them. */
export const DOC_TYPES: readonly DocType[] = [
  "transcript",
  "not_accepted",
  "extension",
  "notice_to_accused",
  "investigation_report",
  "reply_letter",
  "reward_notice",
];

// ---- the editor ----

/** Puts `{{name}}` in place of the selection [start, end) of `value`;
 *  returns the new text and where the caret goes (just after it). */
export function insertPlaceholder(value: string, start: number, end: number, name: string): { value: string; caret: number } {
  const len = value.length;
  let a = Number.isFinite(start) ? Math.max(0, Math.min(start, len)) : len;
  let b = Number.isFinite(end) ? Math.max(0, Math.min(end, len)) : a;
  if (b < a) [a, b] = [b, a];
  const token = `{{${name}}}`;
  return { value: value.slice(0, a) + token + value.slice(b), caret: a + token.length };
}

/** The template error of a rejected save or preview (field "template"), or null
 *  when the error is about something else (the case, the database …). */
export function templateError(e: ApiError): { code: string; message: string } | null {
  const f = e.fields.find((x) => x.field === "template");
  if (f) return { code: f.code, message: f.message || e.message };
  return null;
}

// ---- the preview page ----

export type PreviewKind = "heading" | "salutation" | "para";

export interface PreviewItem {
  kind: PreviewKind;
  /** The block's lines (a paragraph may hold several, e.g. questions and answers). */
  lines: string[];
}

/** How the letter page shows the backend's blocks: headings bold, the opening
 *  "某某：" line flush left, every paragraph line indented two characters. */
export function previewModel(blocks: PreviewBlock[]): PreviewItem[] {
  return blocks.map((b, i) => {
    const lines = b.text.split("\n").map((l) => l.replace(/\s+$/, ""));
    if (b.heading) return { kind: "heading", lines };
    const text = b.text.trim();
    if (i === 0 && lines.length === 1 && /[：:]$/.test(text)) return { kind: "salutation", lines };
    return { kind: "para", lines };
  });
}

// ---- issuing for a case ----

export interface IssueOffer {
  docType: DocType;
  /** The notice to the accused asks for the date they must answer by. */
  needsAnswerDue: boolean;
}

/** The documents this case can be issued now, in DOC_TYPES order. `rewardState`
 *  is the backend's reward_state; without it the case's records decide. The
 *  reward notice needs an approved (or paid) reward. */
export function issuableDocs(c: Pick<CaseDetail, "status" | "records">, rewardState?: string | null): IssueOffer[] {
  const has = (kind: string) => (c.records ?? []).some((r) => r.kind === kind);
  const ok: Record<DocType, boolean> = {
    transcript: has("interview"),
    not_accepted: c.status === "not_accepted",
    extension: has("extension"),
    notice_to_accused: true,
    investigation_report: has("findings"),
    reply_letter: has("findings"),
    reward_notice: rewardNoticeAllowed(rewardState ?? rewardStateOf(c.records)),
  };
  return DOC_TYPES.filter((d) => ok[d]).map((d) => ({ docType: d, needsAnswerDue: d === "notice_to_accused" }));
}

/** "YYYY-MM-DD" `n` calendar days after `from` (local dates). */
export function addDays(from: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date();
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** What issuing sends besides the case: always today's date, plus the answer date for the notice. */
export function issueExtra(docType: DocType, today: string, answerDue?: string): Record<string, string> {
  const extra: Record<string, string> = { issue_date: today };
  if (docType === "notice_to_accused") extra.answer_due = (answerDue ?? "").trim() || addDays(today, 5);
  return extra;
}

/** The first 12 hex digits of a hash, as the issued list shows it. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** A byte count as "812 B", "35.2 KB", "1.4 MB". */
export function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Is this rejection of batch_reply_letters "nothing is due today"? */
export function nothingDue(e: ApiError): boolean {
  return e.code === "not_found";
}
