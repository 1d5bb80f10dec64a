// Money, rates and sizes as the UI shows them, with integer arithmetic only
// (money is integer fen, rates are basis points; never floating point).

/** Fen (integer) → "¥1,234.56"; negative amounts as "-¥5.00". */
export function formatFen(n: number): string {
  const v = Number.isFinite(n) ? Math.trunc(n) : 0;
  const sign = v < 0 ? "-" : "";
  const abs = Math.abs(v);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100; // exact: abs - cents is a multiple of 100
  const digits = String(yuan);
  let grouped = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ",";
    grouped += digits[i];
  }
  return `${sign}¥${grouped}.${cents < 10 ? "0" : ""}${cents}`;
}

function bpParts(bp: number): { sign: string; whole: number; frac: number } {
  const v = Number.isFinite(bp) ? Math.trunc(bp) : 0;
  const abs = Math.abs(v);
  const frac = abs % 100;
  return { sign: v < 0 ? "-" : "", whole: (abs - frac) / 100, frac };
}

/** A rate in basis points as a short percentage: 2000 → "20%", 1250 → "12.5%", 5 → "0.05%". */
export function formatRate(bp: number): string {
  const { sign, whole, frac } = bpParts(bp);
  if (frac === 0) return `${sign}${whole}%`;
  const two = `${frac < 10 ? "0" : ""}${frac}`;
  return `${sign}${whole}.${two.endsWith("0") ? two.slice(0, 1) : two}%`;
}

/** Basis points with two decimals: 9500 → "95.00%", 10000 → "100.00%"; null → "—". */
export function formatBpFixed(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return "—";
  const { sign, whole, frac } = bpParts(bp);
  return `${sign}${whole}.${frac < 10 ? "0" : ""}${frac}%`;
}

/** A byte count as "812 B", "35.2 KB", "1.4 MB". */
export function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Bytes as whole KB, rounded up (a non-empty file is never "0 KB"). */
export function kb(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes <= 0) return 0;
  return Math.ceil(bytes / 1024);
}

/** The first 12 hex digits of a hash, as lists show it. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** The last part of a path, whether it uses / or \ (Windows). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
