// Handling a case: the step operations the core allows become buttons and forms, and forms become inputs.
import { describe, expect, it } from "vitest";
import { label, zh } from "../../lib/i18n";
import { buildEvidence, buildLink, buildSiteCheck, cardDocuments, issueExtra, LINK_KINDS, questionsAndAnswers, STEP_FIELDS, STEP_OPS, stepInput, stepsAllowed, tickedIds } from "./logic";

// Which steps a case allows now is the core's (CaseView.allowed, from its
// workflow and the user's standing); these tests check what the UI does with it.

describe("the steps offered", () => {
  it("are the step operations the core allows, in button order, nothing else", () => {
    expect(stepsAllowed(["record_defence", "archive_case", "accept_case", "get_case", "not_accept_case"])).toEqual(["accept_case", "not_accept_case", "archive_case"]);
    expect(stepsAllowed([])).toEqual([]);
  });
  it("have a label and a form for every step, with a label for every field and option", () => {
    for (const [op, step] of Object.entries(STEP_OPS)) {
      expect(Object.keys(zh), op).toContain(`step.${step}`);
      for (const f of STEP_FIELDS[op as keyof typeof STEP_OPS]) {
        if (f.kind !== "proposals" && f.kind !== "users") expect(Object.keys(zh), f.name).toContain(`fld.${f.name}`);
        for (const o of f.options ?? []) expect(Object.keys(zh)).toContain(`${f.prefix}.${o}`);
      }
    }
  });
  it("cover every workflow operation of the core", () => {
    expect(Object.keys(STEP_OPS).sort()).toEqual(
      [
        "accept_case",
        "not_accept_case",
        "record_not_accepted_notice",
        "review_case",
        "start_investigation",
        "write_findings",
        "approve_findings",
        "reject_findings",
        "record_reply",
        "record_follow_up",
        "record_no_follow_up",
        "escalate_case",
        "reopen_case",
        "archive_case",
      ].sort(),
    );
  });
});

describe("a step's input", () => {
  it("reviews with the inspectors ticked, by account", () => {
    expect(tickedIds({ "inspector-3": true, "inspector-9": false, "inspector-12": true, department: "x" }, "inspector")).toEqual([3, 12]);
    expect(stepInput("review_case", { mode: "team", "inspector-3": true, "inspector-5": true, department: " 纪检监察室 ", comment: "" })).toEqual({
      mode: "team",
      inspector_ids: [3, 5],
      department: "纪检监察室",
      comment: "",
    });
  });
  it("builds findings with proposals from the ticked boxes", () => {
    const a = stepInput("write_findings", {
      conclusion: "substantiated",
      facts: "查明属实",
      responsibility: "",
      "proposal-correction": true,
      "proposal-apology": false,
      "proposal-rectification": true,
      rectification_due: "2026-12-31",
      org_notice: true,
    });
    expect(a).toEqual({ conclusion: "substantiated", facts: "查明属实", responsibility: "", proposals: ["correction", "rectification"], rectification_due: "2026-12-31", org_notice: true });
  });
  it("sends no rectification deadline when rectification is not proposed", () => {
    expect(stepInput("write_findings", { conclusion: "unfounded", facts: "x", "proposal-apology": true, rectification_due: "2026-12-31" })).toMatchObject({ proposals: ["apology"], rectification_due: null, org_notice: false });
    expect(stepInput("write_findings", { conclusion: "unfounded", facts: "x", "proposal-rectification": true, rectification_due: "" })).toMatchObject({ proposals: ["rectification"], rectification_due: null });
  });
  it("builds the simple steps, trimmed", () => {
    expect(stepInput("accept_case", {})).toEqual({ comment: "" });
    expect(stepInput("not_accept_case", { ground: "court", reason: " 已起诉 " })).toEqual({ ground: "court", reason: "已起诉" });
    expect(stepInput("record_not_accepted_notice", { sent_on: "2026-11-24" })).toEqual({ sent_on: "2026-11-24" });
    expect(stepInput("approve_findings", { comment: "同意" })).toEqual({ comment: "同意" });
    expect(stepInput("reject_findings", { comment: " 事实不清 " })).toEqual({ comment: "事实不清" });
    expect(stepInput("record_reply", { method: "letter", summary: "已答复" })).toEqual({ method: "letter", summary: "已答复" });
    expect(stepInput("record_follow_up", { satisfaction: "satisfied", note: "" })).toEqual({ satisfaction: "satisfied", note: "" });
    expect(stepInput("record_no_follow_up", { reason: "匿名无联系方式" })).toEqual({ reason: "匿名无联系方式" });
    expect(stepInput("archive_case", { comment: "结案" })).toEqual({ comment: "结案" });
  });
});

describe("the investigation records' inputs", () => {
  it("evidence: trimmed text, the date as typed, attach as a boolean, no file fields", () => {
    expect(buildEvidence({ description: "  收费票据复印件 ", source: "投诉人提供", obtained_on: "2026-11-20", attach: true })).toEqual({
      evidence: { description: "收费票据复印件", source: "投诉人提供", obtained_on: "2026-11-20", file_name: null, sha256: null, size: null, stored_as: null },
      attach: true,
    });
    expect(buildEvidence({ description: "照片" })).toMatchObject({ evidence: { description: "照片", source: "", obtained_on: "" }, attach: false });
  });
  it("site check: inspectors split on commas and 、, a T in the time becomes a space", () => {
    expect(buildSiteCheck({ at: "2026-11-20T09:30", place: " 门诊大厅 ", inspectors: "张三、李四, 王五，赵六", findings: "收费公示牌缺失" })).toEqual({
      at: "2026-11-20 09:30",
      place: "门诊大厅",
      inspectors: ["张三", "李四", "王五", "赵六"],
      findings: "收费公示牌缺失",
    });
    expect(buildSiteCheck({}).inspectors).toEqual([]);
  });
  it("link: number trimmed, related by default", () => {
    expect(buildLink({ other_number: " TS-2026-0001 ", kind: "repeat" })).toEqual({ other_number: "TS-2026-0001", kind: "repeat" });
    expect(buildLink({ other_number: "X" }).kind).toBe("related");
  });
  it("link kinds offered have a label each", () => {
    expect([...LINK_KINDS]).toEqual(["related", "repeat"]);
    expect(label("linkopt", "related")).toBe("相关案件");
    expect(label("linkopt", "repeat")).toBe("重复投诉（本案重复此前案件）");
  });
  it("interview: the questions and answers typed, blank pairs left out", () => {
    expect(questionsAndAnswers({ "q-0": " 何时？ ", "a-0": "十月。", "q-1": "", "a-1": " ", "q-2": "", "a-2": "补充" }, 3)).toEqual([
      { question: "何时？", answer: "十月。" },
      { question: "", answer: "补充" },
    ]);
  });
});

describe("the documents card", () => {
  it("offers the documents the core allows, in the card's order, without the slip and receipt", () => {
    expect(cardDocuments(["reward_notice", "slip", "receipt", "transcript", "reply_letter"])).toEqual(["transcript", "reply_letter", "reward_notice"]);
    expect(cardDocuments([])).toEqual([]);
  });
  it("always sends today's date", () => {
    expect(issueExtra("reply_letter", "2026-03-02")).toEqual({ issue_date: "2026-03-02" });
  });
  it("sends the answer date for the notice, five days on by default", () => {
    expect(issueExtra("notice_to_accused", "2026-03-02", "2026-03-10")).toEqual({ issue_date: "2026-03-02", answer_due: "2026-03-10" });
    expect(issueExtra("notice_to_accused", "2026-03-02", "")).toEqual({ issue_date: "2026-03-02", answer_due: "2026-03-07" });
  });
});
