//! The handling workflow as a state machine, enforced: a step the rules
//! forbid is refused with a message saying why and what must come first.
//!
//! registered → accepted | not_accepted → reviewed → investigating →
//! findings → approved (where needed) → replied → followed_up → archived.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Registered,
    Accepted,
    NotAccepted,
    Reviewed,
    Investigating,
    Findings,
    Approved,
    Replied,
    FollowedUp,
    Escalated,
    Archived,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Status::Registered,
        Status::Accepted,
        Status::NotAccepted,
        Status::Reviewed,
        Status::Investigating,
        Status::Findings,
        Status::Approved,
        Status::Replied,
        Status::FollowedUp,
        Status::Escalated,
        Status::Archived,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Accepted => "accepted",
            Status::NotAccepted => "not_accepted",
            Status::Reviewed => "reviewed",
            Status::Investigating => "investigating",
            Status::Findings => "findings",
            Status::Approved => "approved",
            Status::Replied => "replied",
            Status::FollowedUp => "followed_up",
            Status::Escalated => "escalated",
            Status::Archived => "archived",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Registered => "已登记",
            Status::Accepted => "已受理",
            Status::NotAccepted => "不予受理",
            Status::Reviewed => "已审核",
            Status::Investigating => "调查中",
            Status::Findings => "已出调查结论",
            Status::Approved => "已审批",
            Status::Replied => "已答复",
            Status::FollowedUp => "已回访",
            Status::Escalated => "已上报领导",
            Status::Archived => "已归档",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Accepted => "accepted",
            Status::NotAccepted => "not accepted",
            Status::Reviewed => "reviewed",
            Status::Investigating => "investigating",
            Status::Findings => "findings written",
            Status::Approved => "approved",
            Status::Replied => "replied",
            Status::FollowedUp => "followed up",
            Status::Escalated => "escalated to the leader",
            Status::Archived => "archived",
        }
    }
    /// Still in the office's hands (deadlines run).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Archived | Status::NotAccepted)
    }
}

/// The facts about a case that the guards look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub defence_recorded: bool,
    pub findings_exist: bool,
    pub approval_needed: bool,
    pub approved: bool,
    pub replied: bool,
    pub followed_up: bool,
    pub not_accepted_notice_sent: bool,
}

impl CaseFacts {
    /// The facts as a case's records tell them (oldest first).
    pub fn from_records(
        records: &[crate::domain::records::CaseRecord],
        severity: crate::domain::case::Severity,
        policy: &crate::domain::policy::Policy,
    ) -> CaseFacts {
        use crate::domain::records::Record;
        let last_findings = records.iter().rev().find_map(|r| match &r.record {
            Record::Findings(f) => Some((f, r.at.as_str())),
            _ => None,
        });
        let approval_needed = policy.approval.severities.contains(&severity)
            || last_findings.is_some_and(|(f, _)| {
                f.proposals
                    .iter()
                    .any(|p| policy.approval.proposals.iter().any(|q| q == p))
            });
        let last_approval = records
            .iter()
            .rev()
            .find(|r| matches!(r.record, Record::Approval(_)))
            .map(|r| r.at.as_str());
        let approved = match (last_approval, last_findings) {
            (Some(a), Some((_, f))) => a >= f,
            (Some(_), None) => true,
            _ => false,
        };
        let any = |p: fn(&Record) -> bool| records.iter().any(|r| p(&r.record));
        CaseFacts {
            defence_recorded: any(|r| matches!(r, Record::Defence(_))),
            findings_exist: last_findings.is_some(),
            approval_needed,
            approved,
            replied: any(|r| matches!(r, Record::Reply(_))),
            followed_up: any(|r| matches!(r, Record::FollowUp(_) | Record::NoFollowUp(_))),
            not_accepted_notice_sent: any(|r| matches!(r, Record::NotAcceptedNotice(_))),
        }
    }
}

/// A workflow step a user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Accept,
    NotAccept,
    Review,
    StartInvestigation,
    WriteFindings,
    Approve,
    RejectFindings,
    Reply,
    FollowUp,
    Escalate,
    Reopen,
    Archive,
}

/// Why a step is refused: a stable code and the message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl Refusal {
    fn new(code: &'static str, zh: &str, en: &str) -> Self {
        Refusal {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

fn wrong_state(step: Step, now: Status, needs: &[Status]) -> Refusal {
    let zh_need: Vec<&str> = needs.iter().map(|s| s.label_zh()).collect();
    let en_need: Vec<&str> = needs.iter().map(|s| s.label_en()).collect();
    Refusal {
        code: "step_not_allowed",
        zh: format!(
            "案件当前状态为“{}”，不能执行“{}”；此步骤要求案件处于“{}”状态。",
            now.label_zh(),
            step_label_zh(step),
            zh_need.join("”或“")
        ),
        en: format!(
            "The case is {}; \"{}\" needs it to be {}.",
            now.label_en(),
            step_label_en(step),
            en_need.join(" or ")
        ),
    }
}

pub fn step_label_zh(step: Step) -> &'static str {
    match step {
        Step::Accept => "受理",
        Step::NotAccept => "不予受理",
        Step::Review => "部门负责人审核",
        Step::StartInvestigation => "开始调查",
        Step::WriteFindings => "出具调查结论",
        Step::Approve => "领导审批",
        Step::RejectFindings => "退回调查结论",
        Step::Reply => "书面答复",
        Step::FollowUp => "回访",
        Step::Escalate => "上报领导",
        Step::Reopen => "重新调查",
        Step::Archive => "归档",
    }
}

pub fn step_label_en(step: Step) -> &'static str {
    match step {
        Step::Accept => "accept",
        Step::NotAccept => "not accept",
        Step::Review => "review",
        Step::StartInvestigation => "start the investigation",
        Step::WriteFindings => "write the findings",
        Step::Approve => "approve",
        Step::RejectFindings => "send the findings back",
        Step::Reply => "send the written reply",
        Step::FollowUp => "follow up",
        Step::Escalate => "escalate to the leader",
        Step::Reopen => "reopen",
        Step::Archive => "archive",
    }
}

/// Where a step leads from `now`, or why it may not be taken.
pub fn next(now: Status, step: Step, f: &CaseFacts) -> Result<Status, Refusal> {
    use Status as S;
    let need = |states: &[Status]| -> Result<(), Refusal> {
        if states.contains(&now) {
            Ok(())
        } else {
            Err(wrong_state(step, now, states))
        }
    };
    match step {
        Step::Accept => need(&[S::Registered]).map(|_| S::Accepted),
        Step::NotAccept => need(&[S::Registered]).map(|_| S::NotAccepted),
        Step::Review => need(&[S::Accepted]).map(|_| S::Reviewed),
        Step::StartInvestigation => need(&[S::Reviewed]).map(|_| S::Investigating),
        Step::WriteFindings => {
            need(&[S::Investigating])?;
            if !f.defence_recorded {
                return Err(Refusal::new(
                    "defence_missing",
                    "尚未记录被投诉（举报）方的陈述申辩：请先记录其申辩，或记录其在通知后拒绝申辩及通知日期，再出具调查结论。",
                    "The accused side's defence is not recorded: record it, or record that they declined after being asked and the date they were asked, before writing the findings.",
                ));
            }
            Ok(S::Findings)
        }
        Step::Approve | Step::RejectFindings => {
            need(&[S::Findings])?;
            if !f.findings_exist {
                return Err(Refusal::new(
                    "findings_missing",
                    "尚无调查结论，无法审批。",
                    "There are no findings to approve.",
                ));
            }
            Ok(if step == Step::Approve {
                S::Approved
            } else {
                S::Investigating
            })
        }
        Step::Reply => {
            if now == S::NotAccepted {
                return Ok(S::NotAccepted);
            }
            if !f.findings_exist
                || matches!(
                    now,
                    S::Registered | S::Accepted | S::Reviewed | S::Investigating
                )
            {
                return Err(Refusal::new(
                    "findings_missing",
                    "尚无调查结论，不能书面答复：请先完成调查并出具调查结论。",
                    "There are no findings yet, so no written reply can be sent: finish the investigation and write the findings first.",
                ));
            }
            if f.approval_needed && !f.approved {
                return Err(Refusal::new(
                    "approval_missing",
                    "本案的处理意见需经领导审批（处分、移送司法机关、奖励或重大案件），审批通过后才能书面答复。",
                    "The handling proposal needs the leader's approval (penalty, transfer to the judiciary, reward or serious case) before the written reply.",
                ));
            }
            need(&[S::Findings, S::Approved]).map(|_| S::Replied)
        }
        Step::FollowUp => need(&[S::Replied]).map(|_| S::FollowedUp),
        Step::Escalate => need(&[S::Replied, S::FollowedUp]).map(|_| S::Escalated),
        Step::Reopen => need(&[S::Replied, S::FollowedUp, S::Escalated]).map(|_| S::Investigating),
        Step::Archive => {
            if now == S::NotAccepted {
                if !f.not_accepted_notice_sent {
                    return Err(Refusal::new(
                        "notice_missing",
                        "不予受理的案件需先书面告知投诉人不予受理的理由，才能归档。",
                        "A case not accepted can be archived only after the complainant was told why in writing.",
                    ));
                }
                return Ok(S::Archived);
            }
            if !f.replied {
                return Err(Refusal::new(
                    "reply_missing",
                    "尚未书面答复投诉（举报）人，不能归档。",
                    "The complainant has not had the written reply yet, so the case cannot be archived.",
                ));
            }
            if !f.followed_up {
                return Err(Refusal::new(
                    "follow_up_missing",
                    "尚未回访（或记录无法回访的原因，如匿名且无联系方式），不能归档。",
                    "There is no follow-up yet (or a recorded reason why none is possible, e.g. anonymous with no contact), so the case cannot be archived.",
                ));
            }
            need(&[S::FollowedUp, S::Escalated]).map(|_| S::Archived)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_cannot_be_written_before_the_defence_is_recorded() {
        let r = next(
            Status::Investigating,
            Step::WriteFindings,
            &CaseFacts::default(),
        )
        .unwrap_err();
        assert_eq!(r.code, "defence_missing");
        assert!(r.zh.contains("申辩"));
    }

    #[test]
    fn a_reply_needs_findings_and_their_approval_where_required() {
        let f = CaseFacts {
            findings_exist: true,
            approval_needed: true,
            ..Default::default()
        };
        assert_eq!(
            next(Status::Findings, Step::Reply, &f).unwrap_err().code,
            "approval_missing"
        );
        assert_eq!(
            next(Status::Investigating, Step::Reply, &CaseFacts::default())
                .unwrap_err()
                .code,
            "findings_missing"
        );
        let ok = CaseFacts {
            approved: true,
            ..f
        };
        assert_eq!(
            next(Status::Approved, Step::Reply, &ok),
            Ok(Status::Replied)
        );
    }

    #[test]
    fn archiving_needs_the_reply_and_the_follow_up() {
        let replied = CaseFacts {
            findings_exist: true,
            replied: true,
            ..Default::default()
        };
        assert_eq!(
            next(Status::Replied, Step::Archive, &replied)
                .unwrap_err()
                .code,
            "follow_up_missing"
        );
        assert_eq!(
            next(Status::Findings, Step::Archive, &CaseFacts::default())
                .unwrap_err()
                .code,
            "reply_missing"
        );
    }

    const STEPS: [Step; 12] = [
        Step::Accept,
        Step::NotAccept,
        Step::Review,
        Step::StartInvestigation,
        Step::WriteFindings,
        Step::Approve,
        Step::RejectFindings,
        Step::Reply,
        Step::FollowUp,
        Step::Escalate,
        Step::Reopen,
        Step::Archive,
    ];

    /// Every step from every state, with every fact that a guard checks in
    /// place: exactly these moves are allowed; every other one is refused
    /// with a code and a message in both languages.
    #[test]
    fn every_transition_not_in_the_table_is_refused_with_a_message() {
        use Status as S;
        let all_facts = CaseFacts {
            defence_recorded: true,
            findings_exist: true,
            approval_needed: false,
            approved: true,
            replied: true,
            followed_up: true,
            not_accepted_notice_sent: true,
        };
        let allowed: &[(Status, Step, Status)] = &[
            (S::Registered, Step::Accept, S::Accepted),
            (S::Registered, Step::NotAccept, S::NotAccepted),
            (S::NotAccepted, Step::Reply, S::NotAccepted),
            (S::NotAccepted, Step::Archive, S::Archived),
            (S::Accepted, Step::Review, S::Reviewed),
            (S::Reviewed, Step::StartInvestigation, S::Investigating),
            (S::Investigating, Step::WriteFindings, S::Findings),
            (S::Findings, Step::Approve, S::Approved),
            (S::Findings, Step::RejectFindings, S::Investigating),
            (S::Findings, Step::Reply, S::Replied),
            (S::Approved, Step::Reply, S::Replied),
            (S::Replied, Step::FollowUp, S::FollowedUp),
            (S::Replied, Step::Escalate, S::Escalated),
            (S::FollowedUp, Step::Escalate, S::Escalated),
            (S::Replied, Step::Reopen, S::Investigating),
            (S::FollowedUp, Step::Reopen, S::Investigating),
            (S::Escalated, Step::Reopen, S::Investigating),
            (S::FollowedUp, Step::Archive, S::Archived),
            (S::Escalated, Step::Archive, S::Archived),
        ];
        for from in Status::ALL {
            for step in STEPS {
                let expected = allowed
                    .iter()
                    .find(|(f, s, _)| *f == from && *s == step)
                    .map(|(_, _, to)| *to);
                match (next(from, step, &all_facts), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} --{step:?}-->"),
                    (Ok(to), None) => panic!("{from:?} --{step:?}--> {to:?} should be refused"),
                    (Err(r), Some(_)) => panic!("{from:?} --{step:?}--> refused: {}", r.en),
                    (Err(r), None) => {
                        assert!(!r.code.is_empty());
                        assert!(
                            r.zh.chars().count() > 8 && r.en.len() > 8,
                            "{from:?} {step:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_step_out_of_order_names_the_state_it_needs() {
        let r = next(Status::Registered, Step::Review, &CaseFacts::default()).unwrap_err();
        assert_eq!(r.code, "step_not_allowed");
        assert!(r.zh.contains("已受理"), "{}", r.zh);
    }
}
