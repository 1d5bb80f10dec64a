// 问责, its pure parts: the violations a leader can record and the order the
// flags table shows. (Finding a case by its number is the register's.)
import type { Flag } from "../../api/generated";

/** The violations a leader can record (missed deadlines are raised on their own). */
export const VIOLATION_RULES = ["leak", "false_evidence", "obstruct", "retaliation", "retaliation_serious"] as const;

/** Open flags first (oldest first), then the decided ones (newest first). */
export function sortFlags(flags: Flag[]): Flag[] {
  const open = flags.filter((f) => f.state === "raised").sort((a, b) => a.raised_at.localeCompare(b.raised_at) || a.id - b.id);
  const done = flags.filter((f) => f.state !== "raised").sort((a, b) => b.raised_at.localeCompare(a.raised_at) || b.id - a.id);
  return [...open, ...done];
}
