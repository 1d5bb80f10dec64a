// Which printer and how many copies (pure): the printer this seat used last
// if it is still there, else the system's default, else the first one; the
// choice is remembered on this computer only.
import type { Printers } from "../api/platform";

export const PRINTER_KEY = "complaint-desk.printer";
export const MAX_COPIES = 20;

/** The printer to offer first; null when there is none. */
export function pickPrinter(p: Printers, remembered: string | null): string | null {
  if (remembered && p.printers.includes(remembered)) return remembered;
  if (p.default && p.printers.includes(p.default)) return p.default;
  return p.printers[0] ?? null;
}

/** The copies typed, or null when it is not a whole number from 1 to 20. */
export function copiesOf(typed: string): number | null {
  const t = typed.trim();
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= MAX_COPIES ? n : null;
}

/** The remembered printer (storage may be unavailable). */
export function rememberedPrinter(store: Pick<Storage, "getItem"> | null): string | null {
  try {
    return store?.getItem(PRINTER_KEY) ?? null;
  } catch {
    return null;
  }
}

export function rememberPrinter(store: Pick<Storage, "setItem"> | null, name: string): void {
  try {
    store?.setItem(PRINTER_KEY, name);
  } catch {
    /* not remembered: the default is offered next time */
  }
}
