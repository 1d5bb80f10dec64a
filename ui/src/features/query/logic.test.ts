// 查询码: what a lookup sends and shows.
import { describe, expect, it } from "vitest";
import { codeToSend, queryRows } from "./logic";

describe("a query code lookup", () => {
  it("sends the code as typed, without blanks around it", () => {
    expect(codeToSend("  abcd-efgh-jkmn-pqrs \n")).toBe("abcd-efgh-jkmn-pqrs");
  });
  it("shows the number, kind, date and progress, and nothing about people", () => {
    const rows = queryRows({ number: "JB-2026-000001", kind: "report", received_date: "2026-12-01", status: "investigating" });
    expect(rows.map(([, v]) => v)).toEqual(["JB-2026-000001", "举报", "2026-12-01", "调查中"]);
    expect(rows.map(([, , id]) => id)).toEqual(["query-result-number", "query-result-kind", "query-result-received", "query-result-status"]);
  });
});
