// The one date field of every form: a text box that shows and takes the
// Chinese form 2026-12-01 whatever the system locale (WebKitGTK draws
// <input type=date> as mm/dd/yyyy under an English locale). It takes
// 2026/12/01, 20261201 or 2026年12月1日 too and writes them as 2026-12-01
// when the user leaves it; a date that cannot be is named beside the field
// (the text stays as typed). A date-and-time field works the same way with
// "2026-12-01 09:30". Ids are the caller's, so tests can type into them.
import { h } from "./dom";
import { readDate, readDateTime, type DateProblem } from "./datetext";
import { fieldError } from "./fields";
import { t, type MsgKey } from "./i18n";

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

const PROBLEM: Record<DateProblem, MsgKey> = {
  format: "date.format",
  impossible: "date.impossible",
  year: "date.year",
  time: "date.time",
};

/** The error line under the field (`<id>-error`), made beside the input when the form has none. */
function errorLine(input: HTMLInputElement): HTMLElement {
  const existing = document.getElementById(`${input.id}-error`);
  if (existing) return existing;
  const line = h("div", { class: "field-error date-error", id: `${input.id}-error`, role: "alert", hidden: true });
  input.insertAdjacentElement("afterend", line);
  return line;
}

/** Reads the field: writes a readable date in its normal form and returns
 *  true, or names the problem beside it (keeping the text) and returns false. */
export function checkDateField(input: HTMLInputElement): boolean {
  const withTime = input.dataset.date === "datetime";
  const r = withTime ? readDateTime(input.value) : readDate(input.value);
  if (r.ok) {
    if (input.value !== r.value) input.value = r.value;
    // Only our own message goes: one the core gave stays until the user types.
    const line = document.getElementById(`${input.id}-error`);
    if (line?.dataset.dateProblem) {
      input.removeAttribute("aria-invalid");
      line.hidden = true;
      delete line.dataset.dateProblem;
    }
    return true;
  }
  const key = r.problem === "format" && withTime ? "date.format_time" : PROBLEM[r.problem];
  errorLine(input).dataset.dateProblem = r.problem;
  fieldError(input.id, t(key, { value: input.value.trim() }));
  return false;
}

function make(id: string, value: string, withTime: boolean, attrs: Attrs): HTMLInputElement {
  const plain: Attrs = {};
  const handlers: [string, EventListener][] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on") && typeof v === "function") handlers.push([k.slice(2).toLowerCase(), v]);
    else plain[k] = v;
  }
  const input = h("input", {
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: withTime ? "YYYY-MM-DD HH:MM" : "YYYY-MM-DD",
    ...plain,
    id,
    class: `date-input${withTime ? " datetime-input" : ""}${plain.class ? ` ${plain.class}` : ""}`,
    "data-date": withTime ? "datetime" : "date",
    value,
  });
  // First of all listeners: the value is normal before anyone reads it, and
  // a date that cannot be does not reach them (as with a native date box).
  input.addEventListener("change", (e) => {
    if (!checkDateField(input)) e.stopImmediatePropagation();
  });
  input.addEventListener("blur", () => void checkDateField(input));
  for (const [type, fn] of handlers) input.addEventListener(type, fn);
  return input;
}

/** A date field (value YYYY-MM-DD or empty). `attrs` may hold on* handlers; they run after the value is made normal. */
export function dateInput(id: string, value: string, attrs: Attrs = {}): HTMLInputElement {
  return make(id, value, false, attrs);
}

/** A date-and-time field (value "YYYY-MM-DD HH:MM" or empty). */
export function dateTimeInput(id: string, value: string, attrs: Attrs = {}): HTMLInputElement {
  return make(id, value, true, attrs);
}
