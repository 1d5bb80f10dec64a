// 统计: periods, rates, targets, chart series, the query sent and the periodic report.
import { describe, expect, it } from "vitest";
import type { Dashboard, Rate } from "../../api/generated";
import { setLang } from "../../lib/i18n";
import {
  daysInMonth,
  departmentSeries,
  drillIds,
  fillMonths,
  formatBp,
  formatParts,
  formatX100,
  matchingPreset,
  overdueMark,
  periodValid,
  presetPeriod,
  reportFileName,
  reportQuery,
  statsQuery,
  targetMark,
  targetText,
  today,
} from "./logic";

const day = (y: number, m: number, d: number) => ({ y, m, d });

function rate(numerator: number, denominator: number, target_bp = 9800, target_kind = "at_least", drill_down: number[] = []): Rate {
  const bp = denominator ? Math.floor((numerator * 10000) / denominator) : null;
  return {
    numerator,
    denominator,
    bp,
    target_bp,
    target_kind,
    meets_target: bp === null ? null : target_kind === "below" ? bp < target_bp : bp >= target_bp,
    drill_down,
  };
}

describe("a percentage from basis points", () => {
  it("has two decimals by integer math", () => {
    expect(formatBp(3333)).toBe("33.33%");
    expect(formatBp(6666)).toBe("66.66%");
    expect(formatBp(9800)).toBe("98.00%");
    expect(formatBp(10000)).toBe("100.00%");
    expect(formatBp(5)).toBe("0.05%");
    expect(formatBp(50)).toBe("0.50%");
    expect(formatBp(0)).toBe("0.00%");
  });
  it("is a dash without data", () => {
    expect(formatBp(null)).toBe("—");
    expect(formatBp(undefined)).toBe("—");
  });
  it("shows its parts", () => {
    expect(formatParts(rate(1, 3))).toBe("1/3");
  });
  it("of working days in hundredths", () => {
    expect(formatX100(325)).toBe("3.25");
    expect(formatX100(1005)).toBe("10.05");
    expect(formatX100(0)).toBe("0.00");
    expect(formatX100(null)).toBe("—");
  });
});

describe("a target", () => {
  it("reads ≥ or < with a short percentage", () => {
    setLang("zh-CN");
    expect(targetText(rate(1, 3))).toBe("目标 ≥ 98%");
    expect(targetText(rate(0, 3, 500, "below"))).toBe("目标 < 5%");
    expect(targetText(rate(1, 3, 9500))).toBe("目标 ≥ 95%");
    setLang("en");
    expect(targetText(rate(0, 3, 500, "below"))).toBe("Target < 5%");
    setLang("zh-CN");
  });
  it("is met at exactly the target when at least, not when below", () => {
    expect(targetMark(rate(98, 100))).toBe("ok");
    expect(targetMark(rate(97, 100))).toBe("bad");
    expect(targetMark(rate(4, 100, 500, "below"))).toBe("ok");
    expect(targetMark(rate(5, 100, 500, "below"))).toBe("bad");
  });
  it("has no mark without data", () => {
    expect(targetMark(rate(0, 0))).toBe("none");
  });
  it("follows the backend's verdict, and works it out when missing", () => {
    expect(targetMark({ bp: 9900, target_bp: 9800, target_kind: "at_least", meets_target: false })).toBe("bad");
    expect(targetMark({ bp: 9900, target_bp: 9800, target_kind: "at_least", meets_target: null })).toBe("ok");
    expect(targetMark({ bp: 600, target_bp: 500, target_kind: "below", meets_target: null })).toBe("bad");
  });
  it("of overdue cases is none", () => {
    expect(overdueMark(0)).toBe("ok");
    expect(overdueMark(2)).toBe("bad");
  });
});

describe("a period preset", () => {
  it("week runs Monday to Sunday, across a year end", () => {
    // 2026-01-01 is a Thursday.
    expect(presetPeriod("week", day(2026, 1, 1))).toEqual({ from: "2025-12-29", to: "2026-01-04" });
    // a Monday and a Sunday
    expect(presetPeriod("week", day(2026, 3, 16))).toEqual({ from: "2026-03-16", to: "2026-03-22" });
    expect(presetPeriod("week", day(2026, 3, 22))).toEqual({ from: "2026-03-16", to: "2026-03-22" });
  });
  it("month runs to its last day, leap years included", () => {
    expect(presetPeriod("month", day(2026, 2, 10))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetPeriod("month", day(2028, 2, 29))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(presetPeriod("month", day(2026, 4, 30))).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(presetPeriod("month", day(2026, 12, 31))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });
  it("quarter keeps to its boundaries", () => {
    expect(presetPeriod("quarter", day(2026, 1, 1))).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(presetPeriod("quarter", day(2026, 3, 31))).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(presetPeriod("quarter", day(2026, 4, 1))).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("quarter", day(2026, 6, 30))).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("quarter", day(2026, 7, 1))).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(presetPeriod("quarter", day(2026, 9, 30))).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(presetPeriod("quarter", day(2026, 10, 1))).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(presetPeriod("quarter", day(2026, 12, 31))).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });
  it("year is the calendar year, also on its last day", () => {
    expect(presetPeriod("year", day(2026, 12, 31))).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(presetPeriod("year", day(2027, 1, 1))).toEqual({ from: "2027-01-01", to: "2027-12-31" });
  });
  it("is recognised in a period, month before quarter before year", () => {
    const d = day(2026, 5, 13);
    expect(matchingPreset({ from: "2026-05-01", to: "2026-05-31" }, d)).toBe("month");
    expect(matchingPreset({ from: "2026-04-01", to: "2026-06-30" }, d)).toBe("quarter");
    expect(matchingPreset({ from: "2026-01-01", to: "2026-12-31" }, d)).toBe("year");
    expect(matchingPreset({ from: "2026-05-11", to: "2026-05-17" }, d)).toBe("week");
    expect(matchingPreset({ from: "2026-05-02", to: "2026-05-31" }, d)).toBeNull();
  });
  it("today is the local date", () => {
    expect(today(new Date(2026, 11, 31, 23, 59))).toEqual(day(2026, 12, 31));
  });
  it("is valid only with both dates in order", () => {
    expect(periodValid({ from: "2026-01-01", to: "2026-01-01" })).toBe(true);
    expect(periodValid({ from: "2026-02-01", to: "2026-01-31" })).toBe(false);
    expect(periodValid({ from: "", to: "2026-01-31" })).toBe(false);
  });
});

describe("chart series", () => {
  it("fill the months of the period with zeros", () => {
    expect(fillMonths([["2025-12", 3], ["2026-02", 1]], "2025-11-15", "2026-02-10")).toEqual([
      ["2025-11", 0],
      ["2025-12", 3],
      ["2026-01", 0],
      ["2026-02", 1],
    ]);
    expect(fillMonths([["2026-03", 2]], "", "")).toEqual([["2026-03", 2]]);
  });
  it("give departments in name order as percent", () => {
    const s = departmentSeries({ 医教科: rate(1, 2), 护理部: rate(3, 3) });
    expect(s.labels).toEqual(["护理部", "医教科"].sort((a, b) => a.localeCompare(b, "zh-CN")));
    expect(s.target).toBe(98);
    expect(s.values[s.labels.indexOf("医教科")]).toBe(50);
    expect(s.values[s.labels.indexOf("护理部")]).toBe(100);
  });
  it("drill down to each case once", () => {
    const d = { on_time: rate(1, 3, 9800, "at_least", [4, 4, 7]), overdue_now: [9] } as unknown as Dashboard;
    expect(drillIds(d, "on_time")).toEqual([4, 7]);
    expect(drillIds(d, "overdue")).toEqual([9]);
  });
});

describe("the query sent", () => {
  it("carries the period and the filters, a handler by account", () => {
    expect(statsQuery({ from: "2026-11-01", to: "2026-11-30" }, { kind: "report", category: "", channel: "", department: "纪检", handler: "7" })).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      kind: "report",
      category: null,
      channel: null,
      department: "纪检",
      handler_id: 7,
      recurrence_window_days: null,
    });
    expect(statsQuery({ from: "a", to: "b" }, { kind: "", category: "", channel: "", department: "", handler: "" }).handler_id).toBeNull();
  });
});

describe("the periodic report", () => {
  const filter = statsQuery({ from: "2026-11-01", to: "2026-11-30" }, { kind: "report", category: "", channel: "", department: "纪检", handler: "" });
  it("is asked for the period around a real day", () => {
    expect(reportQuery("month", "2026-11-24", filter)?.period).toEqual({ kind: "month", anchor: "2026-11-24" });
    expect(reportQuery("week", " 2028-02-29 ", filter)?.period).toEqual({ kind: "week", anchor: "2028-02-29" });
  });
  it("refuses days that do not exist or are not written YYYY-MM-DD", () => {
    expect(reportQuery("month", "2026-02-30", filter)).toBeNull();
    expect(reportQuery("year", "2026/11/24", filter)).toBeNull();
    expect(reportQuery("quarter", "", filter)).toBeNull();
  });
  it("keeps the dashboard's filters but not its dates", () => {
    expect(reportQuery("month", "2026-11-24", filter)?.filter).toEqual({ ...filter, from: "", to: "" });
  });
  it("is saved under its title", () => {
    expect(reportFileName("2026年11月 投诉举报工作月报", "pdf")).toBe("2026年11月投诉举报工作月报.pdf");
    expect(reportFileName("A/B 季报", "xlsx")).toBe("A_B季报.xlsx");
  });
});
