import { describe, expect, it } from "vitest";
import type { DueItem } from "./api";
import {
  actionsFor,
  buildAction,
  clockPaused,
  groupDue,
  historyActionKey,
  historyDetail,
  parseCalendarJson,
  splitNames,
  STEP_FIELDS,
  STEPS_BY_STATUS,
  urgentCount,
} from "./handling";
import { label, STATUSES, zh } from "./i18n";

describe("the steps offered", () => {
  it("follow the status", () => {
    expect(actionsFor("registered").steps).toEqual(["accept", "not_accept"]);
    expect(actionsFor("not_accepted").steps).toEqual(["not_accepted_notice_sent", "archive"]);
    expect(actionsFor("accepted").steps).toEqual(["review"]);
    expect(actionsFor("reviewed").steps).toEqual(["start_investigation"]);
    expect(actionsFor("investigating").steps).toEqual(["write_findings"]);
    expect(actionsFor("findings").steps).toEqual(["approve", "reject_findings", "reply"]);
    expect(actionsFor("approved").steps).toEqual(["reply"]);
    expect(actionsFor("replied").steps).toEqual(["follow_up", "no_follow_up", "escalate"]);
    expect(actionsFor("followed_up").steps).toEqual(["archive", "escalate", "reopen"]);
    expect(actionsFor("escalated").steps).toEqual(["reopen", "archive"]);
    expect(actionsFor("archived").steps).toEqual([]);
  });
  it("offer defence and interview records only while investigating", () => {
    expect(actionsFor("investigating").records).toEqual(["defence", "interview"]);
    for (const s of STATUSES.filter((s) => s !== "investigating")) expect(actionsFor(s).records, s).toEqual([]);
  });
  it("offer the clock and extension on every status but archived", () => {
    for (const s of STATUSES) expect(actionsFor(s).clock, s).toBe(s !== "archived");
  });
  it("offer nothing for an unknown status but the clock", () => {
    expect(actionsFor("mystery").steps).toEqual([]);
  });
  it("have a status entry, a label and a form for every step", () => {
    expect(Object.keys(STEPS_BY_STATUS).sort()).toEqual([...STATUSES].sort());
    for (const steps of Object.values(STEPS_BY_STATUS))
      for (const s of steps) {
        expect(Object.keys(zh)).toContain(`step.${s}`);
        expect(STEP_FIELDS[s], s).toBeDefined();
        for (const f of STEP_FIELDS[s]) {
          if (f.kind !== "proposals") expect(Object.keys(zh), f.name).toContain(`fld.${f.name}`);
          for (const o of f.options ?? []) expect(Object.keys(zh)).toContain(`${f.prefix}.${o}`);
        }
      }
  });
});

describe("a step's payload", () => {
  it("splits inspectors on Chinese and ASCII separators and trims them", () => {
    expect(splitNames(" 张三，李四、 王五,赵六 ,, ")).toEqual(["张三", "李四", "王五", "赵六"]);
    expect(splitNames("")).toEqual([]);
  });
  it("builds a review", () => {
    expect(
      buildAction("review", { reviewer: " 周主任 ", mode: "team", inspectors: "张三，李四、王五", department: "纪检监察室", comment: "" }),
    ).toEqual({ step: "review", reviewer: "周主任", mode: "team", inspectors: ["张三", "李四", "王五"], department: "纪检监察室", comment: "" });
  });
  it("builds findings with proposals from the ticked boxes", () => {
    const a = buildAction("write_findings", {
      conclusion: "substantiated",
      facts: "查明属实",
      responsibility: "",
      "proposal-correction": true,
      "proposal-apology": false,
      "proposal-rectification": true,
      rectification_due: "2026-12-31",
      org_notice: true,
    });
    expect(a).toEqual({
      step: "write_findings",
      conclusion: "substantiated",
      facts: "查明属实",
      responsibility: "",
      proposals: ["correction", "rectification"],
      rectification_due: "2026-12-31",
      org_notice: true,
    });
  });
  it("sends no rectification deadline when rectification is not proposed", () => {
    const a = buildAction("write_findings", { conclusion: "unfounded", facts: "x", "proposal-apology": true, rectification_due: "2026-12-31" });
    expect(a).toMatchObject({ proposals: ["apology"], rectification_due: null, org_notice: false });
    const b = buildAction("write_findings", { conclusion: "unfounded", facts: "x", "proposal-rectification": true, rectification_due: "" });
    expect(b).toMatchObject({ proposals: ["rectification"], rectification_due: null });
  });
  it("builds the simple steps", () => {
    expect(buildAction("accept", {})).toEqual({ step: "accept", comment: "" });
    expect(buildAction("not_accept", { ground: "court", reason: " 已起诉 " })).toEqual({ step: "not_accept", ground: "court", reason: "已起诉" });
    expect(buildAction("not_accepted_notice_sent", { sent_on: "2026-11-24" })).toEqual({ step: "not_accepted_notice_sent", sent_on: "2026-11-24" });
    expect(buildAction("approve", { approver: "王书记", comment: "同意" })).toEqual({ step: "approve", approver: "王书记", comment: "同意" });
    expect(buildAction("reply", { method: "letter", summary: "已答复" })).toEqual({ step: "reply", method: "letter", summary: "已答复" });
    expect(buildAction("follow_up", { satisfaction: "satisfied", note: "" })).toEqual({ step: "follow_up", satisfaction: "satisfied", note: "" });
    expect(buildAction("no_follow_up", { reason: "匿名无联系方式" })).toEqual({ step: "no_follow_up", reason: "匿名无联系方式" });
    expect(buildAction("archive", { comment: "结案" })).toEqual({ step: "archive", comment: "结案" });
  });
});

function item(number: string, state: string, due: string): DueItem {
  return {
    case_id: Number(number.slice(-1)),
    number,
    matter: "m",
    status: "investigating",
    owner: "",
    deadline: {
      code: "decide",
      label_zh: "调查处理",
      label_en: "Decide",
      period_zh: "30日",
      from_at: "2026-11-01 00:00:00",
      due_at: due,
      verified: true,
      unknown_years: [],
      extended: false,
      met_at: null,
      state,
    },
  };
}

describe("the due board", () => {
  it("groups by state, earliest first, and leaves out met deadlines", () => {
    const g = groupDue([
      item("TS-2", "overdue", "2026-11-20 23:59:59"),
      item("TS-1", "overdue", "2026-11-10 23:59:59"),
      item("TS-3", "due_today", "2026-11-24 23:59:59"),
      item("TS-4", "due_this_week", "2026-11-27 23:59:59"),
      item("TS-5", "pending", "2026-12-20 23:59:59"),
      item("TS-6", "met", "2026-11-02 23:59:59"),
      item("TS-7", "met_late", "2026-11-02 23:59:59"),
    ]);
    expect(g.overdue.map((i) => i.number)).toEqual(["TS-1", "TS-2"]);
    expect(g.today.map((i) => i.number)).toEqual(["TS-3"]);
    expect(g.week.map((i) => i.number)).toEqual(["TS-4"]);
    expect(g.later.map((i) => i.number)).toEqual(["TS-5"]);
  });
  it("counts overdue and due today for the tab", () => {
    expect(urgentCount([item("A-1", "overdue", "x"), item("A-2", "due_today", "x"), item("A-3", "due_this_week", "x")])).toBe(2);
  });
});

describe("the timeline", () => {
  it("names steps in Chinese, preferring the step recorded in the detail", () => {
    expect(label("action", historyActionKey("reviewed", { step: "review" }))).toBe("审核");
    expect(label("action", historyActionKey("investigating", { step: "reopen" }))).toBe("重新调查");
    expect(label("action", historyActionKey("investigating", { step: "reject_findings" }))).toBe("退回调查结论");
    expect(label("action", historyActionKey("not_accepted", { step: "not_accepted_notice_sent" }))).toBe("不予受理告知");
    expect(label("action", historyActionKey("pause", { from: "2026-11-02" }))).toBe("暂停计时");
    expect(label("action", historyActionKey("case_registered", {}))).toBe("登记");
  });
  it("shows the detail as readable Chinese", () => {
    expect(historyDetail({ step: "review", reviewer: "周主任", mode: "single", inspectors: ["张三", "李四"], department: "办公室", comment: "尽快" })).toBe(
      "审核人：周主任 · 调查方式：指定一名督查员 · 督查员：张三、李四 · 承办部门：办公室 · 意见：尽快",
    );
    expect(historyDetail({ step: "follow_up", satisfaction: "dissatisfied", note: "" })).toBe("满意程度：不满意");
    expect(historyDetail(null)).toBe("");
  });
  it("knows whether the clock is stopped", () => {
    expect(clockPaused([{ action: "accepted" }, { action: "pause" }])).toBe(true);
    expect(clockPaused([{ action: "pause" }, { action: "resume" }])).toBe(false);
    expect(clockPaused([])).toBe(false);
  });
});

describe("a pasted calendar year", () => {
  it("is read with its year", () => {
    const r = parseCalendarJson('{"year":2027,"source":"国办发","off":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":["2027-02-07"]}');
    expect(r).toEqual({
      ok: true,
      year: 2027,
      arrangement: { source: "国办发", off: [{ name: "元旦", from: "2027-01-01", to: "2027-01-01" }], workdays: ["2027-02-07"] },
    });
  });
  it("is refused when it is not JSON or has no year", () => {
    expect(parseCalendarJson("{oops").ok).toBe(false);
    expect(parseCalendarJson('{"off":[]}')).toEqual({ ok: false, key: "calendar.need_year" });
  });
});
