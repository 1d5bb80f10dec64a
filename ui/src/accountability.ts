// Pure helpers for 问责: the violation form, finding the case by its number,
// and the order the tables show. No DOM, no backend calls.
import type { CaseSummary, Flag, ListQuery, ViolationRule } from "./api";

/** The violations a leader can record (missed deadlines are raised on their own). */
export const VIOLATION_RULES: readonly ViolationRule[] = ["leak", "false_evidence", "obstruct", "retaliation", "retaliation_serious"];

/** The register search that finds a case by its number. */
export function numberQuery(number: string): ListQuery {
  return { text: number.trim(), sort: "number_asc", page: 1, page_size: 50 };
}

/** The case whose number is exactly `number` (ignoring case and surrounding blanks), or null. */
export function exactCase(items: Pick<CaseSummary, "id" | "number">[], number: string): number | null {
  const want = number.trim().toUpperCase();
  if (!want) return null;
  return items.find((c) => c.number.trim().toUpperCase() === want)?.id ?? null;
}

/** Open flags first (oldest first), then the decided ones (newest first). */
export function sortFlags(flags: Flag[]): Flag[] {
  const open = flags.filter((f) => f.state === "raised").sort((a, b) => a.raised_at.localeCompare(b.raised_at) || a.id - b.id);
  const done = flags.filter((f) => f.state !== "raised").sort((a, b) => b.raised_at.localeCompare(a.raised_at) || b.id - a.id);
  return [...open, ...done];
}
