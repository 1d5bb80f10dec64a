// Keyboard shortcuts of the intake form, as a pure function of the key event.

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

/** Whether Enter in this element would be an accidental submit: single-line
 *  text inputs only (textareas take new lines, buttons act on Enter). */
export function isSingleLineInput(tag: string, type: string | null): boolean {
  if (tag.toUpperCase() !== "INPUT") return false;
  const ty = (type || "text").toLowerCase();
  return !["checkbox", "radio", "button", "submit", "reset", "file", "image"].includes(ty);
}
