import { describe, expect, it } from "vitest";
import type { ImportPreview, ImportRow } from "./api";
import { IMPORT_FIELDS, problemText, remap, rowsToShow } from "./sheets";
import { en, zh } from "./i18n";
import { historyDetail } from "./handling";

const problem = { field: "category", code: "unknown_category", message_zh: "问题类别：未知", message_en: "Category: unknown" };

describe("the import screen", () => {
  it("shows a row problem in the user's language", () => {
    expect(problemText(problem, "zh-CN")).toBe("问题类别：未知");
    expect(problemText(problem, "en")).toBe("Category: unknown");
  });
  it("gives a field to one column only when the user remaps", () => {
    const m = { header_row: 0, fields: ["matter" as const, null, "facts" as const] };
    expect(remap(m, 1, "matter").fields).toEqual([null, "matter", "facts"]);
    expect(remap(m, 2, null).fields).toEqual(["matter", null, null]);
  });
  it("shows every row with problems and the first rows", () => {
    const row = (n: number, bad: boolean): ImportRow => ({ row: n, values: {}, problems: bad ? [problem] : [] });
    const p = { rows: [row(2, false), row(3, false), row(4, true), row(5, false)] } as ImportPreview;
    expect(rowsToShow(p, 1).map((r) => r.row)).toEqual([2, 4]);
  });
  it("has a label for every field in both languages", () => {
    for (const f of IMPORT_FIELDS) {
      expect(Object.keys(zh)).toContain(`import.field.${f}`);
      expect(Object.keys(en)).toContain(`import.field.${f}`);
    }
  });
  it("shows where an imported case came from in its history", () => {
    const d = { file: "旧登记簿.csv", row: 3, legacy_number: "OLD-0042", legacy_status: "处理中", imported_as: "registered" };
    expect(historyDetail(d, "case_imported")).toBe("文件：旧登记簿.csv · 行号：3 · 原编号：OLD-0042 · 原状态：处理中 · 导入为：已登记");
  });
});
