// The only module that talks to the Rust side. Every Tauri command has a
// typed wrapper here; the rest of the UI imports these, never `invoke`.
// Types mirror src-tauri/core/src/model.rs (serde snake_case field names).
import { invoke } from "@tauri-apps/api/core";

export type Lang = "zh-CN" | "en";
export type CaseKind = "complaint" | "report";
export type Channel =
  | "visit"
  | "phone"
  | "letter"
  | "email"
  | "online"
  | "suggestion_box"
  | "other";
export type Severity = "ordinary" | "important" | "urgent" | "major";
export type SortKey =
  | "received_desc"
  | "received_asc"
  | "number_asc"
  | "number_desc"
  | "severity_desc";
export type DocKind = "slip" | "receipt";

export interface OfficeInfo {
  name: string;
  address: string;
  phone: string;
}

export interface PresetInfo {
  id: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
}

export interface AppInfo {
  set_up: boolean;
  office: OfficeInfo;
  preset: string | null;
  lang: Lang;
  db_path: string;
  presets: PresetInfo[];
  version: string;
}

export interface SetupRequest {
  office_name: string;
  preset: string;
  lang: Lang;
  address: string;
  phone: string;
}

export interface Category {
  code: string;
  name_zh: string;
  name_en: string;
  kinds: CaseKind[];
  department: string;
}

export interface Policy {
  id: string;
  name_zh: string;
  name_en: string;
  description_zh?: string;
  description_en?: string;
  receipt_note_zh: string;
  categories: Category[];
}

export interface Person {
  name: string;
  unit: string;
  position: string;
  phone: string;
  address: string;
}

export interface Accused {
  name: string;
  unit: string;
}

export interface Witness {
  name: string;
  contact: string;
}

/** What the intake form sends; codes are plain strings so the backend can
 *  report a wrong value as a field error. */
export interface CaseInput {
  kind: string;
  channel: string;
  /** "YYYY-MM-DDTHH:MM" local time; "" means now. */
  received_at: string;
  receiving_clerk: string;
  anonymous: boolean;
  complainants: Person[];
  accused: Accused[];
  category: string;
  severity: string;
  occurred_when: string;
  occurred_where: string;
  matter: string;
  facts: string;
  request: string;
  evidence: string[];
  witnesses: Witness[];
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

export interface CaseDetail {
  id: number;
  number: string;
  kind: CaseKind;
  channel: Channel;
  /** "YYYY-MM-DD HH:MM:SS" office local time. */
  received_at: string;
  receiving_clerk: string;
  anonymous: boolean;
  query_code: string | null;
  complainants: Person[];
  accused: Accused[];
  category: string;
  category_label: string;
  handling_department: string;
  severity: Severity;
  occurred_when: string;
  occurred_where: string;
  matter: string;
  facts: string;
  request: string;
  evidence: string[];
  witnesses: Witness[];
  status: string;
  created_at: string;
  updated_at: string;
  history: HistoryEntry[];
}

export interface CaseSummary {
  id: number;
  number: string;
  kind: CaseKind;
  channel: Channel;
  received_at: string;
  anonymous: boolean;
  complainant: string;
  accused: string;
  category: string;
  category_label: string;
  severity: Severity;
  matter: string;
  status: string;
}

export interface ListQuery {
  text: string;
  kind?: string | null;
  status?: string | null;
  category?: string | null;
  channel?: string | null;
  /** Inclusive "YYYY-MM-DD". */
  received_from?: string | null;
  received_to?: string | null;
  sort: SortKey;
  /** 1-based. */
  page: number;
  page_size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface QueryCodeView {
  number: string;
  kind: CaseKind;
  received_date: string;
  status: string;
}

export interface Exported {
  path: string;
  size: number;
}

export interface Settings {
  font_path: string;
  font_index: number;
  found_font: string | null;
  lang: Lang;
}

export interface FieldErrorPayload {
  field: string;
  code: string;
  message: string;
}

/** Every command rejects with this. The UI branches on `code` only. */
export interface ApiError {
  code: string;
  message: string;
  fields: FieldErrorPayload[];
}

/** Turns whatever a rejected command gave into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && typeof (e as { code?: unknown }).code === "string") {
    const o = e as { code: string; message?: unknown; fields?: unknown };
    const fields = Array.isArray(o.fields)
      ? o.fields.filter(
          (f): f is FieldErrorPayload =>
            !!f && typeof f === "object" && typeof (f as FieldErrorPayload).field === "string",
        )
      : [];
    return { code: o.code, message: typeof o.message === "string" ? o.message : o.code, fields };
  }
  if (e instanceof Error) return { code: "internal", message: e.message, fields: [] };
  return { code: "internal", message: String(e), fields: [] };
}

export function isApiError(e: unknown): e is ApiError {
  return (
    !!e &&
    typeof e === "object" &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string" &&
    Array.isArray((e as ApiError).fields)
  );
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  setupOffice: (request: SetupRequest) => call<AppInfo>("setup_office", { request }),
  setLanguage: (lang: Lang) => call<AppInfo>("set_language", { lang }),
  getPolicy: () => call<Policy>("get_policy"),
  createCase: (input: CaseInput) => call<CaseDetail>("create_case", { input }),
  getCase: (id: number) => call<CaseDetail>("get_case", { id }),
  listCases: (query: ListQuery) => call<Page<CaseSummary>>("list_cases", { query }),
  findByQueryCode: (code: string) => call<QueryCodeView>("find_by_query_code", { code }),
  saveDraft: (key: string, body: unknown) => call<void>("save_draft", { key, body }),
  loadDraft: (key: string) => call<unknown | null>("load_draft", { key }),
  discardDraft: (key: string) => call<void>("discard_draft", { key }),
  exportDocument: (case_id: number, doc: DocKind) =>
    call<Exported | null>("export_document", { request: { case_id, doc } }),
  getSettings: () => call<Settings>("get_settings"),
  /** The backend also stores `lang` from this object, so always send the current one. */
  updateSettings: (settings: { font_path: string; font_index: number; lang: Lang }) =>
    call<Settings>("update_settings", { settings }),
};
