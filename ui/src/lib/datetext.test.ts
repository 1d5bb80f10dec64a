// Dates typed in the Chinese form, whatever the system locale.
import { describe, expect, it } from "vitest";
import { normalised, readDate, readDateTime } from "./datetext";

describe("a typed date", () => {
  it("is kept as it is when it is already 2026-12-01", () => {
    expect(readDate("2026-12-01")).toEqual({ ok: true, value: "2026-12-01" });
  });
  it("is read the same with slashes, dots, eight digits or 年月日", () => {
    for (const typed of ["2026/12/01", "2026.12.01", "20261201", "2026年12月1日", " 2026-12-1 "]) {
      expect(readDate(typed)).toEqual({ ok: true, value: "2026-12-01" });
    }
  });
  it("is read when typed with full-width digits of a Chinese input method", () => {
    expect(readDate("２０２６－１２－０１")).toEqual({ ok: true, value: "2026-12-01" });
  });
  it("may be left empty (the core says when a date is required)", () => {
    expect(readDate("  ")).toEqual({ ok: true, value: "" });
  });
  it("is refused as a day that does not exist when the month has no such day", () => {
    expect(readDate("2026-02-30")).toEqual({ ok: false, problem: "impossible" });
    expect(readDate("2026-13-01")).toEqual({ ok: false, problem: "impossible" });
    expect(readDate("2026-04-31")).toEqual({ ok: false, problem: "impossible" });
  });
  it("takes 29 February only in a leap year", () => {
    expect(readDate("2028-02-29").ok).toBe(true);
    expect(readDate("2027-02-29")).toEqual({ ok: false, problem: "impossible" });
  });
  it("is refused for a year before 2000 or after 2100", () => {
    expect(readDate("1999-12-31")).toEqual({ ok: false, problem: "year" });
    expect(readDate("2101-01-01")).toEqual({ ok: false, problem: "year" });
    expect(readDate("2000-01-01").ok).toBe(true);
    expect(readDate("2100-12-31").ok).toBe(true);
  });
  it("is refused as not a date in the American order or with words", () => {
    expect(readDate("12/01/2026")).toEqual({ ok: false, problem: "format" });
    expect(readDate("2026-12-01 上午")).toEqual({ ok: false, problem: "format" });
    expect(readDate("明天")).toEqual({ ok: false, problem: "format" });
  });
});

describe("a typed date and time", () => {
  it("is written as the core reads it, YYYY-MM-DD HH:MM", () => {
    expect(readDateTime("2026-12-01 09:30")).toEqual({ ok: true, value: "2026-12-01 09:30" });
  });
  it("is read from the datetime-local form, slashes, twelve digits or 时分", () => {
    for (const typed of ["2026-12-01T09:30", "2026/12/1 9:30", "202612010930", "2026年12月1日 9时30分", "2026-12-01 ０９：３０", "2026-12-01\u300009:30"]) {
      expect(readDateTime(typed)).toEqual({ ok: true, value: "2026-12-01 09:30" });
    }
  });
  it("keeps the seconds when they are typed", () => {
    expect(readDateTime("2026-12-01 09:30:15")).toEqual({ ok: true, value: "2026-12-01 09:30:15" });
  });
  it("needs the time of day", () => {
    expect(readDateTime("2026-12-01")).toEqual({ ok: false, problem: "format" });
  });
  it("is refused for an hour or minute that does not exist", () => {
    expect(readDateTime("2026-12-01 24:00")).toEqual({ ok: false, problem: "time" });
    expect(readDateTime("2026-12-01 09:60")).toEqual({ ok: false, problem: "time" });
  });
  it("is refused for a day that does not exist or a year out of range", () => {
    expect(readDateTime("2026-02-30 09:30")).toEqual({ ok: false, problem: "impossible" });
    expect(readDateTime("1990-02-03 09:30")).toEqual({ ok: false, problem: "year" });
  });
});

describe("the value a date field keeps", () => {
  it("is the normal form of what was typed", () => {
    expect(normalised("20261201")).toBe("2026-12-01");
    expect(normalised("2026/12/1 9:05", true)).toBe("2026-12-01 09:05");
  });
  it("is what was typed, untouched, when it is not a date", () => {
    expect(normalised("2026-02-30")).toBe("2026-02-30");
    expect(normalised("下周一")).toBe("下周一");
  });
});
