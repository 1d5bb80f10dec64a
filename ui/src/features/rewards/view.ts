// 举报奖励 on the case page (reports only): the state, the proposal with its
// shares, and the one form the state allows — propose, decide, pay — plus the
// reporter's consent to publishing the name.
import { decideReward, payReward, proposeReward, recordConsent, rewardRange, type CaseView, type ProposalInput, type RewardPolicy, type RewardState } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { isoDate } from "../../lib/dates";
import { debounce, field, h, select } from "../../lib/dom";
import { formatFen } from "../../lib/format";
import { dateInput } from "../../lib/datefield";
import { colon, label, pickLabel, t, type MsgKey } from "../../lib/i18n";
import { buildPayment, buildProposal, isSubstantiated, PAYMENT_METHODS, rangeLine, rewardActions } from "./logic";

/** A report's reward state and the office's reward rules (each may have failed). */
export interface RewardData {
  state: RewardState | ApiError;
  policy: RewardPolicy | ApiError;
}

const op = <T>(c: CaseView, input: T) => ({ case_id: c.id, version: c.version, input });

function clearErrors(root: HTMLElement, only?: string[]): void {
  for (const e of Array.from(root.querySelectorAll<HTMLElement>(".field-error"))) {
    if (only && !only.some((f) => e.id === `reward-${f}-error`)) continue;
    e.hidden = true;
    e.textContent = "";
  }
  for (const e of Array.from(root.querySelectorAll<HTMLElement>("[aria-invalid]"))) {
    if (only && !only.some((f) => e.id === `reward-${f}`)) continue;
    e.removeAttribute("aria-invalid");
  }
}

/** Field errors next to #reward-<field>; returns the errors that found no place. */
function showErrors(root: HTMLElement, e: ApiError, focus = true): ApiError["fields"] {
  const rest: ApiError["fields"] = [];
  let first: HTMLElement | null = null;
  for (const f of e.fields) {
    const base = f.field.split(/[.[]/)[0];
    const slot = root.querySelector<HTMLElement>(`#reward-${CSS.escape(base)}-error`);
    const ctl = root.querySelector<HTMLElement>(`#reward-${CSS.escape(base)}`);
    if (!slot) {
      rest.push(f);
      continue;
    }
    slot.hidden = false;
    slot.textContent = slot.textContent ? `${slot.textContent} ${f.message}` : f.message;
    if (ctl) {
      ctl.setAttribute("aria-invalid", "true");
      first ??= ctl;
    }
  }
  if (focus) first?.focus();
  return rest;
}

/** The card. `state`/`policy` may be an error (shown in the card); `reload` re-reads the case after a step. */
export function rewardCard(c: CaseView, data: RewardData, reload: () => void): HTMLElement {
  const { state, policy } = data;
  const banner = bannerEl("reward-error");
  const section = h("section", { class: "card case-reward", id: "case-reward" }, h("h2", {}, t("reward.title")), banner);
  if (!("state" in state)) {
    showBanner(banner, state, { prefix: (m) => t("reward.loading_failed", { message: m }) });
    return section;
  }
  const st = state as RewardState;
  const pol = "rules" in policy ? policy : null;
  const acts = rewardActions(c.kind, st.state, isSubstantiated(c.records), c.allowed.operations);
  section.dataset.state = st.state;

  section.append(
    h(
      "p",
      { class: "reward-state-line" },
      `${t("reward.state")}${colon()}`,
      h("span", { class: `badge reward-state state-${st.state}`, id: "reward-state", "data-state": st.state }, label("rstate", st.state)),
    ),
  );
  if (st.proposal) section.appendChild(proposalView(st, pol));
  if (acts.needsFindings) section.appendChild(h("p", { class: "muted", id: "reward-needs-findings" }, t("reward.needs_findings")));

  // One step at a time; the buttons are disabled while it runs.
  const step: Step = async (form, send) => {
    showBanner(banner, null);
    clearErrors(form);
    const buttons = Array.from(section.querySelectorAll<HTMLButtonElement>("button"));
    buttons.forEach((b) => (b.disabled = true));
    try {
      await send();
      reload();
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "already_done") return reload();
      showErrors(form, err);
      showBanner(banner, err, { fieldId: (p) => (form.querySelector(`#reward-${CSS.escape(p.split(/[.[]/)[0])}`) ? `reward-${p.split(/[.[]/)[0]}` : null), reload });
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  if (acts.propose) {
    if (!pol) showBanner(banner, policy as ApiError, { prefix: (m) => t("reward.loading_failed", { message: m }) });
    else section.appendChild(proposeForm(c, st, pol, step));
  }
  if (acts.decide) section.appendChild(decideForm(c, step));
  if (acts.pay) section.appendChild(payForm(c, step));
  if (acts.consent) section.appendChild(consentBlock(c, st, step));
  return section;
}

/** Runs one reward step: errors go next to the fields of `form` (or to the banner); success reloads the case. */
type Step = (form: HTMLElement, send: () => Promise<RewardState>) => Promise<void>;

function kv(key: MsgKey, value: string | Node, id: string): HTMLElement {
  return h("div", { class: "kv" }, h("dt", {}, t(key)), h("dd", { id }, value));
}

function proposalView(st: RewardState, pol: RewardPolicy | null): HTMLElement {
  const p = st.proposal!;
  const rule = p.discretionary ? pol?.discretionary_bands.find((b) => b.code === p.rule) : pol?.rules.find((r) => r.code === p.rule);
  const ruleText = rule ? pickLabel(rule) : p.rule;
  const pay = st.payment;
  return h(
    "div",
    { class: "reward-proposal", id: "reward-proposal" },
    h("h3", { class: "sub" }, t("reward.proposal")),
    h(
      "dl",
      { class: "kv-grid" },
      kv(p.discretionary ? "reward.discretionary" : "reward.rule", ruleText, "reward-proposal-rule"),
      kv("reward.amount_shown", h("strong", { class: "money" }, p.amount_display), "reward-amount_display"),
      kv("reward.amount_upper", p.amount_upper, "reward-amount_upper"),
      kv(
        "reward.amounts",
        t("reward.amounts_line", { fine: formatFen(p.amounts.fine), recovered: formatFen(p.amounts.recovered), confiscated: formatFen(p.amounts.confiscated) }),
        "reward-amounts",
      ),
      p.reason ? kv("reward.reason", p.reason, "reward-proposal-reason") : null,
      kv(
        "reward.shares",
        h(
          "ul",
          { class: "inline-list reward-shares" },
          p.shares.map(([who, fen]) => h("li", { class: "reward-share", "data-fen": fen }, `${who} ${formatFen(fen)}`)),
        ),
        "reward-shares",
      ),
      st.decided_by ? kv("reward.decided_by", st.decided_by, "reward-decided_by") : null,
      pay
        ? kv(
            "reward.payment",
            h(
              "span",
              {},
              t("reward.payment_line", { paid_on: pay.paid_on, method: label("rpay", pay.method), payer: pay.payer, receipt_no: pay.receipt_no }),
              pay.recipient ? h("span", { class: "muted small" }, ` · ${t("reward.payment_recipient", { recipient: pay.recipient })}`) : null,
            ),
            "reward-payment",
          )
        : null,
    ),
  );
}

function proposeForm(c: CaseView, st: RewardState, pol: RewardPolicy, step: Step): HTMLElement {
  const money = (id: string) => h("input", { id, type: "text", inputmode: "decimal", autocomplete: "off", class: "money-input", placeholder: "0.00" });
  const rule = select(
    { id: "reward-rule" },
    pol.rules.map((r) => ({ value: r.code, label: pickLabel(r) })),
    pol.rules[0]?.code ?? "",
  );
  const fine = money("reward-fine");
  const recovered = money("reward-recovered");
  const confiscated = money("reward-confiscated");
  const amount = money("reward-amount");
  const band = select(
    { id: "reward-band" },
    [{ value: "", label: t("reward.band_none") }, ...pol.discretionary_bands.map((b) => ({ value: b.code, label: `${pickLabel(b)}（${formatFen(b.min_fen)} – ${formatFen(b.max_fen)}）` }))],
    "",
  );
  const reason = h("textarea", { id: "reward-reason", rows: 2 });
  const range = h("p", { class: "reward-range", id: "reward-range", "aria-live": "polite" }, t("reward.range_wait"));
  const submit = h("button", { type: "button", class: "primary", id: "btn-reward-propose" }, t("reward.propose"));

  const values = (): ProposalInput =>
    buildProposal({ rule: rule.value, fine: fine.value, recovered: recovered.value, confiscated: confiscated.value, amount: amount.value, band: band.value, reason: reason.value });

  const form = h(
    "div",
    { class: "reward-form", id: "reward-propose-form" },
    h("h3", { class: "sub" }, t("reward.propose_title")),
    st.state === "rejected" ? h("p", { class: "note" }, t("reward.rejected_again")) : null,
    h(
      "div",
      { class: "grid" },
      field("reward-rule", t("reward.rule"), rule, { required: true, wide: true }),
      field("reward-fine", t("reward.fine"), fine),
      field("reward-recovered", t("reward.recovered"), recovered),
      field("reward-confiscated", t("reward.confiscated"), confiscated),
    ),
    range,
    h(
      "div",
      { class: "grid" },
      field("reward-band", t("reward.band"), band),
      field("reward-amount", t("reward.amount"), amount, { required: true }),
      field("reward-reason", t("reward.reason"), reason, { wide: true, extra: h("p", { class: "muted small" }, t("reward.reason_hint")) }),
    ),
    h("div", { class: "actions" }, submit),
  );

  // The allowed range, asked for as the user types (the last answer wins).
  let seq = 0;
  const RANGE_FIELDS = ["rule", "fine", "recovered", "confiscated"];
  const refresh = debounce(async () => {
    const my = ++seq;
    const b = pol.discretionary_bands.find((x) => x.code === band.value);
    try {
      const r = await rewardRange(values());
      if (my !== seq) return;
      clearErrors(form, RANGE_FIELDS);
      const line = rangeLine(r);
      const parts = [t(line.key, line.params)];
      if (b) parts.push(t("reward.band_range", { min: formatFen(b.min_fen), max: formatFen(b.max_fen) }));
      range.textContent = parts.join("；");
      range.dataset.min = r ? String(r.min) : "";
      range.dataset.max = r ? String(r.max) : "";
      range.classList.toggle("muted", !r);
    } catch (e) {
      if (my !== seq) return;
      clearErrors(form, RANGE_FIELDS);
      const err = e as ApiError;
      const rest = showErrors(form, err, false);
      range.textContent = rest.length || !err.fields.length ? err.message : t("reward.range_wait");
      range.dataset.min = "";
      range.dataset.max = "";
    }
  }, 300);
  for (const el of [fine, recovered, confiscated]) el.addEventListener("input", () => refresh());
  rule.addEventListener("change", () => refresh());
  band.addEventListener("change", () => refresh());
  refresh();

  submit.addEventListener("click", () => {
    refresh.cancel();
    void step(form, () => proposeReward(op(c, values())));
  });
  return form;
}

function decideForm(c: CaseView, step: Step): HTMLElement {
  const comment = h("textarea", { id: "reward-comment", rows: 2 });
  const approve = h("button", { type: "button", class: "primary", id: "btn-reward-approve" }, t("reward.approve"));
  const reject = h("button", { type: "button", class: "secondary danger", id: "btn-reward-reject" }, t("reward.reject"));
  const form = h(
    "div",
    { class: "reward-form", id: "reward-decide-form" },
    h("h3", { class: "sub" }, t("reward.decide_title")),
    field("reward-comment", t("reward.comment"), comment, { wide: true, extra: h("p", { class: "muted small" }, t("reward.comment_hint")) }),
    h("div", { class: "actions" }, approve, reject),
  );
  approve.addEventListener("click", () => void step(form, () => decideReward(op(c, { approve: true, comment: comment.value.trim() }))));
  reject.addEventListener("click", () => void step(form, () => decideReward(op(c, { approve: false, comment: comment.value.trim() }))));
  return form;
}

function payForm(c: CaseView, step: Step): HTMLElement {
  const text = (id: string) => h("input", { id, type: "text", autocomplete: "off" });
  const paidOn = dateInput("reward-paid_on", isoDate());
  const method = select({ id: "reward-method" }, PAYMENT_METHODS.map((m) => ({ value: m, label: label("rpay", m) })), "bank_transfer");
  const payer = text("reward-payer");
  const receipt = text("reward-receipt_no");
  const recipient = text("reward-recipient");
  const queryCode = text("reward-query_code");
  const submit = h("button", { type: "button", class: "primary", id: "btn-reward-pay" }, t("reward.pay"));
  const form = h(
    "div",
    { class: "reward-form", id: "reward-pay-form" },
    h("h3", { class: "sub" }, t("reward.pay_title")),
    h(
      "div",
      { class: "grid" },
      field("reward-paid_on", t("reward.paid_on"), paidOn, { required: true }),
      field("reward-method", t("reward.method"), method, { required: true }),
      field("reward-payer", t("reward.payer"), payer, { required: true }),
      field("reward-receipt_no", t("reward.receipt_no"), receipt, { required: true }),
      field("reward-recipient", t("reward.recipient"), recipient),
      c.anonymous ? field("reward-query_code", t("reward.query_code"), queryCode, { required: true }) : null,
    ),
    h("div", { class: "actions" }, submit),
  );
  submit.addEventListener("click", () => {
    const payment = buildPayment({ paid_on: paidOn.value, method: method.value, payer: payer.value, receipt_no: receipt.value, recipient: recipient.value, query_code: queryCode.value });
    void step(form, () => payReward(op(c, payment)));
  });
  return form;
}

function consentBlock(c: CaseView, st: RewardState, step: Step): HTMLElement {
  const recorded = st.consent_to_publish;
  const yes = h("button", { type: "button", class: "secondary", id: "btn-consent-yes", "aria-pressed": recorded === true ? "true" : "false" }, t("reward.consent_yes"));
  const no = h("button", { type: "button", class: "secondary", id: "btn-consent-no", "aria-pressed": recorded === false ? "true" : "false" }, t("reward.consent_no"));
  const text = recorded === true ? t("reward.consent_given") : recorded === false ? t("reward.consent_refused") : t("reward.consent_unknown");
  const block = h(
    "div",
    { class: "reward-consent" },
    h("h3", { class: "sub" }, t("reward.consent")),
    h("p", {}, h("span", { class: "badge", id: "reward-consent", "data-consent": recorded === null ? "" : String(recorded) }, text)),
    h("div", { class: "actions" }, yes, no),
  );
  yes.addEventListener("click", () => void step(block, () => recordConsent(op(c, { consent: true }))));
  no.addEventListener("click", () => void step(block, () => recordConsent(op(c, { consent: false }))));
  return block;
}
