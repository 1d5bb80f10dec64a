// What Enter does in a record form, as a counter clerk expects: in a
// one-line field it moves on to the next field (it never submits); in a
// multi-line text it starts a new line and Ctrl+Enter moves on; on a
// button it presses the button. Pure: the DOM wiring is in fields.ts.

export interface EnterKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** An input method is composing (Enter then picks the Chinese characters). */
  isComposing?: boolean;
}

/** "next": move to the next field (and keep the key from doing anything else); "keep": let the key do what it does. */
export type EnterMove = "next" | "keep";

const NOT_FIELDS = ["button", "submit", "reset", "file", "image", "hidden"];

export function enterMove(e: EnterKey, tag: string, type: string | null): EnterMove {
  if (e.key !== "Enter" || e.isComposing || e.altKey) return "keep";
  const mod = e.ctrlKey || e.metaKey;
  switch (tag.toUpperCase()) {
    case "TEXTAREA":
      return mod ? "next" : "keep";
    case "SELECT":
      return "next";
    case "INPUT":
      return NOT_FIELDS.includes((type || "text").toLowerCase()) ? "keep" : "next";
    default:
      return "keep";
  }
}

/** A field in page order: whether it can take the focus now, and its radio group (one stop per group). */
export interface FieldStop {
  usable: boolean;
  group?: string | null;
}

/** The index of the field after `from` that takes the focus (skipping unusable
 *  fields and the rest of `from`'s radio group), or -1 when `from` is the last. */
export function nextField(fields: FieldStop[], from: number): number {
  const group = fields[from]?.group ?? null;
  for (let i = from + 1; i < fields.length; i++) {
    const f = fields[i];
    if (!f.usable) continue;
    if (group && f.group === group) continue;
    return i;
  }
  return -1;
}
