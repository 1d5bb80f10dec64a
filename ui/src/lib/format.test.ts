// Money, rates and sizes, with integer arithmetic only.
import { describe, expect, it } from "vitest";
import { baseName, formatBpFixed, formatFen, formatRate, kb, shortHash, sizeText } from "./format";

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
  it("agrees with the core's display strings", () => {
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

describe("sizes, hashes and file names", () => {
  it("format sizes in B, KB and MB", () => {
    expect(sizeText(512)).toBe("512 B");
    expect(sizeText(812)).toBe("812 B");
    expect(sizeText(1536)).toBe("1.5 KB");
    expect(sizeText(36045)).toBe("35.2 KB");
    expect(sizeText(1468006)).toBe("1.4 MB");
    expect(sizeText(3 * 1024 * 1024)).toBe("3.0 MB");
  });
  it("never show a non-empty file as 0 KB", () => {
    expect(kb(1)).toBe(1);
    expect(kb(0)).toBe(0);
    expect(kb(1025)).toBe(2);
  });
  it("shorten a hash to its first 12 hex digits", () => {
    expect(shortHash("0123456789abcdef0123")).toBe("0123456789ab");
  });
  it("take the file name of a path, whatever its separator", () => {
    expect(baseName("C:\\desk\\backups\\register-1.sqlite3")).toBe("register-1.sqlite3");
    expect(baseName("/a/b/register-2.sqlite3")).toBe("register-2.sqlite3");
  });
});
