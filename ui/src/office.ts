// The office details card in Settings: its pure parts (no DOM, no backend).
import type { FieldErrorPayload, LogoInfo, OfficeInfo } from "./api";
import type { MsgKey } from "./i18n";

export const OFFICE_FIELDS = ["name", "address", "phone"] as const;
export type OfficeField = (typeof OFFICE_FIELDS)[number];

/** What update_office is sent: the typed values, trimmed. */
export function officePayload(values: OfficeInfo): OfficeInfo {
  return { name: values.name.trim(), address: values.address.trim(), phone: values.phone.trim() };
}

/** Splits update_office's field errors into those shown beside an input
 *  ("name", or "office.name") and the rest (shown in the card's banner). */
export function officeFieldErrors(fields: FieldErrorPayload[]): {
  byField: Partial<Record<OfficeField, string>>;
  rest: FieldErrorPayload[];
} {
  const byField: Partial<Record<OfficeField, string>> = {};
  const rest: FieldErrorPayload[] = [];
  for (const f of fields) {
    const name = f.field.replace(/^office\./, "") as OfficeField;
    if ((OFFICE_FIELDS as readonly string[]).includes(name)) {
      byField[name] = byField[name] ? `${byField[name]}；${f.message}` : f.message;
    } else rest.push(f);
  }
  return { byField, rest };
}

/** Largest logo file the core accepts (checked again there). */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

/** The logo line of the card: i18n key and its parameters. */
export function logoLine(info: LogoInfo | null): { key: MsgKey; params: Record<string, string | number> } {
  if (!info) return { key: "settings.logo_none", params: {} };
  return {
    key: "settings.logo_set",
    params: { width: info.width, height: info.height, kb: Math.max(1, Math.round(info.size / 1024)) },
  };
}

/** A picked file the core would refuse for its type or size, as an i18n key; null when it may be sent. */
export function logoFileProblem(file: { name: string; type: string; size: number }): MsgKey | null {
  const typeOk = /^image\/(png|jpeg)$/.test(file.type) || /\.(png|jpe?g)$/i.test(file.name);
  if (!typeOk) return "settings.logo_wrong_type";
  if (file.size > LOGO_MAX_BYTES) return "settings.logo_too_large";
  return null;
}
