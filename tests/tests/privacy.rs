//! The complainant's identity: every output × every role. Those who take
//! part in the case see it; everyone else sees it masked, finds nobody by
//! the complainant's name, and can reveal it only with a logged reason.
//! Documents for the accused never carry it, whoever prints them.

use std::collections::BTreeMap;

use desk_core::accounts::{NewUser, Role};
use desk_core::docs::templates::DocType;
use desk_core::handling::{Action, Conclusion, Defence, InvestigationMode, Recusal};
use desk_core::model::{CaseInput, ListQuery, Person};
use desk_core::register::DocKind;
use desk_core::report::{Period, PeriodKind};
use desk_core::stats::StatsQuery;
use desk_core::Register;
use desk_tests::*;

/// What identifies the complainant in the case below (and nothing else in it).
const IDENTITY: [&str; 5] = ["王小明", "13800138000", "质检科", "操作工", "示范路8号"];

fn complaint() -> CaseInput {
    let mut c = named_complaint();
    c.complainants = vec![Person {
        name: "王小明".into(),
        unit: "质检科".into(),
        position: "操作工".into(),
        phone: "13800138000".into(),
        address: "上海市浦东新区示范路8号".into(),
    }];
    c.witnesses = vec![];
    c
}

/// The office: (user name, display name, roles, takes part in the case).
const STAFF: [(&str, &str, &[Role], bool); 9] = [
    ("admin", "管理员", &[Role::Admin], false),
    ("lina", "李娜", &[Role::Clerk], true),
    ("zhou", "周敏", &[Role::Clerk], false),
    ("chen", "陈科长", &[Role::Reviewer], true),
    ("wu", "吴科长", &[Role::Reviewer], false),
    ("zhang", "张督查", &[Role::Inspector], true),
    ("qian", "钱督查", &[Role::Inspector], false),
    ("liu", "刘书记", &[Role::Leader], true),
    ("zheng", "郑总", &[Role::Leader], false),
];

fn password(u: &str) -> String {
    format!("{u}-pass-2026")
}

fn as_user(r: &mut Register, username: &str) {
    let _ = r.sign_out();
    r.sign_in(username, &password(username))
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"));
}

/// Everyone exists; 李娜 registers the case, 陈科长 reviews it and assigns
/// 张督查, who investigates; 刘书记 approves the findings.
fn office_with_a_case() -> (Fixture, i64) {
    let mut fx = fresh_register("enterprise");
    let r = &mut fx.register;
    for (u, name, roles, _) in STAFF {
        if u != "admin" {
            as_user(r, "admin");
        }
        r.create_user(
            &NewUser {
                username: u.into(),
                display_name: name.into(),
                password: password(u),
                roles: roles.to_vec(),
            },
            "管理员",
        )
        .expect("user");
    }
    as_user(r, "lina");
    let id = r.create_case(&complaint(), "李娜").expect("register").id;
    as_user(r, "chen");
    r.act(
        id,
        &Action::Accept {
            comment: String::new(),
        },
        "陈科长",
    )
    .unwrap();
    let review = Action::Review {
        reviewer: "陈科长".into(),
        mode: InvestigationMode::Single,
        inspectors: vec!["张督查".into()],
        department: "企业管理部".into(),
        comment: String::new(),
    };
    r.act(id, &review, "陈科长").unwrap();
    as_user(r, "zhang");
    r.act(
        id,
        &Action::StartInvestigation {
            comment: String::new(),
        },
        "张督查",
    )
    .unwrap();
    let defence = Defence {
        asked_on: "2026-11-24".into(),
        declined: true,
        statement: String::new(),
    };
    r.record_defence(id, &defence, "张督查").unwrap();
    let findings = Action::WriteFindings {
        conclusion: Conclusion::Substantiated,
        facts: "经核查，反映的问题属实。".into(),
        responsibility: String::new(),
        // A penalty proposal needs the leader's approval (enterprise preset).
        proposals: vec!["penalty".into()],
        rectification_due: None,
        org_notice: false,
    };
    r.act(id, &findings, "张督查").unwrap();
    as_user(r, "liu");
    let approve = Action::Approve {
        approver: "刘书记".into(),
        comment: "同意".into(),
    };
    r.act(id, &approve, "刘书记").expect("the leader approves");
    (fx, id)
}

fn leaks(text: &str) -> Vec<&'static str> {
    IDENTITY.into_iter().filter(|s| text.contains(s)).collect()
}

#[test]
fn every_output_shows_the_identity_only_to_those_who_take_part() {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    let no_extra = BTreeMap::new();
    for (u, name, roles, takes_part) in STAFF {
        as_user(r, u);
        let list = serde_json::to_string(&r.list_cases(&ListQuery::default()).unwrap()).unwrap();
        let found = r
            .list_cases(&ListQuery {
                text: "王小明".into(),
                ..Default::default()
            })
            .unwrap()
            .total;
        let view = r.case_view(id).unwrap();
        let view_json = serde_json::to_string(&view).unwrap();
        let csv = r.export_csv(&ListQuery::default()).unwrap();
        let dashboard = serde_json::to_string(
            &r.dashboard(&StatsQuery {
                from: "2026-01-01".into(),
                to: "2026-12-31".into(),
                ..Default::default()
            })
            .unwrap(),
        )
        .unwrap();
        let outputs = [
            ("the register list", list),
            ("the case view", view_json),
            ("the CSV export", csv),
        ];
        for (what, text) in &outputs {
            if takes_part {
                assert!(
                    text.contains("王小明"),
                    "{name} should see the name in {what}"
                );
            } else {
                assert!(
                    leaks(text).is_empty(),
                    "{what} shows {:?} to {name}",
                    leaks(text)
                );
            }
        }
        assert!(
            leaks(&dashboard).is_empty(),
            "the dashboard shows identity to {name}"
        );
        assert_eq!(view.identity_masked, !takes_part, "{name}");
        assert_eq!(
            found,
            u64::from(takes_part),
            "{name} searching the complainant's name"
        );
        if !takes_part {
            assert!(view.case.complainants[0].name == "王**", "{name}");
            assert_eq!(view.case.complainants[0].phone, "138****8000");
        }

        // The notice to the accused never carries identity, whoever prints it.
        let notice = DocType::NoticeToAccused;
        let body = r.template(notice).unwrap().body;
        let text: String = r
            .preview_text(id, notice, &body, &no_extra)
            .unwrap()
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert!(leaks(&text).is_empty(), "notice preview for {name}");
        match r.issue_document(id, notice, &no_extra, name) {
            Ok((_, pdf)) => {
                assert!(roles.iter().any(|r| *r != Role::Admin));
                let text = desk_tests::pdf::pdf_text(&format!("privacy-notice-{u}"), &pdf);
                assert!(leaks(&text).is_empty(), "notice PDF printed by {name}");
            }
            Err(e) => assert_eq!((e.code(), roles), ("forbidden", &[Role::Admin][..])),
        }
        // A letter that names the complainant only for those who take part.
        match r.issue_document(id, DocType::ReplyLetter, &no_extra, name) {
            Ok((_, pdf)) => {
                assert!(takes_part, "{name} printed the reply letter");
                let text = desk_tests::pdf::pdf_text(&format!("privacy-reply-{u}"), &pdf);
                assert!(text.contains("王小明"));
            }
            Err(e) if takes_part => panic!("{name} could not print the reply: {e}"),
            Err(e) => assert!(
                ["identity_needed", "forbidden"].contains(&e.code()),
                "{name}: {}",
                e.code()
            ),
        }
        // Every other document: refused to those who may not see the
        // complainant; the ones for the accused never carry identity.
        let may_issue = roles.iter().any(|r| *r != Role::Admin);
        let slips =
            [DocKind::Slip, DocKind::Receipt].map(|k| (k.code(), r.render_document(id, k, name)));
        let letters = DocType::ALL.map(|t| {
            (
                t,
                r.issue_document(id, t, &no_extra, name).map(|(_, pdf)| pdf),
            )
        });
        let all = slips
            .into_iter()
            .map(|(code, res)| (code.to_string(), false, res))
            .chain(
                letters
                    .into_iter()
                    .map(|(t, res)| (t.code().to_string(), t.for_accused(), res)),
            );
        let mut issued = 0;
        for (doc, for_accused, result) in all {
            match result {
                Ok(pdf) => {
                    issued += 1;
                    assert!(may_issue, "{name} issued {doc}");
                    let text = desk_tests::pdf::pdf_text(&format!("privacy-{doc}-{u}"), &pdf);
                    if for_accused || !takes_part {
                        assert!(
                            leaks(&text).is_empty(),
                            "{doc} by {name} shows {:?}",
                            leaks(&text)
                        );
                    }
                    assert!(
                        takes_part || for_accused,
                        "{name} issued {doc} without taking part"
                    );
                }
                Err(e) => match e.code() {
                    "forbidden" => assert!(!may_issue, "{name} refused {doc}"),
                    "identity_needed" => assert!(!takes_part && !for_accused, "{name}: {doc}"),
                    // Refused for what the case lacks (e.g. no reward proposed):
                    // never for who asked, and nothing was printed.
                    _ => assert!(
                        may_issue && (takes_part || for_accused),
                        "{name} {doc}: {e}"
                    ),
                },
            }
        }
        // Slip, receipt, not-accepted, extension, notice, report, reply: all
        // but the transcript (no interview) and the reward notice (no reward).
        let expected = match (may_issue, takes_part) {
            (false, _) => 0,
            (true, true) => 7,
            (true, false) => 1,
        };
        assert_eq!(issued, expected, "documents {name} could issue");
        // Spreadsheets: the register's XLSX like the CSV; the period report
        // (PDF, XLSX) masks everyone.
        let xlsx = unzip_text(&r.export_xlsx(&ListQuery::default()).unwrap());
        assert_eq!(
            xlsx.contains("王小明"),
            takes_part,
            "register XLSX for {name}"
        );
        if !takes_part {
            assert!(
                leaks(&xlsx).is_empty(),
                "register XLSX shows {:?} to {name}",
                leaks(&xlsx)
            );
        }
        let period = Period::new(
            PeriodKind::Year,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        );
        let report =
            serde_json::to_string(&r.period_report(&period, &Default::default()).unwrap()).unwrap();
        assert!(leaks(&report).is_empty(), "period report for {name}");
        let report_xlsx = unzip_text(&r.period_report_xlsx(&period, &Default::default()).unwrap());
        assert!(
            leaks(&report_xlsx).is_empty(),
            "period report XLSX for {name}"
        );
        let report_pdf = r
            .period_report_pdf(&period, &Default::default(), &[])
            .unwrap();
        let report_text = desk_tests::pdf::pdf_text(&format!("privacy-report-{u}"), &report_pdf);
        assert!(
            leaks(&report_text).is_empty(),
            "period report PDF for {name}"
        );
    }
}

/// Every file of an XLSX (a zip) as text.
fn unzip_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let _ = std::io::Read::read_to_string(&mut f, &mut out);
    }
    out
}

#[test]
fn revealing_needs_a_reason_is_logged_and_lasts_one_view() {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    as_user(r, "zhou");
    let err = r.reveal_identity(id, " ", "周敏").unwrap_err();
    assert_eq!(err.code(), "validation");
    let shown = r
        .reveal_identity(id, "投诉人来电补充材料，需核对身份", "周敏")
        .unwrap();
    assert!(!shown.identity_masked);
    assert_eq!(shown.case.complainants[0].name, "王小明");
    assert!(r.case_view(id).unwrap().identity_masked);
    let logged = r
        .history(Some(id))
        .unwrap()
        .into_iter()
        .find(|h| h.action == "identity_revealed")
        .expect("the reveal is in the history");
    assert_eq!(logged.actor, "周敏");
    assert_eq!(logged.detail["reason"], "投诉人来电补充材料，需核对身份");
    assert!(desk_core::audit::verify(r.connection()).unwrap().intact);
}

#[test]
fn a_handler_who_declares_recusal_loses_access() {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    as_user(r, "zhang");
    assert!(!r.case_view(id).unwrap().identity_masked);
    r.declare_recusal(
        id,
        &Recusal {
            handler: "张督查".into(),
            reason: "与投诉人系亲属".into(),
        },
        "张督查",
    )
    .unwrap();
    assert!(r.case_view(id).unwrap().identity_masked);
    let found = r
        .list_cases(&ListQuery {
            text: "王小明".into(),
            ..Default::default()
        })
        .unwrap()
        .total;
    assert_eq!(found, 0);
    assert_eq!(
        r.reveal_identity(id, "想看看", "张督查")
            .unwrap_err()
            .code(),
        "recused"
    );
}

#[test]
fn without_sign_in_nothing_is_shown() {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    r.sign_out().unwrap();
    assert_eq!(r.case_view(id).unwrap_err().code(), "not_signed_in");
    assert_eq!(
        r.list_cases(&ListQuery::default()).unwrap_err().code(),
        "not_signed_in"
    );
    assert_eq!(
        r.export_csv(&ListQuery::default()).unwrap_err().code(),
        "not_signed_in"
    );
}

/// The case of `office_with_a_case`, replied to, followed up and archived.
fn archived_case() -> (Fixture, i64) {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    as_user(r, "lina");
    for doc in [DocType::NoticeToAccused, DocType::ReplyLetter] {
        r.issue_document(id, doc, &BTreeMap::new(), "李娜").unwrap();
    }
    for step in [
        Action::Reply {
            method: "letter".into(),
            summary: "已责令改正，王小明的诉求已落实".into(),
        },
        Action::FollowUp {
            satisfaction: desk_core::handling::Satisfaction::Satisfied,
            note: "电话13800138000回访，满意".into(),
        },
        Action::Archive {
            comment: String::new(),
        },
    ] {
        r.act(id, &step, "李娜").unwrap();
    }
    (fx, id)
}

#[test]
fn a_closed_case_is_anonymised_only_after_the_retention_period_and_on_confirmation() {
    let (mut fx, id) = archived_case();
    let r = &mut fx.register;
    as_user(r, "admin");
    assert_eq!(r.retention_years().unwrap(), 5);
    assert!(r.anonymisation_due().unwrap().is_empty());
    let number = r.get_case(id).unwrap().number;
    assert_eq!(
        r.anonymise_case(id, &number, "管理员").unwrap_err().code(),
        "retention_not_over"
    );
    fx.clock.advance_seconds(5 * 366 * 24 * 3600);
    let r = &mut fx.register;
    as_user(r, "admin");
    let due = r.anonymisation_due().unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].retention_ends, "2031-11-24");
    assert_eq!(
        r.anonymise_case(id, "TS-2026-999999", "管理员")
            .unwrap_err()
            .code(),
        "validation"
    );
    r.anonymise_case(id, &number, "管理员").unwrap();

    // The case stays, with its history and records; the identity is gone
    // from every table, the search index and the kept documents.
    let case = r.get_case(id).unwrap();
    assert_eq!(case.number, number);
    assert_eq!(case.status, "archived");
    let everything = serde_json::to_string(&case).unwrap();
    assert!(leaks(&everything).is_empty(), "{:?}", leaks(&everything));
    assert!(everything.contains("（已匿名化）"));
    for table in [
        "complainants",
        "cases",
        "case_records",
        "case_search",
        "case_identity_search",
    ] {
        let dump: String = r
            .connection()
            .query_row(
                &format!("SELECT group_concat(quote(t.*), ' ') FROM (SELECT * FROM {table}) t"),
                [],
                |row| row.get::<_, Option<String>>(0),
            )
            .unwrap_or_default()
            .unwrap_or_default();
        assert!(
            leaks(&dump).is_empty(),
            "{table} still holds {:?}",
            leaks(&dump)
        );
    }
    as_user(r, "lina");
    let docs = r.issued_documents(id).unwrap();
    let reply = docs.iter().find(|d| d.doc_type == "reply_letter").unwrap();
    assert_eq!(
        r.reprint(reply.id).unwrap_err().code(),
        "document_anonymised"
    );
    let notice = docs
        .iter()
        .find(|d| d.doc_type == "notice_to_accused")
        .unwrap();
    r.reprint(notice.id)
        .expect("the notice to the accused never held identity");
    as_user(r, "admin");
    assert!(r.anonymisation_due().unwrap().is_empty());
    let report = desk_core::audit::verify(r.connection()).unwrap();
    assert!(report.intact, "{report:?}");
}

#[test]
fn nothing_but_the_anonymisation_changes_a_record_or_an_issued_document() {
    let (fx, id) = archived_case();
    let c = fx.register.connection();
    let edit = c.execute(
        "UPDATE case_records SET data = '{}' WHERE case_id = ?1",
        [id],
    );
    assert!(edit.unwrap_err().to_string().contains("append-only"));
    let empty = c.execute(
        "UPDATE issued_documents SET pdf = X'' WHERE case_id = ?1",
        [id],
    );
    assert!(empty.unwrap_err().to_string().contains("kept as issued"));
}

#[test]
fn everything_held_about_a_person_is_exported_for_the_administrator_only() {
    let (mut fx, id) = office_with_a_case();
    let r = &mut fx.register;
    as_user(r, "zhou");
    let q = desk_core::privacy::PersonQuery {
        name: "王小明".into(),
        phone: String::new(),
    };
    assert_eq!(r.personal_data(&q, "周敏").unwrap_err().code(), "forbidden");
    as_user(r, "admin");
    let data = r.personal_data(&q, "管理员").unwrap();
    assert_eq!(data.cases.len(), 1);
    assert_eq!(data.cases[0].role, "complainant");
    assert_eq!(data.cases[0].case.id, id);
    assert_eq!(data.cases[0].case.complainants[0].phone, "13800138000");
    let by_phone = r
        .personal_data(
            &desk_core::privacy::PersonQuery {
                name: String::new(),
                phone: "13800138000".into(),
            },
            "管理员",
        )
        .unwrap();
    assert_eq!(by_phone.cases.len(), 1);
    let logged = r
        .history(None)
        .unwrap()
        .into_iter()
        .find(|h| h.action == "personal_data_exported")
        .unwrap();
    // The audit trail says that it happened, without keeping the name itself.
    assert_eq!(logged.detail["name"], "王**");
}

#[test]
fn an_older_register_learns_who_takes_part_and_splits_identity_out_of_search() {
    let (fx, id) = with_case("enterprise", &complaint());
    let path = fx.path();
    drop(fx.register);
    {
        // Back to the schema before accounts: no participants, identity in the one index.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE users; DROP TABLE sign_in_failures; DROP TABLE case_people; DROP TABLE attachment_blobs;
             DROP TABLE case_identity_search;
             DROP TRIGGER case_records_no_update; DROP TRIGGER issued_documents_no_update;
             ALTER TABLE cases DROP COLUMN anonymised_at;
             DROP INDEX cases_legacy_number;
             ALTER TABLE cases DROP COLUMN legacy_number;
             ALTER TABLE case_records DROP COLUMN redacted_at;
             ALTER TABLE issued_documents DROP COLUMN redacted_at;
             DROP TRIGGER history_no_update;
             ALTER TABLE history DROP COLUMN hv;
             ALTER TABLE history DROP COLUMN detail_sha;
             ALTER TABLE history DROP COLUMN redacted_at;
             CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                 BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
             CREATE TRIGGER case_records_no_update BEFORE UPDATE ON case_records
                 BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
             CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
                 BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
             DELETE FROM case_search;
             INSERT INTO case_search (rowid, body) VALUES (1, '王 小 明 十 月 份');
             PRAGMA user_version = 5;",
        )
        .unwrap();
    }
    let mut r = Register::open(&path, fx.clock.clone()).expect("upgrades");
    let people: Vec<String> = r
        .connection()
        .prepare("SELECT DISTINCT name FROM case_people WHERE case_id = ?1 ORDER BY name")
        .unwrap()
        .query_map([id], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(people, ["李娜"]);
    let body: String = r
        .connection()
        .query_row(
            "SELECT body FROM case_search WHERE rowid = ?1",
            [id],
            |row| row.get(0),
        )
        .unwrap();
    assert!(!body.contains('王'), "{body}");
    r.create_user(
        &NewUser {
            username: "lina".into(),
            display_name: "李娜".into(),
            password: password("lina"),
            roles: vec![Role::Clerk],
        },
        "setup",
    )
    .unwrap();
    as_user(&mut r, "lina");
    let hits = r
        .list_cases(&ListQuery {
            text: "王小明".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.total, 1);
}
