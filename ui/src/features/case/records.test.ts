// A case's investigation material read as lines, recusals, link and attachment labels.
import { afterEach, describe, expect, it } from "vitest";
import type { CaseRecord } from "../../api/generated";
import { setLang, zh } from "../../lib/i18n";
import { attachmentState, groupRecords, linkLabel, MATERIAL_KINDS, recordView, recusedHandlers, recusedLine } from "./records";

let nextId = 1;
/** A stored record as the core sends it (`data` as loosely as an older register may hold it). */
const rec = (kind: string, data: unknown, at = "2026-11-20 10:05:33", actor = "李登记"): CaseRecord => ({ id: nextId++, at, actor, record: { kind, data } as CaseRecord["record"] });

afterEach(() => setLang("zh-CN"));

describe("a record is read as lines", () => {
  it("interview: time, place, people, Q/A and signature", () => {
    const v = recordView(
      rec("interview", {
        at: "2026-11-20 09:30",
        place: "二楼会议室",
        interviewer: "王督查",
        recorder: "赵记录",
        interviewee: "刘某",
        role: "witness",
        questions_and_answers: [{ question: "当天是否在场？", answer: "在场。" }],
        signed: true,
      }),
    )!;
    expect(v.title).toBe("谈话笔录");
    expect(v.at).toBe("2026-11-20 10:05");
    expect(v.actor).toBe("李登记");
    expect(v.lines).toEqual([
      "时间：2026-11-20 09:30",
      "地点：二楼会议室",
      "谈话人：王督查",
      "记录人：赵记录",
      "被谈话人：刘某（证人）",
      "问 1：当天是否在场？",
      "答 1：在场。",
      "被谈话人已签名",
    ]);
    expect(recordView(rec("interview", { interviewee: "刘某", signed: false }))!.lines.at(-1)).toBe("被谈话人未签名");
  });
  it("evidence with a file: name, the first 12 hex of the hash and the size", () => {
    const v = recordView(
      rec("evidence", {
        description: "收费票据",
        source: "投诉人",
        obtained_on: "2026-11-19",
        file_name: "票据.pdf",
        sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        size: 2048,
        stored_as: "7/0123456789abcdef-票据.pdf",
      }),
    )!;
    expect(v.title).toBe("证据");
    expect(v.lines).toEqual(["说明：收费票据", "来源：投诉人", "取得日期：2026-11-19", "附件：票据.pdf (SHA-256 0123456789ab, 2.0 KB)"]);
    expect(v.file).toEqual({ name: "票据.pdf", hash: "0123456789ab", size: 2048, storedAs: "7/0123456789abcdef-票据.pdf" });
  });
  it("evidence without a file says so", () => {
    const v = recordView(rec("evidence", { description: "现场照片", source: "", obtained_on: "", file_name: null, sha256: null, size: null, stored_as: null }))!;
    expect(v.lines).toEqual(["说明：现场照片", "未附文件"]);
    expect(v.file).toBeNull();
  });
  it("site check", () => {
    const v = recordView(rec("site_check", { at: "2026-11-21 14:00", place: "门诊大厅", inspectors: ["张三", "李四"], findings: "公示牌缺失" }))!;
    expect(v.title).toBe("现场核查");
    expect(v.lines).toEqual(["时间：2026-11-21 14:00", "地点：门诊大厅", "核查人员：张三、李四", "核查情况：公示牌缺失"]);
  });
  it("defence, and a declined defence with the date asked", () => {
    const d = recordView(rec("defence", { asked_on: "2026-11-18", declined: false, statement: "收费符合规定。" }))!;
    expect(d.title).toBe("陈述申辩");
    expect(d.lines).toEqual(["通知申辩日期：2026-11-18", "申辩内容：收费符合规定。"]);
    const x = recordView(rec("defence", { asked_on: "2026-11-18", declined: true, statement: "" }))!;
    expect(x.title).toBe("拒绝申辩");
    expect(x.lines).toEqual(["拒绝申辩（通知申辩日期：2026-11-18）"]);
  });
  it("findings: conclusion, facts, responsibility and proposals as labels", () => {
    const v = recordView(
      rec("findings", {
        step: "write_findings",
        conclusion: "partly_substantiated",
        facts: "多收挂号费",
        responsibility: "收费窗口",
        proposals: ["correction", "rectification"],
        rectification_due: "2026-12-31",
        org_notice: true,
      }),
    )!;
    expect(v.title).toBe("调查结论");
    expect(v.lines).toEqual([
      "调查结论：部分属实",
      "查明的事实：多收挂号费",
      "责任认定：收费窗口",
      "处理意见：责令改正、限期整改",
      "整改期限：2026-12-31",
      "在全单位通报",
    ]);
    expect(recordView(rec("findings", { conclusion: "unfounded", facts: "无", proposals: [], org_notice: false }))!.lines).toEqual(["调查结论：不属实", "查明的事实：无"]);
  });
  it("recusal", () => {
    const v = recordView(rec("recusal", { handler: "王督查", reason: "亲属关系" }))!;
    expect(v.title).toBe("回避");
    expect(v.lines).toEqual(["回避人：王督查", "回避理由：亲属关系"]);
  });
  it("is in English when the UI is", () => {
    setLang("en");
    const v = recordView(rec("site_check", { at: "2026-11-21 14:00", place: "Hall", inspectors: ["A", "B"], findings: "ok" }))!;
    expect(v.title).toBe("Site check");
    expect(v.lines).toEqual(["Time: 2026-11-21 14:00", "Place: Hall", "Inspectors: A, B", "Findings: ok"]);
  });
  it("leaves out records that are not investigation material, and survives odd data", () => {
    expect(recordView(rec("accept", { step: "accept", comment: "" }))).toBeNull();
    expect(recordView(rec("pause", {}))).toBeNull();
    expect(recordView(rec("evidence", null))!.lines).toEqual(["未附文件"]);
  });
  it("groups by kind in a fixed order, oldest first, without empty kinds", () => {
    const records = [
      rec("evidence", { description: "B" }),
      rec("accept", {}),
      rec("interview", { interviewee: "X" }),
      rec("evidence", { description: "C" }),
    ];
    const groups = groupRecords(records);
    expect(groups.map((g) => g.kind)).toEqual(["interview", "evidence"]);
    expect(groups.map((g) => g.title)).toEqual(["谈话笔录", "证据"]);
    expect(groups[1].items.map((i) => i.lines[0])).toEqual(["说明：B", "说明：C"]);
    expect(groupRecords([])).toEqual([]);
  });
  it("has a title for every material kind in both languages", () => {
    for (const k of MATERIAL_KINDS) expect(Object.keys(zh)).toContain(`rec.kind.${k}`);
  });
});

describe("recusals, links and attachment checks", () => {
  it("list recused handlers once, in order", () => {
    const records = [rec("recusal", { handler: "王督查", reason: "a" }), rec("evidence", {}), rec("recusal", { handler: "李科长", reason: "b" }), rec("recusal", { handler: "王督查", reason: "c" })];
    expect(recusedHandlers(records)).toEqual(["王督查", "李科长"]);
    expect(recusedLine(records)).toBe("已回避：王督查、李科长");
    expect(recusedLine([])).toBe("");
  });
  it("label links 相关 / 重复投诉 / 被重复投诉", () => {
    expect(linkLabel({ kind: "related" })).toBe("相关");
    expect(linkLabel({ kind: "repeat" })).toBe("重复投诉");
    expect(linkLabel({ kind: "repeated_by" })).toBe("被重复投诉");
  });
  it("show attachment states 完好 / 已被改动 / 缺失 with a class each", () => {
    expect(attachmentState("ok")).toEqual({ text: "完好", cls: "attach-ok" });
    expect(attachmentState("changed")).toEqual({ text: "已被改动", cls: "attach-changed" });
    expect(attachmentState("missing")).toEqual({ text: "缺失", cls: "attach-missing" });
    expect(attachmentState("odd").cls).toBe("attach-unknown");
  });
});
