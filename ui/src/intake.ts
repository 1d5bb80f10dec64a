// 登记: the intake form. State lives in `state` (kept while the app runs and
// autosaved as the "intake" draft); the DOM is rebuilt from it when rows are
// added or removed, and inputs write back into it as the user types.
import { api, type ApiError, type CaseDetail, type FieldErrorPayload } from "./api";
import { ctx, exportDoc, go, showBanner } from "./app";
import { append, byId, clear, debounce, field, h, select } from "./dom";
import {
  clockTime,
  DRAFT_VERSION,
  emptyAccused,
  emptyForm,
  emptyPerson,
  emptyWitness,
  fieldPathCandidates,
  formFromDraft,
  hasContent,
  toCaseInput,
  type FormState,
} from "./form";
import { CHANNELS, KINDS, label, pick, SEVERITIES, t } from "./i18n";
import { detectShortcut, isSingleLineInput } from "./shortcuts";

const DRAFT_KEY = "intake";
/** Remembers the receiving clerk and channel between cases (and app runs). */
const DEFAULTS_KEY = "intake_defaults";

let state: FormState | null = null;
let lastSaved: CaseDetail | null = null;
let busy = false;
let root: HTMLElement | null = null;

const saveDraftSoon = debounce(() => void saveDraftNow(), 400);

async function saveDraftNow(): Promise<void> {
  if (!state) return;
  const status = byId("draft-status");
  try {
    await api.saveDraft(DRAFT_KEY, { version: DRAFT_VERSION, form: state });
    if (status) {
      status.textContent = t("intake.draft_saved", { time: clockTime(new Date()) });
      status.classList.remove("bad");
    }
  } catch {
    if (status) {
      status.textContent = t("intake.draft_failed");
      status.classList.add("bad");
    }
  }
}

function changed(): void {
  saveDraftSoon();
}

async function loadDefaults(): Promise<{ receiving_clerk?: string; channel?: string }> {
  try {
    const d = (await api.loadDraft(DEFAULTS_KEY)) as { receiving_clerk?: unknown; channel?: unknown } | null;
    return {
      receiving_clerk: typeof d?.receiving_clerk === "string" ? d.receiving_clerk : undefined,
      channel: typeof d?.channel === "string" ? d.channel : undefined,
    };
  } catch {
    return {};
  }
}

export async function mountIntake(main: HTMLElement): Promise<() => void> {
  root = main;
  let restored = false;
  if (!state) {
    const now = new Date();
    const defaults = await loadDefaults();
    let draft: FormState | null = null;
    try {
      draft = formFromDraft(await api.loadDraft(DRAFT_KEY), now);
    } catch {
      draft = null;
    }
    if (draft && !draft.receiving_clerk && defaults.receiving_clerk) draft.receiving_clerk = defaults.receiving_clerk;
    state = draft ?? emptyForm(now, defaults);
    restored = !!draft && hasContent(draft);
  }
  render();
  if (restored) {
    const status = byId("draft-status");
    if (status) status.textContent = t("intake.draft_restored");
  }

  const onKey = (e: KeyboardEvent) => {
    const sc = detectShortcut(e);
    if (sc) {
      e.preventDefault();
      void save(sc === "save_print");
      return;
    }
    const target = e.target as HTMLElement | null;
    if (e.key === "Enter" && target && root?.contains(target) && isSingleLineInput(target.tagName, target.getAttribute("type"))) {
      // Enter in a one-line box never submits; it moves on like Tab would.
      e.preventDefault();
    }
  };
  const onUnload = () => saveDraftSoon.flush();
  const onVisibility = () => {
    if (document.visibilityState === "hidden") saveDraftSoon.flush();
  };
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", onUnload);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    saveDraftSoon.flush();
    document.removeEventListener("keydown", onKey);
    window.removeEventListener("beforeunload", onUnload);
    document.removeEventListener("visibilitychange", onVisibility);
    root = null;
  };
}

// ---------------------------------------------------------------- rendering

type TextKey = "receiving_clerk" | "occurred_when" | "occurred_where" | "matter" | "facts" | "request" | "received_at";

function onEdited(el: HTMLElement): void {
  if (el.getAttribute("aria-invalid") === "true") {
    el.removeAttribute("aria-invalid");
    const err = byId(`${el.id}-error`);
    if (err) err.hidden = true;
  }
  changed();
}

function textInput(key: TextKey, attrs: Record<string, string> = {}): HTMLInputElement {
  const s = state!;
  return h("input", {
    id: `f-${key}`,
    type: "text",
    autocomplete: "off",
    value: s[key],
    ...attrs,
    oninput: (e: Event) => {
      const el = e.target as HTMLInputElement;
      s[key] = el.value;
      onEdited(el);
    },
  });
}

function textArea(key: "facts" | "request", rows: number): HTMLTextAreaElement {
  const s = state!;
  const ta = h("textarea", {
    id: `f-${key}`,
    rows,
    oninput: (e: Event) => {
      const el = e.target as HTMLTextAreaElement;
      s[key] = el.value;
      onEdited(el);
    },
  });
  ta.value = s[key];
  return ta;
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

function removeButton(id: string, labelText: string, onRemove: () => void, disabled = false): HTMLButtonElement {
  return h("button", { type: "button", class: "icon-btn", id, title: labelText, "aria-label": labelText, disabled, onclick: onRemove }, "×");
}

function categoryOptions(kind: string): { value: string; label: string }[] {
  const cats = ctx.policy?.categories ?? [];
  return [
    { value: "", label: t("common.choose") },
    ...cats.filter((c) => c.kinds.includes(kind as "complaint" | "report") || !KINDS.includes(kind as "complaint")).map((c) => ({ value: c.code, label: pick(c) })),
  ];
}

function departmentText(code: string): string {
  const c = ctx.policy?.categories.find((x) => x.code === code);
  return c?.department ? t("intake.department", { dept: c.department }) : "";
}

function render(): void {
  if (!root || !state) return;
  const s = state;
  clear(root);

  const banner = h("div", { class: "banner error", id: "form-error", role: "alert", hidden: true });

  // --- basics
  const kindSel = select(
    { id: "f-kind" },
    KINDS.map((k) => ({ value: k, label: label("kind", k) })),
    s.kind,
  );
  kindSel.addEventListener("change", () => {
    s.kind = kindSel.value;
    const cat = byId<HTMLSelectElement>("f-category");
    if (cat) {
      const opts = categoryOptions(s.kind);
      if (!opts.some((o) => o.value === s.category)) s.category = "";
      clear(cat);
      for (const o of opts) cat.appendChild(h("option", { value: o.value }, o.label));
      cat.value = s.category;
      const dept = byId("f-category-dept");
      if (dept) dept.textContent = departmentText(s.category);
    }
    onEdited(kindSel);
  });
  const channelSel = select(
    { id: "f-channel" },
    CHANNELS.map((c) => ({ value: c, label: label("channel", c) })),
    s.channel,
  );
  channelSel.addEventListener("change", () => {
    s.channel = channelSel.value;
    onEdited(channelSel);
  });
  const received = h("input", {
    id: "f-received_at",
    type: "datetime-local",
    value: s.received_at,
    oninput: (e: Event) => {
      const el = e.target as HTMLInputElement;
      s.received_at = el.value;
      onEdited(el);
    },
  });
  const anon = h("input", { id: "f-anonymous", type: "checkbox", checked: s.anonymous });
  anon.addEventListener("change", () => {
    s.anonymous = anon.checked;
    applyAnonymous();
    onEdited(anon);
  });

  const basics = h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.basic")),
    h(
      "div",
      { class: "grid" },
      field("f-kind", t("intake.kind"), kindSel, { required: true }),
      field("f-channel", t("intake.channel"), channelSel, { required: true }),
      field("f-received_at", t("intake.received_at"), received, { required: true }),
      field("f-receiving_clerk", t("intake.receiving_clerk"), textInput("receiving_clerk"), { required: true }),
    ),
    h(
      "div",
      { class: "check-line" },
      anon,
      h("label", { for: "f-anonymous" }, t("intake.anonymous")),
      h("div", { class: "field-error", id: "f-anonymous-error", hidden: true }),
    ),
  );

  // --- complainants
  const complainants = h("div", { class: "rows", id: "complainants" });
  s.complainants.forEach((p, i) => {
    const pre = `f-complainants-${i}`;
    const inp = (k: "name" | "unit" | "position" | "phone" | "address", lab: string, wide = false) =>
      field(`${pre}-${k}`, lab, rowInput(`${pre}-${k}`, p[k], (v) => (p[k] = v), { "data-identity": "1" }), { wide, required: k === "name" && i === 0 });
    complainants.appendChild(
      h(
        "div",
        { class: "row-card" },
        h(
          "div",
          { class: "row-head" },
          h("span", { class: "row-title" }, t("intake.person", { n: i + 1 })),
          removeButton(`${pre}-remove`, t("common.remove"), () => removeRow("complainants", i)),
        ),
        h("div", { class: "grid" }, inp("name", t("intake.name")), inp("unit", t("intake.unit")), inp("position", t("intake.position")), inp("phone", t("intake.phone")), inp("address", t("intake.address"), true)),
      ),
    );
  });
  const complainantSection = h(
    "fieldset",
    { class: "section", id: "section-complainants" },
    h("legend", {}, t("intake.section.complainants")),
    h("div", { class: "field-error", id: "f-complainants-error", hidden: true }),
    h("p", { class: "note anon-note", id: "anonymous-note", hidden: !s.anonymous }, t("intake.anonymous_note")),
    complainants,
    h("button", { type: "button", class: "add-btn", id: "btn-add-complainant", "data-identity": "1", onclick: () => addRow("complainants") }, "+ " + t("intake.add_complainant")),
  );

  // --- accused
  const accused = h("div", { class: "rows", id: "accused" });
  s.accused.forEach((a, i) => {
    const pre = `f-accused-${i}`;
    accused.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(`${pre}-name`, t("intake.name"), rowInput(`${pre}-name`, a.name, (v) => (a.name = v))),
        field(`${pre}-unit`, t("intake.unit"), rowInput(`${pre}-unit`, a.unit, (v) => (a.unit = v))),
        removeButton(`${pre}-remove`, t("common.remove"), () => removeRow("accused", i)),
      ),
    );
  });
  const accusedSection = h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.accused")),
    h("div", { class: "field-error", id: "f-accused-error", hidden: true }),
    accused,
    h("button", { type: "button", class: "add-btn", id: "btn-add-accused", onclick: () => addRow("accused") }, "+ " + t("intake.add_accused")),
  );

  // --- the matter
  const catSel = select({ id: "f-category" }, categoryOptions(s.kind), s.category);
  const dept = h("span", { class: "dept", id: "f-category-dept", "aria-live": "polite" }, departmentText(s.category));
  catSel.addEventListener("change", () => {
    s.category = catSel.value;
    dept.textContent = departmentText(s.category);
    onEdited(catSel);
  });
  const sevSel = select(
    { id: "f-severity" },
    SEVERITIES.map((v) => ({ value: v, label: label("severity", v) })),
    s.severity,
  );
  sevSel.addEventListener("change", () => {
    s.severity = sevSel.value;
    onEdited(sevSel);
  });
  const matterSection = h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.matter")),
    h(
      "div",
      { class: "grid" },
      field("f-category", t("intake.category"), h("div", { class: "with-side" }, catSel, dept), { required: true }),
      field("f-severity", t("intake.severity"), sevSel, { required: true }),
      field("f-occurred_when", t("intake.occurred_when"), textInput("occurred_when", { placeholder: t("intake.occurred_when_ph") })),
      field("f-occurred_where", t("intake.occurred_where"), textInput("occurred_where")),
      field("f-matter", t("intake.matter"), textInput("matter"), { required: true, wide: true }),
      field("f-facts", t("intake.facts"), textArea("facts", 6), { wide: true }),
      field("f-request", t("intake.request"), textArea("request", 3), { wide: true }),
    ),
  );

  // --- evidence and witnesses
  const evidence = h("div", { class: "rows", id: "evidence" });
  s.evidence.forEach((v, i) => {
    const id = `f-evidence-${i}`;
    evidence.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(id, t("intake.evidence_item", { n: i + 1 }), rowInput(id, v, (nv) => (s.evidence[i] = nv)), { wide: true }),
        removeButton(`${id}-remove`, t("common.remove"), () => removeRow("evidence", i)),
      ),
    );
  });
  const witnesses = h("div", { class: "rows", id: "witnesses" });
  s.witnesses.forEach((w, i) => {
    const pre = `f-witnesses-${i}`;
    witnesses.appendChild(
      h(
        "div",
        { class: "row-line" },
        field(`${pre}-name`, t("intake.witness_name"), rowInput(`${pre}-name`, w.name, (v) => (w.name = v))),
        field(`${pre}-contact`, t("intake.witness_contact"), rowInput(`${pre}-contact`, w.contact, (v) => (w.contact = v))),
        removeButton(`${pre}-remove`, t("common.remove"), () => removeRow("witnesses", i)),
      ),
    );
  });
  const evidenceSection = h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.evidence")),
    h("h3", { class: "sub" }, t("intake.evidence")),
    h("div", { class: "field-error", id: "f-evidence-error", hidden: true }),
    evidence,
    h("button", { type: "button", class: "add-btn", id: "btn-add-evidence", onclick: () => addRow("evidence") }, "+ " + t("intake.add_evidence")),
    h("h3", { class: "sub" }, t("intake.witnesses")),
    h("div", { class: "field-error", id: "f-witnesses-error", hidden: true }),
    witnesses,
    h("button", { type: "button", class: "add-btn", id: "btn-add-witness", onclick: () => addRow("witnesses") }, "+ " + t("intake.add_witness")),
  );

  // --- actions
  const actions = h(
    "div",
    { class: "actions sticky" },
    h("button", { type: "button", class: "primary", id: "btn-save", onclick: () => void save(false) }, t("intake.save")),
    h("button", { type: "button", class: "secondary", id: "btn-save-print", onclick: () => void save(true) }, t("intake.save_print")),
    h("button", { type: "button", class: "ghost", id: "btn-clear", onclick: clearForm }, t("intake.clear")),
    h("span", { class: "draft-status", id: "draft-status", "aria-live": "polite" }),
    h("div", { class: "shortcut-help", id: "shortcut-help" }, t("intake.shortcuts")),
  );

  append(root, [
    h("h1", { class: "view-title" }, t("intake.title")),
    savedPanel(),
    banner,
    h("div", { class: "intake-form", id: "intake-form", role: "form", "aria-label": t("intake.title") }, basics, complainantSection, accusedSection, matterSection, evidenceSection),
    actions,
  ]);
  applyAnonymous();
}

function savedPanel(): HTMLElement | null {
  if (!lastSaved) return null;
  const c = lastSaved;
  const exportStatus = h("div", { class: "export-status", id: "export-status", "aria-live": "polite", hidden: true });
  return h(
    "section",
    { class: "saved-panel", id: "saved-panel", "aria-live": "polite" },
    h(
      "div",
      { class: "saved-main" },
      h("span", { class: "saved-label" }, t("intake.saved_title") + " · " + label("kind", c.kind) + " · " + t("intake.saved_number")),
      h("strong", { class: "saved-number", id: "saved-number" }, c.number),
    ),
    c.anonymous && c.query_code
      ? h(
          "div",
          { class: "saved-code" },
          h("span", { class: "saved-label" }, t("intake.saved_query_code")),
          h("strong", { class: "query-code", id: "saved-query-code" }, c.query_code),
          h("p", { class: "note" }, t("intake.saved_query_note")),
        )
      : null,
    h(
      "div",
      { class: "saved-actions" },
      h("button", { type: "button", class: "secondary", id: "btn-saved-slip", onclick: () => void exportDoc(c.id, "slip", exportStatus, byId("form-error")) }, t("intake.print_slip")),
      h("button", { type: "button", class: "secondary", id: "btn-saved-receipt", onclick: () => void exportDoc(c.id, "receipt", exportStatus, byId("form-error")) }, t("intake.print_receipt")),
      h("button", { type: "button", class: "ghost", id: "btn-saved-open", onclick: () => go({ view: "case", id: c.id }) }, t("intake.open_case")),
    ),
    exportStatus,
  );
}

/** Anonymous: identity inputs are disabled (their values stay in the draft). */
function applyAnonymous(): void {
  if (!root || !state) return;
  const on = state.anonymous;
  for (const el of Array.from(root.querySelectorAll<HTMLInputElement | HTMLButtonElement>("[data-identity]"))) el.disabled = on;
  for (const el of Array.from(root.querySelectorAll<HTMLButtonElement>("[id^=f-complainants-][id$=-remove]"))) el.disabled = on;
  const note = byId("anonymous-note");
  if (note) note.hidden = !on;
  byId("section-complainants")?.classList.toggle("disabled", on);
}

type ListName = "complainants" | "accused" | "evidence" | "witnesses";

function addRow(list: ListName): void {
  if (!state) return;
  const s = state;
  if (list === "complainants") s.complainants.push(emptyPerson());
  else if (list === "accused") s.accused.push(emptyAccused());
  else if (list === "evidence") s.evidence.push("");
  else s.witnesses.push(emptyWitness());
  const n = (s[list] as unknown[]).length - 1;
  render();
  changed();
  const first = list === "evidence" ? `f-evidence-${n}` : `f-${list}-${n}-name`;
  byId(first)?.focus();
}

/** Removes a row; the last remaining row is emptied instead, so a list always shows one. */
function removeRow(list: ListName, i: number): void {
  if (!state) return;
  const s = state;
  const rows = s[list] as unknown[];
  if (rows.length > 1) rows.splice(i, 1);
  else if (list === "complainants") s.complainants[0] = emptyPerson();
  else if (list === "accused") s.accused[0] = emptyAccused();
  else if (list === "evidence") s.evidence[0] = "";
  else s.witnesses[0] = emptyWitness();
  render();
  changed();
  const left = (s[list] as unknown[]).length - 1;
  const at = Math.min(i, left);
  byId(list === "evidence" ? `f-evidence-${at}` : `f-${list}-${at}-name`)?.focus();
}

function clearForm(): void {
  if (!state) return;
  if (!window.confirm(t("intake.clear_confirm"))) return;
  state = emptyForm(new Date(), { receiving_clerk: state.receiving_clerk, channel: state.channel });
  lastSaved = null;
  saveDraftSoon.cancel();
  void api.discardDraft(DRAFT_KEY).catch(() => undefined);
  render();
  byId("f-kind")?.focus();
}

// ---------------------------------------------------------------- errors

function clearErrors(): void {
  if (!root) return;
  for (const el of Array.from(root.querySelectorAll("[aria-invalid]"))) el.removeAttribute("aria-invalid");
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(".field-error"))) {
    el.hidden = true;
    el.textContent = "";
  }
  showBanner(byId("form-error"), null);
}

/** Marks each field the backend named; returns the inputs marked, in page order. */
function markFields(fields: FieldErrorPayload[]): { marked: HTMLElement[]; unplaced: FieldErrorPayload[] } {
  const marked: HTMLElement[] = [];
  const unplaced: FieldErrorPayload[] = [];
  const say = (line: HTMLElement, msg: string) => {
    line.textContent = line.textContent ? `${line.textContent}；${msg}` : msg;
    line.hidden = false;
  };
  for (const f of fields) {
    let el: HTMLElement | null = null;
    for (const id of fieldPathCandidates(f.field)) {
      el = byId(id);
      if (el) break;
    }
    const own = el ? byId(`${el.id}-error`) : null;
    // A list-level error ("complainants": none given) is said above the list.
    const listLine = /[.[]/.test(f.field) ? null : byId(`f-${f.field}-error`);
    const line = listLine ?? own;
    if (line) say(line, f.message);
    else unplaced.push(f);
    if (!el) continue;
    el.setAttribute("aria-invalid", "true");
    if (line) el.setAttribute("aria-describedby", line.id);
    if (!marked.includes(el)) marked.push(el);
  }
  marked.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return { marked, unplaced };
}

function showError(e: ApiError): void {
  const banner = byId("form-error");
  showBanner(banner, e, (m) => t("intake.errors_summary", { message: m }));
  if (e.code === "validation" && e.fields.length) {
    const { marked, unplaced } = markFields(e.fields);
    if (banner && unplaced.length) {
      banner.appendChild(h("ul", { class: "banner-list" }, unplaced.map((f) => h("li", {}, f.message))));
    }
    const first = marked.find((el) => !(el as HTMLInputElement).disabled);
    if (first) {
      first.focus();
      first.scrollIntoView({ block: "center" });
      return;
    }
  }
  banner?.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- saving

async function save(andPrint: boolean): Promise<void> {
  if (busy || !state || !root) return;
  busy = true;
  setButtonsBusy(true);
  clearErrors();
  const s = state;
  let created: CaseDetail;
  try {
    created = await api.createCase(toCaseInput(s));
  } catch (e) {
    busy = false;
    setButtonsBusy(false);
    showError(e as ApiError);
    return;
  }
  saveDraftSoon.cancel();
  await api.discardDraft(DRAFT_KEY).catch(() => undefined);
  await api.saveDraft(DEFAULTS_KEY, { receiving_clerk: s.receiving_clerk, channel: s.channel }).catch(() => undefined);
  lastSaved = created;
  state = emptyForm(new Date(), { receiving_clerk: s.receiving_clerk, channel: s.channel });
  busy = false;
  render();
  const status = byId("draft-status");
  if (status) status.textContent = "";
  byId("saved-panel")?.scrollIntoView({ block: "nearest" });
  byId(andPrint ? "btn-saved-slip" : "f-kind")?.focus();
  if (andPrint) {
    busy = true;
    setButtonsBusy(true);
    const status = byId("export-status");
    const banner = byId("form-error");
    if (await exportDoc(created.id, "slip", status, banner)) {
      const slipText = status && !status.hidden ? status.textContent ?? "" : "";
      if (await exportDoc(created.id, "receipt", status, banner)) {
        if (status && slipText && status.textContent !== slipText) status.textContent = `${slipText}\n${status.textContent}`;
      }
    }
    busy = false;
    setButtonsBusy(false);
  }
}

function setButtonsBusy(on: boolean): void {
  for (const id of ["btn-save", "btn-save-print", "btn-clear", "btn-saved-slip", "btn-saved-receipt"]) {
    const b = byId<HTMLButtonElement>(id);
    if (b) b.disabled = on;
  }
  root?.setAttribute("aria-busy", on ? "true" : "false");
}
