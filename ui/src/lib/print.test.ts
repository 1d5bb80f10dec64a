// The print dialog's choices.
import { describe, expect, it } from "vitest";
import { copiesOf, pickPrinter, rememberedPrinter, rememberPrinter } from "./print";

const office = { printers: ["VirtualPDF", "前台打印机"], default: "前台打印机" };

describe("the printer offered first", () => {
  it("is the one this seat used last while it is still there", () => {
    expect(pickPrinter(office, "VirtualPDF")).toBe("VirtualPDF");
  });
  it("is the system's default when the remembered one is gone or none was used", () => {
    expect(pickPrinter(office, "已拆除的打印机")).toBe("前台打印机");
    expect(pickPrinter(office, null)).toBe("前台打印机");
  });
  it("is the first one without a default, and none without printers", () => {
    expect(pickPrinter({ printers: ["A", "B"], default: null }, null)).toBe("A");
    expect(pickPrinter({ printers: [], default: null }, "A")).toBe(null);
  });
  it("is remembered on this computer", () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    rememberPrinter(store, "VirtualPDF");
    expect(rememberedPrinter(store)).toBe("VirtualPDF");
    expect(rememberedPrinter(null)).toBe(null);
  });
});

describe("the copies", () => {
  it("are a whole number from 1 to 20", () => {
    expect(copiesOf(" 2 ")).toBe(2);
    for (const bad of ["0", "21", "1.5", "", "两", "-1"]) expect(copiesOf(bad)).toBe(null);
  });
});
