// Dates and times as a clerk types them, read in the Chinese form whatever
// the system locale: 2026-12-01, 2026/12/01, 2026.12.01, 2026年12月1日 or
// 20261201 (full-width digits too) all mean 2026-12-01; a time adds 09:30.
// Pure: no DOM. The value kept is what the core reads (YYYY-MM-DD, and
// "YYYY-MM-DD HH:MM" for a time).

/** Years a date may lie in (the core refuses others too). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Why a text is not a date: not in a date form, no such day, or a year out of range (or no such time of day). */
export type DateProblem = "format" | "impossible" | "year" | "time";

export type DateRead = { ok: true; value: string } | { ok: false; problem: DateProblem };

const pad = (n: number) => String(n).padStart(2, "0");

/** Full-width digits and punctuation (typed with a Chinese input method) as ASCII. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function checkDay(y: number, m: number, d: number): DateRead {
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, problem: "year" };
  const day = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || day.getUTCDate() !== d) return { ok: false, problem: "impossible" };
  return { ok: true, value: `${y}-${pad(m)}-${pad(d)}` };
}

const DATE_SEP = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})/;

/** The date at the start of `s` and what follows it, or null when `s` does not start with a date. */
function leadingDate(s: string): { y: number; m: number; d: number; rest: string } | null {
  const m = DATE_SEP.exec(s) ?? DATE_COMPACT.exec(s);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), rest: s.slice(m[0].length) };
}

/** A typed date as YYYY-MM-DD; an empty text is an empty date. */
export function readDate(text: string): DateRead {
  const s = halfWidth(text).trim();
  if (s === "") return { ok: true, value: "" };
  const p = leadingDate(s);
  if (!p || p.rest.trim() !== "") return { ok: false, problem: "format" };
  return checkDay(p.y, p.m, p.d);
}

/** A typed date and time as "YYYY-MM-DD HH:MM" (":SS" kept when typed);
 *  "T" (as a datetime-local value has it) may stand between them. */
export function readDateTime(text: string): DateRead {
  const s = halfWidth(text).trim();
  if (s === "") return { ok: true, value: "" };
  const p = leadingDate(s);
  if (!p) return { ok: false, problem: "format" };
  const t = /^(?:\s*T\s*|\s+|)(\d{1,2})(?:\s*[:点时]\s*|(?=\d{2}(?:\d{2})?$))(\d{2})(?:\s*:\s*(\d{2}))?\s*分?$/.exec(p.rest);
  if (!t) return { ok: false, problem: "format" };
  const day = checkDay(p.y, p.m, p.d);
  if (!day.ok) return day;
  const [hh, mm, ss] = [Number(t[1]), Number(t[2]), t[3] === undefined ? null : Number(t[3])];
  if (hh > 23 || mm > 59 || (ss !== null && ss > 59)) return { ok: false, problem: "time" };
  return { ok: true, value: `${day.value} ${pad(hh)}:${pad(mm)}${ss === null ? "" : `:${pad(ss)}`}` };
}

/** The value to keep: the normal form when the text reads as a date (or time), else the text as typed (never lost). */
export function normalised(text: string, withTime = false): string {
  const r = withTime ? readDateTime(text) : readDate(text);
  return r.ok ? r.value : text;
}
