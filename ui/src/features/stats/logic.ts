// 统计, its pure parts: periods, percentages from basis points (integer math
// only), target marks, chart series, the query sent and the periodic
// report's period. No DOM, no backend calls.
import type { Dashboard, PeriodKind, PeriodQuery, Rate, StatsQuery } from "../../api/generated";
import { formatBpFixed, formatRate } from "../../lib/format";
import { t } from "../../lib/i18n";

export type PresetKind = "week" | "month" | "quarter" | "year";
export const PRESETS: readonly PresetKind[] = ["week", "month", "quarter", "year"];

export interface Period {
  from: string;
  to: string;
}

/** A calendar day; month is 1-12. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function ymd(d: Ymd): string {
  return `${d.y}-${pad(d.m)}-${pad(d.d)}`;
}

/** Today in local time. */
export function today(now: Date = new Date()): Ymd {
  return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Day of the week, 0 = Monday … 6 = Sunday (UTC arithmetic, no time zone involved). */
function weekday(d: Ymd): number {
  return (new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay() + 6) % 7;
}

function addDays(d: Ymd, n: number): Ymd {
  const x = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
}

/** The whole week (Monday to Sunday), month, quarter or year that `day` is in. */
export function presetPeriod(kind: PresetKind, day: Ymd): Period {
  switch (kind) {
    case "week": {
      const monday = addDays(day, -weekday(day));
      return { from: ymd(monday), to: ymd(addDays(monday, 6)) };
    }
    case "month":
      return { from: ymd({ ...day, d: 1 }), to: ymd({ ...day, d: daysInMonth(day.y, day.m) }) };
    case "quarter": {
      const first = Math.floor((day.m - 1) / 3) * 3 + 1;
      const last = first + 2;
      return { from: ymd({ y: day.y, m: first, d: 1 }), to: ymd({ y: day.y, m: last, d: daysInMonth(day.y, last) }) };
    }
    case "year":
      return { from: `${day.y}-01-01`, to: `${day.y}-12-31` };
  }
}

/** Which preset (if any) is exactly `p` for `day`, so its button can show as chosen. */
export function matchingPreset(p: Period, day: Ymd): PresetKind | null {
  return PRESETS.find((k) => {
    const q = presetPeriod(k, day);
    return q.from === p.from && q.to === p.to;
  }) ?? null;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Both dates given and from ≤ to. */
export function periodValid(p: Period): boolean {
  return DATE_RE.test(p.from) && DATE_RE.test(p.to) && p.from <= p.to;
}

/** Basis points as a percentage with two decimals, integer math only: 3333 → "33.33%"; null → "—". */
export function formatBp(bp: number | null | undefined): string {
  return formatBpFixed(bp);
}

/** "1/3" */
export function formatParts(r: Pick<Rate, "numerator" | "denominator">): string {
  return `${r.numerator}/${r.denominator}`;
}

/** "目标 ≥ 98%" or "目标 < 5%". */
export function targetText(r: Pick<Rate, "target_bp" | "target_kind">): string {
  const pct = formatRate(r.target_bp);
  return r.target_kind === "below" ? t("stats.target_below", { pct }) : t("stats.target_at_least", { pct });
}

export type Mark = "ok" | "bad" | "none";

/** Green when the target is met, red when it is missed, none without data.
 *  Uses the backend's verdict; recomputes it (integer compare) if that is missing. */
export function targetMark(r: Pick<Rate, "bp" | "target_bp" | "target_kind" | "meets_target">): Mark {
  if (r.bp === null || r.bp === undefined) return "none";
  const meets = r.meets_target ?? (r.target_kind === "below" ? r.bp < r.target_bp : r.bp >= r.target_bp);
  return meets ? "ok" : "bad";
}

/** Overdue cases now: none is good. */
export function overdueMark(n: number): Mark {
  return n === 0 ? "ok" : "bad";
}

/** Hundredths of a working day → "3.25" (integer math). */
export function formatX100(x100: number | null | undefined): string {
  if (x100 === null || x100 === undefined || !Number.isFinite(x100)) return "—";
  const v = Math.trunc(x100);
  const abs = Math.abs(v);
  const frac = abs % 100;
  return `${v < 0 ? "-" : ""}${(abs - frac) / 100}.${pad(frac)}`;
}

/** Every month from `from` to `to` ("YYYY-MM-DD"), with its count (0 where the backend has none). */
export function fillMonths(monthly: [string, number][], from: string, to: string): [string, number][] {
  const have = new Map(monthly);
  const out: [string, number][] = [];
  if (DATE_RE.test(from) && DATE_RE.test(to) && from <= to) {
    let y = Number(from.slice(0, 4));
    let m = Number(from.slice(5, 7));
    const endY = Number(to.slice(0, 4));
    const endM = Number(to.slice(5, 7));
    while (y < endY || (y === endY && m <= endM)) {
      const key = `${y}-${pad(m)}`;
      out.push([key, have.get(key) ?? 0]);
      have.delete(key);
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
  }
  // Anything outside the period the backend still gave is kept, in order.
  for (const e of have) out.push(e);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Basis points as a chart value in percent (the chart only draws it). */
export function bpToPercent(bp: number | null): number | null {
  return bp === null ? null : bp / 100;
}

/** The per-department bars: departments with a rate, in name order. */
export function departmentSeries(d: Dashboard["on_time_by_department"]): { labels: string[]; values: (number | null)[]; target: number } {
  const keys = Object.keys(d)
    .filter((k) => d[k])
    .sort((a, b) => a.localeCompare(b, "zh-CN"));
  const rate = (k: string) => d[k] as Rate;
  const target = keys.length ? rate(keys[0]).target_bp : 9800;
  return { labels: keys.map((k) => k || "—"), values: keys.map((k) => bpToPercent(rate(k).bp)), target: target / 100 };
}

export type Figure = "on_time" | "resolution" | "satisfaction" | "recurrence" | "overdue";

/** The ids behind a figure, without repeats. */
export function drillIds(d: Dashboard, figure: Figure): number[] {
  const ids = figure === "overdue" ? d.overdue_now : d[figure].drill_down;
  return Array.from(new Set(ids));
}

// ---- the query ----

/** The filters the 统计 tab holds ("" = all). */
export interface StatsFilters {
  kind: string;
  category: string;
  channel: string;
  department: string;
  /** A user's id as the <select> gives it ("" = every handler). */
  handler: string;
}

const opt = (v: string): string | null => (v ? v : null);

/** What dashboard is sent for a period and the filters. */
export function statsQuery(p: Period, f: StatsFilters): StatsQuery {
  const id = /^\d+$/.test(f.handler) ? Number(f.handler) : null;
  return {
    from: p.from,
    to: p.to,
    kind: opt(f.kind),
    category: opt(f.category),
    channel: opt(f.channel),
    department: opt(f.department),
    handler_id: id,
    recurrence_window_days: null,
  };
}

// ---- the periodic report ----

export const REPORT_KINDS: readonly PeriodKind[] = ["week", "month", "quarter", "year"];

/** The report asked for, or null when the date is not a real YYYY-MM-DD day.
 *  The filters are the dashboard's; the report's period sets the dates. */
export function reportQuery(kind: PeriodKind, date: string, filter: StatsQuery): PeriodQuery | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return { period: { kind, anchor: date.trim() }, filter: { ...filter, from: "", to: "" } };
}

/** "2026年11月 投诉举报工作月报" → "2026年11月投诉举报工作月报.pdf". */
export function reportFileName(title: string, ext: "pdf" | "xlsx"): string {
  return `${title.replace(/\s+/g, "").replace(/[\\/:*?"<>|]/g, "_")}.${ext}`;
}
