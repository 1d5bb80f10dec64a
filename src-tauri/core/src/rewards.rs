//! Whistleblower rewards (seed 002 篇九 第二十八、二十九条) and the handlers'
//! accountability (第三十至三十二条), computed exactly in fen and basis points.
//!
//! Rounding rule: a rate's lower bound is rounded UP to the fen and its upper
//! bound DOWN, so every amount in the allowed range honours the rate exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{DeskError, FieldError, Result};
use crate::model::CaseKind;
use crate::money::{parse_amount, split_evenly, Bp, Fen};
use crate::register::{append_history, Register};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub min_fen: i64,
    pub max_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardPolicy {
    pub preset: String,
    /// "split" (evenly among the reporters) or "first" (the first reporter).
    pub multiple_reporters: String,
    pub rules: Vec<RewardRule>,
    pub discretionary_bands: Vec<Band>,
}

const PRESETS: &str = include_str!("../presets/rewards.json");

/// The shipped reward presets: "enterprise" and "market_regulation_2021".
pub fn reward_preset(id: &str) -> Result<RewardPolicy> {
    let all: BTreeMap<String, RewardPolicy> = serde_json::from_str(PRESETS)
        .map_err(|e| DeskError::Internal(format!("reward presets: {e}")))?;
    all.get(id)
        .cloned()
        .ok_or_else(|| DeskError::UnknownPreset(id.to_string()))
}

/// The amounts a proposer may choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RewardRange {
    pub rule: String,
    pub base: Fen,
    pub min: Fen,
    pub max: Fen,
    pub min_display: String,
    pub max_display: String,
}

/// What the register knows of the money involved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RewardState {
    pub proposal: Option<Proposal>,
    /// "proposed", "approved", "rejected", "paid", or "none".
    pub state: String,
    pub decided_by: Option<String>,
    pub payment: Option<Payment>,
    pub consent_to_publish: Option<bool>,
}

fn refuse(code: &'static str, zh: &str, en: &str) -> DeskError {
    DeskError::StepRefused {
        code,
        zh: zh.into(),
        en: en.into(),
    }
}

fn amount_field(field: &str, s: &str) -> Result<Fen> {
    if s.trim().is_empty() {
        return Ok(Fen(0));
    }
    parse_amount(field, s).map_err(|e| DeskError::Validation(vec![e]))
}

impl Register {
    /// The office's reward rules (enterprise until the administrator chooses).
    pub fn reward_policy(&self) -> Result<RewardPolicy> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'reward_preset'",
                [],
                |r| r.get(0),
            )
            .ok();
        reward_preset(id.as_deref().unwrap_or("enterprise"))
    }

    pub fn set_reward_preset(&mut self, id: &str, actor: &str) -> Result<RewardPolicy> {
        self.allow(crate::accounts::Perm::Administer)?;
        let p = reward_preset(id)?;
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('reward_preset', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [id],
        )?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "reward_preset_set",
            &serde_json::json!({"preset": id}),
        )?;
        tx.commit()?;
        Ok(p)
    }

    fn reward_records(&self, case_id: i64) -> Result<Vec<(String, serde_json::Value, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT kind, data, actor FROM case_records
             WHERE case_id = ?1 AND kind LIKE 'reward_%' ORDER BY id",
        )?;
        let rows = st
            .query_map([case_id], |r| {
                let data: String = r.get(1)?;
                Ok((
                    r.get::<_, String>(0)?,
                    serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn reward_state(&self, case_id: i64) -> Result<RewardState> {
        let mut st = RewardState {
            proposal: None,
            state: "none".into(),
            decided_by: None,
            payment: None,
            consent_to_publish: None,
        };
        for (kind, data, actor) in self.reward_records(case_id)? {
            match kind.as_str() {
                "reward_proposal" => {
                    st.proposal = serde_json::from_value(data).ok();
                    st.state = "proposed".into();
                    st.decided_by = None;
                    st.payment = None;
                }
                "reward_decision" => {
                    st.state = if data["approve"].as_bool() == Some(true) {
                        "approved".into()
                    } else {
                        "rejected".into()
                    };
                    st.decided_by = Some(actor);
                }
                "reward_payment" => {
                    st.payment = serde_json::from_value(data).ok();
                    st.state = "paid".into();
                }
                "reward_consent" => st.consent_to_publish = data["consent"].as_bool(),
                _ => {}
            }
        }
        Ok(st)
    }

    /// The allowed range for a rule and the typed amounts (for the form).
    pub fn reward_range(&self, input: &ProposalInput) -> Result<Option<RewardRange>> {
        let policy = self.reward_policy()?;
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
        let a = Amounts {
            fine: amount_field("fine", &input.fine)?,
            recovered: amount_field("recovered", &input.recovered)?,
            confiscated: amount_field("confiscated", &input.confiscated)?,
        };
        Ok(range(rule, a))
    }

    /// Proposes a reward: only for a report whose findings are substantiated
    /// or partly substantiated, and only an amount within the allowed range
    /// (or a discretionary amount within its band, with a reason).
    pub fn propose_reward(
        &mut self,
        case_id: i64,
        input: &ProposalInput,
        actor: &str,
    ) -> Result<Proposal> {
        self.allow(crate::accounts::Perm::ProposeReward)?;
        let case = self.get_case(case_id)?;
        if case.kind != CaseKind::Report {
            return Err(refuse(
                "reward_not_report",
                "只有举报案件才能申请奖励。",
                "Only a report (举报) can earn a reward.",
            ));
        }
        let substantiated = case
            .records
            .iter()
            .rev()
            .find(|r| r.kind == "findings")
            .and_then(|r| r.data["conclusion"].as_str())
            .is_some_and(|c| c == "substantiated" || c == "partly_substantiated");
        if !substantiated {
            return Err(refuse(
                "reward_not_substantiated",
                "举报经调查属实或部分属实后才能申请奖励：请先出具调查结论。",
                "A reward can be proposed only after the findings substantiate the report (fully or partly).",
            ));
        }
        let state = self.reward_state(case_id)?;
        if matches!(state.state.as_str(), "proposed" | "approved" | "paid") {
            return Err(refuse(
                "reward_exists",
                "本案已有奖励申请，请等待审批或在被驳回后重新申请。",
                "This case already has a reward proposal; wait for the decision or propose again after a rejection.",
            ));
        }
        let policy = self.reward_policy()?;
        let a = Amounts {
            fine: amount_field("fine", &input.fine)?,
            recovered: amount_field("recovered", &input.recovered)?,
            confiscated: amount_field("confiscated", &input.confiscated)?,
        };
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
            let range = self.reward_range(input)?.ok_or_else(|| {
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
        let reporters = case.complainants.len().max(1);
        let shares = if policy.multiple_reporters == "first" || reporters == 1 {
            vec![("举报人1".to_string(), amount)]
        } else {
            split_evenly(amount, reporters)
                .into_iter()
                .enumerate()
                .map(|(i, f)| (format!("举报人{}", i + 1), f))
                .collect()
        };
        let p = Proposal {
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
        };
        let json = serde_json::to_value(&p).map_err(|e| DeskError::Internal(e.to_string()))?;
        self.add_record(case_id, "reward_proposal", &json, actor)?;
        Ok(p)
    }

    /// The leader approves or rejects the proposed reward.
    pub fn decide_reward(
        &mut self,
        case_id: i64,
        approve: bool,
        comment: &str,
        actor: &str,
    ) -> Result<RewardState> {
        self.allow(crate::accounts::Perm::DecidePenaltiesAndRewards)?;
        if self.reward_state(case_id)?.state != "proposed" {
            return Err(refuse(
                "reward_not_proposed",
                "本案没有待审批的奖励申请。",
                "There is no reward proposal waiting for a decision.",
            ));
        }
        if !approve && comment.trim().is_empty() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "comment",
                "required",
                "驳回奖励申请须说明理由。",
                "Give the reason for rejecting the reward.",
            )]));
        }
        let json = serde_json::json!({"approve": approve, "comment": comment.trim()});
        self.add_record(case_id, "reward_decision", &json, actor)?;
        self.reward_state(case_id)
    }

    /// The management department records the payment — only once approved.
    pub fn record_reward_payment(
        &mut self,
        case_id: i64,
        p: &Payment,
        actor: &str,
    ) -> Result<RewardState> {
        self.allow(crate::accounts::Perm::PayReward)?;
        if self.reward_state(case_id)?.state != "approved" {
            return Err(refuse(
                "reward_not_approved",
                "奖励尚未经领导批准，不能发放。",
                "The reward has not been approved by the leader, so it cannot be paid.",
            ));
        }
        let mut errors = Vec::new();
        if chrono::NaiveDate::parse_from_str(p.paid_on.trim(), "%Y-%m-%d").is_err() {
            errors.push(FieldError::new(
                "paid_on",
                "date_invalid",
                "请按 2026-11-24 填写发放日期。",
                "Enter the payment date as 2026-11-24.",
            ));
        }
        for (field, value, zh, en) in [
            ("method", &p.method, "发放方式", "The payment method"),
            ("payer", &p.payer, "经办人", "The payer"),
            (
                "receipt_no",
                &p.receipt_no,
                "领取凭证号",
                "The receipt number",
            ),
        ] {
            if value.trim().is_empty() {
                errors.push(FieldError::new(
                    field,
                    "required",
                    format!("请填写{zh}。"),
                    format!("{en} is required."),
                ));
            }
        }
        let case = self.get_case(case_id)?;
        if case.anonymous {
            let given = crate::register::normalize_query_code(&p.query_code);
            if given.is_none() || given != case.query_code {
                errors.push(FieldError::new(
                    "query_code",
                    "query_code_mismatch",
                    "匿名举报人须凭受理回执上的查询码领取奖励；查询码不符。",
                    "An anonymous reporter claims with the query code on their receipt; this code does not match.",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        // The code proved the claim; it is not kept with the payment.
        let stored = Payment {
            query_code: if case.anonymous {
                "（已核验查询码）".into()
            } else {
                String::new()
            },
            ..p.clone()
        };
        let json = serde_json::to_value(&stored).map_err(|e| DeskError::Internal(e.to_string()))?;
        self.add_record(case_id, "reward_payment", &json, actor)?;
        self.reward_state(case_id)
    }

    /// The reporter's recorded consent (or refusal) to publish their name.
    pub fn record_publication_consent(
        &mut self,
        case_id: i64,
        consent: bool,
        actor: &str,
    ) -> Result<RewardState> {
        self.allow(crate::accounts::Perm::ProposeReward)?;
        self.add_record(
            case_id,
            "reward_consent",
            &serde_json::json!({"consent": consent}),
            actor,
        )?;
        self.reward_state(case_id)
    }

    /// The placeholders of the reward notice for this case's reward.
    pub fn reward_notice_extra(&self, case_id: i64) -> Result<BTreeMap<String, String>> {
        let st = self.reward_state(case_id)?;
        let p = match (st.state.as_str(), st.proposal) {
            ("approved" | "paid", Some(p)) => p,
            _ => {
                return Err(refuse(
                    "reward_not_approved",
                    "奖励经批准后才能出具奖励通知书。",
                    "The reward notice can be issued only after the reward is approved.",
                ))
            }
        };
        let mut extra = BTreeMap::new();
        extra.insert("reward_amount".into(), p.amount.plain());
        extra.insert("reward_amount_upper".into(), p.amount_upper);
        Ok(extra)
    }
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
