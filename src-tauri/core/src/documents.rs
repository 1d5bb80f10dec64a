//! Documents the office issues: its own templates, previews, and every issued
//! PDF kept with its case and hash so it prints again identically.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::docs::templates::{self, DocType};
use crate::error::{DeskError, Result};
use crate::handling::sha256_hex;
use crate::register::{append_history, Register};

/// A document issued for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedDoc {
    pub id: i64,
    pub case_id: i64,
    /// "slip", "receipt", or a template document's code.
    pub doc_type: String,
    pub title: String,
    pub sha256: String,
    pub size: u64,
    pub at: String,
    pub actor: String,
}

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

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateView {
    pub doc_type: String,
    pub title: String,
    pub body: String,
    pub is_default: bool,
    /// Allowed placeholders and what they hold.
    pub placeholders: Vec<(String, String)>,
}

impl Register {
    /// Stores an issued PDF with its hash; returns its record.
    pub(crate) fn store_issued(
        &mut self,
        case_id: i64,
        doc_type: &str,
        pdf: &[u8],
        actor: &str,
    ) -> Result<IssuedDoc> {
        let now = self.now_text();
        let hash = sha256_hex(pdf);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO issued_documents (case_id, doc_type, sha256, pdf, at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, doc_type, hash, pdf, now, actor],
        )?;
        let id = tx.last_insert_rowid();
        append_history(
            &tx,
            Some(case_id),
            &now,
            actor,
            "document_issued",
            &serde_json::json!({"doc": doc_type, "title": title_of(doc_type), "id": id, "sha256": hash}),
        )?;
        tx.commit()?;
        Ok(IssuedDoc {
            id,
            case_id,
            doc_type: doc_type.into(),
            title: title_of(doc_type),
            sha256: hash,
            size: pdf.len() as u64,
            at: now,
            actor: actor.into(),
        })
    }

    /// Every document issued for a case, oldest first.
    pub fn issued_documents(&self, case_id: i64) -> Result<Vec<IssuedDoc>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, case_id, doc_type, sha256, length(pdf), at, actor
             FROM issued_documents WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([case_id], |r| {
                let doc_type: String = r.get(2)?;
                Ok(IssuedDoc {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    title: title_of(&doc_type),
                    doc_type,
                    sha256: r.get(3)?,
                    size: r.get::<_, i64>(4)? as u64,
                    at: r.get(5)?,
                    actor: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The stored bytes of an issued document, checked against their hash.
    pub fn reprint(&self, doc_id: i64) -> Result<(IssuedDoc, Vec<u8>)> {
        self.allow(crate::accounts::Perm::IssueDocuments)?;
        let row: Option<(i64, String, String, Vec<u8>, String, String)> = self
            .conn
            .query_row(
                "SELECT case_id, doc_type, sha256, pdf, at, actor FROM issued_documents WHERE id = ?1",
                [doc_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let (case_id, doc_type, sha256, pdf, at, actor) = row.ok_or(DeskError::NotFound {
            what: "document",
            key: doc_id.to_string(),
        })?;
        if DocType::from_code(&doc_type).is_none_or(|t| !t.for_accused()) {
            self.need_identity(case_id)?;
        }
        if pdf.is_empty() {
            return Err(DeskError::refused(
                "document_anonymised",
                "这份文书在保存期限届满后已随案件匿名化清除，只保留了它的哈希值。",
                "This document was emptied when the case was anonymised after its retention period; only its hash is kept.",
            ));
        }
        if sha256_hex(&pdf) != sha256 {
            return Err(DeskError::DbCorrupt(format!(
                "issued document {doc_id} no longer matches its hash"
            )));
        }
        Ok((
            IssuedDoc {
                id: doc_id,
                case_id,
                title: title_of(&doc_type),
                doc_type,
                sha256,
                size: pdf.len() as u64,
                at,
                actor,
            },
            pdf,
        ))
    }

    /// The office's template for a document type (the default until edited).
    pub fn template(&self, t: DocType) -> Result<TemplateView> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM templates WHERE doc_type = ?1",
                [t.code()],
                |r| r.get(0),
            )
            .optional()?;
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

    /// Saves an edited template after checking it (unknown placeholders are
    /// named, and so is a placeholder that would overflow its line or make
    /// the document too long).
    pub fn save_template(&mut self, t: DocType, body: &str, actor: &str) -> Result<TemplateView> {
        self.allow(crate::accounts::Perm::Administer)?;
        // Checked by laying it out with the longest values: headings stay on
        // one line and the document within its page limit.
        crate::docs::check_template_fits(t, body, &*self.doc_fonts()?)?;
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO templates (doc_type, body, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (doc_type) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            params![t.code(), body, now],
        )?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "template_saved",
            &serde_json::json!({"doc": t.code(), "chars": body.chars().count()}),
        )?;
        tx.commit()?;
        self.template(t)
    }

    /// Back to the shipped wording.
    pub fn reset_template(&mut self, t: DocType, actor: &str) -> Result<TemplateView> {
        self.allow(crate::accounts::Perm::Administer)?;
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM templates WHERE doc_type = ?1", [t.code()])?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "template_reset",
            &serde_json::json!({"doc": t.code()}),
        )?;
        tx.commit()?;
        self.template(t)
    }

    /// Renders a document from `body` (an unsaved template) without issuing it.
    pub fn preview_document(
        &self,
        case_id: i64,
        t: DocType,
        body: &str,
        extra: &BTreeMap<String, String>,
    ) -> Result<Vec<u8>> {
        templates::validate_template(t, body)?;
        let case = self.case_view(case_id)?.case; // masked for a non-participant; issue_document checks first
        let office = self.office()?;
        let fonts = self.doc_fonts()?;
        crate::docs::render_document(t, body, &case, &office, extra, &fonts)
    }

    /// Issues a document with the office's template and keeps it with the case.
    pub fn issue_document(
        &mut self,
        case_id: i64,
        t: DocType,
        extra: &BTreeMap<String, String>,
        actor: &str,
    ) -> Result<(IssuedDoc, Vec<u8>)> {
        self.allow(crate::accounts::Perm::IssueDocuments)?;
        if !t.for_accused() {
            self.need_identity(case_id)?;
        }
        let body = self.template(t)?.body;
        let mut extra = extra.clone();
        if t == DocType::RewardNotice {
            // The amounts come from the approved reward, never from the caller.
            extra.extend(self.reward_notice_extra(case_id)?);
        }
        let pdf = self.preview_document(case_id, t, &body, &extra)?;
        let doc = self.store_issued(case_id, t.code(), &pdf, actor)?;
        Ok((doc, pdf))
    }
}

/// One block of a text preview: a heading or a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewBlock {
    pub heading: bool,
    pub text: String,
}

impl Register {
    /// What an (unsaved) template says for a case, block by block, for the
    /// editor's live preview. Errors name unknown placeholders.
    pub fn preview_text(
        &self,
        case_id: i64,
        t: DocType,
        body: &str,
        extra: &BTreeMap<String, String>,
    ) -> Result<Vec<PreviewBlock>> {
        templates::validate_template(t, body)?;
        let case = self.case_view(case_id)?.case;
        let office = self.office()?;
        let filled = templates::fill(body, &templates::context(t, &case, &office, extra));
        Ok(filled
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| match p.strip_prefix("# ") {
                Some(h) => PreviewBlock {
                    heading: true,
                    text: h.trim().to_string(),
                },
                None => PreviewBlock {
                    heading: false,
                    text: p.to_string(),
                },
            })
            .collect())
    }

    /// Cases whose written reply is due today or overdue and that have findings.
    pub fn replies_due(&self) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id FROM cases WHERE status IN ('findings', 'approved') ORDER BY number",
        )?;
        let ids: Vec<i64> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let policy = self.policy()?;
        let reply_rules: Vec<&str> = policy
            .deadlines
            .iter()
            .filter(|r| r.met_by == "replied")
            .map(|r| r.code.as_str())
            .collect();
        let mut out = Vec::new();
        for id in ids {
            let due = self.deadlines(id)?.into_iter().any(|d| {
                reply_rules.contains(&d.code.as_str())
                    && d.met_at.is_none()
                    && (d.state == "due_today" || d.state == "overdue")
            });
            if due {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Every reply letter due today (or overdue) in one PDF; each letter is
    /// also issued and kept with its case. Returns the PDF and how many.
    pub fn batch_reply_letters(
        &mut self,
        extra: &BTreeMap<String, String>,
        actor: &str,
    ) -> Result<(Vec<u8>, usize)> {
        self.allow(crate::accounts::Perm::IssueDocuments)?;
        // Only the letters of cases whose complainant this user may see.
        let mut ids = self.replies_due()?;
        let mut mine = Vec::with_capacity(ids.len());
        for id in ids.drain(..) {
            if self.may_see_identity(id)? {
                mine.push(id);
            }
        }
        let ids = mine;
        if ids.is_empty() {
            return Err(DeskError::NotFound {
                what: "reply letter due today",
                key: self.clock.now().format("%Y-%m-%d").to_string(),
            });
        }
        let t = DocType::ReplyLetter;
        let body = self.template(t)?.body;
        let office = self.office()?;
        let fonts = self.doc_fonts()?;
        let items = ids
            .iter()
            .map(|id| Ok((self.get_case(*id)?, extra.clone())))
            .collect::<Result<Vec<_>>>()?;
        let combined = crate::docs::render_documents(t, &body, &items, &office, &fonts)?;
        for (case, extra) in &items {
            let one = crate::docs::render_document(t, &body, case, &office, extra, &fonts)?;
            self.store_issued(case.id, t.code(), &one, actor)?;
        }
        Ok((combined, items.len()))
    }
}
