// The register list and the import screen, their pure parts: the query the
// list keeps, file names of exports, and the column mapping of an import.
import type { ColumnMapping, ImportField, ImportPreview, ImportRow, Lang, ListQuery, FieldError } from "../../api/generated";
import { compactDate } from "../../lib/dates";

export const PAGE_SIZE = 20;

/** A fresh list query: everything, newest first, first page. */
export function emptyQuery(): ListQuery {
  return { text: "", kind: null, status: null, category: null, channel: null, received_from: null, received_to: null, sort: "received_desc", page: 1, page_size: PAGE_SIZE };
}

/** A filter value as the query takes it ("" = no filter). */
export function opt(v: string | null | undefined): string | null {
  return v ? v : null;
}

/** How many pages a total makes (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

/** The register search that finds a case by its number. */
export function numberQuery(number: string): ListQuery {
  return { ...emptyQuery(), text: number.trim(), sort: "number_asc", page_size: 50 };
}

/** The case whose number is exactly `number` (ignoring case and surrounding blanks), or null. */
export function exactCase(items: { id: number; number: string }[], number: string): number | null {
  const want = number.trim().toUpperCase();
  if (!want) return null;
  return items.find((c) => c.number.trim().toUpperCase() === want)?.id ?? null;
}

/** "登记簿-20261201.csv": the name an export is saved under. */
export function exportName(base: string, ext: "csv" | "xlsx", now: Date = new Date()): string {
  return `${base}-${compactDate(now)}.${ext}`;
}

// ---- import ----

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
  "department",
  "result",
  "closed_at",
  "satisfaction",
];

/** The fields the preview table shows for each row. */
export const PREVIEW_FIELDS: readonly ImportField[] = ["legacy_number", "received_at", "kind", "category", "name", "matter", "closed_at"];

/** The file types the import takes. */
export const IMPORT_EXTENSIONS = ["xlsx", "xls", "ods", "csv"];

/** A row problem in the user's language. */
export function problemText(p: FieldError, lang: Lang): string {
  return lang === "en" ? p.message_en : p.message_zh;
}

/** The mapping with column `col` set to `field` (or ignored for null). A field
 *  holds one column: another column that had it is set to ignored. */
export function remap(m: ColumnMapping, col: number, field: ImportField | null): ColumnMapping {
  const fields = m.fields.map((f, i) => (i === col ? field : field !== null && f === field ? null : f));
  return { ...m, fields };
}

/** The mapping with one value for the whole `field` ("" takes it away). */
export function setWholeField(m: ColumnMapping, field: ImportField, value: string): ColumnMapping {
  const fixed = { ...m.fixed };
  if (value.trim()) fixed[field] = value.trim();
  else delete fixed[field];
  return { ...m, fixed };
}

/** What a preview cell shows: the value read, or the one the importer
 *  filled in and why ("whole_field", "suggested", "first_sentence"). */
export function cellValue(r: ImportRow, f: ImportField): { text: string; source: string | null } {
  const read = r.values[f];
  if (read !== undefined && read !== "") return { text: read, source: null };
  const filled = r.filled.find((x) => x.field === f);
  return filled ? { text: filled.value, source: filled.source } : { text: "", source: null };
}

/** Rows to show: every row with problems, then the first `limit` rows, in sheet order. */
export function rowsToShow(p: Pick<ImportPreview, "rows">, limit: number): ImportRow[] {
  return p.rows.filter((r, i) => r.problems.length > 0 || i < limit);
}
