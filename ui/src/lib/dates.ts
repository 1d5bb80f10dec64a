// Local dates and times as the forms and lists show them (no time zone maths
// beyond the browser's local time).

const pad = (n: number) => String(n).padStart(2, "0");

/** Local "YYYY-MM-DD". */
export function isoDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local "YYYY-MM-DD HH:MM". */
export function isoMinute(d: Date = new Date()): string {
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A Date as the value of a datetime-local input: "YYYY-MM-DDTHH:MM" local time. */
export function toLocalInputValue(d: Date): string {
  return `${isoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "HH:MM:SS" local time, for the draft indicator. */
export function clockTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "YYYY-MM-DD" `n` calendar days after `from` (local dates). */
export function addDays(from: string, n: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date();
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** "YYYYMMDD" of a local date, for file names. */
export function compactDate(d: Date = new Date()): string {
  return isoDate(d).replace(/-/g, "");
}
