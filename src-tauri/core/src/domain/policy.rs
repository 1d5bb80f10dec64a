//! Office policy as data: categories with their routing, the receipt's
//! promise, and (later) the deadline rules. Presets ship as JSON; the office's
//! copy is stored in the register so the administrator can edit it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::case::{CaseKind, Severity};
use crate::domain::deadline::Period;
use crate::error::{DeskError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Which kinds of case may use it.
    pub kinds: Vec<CaseKind>,
    /// The handling department it routes to (承办部门).
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Policy {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    /// How the case will be handled, printed on the acknowledgement receipt.
    pub receipt_note_zh: String,
    pub categories: Vec<Category>,
    /// "From event E, N days/working days/hours, met when the case reaches step S."
    #[serde(default)]
    pub deadlines: Vec<DeadlineRule>,
    /// When the leader must approve the findings before the reply.
    #[serde(default)]
    pub approval: ApprovalRule,
    /// What a dissatisfied follow-up does: "escalate" (to the leader) or "reopen".
    #[serde(default = "default_dissatisfied")]
    pub dissatisfied: String,
}

fn default_dissatisfied() -> String {
    "escalate".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadlineRule {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    /// "received", or a workflow event ("reviewed", "findings", "commissioned", …).
    pub from: String,
    pub period: Period,
    /// The workflow event that meets the deadline.
    pub met_by: String,
    /// Other events that meet it too (e.g. "not_accepted" for a decision to accept).
    #[serde(default)]
    pub also_met_by: Vec<String>,
    /// Only for these severities (empty = all).
    #[serde(default)]
    pub severities: Vec<Severity>,
    /// How far an extension may reach, counted from the same start.
    #[serde(default)]
    pub max_extension: Option<Period>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApprovalRule {
    /// Severities that always need the leader's approval.
    #[serde(default)]
    pub severities: Vec<Severity>,
    /// Handling proposals that need it ("penalty", "judiciary", "reward").
    #[serde(default)]
    pub proposals: Vec<String>,
}

impl Policy {
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }
}

/// What the setup screen lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PresetInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
}

const PRESETS: &[(&str, &str)] = &[
    ("enterprise", include_str!("../../presets/enterprise.json")),
    ("hospital", include_str!("../../presets/hospital.json")),
    ("dealer", include_str!("../../presets/dealer.json")),
    ("financial", include_str!("../../presets/financial.json")),
    ("samr", include_str!("../../presets/samr.json")),
    (
        "eu_whistleblowing",
        include_str!("../../presets/eu_whistleblowing.json"),
    ),
];

/// The shipped preset with this id.
pub fn preset(id: &str) -> Result<Policy> {
    let (_, json) = PRESETS
        .iter()
        .find(|(pid, _)| *pid == id)
        .ok_or_else(|| DeskError::UnknownPreset(id.to_string()))?;
    serde_json::from_str(json).map_err(|e| DeskError::Internal(format!("preset {id}: {e}")))
}

pub fn presets() -> Vec<PresetInfo> {
    PRESETS
        .iter()
        .filter_map(|(id, _)| preset(id).ok())
        .map(|p| PresetInfo {
            id: p.id,
            name_zh: p.name_zh,
            name_en: p.name_en,
            description_zh: p.description_zh,
            description_en: p.description_en,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_preset_parses_and_routes_every_category() {
        for info in presets() {
            let p = preset(&info.id).unwrap();
            assert!(!p.categories.is_empty(), "{} has categories", p.id);
            for c in &p.categories {
                assert!(!c.department.is_empty(), "{} routes somewhere", c.code);
                assert!(!c.kinds.is_empty(), "{} applies to some kind", c.code);
            }
        }
        assert_eq!(presets().len(), PRESETS.len());
    }

    #[test]
    fn the_hospital_preset_routes_medical_fee_and_conduct_complaints() {
        let p = preset("hospital").unwrap();
        assert_eq!(p.category("medical").unwrap().department, "医教科");
        assert_eq!(p.category("fees").unwrap().department, "财务科");
        assert_eq!(p.category("conduct").unwrap().department, "综合办");
    }

    #[test]
    fn an_unknown_preset_is_refused_by_name() {
        assert!(matches!(preset("bank"), Err(DeskError::UnknownPreset(p)) if p == "bank"));
    }
}
