// 文书模板, its pure parts: the documents in the editor's order, putting a
// placeholder at the caret, the template error of a refusal, and how the
// preview page lays out the core's text blocks.
import type { PreviewBlock } from "../../api/generated";
import type { ApiError } from "../../api/transport";

/** Every template document, in the order the editor lists them. */
export const DOC_TYPES = ["transcript", "not_accepted", "extension", "notice_to_accused", "investigation_report", "reply_letter", "reward_notice"] as const;

/** Where a document type goes in the editor's list (unknown ones last). */
export function docOrder(code: string): number {
  const i = (DOC_TYPES as readonly string[]).indexOf(code);
  return i < 0 ? DOC_TYPES.length : i;
}

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

/** The template error of a refused save or preview (field "template" or
 *  "body"), or null when the error is about something else (the case, …). */
export function templateError(e: Pick<ApiError, "message" | "fields">): { code: string; message: string } | null {
  const f = e.fields.find((x) => x.field === "template" || x.field === "body");
  if (f) return { code: f.code, message: f.message || e.message };
  return null;
}

export type PreviewKind = "heading" | "salutation" | "para";

export interface PreviewItem {
  kind: PreviewKind;
  /** The block's lines (a paragraph may hold several, e.g. questions and answers). */
  lines: string[];
}

/** How the letter page shows the core's blocks: headings bold, the opening
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
