import { describe, expect, it } from "vitest";
import type { CaseRecord } from "./api";
import { buildPayment, buildProposal, formatBpFixed, formatFen, formatRate, isSubstantiated, normalizeYuan, rangeLine, rewardActions, rewardNoticeAllowed, rewardStateOf } from "./rewards";
import { historyActionText, historyDetail } from "./handling";

const rec = (kind: string, id: number, data: unknown = {}): CaseRecord => ({ id, kind, data, at: "2026-03-02 10:00:00", actor: "李四" });

describe("formatFen", () => {
  it("formats the boundaries exactly", () => {
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(10)).toBe("¥0.10");
    expect(formatFen(99)).toBe("¥0.99");
    expect(formatFen(100)).toBe("¥1.00");
    expect(formatFen(123456)).toBe("¥1,234.56");
    expect(formatFen(99999)).toBe("¥999.99");
    expect(formatFen(100000)).toBe("¥1,000.00");
    expect(formatFen(100000000)).toBe("¥1,000,000.00");
    expect(formatFen(12345678901)).toBe("¥123,456,789.01");
  });
  it("keeps the cents exact where floating point would not", () => {
    // 0.1 + 0.2 style traps: 1,005 fen and the largest safe integer.
    expect(formatFen(1005)).toBe("¥10.05");
    expect(formatFen(29)).toBe("¥0.29");
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe("¥90,071,992,547,409.91");
  });
  it("puts the sign before the currency sign", () => {
    expect(formatFen(-5)).toBe("-¥0.05");
    expect(formatFen(-123456)).toBe("-¥1,234.56");
  });
  it("agrees with the backend's display strings", () => {
    expect(formatFen(200000)).toBe("¥2,000.00");
    expect(formatFen(400000)).toBe("¥4,000.00");
  });
});

describe("rates in basis points", () => {
  it("are short percentages", () => {
    expect(formatRate(2000)).toBe("20%");
    expect(formatRate(1250)).toBe("12.5%");
    expect(formatRate(500)).toBe("5%");
    expect(formatRate(5)).toBe("0.05%");
    expect(formatRate(0)).toBe("0%");
    expect(formatRate(10000)).toBe("100%");
    expect(formatRate(1234)).toBe("12.34%");
  });
  it("show the on-time rate with two decimals, or a dash", () => {
    expect(formatBpFixed(9500)).toBe("95.00%");
    expect(formatBpFixed(10000)).toBe("100.00%");
    expect(formatBpFixed(0)).toBe("0.00%");
    expect(formatBpFixed(3333)).toBe("33.33%");
    expect(formatBpFixed(7)).toBe("0.07%");
    expect(formatBpFixed(null)).toBe("—");
    expect(formatBpFixed(undefined)).toBe("—");
  });
});

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
  it("drops the currency sign and thousands separators, keeps what the backend must judge", () => {
    expect(normalizeYuan("¥1,234.56")).toBe("1234.56");
    expect(normalizeYuan("￥ 12，000")).toBe("12000");
    expect(normalizeYuan("1.234")).toBe("1.234"); // too many decimals: the backend says so
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

describe("which reward actions the card shows", () => {
  const shown = (state: string, substantiated = true, kind = "report") => {
    const a = rewardActions(kind, state, substantiated);
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
  it("offers the reward notice only for an approved or paid reward", () => {
    expect(["none", "proposed", "approved", "rejected", "paid"].filter(rewardNoticeAllowed)).toEqual(["approved", "paid"]);
    expect(rewardNoticeAllowed(null)).toBe(false);
  });
});

describe("the case's records", () => {
  it("substantiate the report by the latest findings", () => {
    expect(isSubstantiated([])).toBe(false);
    expect(isSubstantiated([rec("findings", 1, { conclusion: "substantiated" })])).toBe(true);
    expect(isSubstantiated([rec("findings", 1, { conclusion: "partly_substantiated" })])).toBe(true);
    expect(isSubstantiated([rec("findings", 1, { conclusion: "unfounded" })])).toBe(false);
    expect(isSubstantiated([rec("findings", 1, { conclusion: "substantiated" }), rec("findings", 2, { conclusion: "unfounded" })])).toBe(false);
    expect(isSubstantiated([rec("findings", 1, { conclusion: "unfounded" }), rec("findings", 2, { conclusion: "partly_substantiated" }), rec("interview", 3)])).toBe(true);
  });
  it("add up to the reward state", () => {
    expect(rewardStateOf([])).toBe("none");
    expect(rewardStateOf([rec("reward_proposal", 1)])).toBe("proposed");
    expect(rewardStateOf([rec("reward_proposal", 1), rec("reward_decision", 2, { approve: false })])).toBe("rejected");
    expect(rewardStateOf([rec("reward_proposal", 1), rec("reward_decision", 2, { approve: true }), rec("reward_consent", 3, { consent: true })])).toBe("approved");
    expect(rewardStateOf([rec("reward_proposal", 1), rec("reward_decision", 2, { approve: true }), rec("reward_payment", 3)])).toBe("paid");
  });
});

describe("reward entries in the timeline", () => {
  it("name a rejection as such and never show raw fen", () => {
    expect(historyActionText("reward_decision", { approve: true, comment: "" })).toBe("批准奖励");
    expect(historyActionText("reward_decision", { approve: false, comment: "金额过高" })).toBe("驳回奖励");
    const d = historyDetail({ rule: "other", amount: 300000, amount_display: "¥3,000.00", amount_upper: "叁仟元整", discretionary: false, reason: "" }, "reward_proposal");
    expect(d).toContain("¥3,000.00");
    expect(d).not.toContain("300000");
  });
  it("label the payment method", () => {
    expect(historyDetail({ paid_on: "2026-11-24", method: "bank_transfer", payer: "王五", receipt_no: "R-1", recipient: "" }, "reward_payment")).toContain("银行转账");
  });
});
