// The buttons and forms that add a record to an open case: defence,
// interview, evidence (with a file), site check, recusal, link, stopping
// and restarting the clock, extending the deadline. Each is offered only
// when the core lists its operation as allowed.
import {
  declareRecusal,
  extendDeadline,
  linkCases,
  pauseClock,
  recordDefence,
  recordEvidence,
  recordInterview,
  recordSiteCheck,
  resumeClock,
  type CaseView,
  type UserView,
} from "../../api/generated";
import { isoDate, isoMinute } from "../../lib/dates";
import { h, select } from "../../lib/dom";
import { readValues } from "../../lib/fields";
import { pickFile } from "../../lib/files";
import { t } from "../../lib/i18n";
import { bool, str } from "../../lib/values";
import { fieldBox, type FormHost } from "./forms";
import { buildEvidence, buildLink, buildSiteCheck, INTERVIEW_ROLES, LINK_KINDS, questionsAndAnswers, type FieldSpec } from "./logic";

type Button = (c: CaseView, host: FormHost, users: UserView[]) => HTMLButtonElement;

const op = <T>(c: CaseView, input: T) => ({ case_id: c.id, version: c.version, input });
const text = (name: string, required = true): FieldSpec => ({ name, kind: "text", required });
const when: FieldSpec = { name: "at", kind: "datetime", required: true };

function button(id: string, key: Parameters<typeof t>[0], cls = "secondary"): HTMLButtonElement {
  return h("button", { type: "button", class: cls, id }, t(key));
}

const defence: Button = (c, host) => {
  const btn = button("btn-defence", "step.defence");
  btn.addEventListener("click", () => {
    const init = { asked_on: isoDate() };
    host.open("defence", btn, t("step.defence"), [fieldBox("defence", { name: "asked_on", kind: "date", required: true }, init), fieldBox("defence", { name: "declined", kind: "checkbox" }, init), fieldBox("defence", { name: "statement", kind: "textarea" }, init)], "btn-defence-submit", "defence", async (form) => {
      const v = readValues(form, "defence");
      await recordDefence(op(c, { asked_on: str(v, "asked_on"), declined: bool(v, "declined"), statement: str(v, "statement") }));
    });
  });
  return btn;
};

const interview: Button = (c, host) => {
  const btn = button("btn-interview", "step.interview");
  btn.addEventListener("click", () => {
    const init = { at: isoMinute(), role: "complainant" };
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
    const qaWrap = h(
      "div",
      { class: "field wide", "data-field": "questions_and_answers" },
      qaBox,
      h("button", { type: "button", class: "add-btn", id: "btn-interview-add-qa", tabindex: "-1", onclick: () => addQa() }, t("fld.add_qa")),
      h("div", { class: "field-error", id: "interview-questions_and_answers-error", role: "alert", hidden: true }),
    );
    const body = [
      fieldBox("interview", when, init),
      ...["place", "interviewer", "recorder", "interviewee"].map((f) => fieldBox("interview", text(f), init)),
      fieldBox("interview", { name: "role", kind: "select", prefix: "role", options: INTERVIEW_ROLES, required: true }, init),
      qaWrap,
      fieldBox("interview", { name: "signed", kind: "checkbox" }, init),
    ];
    host.open("interview", btn, t("step.interview"), body, "btn-interview-submit", "interview", async (form) => {
      const v = readValues(form, "interview");
      await recordInterview(
        op(c, {
          at: str(v, "at").replace("T", " "),
          place: str(v, "place"),
          interviewer: str(v, "interviewer"),
          recorder: str(v, "recorder"),
          interviewee: str(v, "interviewee"),
          role: str(v, "role"),
          questions_and_answers: questionsAndAnswers(v, n),
          signed: bool(v, "signed"),
        }),
      );
    });
  });
  return btn;
};

const evidence: Button = (c, host) => {
  const btn = button("btn-evidence", "step.evidence");
  btn.addEventListener("click", () => {
    const init = { obtained_on: isoDate() };
    const note = h("p", { class: "muted small wide", id: "evidence-note", role: "status", hidden: true });
    const body = [
      fieldBox("evidence", { name: "description", kind: "textarea", required: true }, init, t("evidence.description")),
      fieldBox("evidence", { name: "source", kind: "text" }, init, t("evidence.source")),
      fieldBox("evidence", { name: "obtained_on", kind: "date" }, init, t("evidence.obtained_on")),
      fieldBox("evidence", { name: "attach", kind: "checkbox" }, init, t("evidence.attach")),
      h("p", { class: "muted small wide" }, t("evidence.attach_hint")),
      note,
    ];
    host.open("evidence", btn, t("step.evidence"), body, "btn-evidence-submit", "evidence", async (form) => {
      note.hidden = true;
      const { evidence: ev, attach } = buildEvidence(readValues(form, "evidence"));
      let file = null;
      if (attach) {
        const picked = await pickFile("attach", []);
        if (!picked) {
          // The file chooser was cancelled: nothing was recorded.
          note.textContent = t("evidence.cancelled");
          note.hidden = false;
          return false;
        }
        file = { name: picked.name, bytes: picked.bytes };
      }
      await recordEvidence(op(c, { evidence: ev, file }));
      return undefined;
    });
  });
  return btn;
};

const siteCheck: Button = (c, host) => {
  const btn = button("btn-site-check", "step.site_check");
  btn.addEventListener("click", () => {
    const init = { at: isoMinute() };
    const body = [
      fieldBox("site", when, init, t("site.at")),
      fieldBox("site", text("place"), init, t("site.place")),
      fieldBox("site", text("inspectors", false), init, t("site.inspectors")),
      fieldBox("site", { name: "findings", kind: "textarea", required: true }, init, t("site.findings")),
    ];
    host.open("site", btn, t("step.site_check"), body, "btn-site-submit", "site", async (form) => {
      await recordSiteCheck(op(c, buildSiteCheck(readValues(form, "site"))));
    });
  });
  return btn;
};

const recusal: Button = (c, host, users) => {
  const btn = button("btn-recusal", "step.recusal", "ghost-line");
  btn.addEventListener("click", () => {
    const who = select({ id: "recusal-user_id" }, [{ value: "", label: t("recusal.myself") }, ...users.map((u) => ({ value: String(u.id), label: u.display_name }))], "");
    const body = [
      h("div", { class: "field", "data-field": "user_id" }, h("label", { for: "recusal-user_id" }, t("recusal.handler")), who, h("div", { class: "field-error", id: "recusal-user_id-error", role: "alert", hidden: true })),
      fieldBox("recusal", { name: "reason", kind: "textarea", required: true }, {}, t("recusal.reason")),
    ];
    host.open("recusal", btn, t("step.recusal"), body, "btn-recusal-submit", "recusal", async (form) => {
      const v = readValues(form, "recusal");
      await declareRecusal(op(c, { user_id: who.value ? Number(who.value) : null, reason: str(v, "reason") }));
    });
  });
  return btn;
};

const link: Button = (c, host) => {
  const btn = button("btn-link", "step.link", "ghost-line");
  btn.addEventListener("click", () => {
    const init = { kind: "related" };
    const body = [
      fieldBox("link", text("other_number"), init, t("link.other_number")),
      fieldBox("link", { name: "kind", kind: "select", prefix: "linkopt", options: LINK_KINDS, required: true }, init, t("link.kind")),
    ];
    host.open("link", btn, t("step.link"), body, "btn-link-submit", "link", async (form) => {
      await linkCases(op(c, buildLink(readValues(form, "link"))));
    });
  });
  return btn;
};

const pause: Button = (c, host) => {
  const btn = button("btn-clock-pause", "step.pause", "ghost-line");
  btn.addEventListener("click", () => {
    const body = [fieldBox("clock", { name: "from", kind: "date", required: true }, { from: isoDate() }), fieldBox("clock", { name: "reason", kind: "textarea", required: true }, {})];
    host.open("clock-pause", btn, t("step.pause"), body, "btn-step-submit", "clock", async (form) => {
      const v = readValues(form, "clock");
      await pauseClock(op(c, { from: str(v, "from"), reason: str(v, "reason") }));
    });
  });
  return btn;
};

const resume: Button = (c, host) => {
  const btn = button("btn-clock-resume", "step.resume", "ghost-line");
  btn.addEventListener("click", () => {
    host.open("clock-resume", btn, t("step.resume"), [fieldBox("clock", { name: "on", kind: "date", required: true }, { on: isoDate() })], "btn-step-submit", "clock", async (form) => {
      await resumeClock(op(c, { on: str(readValues(form, "clock"), "on") }));
    });
  });
  return btn;
};

const extend: Button = (c, host) => {
  const btn = button("btn-extend", "step.extend", "ghost-line");
  btn.addEventListener("click", () => {
    const init = { notice_sent_on: isoDate() };
    const body = [
      fieldBox("extend", { name: "new_due", kind: "date", required: true }, init),
      fieldBox("extend", { name: "notice_sent_on", kind: "date", required: true }, init),
      fieldBox("extend", { name: "reason", kind: "textarea", required: true }, init),
    ];
    host.open("extend", btn, t("step.extend"), body, "btn-step-submit", "extend", async (form) => {
      const v = readValues(form, "extend");
      await extendDeadline(op(c, { new_due: str(v, "new_due"), reason: str(v, "reason"), notice_sent_on: str(v, "notice_sent_on") }));
    });
  });
  return btn;
};

/** The record operations, in button order, each with its button; grouped as the panel shows them. */
export const RECORD_BUTTONS: { group: "records" | "manage" | "clock"; op: string; make: Button }[] = [
  { group: "records", op: "record_defence", make: defence },
  { group: "records", op: "record_interview", make: interview },
  { group: "records", op: "record_evidence", make: evidence },
  { group: "records", op: "record_site_check", make: siteCheck },
  { group: "manage", op: "declare_recusal", make: recusal },
  { group: "manage", op: "link_cases", make: link },
  { group: "clock", op: "pause_clock", make: pause },
  { group: "clock", op: "resume_clock", make: resume },
  { group: "clock", op: "extend_deadline", make: extend },
];
