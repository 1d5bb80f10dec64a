// The office details card in Settings: its pure parts (no DOM, no backend).
import type { FieldErrorPayload, OfficeInfo } from "./api";

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
