// The intake form's state and its pure conversions (no DOM, no backend):
// the CaseInput sent, the draft read back, the field an error path names,
// and the keyboard shortcuts.
import type { Accused, CaseInput, Person, Witness } from "../../api/generated";
import { isoMinute } from "../../lib/dates";
import { normalised } from "../../lib/datetext";

/** Everything the intake form holds; also the body of the "intake" draft. */
export interface FormState {
  kind: string;
  channel: string;
  /** "YYYY-MM-DD HH:MM" (empty until the clerk starts typing). */
  received_at: string;
  /** A fresh form: the received time is stamped at the clerk's first input. */
  stamp_pending: boolean;
  /** The receiving clerk's account (null: the signed-in user). */
  receiving_clerk_id: number | null;
  anonymous: boolean;
  complainants: Person[];
  accused: Accused[];
  category: string;
  severity: string;
  occurred_when: string;
  occurred_where: string;
  matter: string;
  facts: string;
  request: string;
  evidence: string[];
  witnesses: Witness[];
  reply_method: string;
  /** Earlier cases this one repeats, by number (linked when it is saved). */
  repeat_of: string[];
}

export const DRAFT_VERSION = 2;

/** Kept between cases (and app runs): the channel last used. (The receiving
 *  clerk is not: each form starts with the signed-in user.) */
export interface IntakeDefaults {
  channel?: string;
}

export const emptyPerson = (): Person => ({ name: "", unit: "", position: "", phone: "", address: "", gender: "", id_number: "" });
export const emptyAccused = (): Accused => ({ name: "", unit: "" });
export const emptyWitness = (): Witness => ({ name: "", contact: "" });

/** A fresh form: received when the clerk starts typing, the signed-in user
 *  as the receiving clerk, one empty row in each list, the channel carried over. */
export function emptyForm(keep: IntakeDefaults = {}): FormState {
  return {
    kind: "complaint",
    channel: keep.channel || "visit",
    received_at: "",
    stamp_pending: true,
    receiving_clerk_id: null,
    anonymous: false,
    complainants: [emptyPerson()],
    accused: [emptyAccused()],
    category: "",
    severity: "ordinary",
    occurred_when: "",
    occurred_where: "",
    matter: "",
    facts: "",
    request: "",
    evidence: [""],
    witnesses: [emptyWitness()],
    reply_method: "",
    repeat_of: [],
  };
}

function isBlankRow(row: unknown): boolean {
  if (typeof row === "string") return row.trim() === "";
  if (row && typeof row === "object") {
    return Object.values(row as Record<string, unknown>).every((v) => typeof v !== "string" || v.trim() === "");
  }
  return true;
}

/** Drops completely empty rows at the end of a list (rows in between stay, so
 *  the core's field paths still point at the row the user sees). */
export function dropTrailingEmpty<T>(rows: T[]): T[] {
  let end = rows.length;
  while (end > 0 && isBlankRow(rows[end - 1])) end--;
  return rows.slice(0, end);
}

/** The CaseInput to send: what the user typed, less empty trailing rows.
 *  An anonymous case sends no complainant identities (they stay in the draft).
 *  The clerk goes by account; the core writes the name. */
export function toCaseInput(s: FormState): CaseInput {
  return {
    kind: s.kind,
    channel: s.channel,
    received_at: normalised(s.received_at, true),
    receiving_clerk: "",
    receiving_clerk_id: s.receiving_clerk_id,
    anonymous: s.anonymous,
    complainants: s.anonymous ? [] : dropTrailingEmpty(s.complainants.map((p) => ({ ...p }))),
    accused: dropTrailingEmpty(s.accused.map((a) => ({ ...a }))),
    category: s.category,
    severity: s.severity,
    occurred_when: s.occurred_when,
    occurred_where: s.occurred_where,
    matter: s.matter,
    facts: s.facts,
    request: s.request,
    evidence: dropTrailingEmpty([...s.evidence]),
    witnesses: dropTrailingEmpty(s.witnesses.map((w) => ({ ...w }))),
    reply_method: s.reply_method,
    repeat_of: [...s.repeat_of],
  };
}

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function rows<T>(v: unknown, make: (o: Record<string, unknown>) => T, empty: () => T): T[] {
  const list = Array.isArray(v) ? v.map((o) => make(o && typeof o === "object" ? (o as Record<string, unknown>) : {})) : [];
  return list.length ? list : [empty()];
}

/** A FormState from a stored draft body, tolerating missing or wrong fields
 *  (and drafts of the older form, which named the clerk); null when the body
 *  is not an intake draft at all. */
export function formFromDraft(body: unknown): FormState | null {
  if (!body || typeof body !== "object") return null;
  const f = (body as { form?: unknown }).form;
  if (!f || typeof f !== "object") return null;
  const o = f as Record<string, unknown>;
  const base = emptyForm();
  const received = normalised(str(o.received_at), true);
  return {
    kind: str(o.kind, base.kind),
    channel: str(o.channel, base.channel),
    received_at: received,
    stamp_pending: received === "" && o.stamp_pending !== false,
    receiving_clerk_id: typeof o.receiving_clerk_id === "number" && Number.isInteger(o.receiving_clerk_id) ? o.receiving_clerk_id : null,
    anonymous: o.anonymous === true,
    complainants: rows(
      o.complainants,
      (p) => ({
        name: str(p.name),
        unit: str(p.unit),
        position: str(p.position),
        phone: str(p.phone),
        address: str(p.address),
        gender: str(p.gender),
        id_number: str(p.id_number),
      }),
      emptyPerson,
    ),
    accused: rows(o.accused, (p) => ({ name: str(p.name), unit: str(p.unit) }), emptyAccused),
    category: str(o.category),
    severity: str(o.severity, base.severity),
    occurred_when: str(o.occurred_when),
    occurred_where: str(o.occurred_where),
    matter: str(o.matter),
    facts: str(o.facts),
    request: str(o.request),
    evidence: Array.isArray(o.evidence) && o.evidence.length ? o.evidence.map((e) => str(e)) : [""],
    witnesses: rows(o.witnesses, (w) => ({ name: str(w.name), contact: str(w.contact) }), emptyWitness),
    reply_method: str(o.reply_method),
    repeat_of: Array.isArray(o.repeat_of) ? o.repeat_of.filter((n): n is string => typeof n === "string" && n.trim() !== "").slice(0, 5) : [],
  };
}

/** The remembered channel, from its draft body. */
export function defaultsFromDraft(body: unknown): IntakeDefaults {
  const d = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  return { channel: typeof d.channel === "string" ? d.channel : undefined };
}

// ---- the received time ----

/** The clerk's first input on a fresh form (in the field with id `fieldId`):
 *  the received time is stamped now, to the minute, unless the first input
 *  is the received time itself. True when the form started just now. */
export function startForm(s: FormState, now: Date, fieldId: string): boolean {
  if (!s.stamp_pending) return false;
  s.stamp_pending = false;
  if (fieldId !== "f-received_at") s.received_at = isoMinute(now);
  return true;
}

/** 现在: the received time is the current minute. */
export function stampNow(s: FormState, now: Date): void {
  s.stamp_pending = false;
  s.received_at = isoMinute(now);
}

/** The users offered as receiving clerk: the office's active users, with the signed-in user always among them. */
export function clerkChoices<U extends { id: number }>(users: U[], me: U | null): U[] {
  return me && !users.some((u) => u.id === me.id) ? [me, ...users] : users;
}

/** Whether the user has typed anything worth keeping (ignores the defaults). */
export function hasContent(s: FormState): boolean {
  return (
    [s.category, s.occurred_when, s.occurred_where, s.matter, s.facts, s.request].some((v) => v.trim() !== "") ||
    dropTrailingEmpty(s.complainants).length > 0 ||
    dropTrailingEmpty(s.accused).length > 0 ||
    dropTrailingEmpty(s.evidence).length > 0 ||
    dropTrailingEmpty(s.witnesses).length > 0
  );
}

/** The id of the input a core field path names:
 *  "matter" → "f-matter", "complainants[0].phone" → "f-complainants-0-phone",
 *  "evidence[2]" → "f-evidence-2". */
export function fieldPathToId(path: string): string {
  const parts = path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p !== "");
  return "f-" + parts.join("-");
}

/** Ids to try, most precise first, for a path whose exact input may not exist
 *  ("complainants" → the first complainant's name; "witnesses[1]" → its name). */
export function fieldPathCandidates(path: string): string[] {
  const id = fieldPathToId(path);
  const out = [id, `${id}-name`, `${id}-0`, `${id}-0-name`];
  // A list-level path like "complainants[3]" beyond the rows: fall back to the list's first row.
  const list = /^([a-z_]+)\[\d+\]/.exec(path);
  if (list) out.push(`f-${list[1]}-0-name`, `f-${list[1]}-0`);
  return out;
}

// ---- keyboard ----

export type Shortcut = "save" | "save_print";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Ctrl+S saves; Ctrl+Shift+S or Ctrl+P saves and prints (⌘ works like Ctrl). */
export function detectShortcut(e: KeyLike): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  if (!mod || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === "s") return e.shiftKey ? "save_print" : "save";
  if (k === "p" && !e.shiftKey) return "save_print";
  return null;
}
