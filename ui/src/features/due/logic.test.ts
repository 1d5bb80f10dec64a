// 待办期限: grouping the due board, the tab's count and the deadline's label.
import { describe, expect, it } from "vitest";
import type { DueItem, DueState } from "../../api/generated";
import { deadlineLabel, groupDue, nothingDue, urgentCount } from "./logic";

function item(number: string, state: DueState, due: string): DueItem {
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
      provisional_years: [],
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
  it("labels a deadline in the seat's language", () => {
    expect(deadlineLabel({ label_zh: "调查处理", label_en: "Decide" }, "en")).toBe("Decide");
    expect(deadlineLabel({ label_zh: "调查处理", label_en: "" }, "en")).toBe("调查处理");
    expect(deadlineLabel({ label_zh: "调查处理", label_en: "Decide" }, "zh-CN")).toBe("调查处理");
  });
  it("knows when no reply is due today", () => {
    expect(nothingDue({ code: "not_found" })).toBe(true);
    expect(nothingDue({ code: "font_not_found" })).toBe(false);
  });
});
