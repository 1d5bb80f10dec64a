//! The case: its kinds, channels, people, the intake form, the stored case
//! with its history and records, and the register list. Pure types.
//!
//! Every type here serialises to the JSON the UI (and the HTTP adapter)
//! sees; field names are snake_case and enums are lower-case strings. The
//! TypeScript types are generated from them (ts-rs), never written by hand.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::domain::deadlines::DueState;
pub use crate::domain::records::CaseRecord;
pub use crate::domain::workflow::Status;

/// 投诉 (the complainant's own rights) or 举报 (misconduct harming others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Complaint,
    Report,
}

impl CaseKind {
    pub const ALL: [CaseKind; 2] = [CaseKind::Complaint, CaseKind::Report];
    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Complaint => "complaint",
            CaseKind::Report => "report",
        }
    }
    /// Prefix of the case number: TS (投诉) or JB (举报).
    pub fn number_prefix(self) -> &'static str {
        match self {
            CaseKind::Complaint => "TS",
            CaseKind::Report => "JB",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseKind::Complaint => "投诉",
            CaseKind::Report => "举报",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// How the case reached the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Visit,
    Phone,
    Letter,
    Email,
    Online,
    SuggestionBox,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Visit,
        Channel::Phone,
        Channel::Letter,
        Channel::Email,
        Channel::Online,
        Channel::SuggestionBox,
        Channel::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Visit => "visit",
            Channel::Phone => "phone",
            Channel::Letter => "letter",
            Channel::Email => "email",
            Channel::Online => "online",
            Channel::SuggestionBox => "suggestion_box",
            Channel::Other => "other",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Channel::Visit => "来访",
            Channel::Phone => "来电",
            Channel::Letter => "来信",
            Channel::Email => "电子邮件",
            Channel::Online => "网上",
            Channel::SuggestionBox => "意见箱",
            Channel::Other => "其他",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    /// Written channels get an acknowledgement receipt; oral ones a transcript.
    pub fn is_written(self) -> bool {
        matches!(
            self,
            Channel::Letter | Channel::Email | Channel::Online | Channel::SuggestionBox
        )
    }
}

/// 一般 / 重要 / 紧急 / 重大.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Ordinary,
    Important,
    Urgent,
    Major,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Ordinary,
        Severity::Important,
        Severity::Urgent,
        Severity::Major,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Severity::Ordinary => "ordinary",
            Severity::Important => "important",
            Severity::Urgent => "urgent",
            Severity::Major => "major",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Ordinary => "一般",
            Severity::Important => "重要",
            Severity::Urgent => "紧急",
            Severity::Major => "重大",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }
}

/// A complainant (several share a group complaint).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Person {
    pub name: String,
    /// Department or unit (部门/单位).
    pub unit: String,
    /// Position (职务).
    pub position: String,
    pub phone: String,
    pub address: String,
    /// 性别: "male", "female" or "" (not given).
    pub gender: String,
    /// 身份证号 (optional): 18 characters with a valid check digit.
    pub id_number: String,
}

/// Someone the case is about (被投诉/被举报人).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Accused {
    pub name: String,
    pub unit: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Witness {
    pub name: String,
    pub contact: String,
}

/// What the intake form sends. Kind, channel and severity arrive as codes so
/// that a wrong value is a field error, not a deserialisation failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseInput {
    /// "complaint" | "report"
    pub kind: String,
    /// "visit" | "phone" | "letter" | "email" | "online" | "suggestion_box" | "other"
    pub channel: String,
    /// Local time "YYYY-MM-DDTHH:MM" (seconds optional); empty means now.
    pub received_at: String,
    /// The receiving clerk's name; filled from the account when
    /// `receiving_clerk_id` is given (the default is the signed-in user).
    pub receiving_clerk: String,
    /// The receiving clerk's account.
    pub receiving_clerk_id: Option<i64>,
    pub anonymous: bool,
    pub complainants: Vec<Person>,
    pub accused: Vec<Accused>,
    /// Category code from the office's policy.
    pub category: String,
    /// "ordinary" | "important" | "urgent" | "major"
    pub severity: String,
    /// When it happened (free text: a date or "2026年10月上旬").
    pub occurred_when: String,
    pub occurred_where: String,
    /// The matter in one line (事由).
    pub matter: String,
    /// What happened and how (经过).
    pub facts: String,
    /// What the complainant asks for (诉求).
    pub request: String,
    pub evidence: Vec<String>,
    pub witnesses: Vec<Witness>,
    /// How the complainant wants the answer (答复方式): "phone", "letter",
    /// "sms", "email", "in_person" or "" (not said).
    pub reply_method: String,
    /// Numbers of earlier cases this one repeats (chosen from the intake's
    /// repeat check): linked as repeats when the case is registered.
    pub repeat_of: Vec<String>,
}

/// A registered case with everything it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseDetail {
    pub id: i64,
    pub number: String,
    pub kind: CaseKind,
    pub channel: Channel,
    /// "YYYY-MM-DD HH:MM:SS", office local time.
    pub received_at: String,
    pub receiving_clerk: String,
    /// The receiving clerk's account (None for cases from before accounts,
    /// or imported from a ledger).
    pub receiving_clerk_id: Option<i64>,
    pub anonymous: bool,
    /// Only for anonymous cases: the code printed on the receipt.
    pub query_code: Option<String>,
    pub complainants: Vec<Person>,
    pub accused: Vec<Accused>,
    pub category: String,
    pub category_label: String,
    pub handling_department: String,
    pub severity: Severity,
    pub occurred_when: String,
    pub occurred_where: String,
    pub matter: String,
    pub facts: String,
    pub request: String,
    pub evidence: Vec<String>,
    pub witnesses: Vec<Witness>,
    /// 答复方式 the complainant asked for ("" = not said).
    #[serde(default)]
    pub reply_method: String,
    pub status: Status,
    pub created_at: String,
    pub updated_at: String,
    /// Goes up by one with every change; a write made on an older view of
    /// the case is refused instead of overwriting what someone else did.
    pub version: i64,
    /// The number the case had in the office's old register ("" unless imported).
    #[serde(default)]
    pub legacy_number: String,
    pub history: Vec<HistoryEntry>,
    /// Handling records (interviews, evidence, defence, findings, …), oldest first.
    pub records: Vec<CaseRecord>,
    /// Related cases and repeats of earlier ones.
    pub links: Vec<CaseLink>,
}

/// A link from this case to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseLink {
    pub other_id: i64,
    pub other_number: String,
    /// "related" or "repeat" (this case repeats the other, earlier one).
    pub kind: String,
}

/// One row of the register list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseSummary {
    pub id: i64,
    pub number: String,
    pub kind: CaseKind,
    pub channel: Channel,
    pub received_at: String,
    pub anonymous: bool,
    /// Complainant names joined with "、" ("匿名" when anonymous).
    pub complainant: String,
    pub accused: String,
    pub category: String,
    pub category_label: String,
    pub severity: Severity,
    pub matter: String,
    pub status: Status,
    /// The next unmet deadline of an open case ("YYYY-MM-DD HH:MM:SS").
    pub next_due_at: Option<String>,
    pub due_state: Option<DueState>,
    pub due_label: Option<String>,
}

/// One append-only history row: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    ReceivedDesc,
    ReceivedAsc,
    NumberAsc,
    NumberDesc,
    SeverityDesc,
}

/// Search, filters, sort and paging of the register list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    /// Substring of a name, the matter, the facts or the number.
    pub text: String,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
    /// Inclusive "YYYY-MM-DD".
    pub received_from: Option<String>,
    /// Inclusive "YYYY-MM-DD".
    pub received_to: Option<String>,
    pub sort: SortKey,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            text: String::new(),
            kind: None,
            status: None,
            category: None,
            channel: None,
            received_from: None,
            received_to: None,
            sort: SortKey::default(),
            page: 1,
            page_size: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// What a query code reveals: the case's progress and nothing about people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueryCodeView {
    pub number: String,
    pub kind: CaseKind,
    pub received_date: String,
    pub status: Status,
}

/// The letterhead logo as the settings show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct LogoInfo {
    pub width: u32,
    pub height: u32,
    /// File size in bytes.
    pub size: usize,
}

/// The office as it appears on every document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OfficeInfo {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// The letterhead logo (PNG or JPEG bytes, checked when it was stored);
    /// loaded for documents only, never sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub logo: Option<std::sync::Arc<Vec<u8>>>,
}
