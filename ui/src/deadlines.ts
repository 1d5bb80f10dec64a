// The deadline rules card in Settings: its pure parts (no DOM, no backend).
import type { DeadlineRule, FieldErrorPayload, Lang, Period, PeriodUnit } from "./api";
import { t } from "./i18n";

export const PERIOD_UNITS: readonly PeriodUnit[] = ["calendar_days", "working_days", "hours", "months"];

/** The backend's bounds on a period's amount. */
export const MAX_AMOUNT = 3650;

/** "30日", "2个工作日", "24小时", "3个月" (or "30 days", … in English). */
export function periodLabel(p: Period, lang?: Lang): string {
  const key = (PERIOD_UNITS as readonly string[]).includes(p.unit) ? (`period.${p.unit}` as const) : null;
  return key ? t(key, { n: p.amount }, lang) : `${p.amount} ${p.unit}`;
}

/** What the user typed for one rule's period. */
export interface PeriodEdit {
  amount: string;
  unit: string;
}

/** A typed amount as a whole number in 1..=3650, else null. */
export function parseAmount(s: string): number | null {
  const v = s.trim();
  if (!/^\d+$/.test(v)) return null;
  const n = Number.parseInt(v, 10);
  return n >= 1 && n <= MAX_AMOUNT ? n : null;
}

export type RulesPayload =
  | { ok: true; rules: DeadlineRule[] }
  /** Indexes (into `rules`) of the rows whose period could not be read. */
  | { ok: false; invalid: number[] };

/** Every rule, in order, with its edited period (keyed by rule code); all
 *  other fields are sent exactly as loaded. Rules without an edit keep theirs. */
export function buildRulesPayload(rules: DeadlineRule[], edits: Record<string, PeriodEdit>): RulesPayload {
  const invalid: number[] = [];
  const out = rules.map((r, i) => {
    const e = edits[r.code];
    if (!e) return { ...r, period: { ...r.period } };
    const amount = parseAmount(e.amount);
    const unit = (PERIOD_UNITS as readonly string[]).includes(e.unit) ? (e.unit as PeriodUnit) : null;
    if (amount === null || unit === null) {
      invalid.push(i);
      return r;
    }
    return { ...r, period: { amount, unit } };
  });
  return invalid.length ? { ok: false, invalid } : { ok: true, rules: out };
}

/** Splits update_deadline_rules' field errors into those of a rule
 *  ("deadlines[i]", i its index) and the rest (shown in the card's banner). */
export function ruleFieldErrors(fields: FieldErrorPayload[]): { byIndex: Record<number, string>; rest: FieldErrorPayload[] } {
  const byIndex: Record<number, string> = {};
  const rest: FieldErrorPayload[] = [];
  for (const f of fields) {
    const m = /^deadlines\[(\d+)\]/.exec(f.field);
    if (m) {
      const i = Number(m[1]);
      byIndex[i] = byIndex[i] ? `${byIndex[i]}；${f.message}` : f.message;
    } else rest.push(f);
  }
  return { byIndex, rest };
}
