// Local dates as the forms and file names write them.
import { describe, expect, it } from "vitest";
import { addDays, clockTime, compactDate, isoDate, isoMinute, toLocalInputValue } from "./dates";

describe("local dates", () => {
  it("add days across month and year ends", () => {
    expect(addDays("2026-02-26", 5)).toBe("2026-03-03");
    expect(addDays("2026-12-29", 5)).toBe("2027-01-03");
  });
  it("are written as the forms and file names want them", () => {
    const d = new Date(2026, 0, 2, 3, 4, 5);
    expect(toLocalInputValue(d)).toBe("2026-01-02T03:04");
    expect([isoDate(d), isoMinute(d), clockTime(d), compactDate(d)]).toEqual(["2026-01-02", "2026-01-02 03:04", "03:04:05", "20260102"]);
  });
});
