//! The handling records of a case as one typed enum: every workflow step,
//! investigation record, clock stop, extension, recusal and reward record.
//! Stored as a kind and its JSON data (append-only); read back typed.
//! Records written by older versions decode too (their extra keys, such as
//! the old "step" tag, are ignored; missing new keys take their defaults).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::rewards::{Payment, Proposal};

/// The five grounds for not accepting a complaint (seed 002 篇十六 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationMode {
    /// One inspector (督查员).
    Single,
    /// An investigation team led by the management department.
    Team,
    /// A commissioned investigation (reports within the policy's period).
    Commissioned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    Substantiated,
    PartlySubstantiated,
    Unfounded,
}

impl Conclusion {
    pub fn label_zh(self) -> &'static str {
        match self {
            Conclusion::Substantiated => "属实",
            Conclusion::PartlySubstantiated => "部分属实",
            Conclusion::Unfounded => "不属实",
        }
    }
    pub fn substantiates(self) -> bool {
        matches!(
            self,
            Conclusion::Substantiated | Conclusion::PartlySubstantiated
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    PartlySatisfied,
    Dissatisfied,
}

/// A free comment on a step (accept, start, escalate, reopen, archive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Comment {
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NotAccept {
    pub ground: NotAcceptGround,
    pub reason: String,
}

/// The written not-accepted notice went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeSent {
    /// "YYYY-MM-DD"
    pub sent_on: String,
}

/// The department head's review: who investigates, how, in which department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    /// The reviewer's name as written on documents.
    #[serde(default)]
    pub reviewer: String,
    #[serde(default)]
    pub reviewer_id: Option<i64>,
    pub mode: InvestigationMode,
    /// The inspectors' names as written on documents.
    #[serde(default)]
    pub inspectors: Vec<String>,
    /// The inspectors' accounts (records before accounts have none).
    #[serde(default)]
    pub inspector_ids: Vec<i64>,
    pub department: String,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Findings {
    pub conclusion: Conclusion,
    pub facts: String,
    #[serde(default)]
    pub responsibility: String,
    /// "correction", "apology", "penalty", "judiciary", "rectification", "reward"
    #[serde(default)]
    pub proposals: Vec<String>,
    /// Rectification deadline "YYYY-MM-DD", when rectification is proposed.
    #[serde(default)]
    pub rectification_due: Option<String>,
    /// Notify the whole organisation (management problems).
    #[serde(default)]
    pub org_notice: bool,
}

/// The leader approves the findings, or sends them back with a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Decision {
    /// The leader's name as written on documents.
    pub approver: String,
    pub approver_id: Option<i64>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reply {
    /// "letter", "email", "in_person", "phone", "sms", "query_code"
    pub method: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowUp {
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub note: String,
}

/// How a case closed in the office's old ledger, brought in by the import:
/// the ledger's result, closing date and satisfaction. The steps between
/// (review, findings, approval) were not recorded, so their deadlines are
/// not judged; the reply's is, against the closing date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LegacyClosing {
    /// "YYYY-MM-DD", when the ledger gives it.
    pub closed_on: Option<String>,
    pub result: String,
    pub satisfaction: Option<Satisfaction>,
    /// The satisfaction as the ledger wrote it ("是", "基本满意").
    pub satisfaction_text: String,
}

/// No follow-up is possible (e.g. anonymous with no contact): the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoFollowUp {
    pub reason: String,
}

/// The accused side's defence (申辩), or their declining after being asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Defence {
    /// The date they were asked to state their side ("YYYY-MM-DD").
    pub asked_on: String,
    /// True when they declined or did not answer by the deadline.
    pub declined: bool,
    #[serde(default)]
    pub statement: String,
}

/// One interview (谈话笔录).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct QuestionAnswer {
    pub question: String,
    pub answer: String,
}

/// A stop of the clock (e.g. external testing or appraisal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PauseRecord {
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// None while the clock is still stopped.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub reason: String,
}

/// An extension of the decision deadline, with the notice to the complainant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Extension {
    #[ts(type = "string")]
    pub new_due: NaiveDate,
    pub reason: String,
    #[ts(type = "string")]
    pub notice_sent_on: NaiveDate,
}

/// An evidence item; an attached file is kept with its SHA-256, so
/// tampering shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    /// Where the bytes are kept (relative path or blob key).
    pub stored_as: Option<String>,
}

/// A site inspection (现场核查).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SiteCheck {
    /// "YYYY-MM-DD HH:MM"
    pub at: String,
    pub place: String,
    pub inspectors: Vec<String>,
    pub findings: String,
}

/// A handler's conflict of interest (回避).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recusal {
    /// The handler's name as written.
    pub handler: String,
    /// The handler's account (records before accounts have none).
    #[serde(default)]
    pub user_id: Option<i64>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RewardDecision {
    pub approve: bool,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Consent {
    pub consent: bool,
}

/// Every record a case can hold, tagged with its stored kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
#[ts(rename = "HandlingRecord")]
pub enum Record {
    Accept(Comment),
    NotAccept(NotAccept),
    NotAcceptedNotice(NoticeSent),
    Review(Review),
    StartInvestigation(Comment),
    Findings(Findings),
    Approval(Decision),
    Rejection(Decision),
    Reply(Reply),
    FollowUp(FollowUp),
    NoFollowUp(NoFollowUp),
    Escalation(Comment),
    Reopen(Comment),
    Archive(Comment),
    Defence(Defence),
    Interview(Interview),
    Pause(PauseRecord),
    Resume(PauseRecord),
    Extension(Extension),
    Recusal(Recusal),
    Evidence(Evidence),
    SiteCheck(SiteCheck),
    RewardProposal(Proposal),
    RewardDecision(RewardDecision),
    RewardPayment(Payment),
    RewardConsent(Consent),
    LegacyClosing(LegacyClosing),
}

impl Record {
    /// The kind as stored in `case_records.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Accept(_) => "accept",
            Record::NotAccept(_) => "not_accept",
            Record::NotAcceptedNotice(_) => "not_accepted_notice",
            Record::Review(_) => "review",
            Record::StartInvestigation(_) => "start_investigation",
            Record::Findings(_) => "findings",
            Record::Approval(_) => "approval",
            Record::Rejection(_) => "rejection",
            Record::Reply(_) => "reply",
            Record::FollowUp(_) => "follow_up",
            Record::NoFollowUp(_) => "no_follow_up",
            Record::Escalation(_) => "escalation",
            Record::Reopen(_) => "reopen",
            Record::Archive(_) => "archive",
            Record::Defence(_) => "defence",
            Record::Interview(_) => "interview",
            Record::Pause(_) => "pause",
            Record::Resume(_) => "resume",
            Record::Extension(_) => "extension",
            Record::Recusal(_) => "recusal",
            Record::Evidence(_) => "evidence",
            Record::SiteCheck(_) => "site_check",
            Record::RewardProposal(_) => "reward_proposal",
            Record::RewardDecision(_) => "reward_decision",
            Record::RewardPayment(_) => "reward_payment",
            Record::RewardConsent(_) => "reward_consent",
            Record::LegacyClosing(_) => "legacy_closing",
        }
    }

    /// The data as stored in `case_records.data`.
    pub fn data(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut o)) => {
                o.remove("data").unwrap_or(serde_json::Value::Null)
            }
            _ => serde_json::Value::Null,
        }
    }

    /// A stored record read back; None for a kind or shape this version
    /// does not know (it is kept in the file, just not shown typed).
    pub fn decode(kind: &str, data: &str) -> Option<Record> {
        let data: serde_json::Value = serde_json::from_str(data).ok()?;
        serde_json::from_value(serde_json::json!({"kind": kind, "data": data})).ok()
    }
}

/// One stored record of a case, typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseRecord {
    pub id: i64,
    pub at: String,
    /// Who wrote it (the user's name at the time).
    pub actor: String,
    pub record: Record,
}

impl CaseRecord {
    pub fn kind(&self) -> &'static str {
        self.record.kind()
    }
}

/// Picks records of one variant out of a list: `of!(records, Interview)`.
#[macro_export]
macro_rules! records_of {
    ($records:expr, $variant:ident) => {
        $records.iter().filter_map(|r| match &r.record {
            $crate::domain::records::Record::$variant(x) => Some(x),
            _ => None,
        })
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_of_an_older_version_decodes_with_its_old_step_tag() {
        let old = r#"{"step":"review","reviewer":"周部长","mode":"single","inspectors":["吴督查"],"department":"企业管理部","comment":"同意调查"}"#;
        match Record::decode("review", old) {
            Some(Record::Review(r)) => {
                assert_eq!(r.reviewer, "周部长");
                assert_eq!(r.inspectors, vec!["吴督查".to_string()]);
                assert!(r.inspector_ids.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_record_stores_its_kind_and_data_and_reads_back_the_same() {
        let r = Record::Defence(Defence {
            asked_on: "2026-11-24".into(),
            declined: true,
            statement: String::new(),
        });
        let back = Record::decode(r.kind(), &r.data().to_string()).unwrap();
        assert_eq!(back, r);
        assert_eq!(r.kind(), "defence");
    }

    #[test]
    fn an_unknown_kind_is_none_not_a_panic() {
        assert_eq!(Record::decode("something_new", "{}"), None);
        assert_eq!(Record::decode("review", "not json"), None);
    }
}
