// The register list and the import screen: queries, file names, column mapping.
import { describe, expect, it } from "vitest";
import type { ImportPreview, ImportRow } from "../../api/generated";
import { en, zh } from "../../lib/i18n";
import { historyDetail } from "../case/history";
import { emptyQuery, exactCase, exportName, IMPORT_FIELDS, numberQuery, opt, pageCount, problemText, remap, rowsToShow, setWholeField, cellValue } from "./logic";

const problem = { field: "category", code: "unknown_category", message_zh: "问题类别：未知", message_en: "Category: unknown" };

describe("the register list", () => {
  it("starts with everything, newest first, on the first page", () => {
    expect(emptyQuery()).toEqual({ text: "", kind: null, status: null, category: null, channel: null, received_from: null, received_to: null, sort: "received_desc", page: 1, page_size: 20 });
    expect([opt(""), opt("report")]).toEqual([null, "report"]);
  });
  it("counts at least one page", () => {
    expect([pageCount(0, 20), pageCount(20, 20), pageCount(21, 20)]).toEqual([1, 1, 2]);
  });
  it("exports under a dated name", () => {
    expect(exportName("登记簿", "csv", new Date(2026, 11, 1))).toBe("登记簿-20261201.csv");
  });
});

describe("finding a case by its number", () => {
  it("searches the register for the number", () => {
    expect(numberQuery(" JB-2026-0001 ")).toMatchObject({ text: "JB-2026-0001", sort: "number_asc", page: 1, page_size: 50 });
  });
  it("takes only the exact number among the matches", () => {
    const items = [
      { id: 7, number: "JB-2026-00011" },
      { id: 3, number: "JB-2026-0001" },
    ];
    expect(exactCase(items, "JB-2026-0001")).toBe(3);
    expect(exactCase(items, " jb-2026-0001 ")).toBe(3);
    expect(exactCase(items, "JB-2026-001")).toBeNull();
    expect(exactCase(items, "")).toBeNull();
  });
});

describe("the import screen", () => {
  it("shows a row problem in the user's language", () => {
    expect(problemText(problem, "zh-CN")).toBe("问题类别：未知");
    expect(problemText(problem, "en")).toBe("Category: unknown");
  });
  it("gives a field to one column only when the user remaps", () => {
    const m = { header_row: 0, fields: ["matter" as const, null, "facts" as const], fixed: { kind: "complaint" } };
    expect(remap(m, 1, "matter").fields).toEqual([null, "matter", "facts"]);
    expect(remap(m, 2, null).fields).toEqual(["matter", null, null]);
    expect(remap(m, 2, null).fixed).toEqual({ kind: "complaint" });
  });
  it("sets one value for a whole field and takes it away when emptied", () => {
    const m = { header_row: 1, fields: [null], fixed: {} };
    const set = setWholeField(m, "kind", " complaint ");
    expect(set.fixed).toEqual({ kind: "complaint" });
    expect(setWholeField(set, "kind", "").fixed).toEqual({});
    expect(m.fixed).toEqual({});
  });
  it("shows a value the importer filled in with where it came from", () => {
    const r: ImportRow = {
      row: 3,
      values: { facts: "输液时护士扎针三次未成功。" },
      filled: [{ field: "category", value: "护理服务", source: "suggested" }],
      problems: [],
    };
    expect(cellValue(r, "facts")).toEqual({ text: "输液时护士扎针三次未成功。", source: null });
    expect(cellValue(r, "category")).toEqual({ text: "护理服务", source: "suggested" });
    expect(cellValue(r, "matter")).toEqual({ text: "", source: null });
  });
  it("shows every row with problems and the first rows", () => {
    const row = (n: number, bad: boolean): ImportRow => ({ row: n, values: {}, filled: [], problems: bad ? [problem] : [] });
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
