// 查询码: what a lookup shows — the case's number, kind, date received and
// progress, and nothing about people (the core returns no more than that).
import type { QueryCodeView } from "../../api/generated";
import { label, type MsgKey } from "../../lib/i18n";

/** The code as sent: blanks around it dropped (the core reads O as 0, I and L as 1, and ignores dashes). */
export function codeToSend(typed: string): string {
  return typed.trim();
}

/** The result's lines: label key, value, element id. */
export function queryRows(v: QueryCodeView): [MsgKey, string, string][] {
  return [
    ["query.number", v.number, "query-result-number"],
    ["query.kind", label("kind", v.kind), "query-result-kind"],
    ["query.received_date", v.received_date, "query-result-received"],
    ["query.status", label("status", v.status), "query-result-status"],
  ];
}
