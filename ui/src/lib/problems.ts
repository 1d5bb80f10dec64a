// The list under an error banner: every field problem the core reported,
// as a link to its field when the field is on the form, as text when it is
// not (unless the banner's message already says it). Pure: the banner
// (banner.ts) draws it.

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemItem {
  field: string;
  message: string;
  /** The id of the input to take the user to, or null: listed as text. */
  target: string | null;
}

/** The banner's list for `fields`, in the core's order; `targetOf` gives the id of a path's input on this form (or null). */
export function problemList(message: string, fields: FieldProblem[], targetOf: (path: string) => string | null): ProblemItem[] {
  return fields
    .map((f) => ({ field: f.field, message: f.message, target: targetOf(f.field) }))
    .filter((p) => p.target !== null || !message.includes(p.message));
}
