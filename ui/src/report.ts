// The periodic report (周报/月报/季报/年报) of the 统计 tab: its pure parts.
import type { ReportPeriod, ReportPeriodKind, StatsQuery } from "./api";

export const REPORT_KINDS: readonly ReportPeriodKind[] = ["week", "month", "quarter", "year"];

/** The period the core is sent, or null when the date is not a real YYYY-MM-DD day. */
export function reportPeriod(kind: ReportPeriodKind, date: string): ReportPeriod | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return { kind, anchor: date.trim() };
}

/** The dashboard's filters without its dates: the report's period sets those. */
export function reportFilter(q: StatsQuery): StatsQuery {
  return { ...q, from: "", to: "" };
}
