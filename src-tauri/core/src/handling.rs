//! Handling a case after intake: workflow steps, investigation records,
//! pauses, extensions and the deadlines of the office's policy.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::deadline::{self, Pause};
use crate::error::{DeskError, FieldError, Result};
use crate::model::Severity;
use crate::policy::Policy;
use crate::register::{append_history, fmt_time, Register};
use crate::validate::parse_local_time;
use crate::workflow::{self, CaseFacts, Status, Step};

/// The five grounds for not accepting a complaint (seed 002 篇十六 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAcceptGround {
    /// Already taken to court.
    Court,
    /// Already handled by the petition office (信访).
    Petition,
    /// No clear target or facts.
    NoTarget,
    /// A criminal or public-security case already under investigation.
    Criminal,
    /// Outside the office's remit.
    OutsideRemit,
}

impl NotAcceptGround {
    pub fn label_zh(self) -> &'static str {
        match self {
            NotAcceptGround::Court => "投诉人已就投诉事项向人民法院起诉",
            NotAcceptGround::Petition => "投诉人已就投诉事项向信访部门反映并作出处理",
            NotAcceptGround::NoTarget => "没有明确的投诉对象和具体事实",
            NotAcceptGround::Criminal => "已经依法立案侦查的治安案件、刑事案件",
            NotAcceptGround::OutsideRemit => "不属于本单位投诉管理部门职权范围",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationMode {
    /// One inspector (督查员).
    Single,
    /// An investigation team led by the management department.
    Team,
    /// A commissioned investigation (reports within the policy's period).
    Commissioned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    Substantiated,
    PartlySubstantiated,
    Unfounded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    PartlySatisfied,
    Dissatisfied,
}

/// A workflow step with what it records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Action {
    Accept {
        #[serde(default)]
        comment: String,
    },
    NotAccept {
        ground: NotAcceptGround,
        reason: String,
    },
    /// The written not-accepted notice went out (date "YYYY-MM-DD").
    NotAcceptedNoticeSent {
        sent_on: String,
    },
    Review {
        reviewer: String,
        mode: InvestigationMode,
        inspectors: Vec<String>,
        department: String,
        #[serde(default)]
        comment: String,
    },
    StartInvestigation {
        #[serde(default)]
        comment: String,
    },
    WriteFindings {
        conclusion: Conclusion,
        facts: String,
        #[serde(default)]
        responsibility: String,
        /// "correction", "apology", "penalty", "judiciary", "rectification", "reward"
        #[serde(default)]
        proposals: Vec<String>,
        /// Rectification deadline "YYYY-MM-DD", when rectification is proposed.
        #[serde(default)]
        rectification_due: Option<String>,
        /// Notify the whole organisation (management problems).
        #[serde(default)]
        org_notice: bool,
    },
    Approve {
        approver: String,
        #[serde(default)]
        comment: String,
    },
    RejectFindings {
        approver: String,
        comment: String,
    },
    Reply {
        /// "letter", "email", "in_person", "phone", "query_code"
        method: String,
        summary: String,
    },
    FollowUp {
        satisfaction: Satisfaction,
        #[serde(default)]
        note: String,
    },
    /// No follow-up is possible (e.g. anonymous with no contact): the reason.
    NoFollowUp {
        reason: String,
    },
    Escalate {
        comment: String,
    },
    Reopen {
        comment: String,
    },
    Archive {
        #[serde(default)]
        comment: String,
    },
}

impl Action {
    fn step(&self) -> Option<Step> {
        Some(match self {
            Action::Accept { .. } => Step::Accept,
            Action::NotAccept { .. } => Step::NotAccept,
            Action::NotAcceptedNoticeSent { .. } => return None,
            Action::Review { .. } => Step::Review,
            Action::StartInvestigation { .. } => Step::StartInvestigation,
            Action::WriteFindings { .. } => Step::WriteFindings,
            Action::Approve { .. } => Step::Approve,
            Action::RejectFindings { .. } => Step::RejectFindings,
            Action::Reply { .. } => Step::Reply,
            Action::FollowUp { .. } | Action::NoFollowUp { .. } => Step::FollowUp,
            Action::Escalate { .. } => Step::Escalate,
            Action::Reopen { .. } => Step::Reopen,
            Action::Archive { .. } => Step::Archive,
        })
    }
    /// What the step needs (see [`crate::accounts::Perm`]).
    pub fn perm(&self) -> crate::accounts::Perm {
        use crate::accounts::Perm;
        match self {
            Action::Accept { .. }
            | Action::NotAccept { .. }
            | Action::Review { .. }
            | Action::Escalate { .. }
            | Action::Reopen { .. } => Perm::Decide,
            Action::StartInvestigation { .. } | Action::WriteFindings { .. } => Perm::Investigate,
            Action::Approve { .. } | Action::RejectFindings { .. } => Perm::Approve,
            Action::NotAcceptedNoticeSent { .. }
            | Action::Reply { .. }
            | Action::FollowUp { .. }
            | Action::NoFollowUp { .. }
            | Action::Archive { .. } => Perm::Close,
        }
    }

    fn record_kind(&self) -> &'static str {
        match self {
            Action::Accept { .. } => "accept",
            Action::NotAccept { .. } => "not_accept",
            Action::NotAcceptedNoticeSent { .. } => "not_accepted_notice",
            Action::Review { .. } => "review",
            Action::StartInvestigation { .. } => "start_investigation",
            Action::WriteFindings { .. } => "findings",
            Action::Approve { .. } => "approval",
            Action::RejectFindings { .. } => "rejection",
            Action::Reply { .. } => "reply",
            Action::FollowUp { .. } => "follow_up",
            Action::NoFollowUp { .. } => "no_follow_up",
            Action::Escalate { .. } => "escalation",
            Action::Reopen { .. } => "reopen",
            Action::Archive { .. } => "archive",
        }
    }
}

/// The accused side's defence (申辩), or their declining after being asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Defence {
    /// The date they were asked to state their side ("YYYY-MM-DD").
    pub asked_on: String,
    /// True when they declined or did not answer by the deadline.
    pub declined: bool,
    #[serde(default)]
    pub statement: String,
}

/// One interview (谈话笔录).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interview {
    /// "YYYY-MM-DD HH:MM"
    pub at: String,
    pub place: String,
    pub interviewer: String,
    pub recorder: String,
    pub interviewee: String,
    /// "complainant", "accused", "witness", "other"
    pub role: String,
    pub questions_and_answers: Vec<QuestionAnswer>,
    pub signed: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionAnswer {
    pub question: String,
    pub answer: String,
}

/// A pause of the clock (e.g. external testing or appraisal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseRecord {
    pub from: NaiveDate,
    /// None while the clock is still stopped.
    pub to: Option<NaiveDate>,
    pub reason: String,
}

/// An extension of the decision deadline, with the notice to the complainant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub new_due: NaiveDate,
    pub reason: String,
    pub notice_sent_on: NaiveDate,
}

/// A deadline of one case as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineView {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub period_zh: String,
    pub from_at: String,
    pub due_at: String,
    pub verified: bool,
    pub unknown_years: Vec<i32>,
    pub extended: bool,
    pub met_at: Option<String>,
    /// "met", "met_late", "overdue", "due_today", "due_this_week", "pending"
    pub state: String,
}

fn need_text(field: &str, value: &str, zh: &str, en: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(DeskError::Validation(vec![FieldError::new(
            field,
            "required",
            format!("请填写{zh}。"),
            format!("{en} is required."),
        )]));
    }
    Ok(())
}

fn parse_date_field(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        DeskError::Validation(vec![FieldError::new(
            field,
            "date_invalid",
            format!("日期“{s}”格式不正确，请按 2026-11-24 填写。"),
            format!("The date \"{s}\" is not valid; use the form 2026-11-24."),
        )])
    })
}

fn refused(r: workflow::Refusal) -> DeskError {
    DeskError::StepRefused {
        code: r.code,
        zh: r.zh,
        en: r.en,
    }
}

impl Register {
    fn status_of(&self, case_id: i64) -> Result<(Status, Severity)> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT status, severity FROM cases WHERE id = ?1",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (s, sev) = row.ok_or_else(|| DeskError::NotFound {
            what: "case",
            key: case_id.to_string(),
        })?;
        Ok((
            Status::from_code(&s).unwrap_or(Status::Registered),
            Severity::from_code(&sev).unwrap_or(Severity::Ordinary),
        ))
    }

    fn records(&self, case_id: i64, kind: &str) -> Result<Vec<(serde_json::Value, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT data, at FROM case_records WHERE case_id = ?1 AND kind = ?2 ORDER BY id",
        )?;
        let rows = st
            .query_map(params![case_id, kind], |r| {
                let data: String = r.get(0)?;
                Ok((
                    serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                    r.get::<_, String>(1)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(crate) fn add_record(
        &mut self,
        case_id: i64,
        kind: &str,
        data: &impl Serialize,
        actor: &str,
    ) -> Result<()> {
        self.status_of(case_id)?;
        let now = self.now_text();
        let json = serde_json::to_value(data).map_err(|e| DeskError::Internal(e.to_string()))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO case_records (case_id, kind, data, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case_id, kind, json.to_string(), now, actor],
        )?;
        append_history(&tx, Some(case_id), &now, actor, kind, &json)?;
        tx.execute(
            "UPDATE cases SET updated_at = ?2 WHERE id = ?1",
            params![case_id, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn facts(&self, case_id: i64, severity: Severity, policy: &Policy) -> Result<CaseFacts> {
        let defence_recorded = !self.records(case_id, "defence")?.is_empty();
        let findings = self.records(case_id, "findings")?;
        let approval_needed = policy.approval.severities.contains(&severity)
            || findings.last().is_some_and(|(f, _)| {
                f["proposals"].as_array().is_some_and(|ps| {
                    ps.iter().any(|p| {
                        p.as_str()
                            .is_some_and(|p| policy.approval.proposals.iter().any(|q| q == p))
                    })
                })
            });
        let last_findings_at = findings.last().map(|(_, at)| at.clone());
        let approved = self
            .records(case_id, "approval")?
            .last()
            .is_some_and(|(_, at)| Some(at) >= last_findings_at.as_ref());
        Ok(CaseFacts {
            defence_recorded,
            findings_exist: !findings.is_empty(),
            approval_needed,
            approved,
            replied: !self.records(case_id, "reply")?.is_empty(),
            followed_up: !self.records(case_id, "follow_up")?.is_empty()
                || !self.records(case_id, "no_follow_up")?.is_empty(),
            not_accepted_notice_sent: !self.records(case_id, "not_accepted_notice")?.is_empty(),
        })
    }

    /// Takes one workflow step, if the rules allow it; records who, when and what.
    pub fn act(&mut self, case_id: i64, action: &Action, actor: &str) -> Result<Status> {
        self.allow(action.perm())?;
        let policy = self.policy()?;
        let (status, severity) = self.status_of(case_id)?;
        self.check_action(action)?;
        let mut people = vec![actor];
        if let Action::Review {
            reviewer,
            inspectors,
            ..
        } = action
        {
            people.push(reviewer);
            people.extend(inspectors.iter().map(String::as_str));
        }
        self.refuse_recused(case_id, &people)?;
        let facts = self.facts(case_id, severity, &policy)?;
        let mut next = match action.step() {
            Some(step) => workflow::next(status, step, &facts).map_err(refused)?,
            None => {
                if status != Status::NotAccepted {
                    return Err(refused(workflow::Refusal {
                        code: "step_not_allowed",
                        zh: "只有不予受理的案件才需要发送不予受理告知书。".into(),
                        en: "Only a case that was not accepted gets a not-accepted notice.".into(),
                    }));
                }
                status
            }
        };
        if let Action::FollowUp {
            satisfaction: Satisfaction::Dissatisfied,
            ..
        } = action
        {
            next = if policy.dissatisfied == "reopen" {
                Status::Investigating
            } else {
                Status::Escalated
            };
        }
        let now = self.now_text();
        let json = serde_json::to_value(action).map_err(|e| DeskError::Internal(e.to_string()))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO case_records (case_id, kind, data, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case_id, action.record_kind(), json.to_string(), now, actor],
        )?;
        tx.execute(
            "UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![case_id, next.code(), now],
        )?;
        append_history(&tx, Some(case_id), &now, actor, next.code(), &json)?;
        if let Action::Review {
            mode: InvestigationMode::Commissioned,
            ..
        } = action
        {
            append_history(&tx, Some(case_id), &now, actor, "commissioned", &json)?;
        }
        // Who takes part in the case (and so may see the complainant's identity).
        match action {
            Action::Review {
                reviewer,
                inspectors,
                ..
            } => {
                crate::privacy::add_case_person(&tx, case_id, reviewer, "reviewer")?;
                crate::privacy::add_case_person(&tx, case_id, actor, "reviewer")?;
                for i in inspectors {
                    crate::privacy::add_case_person(&tx, case_id, i, "inspector")?;
                }
            }
            Action::Approve { approver, .. } | Action::RejectFindings { approver, .. } => {
                crate::privacy::add_case_person(&tx, case_id, approver, "leader")?;
                crate::privacy::add_case_person(&tx, case_id, actor, "leader")?;
            }
            _ => {}
        }
        tx.commit()?;
        Ok(next)
    }

    fn check_action(&self, action: &Action) -> Result<()> {
        match action {
            Action::NotAccept { reason, .. } => {
                need_text("reason", reason, "不予受理的具体理由", "The reason")
            }
            Action::NotAcceptedNoticeSent { sent_on } => {
                parse_date_field("sent_on", sent_on).map(|_| ())
            }
            Action::Review {
                reviewer,
                inspectors,
                department,
                ..
            } => {
                need_text("reviewer", reviewer, "审核人（部门负责人）", "The reviewer")?;
                need_text(
                    "department",
                    department,
                    "承办部门",
                    "The handling department",
                )?;
                if inspectors.iter().all(|i| i.trim().is_empty()) {
                    return need_text("inspectors", "", "调查人员（督查员）", "An inspector");
                }
                Ok(())
            }
            Action::WriteFindings {
                facts,
                proposals,
                rectification_due,
                ..
            } => {
                need_text("facts", facts, "查明的事实", "The facts found")?;
                if proposals.iter().any(|p| p == "rectification") {
                    let due = rectification_due.as_deref().unwrap_or("");
                    need_text(
                        "rectification_due",
                        due,
                        "整改期限",
                        "The rectification deadline",
                    )?;
                    parse_date_field("rectification_due", due)?;
                }
                Ok(())
            }
            Action::Approve { approver, .. } => {
                need_text("approver", approver, "审批人", "The approver")
            }
            Action::RejectFindings { approver, comment } => {
                need_text("approver", approver, "审批人", "The approver")?;
                need_text(
                    "comment",
                    comment,
                    "退回理由",
                    "The reason for sending back",
                )
            }
            Action::Reply { method, summary } => {
                need_text("method", method, "答复方式", "The reply method")?;
                need_text("summary", summary, "答复内容摘要", "The reply summary")
            }
            Action::NoFollowUp { reason } => need_text(
                "reason",
                reason,
                "无法回访的原因",
                "Why no follow-up is possible",
            ),
            Action::Escalate { comment } | Action::Reopen { comment } => {
                need_text("comment", comment, "说明", "A comment")
            }
            _ => Ok(()),
        }
    }

    /// Records the accused side's defence, or that they declined after being asked.
    pub fn record_defence(&mut self, case_id: i64, d: &Defence, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        self.refuse_recused(case_id, &[actor])?;
        parse_date_field("asked_on", &d.asked_on)?;
        if !d.declined {
            need_text("statement", &d.statement, "申辩内容", "The statement")?;
        }
        self.add_record(case_id, "defence", d, actor)
    }

    pub fn record_interview(&mut self, case_id: i64, i: &Interview, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        self.refuse_recused(case_id, &[actor, &i.interviewer, &i.recorder])?;
        if parse_local_time(&i.at).is_none() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "at",
                "time_invalid",
                "谈话时间格式不正确，请按“2026-11-24 09:30”填写。",
                "The interview time is not valid; use the form 2026-11-24 09:30.",
            )]));
        }
        need_text("interviewer", &i.interviewer, "谈话人", "The interviewer")?;
        need_text("interviewee", &i.interviewee, "被谈话人", "The interviewee")?;
        if i.questions_and_answers.is_empty() {
            return need_text(
                "questions_and_answers",
                "",
                "问答内容",
                "Questions and answers",
            );
        }
        self.add_record(case_id, "interview", i, actor)
    }

    /// Stops the clock from `from` (a day) for a reason.
    pub fn pause_clock(
        &mut self,
        case_id: i64,
        from: &str,
        reason: &str,
        actor: &str,
    ) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        let from = parse_date_field("from", from)?;
        need_text(
            "reason",
            reason,
            "暂停计时的原因",
            "The reason for stopping the clock",
        )?;
        if self.open_pause(case_id)?.is_some() {
            return Err(refused(workflow::Refusal {
                code: "already_paused",
                zh: "本案计时已经暂停，请先恢复计时。".into(),
                en: "The clock of this case is already stopped; resume it first.".into(),
            }));
        }
        let rec = PauseRecord {
            from,
            to: None,
            reason: reason.trim().into(),
        };
        self.add_record(case_id, "pause", &rec, actor)
    }

    /// Restarts the clock; the last paused day is the day before `on`.
    pub fn resume_clock(&mut self, case_id: i64, on: &str, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        let on = parse_date_field("on", on)?;
        let Some(p) = self.open_pause(case_id)? else {
            return Err(refused(workflow::Refusal {
                code: "not_paused",
                zh: "本案计时没有暂停，无需恢复。".into(),
                en: "The clock of this case is not stopped.".into(),
            }));
        };
        if on <= p.from {
            return Err(DeskError::Validation(vec![FieldError::new(
                "on",
                "date_order",
                format!("恢复计时的日期须晚于暂停日期（{}）。", p.from),
                format!(
                    "The clock must restart after the day it stopped ({}).",
                    p.from
                ),
            )]));
        }
        let closed = PauseRecord {
            to: on.pred_opt(),
            ..p
        };
        self.add_record(case_id, "resume", &closed, actor)
    }

    fn open_pause(&self, case_id: i64) -> Result<Option<PauseRecord>> {
        let pauses = self.records(case_id, "pause")?;
        let resumes = self.records(case_id, "resume")?;
        if pauses.len() > resumes.len() {
            if let Some((p, _)) = pauses.last() {
                return Ok(serde_json::from_value(p.clone()).ok());
            }
        }
        Ok(None)
    }

    fn pauses(&self, case_id: i64, today: NaiveDate) -> Result<Vec<Pause>> {
        let resumes: Vec<serde_json::Value> = self
            .records(case_id, "resume")?
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        let pauses: Vec<serde_json::Value> = self
            .records(case_id, "pause")?
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        Ok(pauses_from(&pauses, &resumes, today))
    }

    /// Extends the decision deadline (within the policy's cap), with the date
    /// the complainant was told.
    pub fn extend(&mut self, case_id: i64, e: &Extension, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Extend)?;
        need_text(
            "reason",
            &e.reason,
            "延期理由",
            "The reason for the extension",
        )?;
        let policy = self.policy()?;
        let rule = policy
            .deadlines
            .iter()
            .find(|r| r.max_extension.is_some())
            .ok_or_else(|| {
                refused(workflow::Refusal {
                    code: "no_extension",
                    zh: "本单位制度没有可延期的期限。".into(),
                    en: "The office's policy has no deadline that can be extended.".into(),
                })
            })?;
        let cap = rule.max_extension.unwrap_or(rule.period);
        let start = self.event_times(case_id)?.get(&rule.from).cloned();
        let Some(start) = start else {
            return Err(refused(workflow::Refusal {
                code: "not_started",
                zh: "该期限尚未开始计算，无需延期。".into(),
                en: "That deadline has not started yet.".into(),
            }));
        };
        let cal = self.calendar()?;
        let limit = deadline::due(
            start,
            cap,
            &cal,
            &self.pauses(case_id, self.clock.now().date())?,
        );
        if e.new_due > limit.at.date() {
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
        self.add_record(case_id, "extension", e, actor)
    }

    /// When each workflow event first happened ("received" included).
    fn event_times(&self, case_id: i64) -> Result<HashMap<String, NaiveDateTime>> {
        let mut out = HashMap::new();
        let received: String = self.conn.query_row(
            "SELECT received_at FROM cases WHERE id = ?1",
            [case_id],
            |r| r.get(0),
        )?;
        if let Some(t) = parse_local_time(&received) {
            out.insert("received".to_string(), t);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT action, MIN(at) FROM history WHERE case_id = ?1 GROUP BY action",
        )?;
        let rows = st.query_map([case_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (action, at) = row?;
            if let Some(t) = parse_local_time(&at) {
                out.insert(action, t);
            }
        }
        Ok(out)
    }

    /// The office's working-day calendar: shipped years plus the administrator's.
    pub fn calendar(&self) -> Result<WorkCalendar> {
        let mut cal = WorkCalendar::shipped();
        let mut st = self
            .conn
            .prepare_cached("SELECT year, data FROM calendar_years ORDER BY year")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (year, data) = row?;
            if let Ok(arr) = serde_json::from_str(&data) {
                cal.set_year(year, arr)?;
            }
        }
        Ok(cal)
    }

    /// Adds or corrects one year of the calendar.
    pub fn set_calendar_year(
        &mut self,
        year: i32,
        arr: &crate::calendar::YearArrangement,
        actor: &str,
    ) -> Result<()> {
        self.allow(crate::accounts::Perm::Administer)?;
        let mut cal = self.calendar()?;
        cal.set_year(year, arr.clone())?;
        let now = self.now_text();
        let json = serde_json::to_string(arr).map_err(|e| DeskError::Internal(e.to_string()))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO calendar_years (year, data) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET data = excluded.data",
            params![year, json],
        )?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "calendar_year_set",
            &serde_json::json!({"year": year}),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every deadline of the policy that applies to this case, with its state.
    pub fn deadlines(&self, case_id: i64) -> Result<Vec<DeadlineView>> {
        self.deadlines_with(case_id, &self.policy()?, &self.calendar()?)
    }

    /// `deadlines` with the policy and calendar already at hand (for scans).
    pub(crate) fn deadlines_with(
        &self,
        case_id: i64,
        policy: &Policy,
        cal: &WorkCalendar,
    ) -> Result<Vec<DeadlineView>> {
        let (_, severity) = self.status_of(case_id)?;
        let now = self.clock.now();
        let inputs = DeadlineInputs {
            severity,
            events: self.event_times(case_id)?,
            pauses: self.pauses(case_id, now.date())?,
            extension: self
                .records(case_id, "extension")?
                .last()
                .and_then(|(v, _)| serde_json::from_value::<Extension>(v.clone()).ok()),
        };
        Ok(deadline_views(policy, cal, now, &inputs))
    }
}

/// The clock stops of a case from its "pause" and "resume" records (oldest
/// first): each resumed stop, and a stop still open up to `today`.
pub(crate) fn pauses_from(
    pauses: &[serde_json::Value],
    resumes: &[serde_json::Value],
    today: NaiveDate,
) -> Vec<Pause> {
    let mut out: Vec<Pause> = resumes
        .iter()
        .filter_map(|v| serde_json::from_value::<PauseRecord>(v.clone()).ok())
        .filter_map(|p| p.to.map(|to| Pause { from: p.from, to }))
        .collect();
    if pauses.len() > resumes.len() {
        if let Some(p) = pauses
            .last()
            .and_then(|v| serde_json::from_value::<PauseRecord>(v.clone()).ok())
        {
            out.push(Pause {
                from: p.from,
                to: today.max(p.from),
            });
        }
    }
    out
}

/// What the deadlines of one case are worked out from.
pub(crate) struct DeadlineInputs {
    pub severity: Severity,
    /// The first time of each history action, and "received".
    pub events: HashMap<String, NaiveDateTime>,
    pub pauses: Vec<Pause>,
    pub extension: Option<Extension>,
}

/// One deadline of a case worked out: the rule, when it started and ends,
/// when it was met and its state ("met", "met_late", "overdue", …).
pub(crate) struct DeadlinePart<'a> {
    pub rule: &'a crate::policy::DeadlineRule,
    pub start: NaiveDateTime,
    pub due: deadline::Due,
    pub extended: bool,
    pub met: Option<NaiveDateTime>,
    pub state: &'static str,
}

/// Ends of periods already counted, for scans over many cases: without clock
/// stops a period's end depends only on the rule and its start.
pub(crate) type DueMemo = HashMap<(usize, NaiveDateTime), deadline::Due>;

/// The deadlines of one case at `now`, from what was loaded for it (no
/// database access, so a scan over many cases can load in bulk).
pub(crate) fn deadline_parts<'a>(
    policy: &'a Policy,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    inputs: &DeadlineInputs,
    mut memo: Option<&mut DueMemo>,
) -> Vec<DeadlinePart<'a>> {
    let DeadlineInputs {
        severity,
        events,
        pauses,
        extension,
    } = inputs;
    let mut out = Vec::new();
    for (i, rule) in policy.deadlines.iter().enumerate() {
        if !rule.severities.is_empty() && !rule.severities.contains(severity) {
            continue;
        }
        let Some(start) = events.get(&rule.from) else {
            continue;
        };
        let mut due = match memo.as_deref_mut() {
            Some(m) if pauses.is_empty() => m
                .entry((i, *start))
                .or_insert_with(|| deadline::due(*start, rule.period, cal, pauses))
                .clone(),
            _ => deadline::due(*start, rule.period, cal, pauses),
        };
        let mut extended = false;
        if let (Some(e), Some(_)) = (extension, rule.max_extension) {
            let at = e.new_due.and_hms_opt(23, 59, 59).unwrap_or(due.at);
            if at > due.at {
                due.at = at;
                extended = true;
            }
        }
        let met = std::iter::once(&rule.met_by)
            .chain(&rule.also_met_by)
            .filter_map(|e| events.get(e).copied())
            .min();
        let state = match met {
            Some(m) if m <= due.at => "met",
            Some(_) => "met_late",
            None if now > due.at => "overdue",
            None if now.date() == due.at.date() => "due_today",
            None if (due.at.date() - now.date()).num_days() <= 7 => "due_this_week",
            None => "pending",
        };
        out.push(DeadlinePart {
            rule,
            start: *start,
            due,
            extended,
            met,
            state,
        });
    }
    out
}

/// The deadlines of one case as the UI shows them.
pub(crate) fn deadline_views(
    policy: &Policy,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    inputs: &DeadlineInputs,
) -> Vec<DeadlineView> {
    deadline_parts(policy, cal, now, inputs, None)
        .into_iter()
        .map(|p| DeadlineView {
            code: p.rule.code.clone(),
            label_zh: p.rule.label_zh.clone(),
            label_en: p.rule.label_en.clone(),
            period_zh: p.rule.period.label_zh(),
            from_at: fmt_time(p.start),
            due_at: fmt_time(p.due.at),
            verified: p.due.verified,
            unknown_years: p.due.unknown_years,
            extended: p.extended,
            met_at: p.met.map(fmt_time),
            state: p.state.into(),
        })
        .collect()
}

/// One open case's next deadline, for the "due" board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub case_id: i64,
    pub number: String,
    pub matter: String,
    pub status: String,
    /// Who owns the case now: the inspectors once reviewed, else the receiving clerk.
    pub owner: String,
    pub deadline: DeadlineView,
}

impl Register {
    /// Who owns a case now.
    pub fn owner(&self, case_id: i64) -> Result<String> {
        if let Some((r, _)) = self.records(case_id, "review")?.last() {
            let names: Vec<String> = r["inspectors"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if !names.is_empty() {
                return Ok(names.join("、"));
            }
        }
        Ok(self.conn.query_row(
            "SELECT receiving_clerk FROM cases WHERE id = ?1",
            [case_id],
            |r| r.get(0),
        )?)
    }

    /// The first unmet deadline of a case, if any.
    pub fn next_deadline(&self, case_id: i64) -> Result<Option<DeadlineView>> {
        if !self.status_of(case_id)?.0.is_open() {
            return Ok(None);
        }
        let mut open: Vec<DeadlineView> = self
            .deadlines(case_id)?
            .into_iter()
            .filter(|d| d.met_at.is_none())
            .collect();
        open.sort_by(|a, b| a.due_at.cmp(&b.due_at));
        Ok(open.into_iter().next())
    }

    /// Every open case with an unmet deadline, soonest first: overdue, due
    /// today, due this week, later.
    pub fn due_board(&self) -> Result<Vec<DueItem>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, number, matter, status FROM cases
             WHERE status NOT IN ('archived', 'not_accepted') ORDER BY received_at",
        )?;
        let cases: Vec<(i64, String, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (case_id, number, matter, status) in cases {
            if let Some(deadline) = self.next_deadline(case_id)? {
                out.push(DueItem {
                    case_id,
                    owner: self.owner(case_id)?,
                    number,
                    matter,
                    status,
                    deadline,
                });
            }
        }
        out.sort_by(|a, b| a.deadline.due_at.cmp(&b.deadline.due_at));
        Ok(out)
    }
}

impl DueItem {
    /// Whether a desk notification is due for this item (due today or overdue).
    pub fn needs_notice(&self) -> bool {
        matches!(self.deadline.state.as_str(), "overdue" | "due_today")
    }

    /// The title and body of the desktop notification for this item.
    pub fn notice_text(&self, lang: crate::error::Lang) -> (String, String) {
        let overdue = self.deadline.state == "overdue";
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

/// An evidence item gathered in the investigation; an attached file is copied
/// next to the register and its SHA-256 kept, so tampering shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    pub description: String,
    /// Where it came from (提供人/来源).
    pub source: String,
    /// "YYYY-MM-DD"
    pub obtained_on: String,
    /// Filled in by the register when a file is attached.
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    /// Path relative to the attachments folder.
    pub stored_as: Option<String>,
}

/// A site inspection (现场核查).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteCheck {
    /// "YYYY-MM-DD HH:MM"
    pub at: String,
    pub place: String,
    pub inspectors: Vec<String>,
    pub findings: String,
}

/// A handler's declaration of a conflict of interest (回避).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recusal {
    pub handler: String,
    pub reason: String,
}

/// What checking an attachment's hash found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentCheck {
    pub file_name: String,
    pub stored_as: String,
    /// "ok", "changed" or "missing"
    pub state: String,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file name safe to store: no folders, no control characters.
fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || ":*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    if cleaned.trim_matches('.').is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

impl Register {
    /// The folder where attachments live: beside the register file.
    pub fn attachments_dir(&self) -> Result<std::path::PathBuf> {
        let path = self.path.as_ref().ok_or_else(|| {
            DeskError::Internal("attachments need a register file, not an in-memory one".into())
        })?;
        let dir = path
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("attachments");
        Ok(dir)
    }

    /// Handlers who declared a conflict of interest on this case.
    pub fn recused(&self, case_id: i64) -> Result<Vec<String>> {
        Ok(self
            .records(case_id, "recusal")?
            .into_iter()
            .filter_map(|(v, _)| v["handler"].as_str().map(str::to_string))
            .collect())
    }

    fn refuse_recused(&self, case_id: i64, people: &[&str]) -> Result<()> {
        let recused = self.recused(case_id)?;
        if let Some(p) = people
            .iter()
            .find(|p| recused.iter().any(|r| r == p.trim()))
        {
            return Err(refused(workflow::Refusal {
                code: "recused",
                zh: format!("{p}已就本案申请回避，不能再办理本案或查看其材料。"),
                en: format!(
                    "{p} declared a conflict of interest on this case and is excluded from it."
                ),
            }));
        }
        Ok(())
    }

    pub fn declare_recusal(&mut self, case_id: i64, r: &Recusal, actor: &str) -> Result<()> {
        self.viewer()?;
        need_text("handler", &r.handler, "回避人", "The handler")?;
        need_text("reason", &r.reason, "回避理由", "The reason")?;
        self.add_record(case_id, "recusal", r, actor)
    }

    /// Records an evidence item, copying `file` (if any) into the register's
    /// attachments and keeping its SHA-256.
    pub fn record_evidence(
        &mut self,
        case_id: i64,
        e: &Evidence,
        file: Option<&std::path::Path>,
        actor: &str,
    ) -> Result<Evidence> {
        self.allow(crate::accounts::Perm::Investigate)?;
        self.refuse_recused(case_id, &[actor])?;
        need_text(
            "description",
            &e.description,
            "证据名称或说明",
            "The description",
        )?;
        if !e.obtained_on.trim().is_empty() {
            parse_date_field("obtained_on", &e.obtained_on)?;
        }
        let mut rec = Evidence {
            file_name: None,
            sha256: None,
            size: None,
            stored_as: None,
            ..e.clone()
        };
        if let Some(src) = file {
            let bytes = std::fs::read(src).map_err(|err| DeskError::io(src, err))?;
            let hash = sha256_hex(&bytes);
            let name = safe_file_name(
                &src.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            let rel = format!("{case_id}/{}-{name}", &hash[..16]);
            if self.is_encrypted() {
                // Inside the encrypted register, never as a plain file.
                self.conn.execute(
                    "INSERT OR REPLACE INTO attachment_blobs (stored_as, bytes) VALUES (?1, ?2)",
                    params![rel, bytes],
                )?;
            } else {
                let dest = self.attachments_dir()?.join(&rel);
                if let Some(dir) = dest.parent() {
                    std::fs::create_dir_all(dir).map_err(|err| DeskError::io(dir, err))?;
                }
                std::fs::write(&dest, &bytes).map_err(|err| DeskError::io(&dest, err))?;
            }
            rec.file_name = Some(name);
            rec.sha256 = Some(hash);
            rec.size = Some(bytes.len() as u64);
            rec.stored_as = Some(rel);
        }
        self.add_record(case_id, "evidence", &rec, actor)?;
        Ok(rec)
    }

    /// Re-hashes every attached file of a case.
    pub fn verify_attachments(&self, case_id: i64) -> Result<Vec<AttachmentCheck>> {
        let dir = self.attachments_dir()?;
        let mut out = Vec::new();
        for (v, _) in self.records(case_id, "evidence")? {
            let Ok(e) = serde_json::from_value::<Evidence>(v) else {
                continue;
            };
            let (Some(rel), Some(hash)) = (e.stored_as, e.sha256) else {
                continue;
            };
            let stored = match std::fs::read(dir.join(&rel)) {
                Ok(bytes) => Ok(bytes),
                Err(e) => self
                    .conn
                    .query_row(
                        "SELECT bytes FROM attachment_blobs WHERE stored_as = ?1",
                        [&rel],
                        |r| r.get::<_, Vec<u8>>(0),
                    )
                    .map_err(|_| e),
            };
            let state = match stored {
                Ok(bytes) if sha256_hex(&bytes) == hash => "ok",
                Ok(_) => "changed",
                Err(_) => "missing",
            };
            out.push(AttachmentCheck {
                file_name: e.file_name.unwrap_or_default(),
                stored_as: rel,
                state: state.into(),
            });
        }
        Ok(out)
    }

    pub fn record_site_check(&mut self, case_id: i64, s: &SiteCheck, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        self.refuse_recused(case_id, &[actor])?;
        if parse_local_time(&s.at).is_none() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "at",
                "time_invalid",
                "核查时间格式不正确，请按“2026-11-24 09:30”填写。",
                "The inspection time is not valid; use the form 2026-11-24 09:30.",
            )]));
        }
        need_text("place", &s.place, "核查地点", "The place")?;
        need_text("findings", &s.findings, "核查情况", "What was found")?;
        self.add_record(case_id, "site_check", s, actor)
    }

    /// Links two cases: "related", or "repeat" (this case repeats `other`).
    pub fn link_cases(
        &mut self,
        case_id: i64,
        other_number: &str,
        kind: &str,
        actor: &str,
    ) -> Result<()> {
        self.allow(crate::accounts::Perm::Investigate)?;
        if kind != "related" && kind != "repeat" {
            return Err(DeskError::Validation(vec![FieldError::new(
                "kind",
                "invalid",
                "关联类型只能是“相关”或“重复投诉”。",
                "The link is either \"related\" or \"repeat\".",
            )]));
        }
        let other: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM cases WHERE number = ?1",
                [other_number.trim()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(other) = other else {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "not_found",
                format!("找不到编号为“{}”的案件。", other_number.trim()),
                format!("No case numbered \"{}\".", other_number.trim()),
            )]));
        };
        if other == case_id {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "self_link",
                "案件不能与自身关联。",
                "A case cannot be linked to itself.",
            )]));
        }
        self.status_of(case_id)?;
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO case_links (case_id, other_id, kind) VALUES (?1, ?2, ?3)
             ON CONFLICT (case_id, other_id) DO UPDATE SET kind = excluded.kind",
            params![case_id, other, kind],
        )?;
        append_history(
            &tx,
            Some(case_id),
            &now,
            actor,
            "linked",
            &serde_json::json!({"other": other_number.trim(), "kind": kind}),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Links of a case, both those it made and those made to it.
    pub fn links(&self, case_id: i64) -> Result<Vec<crate::model::CaseLink>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.other_id, c.number, l.kind FROM case_links l JOIN cases c ON c.id = l.other_id
             WHERE l.case_id = ?1
             UNION
             SELECT l.case_id, c.number, CASE l.kind WHEN 'repeat' THEN 'repeated_by' ELSE l.kind END
             FROM case_links l JOIN cases c ON c.id = l.case_id WHERE l.other_id = ?1
             ORDER BY 2",
        )?;
        let rows = st
            .query_map([case_id], |r| {
                Ok(crate::model::CaseLink {
                    other_id: r.get(0)?,
                    other_number: r.get(1)?,
                    kind: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every handling record of a case, oldest first.
    pub fn case_records(&self, case_id: i64) -> Result<Vec<crate::model::CaseRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind, data, at, actor FROM case_records WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([case_id], |r| {
                let data: String = r.get(2)?;
                Ok(crate::model::CaseRecord {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                    at: r.get(3)?,
                    actor: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
