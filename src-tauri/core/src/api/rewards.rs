//! Whistleblower rewards: the office's rules, the allowed range, proposal →
//! the leader's approval → payment, consent to publish. The reward's state
//! shows the payee only to those who see the reporter's identity.

use std::collections::BTreeMap;

use crate::api::cases::{self, CaseId};
use crate::api::{CaseOp, Ctx};
use crate::domain::case::CaseKind;
use crate::domain::masking;
use crate::domain::query_code;
use crate::domain::records::{Consent, Record, RewardDecision};
use crate::domain::rewards::{
    self, Payment, ProposalInput, RewardPolicy, RewardRange, RewardState,
};
use crate::domain::validate;
use crate::error::{DeskError, FieldError, Result};
use crate::store::{cases as scases, records, settings};

fn stored_policy(conn: &rusqlite::Connection) -> Result<RewardPolicy> {
    let id = settings::get(conn, "reward_preset")?;
    rewards::reward_preset(id.as_deref().unwrap_or("enterprise"))
}

pub(crate) fn policy(ctx: &Ctx, _: ()) -> Result<RewardPolicy> {
    ctx.read(|r| stored_policy(r.conn))
}

pub(crate) fn set_preset(ctx: &Ctx, id: String) -> Result<RewardPolicy> {
    let id: String = id.trim().chars().take(64).collect();
    let p = rewards::reward_preset(&id)?;
    ctx.write(|w| {
        settings::put(w.tx, "reward_preset", &id)?;
        w.audit(None, "reward_preset_set", serde_json::json!({"preset": id}));
        Ok(())
    })?;
    Ok(p)
}

fn check_input(input: &ProposalInput) -> Result<()> {
    for (field, v) in [
        ("rule", &input.rule),
        ("fine", &input.fine),
        ("recovered", &input.recovered),
        ("confiscated", &input.confiscated),
        ("amount", &input.amount),
        ("band", &input.band),
    ] {
        if v.chars().count() > 40 {
            return Err(DeskError::Validation(vec![FieldError::new(
                field,
                "too_long",
                "金额或代码过长，请检查。",
                "The amount or code is too long; check it.",
            )]));
        }
    }
    validate::text(
        "reason",
        ("理由", "The reason"),
        &input.reason,
        false,
        2000,
        true,
    )?;
    Ok(())
}

pub(crate) fn range(ctx: &Ctx, input: ProposalInput) -> Result<Option<RewardRange>> {
    check_input(&input)?;
    ctx.read(|r| rewards::range_for(&stored_policy(r.conn)?, &input))
}

/// The reward of a case as the viewer may see it: the payee (a name the
/// reporter chose to give) only for those who see the reporter's identity.
pub(crate) fn state(ctx: &Ctx, input: CaseId) -> Result<RewardState> {
    ctx.read(|r| {
        let recs = records::of_case(r.conn, input.case_id)?;
        let mut st = RewardState::from_records(&recs);
        if !cases::standing(r, input.case_id)?.sees_identity() {
            if let Some(p) = st.payment.as_mut() {
                let people = scases::complainants(r.conn, input.case_id)?;
                let pairs = masking::identity_pairs(&people, &[]);
                p.recipient = if p.recipient.trim().is_empty() {
                    String::new()
                } else {
                    masking::mask_name(&masking::replace_all(&p.recipient, &pairs))
                };
                p.receipt_no = masking::replace_all(&p.receipt_no, &pairs);
            }
        }
        Ok(st)
    })
}

fn state_after(ctx: &Ctx, case_id: i64) -> Result<RewardState> {
    state(ctx, CaseId { case_id })
}

pub(crate) fn propose(ctx: &Ctx, op: CaseOp<ProposalInput>) -> Result<RewardState> {
    check_input(&op.input)?;
    ctx.write(|w| {
        let head = scases::head(w.tx, op.case_id)?;
        let recs = records::of_case(w.tx, op.case_id)?;
        let st = RewardState::from_records(&recs);
        let conclusion = crate::records_of!(recs, Findings)
            .last()
            .map(|f| f.conclusion);
        let reporters = scases::complainants(w.tx, op.case_id)?.len();
        let p = rewards::propose(
            &stored_policy(w.tx)?,
            &rewards::RewardCase {
                is_report: head.kind == CaseKind::Report,
                conclusion,
                state: &st,
                reporters,
            },
            &op.input,
        )?;
        add(w, op.case_id, Record::RewardProposal(p))
    })?;
    state_after(ctx, op.case_id)
}

fn add(w: &mut crate::api::Write, case_id: i64, rec: Record) -> Result<()> {
    let actor = w.actor().to_string();
    records::insert(w.tx, case_id, &rec, &w.now_text(), &actor)?;
    w.audit(Some(case_id), rec.kind(), rec.data());
    Ok(())
}

/// The leader approves or rejects the proposed reward.
pub(crate) fn decide(ctx: &Ctx, op: CaseOp<RewardDecision>) -> Result<RewardState> {
    let comment = validate::text(
        "comment",
        ("理由", "The reason"),
        &op.input.comment,
        !op.input.approve,
        2000,
        true,
    )
    .map_err(|_| {
        DeskError::Validation(vec![FieldError::new(
            "comment",
            "required",
            "驳回奖励申请须说明理由（最多2000字）。",
            "Give the reason for rejecting the reward (at most 2,000 characters).",
        )])
    })?;
    ctx.write(|w| {
        let st = RewardState::from_records(&records::of_case(w.tx, op.case_id)?);
        if st.state != "proposed" {
            return Err(DeskError::refused(
                "reward_not_proposed",
                "本案没有待审批的奖励申请。",
                "There is no reward proposal waiting for a decision.",
            ));
        }
        add(
            w,
            op.case_id,
            Record::RewardDecision(RewardDecision {
                approve: op.input.approve,
                comment,
            }),
        )
    })?;
    state_after(ctx, op.case_id)
}

/// The payment — only once approved; an anonymous reporter claims with the
/// query code from their receipt (checked, not kept).
pub(crate) fn pay(ctx: &Ctx, op: CaseOp<Payment>) -> Result<RewardState> {
    let p = op.input;
    let mut errors = Vec::new();
    if validate::day("paid_on", &p.paid_on).is_err() {
        errors.push(FieldError::new(
            "paid_on",
            "date_invalid",
            "请按 2026-11-24 填写发放日期（2000年至2100年）。",
            "Enter the payment date as 2026-11-24 (2000 to 2100).",
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
        if value.trim().is_empty() || value.chars().count() > 100 {
            errors.push(FieldError::new(
                field,
                "required",
                format!("请填写{zh}（最多100字）。"),
                format!("{en} is required (at most 100 characters)."),
            ));
        }
    }
    if p.recipient.chars().count() > 100 {
        errors.push(FieldError::new(
            "recipient",
            "too_long",
            "领取人最多100字。",
            "The recipient may have at most 100 characters.",
        ));
    }
    ctx.write(|w| {
        let st = RewardState::from_records(&records::of_case(w.tx, op.case_id)?);
        if st.state != "approved" {
            return Err(DeskError::refused(
                "reward_not_approved",
                "奖励尚未经领导批准，不能发放。",
                "The reward has not been approved by the leader, so it cannot be paid.",
            ));
        }
        let head = scases::head(w.tx, op.case_id)?;
        let mut errors = errors;
        if head.anonymous {
            let given = query_code::normalize(&p.query_code);
            if given.is_none() || given != scases::query_code(w.tx, op.case_id)? {
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
            query_code: if head.anonymous {
                "（已核验查询码）".into()
            } else {
                String::new()
            },
            paid_on: p.paid_on.trim().into(),
            method: p.method.trim().into(),
            payer: p.payer.trim().into(),
            receipt_no: p.receipt_no.trim().into(),
            recipient: p.recipient.trim().into(),
        };
        add(w, op.case_id, Record::RewardPayment(stored))
    })?;
    state_after(ctx, op.case_id)
}

/// The reporter's recorded consent (or refusal) to publish their name.
pub(crate) fn consent(ctx: &Ctx, op: CaseOp<Consent>) -> Result<RewardState> {
    ctx.write(|w| add(w, op.case_id, Record::RewardConsent(op.input.clone())))?;
    state_after(ctx, op.case_id)
}

/// The placeholders of the reward notice for this case's approved reward.
pub(crate) fn notice_extra(
    conn: &rusqlite::Connection,
    case_id: i64,
) -> Result<BTreeMap<String, String>> {
    let st = RewardState::from_records(&records::of_case(conn, case_id)?);
    let p = match (st.state.as_str(), st.proposal) {
        ("approved" | "paid", Some(p)) => p,
        _ => {
            return Err(DeskError::refused(
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
