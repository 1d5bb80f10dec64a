// The message tables (zh-CN and English) and the helpers that read them.
import { describe, expect, it } from "vitest";
import { CHANNELS, colon, en, joinNames, KINDS, label, pick, pickLabel, SEVERITIES, setLang, SORTS, STATUSES, t, zh } from "./i18n";

describe("the language tables", () => {
  it("have the same keys in Chinese and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
  it("have no empty message in either language", () => {
    for (const table of [zh, en]) for (const [k, v] of Object.entries(table)) expect(v, k).not.toBe("");
  });
  it("use the same placeholders in both languages", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(holes(en[k]), k).toEqual(holes(zh[k]));
  });
  it("label every kind, channel, severity, status and sort the UI offers", () => {
    const lists: [string, readonly string[]][] = [
      ["kind", KINDS],
      ["channel", CHANNELS],
      ["severity", SEVERITIES],
      ["status", STATUSES],
      ["sort", SORTS],
    ];
    for (const [prefix, codes] of lists) for (const c of codes) expect(Object.keys(zh)).toContain(`${prefix}.${c}`);
  });
});

describe("a message", () => {
  it("is Chinese by default and fills its placeholders", () => {
    expect(t("list.page_info", { page: 1, pages: 5, total: 123 })).toBe("第 1/5 页 共 123 条");
    expect(t("intake.department", { dept: "医教科" })).toBe("承办：医教科");
  });
  it("can be asked for in English", () => {
    expect(t("nav.register", undefined, "en")).toBe("Register");
  });
  it("shows an unknown code as the code itself", () => {
    expect(label("status", "closed_later")).toBe("closed_later");
    expect(label("channel", "suggestion_box")).toBe("意见箱");
  });
});

describe("names from the core", () => {
  it("are picked in the seat's language, Chinese when no English is given", () => {
    setLang("en");
    expect(pick({ name_zh: "医疗质量", name_en: "Quality of care" })).toBe("Quality of care");
    expect(pickLabel({ label_zh: "受理", label_en: "" })).toBe("受理");
    expect([colon(), joinNames(["A", "B"])]).toEqual([": ", "A, B"]);
    setLang("zh-CN");
    expect(pick({ name_zh: "医疗质量", name_en: "Quality of care" })).toBe("医疗质量");
    expect([colon(), joinNames(["甲", "乙"])]).toEqual(["：", "甲、乙"]);
  });
});
