// The query code of an anonymous case is the reporter's only key to it: it
// is shown large right after saving, with a tick that the clerk asked them
// to repeat it back, and goes from the screen when the next form is started
// or once the slip or receipt (which carries it) was printed. Pure.

/** What happened at the counter since the case was saved. */
export interface CodeState {
  /** The clerk started typing the next form. */
  started: boolean;
  /** The slip or the receipt was printed (issued). */
  printed: boolean;
  /** 已请对方复述 is ticked. */
  repeated: boolean;
}

export const freshCode = (): CodeState => ({ started: false, printed: false, repeated: false });

/** "shown"; "printed" or "started": no longer shown, and why; "none": the case has no code to show. */
export type CodeShown = "shown" | "printed" | "started" | "none";

/** Whether the saved case's query code is on the screen. */
export function queryCodeShown(saved: { anonymous: boolean; query_code: string | null } | null, st: CodeState): CodeShown {
  if (!saved || !saved.anonymous || !saved.query_code) return "none";
  if (st.printed) return "printed";
  if (st.started) return "started";
  return "shown";
}
