//! Whistleblower rewards (seed 002 篇九 第二十八、二十九条), computed exactly
//! in fen and basis points: the rules as data, the allowed range, the
//! proposal with its shares, and the reward's state folded from its records.
//!
//! Rounding rule: a rate's lower bound is rounded UP to the fen and its upper
//! bound DOWN, so every amount in the allowed range honours the rate exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use ts_rs::TS;

use crate::domain::money::{parse_amount, split_evenly, Bp, Fen};
use crate::error::{DeskError, FieldError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RewardRule {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    /// "fine", "recovered_or_fine" or "fine_and_confiscation".
    pub base: String,
    pub min_bp: i64,
    pub max_bp: i64,
    /// A floor in fen (0 = none).
    #[serde(default)]
    pub min_fen: i64,
    /// A cap in fen.
    #[serde(default)]
    pub max_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Band {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub min_fen: i64,
    pub max_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RewardPolicy {
    pub preset: String,
    /// "split" (evenly among the reporters) or "first" (the first reporter).
    pub multiple_reporters: String,
    pub rules: Vec<RewardRule>,
    pub discretionary_bands: Vec<Band>,
}

const PRESETS: &str = include_str!("../../presets/rewards.json");

/// The shipped reward presets: "enterprise" and "market_regulation_2021".
pub fn reward_preset(id: &str) -> Result<RewardPolicy> {
    let all: BTreeMap<String, RewardPolicy> = serde_json::from_str(PRESETS)
        .map_err(|e| DeskError::Internal(format!("reward presets: {e}")))?;
    all.get(id)
        .cloned()
        .ok_or_else(|| DeskError::UnknownPreset(id.to_string()))
}

/// The amounts a proposer may choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RewardRange {
    pub rule: String,
    pub base: Fen,
    pub min: Fen,
    pub max: Fen,
    pub min_display: String,
    pub max_display: String,
}

/// What the register knows of the money involved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Amounts {
    pub fine: Fen,
    pub recovered: Fen,
    pub confiscated: Fen,
}

/// The allowed range under `rule` for these amounts; None when the base is
/// zero (then only a discretionary amount is possible).
pub fn range(rule: &RewardRule, a: Amounts) -> Option<RewardRange> {
    let base = match rule.base.as_str() {
        "fine" => a.fine,
        "fine_and_confiscation" => Fen(a.fine.0 + a.confiscated.0),
        _ => {
            if a.recovered.0 > 0 {
                a.recovered
            } else {
                a.fine
            }
        }
    };
    if base.0 <= 0 {
        return None;
    }
    let mut min = base.times_ceil(Bp(rule.min_bp)).max(Fen(rule.min_fen));
    let mut max = base.times_floor(Bp(rule.max_bp)).max(Fen(rule.min_fen));
    if let Some(cap) = rule.max_fen {
        min = min.min(Fen(cap));
        max = max.min(Fen(cap));
    }
    Some(RewardRange {
        rule: rule.code.clone(),
        base,
        min,
        max,
        min_display: min.display(),
        max_display: max.display(),
    })
}

/// A proposal as the proposer fills it in (amounts as typed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ProposalInput {
    pub rule: String,
    pub fine: String,
    pub recovered: String,
    pub confiscated: String,
    /// The amount chosen ("" with a discretionary band).
    pub amount: String,
    /// A discretionary band when nothing was recovered and no fine imposed.
    pub band: String,
    pub reason: String,
}

/// A stored proposal with exact amounts and the shares per reporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Proposal {
    pub rule: String,
    pub amounts: Amounts,
    pub amount: Fen,
    pub amount_display: String,
    pub amount_upper: String,
    pub discretionary: bool,
    pub reason: String,
    /// (reporter label, share) — labels are "举报人1" etc., never names.
    pub shares: Vec<(String, Fen)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(default)]
pub struct Payment {
    pub paid_on: String,
    /// "cash", "bank_transfer", …
    pub method: String,
    pub payer: String,
    pub receipt_no: String,
    /// What the reporter chose to give (e.g. a name they chose); no more.
    pub recipient: String,
    /// An anonymous reporter claims with the query code from their receipt.
    pub query_code: String,
}

/// The state of a case's reward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RewardState {
    pub proposal: Option<Proposal>,
    /// "proposed", "approved", "rejected", "paid", or "none".
    pub state: String,
    pub decided_by: Option<String>,
    pub payment: Option<Payment>,
    pub consent_to_publish: Option<bool>,
}

impl RewardState {
    /// The reward of a case as its records tell it (oldest first).
    pub fn from_records(records: &[crate::domain::records::CaseRecord]) -> RewardState {
        use crate::domain::records::Record;
        let mut st = RewardState {
            proposal: None,
            state: "none".into(),
            decided_by: None,
            payment: None,
            consent_to_publish: None,
        };
        for r in records {
            match &r.record {
                Record::RewardProposal(p) => {
                    st.proposal = Some(p.clone());
                    st.state = "proposed".into();
                    st.decided_by = None;
                    st.payment = None;
                }
                Record::RewardDecision(d) => {
                    st.state = if d.approve { "approved" } else { "rejected" }.into();
                    st.decided_by = Some(r.actor.clone());
                }
                Record::RewardPayment(p) => {
                    st.payment = Some(p.clone());
                    st.state = "paid".into();
                }
                Record::RewardConsent(c) => st.consent_to_publish = Some(c.consent),
                _ => {}
            }
        }
        st
    }
}

fn refuse(code: &'static str, zh: &str, en: &str) -> DeskError {
    DeskError::refused(code, zh, en)
}

/// An amount as typed ("" = 0), or the field's error.
pub fn amount_field(field: &str, s: &str) -> Result<Fen> {
    if s.trim().is_empty() {
        return Ok(Fen(0));
    }
    parse_amount(field, s).map_err(|e| DeskError::Validation(vec![e]))
}

/// The allowed range for a proposal as typed.
pub fn range_for(policy: &RewardPolicy, input: &ProposalInput) -> Result<Option<RewardRange>> {
    let rule = policy
        .rules
        .iter()
        .find(|r| r.code == input.rule)
        .ok_or_else(|| {
            DeskError::Validation(vec![FieldError::new(
                "rule",
                "unknown_rule",
                "请选择奖励标准。",
                "Choose the reward rule.",
            )])
        })?;
    Ok(range(rule, amounts_of(input)?))
}

fn amounts_of(input: &ProposalInput) -> Result<Amounts> {
    Ok(Amounts {
        fine: amount_field("fine", &input.fine)?,
        recovered: amount_field("recovered", &input.recovered)?,
        confiscated: amount_field("confiscated", &input.confiscated)?,
    })
}

/// What a case must be for a reward to be proposed.
pub struct RewardCase<'a> {
    pub is_report: bool,
    /// The conclusion of its latest findings.
    pub conclusion: Option<crate::domain::records::Conclusion>,
    pub state: &'a RewardState,
    /// How many reporters share the reward (at least 1).
    pub reporters: usize,
}

/// Checks and computes a proposal: only a substantiated report without a
/// pending or granted reward; the amount inside the rule's range or the
/// chosen discretionary band (with a reason); shares split exactly.
pub fn propose(
    policy: &RewardPolicy,
    case: &RewardCase,
    input: &ProposalInput,
) -> Result<Proposal> {
    if !case.is_report {
        return Err(refuse(
            "reward_not_report",
            "只有举报案件才能申请奖励。",
            "Only a report (举报) can earn a reward.",
        ));
    }
    if !case.conclusion.is_some_and(|c| c.substantiates()) {
        return Err(refuse(
            "reward_not_substantiated",
            "举报经调查属实或部分属实后才能申请奖励：请先出具调查结论。",
            "A reward can be proposed only after the findings substantiate the report (fully or partly).",
        ));
    }
    if matches!(case.state.state.as_str(), "proposed" | "approved" | "paid") {
        return Err(refuse(
            "reward_exists",
            "本案已有奖励申请，请等待审批或在被驳回后重新申请。",
            "This case already has a reward proposal; wait for the decision or propose again after a rejection.",
        ));
    }
    let a = amounts_of(input)?;
    let (amount, discretionary) = if !input.band.trim().is_empty() {
        let band = policy
            .discretionary_bands
            .iter()
            .find(|b| b.code == input.band)
            .ok_or_else(|| {
                DeskError::Validation(vec![FieldError::new(
                    "band",
                    "unknown_band",
                    "请选择酌定奖励的档次。",
                    "Choose the discretionary band.",
                )])
            })?;
        if input.reason.trim().is_empty() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "reason",
                "required",
                "酌定奖励须说明理由（情节轻重或线索价值）。",
                "A discretionary reward needs a reason (seriousness or value of the lead).",
            )]));
        }
        let amount = amount_field("amount", &input.amount)?;
        if amount.0 < band.min_fen || amount.0 > band.max_fen {
            return Err(out_of_range(Fen(band.min_fen), Fen(band.max_fen)));
        }
        (amount, true)
    } else {
        let range = range_for(policy, input)?.ok_or_else(|| {
            DeskError::Validation(vec![FieldError::new(
                "fine",
                "no_base",
                "没有罚款或追回金额时不能按比例计奖，请选择酌定奖励档次并说明理由。",
                "With no fine and nothing recovered, choose a discretionary band and give a reason.",
            )])
        })?;
        let amount = amount_field("amount", &input.amount)?;
        if amount < range.min || amount > range.max {
            return Err(out_of_range(range.min, range.max));
        }
        (amount, false)
    };
    let reporters = case.reporters.max(1);
    let shares = if policy.multiple_reporters == "first" || reporters == 1 {
        vec![("举报人1".to_string(), amount)]
    } else {
        split_evenly(amount, reporters)
            .into_iter()
            .enumerate()
            .map(|(i, f)| (format!("举报人{}", i + 1), f))
            .collect()
    };
    Ok(Proposal {
        rule: if discretionary {
            input.band.clone()
        } else {
            input.rule.clone()
        },
        amounts: a,
        amount,
        amount_display: amount.display(),
        amount_upper: amount.upper(),
        discretionary,
        reason: input.reason.trim().to_string(),
        shares,
    })
}

fn out_of_range(min: Fen, max: Fen) -> DeskError {
    DeskError::Validation(vec![FieldError::new(
        "amount",
        "out_of_range",
        format!("奖励金额须在 {} 至 {} 之间。", min.display(), max.display()),
        format!(
            "The reward must be between {} and {}.",
            min.display(),
            max.display()
        ),
    )])
}
