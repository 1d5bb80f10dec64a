// A case's timeline as people read it: labels and details of history entries.
import { describe, expect, it } from "vitest";
import type { CaseRecord } from "../../api/generated";
import { label } from "../../lib/i18n";
import { clockPaused, historyActionKey, historyActionText, historyDetail, recordKindAt } from "./history";

describe("the timeline's labels", () => {
  it("name a step after the status it led to", () => {
    expect(label("action", historyActionKey("reviewed", { reviewer: "周部长" }))).toBe("审核");
    expect(label("action", historyActionKey("pause", { from: "2026-11-02" }))).toBe("暂停计时");
    expect(label("action", historyActionKey("case_registered", {}))).toBe("登记");
  });
  it("name the step by the record written with it when the status says too little", () => {
    expect(label("action", historyActionKey("investigating", { comment: "" }, "reopen"))).toBe("重新调查");
    expect(label("action", historyActionKey("investigating", { approver: "王书记", comment: "" }, "rejection"))).toBe("退回调查结论");
    expect(label("action", historyActionKey("investigating", { comment: "" }, "start_investigation"))).toBe("开始调查");
    expect(label("action", historyActionKey("not_accepted", { sent_on: "2026-11-24" }, "not_accepted_notice"))).toBe("不予受理告知");
  });
  it("still read the step an older register kept in the detail", () => {
    expect(label("action", historyActionKey("investigating", { step: "reopen" }))).toBe("重新调查");
    expect(label("action", historyActionKey("investigating", { step: "reject_findings" }))).toBe("退回调查结论");
    expect(label("action", historyActionKey("not_accepted", { step: "not_accepted_notice_sent" }))).toBe("不予受理告知");
  });
  it("find the record written at the same moment as an entry", () => {
    const records = [
      { at: "2026-11-20 10:00:00", record: { kind: "accept", data: { comment: "" } } },
      { at: "2026-11-21 09:00:00", record: { kind: "reopen", data: { comment: "再查" } } },
    ] as Pick<CaseRecord, "at" | "record">[];
    expect(recordKindAt({ at: "2026-11-21 09:00:00" }, records)).toBe("reopen");
    expect(recordKindAt({ at: "2026-11-22 09:00:00" }, records)).toBeUndefined();
  });
});

describe("the timeline's details", () => {
  it("show a review as readable Chinese, without the accounts behind the names", () => {
    expect(historyDetail({ reviewer: "周主任", reviewer_id: 2, mode: "single", inspectors: ["张三", "李四"], inspector_ids: [3, 4], department: "办公室", comment: "尽快" })).toBe(
      "审核人：周主任 · 调查方式：指定一名督查员 · 督查员：张三、李四 · 承办部门：办公室 · 意见：尽快",
    );
    expect(historyDetail({ satisfaction: "dissatisfied", note: "" })).toBe("满意程度：不满意");
    expect(historyDetail(null)).toBe("");
  });
  it("show the registration's kind, channel and severity as labels", () => {
    expect(historyDetail({ number: "TS-2026-000001", kind: "complaint", channel: "visit", category: "wage_fee", severity: "ordinary", anonymous: false }, "case_registered")).toBe(
      "类别：投诉 · 来源渠道：来访 · 紧急程度：一般",
    );
  });
  it("know whether the clock is stopped", () => {
    expect(clockPaused([{ action: "accepted" }, { action: "pause" }])).toBe(true);
    expect(clockPaused([{ action: "pause" }, { action: "resume" }])).toBe(false);
    expect(clockPaused([])).toBe(false);
  });
});

describe("the timeline reads the investigation records", () => {
  it("labels evidence, site checks, recusals and links", () => {
    expect(label("action", historyActionKey("evidence", { description: "x" }))).toBe("证据登记");
    expect(label("action", historyActionKey("site_check", {}))).toBe("现场核查");
    expect(label("action", historyActionKey("recusal", {}))).toBe("申请回避");
    expect(label("action", historyActionKey("linked", { other: "A", kind: "repeat" }))).toBe("关联案件");
  });
  it("shows their details with readable field names", () => {
    expect(historyDetail({ other: "TS-2026-0001", kind: "repeat" }, "linked")).toBe("关联案件：TS-2026-0001 · 关联类型：重复投诉");
    expect(historyDetail({ at: "2026-11-21 14:00", place: "大厅", inspectors: ["张三", "李四"], findings: "缺失" }, "site_check")).toBe(
      "核查时间：2026-11-21 14:00 · 核查地点：大厅 · 核查人员：张三、李四 · 核查情况：缺失",
    );
    expect(historyDetail({ handler: "王督查", user_id: 4, reason: "亲属" }, "recusal")).toBe("回避人：王督查 · 回避理由：亲属");
    expect(
      historyDetail({ description: "票据", source: "投诉人", obtained_on: "2026-11-19", file_name: "a.pdf", sha256: "ff", size: 3, stored_as: "1/a" }, "evidence"),
    ).toBe("证据名称或说明：票据 · 来源：投诉人 · 取得日期：2026-11-19 · 附件：a.pdf");
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
    expect(historyActionText("accepted", { comment: "" })).toBe("受理");
  });
});

describe("reward entries in the timeline", () => {
  it("name a rejection as such and never show raw fen", () => {
    expect(historyActionText("reward_decision", { approve: true, comment: "" })).toBe("批准奖励");
    expect(historyActionText("reward_decision", { approve: false, comment: "金额过高" })).toBe("驳回奖励");
    const d = historyDetail({ rule: "other", amount: 300000, amount_display: "¥3,000.00", amount_upper: "叁仟元整", discretionary: false, reason: "" }, "reward_proposal");
    expect(d).toContain("¥3,000.00");
    expect(d).not.toContain("300000");
  });
  it("label the payment method", () => {
    expect(historyDetail({ paid_on: "2026-11-24", method: "bank_transfer", payer: "王五", receipt_no: "R-1", recipient: "" }, "reward_payment")).toContain("银行转账");
  });
});
