// 问责's pure parts: the order of the flags and the violations a leader can record.
import { describe, expect, it } from "vitest";
import type { Flag } from "../../api/generated";
import { label } from "../../lib/i18n";
import { sortFlags, VIOLATION_RULES } from "./logic";

const flag = (id: number, state: string, raised_at: string): Flag => ({
  id,
  case_id: 1,
  number: "JB-2026-0001",
  deadline_code: "",
  handler: "张三",
  rule: "leak",
  rule_zh: "泄露投诉（举报）人信息给被投诉人",
  suggested_zh: "记过",
  fine: 20000,
  note: "",
  raised_at,
  state,
  decided_by: null,
  reason: null,
});

describe("the flags table", () => {
  it("lists open flags first, oldest first, then decided ones newest first", () => {
    const list = [flag(1, "confirmed", "2026-01-01 09:00:00"), flag(2, "raised", "2026-03-01 09:00:00"), flag(3, "raised", "2026-02-01 09:00:00"), flag(4, "dismissed", "2026-02-15 09:00:00")];
    expect(sortFlags(list).map((f) => f.id)).toEqual([3, 2, 4, 1]);
  });
  it("labels every violation a leader can record", () => {
    expect(VIOLATION_RULES).not.toContain("missed_deadline");
    for (const r of VIOLATION_RULES) expect(label("vrule", r)).not.toBe(r);
    expect(label("flagstate", "raised")).toBe("待处理");
  });
});
