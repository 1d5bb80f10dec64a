// The template editor's parts: the placeholder buttons, a block of the
// letter-like preview, and the case the preview is filled from (the latest
// registered, or one found by its number).
import { listCases, type TemplateView } from "../../api/generated";
import { h } from "../../lib/dom";
import { emptyQuery, exactCase, numberQuery } from "../register/logic";
import type { PreviewItem } from "./logic";

/** The case a preview is filled from. */
export interface PreviewCase {
  id: number;
  number: string;
}

export function previewItem(p: PreviewItem): HTMLElement {
  if (p.kind === "heading") return h("h3", { class: "pv-heading" }, p.lines.join(" "));
  return h(
    "div",
    { class: `pv-block pv-${p.kind}` },
    p.lines.map((l) => h("p", { class: "pv-line" }, l || "\u00a0")),
  );
}

export async function latestCase(): Promise<PreviewCase | null> {
  const page = await listCases({ ...emptyQuery(), page_size: 50 });
  // The highest id is the case registered last (received_at may be back-dated).
  let best: PreviewCase | null = null;
  for (const c of page.items) if (!best || c.id > best.id) best = { id: c.id, number: c.number };
  return best;
}

export async function findCase(number: string): Promise<PreviewCase | null> {
  if (!number.trim()) return null;
  const page = await listCases(numberQuery(number));
  const id = exactCase(page.items, number);
  const hit = page.items.find((c) => c.id === id);
  return hit ? { id: hit.id, number: hit.number } : null;
}

/** One button per placeholder the document allows; a click puts it at the caret. */
export function placeholderItems(tv: TemplateView, insert: (name: string) => void): HTMLElement[] {
  return tv.placeholders.map(([name, what]) =>
    h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: "tpl-ph",
          "data-name": name,
          title: what,
          // Keep the editor's selection: do not take the focus on press.
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => insert(name),
        },
        h("code", { class: "mono" }, `{{${name}}}`),
        h("span", { class: "tpl-ph-what" }, what),
      ),
    ),
  );
}
