// 办理: the deadlines of a case and the steps its status allows, each as a
// button that opens a small inline form under the buttons.
import { api, type ApiError, type CaseDetail, type DeadlineView, type StepCode } from "./api";
import { currentUser, showBanner } from "./app";
import { may, mayStep } from "./roles";
import { clear, h, select, shortTime } from "./dom";
import {
  actionsFor,
  buildAction,
  clockPaused,
  deadlineLabel,
  isoDate,
  isoMinute,
  PROPOSALS,
  ROLES,
  STEP_FIELDS,
  type FieldSpec,
  type FormValues,
} from "./handling";
import { getLang, label, t, type MsgKey } from "./i18n";
import { buildEvidence, buildLink, buildRecusal, buildSiteCheck, LINK_KINDS, recusedLine } from "./records";

type Done = () => void;

/** Forms whose field ids use their own key as prefix (`<key>-<field>`). */
const OWN_PREFIX = ["defence", "interview", "extend", "evidence", "site", "recusal", "link"];

function badge(cls: string, text: string, extra: Record<string, string> = {}): HTMLElement {
  return h("span", { class: `badge ${cls}`, ...extra }, text);
}

export function deadlineTable(list: DeadlineView[]): HTMLElement {
  if (!list.length) return h("p", { class: "muted", id: "case-deadlines" }, t("handling.no_deadlines"));
  const heads: MsgKey[] = ["dl.col.label", "dl.col.period", "dl.col.from", "dl.col.due", "dl.col.state"];
  return h(
    "table",
    { class: "plain deadlines", id: "case-deadlines" },
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
    h(
      "tbody",
      {},
      list.map((d) =>
        h(
          "tr",
          { class: `deadline state-${d.state}`, "data-code": d.code, "data-state": d.state },
          h("td", { class: "dl-label" }, deadlineLabel(d, getLang())),
          h("td", { class: "dl-period" }, d.period_zh),
          h("td", { class: "dl-from" }, shortTime(d.from_at)),
          h("td", { class: "dl-due" }, shortTime(d.due_at), d.met_at ? h("div", { class: "muted small" }, t("dl.met_at", { at: shortTime(d.met_at) })) : null),
          h(
            "td",
            { class: "dl-state" },
            badge(`state state-${d.state}`, label("dlstate", d.state)),
            d.verified
              ? null
              : badge("warn unverified", t("dl.unverified_years", { years: d.unknown_years.join("、") || "?" }), { title: t("dl.unverified") }),
            d.extended ? badge("extended", t("dl.extended")) : null,
          ),
        ),
      ),
    ),
  );
}

/** A control for one field; ids are `<prefix>-<name>`. */
function control(prefix: string, f: FieldSpec, init: FormValues): HTMLElement {
  const id = `${prefix}-${f.name}`;
  const v = init[f.name];
  switch (f.kind) {
    case "textarea":
      return h("textarea", { id, rows: 3, value: typeof v === "string" ? v : "" });
    case "date":
      return h("input", { id, type: "date", value: typeof v === "string" ? v : "" });
    case "select":
      return select(
        { id },
        (f.options ?? []).map((o) => ({ value: o, label: f.prefix ? label(f.prefix, o) : o })),
        typeof v === "string" ? v : (f.options ?? [""])[0],
      );
    case "checkbox":
      return h("input", { id, type: "checkbox", checked: v === true });
    case "proposals":
      return h(
        "div",
        { class: "checks", id, role: "group" },
        PROPOSALS.map((p) =>
          h("label", { class: "check-line" }, h("input", { type: "checkbox", id: `${prefix}-proposal-${p}`, "data-proposal": p }), label("proposal", p)),
        ),
      );
    default:
      return h("input", { id, type: "text", autocomplete: "off", value: typeof v === "string" ? v : "" });
  }
}

function fieldBox(prefix: string, f: FieldSpec, init: FormValues, labelKey?: string): HTMLElement {
  const id = `${prefix}-${f.name}`;
  const ctl = control(prefix, f, init);
  const text = labelKey ?? label("fld", f.name);
  const wide = f.kind === "textarea" || f.kind === "proposals";
  if (f.kind === "checkbox") {
    return h(
      "div",
      { class: "field", "data-field": f.name },
      h("label", { class: "check-line" }, ctl, text),
      h("div", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true }),
    );
  }
  return h(
    "div",
    { class: "field" + (wide ? " wide" : ""), "data-field": f.name },
    f.kind === "proposals" ? h("span", { class: "label" }, text) : h("label", { for: id }, text, f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    ctl,
    h("div", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true }),
  );
}

/** Read every control inside `form` whose id starts with `<prefix>-`. */
function readValues(form: HTMLElement, prefix: string): FormValues {
  const out: FormValues = {};
  for (const el of Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"))) {
    if (!el.id.startsWith(`${prefix}-`)) continue;
    const name = el.id.slice(prefix.length + 1);
    out[name] = el instanceof HTMLInputElement && el.type === "checkbox" ? el.checked : el.value;
  }
  return out;
}

function clearFieldErrors(form: HTMLElement): void {
  for (const e of Array.from(form.querySelectorAll<HTMLElement>(".field-error"))) {
    e.hidden = true;
    e.textContent = "";
  }
  for (const e of Array.from(form.querySelectorAll("[aria-invalid]"))) e.removeAttribute("aria-invalid");
}

/** Put field errors next to their fields; returns true when at least one found a place. */
function showFieldErrors(form: HTMLElement, prefix: string, e: ApiError): void {
  let first: HTMLElement | null = null;
  for (const f of e.fields) {
    const base = f.field.split(/[.[]/)[0];
    const slot = form.querySelector<HTMLElement>(`#${CSS.escape(`${prefix}-${base}-error`)}`);
    const ctl = form.querySelector<HTMLElement>(`#${CSS.escape(`${prefix}-${base}`)}`);
    if (slot) {
      slot.hidden = false;
      slot.textContent = slot.textContent ? `${slot.textContent} ${f.message}` : f.message;
    }
    if (ctl) {
      ctl.setAttribute("aria-invalid", "true");
      first ??= ctl;
    }
  }
  first?.focus();
}

/** The 办理 panel. `refresh` reloads the whole case after a successful step. */
export function handlingPanel(c: CaseDetail, deadlines: DeadlineView[] | ApiError, banner: HTMLElement, refresh: Done): HTMLElement {
  const offer = actionsFor(c.status);
  const formSlot = h("div", { class: "step-form-slot", id: "step-form-slot" });
  const buttons = h("div", { class: "actions step-buttons", id: "step-buttons" });
  let openKey = "";

  const closeForm = () => {
    clear(formSlot);
    openKey = "";
    for (const b of Array.from(buttons.querySelectorAll("button"))) b.classList.remove("open");
  };

  /** Open a form; `submit` sends it and resolves when done, or resolves to
   *  false when nothing was saved and the form should stay open as typed. */
  const openForm = (
    key: string,
    btn: HTMLButtonElement,
    title: string,
    body: HTMLElement[],
    submitId: string,
    submit: (form: HTMLElement) => Promise<void | false>,
  ) => {
    if (openKey === key) {
      closeForm();
      return;
    }
    closeForm();
    openKey = key;
    btn.classList.add("open");
    showBanner(banner, null);
    const send = h("button", { type: "submit", class: "primary", id: submitId }, t("common.submit"));
    const form = h(
      "form",
      { class: "step-form card-inner", id: "step-form", "data-form": key, novalidate: true },
      h("h3", { class: "sub" }, title),
      h("div", { class: "grid" }, body),
      h("div", { class: "actions" }, send, h("button", { type: "button", class: "ghost", id: "btn-step-cancel", onclick: closeForm }, t("common.cancel"))),
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (send.disabled) return;
      send.disabled = true;
      send.textContent = t("common.working");
      clearFieldErrors(form);
      showBanner(banner, null);
      try {
        if ((await submit(form)) === false) {
          send.disabled = false;
          send.textContent = t("common.submit");
          return;
        }
        closeForm();
        refresh();
      } catch (e) {
        const err = e as ApiError;
        showBanner(banner, err);
        showFieldErrors(form, OWN_PREFIX.includes(key) ? key : key.startsWith("clock") ? "clock" : "step", err);
        send.disabled = false;
        send.textContent = t("common.submit");
        banner.scrollIntoView?.({ block: "nearest" });
      }
    });
    formSlot.appendChild(form);
    const firstCtl = form.querySelector<HTMLElement>("input:not([type=checkbox]), select, textarea");
    firstCtl?.focus();
  };

  const today = isoDate();

  const stepDefaults = (step: StepCode): FormValues => {
    switch (step) {
      case "not_accepted_notice_sent":
        return { sent_on: today };
      case "review":
        return { department: c.handling_department, mode: "single" };
      default:
        return {};
    }
  };

  const stepButton = (step: StepCode) => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: `btn-step-${step}`, "data-step": step }, label("step", step));
    btn.addEventListener("click", () => {
      const specs = STEP_FIELDS[step];
      const init = stepDefaults(step);
      const body = specs.map((f) => fieldBox("step", f, init));
      openForm(step, btn, label("step", step), body, "btn-step-submit", async (form) => {
        await api.act(c.id, buildAction(step, readValues(form, "step")));
      });
      // Rectification deadline only matters when rectification is proposed.
      const rect = formSlot.querySelector<HTMLElement>('[data-field="rectification_due"]');
      const tick = formSlot.querySelector<HTMLInputElement>("#step-proposal-rectification");
      if (rect && tick) {
        const sync = () => (rect.hidden = !tick.checked);
        tick.addEventListener("change", sync);
        sync();
      }
    });
    return btn;
  };

  const defenceButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: "btn-defence" }, t("step.defence"));
    btn.addEventListener("click", () => {
      const init: FormValues = { asked_on: today };
      openForm(
        "defence",
        btn,
        t("step.defence"),
        [
          fieldBox("defence", { name: "asked_on", kind: "date", required: true }, init),
          fieldBox("defence", { name: "declined", kind: "checkbox" }, init),
          fieldBox("defence", { name: "statement", kind: "textarea" }, init),
        ],
        "btn-defence-submit",
        async (form) => {
          const v = readValues(form, "defence");
          await api.recordDefence(c.id, {
            asked_on: String(v.asked_on ?? "").trim(),
            declined: v.declined === true,
            statement: String(v.statement ?? "").trim(),
          });
        },
      );
    });
    return btn;
  };

  const interviewButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: "btn-interview" }, t("step.interview"));
    btn.addEventListener("click", () => {
      const init: FormValues = { at: isoMinute(), role: "complainant" };
      const qaBox = h("div", { class: "field wide qa-list", id: "interview-qa", "data-field": "questions_and_answers" });
      let n = 0;
      const addQa = () => {
        const i = n++;
        qaBox.appendChild(
          h(
            "div",
            { class: "qa", "data-index": i },
            h("label", { for: `interview-q-${i}` }, t("fld.question", { n: i + 1 })),
            h("textarea", { id: `interview-q-${i}`, rows: 2 }),
            h("label", { for: `interview-a-${i}` }, t("fld.answer", { n: i + 1 })),
            h("textarea", { id: `interview-a-${i}`, rows: 2 }),
          ),
        );
      };
      addQa();
      const add = h("button", { type: "button", class: "add-btn", id: "btn-interview-add-qa", onclick: () => addQa() }, t("fld.add_qa"));
      const qaWrap = h(
        "div",
        { class: "field wide", "data-field": "questions_and_answers" },
        qaBox,
        add,
        h("div", { class: "field-error", id: "interview-questions_and_answers-error", role: "alert", hidden: true }),
      );
      const text = (name: string, required = true): FieldSpec => ({ name, kind: "text", required });
      openForm(
        "interview",
        btn,
        t("step.interview"),
        [
          fieldBox("interview", text("at"), init),
          fieldBox("interview", text("place"), init),
          fieldBox("interview", text("interviewer"), init),
          fieldBox("interview", text("recorder"), init),
          fieldBox("interview", text("interviewee"), init),
          fieldBox("interview", { name: "role", kind: "select", prefix: "role", options: ROLES, required: true }, init),
          qaWrap,
          fieldBox("interview", { name: "signed", kind: "checkbox" }, init),
        ],
        "btn-interview-submit",
        async (form) => {
          const v = readValues(form, "interview");
          const s = (k: string) => String(v[k] ?? "").trim();
          const qas = [];
          for (let i = 0; i < n; i++) {
            const question = s(`q-${i}`);
            const answer = s(`a-${i}`);
            if (question || answer) qas.push({ question, answer });
          }
          await api.recordInterview(c.id, {
            at: s("at").replace("T", " "),
            place: s("place"),
            interviewer: s("interviewer"),
            recorder: s("recorder"),
            interviewee: s("interviewee"),
            role: s("role") as (typeof ROLES)[number],
            questions_and_answers: qas,
            signed: v.signed === true,
          });
        },
      );
    });
    return btn;
  };

  const clockButton = (op: "pause" | "resume") => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "ghost-line", id: `btn-clock-${op}` }, t(op === "pause" ? "step.pause" : "step.resume"));
    btn.addEventListener("click", () => {
      const init: FormValues = { date: today };
      openForm(
        `clock-${op}`,
        btn,
        t(op === "pause" ? "step.pause" : "step.resume"),
        [fieldBox("clock", { name: "date", kind: "date", required: true }, init), fieldBox("clock", { name: "reason", kind: "textarea", required: op === "pause" }, init)],
        "btn-step-submit",
        async (form) => {
          const v = readValues(form, "clock");
          await api.stopClock(c.id, op, String(v.date ?? "").trim(), String(v.reason ?? "").trim());
        },
      );
    });
    return btn;
  };

  const extendButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "ghost-line", id: "btn-extend" }, t("step.extend"));
    btn.addEventListener("click", () => {
      const init: FormValues = { notice_sent_on: today };
      openForm(
        "extend",
        btn,
        t("step.extend"),
        [
          fieldBox("extend", { name: "new_due", kind: "date", required: true }, init),
          fieldBox("extend", { name: "notice_sent_on", kind: "date", required: true }, init),
          fieldBox("extend", { name: "reason", kind: "textarea", required: true }, init),
        ],
        "btn-step-submit",
        async (form) => {
          const v = readValues(form, "extend");
          const s = (k: string) => String(v[k] ?? "").trim();
          await api.extendDeadline(c.id, { new_due: s("new_due"), reason: s("reason"), notice_sent_on: s("notice_sent_on") });
        },
      );
    });
    return btn;
  };

  const evidenceButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: "btn-evidence" }, t("step.evidence"));
    btn.addEventListener("click", () => {
      const init: FormValues = { obtained_on: today };
      const note = h("p", { class: "muted small wide", id: "evidence-note", role: "status", hidden: true });
      openForm(
        "evidence",
        btn,
        t("step.evidence"),
        [
          fieldBox("evidence", { name: "description", kind: "textarea", required: true }, init, t("evidence.description")),
          fieldBox("evidence", { name: "source", kind: "text" }, init, t("evidence.source")),
          fieldBox("evidence", { name: "obtained_on", kind: "date" }, init, t("evidence.obtained_on")),
          fieldBox("evidence", { name: "attach", kind: "checkbox" }, init, t("evidence.attach")),
          h("p", { class: "muted small wide" }, t("evidence.attach_hint")),
          note,
        ],
        "btn-evidence-submit",
        async (form) => {
          note.hidden = true;
          const { evidence, attach } = buildEvidence(readValues(form, "evidence"));
          const done = await api.recordEvidence(c.id, evidence, attach);
          if (done === null) {
            // The file chooser was cancelled: nothing was recorded.
            note.textContent = t("evidence.cancelled");
            note.hidden = false;
            return false;
          }
          return undefined;
        },
      );
    });
    return btn;
  };

  const siteButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: "btn-site-check" }, t("step.site_check"));
    btn.addEventListener("click", () => {
      const init: FormValues = { at: isoMinute() };
      openForm(
        "site",
        btn,
        t("step.site_check"),
        [
          fieldBox("site", { name: "at", kind: "text", required: true }, init, t("site.at")),
          fieldBox("site", { name: "place", kind: "text", required: true }, init, t("site.place")),
          fieldBox("site", { name: "inspectors", kind: "text" }, init, t("site.inspectors")),
          fieldBox("site", { name: "findings", kind: "textarea", required: true }, init, t("site.findings")),
        ],
        "btn-site-submit",
        async (form) => {
          await api.recordSiteCheck(c.id, buildSiteCheck(readValues(form, "site")));
        },
      );
    });
    return btn;
  };

  const recusalButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "ghost-line", id: "btn-recusal" }, t("step.recusal"));
    btn.addEventListener("click", () => {
      openForm(
        "recusal",
        btn,
        t("step.recusal"),
        [
          fieldBox("recusal", { name: "handler", kind: "text", required: true }, {}, t("recusal.handler")),
          fieldBox("recusal", { name: "reason", kind: "textarea", required: true }, {}, t("recusal.reason")),
        ],
        "btn-recusal-submit",
        async (form) => {
          await api.declareRecusal(c.id, buildRecusal(readValues(form, "recusal")));
        },
      );
    });
    return btn;
  };

  const linkButton = () => {
    const btn: HTMLButtonElement = h("button", { type: "button", class: "ghost-line", id: "btn-link" }, t("step.link"));
    btn.addEventListener("click", () => {
      const init: FormValues = { kind: "related" };
      openForm(
        "link",
        btn,
        t("step.link"),
        [
          fieldBox("link", { name: "other_number", kind: "text", required: true }, init, t("link.other_number")),
          fieldBox("link", { name: "kind", kind: "select", prefix: "linkopt", options: LINK_KINDS, required: true }, init, t("link.kind")),
        ],
        "btn-link-submit",
        async (form) => {
          const { other_number, kind } = buildLink(readValues(form, "link"));
          await api.linkCases(c.id, other_number, kind);
        },
      );
    });
    return btn;
  };

  // Only what the signed-in user's roles allow (the backend refuses the rest anyway).
  const user = currentUser();
  const investigates = may(user, "investigate");
  offer.steps = offer.steps.filter((s) => mayStep(user, s));
  if (!investigates) {
    offer.records = [];
    offer.gathering = false;
  }
  if (!investigates && !may(user, "extend")) offer.clock = false;
  for (const s of offer.steps) buttons.appendChild(stepButton(s));
  if (offer.records.includes("defence")) buttons.appendChild(defenceButton());
  if (offer.records.includes("interview")) buttons.appendChild(interviewButton());
  if (offer.gathering) buttons.append(evidenceButton(), siteButton());
  if (offer.manage) buttons.append(h("span", { class: "sep", "aria-hidden": "true" }), recusalButton(), linkButton());
  if (offer.clock) {
    buttons.append(h("span", { class: "sep", "aria-hidden": "true" }));
    if (investigates) buttons.append(clockButton("pause"), clockButton("resume"));
    if (may(user, "extend")) buttons.append(extendButton());
  }

  const paused = clockPaused(c.history);
  const recused = recusedLine(c.records ?? []);
  return h(
    "section",
    { class: "card handling", id: "case-handling" },
    h("h2", {}, t("handling.title"), " ", h("span", { class: "badge", id: "handling-status" }, label("status", c.status)), paused ? " " : null, paused ? badge("warn", t("handling.paused"), { id: "clock-paused" }) : null),
    recused ? h("p", { class: "recused-warning", id: "case-recused", role: "note" }, recused) : null,
    h("h3", { class: "sub" }, t("handling.deadlines")),
    Array.isArray(deadlines)
      ? deadlineTable(deadlines)
      : h("p", { class: "field-error", id: "case-deadlines" }, t("handling.deadlines_failed", { message: deadlines.message })),
    h("h3", { class: "sub" }, t("handling.actions")),
    offer.steps.length || offer.clock || offer.gathering || offer.manage ? buttons : h("p", { class: "muted", id: "step-buttons" }, t("handling.no_actions")),
    formSlot,
  );
}
