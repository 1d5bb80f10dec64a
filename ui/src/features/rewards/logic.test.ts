// 举报奖励: the proposal and payment sent, the range line, and which forms the card shows.
import { describe, expect, it } from "vitest";
import type { CaseRecord } from "../../api/generated";
import { buildPayment, buildProposal, isSubstantiated, normalizeYuan, rangeLine, rewardActions } from "./logic";

const findings = (_id: number, conclusion: string): Pick<CaseRecord, "record"> => ({ record: { kind: "findings", data: { conclusion } } as CaseRecord["record"] });
const other = (kind: string): Pick<CaseRecord, "record"> => ({ record: { kind, data: {} } as CaseRecord["record"] });

/** Every reward operation, as the core lists them for a case's handler who may do all. */
const ALL = ["propose_reward", "decide_reward", "pay_reward", "record_consent"];

describe("the proposal payload", () => {
  it("sends the amounts as typed yuan strings, trimmed", () => {
    expect(buildProposal({ rule: "other", fine: " 20000 ", recovered: "", confiscated: "", amount: "2000.50", band: "", reason: "  " })).toEqual({
      rule: "other",
      fine: "20000",
      recovered: "",
      confiscated: "",
      amount: "2000.50",
      band: "",
      reason: "",
    });
  });
  it("drops the currency sign and thousands separators, keeps what the core must judge", () => {
    expect(normalizeYuan("¥1,234.56")).toBe("1234.56");
    expect(normalizeYuan("￥ 12，000")).toBe("12000");
    expect(normalizeYuan("1.234")).toBe("1.234"); // too many decimals: the core says so
    expect(normalizeYuan("-5")).toBe("-5");
  });
  it("carries a discretionary band with its reason", () => {
    const p = buildProposal({ rule: "illegal_fees", amount: "500", band: "minor", reason: " 线索具体 " });
    expect(p).toMatchObject({ band: "minor", reason: "线索具体", amount: "500", fine: "", recovered: "", confiscated: "" });
  });
  it("fills every field even from a partial form", () => {
    expect(Object.keys(buildProposal({})).sort()).toEqual(["amount", "band", "confiscated", "fine", "reason", "recovered", "rule"]);
  });
  it("builds the payment with every value trimmed", () => {
    expect(buildPayment({ paid_on: "2026-11-24", method: "cash", payer: " 王五 ", receipt_no: " R-1 ", query_code: " abcd-efgh-jkmn-pqrs " })).toEqual({
      paid_on: "2026-11-24",
      method: "cash",
      payer: "王五",
      receipt_no: "R-1",
      recipient: "",
      query_code: "abcd-efgh-jkmn-pqrs",
    });
  });
});

describe("the allowed range line", () => {
  it("shows the range in yuan, or says only a discretionary reward is possible", () => {
    expect(rangeLine({ rule: "other", base: 2000000, min: 200000, max: 400000, min_display: "¥2,000.00", max_display: "¥4,000.00" })).toEqual({
      key: "reward.range",
      params: { min: "¥2,000.00", max: "¥4,000.00" },
    });
    expect(rangeLine(null)).toEqual({ key: "reward.range_none" });
  });
});

describe("which reward forms the card shows", () => {
  const shown = (state: string, substantiated = true, kind = "report", allowed = ALL) => {
    const a = rewardActions(kind, state, substantiated, allowed);
    return (Object.keys(a) as (keyof typeof a)[]).filter((k) => a[k]);
  };
  it("proposes when there is none or it was rejected, once the findings substantiate the report", () => {
    expect(shown("none")).toEqual(["propose"]);
    expect(shown("rejected")).toEqual(["propose"]);
    expect(shown("none", false)).toEqual(["needsFindings"]);
    expect(shown("rejected", false)).toEqual(["needsFindings"]);
  });
  it("decides a proposal, pays an approved one, records consent meanwhile", () => {
    expect(shown("proposed")).toEqual(["decide", "consent"]);
    expect(shown("approved")).toEqual(["pay", "consent"]);
    expect(shown("paid")).toEqual(["consent"]);
  });
  it("offers nothing for a complaint", () => {
    for (const st of ["none", "proposed", "approved", "paid"]) expect(shown(st, true, "complaint")).toEqual([]);
  });
  it("offers only what the core allows the user: a clerk records the payment, a leader decides and pays", () => {
    expect(shown("approved", true, "report", ["pay_reward"])).toEqual(["pay"]);
    expect(shown("proposed", true, "report", ["pay_reward"])).toEqual([]);
    expect(shown("none", true, "report", ["decide_reward", "pay_reward"])).toEqual([]);
    expect(shown("proposed", true, "report", ["decide_reward", "pay_reward"])).toEqual(["decide"]);
  });
});

describe("the case's findings", () => {
  it("substantiate the report by the latest findings", () => {
    expect(isSubstantiated([])).toBe(false);
    expect(isSubstantiated([findings(1, "substantiated")])).toBe(true);
    expect(isSubstantiated([findings(1, "partly_substantiated")])).toBe(true);
    expect(isSubstantiated([findings(1, "unfounded")])).toBe(false);
    expect(isSubstantiated([findings(1, "substantiated"), findings(2, "unfounded")])).toBe(false);
    expect(isSubstantiated([findings(1, "unfounded"), findings(2, "partly_substantiated"), other("interview")])).toBe(true);
  });
});
