// Pure helpers for 举报奖励 and 问责: money and rates shown with integer
// arithmetic only (never floating point), the proposal the form sends, and
// which reward actions a state allows. No DOM, no backend calls.
import type { CaseRecord, Payment, ProposalInput, RewardRange, RewardStateCode } from "./api";

/** Fen (integer) → "¥1,234.56"; negative amounts as "-¥5.00". Integer arithmetic only. */
export function formatFen(n: number): string {
  const v = Number.isFinite(n) ? Math.trunc(n) : 0;
  const sign = v < 0 ? "-" : "";
  const abs = Math.abs(v);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100; // exact: abs - cents is a multiple of 100
  const digits = String(yuan);
  let grouped = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ",";
    grouped += digits[i];
  }
  return `${sign}¥${grouped}.${cents < 10 ? "0" : ""}${cents}`;
}

function bpParts(bp: number): { sign: string; whole: number; frac: number } {
  const v = Number.isFinite(bp) ? Math.trunc(bp) : 0;
  const abs = Math.abs(v);
  const frac = abs % 100;
  return { sign: v < 0 ? "-" : "", whole: (abs - frac) / 100, frac };
}

/** A rate in basis points as a short percentage: 2000 → "20%", 1250 → "12.5%", 5 → "0.05%". */
export function formatRate(bp: number): string {
  const { sign, whole, frac } = bpParts(bp);
  if (frac === 0) return `${sign}${whole}%`;
  const two = `${frac < 10 ? "0" : ""}${frac}`;
  return `${sign}${whole}.${two.endsWith("0") ? two.slice(0, 1) : two}%`;
}

/** Basis points with two decimals: 9500 → "95.00%", 10000 → "100.00%"; null → "—". */
export function formatBpFixed(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return "—";
  const { sign, whole, frac } = bpParts(bp);
  return `${sign}${whole}.${frac < 10 ? "0" : ""}${frac}%`;
}

/** A typed yuan amount as the backend wants it: trimmed, without "¥" and thousands separators. */
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

/** What the form sends to reward_range and to reward_step { proposal }. */
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
export function isSubstantiated(records: CaseRecord[] | undefined): boolean {
  const list = records ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i];
    if (r.kind !== "findings") continue;
    const c = r.data && typeof r.data === "object" ? (r.data as { conclusion?: unknown }).conclusion : undefined;
    return c === "substantiated" || c === "partly_substantiated";
  }
  return false;
}

/** The reward state the case's records add up to (as the backend's reward_state works it out). */
export function rewardStateOf(records: CaseRecord[] | undefined): RewardStateCode {
  let st: RewardStateCode = "none";
  for (const r of records ?? []) {
    switch (r.kind) {
      case "reward_proposal":
        st = "proposed";
        break;
      case "reward_decision":
        st = r.data && typeof r.data === "object" && (r.data as { approve?: unknown }).approve === true ? "approved" : "rejected";
        break;
      case "reward_payment":
        st = "paid";
        break;
    }
  }
  return st;
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

/** Which reward actions the card offers for a state. */
export function rewardActions(kind: string, state: string, substantiated: boolean): RewardActions {
  const none: RewardActions = { propose: false, decide: false, pay: false, consent: false, needsFindings: false };
  if (kind !== "report") return none;
  const open = state === "none" || state === "rejected";
  return {
    propose: open && substantiated,
    decide: state === "proposed",
    pay: state === "approved",
    consent: state === "proposed" || state === "approved" || state === "paid",
    needsFindings: open && !substantiated,
  };
}

/** Is the reward notice issuable in this reward state? */
export function rewardNoticeAllowed(state: string | null | undefined): boolean {
  return state === "approved" || state === "paid";
}
