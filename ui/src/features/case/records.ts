// A case's handling records and links as the case page shows them: the
// investigation material as lines of text grouped by kind, recusals, link
// and attachment labels. Pure (no DOM, no backend).
import type { CaseLink, CaseRecord } from "../../api/generated";
import { colon, joinNames, label, t, type MsgKey } from "../../lib/i18n";
import { sizeText } from "../../lib/format";

// ---- records → lines ----

/** The record kinds shown under 调查材料, in this order. */
export const MATERIAL_KINDS = ["interview", "evidence", "site_check", "defence", "findings", "recusal"] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export interface RecordFile {
  name: string;
  /** The first 12 hex digits of the SHA-256. */
  hash: string;
  size: number | null;
  /** The key verify_attachments reports it under. */
  storedAs: string;
}

export interface RecordView {
  id: number;
  kind: MaterialKind;
  title: string;
  /** "YYYY-MM-DD HH:MM" when it was recorded, and by whom. */
  at: string;
  actor: string;
  lines: string[];
  file: RecordFile | null;
}

type Obj = Record<string, unknown>;

function obj(x: unknown): Obj {
  return x && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : {};
}

function s(o: Obj, k: string): string {
  const x = o[k];
  if (typeof x === "string") return x.trim();
  if (typeof x === "number") return String(x);
  return "";
}

function list(o: Obj, k: string): string[] {
  const x = o[k];
  return Array.isArray(x) ? x.filter((y): y is string => typeof y === "string" && y.trim() !== "").map((y) => y.trim()) : [];
}

/** "标签：值", or nothing when the value is empty. */
function kv(key: MsgKey, value: string): string[] {
  return value ? [`${t(key)}${colon()}${value}`] : [];
}

function interviewLines(d: Obj): string[] {
  const who = s(d, "interviewee");
  const role = s(d, "role");
  const lines = [
    ...kv("rec.time", s(d, "at")),
    ...kv("rec.place", s(d, "place")),
    ...kv("rec.interviewer", s(d, "interviewer")),
    ...kv("rec.recorder", s(d, "recorder")),
    ...kv("rec.interviewee", who && role ? t("rec.with_role", { name: who, role: label("role", role) }) : who),
  ];
  const qa = Array.isArray(d.questions_and_answers) ? d.questions_and_answers : [];
  qa.forEach((x, i) => {
    const q = obj(x);
    lines.push(`${t("rec.question", { n: i + 1 })}${colon()}${s(q, "question") || t("common.none")}`);
    lines.push(`${t("rec.answer", { n: i + 1 })}${colon()}${s(q, "answer") || t("common.none")}`);
  });
  lines.push(t(d.signed === true ? "rec.signed" : "rec.not_signed"));
  return lines;
}

function evidenceFile(d: Obj): RecordFile | null {
  const name = s(d, "file_name");
  const hash = s(d, "sha256");
  const storedAs = s(d, "stored_as");
  if (!name && !storedAs) return null;
  return {
    name: name || storedAs,
    hash: hash.slice(0, 12),
    size: typeof d.size === "number" ? d.size : null,
    storedAs,
  };
}

function evidenceLines(d: Obj, file: RecordFile | null): string[] {
  const lines = [...kv("rec.description", s(d, "description")), ...kv("rec.source", s(d, "source")), ...kv("rec.obtained_on", s(d, "obtained_on"))];
  if (file) {
    const bits = [file.hash ? `SHA-256 ${file.hash}` : "", file.size !== null ? sizeText(file.size) : ""].filter(Boolean);
    lines.push(`${t("rec.file")}${colon()}${file.name}${bits.length ? ` (${bits.join(", ")})` : ""}`);
  } else {
    lines.push(t("rec.no_file"));
  }
  return lines;
}

function siteLines(d: Obj): string[] {
  return [
    ...kv("rec.time", s(d, "at")),
    ...kv("rec.place", s(d, "place")),
    ...kv("rec.inspectors", joinNames(list(d, "inspectors"))),
    ...kv("rec.site_findings", s(d, "findings")),
  ];
}

function defenceLines(d: Obj): string[] {
  if (d.declined === true) {
    return [t("rec.declined", { date: s(d, "asked_on") || t("common.none") }), ...kv("rec.statement", s(d, "statement"))];
  }
  return [...kv("rec.asked_on", s(d, "asked_on")), `${t("rec.statement")}${colon()}${s(d, "statement") || t("common.none")}`];
}

function findingsLines(d: Obj): string[] {
  const conclusion = s(d, "conclusion");
  const proposals = list(d, "proposals").map((p) => label("proposal", p));
  return [
    ...kv("rec.conclusion", conclusion ? label("conclusion", conclusion) : ""),
    ...kv("rec.facts", s(d, "facts")),
    ...kv("rec.responsibility", s(d, "responsibility")),
    ...kv("rec.proposals", joinNames(proposals)),
    ...kv("rec.rectification_due", s(d, "rectification_due")),
    ...(d.org_notice === true ? [t("rec.org_notice")] : []),
  ];
}

function recusalLines(d: Obj): string[] {
  return [...kv("rec.handler", s(d, "handler")), ...kv("rec.reason", s(d, "reason"))];
}

export function isMaterial(kind: string): kind is MaterialKind {
  return (MATERIAL_KINDS as readonly string[]).includes(kind);
}

/** A record as the case view shows it; null for records that are not
 *  investigation material (accept, review, pause …: the timeline has them). */
export function recordView(r: CaseRecord): RecordView | null {
  const kind = r.record.kind;
  if (!isMaterial(kind)) return null;
  const d = obj(r.record.data);
  let file: RecordFile | null = null;
  let lines: string[];
  switch (kind) {
    case "interview":
      lines = interviewLines(d);
      break;
    case "evidence":
      file = evidenceFile(d);
      lines = evidenceLines(d, file);
      break;
    case "site_check":
      lines = siteLines(d);
      break;
    case "defence":
      lines = defenceLines(d);
      break;
    case "findings":
      lines = findingsLines(d);
      break;
    case "recusal":
      lines = recusalLines(d);
      break;
  }
  const title = kind === "defence" && d.declined === true ? t("rec.kind.defence_declined") : t(`rec.kind.${kind}`);
  return { id: r.id, kind, title, at: r.at.length >= 16 ? r.at.slice(0, 16) : r.at, actor: r.actor, lines, file };
}

/** The material of a case grouped by kind (in MATERIAL_KINDS order), each oldest first; empty kinds left out. */
export function groupRecords(records: CaseRecord[]): { kind: MaterialKind; title: string; items: RecordView[] }[] {
  const views = records.map(recordView).filter((v): v is RecordView => v !== null);
  return MATERIAL_KINDS.map((kind) => ({ kind, title: t(`rec.kind.${kind}`), items: views.filter((v) => v.kind === kind) })).filter((g) => g.items.length > 0);
}

/** Handlers who declared a conflict of interest, each once, in the order declared. */
export function recusedHandlers(records: CaseRecord[]): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.record.kind !== "recusal") continue;
    const h = s(obj(r.record.data), "handler");
    if (h && !out.includes(h)) out.push(h);
  }
  return out;
}

/** "已回避：张三、李四", or "" when nobody has. */
export function recusedLine(records: CaseRecord[]): string {
  const names = recusedHandlers(records);
  return names.length ? t("rec.recused", { names: joinNames(names) }) : "";
}

/** The label of a link's kind: 相关 / 重复投诉 / 被重复投诉. */
export function linkLabel(l: Pick<CaseLink, "kind">): string {
  return label("link", l.kind);
}

export type AttachmentStateLabel = { text: string; cls: string };

/** 完好 / 已被改动 / 缺失, with the class that colours it. */
export function attachmentState(state: string): AttachmentStateLabel {
  switch (state) {
    case "ok":
      return { text: t("attach.ok"), cls: "attach-ok" };
    case "changed":
      return { text: t("attach.changed"), cls: "attach-changed" };
    case "missing":
      return { text: t("attach.missing"), cls: "attach-missing" };
    default:
      return { text: state, cls: "attach-unknown" };
  }
}
