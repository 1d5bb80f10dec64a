// The repeat check while the clerk types (pure: no DOM, no backend): what of
// the form is worth matching, when to ask again, what the panel says, and
// which earlier cases the new one will be linked to as a repeat. The core
// finds and masks the cases (intake_matches); nothing here decides who may
// see what.
import type { IntakeMatches, IntakeProbe } from "../../api/generated";
import { label, t } from "../../lib/i18n";
import type { FormState } from "./logic";

const digits = (s: string): number => (s.match(/\d/g) ?? []).length;
const long = (s: string): boolean => [...s].length >= 2;

/** What the form holds that can match an earlier case: phones with at least
 *  7 digits and names of 2 characters or more (an anonymous form has no
 *  complainant to match); the accused count only with a category. */
export function probeOf(s: FormState): IntakeProbe {
  const people = s.anonymous ? [] : s.complainants;
  const uniq = (xs: string[]) => [...new Set(xs)].slice(0, 10);
  return {
    phones: uniq(people.map((p) => p.phone.trim()).filter((p) => digits(p) >= 7)),
    names: uniq(people.map((p) => p.name.trim()).filter(long)),
    accused: s.category ? uniq(s.accused.map((a) => a.name.trim()).filter(long)) : [],
    category: s.category,
  };
}

/** "" when there is nothing to match, else a key that changes only when
 *  the probe does (so typing in other fields asks nothing). */
export function probeKey(p: IntakeProbe): string {
  if (!p.phones.length && !p.names.length && !p.accused.length) return "";
  return JSON.stringify([p.phones, p.names, p.accused, p.category]);
}

/** The panel's count lines: "此电话此前有 3 件（1 件未办结）". */
export function countLines(m: IntakeMatches): string[] {
  return m.counts.map((c) =>
    t(c.open ? "repeats.count_open" : "repeats.count", {
      what: t(`repeats.by_${c.reason}` as "repeats.by_phone"),
      n: c.cases,
      open: c.open,
    }),
  );
}

/** Why one case is shown: "电话、姓名". */
export function reasonText(reasons: string[]): string {
  return reasons.map((r) => t(`repeats.reason_${r}` as "repeats.reason_phone")).join(t("repeats.sep"));
}

/** One case's line: number, received date, status, masked complainant, matter. */
export function caseLine(c: IntakeMatches["cases"][number]): string {
  return [c.number, c.received_at.slice(0, 10), label("status", c.status), c.complainant, c.matter].filter((x) => x).join(" · ");
}

/** Links (or unlinks) the new case to an earlier one as its repeat: true when linked now. */
export function toggleRepeat(s: FormState, number: string): boolean {
  const i = s.repeat_of.indexOf(number);
  if (i >= 0) {
    s.repeat_of.splice(i, 1);
    return false;
  }
  if (s.repeat_of.length >= 5) return false;
  s.repeat_of.push(number);
  return true;
}
