// The intake form's lists: complainants, the accused, evidence and
// witnesses, each row written back into the form state as it is typed;
// rows are added and removed (a list always shows one row).
import { byId, field, h, select } from "../../lib/dom";
import { label, t } from "../../lib/i18n";
import { changed, intake } from "./draft";
import { emptyAccused, emptyPerson, emptyWitness, type FormState } from "./logic";

/** Typing takes the field's error away and saves the draft soon. */
export function onEdited(el: HTMLElement): void {
  if (el.getAttribute("aria-invalid") === "true") {
    el.removeAttribute("aria-invalid");
    const err = byId(`${el.id}-error`);
    if (err) err.hidden = true;
  }
  changed();
}

function rowInput(id: string, value: string, set: (v: string) => void, attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h("input", {
    id,
    type: "text",
    autocomplete: "off",
    value,
    ...attrs,
    oninput: (e: Event) => {
      const el = e.target as HTMLInputElement;
      set(el.value);
      onEdited(el);
    },
  });
}

function removeButton(id: string, onRemove: () => void): HTMLButtonElement {
  // Out of the Tab order (Tab and Enter go from field to field), still clickable.
  return h("button", { type: "button", class: "icon-btn", id, tabindex: "-1", title: t("common.remove"), "aria-label": t("common.remove"), onclick: onRemove }, "×");
}

export const GENDERS = ["", "male", "female"] as const;

export function complainantRows(s: FormState): HTMLElement {
  const box = h("div", { class: "rows", id: "complainants" });
  s.complainants.forEach((p, i) => {
    const pre = `f-complainants-${i}`;
    const inp = (k: "name" | "unit" | "position" | "phone" | "address" | "id_number", lab: string, wide = false) =>
      field(`${pre}-${k}`, lab, rowInput(`${pre}-${k}`, p[k], (v) => (p[k] = v), { "data-identity": "1" }), { wide, required: k === "name" && i === 0 });
    const gender = select(
      { id: `${pre}-gender`, "data-identity": "1" },
      GENDERS.map((g) => ({ value: g, label: g ? label("gender", g) : t("common.unspecified") })),
      p.gender,
    );
    gender.addEventListener("change", () => {
      p.gender = gender.value;
      onEdited(gender);
    });
    box.appendChild(
      h(
        "div",
        { class: "row-card" },
        h("div", { class: "row-head" }, h("span", { class: "row-title" }, t("intake.person", { n: i + 1 })), removeButton(`${pre}-remove`, () => removeRow("complainants", i))),
        h(
          "div",
          { class: "grid" },
          inp("name", t("intake.name")),
          inp("unit", t("intake.unit")),
          inp("position", t("intake.position")),
          inp("phone", t("intake.phone")),
          field(`${pre}-gender`, t("intake.gender"), gender),
          inp("id_number", t("intake.id_number")),
          inp("address", t("intake.address"), true),
        ),
      ),
    );
  });
  return box;
}

export function accusedRows(s: FormState): HTMLElement {
  const box = h("div", { class: "rows", id: "accused" });
  s.accused.forEach((a, i) => {
    const pre = `f-accused-${i}`;
    box.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(`${pre}-name`, t("intake.name"), rowInput(`${pre}-name`, a.name, (v) => (a.name = v))),
        field(`${pre}-unit`, t("intake.unit"), rowInput(`${pre}-unit`, a.unit, (v) => (a.unit = v))),
        removeButton(`${pre}-remove`, () => removeRow("accused", i)),
      ),
    );
  });
  return box;
}

export function evidenceRows(s: FormState): HTMLElement {
  const box = h("div", { class: "rows", id: "evidence" });
  s.evidence.forEach((v, i) => {
    const id = `f-evidence-${i}`;
    box.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(id, t("intake.evidence_item", { n: i + 1 }), rowInput(id, v, (nv) => (s.evidence[i] = nv)), { wide: true }),
        removeButton(`${id}-remove`, () => removeRow("evidence", i)),
      ),
    );
  });
  return box;
}

export function witnessRows(s: FormState): HTMLElement {
  const box = h("div", { class: "rows", id: "witnesses" });
  s.witnesses.forEach((w, i) => {
    const pre = `f-witnesses-${i}`;
    box.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(`${pre}-name`, t("intake.witness_name"), rowInput(`${pre}-name`, w.name, (v) => (w.name = v))),
        field(`${pre}-contact`, t("intake.witness_contact"), rowInput(`${pre}-contact`, w.contact, (v) => (w.contact = v))),
        removeButton(`${pre}-remove`, () => removeRow("witnesses", i)),
      ),
    );
  });
  return box;
}

export type ListName = "complainants" | "accused" | "evidence" | "witnesses";

const firstInput = (list: ListName, n: number) => (list === "evidence" ? `f-evidence-${n}` : `f-${list}-${n}-name`);

export function addRow(list: ListName): void {
  const s = intake.form;
  if (!s) return;
  if (list === "complainants") s.complainants.push(emptyPerson());
  else if (list === "accused") s.accused.push(emptyAccused());
  else if (list === "evidence") s.evidence.push("");
  else s.witnesses.push(emptyWitness());
  intake.render();
  changed();
  byId(firstInput(list, (s[list] as unknown[]).length - 1))?.focus();
}

/** Removes a row; the last remaining row is emptied instead, so a list always shows one. */
function removeRow(list: ListName, i: number): void {
  const s = intake.form;
  if (!s) return;
  const rows = s[list] as unknown[];
  if (rows.length > 1) rows.splice(i, 1);
  else if (list === "complainants") s.complainants[0] = emptyPerson();
  else if (list === "accused") s.accused[0] = emptyAccused();
  else if (list === "evidence") s.evidence[0] = "";
  else s.witnesses[0] = emptyWitness();
  intake.render();
  changed();
  byId(firstInput(list, Math.min(i, (s[list] as unknown[]).length - 1)))?.focus();
}

/** Anonymous: identity inputs are disabled (their values stay in the draft). */
export function applyAnonymous(): void {
  const root = intake.root;
  const s = intake.form;
  if (!root || !s) return;
  const on = s.anonymous;
  for (const el of Array.from(root.querySelectorAll<HTMLInputElement | HTMLButtonElement>("[data-identity]"))) el.disabled = on;
  for (const el of Array.from(root.querySelectorAll<HTMLButtonElement>("[id^=f-complainants-][id$=-remove]"))) el.disabled = on;
  const note = byId("anonymous-note");
  if (note) note.hidden = !on;
  byId("section-complainants")?.classList.toggle("disabled", on);
}
