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
    /// The reference number (发文字号) the register gave it, or "".
    pub doc_number: String,
}

/// The letters that go out under a reference number (发文字号), when the
/// office has set a 代字 for them.
pub const NUMBERED_DOCUMENTS: [&str; 5] = [
    "reply_letter",
    "not_accepted",
    "extension",
    "notice_to_accused",
    "reward_notice",
];

/// The longest 代字 (e.g. "华示投").
pub const MAX_PREFIX_CHARS: usize = 20;

/// "华示投〔2026〕12号" (GB/T 9704: the year in 六角括号, no leading zeros).
pub fn doc_number(prefix: &str, year: i32, n: i64) -> String {
    format!("{prefix}〔{year}〕{n}号")
}

/// The office's 代字 by document type, checked: only the numbered letters,
/// at most 20 characters each, no brackets, digits or line breaks (they
/// are the number's own parts); blank ones are dropped.
pub fn check_prefixes(
    typed: &std::collections::BTreeMap<String, String>,
) -> Result<std::collections::BTreeMap<String, String>, Vec<crate::error::FieldError>> {
    use crate::error::FieldError;
    let mut out = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    for (doc, prefix) in typed.iter().take(50) {
        let field = format!("doc_number_prefixes.{doc}");
        let p = prefix.trim();
        if !NUMBERED_DOCUMENTS.contains(&doc.as_str()) {
            errors.push(FieldError::new(
                field,
                "not_numbered",
                "只有对外发出的函件（答复意见书、不予受理告知书、延期告知书、陈述申辩通知书、奖励通知书）编发文字号。",
                "Only the letters that go out (reply, not accepted, extension, notice to the accused, reward notice) take a reference number.",
            ));
        } else if p.chars().count() > MAX_PREFIX_CHARS
            || p.chars()
                .any(|c| c.is_control() || c.is_ascii_digit() || "〔〕[]()（）".contains(c))
        {
            errors.push(FieldError::new(
                field,
                "prefix_invalid",
                format!("代字最多{MAX_PREFIX_CHARS}个字，不含数字、括号或换行（如“华示投”）。"),
                format!("A prefix has at most {MAX_PREFIX_CHARS} characters, without digits, brackets or line breaks (e.g. 华示投)."),
            ));
        } else if !p.is_empty() {
            out.insert(doc.clone(), p.to_string());
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
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
