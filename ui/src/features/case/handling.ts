// 办理: the deadlines of a case and what the user may do on it now — the
// workflow steps and records the core lists in `allowed.operations`, each a
// button opening a small form under the buttons.
import * as api from "../../api/generated";
import type { CaseView, DeadlineView, UserView } from "../../api/generated";
import { isoDate } from "../../lib/dates";
import { h, shortTime } from "../../lib/dom";
import { readValues } from "../../lib/fields";
import { getLang, label, t, type MsgKey } from "../../lib/i18n";
import type { FormValues } from "../../lib/values";
import { deadlineLabel } from "../due/logic";
import { fieldBox, formHost } from "./forms";
import { clockPaused } from "./history";
import { STEP_FIELDS, STEP_OPS, stepInput, stepsAllowed, type StepOp } from "./logic";
import { RECORD_BUTTONS } from "./recordforms";
import { recusedLine } from "./records";

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
            d.unknown_years.length ? badge("warn unverified", t("dl.unverified_years", { years: d.unknown_years.join("、") }), { title: t("dl.unverified") }) : null,
            d.provisional_years.length ? badge("warn provisional", t("dl.provisional_years", { years: d.provisional_years.join("、") }), { title: t("dl.provisional") }) : null,
            d.extended ? badge("extended", t("dl.extended")) : null,
          ),
        ),
      ),
    ),
  );
}

/** Each step operation's call: its CaseOp with the input the form gives. */
const STEP_CALLS: Record<StepOp, (op: { case_id: number; version: number | null; input: never }) => Promise<CaseView>> = {
  accept_case: api.acceptCase,
  not_accept_case: api.notAcceptCase,
  record_not_accepted_notice: api.recordNotAcceptedNotice,
  review_case: api.reviewCase,
  start_investigation: api.startInvestigation,
  write_findings: api.writeFindings,
  approve_findings: api.approveFindings,
  reject_findings: api.rejectFindings,
  record_reply: api.recordReply,
  record_follow_up: api.recordFollowUp,
  record_no_follow_up: api.recordNoFollowUp,
  escalate_case: api.escalateCase,
  reopen_case: api.reopenCase,
  archive_case: api.archiveCase,
};

/** The 办理 panel. `users` are the office's active users (inspectors, recusal);
 *  `refresh` reloads the case after a form was sent, `reload` after a refusal as stale. */
export function handlingPanel(c: CaseView, users: UserView[], banner: HTMLElement, refresh: () => void): HTMLElement {
  const allowed = c.allowed.operations;
  const slot = h("div", { class: "step-form-slot", id: "step-form-slot" });
  const buttons = h("div", { class: "actions step-buttons", id: "step-buttons" });
  const host = formHost(slot, buttons, banner, refresh, refresh);

  const stepDefaults = (op: StepOp): FormValues => {
    if (op === "record_not_accepted_notice") return { sent_on: isoDate() };
    if (op === "review_case") return { department: c.handling_department, mode: "single" };
    return {};
  };

  const stepButton = (op: StepOp) => {
    const step = STEP_OPS[op];
    const btn: HTMLButtonElement = h("button", { type: "button", class: "secondary", id: `btn-step-${step}`, "data-step": step, "data-op": op }, label("step", step));
    btn.addEventListener("click", () => {
      const init = stepDefaults(op);
      const body = STEP_FIELDS[op].map((f) => fieldBox("step", f, init, undefined, users));
      host.open(op, btn, label("step", step), body, "btn-step-submit", "step", async (form) => {
        await STEP_CALLS[op]({ case_id: c.id, version: c.version, input: stepInput(op, readValues(form, "step")) as never });
      });
      // The rectification deadline only matters when rectification is proposed.
      const rect = slot.querySelector<HTMLElement>('[data-field="rectification_due"]');
      const tick = slot.querySelector<HTMLInputElement>("#step-proposal-rectification");
      if (rect && tick) {
        const sync = () => (rect.hidden = !tick.checked);
        tick.addEventListener("change", sync);
        sync();
      }
    });
    return btn;
  };

  const steps = stepsAllowed(allowed);
  for (const op of steps) buttons.appendChild(stepButton(op));
  let group = "";
  for (const r of RECORD_BUTTONS.filter((r) => allowed.includes(r.op))) {
    if (group && r.group !== group) buttons.append(h("span", { class: "sep", "aria-hidden": "true" }));
    group = r.group;
    buttons.appendChild(r.make(c, host, users));
  }

  const paused = clockPaused(c.history);
  const recused = recusedLine(c.records);
  return h(
    "section",
    { class: "card handling", id: "case-handling", "data-version": c.version, "data-status": c.status },
    h("h2", {}, t("handling.title"), " ", h("span", { class: "badge", id: "handling-status" }, label("status", c.status)), paused ? " " : null, paused ? badge("warn", t("handling.paused"), { id: "clock-paused" }) : null),
    recused ? h("p", { class: "recused-warning", id: "case-recused", role: "note" }, recused) : null,
    h("h3", { class: "sub" }, t("handling.deadlines")),
    deadlineTable(c.deadlines),
    h("h3", { class: "sub" }, t("handling.actions")),
    buttons.childElementCount ? buttons : h("p", { class: "muted", id: "step-buttons" }, t("handling.no_actions")),
    slot,
  );
}
