import { describe, expect, it } from "vitest";
import type { CaseRecord } from "./api";
import { addDays, DOC_TYPES, insertPlaceholder, issuableDocs, issueExtra, nothingDue, previewModel, shortHash, sizeText, templateError } from "./documents";
import { historyActionText, historyDetail } from "./handling";

const rec = (kind: string, id = 1): CaseRecord => ({ id, kind, data: {}, at: "2026-03-02 10:00:00", actor: "张三" });

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

describe("the documents a case offers", () => {
  const offered = (status: string, records: CaseRecord[]) => issuableDocs({ status, records }).map((o) => o.docType);

  it("always offers the notice to the accused, which asks for an answer date", () => {
    const o = issuableDocs({ status: "registered", records: [] });
    expect(o).toEqual([{ docType: "notice_to_accused", needsAnswerDue: true }]);
  });
  it("offers the transcript once there is an interview record", () => {
    expect(offered("investigating", [rec("interview")])).toEqual(["transcript", "notice_to_accused"]);
  });
  it("offers the not-accepted notice only for a case not accepted", () => {
    expect(offered("not_accepted", [])).toContain("not_accepted");
    expect(offered("accepted", [])).not.toContain("not_accepted");
  });
  it("offers the extension notice when an extension is recorded", () => {
    expect(offered("investigating", [rec("extension")])).toContain("extension");
  });
  it("offers the report and the reply letter once there are findings", () => {
    expect(offered("findings", [rec("interview"), rec("findings", 2)])).toEqual([
      "transcript",
      "notice_to_accused",
      "investigation_report",
      "reply_letter",
    ]);
  });
  it("offers the reward notice only once the reward is approved or paid", () => {
    const withState = (st: string | undefined) => issuableDocs({ status: "approved", records: [rec("findings")] }, st).map((o) => o.docType);
    expect(withState(undefined)).not.toContain("reward_notice");
    for (const st of ["none", "proposed", "rejected"]) expect(withState(st), st).not.toContain("reward_notice");
    for (const st of ["approved", "paid"]) expect(withState(st), st).toContain("reward_notice");
  });
  it("works the reward state out of the records when not given", () => {
    const r = (kind: string, id: number, data: unknown = {}): CaseRecord => ({ ...rec(kind, id), data });
    const proposed = [rec("findings"), r("reward_proposal", 2)];
    expect(offered("approved", proposed)).not.toContain("reward_notice");
    expect(offered("approved", [...proposed, r("reward_decision", 3, { approve: false, comment: "不符" })])).not.toContain("reward_notice");
    expect(offered("approved", [...proposed, r("reward_decision", 3, { approve: true, comment: "" })])).toContain("reward_notice");
    expect(offered("approved", [...proposed, r("reward_decision", 3, { approve: true }), r("reward_payment", 4)])).toContain("reward_notice");
    // A new proposal after a rejection waits for its own decision.
    expect(offered("approved", [...proposed, r("reward_decision", 3, { approve: false }), r("reward_proposal", 4)])).not.toContain("reward_notice");
  });
  it("lists every type in the editor's order", () => {
    const all = issuableDocs({ status: "not_accepted", records: ["interview", "extension", "findings"].map((k, i) => rec(k, i)) }, "approved").map((o) => o.docType);
    expect(all).toEqual([...DOC_TYPES]);
  });
});

describe("what issuing sends", () => {
  it("always sends today's date", () => {
    expect(issueExtra("reply_letter", "2026-03-02")).toEqual({ issue_date: "2026-03-02" });
  });
  it("sends the answer date for the notice, five days on by default", () => {
    expect(issueExtra("notice_to_accused", "2026-03-02", "2026-03-10")).toEqual({ issue_date: "2026-03-02", answer_due: "2026-03-10" });
    expect(issueExtra("notice_to_accused", "2026-03-02", "")).toEqual({ issue_date: "2026-03-02", answer_due: "2026-03-07" });
  });
  it("adds days across month and year ends", () => {
    expect(addDays("2026-02-26", 5)).toBe("2026-03-03");
    expect(addDays("2026-12-29", 5)).toBe("2027-01-03");
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

describe("errors and small labels", () => {
  it("finds the template error naming the placeholder", () => {
    const e = {
      code: "validation",
      message: "请检查",
      fields: [{ field: "template", code: "unknown_placeholder", message: "未知的占位符 {{foo}}" }],
    };
    expect(templateError(e)).toEqual({ code: "unknown_placeholder", message: "未知的占位符 {{foo}}" });
    expect(templateError({ code: "not_found", message: "没有该案件", fields: [] })).toBeNull();
  });
  it("knows when no reply is due today", () => {
    expect(nothingDue({ code: "not_found", message: "x", fields: [] })).toBe(true);
    expect(nothingDue({ code: "font_not_found", message: "x", fields: [] })).toBe(false);
  });
  it("shortens the hash and formats sizes", () => {
    expect(shortHash("0123456789abcdef0123")).toBe("0123456789ab");
    expect(sizeText(812)).toBe("812 B");
    expect(sizeText(36045)).toBe("35.2 KB");
    expect(sizeText(1468006)).toBe("1.4 MB");
  });
});

describe("the timeline of an issued document", () => {
  it("names the document in the label and shows no raw detail", () => {
    const detail = { doc: "reply_letter", title: "书面答复意见书", id: 7, sha256: "ab" };
    expect(historyActionText("document_issued", detail)).toBe("出具文书：书面答复意见书");
    expect(historyDetail(detail, "document_issued")).toBe("");
  });
  it("falls back to the plain label without a title", () => {
    expect(historyActionText("document_issued", {})).toBe("出具文书");
    expect(historyActionText("accepted", { step: "accept" })).toBe("受理");
  });
});
