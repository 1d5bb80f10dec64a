// A tiny element builder. Text is always set as text (never HTML), so nothing
// typed by a user can become markup, and no inline style attributes are made.

type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | EventListener;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === "value" || k === "checked" || k === "disabled" || k === "selected") {
      (el as unknown as Record<string, unknown>)[k] = v;
    } else if (k === "class") {
      el.className = String(v);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** A <select> with the given options. */
export function select(
  attrs: Record<string, AttrValue>,
  options: { value: string; label: string }[],
  selected: string,
): HTMLSelectElement {
  const s = h("select", attrs);
  for (const o of options) s.appendChild(h("option", { value: o.value }, o.label));
  s.value = selected;
  return s;
}

/** A labelled field: label, control, an (empty) error line. */
export function field(id: string, labelText: string, control: HTMLElement, opts: { required?: boolean; wide?: boolean; extra?: Node } = {}): HTMLElement {
  return h(
    "div",
    { class: "field" + (opts.wide ? " wide" : ""), "data-field": id },
    h("label", { for: id }, labelText, opts.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    control,
    opts.extra ?? null,
    h("div", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true }),
  );
}

/** Debounce: call `fn` once calls have stopped for `ms`. `flush` runs a pending call now. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;
  const run = (...a: A) => {
    lastArgs = a;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...a);
    }, ms);
  };
  run.flush = () => {
    if (timer && lastArgs) {
      clearTimeout(timer);
      timer = undefined;
      fn(...lastArgs);
    }
  };
  run.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return run;
}

/** "YYYY-MM-DD HH:MM:SS" → "YYYY-MM-DD HH:MM". */
export function shortTime(s: string): string {
  return s.length >= 16 ? s.slice(0, 16).replace("T", " ") : s;
}

/** A keydown handler that runs `fn` on Enter (rows that open like links, fields that submit). */
export function onEnter(fn: () => void): (e: Event) => void {
  return (e: Event) => {
    if ((e as KeyboardEvent).key === "Enter") {
      e.preventDefault();
      fn();
    }
  };
}
