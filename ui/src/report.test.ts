import { describe, expect, it } from "vitest";
import { reportFilter, reportPeriod } from "./report";

describe("the periodic report", () => {
  it("is asked for the period around a real day", () => {
    expect(reportPeriod("month", "2026-11-24")).toEqual({ kind: "month", anchor: "2026-11-24" });
    expect(reportPeriod("week", " 2028-02-29 ")).toEqual({ kind: "week", anchor: "2028-02-29" });
  });
  it("refuses days that do not exist or are not written YYYY-MM-DD", () => {
    expect(reportPeriod("month", "2026-02-30")).toBeNull();
    expect(reportPeriod("year", "2026/11/24")).toBeNull();
    expect(reportPeriod("quarter", "")).toBeNull();
  });
  it("keeps the dashboard's filters but not its dates", () => {
    expect(reportFilter({ from: "2026-11-01", to: "2026-11-30", kind: "report", department: "纪检" })).toEqual({
      from: "",
      to: "",
      kind: "report",
      department: "纪检",
    });
  });
});
