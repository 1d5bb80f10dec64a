//! The documents a case gets, as the API shows them: issued documents with
//! their hash, templates as the editor shows them, a text preview.

use serde::Serialize;
use ts_rs::TS;

/// A document issued for a case (its PDF is kept, byte for byte).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// Emptied when the case was anonymised (its hash stays).
    pub redacted: bool,
}

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TemplateView {
    pub doc_type: String,
    pub title: String,
    pub body: String,
    pub is_default: bool,
    /// Allowed placeholders and what they hold.
    pub placeholders: Vec<(String, String)>,
}

/// One block of a text preview: a heading or a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewBlock {
    pub heading: bool,
    pub text: String,
}
