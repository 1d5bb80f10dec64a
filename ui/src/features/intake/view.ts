// 登记: the keyboard-first intake form. The state lives in `intake.form`
// (autosaved as a draft); the DOM is drawn from it when rows are added or
// removed, and inputs write back into it as the user types. Enter moves to
// the next field; the clerk's first input stamps the received time.
import { listUsers, type UserView } from "../../api/generated";
import { append, byId, clear, field, h, select } from "../../lib/dom";
import { enterMovesOn } from "../../lib/fields";
import { CHANNELS, KINDS, label, pick, SEVERITIES, t } from "../../lib/i18n";
import { store } from "../../state/store";
import { discard, intake, loadForm, saveDraftSoon } from "./draft";
import { clerkChoices, detectShortcut, emptyForm } from "./logic";
import { receivedAt, watchStart } from "./received";
import { accusedRows, addRow, applyAnonymous, complainantRows, evidenceRows, onEdited, witnessRows } from "./rows";
import { checkSoon, forgetMatches, repeatPanel } from "./repeatpanel";
import { printDocs, save } from "./save";
import { savedPanel } from "./saved";

type TextKey = "occurred_when" | "occurred_where" | "matter" | "facts" | "request";

export const REPLY_METHODS = ["", "phone", "letter", "sms", "email", "in_person"] as const;

export async function mountIntake(main: HTMLElement): Promise<() => void> {
  const turn = main.dataset.seq;
  intake.root = main;
  intake.render = render;
  intake.onEdit = checkSoon;
  let restored = false;
  const me = store.user()?.id ?? null;
  if (!intake.form || intake.owner !== me) {
    intake.owner = me;
    intake.lastSaved = null;
    const loaded = await loadForm();
    intake.form = loaded.form;
    restored = loaded.restored;
  }
  intake.users = await listUsers()
    .then((us) => us.filter((u) => u.active))
    .catch((): UserView[] => []);
  // Another view was opened while this one loaded.
  if (main.dataset.seq !== turn) return () => undefined;
  forgetMatches(); // cases may have come in since: ask again
  render();
  if (restored) {
    const status = byId("draft-status");
    if (status) status.textContent = t("intake.draft_restored");
  }
  const onKey = (e: KeyboardEvent) => {
    if (document.getElementById("unlock-overlay")) return;
    const sc = detectShortcut(e);
    if (sc) {
      e.preventDefault();
      void save(sc === "save_print");
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
    intake.root = null;
    intake.onEdit = () => {};
    checkSoon.cancel();
  };
}

function textInput(key: TextKey, attrs: Record<string, string> = {}): HTMLInputElement {
  const s = intake.form!;
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
  const s = intake.form!;
  const ta = h("textarea", { id: `f-${key}`, rows, oninput: (e: Event) => ((s[key] = (e.target as HTMLTextAreaElement).value), onEdited(e.target as HTMLElement)) });
  ta.value = s[key];
  return ta;
}

function categoryOptions(kind: string): { value: string; label: string }[] {
  const cats = store.state.policy?.categories ?? [];
  return [{ value: "", label: t("common.choose") }, ...cats.filter((c) => c.kinds.includes(kind as "complaint" | "report") || !KINDS.includes(kind as "complaint")).map((c) => ({ value: c.code, label: pick(c) }))];
}

function departmentText(code: string): string {
  const c = store.state.policy?.categories.find((x) => x.code === code);
  return c?.department ? t("intake.department", { dept: c.department }) : "";
}

/** A <select> writing its value into the form. */
function choice(id: string, options: { value: string; label: string }[], value: string, set: (v: string) => void): HTMLSelectElement {
  const sel = select({ id }, options, value);
  sel.addEventListener("change", () => {
    set(sel.value);
    onEdited(sel);
  });
  return sel;
}

function basics(): HTMLElement {
  const s = intake.form!;
  const kindSel = choice("f-kind", KINDS.map((k) => ({ value: k, label: label("kind", k) })), s.kind, (v) => {
    s.kind = v;
    const cat = byId<HTMLSelectElement>("f-category");
    if (!cat) return;
    const opts = categoryOptions(s.kind);
    if (!opts.some((o) => o.value === s.category)) s.category = "";
    clear(cat);
    for (const o of opts) cat.appendChild(h("option", { value: o.value }, o.label));
    cat.value = s.category;
    const dept = byId("f-category-dept");
    if (dept) dept.textContent = departmentText(s.category);
  });
  // The receiving clerk is the signed-in user unless the clerk picks another.
  const me = store.user();
  const users = clerkChoices(intake.users, me);
  const clerkId = s.receiving_clerk_id ?? me?.id ?? users[0]?.id ?? null;
  if (s.receiving_clerk_id === null && clerkId !== null) s.receiving_clerk_id = clerkId;
  const clerk = choice("f-receiving_clerk_id", users.map((u) => ({ value: String(u.id), label: u.display_name })), String(clerkId ?? ""), (v) => (s.receiving_clerk_id = v ? Number(v) : null));
  const anon = h("input", { id: "f-anonymous", type: "checkbox", checked: s.anonymous });
  anon.addEventListener("change", () => {
    s.anonymous = anon.checked;
    applyAnonymous();
    onEdited(anon);
  });
  return h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.basic")),
    h(
      "div",
      { class: "grid" },
      field("f-kind", t("intake.kind"), kindSel, { required: true }),
      field("f-channel", t("intake.channel"), choice("f-channel", CHANNELS.map((c) => ({ value: c, label: label("channel", c) })), s.channel, (v) => (s.channel = v)), { required: true }),
      field("f-received_at", t("intake.received_at"), receivedAt(), { required: true }),
      field("f-receiving_clerk_id", t("intake.receiving_clerk"), clerk, { required: true }),
    ),
    h("div", { class: "check-line" }, anon, h("label", { for: "f-anonymous" }, t("intake.anonymous")), h("div", { class: "field-error", id: "f-anonymous-error", hidden: true })),
  );
}

function matter(): HTMLElement {
  const s = intake.form!;
  const dept = h("span", { class: "dept", id: "f-category-dept", "aria-live": "polite" }, departmentText(s.category));
  const cat = choice("f-category", categoryOptions(s.kind), s.category, (v) => {
    s.category = v;
    dept.textContent = departmentText(v);
  });
  return h(
    "fieldset",
    { class: "section" },
    h("legend", {}, t("intake.section.matter")),
    h(
      "div",
      { class: "grid" },
      field("f-category", t("intake.category"), h("div", { class: "with-side" }, cat, dept), { required: true }),
      field("f-severity", t("intake.severity"), choice("f-severity", SEVERITIES.map((v) => ({ value: v, label: label("severity", v) })), s.severity, (v) => (s.severity = v)), { required: true }),
      field("f-occurred_when", t("intake.occurred_when"), textInput("occurred_when", { placeholder: t("intake.occurred_when_ph") })),
      field("f-occurred_where", t("intake.occurred_where"), textInput("occurred_where")),
      field("f-matter", t("intake.matter"), textInput("matter"), { required: true, wide: true }),
      field("f-facts", t("intake.facts"), textArea("facts", 6), { wide: true }),
      field("f-request", t("intake.request"), textArea("request", 3), { wide: true }),
      field(
        "f-reply_method",
        t("intake.reply_method"),
        choice("f-reply_method", REPLY_METHODS.map((m) => ({ value: m, label: m ? label("reply_method", m) : t("common.unspecified") })), s.reply_method, (v) => (s.reply_method = v)),
      ),
    ),
  );
}

function render(): void {
  const root = intake.root;
  const s = intake.form;
  if (!root || !s) return;
  clear(root);
  const addBtn = (id: string, list: Parameters<typeof addRow>[0], key: Parameters<typeof t>[0], identity = false) =>
    // Out of the Tab order (Tab and Enter go from field to field), still clickable.
    h("button", { type: "button", class: "add-btn", id, tabindex: "-1", "data-identity": identity ? "1" : null, onclick: () => addRow(list) }, "+ " + t(key));
  const listError = (id: string) => h("div", { class: "field-error", id, hidden: true });
  append(root, [
    h("h1", { class: "view-title" }, t("intake.title")),
    savedPanel((id, doc) => void printDocs(id, [doc])),
    h("div", { class: "banner error", id: "form-error", role: "alert", hidden: true }),
    h(
      "div",
      { class: "intake-layout", id: "intake-layout" },
      h(
      "div",
      { class: "intake-form", id: "intake-form", role: "form", "aria-label": t("intake.title") },
      basics(),
      h(
        "fieldset",
        { class: "section", id: "section-complainants" },
        h("legend", {}, t("intake.section.complainants")),
        listError("f-complainants-error"),
        h("p", { class: "note anon-note", id: "anonymous-note", hidden: !s.anonymous }, t("intake.anonymous_note")),
        complainantRows(s),
        addBtn("btn-add-complainant", "complainants", "intake.add_complainant", true),
      ),
      h("fieldset", { class: "section" }, h("legend", {}, t("intake.section.accused")), listError("f-accused-error"), accusedRows(s), addBtn("btn-add-accused", "accused", "intake.add_accused")),
      matter(),
      h(
        "fieldset",
        { class: "section" },
        h("legend", {}, t("intake.section.evidence")),
        h("h3", { class: "sub" }, t("intake.evidence")),
        listError("f-evidence-error"),
        evidenceRows(s),
        addBtn("btn-add-evidence", "evidence", "intake.add_evidence"),
        h("h3", { class: "sub" }, t("intake.witnesses")),
        listError("f-witnesses-error"),
        witnessRows(s),
        addBtn("btn-add-witness", "witnesses", "intake.add_witness"),
      ),
    ),
      repeatPanel(),
    ),
    h(
      "div",
      { class: "actions sticky" },
      h("button", { type: "button", class: "primary", id: "btn-save", onclick: () => void save(false) }, t("intake.save")),
      h("button", { type: "button", class: "secondary", id: "btn-save-print", onclick: () => void save(true) }, t("intake.save_print")),
      h("button", { type: "button", class: "ghost", id: "btn-clear", onclick: clearForm }, t("intake.clear")),
      h("span", { class: "draft-status", id: "draft-status", "aria-live": "polite" }),
      h("div", { class: "shortcut-help", id: "shortcut-help" }, t("intake.shortcuts")),
    ),
  ]);
  const form = byId("intake-form");
  if (form) {
    enterMovesOn(form, () => byId("btn-save"));
    watchStart(form);
  }
  applyAnonymous();
  checkSoon();
}

function clearForm(): void {
  const s = intake.form;
  if (!s || !window.confirm(t("intake.clear_confirm"))) return;
  intake.form = emptyForm({ channel: s.channel });
  intake.lastSaved = null;
  forgetMatches();
  discard();
  render();
  byId("f-kind")?.focus();
}
