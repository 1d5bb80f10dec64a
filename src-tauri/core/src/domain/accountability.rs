//! Handlers' accountability (seed 002 篇九 第三十至三十二条): the rule's
//! violations with the sanction each suggests, and the flags raised on a
//! handler, as the leader sees them.

use serde::Serialize;
use ts_rs::TS;

use crate::domain::money::Fen;

/// (code, violation, sanction, fine in fen)
pub const RULES: &[(&str, &str, &str, i64)] = &[
    (
        "missed_deadline",
        "超过办理期限且未告知投诉人",
        "警告",
        10_000,
    ),
    ("leak", "泄露投诉（举报）人信息给被投诉人", "记过", 20_000),
    ("false_evidence", "诬告陷害、提供虚假证据", "记过", 20_000),
    ("obstruct", "隐瞒、阻挠调查", "记过", 20_000),
    ("retaliation", "打击报复", "记过", 50_000),
    (
        "retaliation_serious",
        "打击报复，情节严重",
        "除名并移交司法机关",
        0,
    ),
];

pub fn rule(code: &str) -> Option<&'static (&'static str, &'static str, &'static str, i64)> {
    RULES.iter().find(|r| r.0 == code)
}

/// "警告，罚款¥100.00"
pub fn suggestion(sanction: &str, fine: i64) -> String {
    if fine > 0 {
        format!("{sanction}，罚款{}", Fen(fine).display())
    } else {
        sanction.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Flag {
    pub id: i64,
    pub case_id: i64,
    pub number: String,
    pub deadline_code: String,
    /// The handler's name (the inspectors once reviewed, else the clerk).
    pub handler: String,
    pub rule: String,
    pub rule_zh: String,
    /// e.g. "警告，罚款¥100.00"
    pub suggested_zh: String,
    pub fine: Fen,
    pub note: String,
    pub raised_at: String,
    /// "raised", "confirmed" or "dismissed"
    pub state: String,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandlerStats {
    pub handler: String,
    pub open_cases: u64,
    pub deadlines_due: u64,
    pub deadlines_met_on_time: u64,
    /// On-time rate in basis points (None with no deadline due yet).
    pub on_time_bp: Option<i64>,
    pub flags_raised: u64,
    pub flags_confirmed: u64,
}
