// Form values as read back from the page, and the small readers the pure
// logic of every feature shares (no DOM here).

/** Form values by field name; checkboxes come as booleans. */
export type FormValues = Record<string, string | boolean | undefined>;

/** A trimmed string value (empty when missing or not a string). */
export function str(v: FormValues, k: string): string {
  const x = v[k];
  return typeof x === "string" ? x.trim() : "";
}

/** A boolean value ("true"/"on" count as true). */
export function bool(v: FormValues, k: string): boolean {
  return v[k] === true || v[k] === "true" || v[k] === "on";
}

/** "张三，李四、 王五,赵六" → ["张三","李四","王五","赵六"]. */
export function splitNames(s: string): string[] {
  return s
    .split(/[，,、;；\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
