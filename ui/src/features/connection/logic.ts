// Where this desktop window works, as rules without the DOM: what the
// address and pairing code fields accept (the host says the rest), and
// what the banner says when the host is lost or found again.

/** The pairing code as the host shows it: four groups of four, any case, spaces or dashes. */
export function normalizePairingCode(s: string): string {
  const raw = s.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return raw.match(/.{1,4}/g)?.join("-") ?? "";
}

export function pairingCodeComplete(s: string): boolean {
  return /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(normalizePairingCode(s));
}

/** An address a seat may type: host or host:port, optionally with https://. */
export function addressProblem(s: string): "empty" | "scheme" | "shape" | null {
  const a = s.trim();
  if (!a) return "empty";
  if (/^[a-z]+:\/\//i.test(a) && !/^https:\/\//i.test(a)) return "scheme";
  const rest = a.replace(/^https:\/\//i, "").replace(/\/+$/, "");
  if (!/^(\[[0-9a-fA-F:]+\]|[0-9A-Za-z.-]+)(:\d{1,5})?$/.test(rest)) return "shape";
  const port = rest.match(/:(\d{1,5})$/);
  if (port && (Number(port[1]) < 1 || Number(port[1]) > 65535)) return "shape";
  return null;
}

/** Seconds idle as the seats list shows them. */
export function idleText(seconds: number, lang: "zh-CN" | "en"): string {
  if (seconds < 60) return lang === "en" ? "active now" : "刚刚";
  const m = Math.floor(seconds / 60);
  if (m < 60) return lang === "en" ? `${m} min ago` : `${m} 分钟前`;
  const hrs = Math.floor(m / 60);
  return lang === "en" ? `${hrs} h ago` : `${hrs} 小时前`;
}

/** Whether a change touches the case on screen. */
export function touches(c: { all: boolean; cases: number[] }, id: number): boolean {
  return c.all || c.cases.includes(id);
}
