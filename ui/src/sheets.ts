// Pure helpers of the spreadsheet import screen (tested without a DOM).
import type { ColumnMapping, ImportField, ImportPreview, ImportProblem, ImportRow, Lang } from "./api";

/** Every field a column can be imported as, in the order the <select> lists them. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  "legacy_number",
  "kind",
  "channel",
  "received_at",
  "receiving_clerk",
  "name",
  "phone",
  "accused",
  "category",
  "severity",
  "matter",
  "facts",
  "request",
  "status",
  "occurred_when",
  "occurred_where",
];

/** The fields the preview table shows for each row. */
export const PREVIEW_FIELDS: readonly ImportField[] = ["legacy_number", "received_at", "kind", "category", "name", "matter"];

/** A row problem in the user's language. */
export function problemText(p: ImportProblem, lang: Lang): string {
  return lang === "en" ? p.message_en : p.message_zh;
}

/** The mapping with column `col` set to `field` (or ignored for null). A field
 *  holds one column: another column that had it is set to ignored. */
export function remap(m: ColumnMapping, col: number, field: ImportField | null): ColumnMapping {
  const fields = m.fields.map((f, i) => (i === col ? field : field !== null && f === field ? null : f));
  return { header_row: m.header_row, fields };
}

/** Rows to show: every row with problems, then the first `limit` rows, in sheet order. */
export function rowsToShow(p: ImportPreview, limit: number): ImportRow[] {
  return p.rows.filter((r, i) => r.problems.length > 0 || i < limit);
}
