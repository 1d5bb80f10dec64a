// Messages in the seat's language: t() fills a keyed message, label() names a
// code, pick() chooses the zh or en variant of a name from the core. The
// tables are data (messages.zh.ts, messages.en.ts); zh-CN is the default.
import type { Lang } from "../api/generated";
import { zh } from "./messages.zh";
import { en } from "./messages.en";

export { zh, en };
export type MsgKey = keyof typeof zh;

export const tables: Record<Lang, Record<MsgKey, string>> = { "zh-CN": zh, en };

/** Lists the UI offers; add a status here (and its label in the tables) when the core gains one. */
export const KINDS = ["complaint", "report"] as const;
export const CHANNELS = ["visit", "phone", "letter", "email", "online", "suggestion_box", "other"] as const;
export const SEVERITIES = ["ordinary", "important", "urgent", "major"] as const;
export const STATUSES = [
  "registered",
  "accepted",
  "not_accepted",
  "reviewed",
  "investigating",
  "findings",
  "approved",
  "replied",
  "followed_up",
  "escalated",
  "archived",
] as const;
export const SORTS = ["received_desc", "received_asc", "number_asc", "number_desc", "severity_desc"] as const;

let current: Lang = "zh-CN";

export function setLang(lang: Lang): void {
  current = lang === "en" ? "en" : "zh-CN";
  if (typeof document !== "undefined") document.documentElement.lang = current;
}

export function getLang(): Lang {
  return current;
}

/** The message for `key` in the current language, with {name} placeholders filled. */
export function t(key: MsgKey, params?: Record<string, string | number>, lang: Lang = current): string {
  let s = tables[lang][key] ?? zh[key] ?? key;
  if (params) {
    for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  }
  return s;
}

export type LabelPrefix =
  | "kind"
  | "channel"
  | "severity"
  | "status"
  | "sort"
  | "action"
  | "step"
  | "dlstate"
  | "ground"
  | "mode"
  | "conclusion"
  | "proposal"
  | "method"
  | "satisfaction"
  | "role"
  | "doc"
  | "link"
  | "linkopt"
  | "fld"
  | "rstate"
  | "rpay"
  | "flagstate"
  | "vrule"
  | "rpreset"
  | "urole"
  | "import_mode"
  | "gender"
  | "reply_method"
  | "leftover";

/** A label for a code from a dynamic prefix ("status.", "channel." …); unknown codes show as themselves. */
export function label(prefix: LabelPrefix, code: string): string {
  const key = `${prefix}.${code}`;
  return key in zh ? t(key as MsgKey) : code;
}

/** Pick the zh or en variant of a bilingual name from the core. */
export function pick(o: { name_zh: string; name_en: string }): string {
  return current === "en" && o.name_en ? o.name_en : o.name_zh;
}

/** The zh or en variant of a label pair ({label_zh, label_en}). */
export function pickLabel(o: { label_zh: string; label_en: string }): string {
  return current === "en" && o.label_en ? o.label_en : o.label_zh;
}

/** "：" in Chinese, ": " in English. */
export function colon(): string {
  return current === "en" ? ": " : "：";
}

/** Names joined with "、" in Chinese, ", " in English. */
export function joinNames(xs: string[]): string {
  return xs.join(current === "en" ? ", " : "、");
}
