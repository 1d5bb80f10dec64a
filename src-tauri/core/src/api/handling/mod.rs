//! Handling a case after intake: the workflow steps (`steps`), the
//! investigation records, clock stops, extensions, recusal and links
//! (`records`), the due board (`due`) — and what the viewer may do next on
//! a case (`allowed`).

mod allowed;
mod due;
mod investigation;
mod steps;

pub(crate) use allowed::allowed;
pub use allowed::Allowed;
pub(crate) use due::{due_board, due_count, owner};
pub use due::{DueCount, DueItem};
pub(crate) use investigation::{
    defence, evidence, extend, interview, link, pause, recusal, resume, site_check,
    verify_attachments,
};
pub use investigation::{
    AttachmentCheck, EvidenceInput, ExtensionInput, LinkInput, PauseInput, RecusalInput,
    ResumeInput, Upload,
};
pub use steps::ReviewInput;
pub(crate) use steps::{
    accept, approve, archive, escalate, follow_up, no_follow_up, not_accept, not_accepted_notice,
    reject, reopen, reply, review, start_investigation, write_findings,
};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::cases::{self, CaseId, CaseView};
use crate::api::{ops, Bytes, CaseOp, Ctx, Read, Write};
use crate::domain::case::CaseDetail;
use crate::domain::deadlines::DeadlineView;
use crate::domain::masking;
use crate::domain::records::{
    Comment, Decision, Defence, Evidence, Extension, Findings, FollowUp, Interview,
    InvestigationMode, NoFollowUp, NotAccept, NoticeSent, PauseRecord, Record, Recusal, Reply,
    Satisfaction, SiteCheck,
};
use crate::domain::roles::{self, CaseScope, Part, Perm, Role, Standing, Viewer};
use crate::domain::validate::{self, day, moment};
use crate::domain::workflow::{self, CaseFacts, Status, Step};
use crate::error::{DeskError, FieldError, Result};
use crate::store::{self, attachments, cases as scases, participants, records, settings, users};

pub(super) fn refused(r: workflow::Refusal) -> DeskError {
    DeskError::StepRefused {
        code: r.code,
        zh: r.zh,
        en: r.en,
    }
}

pub(super) fn need(field: &str, value: &str, zh: &str, en: &str, max: usize) -> Result<String> {
    validate::text(field, (zh, en), value, true, max, true)
}

pub(super) fn optional(field: &str, value: &str, zh: &str, en: &str, max: usize) -> Result<String> {
    validate::text(field, (zh, en), value, false, max, true)
}

/// Takes one workflow step, if the rules allow it: the record, the new
/// status, the history entry named after it.
pub(super) fn step(
    ctx: &Ctx,
    case_id: i64,
    step: Step,
    record: Record,
    then: impl FnOnce(&mut Write) -> Result<()>,
) -> Result<CaseView> {
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
pub(super) fn add(ctx: &Ctx, case_id: i64, record: Record) -> Result<CaseView> {
    ctx.write(|w| add_in(w, case_id, record))?;
    cases::view_case(ctx, case_id)
}

pub(super) fn add_in(w: &mut Write, case_id: i64, record: Record) -> Result<()> {
    let head = scases::head(w.tx, case_id)?;
    if !head.status.is_open() {
        return Err(closed(&head.number));
    }
    let actor = w.actor().to_string();
    records::insert(w.tx, case_id, &record, &w.now_text(), &actor)?;
    w.audit(Some(case_id), record.kind(), record.data());
    Ok(())
}

pub(super) fn closed(number: &str) -> DeskError {
    DeskError::refused(
        "case_closed",
        format!("案件{number}已办结（归档或不予受理），不能再添加办理记录。"),
        format!(
            "Case {number} is closed (archived or not accepted); no more records can be added."
        ),
    )
}
