//! What the viewer may do on a case now, from the operation list, the
//! viewer's roles and standing, and the workflow.

use super::investigation::open_pause;
use super::*;

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

pub(crate) fn allowed(
    r: &Read,
    viewer: &Viewer,
    case: &CaseDetail,
    standing: Standing,
) -> Result<Allowed> {
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
        for name in RECORD_OPS
            .iter()
            .chain(["pause_clock", "resume_clock"].iter())
        {
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
