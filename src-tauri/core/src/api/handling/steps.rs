//! The workflow steps: each a record, a new status and its history entry,
//! refused when the rules do not allow it.

use super::*;

pub(crate) fn accept(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional("comment", &op.input.comment, "说明", "The comment", 2000)?;
    step(
        ctx,
        op.case_id,
        Step::Accept,
        Record::Accept(Comment { comment }),
        |_| Ok(()),
    )
}

pub(crate) fn not_accept(ctx: &Ctx, op: CaseOp<NotAccept>) -> Result<CaseView> {
    let reason = need(
        "reason",
        &op.input.reason,
        "不予受理的具体理由",
        "The reason",
        2000,
    )?;
    let rec = Record::NotAccept(NotAccept {
        ground: op.input.ground,
        reason,
    });
    step(ctx, op.case_id, Step::NotAccept, rec, |_| Ok(()))
}

/// The written not-accepted notice went out.
pub(crate) fn not_accepted_notice(ctx: &Ctx, op: CaseOp<NoticeSent>) -> Result<CaseView> {
    let sent = day("sent_on", &op.input.sent_on)?;
    ctx.write(|w| {
        let head = scases::head(w.tx, op.case_id)?;
        if head.status != Status::NotAccepted {
            return Err(refused(workflow::Refusal {
                code: "step_not_allowed",
                zh: "只有不予受理的案件才需要发送不予受理告知书。".into(),
                en: "Only a case that was not accepted gets a not-accepted notice.".into(),
            }));
        }
        let rec = Record::NotAcceptedNotice(NoticeSent {
            sent_on: sent.to_string(),
        });
        let actor = w.actor().to_string();
        records::insert(w.tx, op.case_id, &rec, &w.now_text(), &actor)?;
        w.audit(Some(op.case_id), Status::NotAccepted.code(), rec.data());
        Ok(())
    })?;
    cases::view_case(ctx, op.case_id)
}

/// The department head's review: the mode, the inspectors (accounts), the
/// handling department.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReviewInput {
    pub mode: InvestigationMode,
    pub inspector_ids: Vec<i64>,
    pub department: String,
    #[serde(default)]
    pub comment: String,
}

pub(crate) fn review(ctx: &Ctx, op: CaseOp<ReviewInput>) -> Result<CaseView> {
    let i = &op.input;
    let department = need(
        "department",
        &i.department,
        "承办部门",
        "The handling department",
        100,
    )?;
    let comment = optional("comment", &i.comment, "审核意见", "The comment", 2000)?;
    validate::bounded(
        "inspector_ids",
        ("调查人员", "Inspectors"),
        &i.inspector_ids,
        20,
    )?;
    if i.inspector_ids.is_empty() {
        return Err(DeskError::Validation(vec![FieldError::new(
            "inspector_ids",
            "required",
            "请选择调查人员（督查员）。",
            "Choose an inspector.",
        )]));
    }
    let viewer = ctx.viewer()?.clone();
    let ids = i.inspector_ids.clone();
    let mode = i.mode;
    let rec = ctx.read(|r| {
        let mut names = Vec::new();
        let recused = participants::recused(r.conn, op.case_id)?;
        for id in &ids {
            let u = users::by_id(r.conn, *id)
                .ok()
                .filter(|u| u.active)
                .ok_or_else(|| {
                    DeskError::Validation(vec![FieldError::new(
                        "inspector_ids",
                        "unknown_user",
                        "调查人员须从本单位在用的用户中选择。",
                        "Inspectors are chosen from the office's active users.",
                    )])
                })?;
            if recused.contains(id) {
                return Err(roles::recused(&u.display_name));
            }
            names.push(u.display_name);
        }
        let rec = Record::Review(crate::domain::records::Review {
            reviewer: viewer.name.clone(),
            reviewer_id: Some(viewer.user_id),
            mode,
            inspectors: names,
            inspector_ids: ids.clone(),
            department: department.clone(),
            comment: comment.clone(),
        });
        Ok(rec)
    })?;
    step(ctx, op.case_id, Step::Review, rec, |w| {
        participants::add(w.tx, op.case_id, viewer.user_id, Part::Reviewer)?;
        for id in &ids {
            participants::add(w.tx, op.case_id, *id, Part::Inspector)?;
        }
        Ok(())
    })
}

pub(crate) fn start_investigation(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional("comment", &op.input.comment, "说明", "The comment", 2000)?;
    step(
        ctx,
        op.case_id,
        Step::StartInvestigation,
        Record::StartInvestigation(Comment { comment }),
        |_| Ok(()),
    )
}

/// The proposals findings may make.
const PROPOSALS: [&str; 6] = [
    "correction",
    "apology",
    "penalty",
    "judiciary",
    "rectification",
    "reward",
];

pub(crate) fn write_findings(ctx: &Ctx, op: CaseOp<Findings>) -> Result<CaseView> {
    let f = op.input;
    let facts = need("facts", &f.facts, "查明的事实", "The facts found", 20_000)?;
    let responsibility = optional(
        "responsibility",
        &f.responsibility,
        "责任认定",
        "The responsibility",
        5_000,
    )?;
    validate::bounded(
        "proposals",
        ("处理建议", "Proposals"),
        &f.proposals,
        PROPOSALS.len(),
    )?;
    if let Some(p) = f
        .proposals
        .iter()
        .find(|p| !PROPOSALS.contains(&p.as_str()))
    {
        return Err(DeskError::Validation(vec![FieldError::new(
            "proposals",
            "invalid",
            format!(
                "未知的处理建议“{}”。",
                p.chars().take(20).collect::<String>()
            ),
            format!(
                "Unknown proposal \"{}\".",
                p.chars().take(20).collect::<String>()
            ),
        )]));
    }
    let due = if f.proposals.iter().any(|p| p == "rectification") {
        let due = f.rectification_due.as_deref().unwrap_or("");
        need(
            "rectification_due",
            due,
            "整改期限",
            "The rectification deadline",
            20,
        )?;
        Some(day("rectification_due", due)?.to_string())
    } else {
        f.rectification_due
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| day("rectification_due", d).map(|d| d.to_string()))
            .transpose()?
    };
    let rec = Record::Findings(Findings {
        conclusion: f.conclusion,
        facts,
        responsibility,
        proposals: f.proposals,
        rectification_due: due,
        org_notice: f.org_notice,
    });
    step(ctx, op.case_id, Step::WriteFindings, rec, |_| Ok(()))
}

fn decision(ctx: &Ctx, comment: String) -> Result<Decision> {
    let v = ctx.viewer()?;
    Ok(Decision {
        approver: v.name.clone(),
        approver_id: Some(v.user_id),
        comment,
    })
}

pub(crate) fn approve(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional(
        "comment",
        &op.input.comment,
        "审批意见",
        "The comment",
        2000,
    )?;
    let d = decision(ctx, comment)?;
    let me = ctx.viewer()?.user_id;
    step(ctx, op.case_id, Step::Approve, Record::Approval(d), |w| {
        participants::add(w.tx, op.case_id, me, Part::Leader)
    })
}

pub(crate) fn reject(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need(
        "comment",
        &op.input.comment,
        "退回理由",
        "The reason for sending back",
        2000,
    )?;
    let d = decision(ctx, comment)?;
    let me = ctx.viewer()?.user_id;
    step(
        ctx,
        op.case_id,
        Step::RejectFindings,
        Record::Rejection(d),
        |w| participants::add(w.tx, op.case_id, me, Part::Leader),
    )
}

/// How a reply may be sent.
const REPLY_METHODS: [&str; 6] = ["letter", "email", "in_person", "phone", "sms", "query_code"];

pub(crate) fn reply(ctx: &Ctx, op: CaseOp<Reply>) -> Result<CaseView> {
    let method = op.input.method.trim().to_string();
    if !REPLY_METHODS.contains(&method.as_str()) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "method",
            "required",
            "请选择答复方式（书面、电子邮件、当面、电话、短信或查询码）。",
            "Choose the reply method (letter, e-mail, in person, phone, SMS or query code).",
        )]));
    }
    let summary = need(
        "summary",
        &op.input.summary,
        "答复内容摘要",
        "The reply summary",
        5_000,
    )?;
    step(
        ctx,
        op.case_id,
        Step::Reply,
        Record::Reply(Reply { method, summary }),
        |_| Ok(()),
    )
}

pub(crate) fn follow_up(ctx: &Ctx, op: CaseOp<FollowUp>) -> Result<CaseView> {
    let note = optional("note", &op.input.note, "回访记录", "The note", 5_000)?;
    let rec = Record::FollowUp(FollowUp {
        satisfaction: op.input.satisfaction,
        note,
    });
    step(ctx, op.case_id, Step::FollowUp, rec, |_| Ok(()))
}

pub(crate) fn no_follow_up(ctx: &Ctx, op: CaseOp<NoFollowUp>) -> Result<CaseView> {
    let reason = need(
        "reason",
        &op.input.reason,
        "无法回访的原因",
        "Why no follow-up is possible",
        2000,
    )?;
    step(
        ctx,
        op.case_id,
        Step::FollowUp,
        Record::NoFollowUp(NoFollowUp { reason }),
        |_| Ok(()),
    )
}

pub(crate) fn escalate(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need("comment", &op.input.comment, "说明", "A comment", 2000)?;
    step(
        ctx,
        op.case_id,
        Step::Escalate,
        Record::Escalation(Comment { comment }),
        |_| Ok(()),
    )
}

pub(crate) fn reopen(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need("comment", &op.input.comment, "说明", "A comment", 2000)?;
    step(
        ctx,
        op.case_id,
        Step::Reopen,
        Record::Reopen(Comment { comment }),
        |_| Ok(()),
    )
}

pub(crate) fn archive(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional("comment", &op.input.comment, "说明", "The comment", 2000)?;
    step(
        ctx,
        op.case_id,
        Step::Archive,
        Record::Archive(Comment { comment }),
        |_| Ok(()),
    )
}
