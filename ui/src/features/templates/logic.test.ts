// 文书模板: placeholders, the preview page's layout and template errors.
import { describe, expect, it } from "vitest";
import { docOrder, DOC_TYPES, insertPlaceholder, previewModel, templateError } from "./logic";

describe("inserting a placeholder", () => {
  it("puts it at the caret and moves the caret after it", () => {
    expect(insertPlaceholder("您好：", 2, 2, "complainant_name")).toEqual({ value: "您好{{complainant_name}}：", caret: 22 });
  });
  it("replaces the selected text", () => {
    expect(insertPlaceholder("编号：XXX。", 3, 6, "number")).toEqual({ value: "编号：{{number}}。", caret: 13 });
  });
  it("works at the start, at the end and in an empty template", () => {
    expect(insertPlaceholder("abc", 0, 0, "x").value).toBe("{{x}}abc");
    expect(insertPlaceholder("abc", 3, 3, "x")).toEqual({ value: "abc{{x}}", caret: 8 });
    expect(insertPlaceholder("", 0, 0, "office_name")).toEqual({ value: "{{office_name}}", caret: 15 });
  });
  it("copes with a reversed or out-of-range selection", () => {
    expect(insertPlaceholder("abcdef", 4, 2, "x").value).toBe("ab{{x}}ef");
    expect(insertPlaceholder("abc", 99, 99, "x").value).toBe("abc{{x}}");
    expect(insertPlaceholder("abc", -5, 1, "x").value).toBe("{{x}}bc");
    expect(insertPlaceholder("abc", NaN, NaN, "x").value).toBe("abc{{x}}");
  });
});

describe("the preview page", () => {
  it("makes headings, an unindented salutation and indented paragraphs", () => {
    const m = previewModel([
      { heading: false, text: "张三：" },
      { heading: false, text: "您于2026年3月2日反映的问题……" },
      { heading: true, text: "一、调查情况" },
      { heading: false, text: "问：你是谁？\n答：我是李四。" },
    ]);
    expect(m).toEqual([
      { kind: "salutation", lines: ["张三："] },
      { kind: "para", lines: ["您于2026年3月2日反映的问题……"] },
      { kind: "heading", lines: ["一、调查情况"] },
      { kind: "para", lines: ["问：你是谁？", "答：我是李四。"] },
    ]);
  });
  it("only treats the first block as the salutation", () => {
    const m = previewModel([
      { heading: true, text: "一、" },
      { heading: false, text: "联系人：" },
    ]);
    expect(m.map((x) => x.kind)).toEqual(["heading", "para"]);
  });
  it("is empty for no blocks", () => {
    expect(previewModel([])).toEqual([]);
  });
});

describe("the editor", () => {
  it("lists the documents in a fixed order, unknown ones last", () => {
    expect([...DOC_TYPES].sort((x, y) => docOrder(x) - docOrder(y))).toEqual([...DOC_TYPES]);
    expect(docOrder("reply_letter")).toBeLessThan(docOrder("reward_notice"));
    expect(docOrder("mystery")).toBe(DOC_TYPES.length);
  });
  it("finds the template error naming the placeholder", () => {
    const e = { message: "请检查", fields: [{ field: "template", code: "unknown_placeholder", message: "未知的占位符 {{foo}}" }] };
    expect(templateError(e)).toEqual({ code: "unknown_placeholder", message: "未知的占位符 {{foo}}" });
    expect(templateError({ message: "太长", fields: [{ field: "body", code: "too_long", message: "模板太长" }] })).toEqual({ code: "too_long", message: "模板太长" });
    expect(templateError({ message: "没有该案件", fields: [] })).toBeNull();
  });
});
