// First run's pure parts: what setup_office is sent, and which input a
// field error names.
import type { Lang, SetupRequest } from "../../api/generated";

export interface SetupValues {
  office_name: string;
  address: string;
  phone: string;
  preset: string;
}

/** Input id for a setup field path ("office_name" → "setup-office-name"). */
export function setupFieldId(path: string): string {
  return "setup-" + path.split(/[.[]/)[0].replace(/_/g, "-");
}

/** What setup_office is sent: the typed values, trimmed, and the language chosen. */
export function setupRequest(v: SetupValues, lang: Lang): SetupRequest {
  return { office_name: v.office_name.trim(), address: v.address.trim(), phone: v.phone.trim(), preset: v.preset, lang };
}
