import { describe, expect, it } from "vitest";
import type { DeadlineRule } from "./api";
import { buildRulesPayload, parseAmount, periodLabel, ruleFieldErrors } from "./deadlines";

const rules: DeadlineRule[] = [
  {
    code: "accept",
    label_zh: "受理",
    label_en: "Acceptance",
    from: "received",
    period: { amount: 2, unit: "working_days" },
    met_by: "accepted",
    also_met_by: ["not_accepted"],
    severities: [],
    max_extension: null,
  },
  {
    code: "reply",
    label_zh: "答复",
    label_en: "Reply",
    from: "received",
    period: { amount: 30, unit: "calendar_days" },
    met_by: "replied",
    severities: ["urgent", "major"],
    max_extension: { amount: 60, unit: "calendar_days" },
  },
];

describe("period labels", () => {
  it("reads as the policy writes them", () => {
    expect(periodLabel({ amount: 30, unit: "calendar_days" }, "zh-CN")).toBe("30日");
    expect(periodLabel({ amount: 2, unit: "working_days" }, "zh-CN")).toBe("2个工作日");
    expect(periodLabel({ amount: 24, unit: "hours" }, "zh-CN")).toBe("24小时");
    expect(periodLabel({ amount: 3, unit: "months" }, "zh-CN")).toBe("3个月");
    expect(periodLabel({ amount: 2, unit: "working_days" }, "en")).toBe("2 working days");
  });
});

describe("the deadline rules payload", () => {
  it("sends every rule with the edited periods and nothing else changed", () => {
    const r = buildRulesPayload(rules, { reply: { amount: " 15 ", unit: "working_days" } });
    expect(r).toEqual({ ok: true, rules: [rules[0], { ...rules[1], period: { amount: 15, unit: "working_days" } }] });
    // The loaded rules are not changed.
    expect(rules[1].period).toEqual({ amount: 30, unit: "calendar_days" });
  });
  it("marks rows whose amount or unit cannot be sent", () => {
    expect(
      buildRulesPayload(rules, { accept: { amount: "0", unit: "hours" }, reply: { amount: "3", unit: "weeks" } }),
    ).toEqual({ ok: false, invalid: [0, 1] });
    expect(parseAmount("2.5")).toBeNull();
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("3651")).toBeNull();
    expect(parseAmount("3650")).toBe(3650);
  });
  it("puts deadlines[i] errors beside row i and keeps the rest for the banner", () => {
    const r = ruleFieldErrors([
      { field: "deadlines[1]", code: "amount", message: "须在1到3650之间" },
      { field: "deadlines[1]", code: "events", message: "缺少事件" },
      { field: "deadlines", code: "x", message: "?" },
    ]);
    expect(r.byIndex).toEqual({ 1: "须在1到3650之间；缺少事件" });
    expect(r.rest.map((f) => f.field)).toEqual(["deadlines"]);
  });
});
