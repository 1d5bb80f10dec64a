//! Documents: the slip, the receipt and the office's template documents,
//! issued only by the case's handlers and kept with their hash so they
//! print again identically; templates, previews, today's reply letters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::cases::{self, CaseId};
use crate::api::{rewards, Bytes, CaseOp, Ctx, Write};
use crate::docs::templates::{self, DocType};
use crate::domain::documents::{IssuedDoc, PreviewBlock, TemplateView};
use crate::domain::masking;
use crate::error::{DeskError, FieldError, Result};
use crate::store::{documents as sdocs, settings};

/// Every document a case can get, by code.
pub const ALL_DOCUMENTS: [&str; 9] = [
    "slip",
    "receipt",
    "transcript",
    "not_accepted",
    "extension",
    "notice_to_accused",
    "investigation_report",
    "reply_letter",
    "reward_notice",
];

/// The title of any document type code.
pub fn title_of(code: &str) -> String {
    match code {
        "slip" => "投诉和举报登记单".into(),
        "receipt" => "受理回执".into(),
        other => DocType::from_code(other)
            .map(|t| t.title_zh().to_string())
            .unwrap_or_else(|| other.to_string()),
    }
}

/// A file name for a saved document.
pub fn file_name(code: &str, number: &str) -> String {
    format!("{number}-{}.pdf", title_of(code))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct IssueInput {
    /// "slip", "receipt" or a template document's code.
    pub doc_type: String,
    /// Values for the document's own placeholders (e.g. "answer_due").
    pub extra: BTreeMap<String, String>,
}

/// An issued document and its PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IssuedPdf {
    pub doc: IssuedDoc,
    pub file_name: String,
    pub pdf: Bytes,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct DocId {
    pub doc_id: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Extra {
    pub extra: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BatchPdf {
    pub pdf: Bytes,
    pub count: u32,
    pub file_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct TemplateInput {
    pub doc_type: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct DocTypeInput {
    pub doc_type: String,
}

/// An unsaved template previewed on a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct PreviewInput {
    pub case_id: i64,
    pub doc_type: String,
    pub body: String,
    pub extra: BTreeMap<String, String>,
}

fn doc_type(code: &str) -> Result<DocType> {
    DocType::from_code(code.trim()).ok_or_else(|| {
        DeskError::Validation(vec![FieldError::new(
            "doc_type",
            "unknown_document",
            "没有这种文书，请从列表中选择。",
            "There is no such document; choose one from the list.",
        )])
    })
}

fn check_extra(extra: &BTreeMap<String, String>) -> Result<()> {
    if extra.len() > 50
        || extra
            .iter()
            .any(|(k, v)| k.len() > 100 || v.chars().count() > 2_000)
    {
        return Err(DeskError::Validation(vec![FieldError::new(
            "extra",
            "too_long",
            "文书补充内容过多或过长（每项最多2000字）。",
            "Too many or too long extra values for the document (at most 2,000 characters each).",
        )]));
    }
    Ok(())
}

/// The template body for a type: the office's, or the shipped one.
fn body_of(conn: &rusqlite::Connection, t: DocType) -> Result<String> {
    Ok(settings::template(conn, t.code())?
        .unwrap_or_else(|| templates::default_template(t).to_string()))
}

/// Renders a document of a case (unmasked: only handlers get here).
fn render(
    w: &Write,
    case_id: i64,
    code: &str,
    extra: &BTreeMap<String, String>,
) -> Result<Vec<u8>> {
    let case = cases::detail(w.tx, case_id)?;
    let office = settings::office(w.tx, true)?;
    let fonts = w.desk.fonts(w.tx)?;
    match code {
        "slip" => crate::docs::registration_slip(&case, &office, &fonts),
        "receipt" => {
            let note = settings::policy(w.tx)?.receipt_note_zh.clone();
            crate::docs::acknowledgement_receipt(&case, &office, &note, &fonts)
        }
        other => {
            let t = doc_type(other)?;
            let mut extra = extra.clone();
            if t == DocType::RewardNotice {
                // The amounts come from the approved reward, never from the caller.
                extra.extend(rewards::notice_extra(w.tx, case_id)?);
            }
            crate::docs::render_document(t, &body_of(w.tx, t)?, &case, &office, &extra, &fonts)
        }
    }
}

fn store_issued(
    w: &mut Write,
    case_id: i64,
    code: &str,
    pdf: &[u8],
    doc_number: &str,
) -> Result<IssuedDoc> {
    let actor = w.actor().to_string();
    let mut doc = sdocs::insert(w.tx, case_id, code, pdf, &w.now_text(), &actor, doc_number)?;
    doc.title = title_of(code);
    let mut detail =
        serde_json::json!({"doc": code, "title": doc.title, "id": doc.id, "sha256": doc.sha256});
    if !doc_number.is_empty() {
        detail["doc_number"] = doc_number.into();
    }
    w.audit(Some(case_id), "document_issued", detail);
    Ok(doc)
}

/// The settings key of the 代字 by document type.
pub(crate) const PREFIXES_KEY: &str = "doc_number_prefixes";

/// The office's 代字 by document type (none set: no reference numbers).
pub(crate) fn prefixes(conn: &rusqlite::Connection) -> Result<BTreeMap<String, String>> {
    Ok(settings::json(conn, PREFIXES_KEY)?.unwrap_or_default())
}

/// `extra` with the reference number (发文字号) the document goes out
/// under: the next of its 代字's series in the year of its date, when the
/// office set a 代字 for its type (the register numbers it; a number the
/// caller sent is not used then); else as the caller sent it.
fn numbered(
    w: &Write,
    code: &str,
    extra: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let mut extra = extra.clone();
    let prefix = if crate::domain::documents::NUMBERED_DOCUMENTS.contains(&code) {
        prefixes(w.tx)?.get(code).cloned()
    } else {
        None
    };
    let Some(prefix) = prefix else {
        return Ok(extra);
    };
    use chrono::Datelike;
    let year = extra
        .get("issue_date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .map_or(w.now.year(), |d| d.year());
    let n = sdocs::next_number(w.tx, &prefix, year)?;
    extra.insert(
        "doc_number".into(),
        crate::domain::documents::doc_number(&prefix, year, n),
    );
    Ok(extra)
}

pub(crate) fn issue(ctx: &Ctx, op: CaseOp<IssueInput>) -> Result<IssuedPdf> {
    let code = op.input.doc_type.trim().to_string();
    if !ALL_DOCUMENTS.contains(&code.as_str()) {
        doc_type(&code)?;
    }
    check_extra(&op.input.extra)?;
    ctx.write(|w| {
        let extra = numbered(w, &code, &op.input.extra)?;
        let pdf = render(w, op.case_id, &code, &extra)?;
        let doc_number = extra.get("doc_number").cloned().unwrap_or_default();
        let doc = store_issued(w, op.case_id, &code, &pdf, doc_number.trim())?;
        let number = crate::store::cases::head(w.tx, op.case_id)?.number;
        Ok(IssuedPdf {
            doc,
            file_name: file_name(&code, &number),
            pdf: Bytes(pdf),
        })
    })
}

/// Every document issued for a case (a list anyone may see: titles,
/// hashes, dates — no content).
pub(crate) fn issued(ctx: &Ctx, input: CaseId) -> Result<Vec<IssuedDoc>> {
    ctx.read(|r| {
        Ok(sdocs::of_case(r.conn, input.case_id)?
            .into_iter()
            .map(|mut d| {
                d.title = title_of(&d.doc_type);
                d
            })
            .collect())
    })
}

/// The stored bytes of an issued document of this case, checked against
/// their hash.
pub(crate) fn reprint(ctx: &Ctx, op: CaseOp<DocId>) -> Result<IssuedPdf> {
    ctx.read(|r| {
        let (mut doc, pdf) = sdocs::get(r.conn, op.input.doc_id)?;
        if doc.case_id != op.case_id {
            return Err(DeskError::NotFound {
                what: "document",
                key: op.input.doc_id.to_string(),
            });
        }
        if doc.redacted {
            return Err(DeskError::refused(
                "document_anonymised",
                "这份文书在保存期限届满后已随案件匿名化清除，只保留了它的哈希值。",
                "This document was emptied when the case was anonymised after its retention period; only its hash is kept.",
            ));
        }
        doc.title = title_of(&doc.doc_type);
        let number = crate::store::cases::head(r.conn, op.case_id)?.number;
        Ok(IssuedPdf {
            file_name: file_name(&doc.doc_type, &number),
            doc,
            pdf: Bytes(pdf),
        })
    })
}

pub(crate) fn template_view(conn: &rusqlite::Connection, t: DocType) -> Result<TemplateView> {
    let stored = settings::template(conn, t.code())?;
    Ok(TemplateView {
        doc_type: t.code().into(),
        title: t.title_zh().into(),
        is_default: stored.is_none(),
        body: stored.unwrap_or_else(|| templates::default_template(t).to_string()),
        placeholders: templates::placeholders(t)
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    })
}

pub(crate) fn templates(ctx: &Ctx, _: ()) -> Result<Vec<TemplateView>> {
    ctx.read(|r| {
        DocType::ALL
            .iter()
            .map(|t| template_view(r.conn, *t))
            .collect()
    })
}

const MAX_TEMPLATE_CHARS: usize = 50_000;

fn check_body(body: &str) -> Result<()> {
    if body.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(DeskError::Validation(vec![FieldError::new(
            "body",
            "too_long",
            format!("模板最多 {MAX_TEMPLATE_CHARS} 个字。"),
            format!("A template may have at most {MAX_TEMPLATE_CHARS} characters."),
        )]));
    }
    Ok(())
}

/// Saves an edited template after checking it: unknown placeholders are
/// named, and so is a placeholder that would overflow its line or make the
/// document too long (laid out with the longest values).
pub(crate) fn save_template(ctx: &Ctx, input: TemplateInput) -> Result<TemplateView> {
    let t = doc_type(&input.doc_type)?;
    check_body(&input.body)?;
    let fonts = ctx.read(|r| ctx.desk.fonts(r.conn))?;
    crate::docs::check_template_fits(t, &input.body, &fonts)?;
    ctx.write(|w| {
        settings::save_template(w.tx, t.code(), &input.body, &w.now_text())?;
        w.audit(
            None,
            "template_saved",
            serde_json::json!({"doc": t.code(), "chars": input.body.chars().count()}),
        );
        Ok(())
    })?;
    ctx.read(|r| template_view(r.conn, t))
}

/// Back to the shipped wording.
pub(crate) fn reset_template(ctx: &Ctx, input: DocTypeInput) -> Result<TemplateView> {
    let t = doc_type(&input.doc_type)?;
    ctx.write(|w| {
        settings::reset_template(w.tx, t.code())?;
        w.audit(None, "template_reset", serde_json::json!({"doc": t.code()}));
        Ok(())
    })?;
    ctx.read(|r| template_view(r.conn, t))
}

/// The case a preview is made from: as the viewer may see it.
fn preview_case(r: &crate::api::Read, case_id: i64) -> Result<crate::domain::case::CaseDetail> {
    let case = cases::detail(r.conn, case_id)?;
    if cases::standing(r, case_id)?.sees_identity() {
        Ok(case)
    } else {
        masking::masked(&case)
    }
}

/// What an (unsaved) template says for a case, block by block.
pub(crate) fn preview_text(ctx: &Ctx, p: PreviewInput) -> Result<Vec<PreviewBlock>> {
    let t = doc_type(&p.doc_type)?;
    check_body(&p.body)?;
    check_extra(&p.extra)?;
    templates::validate_template(t, &p.body)?;
    ctx.read(|r| {
        let case = preview_case(r, p.case_id)?;
        let office = settings::office(r.conn, false)?;
        let filled = templates::fill(&p.body, &templates::context(t, &case, &office, &p.extra));
        Ok(filled
            .split("\n\n")
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| match x.strip_prefix("# ") {
                Some(h) => PreviewBlock {
                    heading: true,
                    text: h.trim().to_string(),
                },
                None => PreviewBlock {
                    heading: false,
                    text: x.to_string(),
                },
            })
            .collect())
    })
}

/// The PDF an (unsaved) template makes for a case, without issuing it.
pub(crate) fn preview_pdf(ctx: &Ctx, p: PreviewInput) -> Result<Bytes> {
    let t = doc_type(&p.doc_type)?;
    check_body(&p.body)?;
    check_extra(&p.extra)?;
    templates::validate_template(t, &p.body)?;
    ctx.read(|r| {
        let case = preview_case(r, p.case_id)?;
        let office = settings::office(r.conn, true)?;
        let fonts = ctx.desk.fonts(r.conn)?;
        crate::docs::render_document(t, &p.body, &case, &office, &p.extra, &fonts).map(Bytes)
    })
}

/// Cases whose written reply is due today or overdue and that have findings.
fn replies_due(r: &crate::api::Read) -> Result<Vec<i64>> {
    let ids: Vec<i64> = r
        .conn
        .prepare_cached(
            "SELECT id FROM cases WHERE status IN ('findings', 'approved') ORDER BY number",
        )?
        .query_map([], |x| x.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let policy = settings::policy(r.conn)?;
    let reply_rules: Vec<&str> = policy
        .deadlines
        .iter()
        .filter(|d| d.met_by == "replied")
        .map(|d| d.code.as_str())
        .collect();
    let mut out = Vec::new();
    for id in ids {
        use crate::domain::deadlines::DueState;
        let due = cases::case_deadlines(r, id)?.into_iter().any(|d| {
            reply_rules.contains(&d.code.as_str())
                && d.met_at.is_none()
                && matches!(d.state, DueState::DueToday | DueState::Overdue)
        });
        if due {
            out.push(id);
        }
    }
    Ok(out)
}

/// Every reply letter due today (or overdue) of the cases this user
/// handles, in one PDF; each letter is also issued and kept with its case.
pub(crate) fn batch_reply_letters(ctx: &Ctx, input: Extra) -> Result<BatchPdf> {
    check_extra(&input.extra)?;
    let ids = ctx.read(|r| {
        let mut mine = Vec::new();
        for id in replies_due(r)? {
            if cases::standing(r, id)?.sees_identity() {
                mine.push(id);
            }
        }
        Ok(mine)
    })?;
    if ids.is_empty() {
        return Err(DeskError::NotFound {
            what: "reply letter due today",
            key: ctx.desk.now().format("%Y-%m-%d").to_string(),
        });
    }
    ctx.write(|w| {
        let t = DocType::ReplyLetter;
        let body = body_of(w.tx, t)?;
        let office = settings::office(w.tx, true)?;
        let fonts = w.desk.fonts(w.tx)?;
        let mut items = Vec::new();
        for id in &ids {
            let extra = numbered(w, t.code(), &input.extra)?;
            items.push((cases::detail(w.tx, *id)?, extra));
        }
        let combined = crate::docs::render_documents(t, &body, &items, &office, &fonts)?;
        for (case, extra) in &items {
            let one = crate::docs::render_document(t, &body, case, &office, extra, &fonts)?;
            let doc_number = extra.get("doc_number").map(|s| s.trim()).unwrap_or("");
            store_issued(w, case.id, t.code(), &one, doc_number)?;
        }
        Ok(BatchPdf {
            pdf: Bytes(combined),
            count: items.len() as u32,
            file_name: format!("书面答复意见书-{}.pdf", w.now.format("%Y%m%d")),
        })
    })
}
