//! Handling a case after intake: the workflow steps, the investigation
//! records, clock stops and extensions, recusal, links, attachments, the
//! due board — and what the viewer may do next on a case.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::cases::{self, CaseId, CaseView};
use crate::api::{ops, Bytes, CaseOp, Ctx, Read, Write};
use crate::domain::case::CaseDetail;
use crate::domain::deadlines::DeadlineView;
use crate::domain::masking;
use crate::domain::records::{
    Comment, Decision, Defence, Evidence, Extension, FollowUp, Findings, Interview,
    InvestigationMode, NoFollowUp, NotAccept, NoticeSent, PauseRecord, Record, Recusal, Reply,
    Satisfaction, SiteCheck,
};
use crate::domain::roles::{self, CaseScope, Part, Perm, Role, Standing, Viewer};
use crate::domain::validate::{self, day, moment};
use crate::domain::workflow::{self, CaseFacts, Status, Step};
use crate::error::{DeskError, FieldError, Result};
use crate::store::{self, attachments, cases as scases, participants, records, settings, users};

fn refused(r: workflow::Refusal) -> DeskError {
    DeskError::StepRefused {
        code: r.code,
        zh: r.zh,
        en: r.en,
    }
}

fn need(field: &str, value: &str, zh: &str, en: &str, max: usize) -> Result<String> {
    validate::text(field, (zh, en), value, true, max, true)
}

fn optional(field: &str, value: &str, zh: &str, en: &str, max: usize) -> Result<String> {
    validate::text(field, (zh, en), value, false, max, true)
}

/// Takes one workflow step, if the rules allow it: the record, the new
/// status, the history entry named after it.
fn step(ctx: &Ctx, case_id: i64, step: Step, record: Record, then: impl FnOnce(&mut Write) -> Result<()>) -> Result<CaseView> {
    ctx.write(|w| {
        let head = scases::head(w.tx, case_id)?;
        let policy = settings::policy(w.tx)?;
        let recs = records::of_case(w.tx, case_id)?;
        let facts = CaseFacts::from_records(&recs, head.severity, &policy);
        let mut next = workflow::next(head.status, step, &facts).map_err(refused)?;
        if let Record::FollowUp(FollowUp {
            satisfaction: Satisfaction::Dissatisfied,
            ..
        }) = &record
        {
            next = if policy.dissatisfied == "reopen" {
                Status::Investigating
            } else {
                Status::Escalated
            };
        }
        let actor = w.actor().to_string();
        records::insert(w.tx, case_id, &record, &w.now_text(), &actor)?;
        scases::set_status(w.tx, case_id, next)?;
        w.audit(Some(case_id), next.code(), record.data());
        if let Record::Review(r) = &record {
            if r.mode == InvestigationMode::Commissioned {
                w.audit(Some(case_id), "commissioned", record.data());
            }
        }
        then(w)
    })?;
    cases::view_case(ctx, case_id)
}

/// Adds a record that is not a step (interview, evidence, …).
fn add(ctx: &Ctx, case_id: i64, record: Record) -> Result<CaseView> {
    ctx.write(|w| add_in(w, case_id, record))?;
    cases::view_case(ctx, case_id)
}

fn add_in(w: &mut Write, case_id: i64, record: Record) -> Result<()> {
    let head = scases::head(w.tx, case_id)?;
    if !head.status.is_open() {
        return Err(closed(&head.number));
    }
    let actor = w.actor().to_string();
    records::insert(w.tx, case_id, &record, &w.now_text(), &actor)?;
    w.audit(Some(case_id), record.kind(), record.data());
    Ok(())
}

fn closed(number: &str) -> DeskError {
    DeskError::refused(
        "case_closed",
        format!("案件{number}已办结（归档或不予受理），不能再添加办理记录。"),
        format!("Case {number} is closed (archived or not accepted); no more records can be added."),
    )
}

pub(crate) fn accept(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional("comment", &op.input.comment, "说明", "The comment", 2000)?;
    step(ctx, op.case_id, Step::Accept, Record::Accept(Comment { comment }), |_| Ok(()))
}

pub(crate) fn not_accept(ctx: &Ctx, op: CaseOp<NotAccept>) -> Result<CaseView> {
    let reason = need("reason", &op.input.reason, "不予受理的具体理由", "The reason", 2000)?;
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
    let department = need("department", &i.department, "承办部门", "The handling department", 100)?;
    let comment = optional("comment", &i.comment, "审核意见", "The comment", 2000)?;
    validate::bounded("inspector_ids", ("调查人员", "Inspectors"), &i.inspector_ids, 20)?;
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
            let u = users::by_id(r.conn, *id).ok().filter(|u| u.active).ok_or_else(|| {
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
    let responsibility = optional("responsibility", &f.responsibility, "责任认定", "The responsibility", 5_000)?;
    validate::bounded("proposals", ("处理建议", "Proposals"), &f.proposals, PROPOSALS.len())?;
    if let Some(p) = f.proposals.iter().find(|p| !PROPOSALS.contains(&p.as_str())) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "proposals",
            "invalid",
            format!("未知的处理建议“{}”。", p.chars().take(20).collect::<String>()),
            format!("Unknown proposal \"{}\".", p.chars().take(20).collect::<String>()),
        )]));
    }
    let due = if f.proposals.iter().any(|p| p == "rectification") {
        let due = f.rectification_due.as_deref().unwrap_or("");
        need("rectification_due", due, "整改期限", "The rectification deadline", 20)?;
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
    let comment = optional("comment", &op.input.comment, "审批意见", "The comment", 2000)?;
    let d = decision(ctx, comment)?;
    let me = ctx.viewer()?.user_id;
    step(ctx, op.case_id, Step::Approve, Record::Approval(d), |w| {
        participants::add(w.tx, op.case_id, me, Part::Leader)
    })
}

pub(crate) fn reject(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need("comment", &op.input.comment, "退回理由", "The reason for sending back", 2000)?;
    let d = decision(ctx, comment)?;
    let me = ctx.viewer()?.user_id;
    step(ctx, op.case_id, Step::RejectFindings, Record::Rejection(d), |w| {
        participants::add(w.tx, op.case_id, me, Part::Leader)
    })
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
    let summary = need("summary", &op.input.summary, "答复内容摘要", "The reply summary", 5_000)?;
    step(ctx, op.case_id, Step::Reply, Record::Reply(Reply { method, summary }), |_| Ok(()))
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
    let reason = need("reason", &op.input.reason, "无法回访的原因", "Why no follow-up is possible", 2000)?;
    step(ctx, op.case_id, Step::FollowUp, Record::NoFollowUp(NoFollowUp { reason }), |_| Ok(()))
}

pub(crate) fn escalate(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need("comment", &op.input.comment, "说明", "A comment", 2000)?;
    step(ctx, op.case_id, Step::Escalate, Record::Escalation(Comment { comment }), |_| Ok(()))
}

pub(crate) fn reopen(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = need("comment", &op.input.comment, "说明", "A comment", 2000)?;
    step(ctx, op.case_id, Step::Reopen, Record::Reopen(Comment { comment }), |_| Ok(()))
}

pub(crate) fn archive(ctx: &Ctx, op: CaseOp<Comment>) -> Result<CaseView> {
    let comment = optional("comment", &op.input.comment, "说明", "The comment", 2000)?;
    step(ctx, op.case_id, Step::Archive, Record::Archive(Comment { comment }), |_| Ok(()))
}

/// The accused side's defence, or that they declined after being asked.
pub(crate) fn defence(ctx: &Ctx, op: CaseOp<Defence>) -> Result<CaseView> {
    let d = op.input;
    let asked = day("asked_on", &d.asked_on)?;
    let statement = if d.declined {
        optional("statement", &d.statement, "申辩内容", "The statement", 20_000)?
    } else {
        need("statement", &d.statement, "申辩内容", "The statement", 20_000)?
    };
    let rec = Record::Defence(Defence {
        asked_on: asked.to_string(),
        declined: d.declined,
        statement,
    });
    add(ctx, op.case_id, rec)
}

pub(crate) fn interview(ctx: &Ctx, op: CaseOp<Interview>) -> Result<CaseView> {
    let i = op.input;
    let at = moment("at", &i.at)?;
    let interviewer = need("interviewer", &i.interviewer, "谈话人", "The interviewer", 50)?;
    let recorder = optional("recorder", &i.recorder, "记录人", "The recorder", 50)?;
    let interviewee = need("interviewee", &i.interviewee, "被谈话人", "The interviewee", 50)?;
    let place = optional("place", &i.place, "谈话地点", "The place", 200)?;
    validate::bounded(
        "questions_and_answers",
        ("问答", "Questions and answers"),
        &i.questions_and_answers,
        500,
    )?;
    if i.questions_and_answers.is_empty() {
        need("questions_and_answers", "", "问答内容", "Questions and answers", 1)?;
    }
    let mut qa = Vec::new();
    for (n, q) in i.questions_and_answers.iter().enumerate() {
        qa.push(crate::domain::records::QuestionAnswer {
            question: optional(&format!("questions_and_answers[{n}].question"), &q.question, "问题", "The question", 5_000)?,
            answer: optional(&format!("questions_and_answers[{n}].answer"), &q.answer, "回答", "The answer", 20_000)?,
        });
    }
    let role = i.role.trim().to_string();
    if !matches!(role.as_str(), "" | "complainant" | "accused" | "witness" | "other") {
        return Err(DeskError::Validation(vec![FieldError::new(
            "role",
            "invalid",
            "被谈话人身份只能是投诉（举报）人、被投诉（举报）人、证人或其他人员。",
            "The interviewee is the complainant, the accused, a witness or other.",
        )]));
    }
    let rec = Record::Interview(Interview {
        at: at.format("%Y-%m-%d %H:%M").to_string(),
        place,
        interviewer,
        recorder,
        interviewee,
        role,
        questions_and_answers: qa,
        signed: i.signed,
    });
    add(ctx, op.case_id, rec)
}

/// A file sent with an input (evidence, a scanned letter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// The largest attachment one record takes.
pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct EvidenceInput {
    pub evidence: Evidence,
    pub file: Option<Upload>,
}

/// Stores an attached file with its SHA-256 (inside the register once it
/// is encrypted); returns (stored as, name, hash, size).
pub(crate) fn store_upload(w: &Write, case_id: i64, up: &Upload) -> Result<(String, String, String, u64)> {
    let bytes = &up.bytes.0;
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(DeskError::Validation(vec![FieldError::new(
            "file",
            "too_large",
            format!("附件最大 {} MB。", MAX_ATTACHMENT_BYTES / 1_048_576),
            format!("An attachment may have at most {} MB.", MAX_ATTACHMENT_BYTES / 1_048_576),
        )]));
    }
    let hash = store::history::sha256_hex(bytes);
    let name = attachments::safe_file_name(&up.name);
    let rel = format!("{case_id}/{}-{name}", &hash[..16]);
    attachments::put(w.tx, w.store.path(), &rel, bytes, w.store.key().is_some())?;
    Ok((rel, name, hash, bytes.len() as u64))
}

pub(crate) fn evidence(ctx: &Ctx, op: CaseOp<EvidenceInput>) -> Result<CaseView> {
    let e = op.input.evidence;
    let description = need("description", &e.description, "证据名称或说明", "The description", 500)?;
    let source = optional("source", &e.source, "来源", "The source", 200)?;
    let obtained = validate::optional_day("obtained_on", &e.obtained_on)?;
    let file = op.input.file;
    ctx.write(|w| {
        let mut rec = Evidence {
            description,
            source,
            obtained_on: obtained.map(|d| d.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        if let Some(up) = &file {
            let (rel, name, hash, size) = store_upload(w, op.case_id, up)?;
            rec.file_name = Some(name);
            rec.sha256 = Some(hash);
            rec.size = Some(size);
            rec.stored_as = Some(rel);
        }
        add_in(w, op.case_id, Record::Evidence(rec))
    })?;
    cases::view_case(ctx, op.case_id)
}

pub(crate) fn site_check(ctx: &Ctx, op: CaseOp<SiteCheck>) -> Result<CaseView> {
    let s = op.input;
    let at = moment("at", &s.at)?;
    let place = need("place", &s.place, "核查地点", "The place", 200)?;
    let findings = need("findings", &s.findings, "核查情况", "What was found", 20_000)?;
    validate::bounded("inspectors", ("核查人", "Inspectors"), &s.inspectors, 20)?;
    let inspectors = s
        .inspectors
        .iter()
        .map(|n| optional("inspectors", n, "核查人", "The inspector", 50))
        .collect::<Result<Vec<_>>>()?;
    let rec = Record::SiteCheck(SiteCheck {
        at: at.format("%Y-%m-%d %H:%M").to_string(),
        place,
        inspectors,
        findings,
    });
    add(ctx, op.case_id, rec)
}

/// A conflict of interest: the user's own (no `user_id`), or — for those
/// who decide on cases — a handler's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct RecusalInput {
    pub user_id: Option<i64>,
    pub reason: String,
}

pub(crate) fn recusal(ctx: &Ctx, op: CaseOp<RecusalInput>) -> Result<CaseView> {
    let reason = need("reason", &op.input.reason, "回避理由", "The reason", 2000)?;
    let viewer = ctx.viewer()?.clone();
    let who = op.input.user_id.unwrap_or(viewer.user_id);
    ctx.write(|w| {
        if who != viewer.user_id {
            roles::require(&viewer, Perm::Decide, &settings::access_rules(w.tx)?)?;
        }
        let u = users::by_id(w.tx, who)?;
        participants::recuse(w.tx, op.case_id, who)?;
        add_in(
            w,
            op.case_id,
            Record::Recusal(Recusal {
                handler: u.display_name,
                user_id: Some(who),
                reason,
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct PauseInput {
    /// The first day the clock stands still ("YYYY-MM-DD").
    pub from: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ResumeInput {
    /// The day the clock runs again ("YYYY-MM-DD").
    pub on: String,
}

fn open_pause(recs: &[crate::domain::records::CaseRecord]) -> Option<PauseRecord> {
    let pauses: Vec<_> = crate::records_of!(recs, Pause).collect();
    let resumes = crate::records_of!(recs, Resume).count();
    (pauses.len() > resumes).then(|| pauses.last().map(|p| (*p).clone())).flatten()
}

pub(crate) fn pause(ctx: &Ctx, op: CaseOp<PauseInput>) -> Result<CaseView> {
    let from = day("from", &op.input.from)?;
    let reason = need("reason", &op.input.reason, "暂停计时的原因", "The reason for stopping the clock", 2000)?;
    ctx.write(|w| {
        if open_pause(&records::of_case(w.tx, op.case_id)?).is_some() {
            return Err(DeskError::refused(
                "already_paused",
                "本案计时已经暂停，请先恢复计时。",
                "The clock of this case is already stopped; resume it first.",
            ));
        }
        add_in(w, op.case_id, Record::Pause(PauseRecord { from, to: None, reason }))
    })?;
    cases::view_case(ctx, op.case_id)
}

/// Restarts the clock; the last paused day is the day before `on`.
pub(crate) fn resume(ctx: &Ctx, op: CaseOp<ResumeInput>) -> Result<CaseView> {
    let on = day("on", &op.input.on)?;
    ctx.write(|w| {
        let Some(p) = open_pause(&records::of_case(w.tx, op.case_id)?) else {
            return Err(DeskError::refused(
                "not_paused",
                "本案计时没有暂停，无需恢复。",
                "The clock of this case is not stopped.",
            ));
        };
        if on <= p.from {
            return Err(DeskError::Validation(vec![FieldError::new(
                "on",
                "date_order",
                format!("恢复计时的日期须晚于暂停日期（{}）。", p.from),
                format!("The clock must restart after the day it stopped ({}).", p.from),
            )]));
        }
        add_in(w, op.case_id, Record::Resume(PauseRecord { to: on.pred_opt(), ..p }))
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ExtensionInput {
    /// The new deadline ("YYYY-MM-DD").
    pub new_due: String,
    pub reason: String,
    /// When the complainant was told ("YYYY-MM-DD").
    pub notice_sent_on: String,
}

/// Extends the decision deadline within the policy's cap, with the date
/// the complainant was told.
pub(crate) fn extend(ctx: &Ctx, op: CaseOp<ExtensionInput>) -> Result<CaseView> {
    let reason = need("reason", &op.input.reason, "延期理由", "The reason for the extension", 2000)?;
    let new_due = day("new_due", &op.input.new_due)?;
    let notice = day("notice_sent_on", &op.input.notice_sent_on)?;
    ctx.write(|w| {
        let policy = settings::policy(w.tx)?;
        let rule = policy
            .deadlines
            .iter()
            .find(|r| r.max_extension.is_some())
            .ok_or_else(|| {
                DeskError::refused(
                    "no_extension",
                    "本单位制度没有可延期的期限。",
                    "The office's policy has no deadline that can be extended.",
                )
            })?;
        let cap = rule.max_extension.unwrap_or(rule.period);
        let inputs = store::derived::inputs(w.tx, op.case_id, w.now.date())?;
        let Some(start) = inputs.events.get(&rule.from).copied() else {
            return Err(DeskError::refused(
                "not_started",
                "该期限尚未开始计算，无需延期。",
                "That deadline has not started yet.",
            ));
        };
        let cal = settings::calendar(w.tx)?;
        let limit = crate::domain::deadline::due(start, cap, &cal, &inputs.pauses);
        if new_due > limit.at.date() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "new_due",
                "beyond_cap",
                format!(
                    "延期后的期限不能晚于{}（自收到之次日起最长{}）。",
                    limit.at.format("%Y年%m月%d日"),
                    cap.label_zh()
                ),
                format!(
                    "The extended deadline cannot be later than {} ({} at most).",
                    limit.at.format("%Y-%m-%d"),
                    cap.label_zh()
                ),
            )]));
        }
        add_in(
            w,
            op.case_id,
            Record::Extension(Extension {
                new_due,
                reason,
                notice_sent_on: notice,
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct LinkInput {
    pub other_number: String,
    /// "related", or "repeat" (this case repeats the other, earlier one).
    pub kind: String,
}

pub(crate) fn link(ctx: &Ctx, op: CaseOp<LinkInput>) -> Result<CaseView> {
    let kind = op.input.kind.trim().to_string();
    if kind != "related" && kind != "repeat" {
        return Err(DeskError::Validation(vec![FieldError::new(
            "kind",
            "invalid",
            "关联类型只能是“相关”或“重复投诉”。",
            "The link is either \"related\" or \"repeat\".",
        )]));
    }
    let number: String = op.input.other_number.trim().chars().take(40).collect();
    ctx.write(|w| {
        let Some(other) = scases::id_by_number(w.tx, &number)? else {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "not_found",
                format!("找不到编号为“{number}”的案件。"),
                format!("No case numbered \"{number}\"."),
            )]));
        };
        if other == op.case_id {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "self_link",
                "案件不能与自身关联。",
                "A case cannot be linked to itself.",
            )]));
        }
        scases::link(w.tx, op.case_id, other, &kind)?;
        w.audit(
            Some(op.case_id),
            "linked",
            serde_json::json!({"other": number, "kind": kind}),
        );
        w.touch(other);
        Ok(())
    })?;
    cases::view_case(ctx, op.case_id)
}

/// What checking an attachment's hash found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttachmentCheck {
    pub file_name: String,
    pub stored_as: String,
    /// "ok", "changed" or "missing"
    pub state: String,
}

/// Re-hashes every attached file of a case. File names are masked like
/// everything else for a viewer who does not see the identity.
pub(crate) fn verify_attachments(ctx: &Ctx, input: CaseId) -> Result<Vec<AttachmentCheck>> {
    ctx.read(|r| {
        let recs = records::of_case(r.conn, input.case_id)?;
        let mut out = Vec::new();
        for e in crate::records_of!(recs, Evidence) {
            let (Some(rel), Some(hash)) = (&e.stored_as, &e.sha256) else {
                continue;
            };
            let state = match attachments::get(r.conn, r.store.path(), rel)? {
                Some(bytes) if store::history::sha256_hex(&bytes) == *hash => "ok",
                Some(_) => "changed",
                None => "missing",
            };
            out.push(AttachmentCheck {
                file_name: e.file_name.clone().unwrap_or_default(),
                stored_as: rel.clone(),
                state: state.into(),
            });
        }
        if !cases::standing(r, input.case_id)?.sees_identity() {
            let people = scases::complainants(r.conn, input.case_id)?;
            let witnesses = scases::witnesses(r.conn, input.case_id)?;
            let pairs = masking::identity_pairs(&people, &witnesses);
            for c in &mut out {
                c.file_name = masking::replace_all(&c.file_name, &pairs);
                c.stored_as = masking::replace_all(&c.stored_as, &pairs);
            }
        }
        Ok(out)
    })
}

/// One open case's next deadline, for the due board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DueItem {
    pub case_id: i64,
    pub number: String,
    pub matter: String,
    pub status: Status,
    /// Who owns the case now: the inspectors once reviewed, else the receiving clerk.
    pub owner: String,
    pub deadline: DeadlineView,
}

impl DueItem {
    /// Whether a desk notification is due for this item (due today or overdue).
    pub fn needs_notice(&self) -> bool {
        matches!(
            self.deadline.state,
            crate::domain::deadlines::DueState::Overdue | crate::domain::deadlines::DueState::DueToday
        )
    }

    /// The title and body of the desktop notification for this item.
    pub fn notice_text(&self, lang: crate::error::Lang) -> (String, String) {
        let overdue = self.deadline.state == crate::domain::deadlines::DueState::Overdue;
        let title = match (overdue, lang) {
            (true, crate::error::Lang::Zh) => format!("已逾期：{}", self.number),
            (false, crate::error::Lang::Zh) => format!("今日到期：{}", self.number),
            (true, crate::error::Lang::En) => format!("Overdue: {}", self.number),
            (false, crate::error::Lang::En) => format!("Due today: {}", self.number),
        };
        let body = lang.pick(
            format!(
                "{}（{}）期限 {}，承办：{}",
                self.deadline.label_zh, self.matter, self.deadline.due_at, self.owner
            ),
            format!(
                "{} ({}) due {}, owner: {}",
                self.deadline.label_en, self.matter, self.deadline.due_at, self.owner
            ),
        );
        (title, body)
    }
}

/// Who owns a case now: the inspectors of its last review, else its clerk.
pub(crate) fn owner(conn: &rusqlite::Connection, case_id: i64) -> Result<String> {
    let recs = records::of_case(conn, case_id)?;
    if let Some(r) = crate::records_of!(recs, Review).last() {
        if !r.inspectors.is_empty() {
            return Ok(r.inspectors.join("、"));
        }
    }
    Ok(conn.query_row(
        "SELECT receiving_clerk FROM cases WHERE id = ?1",
        [case_id],
        |r| r.get(0),
    )?)
}

/// Every open case with an unmet deadline, soonest first (from the
/// materialised deadlines; the matter masked where the viewer may not see it).
pub(crate) fn due_board(ctx: &Ctx, _: ()) -> Result<Vec<DueItem>> {
    ctx.read(|r| due_items(r))
}

pub(crate) fn due_items(r: &Read) -> Result<Vec<DueItem>> {
    let viewer = r.viewer()?;
    let ids: Vec<(i64, bool)> = r
        .conn
        .prepare_cached(
            "SELECT id, clock_stopped FROM cases WHERE next_due_at IS NOT NULL
             AND status NOT IN ('archived', 'not_accepted') ORDER BY next_due_at, id",
        )?
        .query_map([], |x| Ok((x.get(0)?, x.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let all: Vec<i64> = ids.iter().map(|(i, _)| *i).collect();
    let visible = cases::visible_among(r.conn, viewer, &all)?;
    let mut out = Vec::new();
    for (id, _) in ids {
        let head = scases::head(r.conn, id)?;
        let Some(deadline) = crate::domain::deadlines::next_open(cases::case_deadlines(r, id)?) else {
            continue;
        };
        let case = scases::get(r.conn, id)?;
        let matter = if visible.contains(&id) {
            case.matter.clone()
        } else {
            let pairs = masking::identity_pairs(&case.complainants, &case.witnesses);
            masking::replace_all(&case.matter, &pairs)
        };
        out.push(DueItem {
            case_id: id,
            number: head.number,
            matter,
            status: head.status,
            owner: owner(r.conn, id)?,
            deadline,
        });
    }
    out.sort_by(|a, b| a.deadline.due_at.cmp(&b.deadline.due_at));
    Ok(out)
}

/// What the viewer may do on a case now: the operations (by name) the
/// rules, the viewer's roles and standing allow, and the documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Allowed {
    pub operations: Vec<String>,
    pub documents: Vec<String>,
}

/// The workflow step behind each step operation.
const STEP_OPS: [(&str, Step); 14] = [
    ("accept_case", Step::Accept),
    ("not_accept_case", Step::NotAccept),
    ("review_case", Step::Review),
    ("start_investigation", Step::StartInvestigation),
    ("write_findings", Step::WriteFindings),
    ("approve_findings", Step::Approve),
    ("reject_findings", Step::RejectFindings),
    ("record_reply", Step::Reply),
    ("record_follow_up", Step::FollowUp),
    ("record_no_follow_up", Step::FollowUp),
    ("escalate_case", Step::Escalate),
    ("reopen_case", Step::Reopen),
    ("archive_case", Step::Archive),
    ("record_not_accepted_notice", Step::Reply),
];

/// Case operations that add a record while the case is open.
const RECORD_OPS: [&str; 12] = [
    "record_defence",
    "record_interview",
    "record_evidence",
    "record_site_check",
    "declare_recusal",
    "extend_deadline",
    "link_cases",
    "propose_reward",
    "decide_reward",
    "pay_reward",
    "record_consent",
    "record_violation",
];

fn may(viewer: &Viewer, name: &str, standing: Standing, rules: &roles::AccessRules) -> bool {
    let Some(spec) = ops::spec(name) else {
        return false;
    };
    let perm_ok = spec.access.perm().is_none_or(|p| viewer.holds(p, rules));
    let scope_ok = match spec.access.scope() {
        None => true,
        Some(CaseScope::Any) => !standing.recused,
        Some(CaseScope::Participant) => standing.participant && !standing.recused,
    };
    perm_ok && scope_ok
}

pub(crate) fn allowed(r: &Read, viewer: &Viewer, case: &CaseDetail, standing: Standing) -> Result<Allowed> {
    let rules = settings::access_rules(r.conn)?;
    let Ok(policy) = settings::policy(r.conn) else {
        return Ok(Allowed::default());
    };
    let facts = CaseFacts::from_records(&case.records, case.severity, &policy);
    let mut ops_ok = Vec::new();
    for (name, step) in STEP_OPS {
        if !may(viewer, name, standing, &rules) {
            continue;
        }
        let ok = match name {
            "record_not_accepted_notice" => {
                case.status == Status::NotAccepted && !facts.not_accepted_notice_sent
            }
            "record_follow_up" | "record_no_follow_up" if facts.followed_up => false,
            _ => workflow::next(case.status, step, &facts).is_ok(),
        };
        if ok {
            ops_ok.push(name.to_string());
        }
    }
    if case.status.is_open() {
        let paused = open_pause(&case.records).is_some();
        for name in RECORD_OPS.iter().chain(["pause_clock", "resume_clock"].iter()) {
            let state_ok = match *name {
                "pause_clock" => !paused,
                "resume_clock" => paused,
                _ => true,
            };
            if state_ok && may(viewer, name, standing, &rules) {
                ops_ok.push(name.to_string());
            }
        }
    }
    if !standing.sees_identity() && may(viewer, "reveal_identity", standing, &rules) {
        ops_ok.push("reveal_identity".into());
    }
    if case.status == Status::Archived && may(viewer, "anonymise_case", standing, &rules) {
        ops_ok.push("anonymise_case".into());
    }
    let documents = if may(viewer, "issue_document", standing, &rules) {
        crate::api::documents::ALL_DOCUMENTS
            .iter()
            .map(|d| d.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let _ = Role::Admin;
    Ok(Allowed {
        operations: ops_ok,
        documents,
    })
}

