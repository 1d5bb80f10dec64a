// 举报奖励, its pure parts: the proposal and payment the forms send (amounts
// as typed yuan; the core parses them to fen), the allowed-range line, and
// which of the card's forms the reward's state calls for — among those the
// core allows this user on this case.
import type { CaseRecord, Payment, ProposalInput, RewardRange } from "../../api/generated";
import { formatFen } from "../../lib/format";

/** A typed yuan amount as the core wants it: trimmed, without "¥" and thousands separators. */
export function normalizeYuan(s: string): string {
  return (s ?? "")
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/[,，\s]/g, "");
}

/** The values of the proposal form (ids reward-<name>). */
export interface ProposalValues {
  rule: string;
  fine: string;
  recovered: string;
  confiscated: string;
  amount: string;
  band: string;
  reason: string;
}

/** What the form sends to reward_range and propose_reward. */
export function buildProposal(v: Partial<ProposalValues>): ProposalInput {
  return {
    rule: (v.rule ?? "").trim(),
    fine: normalizeYuan(v.fine ?? ""),
    recovered: normalizeYuan(v.recovered ?? ""),
    confiscated: normalizeYuan(v.confiscated ?? ""),
    amount: normalizeYuan(v.amount ?? ""),
    band: (v.band ?? "").trim(),
    reason: (v.reason ?? "").trim(),
  };
}

export const PAYMENT_METHODS = ["bank_transfer", "cash", "other"] as const;

/** What the payment form sends (every value trimmed). */
export function buildPayment(v: Partial<Record<keyof Payment, string>>): Payment {
  return {
    paid_on: (v.paid_on ?? "").trim(),
    method: (v.method ?? "").trim(),
    payer: (v.payer ?? "").trim(),
    receipt_no: (v.receipt_no ?? "").trim(),
    recipient: (v.recipient ?? "").trim(),
    query_code: (v.query_code ?? "").trim(),
  };
}

/** The allowed-range line: null = nothing to take a share of. */
export function rangeLine(r: RewardRange | null): { key: "reward.range" | "reward.range_none"; params?: { min: string; max: string } } {
  if (!r) return { key: "reward.range_none" };
  return { key: "reward.range", params: { min: formatFen(r.min), max: formatFen(r.max) } };
}

/** Does the latest findings record substantiate the report (fully or partly)? */
export function isSubstantiated(records: Pick<CaseRecord, "record">[] | undefined): boolean {
  const list = records ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i].record;
    if (r.kind !== "findings") continue;
    return r.data.conclusion === "substantiated" || r.data.conclusion === "partly_substantiated";
  }
  return false;
}

export interface RewardActions {
  /** The proposal form. */
  propose: boolean;
  /** Approve / reject (the leader). */
  decide: boolean;
  /** The payment form. */
  pay: boolean;
  /** The consent-to-publish buttons. */
  consent: boolean;
  /** Why nothing can be proposed yet (a report without substantiated findings). */
  needsFindings: boolean;
}

/** Which forms the card shows: those the reward's state calls for (`state`
 *  is the core's reward_state) that the core allows this user (`allowed`). */
export function rewardActions(kind: string, state: string, substantiated: boolean, allowed: readonly string[]): RewardActions {
  const none: RewardActions = { propose: false, decide: false, pay: false, consent: false, needsFindings: false };
  if (kind !== "report") return none;
  const open = state === "none" || state === "rejected";
  const may = (op: string) => allowed.includes(op);
  return {
    propose: open && substantiated && may("propose_reward"),
    decide: state === "proposed" && may("decide_reward"),
    pay: state === "approved" && may("pay_reward"),
    consent: (state === "proposed" || state === "approved" || state === "paid") && may("record_consent"),
    needsFindings: open && !substantiated,
  };
}
