//! Every operation of the list × every kind of caller: signed out, locked,
//! each role alone, and for each role someone who takes part in the case,
//! someone who does not, and someone who recused. Each call is allowed or
//! refused exactly as its declaration says, measured against the office
//! rules written out here (not read from the core), and nothing a
//! non-participant gets back carries a complainant's or an anonymous
//! reporter's identity.

use desk_core::api::ops::OPERATIONS;
use desk_core::api::types::*;
use desk_core::domain::roles::{Access, CaseScope, Perm};
use desk_core::{Caller, CaseOp};
use desk_tests::*;
use serde_json::{json, Value};

/// Who holds each permission, as the office's rules say (seed 002 and the
/// defaults of this register). Written out here so that a change to the
/// core's role table shows up as a failure.
fn spec_roles(p: Perm) -> &'static [Role] {
    use Role::*;
    match p {
        Perm::RegisterCase => &[Clerk],
        Perm::Decide => &[Reviewer, Leader],
        Perm::Investigate => &[Inspector, Reviewer],
        Perm::Link => &[Clerk, Inspector, Reviewer],
        Perm::Approve => &[Leader],
        Perm::Extend => &[Reviewer, Leader],
        Perm::Close => &[Clerk, Inspector, Reviewer],
        Perm::DeclareRecusal => &[Clerk, Inspector, Reviewer, Leader],
        Perm::IssueDocuments => &[Clerk, Inspector, Reviewer, Leader],
        Perm::ProposeReward => &[Inspector, Reviewer],
        Perm::DecidePenaltiesAndRewards => &[Leader],
        Perm::PayReward => &[Clerk, Leader],
        Perm::RevealIdentity => &[Leader],
        Perm::Administer => &[Admin],
    }
}

/// What each operation requires of its caller, as the office's rules say,
/// written out here so that a declaration changed in the core (a
/// permission removed, a case scope widened) fails this test instead of
/// moving the expectation with it.
fn spec_access(op: &str) -> Option<Access> {
    use Access::{Case, FirstRun, Public, SignedIn};
    use CaseScope::*;
    use Perm::*;
    Some(match op {
        "app_info" | "session_state" | "set_language" | "sign_in" | "sign_out" | "lock_session"
        | "unlock_session" => Public,
        "setup_office" | "create_first_admin" => FirstRun,
        "list_users"
        | "access_rules"
        | "get_policy"
        | "letterhead_logo_info"
        | "get_calendar"
        | "calendar_status"
        | "reward_policy"
        | "get_case"
        | "list_cases"
        | "find_by_query_code"
        | "save_draft"
        | "load_draft"
        | "discard_draft"
        | "verify_attachments"
        | "due_board"
        | "due_count"
        | "issued_documents"
        | "list_templates"
        | "reward_range"
        | "reward_state"
        | "accountability_flags"
        | "handler_stats"
        | "dashboard"
        | "export_register_csv"
        | "export_register_xlsx"
        | "period_report"
        | "period_report_pdf"
        | "period_report_xlsx" => SignedIn,
        "create_user"
        | "update_user"
        | "set_access_rules"
        | "unmapped_participants"
        | "map_participant"
        | "update_deadline_rules"
        | "get_settings"
        | "update_settings"
        | "update_office"
        | "set_letterhead_logo"
        | "set_calendar_year"
        | "read_holiday_notice"
        | "set_reward_preset"
        | "save_template"
        | "reset_template"
        | "preview_template"
        | "preview_pdf"
        | "export_personal_data"
        | "anonymisation_due"
        | "verify_audit"
        | "audit_head"
        | "backup_now"
        | "list_backups"
        | "restore_backup"
        | "set_register_passphrase"
        | "plain_leftovers"
        | "deal_with_leftover" => Access::Perm(Administer),
        "register_case" | "import_preview" | "import_commit" | "intake_matches" => {
            Access::Perm(RegisterCase)
        }
        "reveal_identity" => Case(RevealIdentity, Any),
        "accept_case" | "not_accept_case" | "review_case" | "escalate_case" | "reopen_case" => {
            Case(Decide, Any)
        }
        "record_not_accepted_notice" | "archive_case" => Case(Close, Any),
        "start_investigation"
        | "write_findings"
        | "record_defence"
        | "record_interview"
        | "record_evidence"
        | "record_site_check"
        | "pause_clock"
        | "resume_clock" => Case(Investigate, Participant),
        "approve_findings" | "reject_findings" => Case(Approve, Any),
        "record_reply" | "record_follow_up" | "record_no_follow_up" => Case(Close, Participant),
        "declare_recusal" => Case(DeclareRecusal, Any),
        "extend_deadline" => Case(Extend, Any),
        "link_cases" => Case(Link, Any),
        "issue_document" | "reprint_document" => Case(IssueDocuments, Participant),
        "batch_reply_letters" => Access::Perm(IssueDocuments),
        "propose_reward" | "record_consent" => Case(ProposeReward, Participant),
        "decide_reward" | "record_violation" => Case(DecidePenaltiesAndRewards, Any),
        "pay_reward" => Case(PayReward, Any),
        "decide_flag" => Access::Perm(DecidePenaltiesAndRewards),
        "anonymise_case" => Case(Administer, Any),
        _ => return None,
    })
}

/// What identifies the complainant of the named case, and the anonymous
/// reporter's payee name and query code on the other.
const IDENTITY: [&str; 6] = [
    "王小明",
    "13800138000",
    "质检科",
    "操作工",
    "示范路8号",
    "赵举报",
];

/// The codes that mean "refused for who you are", as opposed to anything
/// the operation itself may answer.
const ACCESS_CODES: [&str; 7] = [
    "not_signed_in",
    "session_locked",
    "forbidden",
    "not_participant",
    "recused",
    "accounts_exist",
    "accounts_not_ready",
];

#[derive(Debug, Clone)]
struct Who {
    label: String,
    caller: Caller,
    roles: Vec<Role>,
    signed_in: bool,
    locked: bool,
    participant: bool,
    recused: bool,
}

fn expected(access: Access, w: &Who) -> bool {
    let session = w.signed_in && !w.locked;
    let holds = |p: Perm| spec_roles(p).iter().any(|r| w.roles.contains(r));
    match access {
        Access::Public => true,
        Access::FirstRun => false,
        Access::SignedIn => session,
        Access::Perm(p) => session && holds(p),
        Access::Case(p, scope) => {
            session && holds(p) && !w.recused && (scope == CaseScope::Any || w.participant)
        }
    }
}

/// An input for every operation: valid enough to pass the access check,
/// and chosen so that nothing it reaches changes what the next call sees.
fn sample(op: &str, case: i64, anon: i64, doc: i64, flag: i64, user: i64) -> Value {
    let on = |input: Value| json!({"case_id": case, "version": null, "input": input});
    match op {
        "app_info"
        | "session_state"
        | "sign_out"
        | "lock_session"
        | "list_users"
        | "access_rules"
        | "unmapped_participants"
        | "get_policy"
        | "get_settings"
        | "letterhead_logo_info"
        | "get_calendar"
        | "calendar_status"
        | "reward_policy"
        | "due_board"
        | "due_count"
        | "list_templates"
        | "accountability_flags"
        | "handler_stats"
        | "anonymisation_due"
        | "audit_head"
        | "backup_now"
        | "list_backups"
        | "plain_leftovers" => Value::Null,
        "set_language" => json!("zh-CN"),
        "sign_in" => json!({"username": "nobody-at-all", "password": "x"}),
        "unlock_session" => json!({"password": ""}),
        "setup_office" => json!({"office_name": "", "preset": ""}),
        "create_first_admin" | "create_user" => {
            json!({"username": "", "display_name": "", "password": "", "roles": []})
        }
        "update_user" => {
            json!({"id": user, "display_name": "", "roles": [], "active": true, "password": ""})
        }
        "set_access_rules" => json!({"reveal_roles": ["leader"]}),
        "map_participant" => json!({"name": "", "user_id": user}),
        "update_deadline_rules" => {
            json!([{"code": "", "label_zh": "", "label_en": "", "from": "", "period": {"amount": 0, "unit": "calendar_days"}, "met_by": ""}])
        }
        "update_settings" => json!({"idle_lock_minutes": 0, "retention_years": 0}),
        "update_office" => json!({"name": "", "address": "", "phone": ""}),
        "set_letterhead_logo" => json!("bm90IGFuIGltYWdl"),
        "set_calendar_year" => json!({"year": 1999, "arrangement": {"off": [], "workdays": []}}),
        "read_holiday_notice" => json!({"text": "", "year": 2027}),
        "set_reward_preset" => json!("no-such-preset"),
        "register_case" => json!({"kind": ""}),
        "get_case" | "verify_attachments" | "issued_documents" | "reward_state" => {
            json!({"case_id": case})
        }
        "list_cases" => json!({"text": "王小明"}),
        "find_by_query_code" => json!("0000-0000-0000-0000"),
        // The named case's own phone and name: whoever does not take part
        // gets it back masked.
        "intake_matches" => json!({"phones": ["138 0013 8000"], "names": ["王小明"]}),
        "save_draft" => json!({"key": "", "body": {}}),
        "load_draft" | "discard_draft" => json!({"key": ""}),
        "reveal_identity" => on(json!({"reason": ""})),
        "accept_case" | "start_investigation" | "approve_findings" => on(json!({"comment": ""})),
        "reject_findings" | "escalate_case" | "reopen_case" => on(json!({"comment": ""})),
        "archive_case" => on(json!({"comment": ""})),
        "not_accept_case" => on(json!({"ground": "court", "reason": ""})),
        "record_not_accepted_notice" => on(json!({"sent_on": ""})),
        "review_case" => on(json!({"mode": "single", "inspector_ids": [], "department": ""})),
        "write_findings" => on(json!({"conclusion": "unfounded", "facts": ""})),
        "record_reply" => on(json!({"method": "", "summary": ""})),
        "record_follow_up" => on(json!({"satisfaction": "satisfied", "note": "\u{0}"})),
        "record_no_follow_up" => on(json!({"reason": ""})),
        "record_defence" => on(json!({"asked_on": "", "declined": true})),
        "record_interview" => on(json!({"at": ""})),
        "record_evidence" => on(json!({"evidence": {"description": ""}})),
        "record_site_check" => on(json!({"at": ""})),
        "declare_recusal" => on(json!({"reason": ""})),
        "pause_clock" => on(json!({"from": "", "reason": ""})),
        "resume_clock" => on(json!({"on": ""})),
        "extend_deadline" => on(json!({"new_due": "", "reason": "", "notice_sent_on": ""})),
        "link_cases" => on(json!({"other_number": "", "kind": "x"})),
        "issue_document" => on(json!({"doc_type": "no_such_document"})),
        "reprint_document" => on(json!({"doc_id": doc})),
        "batch_reply_letters" => json!({"extra": {}}),
        "save_template" | "reset_template" => json!({"doc_type": "no_such_document", "body": ""}),
        "preview_template" | "preview_pdf" => {
            json!({"case_id": case, "doc_type": "no_such_document", "body": ""})
        }
        "reward_range" => json!({"rule": "no-such-rule"}),
        "propose_reward" => json!({"case_id": anon, "input": {"rule": "no-such-rule"}}),
        "decide_reward" => json!({"case_id": anon, "input": {"approve": false, "comment": ""}}),
        "pay_reward" => json!({"case_id": anon, "input": {"paid_on": ""}}),
        "record_consent" => json!({"case_id": anon, "input": {"consent": true}}),
        "decide_flag" => json!({"id": flag, "confirm": true, "reason": ""}),
        "record_violation" => on(json!({"handler": "", "rule": "no-such-rule", "note": ""})),
        "export_personal_data" => json!({"name": "", "phone": ""}),
        "anonymise_case" => on(json!({"number": "not-the-number"})),
        "dashboard" => json!({"from": "2026-01-01", "to": "2026-12-31"}),
        "export_register_csv" | "export_register_xlsx" => json!({}),
        "period_report" | "period_report_pdf" | "period_report_xlsx" => {
            json!({"period": {"kind": "month", "anchor": "2026-11-24"}})
        }
        "import_preview" => json!({"file_name": "x.csv", "bytes": ""}),
        "import_commit" => json!({"file_name": "x.csv", "bytes": "", "mode": "all_or_nothing"}),
        "verify_audit" => Value::Null,
        "restore_backup" => json!({"name": "not-a-backup"}),
        "set_register_passphrase" => json!({"passphrase": "short"}),
        "deal_with_leftover" => json!({"path": "", "action": "delete"}),
        other => panic!("the matrix has no sample input for the operation {other}: add one"),
    }
}

/// The office: one person per role taking part in the named case, one not
/// taking part, one who recused; the named complaint handled to approval;
/// an anonymous report rewarded and paid to a payee.
struct Office {
    fx: Fixture,
    case: i64,
    anon: i64,
    doc: i64,
    flag: i64,
    people: Vec<Who>,
}

fn office() -> Office {
    let mut fx = fresh_register("enterprise");
    let roles = [Role::Clerk, Role::Inspector, Role::Reviewer, Role::Leader];
    let name = |r: Role, kind: &str| format!("{}-{kind}", r.code());
    for r in roles {
        for kind in ["in", "out", "recused"] {
            fx.user(&name(r, kind), &[r]);
        }
    }
    fx.user(&name(Role::Admin, "out"), &[Role::Admin]);
    let clerk = fx.user(&name(Role::Clerk, "in"), &[Role::Clerk]);
    let reviewer = fx.user(&name(Role::Reviewer, "in"), &[Role::Reviewer]);
    let inspector = fx.user(&name(Role::Inspector, "in"), &[Role::Inspector]);
    let leader = fx.user(&name(Role::Leader, "in"), &[Role::Leader]);
    let mut c = named_complaint();
    c.complainants[0].unit = "质检科".into();
    c.witnesses.clear();
    let d = &fx.desk;
    let case = d.register_case(&clerk, c).expect("register").case.id;
    let anon = d
        .register_case(&clerk, anonymous_report())
        .expect("register the report")
        .case;
    let code = anon.query_code.clone().expect("query code");
    let anon = anon.id;
    let inspector_id = fx.id_of(&name(Role::Inspector, "in"));
    for id in [case, anon] {
        d.accept_case(&reviewer, CaseOp::new(id, Comment::default()))
            .expect("accept");
        d.review_case(&reviewer, CaseOp::new(id, review(inspector_id)))
            .expect("review");
        d.start_investigation(&inspector, CaseOp::new(id, Comment::default()))
            .expect("start");
        d.record_defence(
            &inspector,
            CaseOp::new(
                id,
                Defence {
                    asked_on: "2026-11-24".into(),
                    declined: true,
                    statement: String::new(),
                },
            ),
        )
        .expect("defence");
        d.write_findings(
            &inspector,
            CaseOp::new(
                id,
                Findings {
                    conclusion: Conclusion::Substantiated,
                    facts: "经核查属实。".into(),
                    responsibility: String::new(),
                    proposals: vec![],
                    rectification_due: None,
                    org_notice: false,
                },
            ),
        )
        .expect("findings");
        d.approve_findings(&leader, CaseOp::new(id, Comment::default()))
            .expect("approve");
    }
    // The anonymous reporter's reward, paid to the name they chose to give.
    d.propose_reward(
        &inspector,
        CaseOp::new(
            anon,
            ProposalInput {
                rule: "other".into(),
                recovered: "10000".into(),
                amount: "1500".into(),
                ..Default::default()
            },
        ),
    )
    .expect("propose");
    d.decide_reward(
        &leader,
        CaseOp::new(
            anon,
            RewardDecision {
                approve: true,
                comment: String::new(),
            },
        ),
    )
    .expect("approve the reward");
    d.pay_reward(
        &leader,
        CaseOp::new(
            anon,
            Payment {
                paid_on: "2026-11-24".into(),
                method: "cash".into(),
                payer: "财务".into(),
                receipt_no: "R-1".into(),
                recipient: "赵举报".into(),
                query_code: code,
            },
        ),
    )
    .expect("pay");
    let doc = d
        .issue_document(
            &clerk,
            CaseOp::new(
                case,
                IssueInput {
                    doc_type: "slip".into(),
                    ..Default::default()
                },
            ),
        )
        .expect("slip")
        .doc
        .id;
    let flag = d
        .record_violation(
            &leader,
            CaseOp::new(
                case,
                Violation {
                    handler: "某人".into(),
                    rule: "obstruct".into(),
                    note: String::new(),
                },
            ),
        )
        .expect("violation")
        .id;
    // Those who recuse, on both cases.
    for r in roles {
        let who = fx.user(&name(r, "recused"), &[r]);
        for id in [case, anon] {
            fx.desk
                .declare_recusal(
                    &who,
                    CaseOp::new(
                        id,
                        RecusalInput {
                            user_id: None,
                            reason: "亲属关系".into(),
                        },
                    ),
                )
                .expect("recuse");
        }
    }
    let mut people = Vec::new();
    for r in roles {
        for kind in ["in", "out", "recused"] {
            let n = name(r, kind);
            people.push(Who {
                label: n.clone(),
                caller: fx.user(&n, &[r]),
                roles: vec![r],
                signed_in: true,
                locked: false,
                participant: kind == "in",
                recused: kind == "recused",
            });
        }
    }
    let admin_out = name(Role::Admin, "out");
    people.push(Who {
        label: admin_out.clone(),
        caller: fx.user(&admin_out, &[Role::Admin]),
        roles: vec![Role::Admin],
        signed_in: true,
        locked: false,
        participant: false,
        recused: false,
    });
    people.push(Who {
        label: "signed-out".into(),
        caller: seat("nobody"),
        roles: vec![],
        signed_in: false,
        locked: false,
        participant: false,
        recused: false,
    });
    // A leader taking part, whose seat is locked.
    let locked = fx.user("locked", &[Role::Leader]);
    fx.desk.lock_session(&locked, ()).expect("lock");
    people.push(Who {
        label: "locked".into(),
        caller: locked,
        roles: vec![Role::Leader],
        signed_in: true,
        locked: true,
        participant: false,
        recused: false,
    });
    Office {
        fx,
        case,
        anon,
        doc,
        flag,
        people,
    }
}

#[test]
fn every_operation_allows_and_refuses_exactly_as_declared_and_leaks_no_identity() {
    let o = office();
    let user = o.fx.id_of("clerk-out");
    let mut failures = Vec::new();
    let mut calls = 0;
    for spec in OPERATIONS {
        for w in o.people.clone() {
            let input = sample(spec.name, o.case, o.anon, o.doc, o.flag, user);
            let out = o.fx.desk.call_json(&w.caller, spec.name, input);
            calls += 1;
            let allowed = match &out {
                Ok(_) => true,
                Err(e) => !ACCESS_CODES.contains(&e.code()),
            };
            let access = spec_access(spec.name)
                .unwrap_or_else(|| panic!("{} is not in spec_access", spec.name));
            let want = expected(access, &w);
            if allowed != want {
                failures.push(format!(
                    "{} by {}: expected {}, got {}",
                    spec.name,
                    w.label,
                    if want { "allowed" } else { "refused" },
                    match &out {
                        Ok(_) => "allowed".to_string(),
                        Err(e) => format!("{} ({})", e.code(), e),
                    }
                ));
            }
            if let Ok(v) = &out {
                let sees = w.participant && !w.recused;
                // Bytes come as base64: a CSV is read as the text it is.
                let text = match v.as_str().and_then(|b| {
                    use base64::Engine;
                    base64::engine::general_purpose::STANDARD.decode(b).ok()
                }) {
                    Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    None => v.to_string(),
                };
                if !sees {
                    for s in IDENTITY {
                        if text.contains(s) {
                            failures.push(format!(
                                "{} returned {s} to {}, who does not take part",
                                spec.name, w.label
                            ));
                        }
                    }
                }
            }
            // Calls that change the seat's session are undone.
            if matches!(spec.name, "sign_out" | "lock_session") && w.signed_in {
                o.fx.sign_in_again(&w.label);
                if w.locked {
                    o.fx.desk.lock_session(&w.caller, ()).expect("lock again");
                }
            }
        }
    }
    assert!(calls >= OPERATIONS.len() * 15, "{calls} calls");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_matrix_covers_every_operation_of_the_list() {
    for spec in OPERATIONS {
        assert_eq!(
            spec_access(spec.name),
            Some(spec.access),
            "{} is declared differently from the office's rules",
            spec.name
        );
        let v = std::panic::catch_unwind(|| sample(spec.name, 1, 2, 3, 4, 5));
        assert!(v.is_ok(), "no sample input for {}", spec.name);
    }
}
