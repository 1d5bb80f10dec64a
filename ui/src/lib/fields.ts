// Shared form helpers: field errors shown under their inputs (ids
// `<input id>-error`), cleared as the user types, values read back from a
// form, and the path → input id rules forms share.
import type { ApiError } from "../api/transport";
import { showBanner, type BannerOptions } from "./banner";
import { normalised } from "./datetext";
import { enterMove, nextField } from "./keys";
import type { FormValues } from "./values";

/** Shows `message` under the input `id` and marks it invalid. */
export function fieldError(id: string, message: string, append = false): HTMLElement | null {
  const el = document.getElementById(id);
  el?.setAttribute("aria-invalid", "true");
  const line = document.getElementById(`${id}-error`);
  if (line) {
    line.textContent = append && line.textContent ? `${line.textContent}；${message}` : message;
    line.hidden = false;
    el?.setAttribute("aria-describedby", line.id);
  }
  return el;
}

/** Hides every field error inside `scope`. */
export function clearFieldErrors(scope: ParentNode): void {
  for (const el of Array.from(scope.querySelectorAll("[aria-invalid]"))) el.removeAttribute("aria-invalid");
  for (const el of Array.from(scope.querySelectorAll<HTMLElement>(".field-error"))) {
    el.hidden = true;
    el.textContent = "";
  }
}

/** Typing into a field takes its error away. */
export function clearOnInput(form: HTMLElement): void {
  const fix = (e: Event) => {
    const el = e.target as HTMLElement;
    if (!el.id) return;
    el.removeAttribute("aria-invalid");
    const line = document.getElementById(`${el.id}-error`);
    if (line) line.hidden = true;
  };
  form.addEventListener("input", fix);
  form.addEventListener("change", fix);
}

/** The id of the input `<prefix>-<path>` for a simple field path ("display_name" → "user-display-name" with dashes). */
export function dashedId(prefix: string, path: string): string {
  return `${prefix}-${path.split(/[.[]/)[0].replace(/_/g, "-")}`;
}

/** The id of `<prefix>-<field>` keeping underscores ("new_due" → "extend-new_due"). */
export function plainId(prefix: string, path: string): string {
  return `${prefix}-${path.split(/[.[]/)[0]}`;
}

/** Puts each field error under its input (found with `idOf`); returns the inputs marked, in page order. */
export function markFields(fields: ApiError["fields"], idOf: (path: string) => string | null): HTMLElement[] {
  const marked: HTMLElement[] = [];
  for (const f of fields) {
    const id = idOf(f.field);
    const el = id ? fieldError(id, f.message, true) : null;
    if (el && !marked.includes(el)) marked.push(el);
  }
  return marked.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/** The one way a form shows a refusal: the banner (every field problem listed
 *  as a link to its field) and each problem under its input; the first
 *  marked input gets the focus. Returns that input, if any. */
export function showError(banner: HTMLElement | null, e: ApiError, idOf: (path: string) => string | null, opts: Omit<BannerOptions, "fieldId"> = {}): HTMLElement | null {
  const marked = markFields(e.fields, idOf);
  showBanner(banner, e, { ...opts, fieldId: idOf });
  const first = marked.find((el) => !(el as HTMLInputElement).disabled) ?? null;
  if (first) {
    first.focus();
    first.scrollIntoView?.({ block: "center" });
  } else banner?.scrollIntoView?.({ block: "nearest" });
  return first;
}

/** Every control inside `form` whose id starts with `<prefix>-`, by the rest of its id; checkboxes as booleans. */
export function readValues(form: ParentNode, prefix: string): FormValues {
  const out: FormValues = {};
  for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"))) {
    if (!el.id.startsWith(`${prefix}-`)) continue;
    const name = el.id.slice(prefix.length + 1);
    // A date field gives its normal form (2026-12-01) even before it was left.
    const date = el.dataset.date;
    out[name] = el instanceof HTMLInputElement && el.type === "checkbox" ? el.checked : date ? normalised(el.value, date === "datetime") : el.value;
  }
  return out;
}

/** The fields Enter walks through inside `root`, in page order. */
function fieldsIn(root: ParentNode): (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] {
  return Array.from(root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"));
}

/** Enter in `root` moves to the next field (Ctrl+Enter in a multi-line text;
 *  a plain Enter there starts a new line) and never submits; after the last
 *  field it goes to `last()` (the form's button), if given. */
export function enterMovesOn(root: HTMLElement, last?: () => HTMLElement | null): void {
  root.addEventListener("keydown", (e) => {
    const el = e.target as HTMLElement;
    if (enterMove(e, el.tagName, el.getAttribute("type")) !== "next") return;
    const fields = fieldsIn(root);
    const from = fields.indexOf(el as HTMLInputElement);
    if (from < 0) return;
    e.preventDefault();
    const stops = fields.map((f) => ({
      usable: !f.disabled && f.tabIndex >= 0 && (f as HTMLInputElement).type !== "hidden" && f.getClientRects().length > 0,
      group: f instanceof HTMLInputElement && f.type === "radio" ? f.name : null,
    }));
    const i = nextField(stops, from);
    const next: HTMLElement | null = i >= 0 ? fields[i] : last?.() ?? null;
    if (!next) return;
    next.focus();
    // Like Tab: the next field's text is selected, ready to be typed over.
    if (next instanceof HTMLInputElement && !["checkbox", "radio"].includes(next.type)) next.select();
  });
}
