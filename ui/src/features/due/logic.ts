// 待办期限, its pure parts: every open case's next deadline grouped by when it
// falls due, the count on the tab, and the deadline's label.
import type { DeadlineView, DueItem } from "../../api/generated";
import type { ApiError } from "../../api/transport";

export type DueGroup = "overdue" | "today" | "week" | "later";
export const DUE_GROUPS: DueGroup[] = ["overdue", "today", "week", "later"];

export function groupOf(state: string): DueGroup | null {
  switch (state) {
    case "overdue":
      return "overdue";
    case "due_today":
      return "today";
    case "due_this_week":
      return "week";
    case "pending":
      return "later";
    default:
      return null; // met, met_late: nothing to do
  }
}

/** Group the due board by state, each group by due date (earliest first). */
export function groupDue(items: DueItem[]): Record<DueGroup, DueItem[]> {
  const out: Record<DueGroup, DueItem[]> = { overdue: [], today: [], week: [], later: [] };
  for (const it of items) {
    const g = groupOf(it.deadline.state);
    if (g) out[g].push(it);
  }
  for (const g of DUE_GROUPS) out[g].sort((a, b) => a.deadline.due_at.localeCompare(b.deadline.due_at) || a.number.localeCompare(b.number));
  return out;
}

/** The number the tab badge shows: overdue + due today. */
export function urgentCount(items: DueItem[]): number {
  return items.filter((i) => i.deadline.state === "overdue" || i.deadline.state === "due_today").length;
}

/** The deadline label in the current language. */
export function deadlineLabel(d: Pick<DeadlineView, "label_zh" | "label_en">, lang: string): string {
  return lang === "en" && d.label_en ? d.label_en : d.label_zh;
}

/** Is this refusal of batch_reply_letters "nothing is due today"? */
export function nothingDue(e: Pick<ApiError, "code">): boolean {
  return e.code === "not_found";
}
