//! The complainant's identity: every output × every role. Those who take
//! part in the case see it; everyone else sees it masked, finds nobody by
//! the complainant's name, and can reveal it only with a logged reason (and
//! the office's chosen role). Documents are issued only by those who take
//! part; the ones for the accused never carry the identity.

use desk_core::api::types::*;
use desk_core::docs::templates::DocType;
use desk_core::{Caller, CaseOp, Desk};
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
        ..Default::default()
    }];
    c.witnesses = vec![];
    c
}

/// The office: (user name, display name, roles, takes part in the case).
/// The administrator is the fixture's, reduced to the administrator's role.
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

/// The seat of a member of the office, by user name.
fn at_desk(fx: &Fixture, username: &str) -> Caller {
    if username == "admin" {
        return fx.admin.clone();
    }
    let (_, name, _, _) = STAFF.iter().find(|s| s.0 == username).expect("staff");
    seat(name)
}

/// Signs the user in at their seat (again, after an idle lock).
fn sign_in(fx: &Fixture, username: &str) -> Caller {
    let who = at_desk(fx, username);
    let password = if username == "admin" {
        PASSWORD.to_string()
    } else {
        password(username)
    };
    fx.desk
        .sign_in(
            &who,
            SignIn {
                username: username.into(),
                password,
            },
        )
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"));
    who
}

fn id_of(fx: &Fixture, display_name: &str) -> i64 {
    fx.desk
        .list_users(&fx.admin, ())
        .unwrap()
        .into_iter()
        .find(|u| u.display_name == display_name)
        .expect("the user")
        .id
}

/// Everyone exists; 李娜 registers the case, 陈科长 reviews it and assigns
/// 张督查, who investigates; 刘书记 approves the findings.
fn office_with_a_case() -> (Fixture, i64) {
    let fx = fresh_register("enterprise");
    let admin_id = id_of(&fx, "管理员");
    fx.desk
        .update_user(
            &fx.admin,
            UserUpdate {
                id: admin_id,
                display_name: "管理员".into(),
                roles: vec![Role::Admin],
                active: true,
                password: String::new(),
            },
        )
        .expect("the administrator keeps only the administrator's role");
    for (u, name, roles, _) in STAFF.into_iter().skip(1) {
        fx.desk
            .create_user(
                &fx.admin,
                NewUser {
                    username: u.into(),
                    display_name: name.into(),
                    password: password(u),
                    roles: roles.to_vec(),
                },
            )
            .expect("user");
        sign_in(&fx, u);
    }
    let d = &fx.desk;
    let id = d
        .register_case(&at_desk(&fx, "lina"), complaint())
        .expect("register")
        .case
        .id;
    let chen = at_desk(&fx, "chen");
    d.accept_case(&chen, CaseOp::new(id, Comment::default()))
        .unwrap();
    let review = ReviewInput {
        mode: InvestigationMode::Single,
        inspector_ids: vec![id_of(&fx, "张督查")],
        department: "企业管理部".into(),
        comment: String::new(),
    };
    d.review_case(&chen, CaseOp::new(id, review)).unwrap();
    let zhang = at_desk(&fx, "zhang");
    d.start_investigation(&zhang, CaseOp::new(id, Comment::default()))
        .unwrap();
    let defence = Defence {
        asked_on: "2026-11-24".into(),
        declined: true,
        statement: String::new(),
    };
    d.record_defence(&zhang, CaseOp::new(id, defence)).unwrap();
    let findings = Findings {
        conclusion: Conclusion::Substantiated,
        facts: "经核查，反映的问题属实。".into(),
        responsibility: String::new(),
        // A penalty proposal needs the leader's approval (enterprise preset).
        proposals: vec!["penalty".into()],
        rectification_due: None,
        org_notice: false,
    };
    d.write_findings(&zhang, CaseOp::new(id, findings)).unwrap();
    d.approve_findings(
        &at_desk(&fx, "liu"),
        CaseOp::new(
            id,
            Comment {
                comment: "同意".into(),
            },
        ),
    )
    .expect("the leader approves");
    (fx, id)
}

fn leaks(text: &str) -> Vec<&'static str> {
    IDENTITY.into_iter().filter(|s| text.contains(s)).collect()
}

fn issue(desk: &Desk, who: &Caller, id: i64, doc_type: &str) -> desk_core::Result<Vec<u8>> {
    desk.issue_document(
        who,
        CaseOp::new(
            id,
            IssueInput {
                doc_type: doc_type.into(),
                ..Default::default()
            },
        ),
    )
    .map(|d| d.pdf.0)
}

fn text_of(bytes: Bytes) -> String {
    String::from_utf8(bytes.0).expect("utf-8")
}

fn by_name(text: &str) -> ListQuery {
    ListQuery {
        text: text.into(),
        ..Default::default()
    }
}

#[test]
fn every_output_shows_the_identity_only_to_those_who_take_part() {
    let (fx, id) = office_with_a_case();
    let r = &fx.desk;
    let period = PeriodQuery {
        period: Period::new(
            PeriodKind::Year,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        ),
        filter: StatsQuery::default(),
    };
    for (u, name, roles, takes_part) in STAFF {
        let me = at_desk(&fx, u);
        let list =
            serde_json::to_string(&r.list_cases(&me, ListQuery::default()).unwrap()).unwrap();
        let found = r.list_cases(&me, by_name("王小明")).unwrap().total;
        let view = r.get_case(&me, CaseId { case_id: id }).unwrap();
        let view_json = serde_json::to_string(&view).unwrap();
        let csv = text_of(r.export_register_csv(&me, ListQuery::default()).unwrap());
        let dashboard = serde_json::to_string(
            &r.dashboard(
                &me,
                StatsQuery {
                    from: "2026-01-01".into(),
                    to: "2026-12-31".into(),
                    ..Default::default()
                },
            )
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

        // The template editor's preview (the administrator's) of the notice
        // to the accused never carries identity.
        let notice = DocType::NoticeToAccused;
        let body = r
            .list_templates(&me, ())
            .unwrap()
            .into_iter()
            .find(|t| t.doc_type == notice.code())
            .unwrap()
            .body;
        let preview = r.preview_template(
            &me,
            PreviewInput {
                case_id: id,
                doc_type: notice.code().into(),
                body,
                ..Default::default()
            },
        );
        match preview {
            Ok(blocks) => {
                assert!(roles.contains(&Role::Admin), "{name} previewed a template");
                let text: String = blocks.into_iter().map(|b| b.text).collect();
                assert!(leaks(&text).is_empty(), "notice preview for {name}");
            }
            Err(e) => assert_eq!(
                (e.code(), roles.contains(&Role::Admin)),
                ("forbidden", false),
                "{name}"
            ),
        }

        // Every document: issued only by those who take part (and hold a
        // role that issues documents); the ones for the accused never carry
        // identity, whoever prints them.
        let may_issue = roles.iter().any(|r| *r != Role::Admin);
        let all = ["slip", "receipt"]
            .into_iter()
            .map(|code| (code.to_string(), false))
            .chain(
                DocType::ALL
                    .into_iter()
                    .map(|t| (t.code().to_string(), t.for_accused())),
            );
        let mut issued = 0;
        for (doc, for_accused) in all {
            match issue(r, &me, id, &doc) {
                Ok(pdf) => {
                    issued += 1;
                    assert!(
                        may_issue && takes_part,
                        "{name} issued {doc} without taking part"
                    );
                    let text = desk_tests::pdf::pdf_text(&format!("privacy-{doc}-{u}"), &pdf);
                    if for_accused {
                        assert!(
                            leaks(&text).is_empty(),
                            "{doc} by {name} shows {:?}",
                            leaks(&text)
                        );
                    } else if doc == "reply_letter" {
                        assert!(text.contains("王小明"), "the reply names the complainant");
                    }
                }
                Err(e) => match e.code() {
                    "forbidden" => assert!(!may_issue, "{name} refused {doc}"),
                    "not_participant" => {
                        assert!(may_issue && !takes_part, "{name}: {doc}")
                    }
                    // Refused for what the case lacks (e.g. no reward proposed):
                    // never for who asked, and nothing was printed.
                    _ => assert!(may_issue && takes_part, "{name} {doc}: {e}"),
                },
            }
        }
        // Slip, receipt, not-accepted, extension, notice, report, reply: all
        // but the transcript (no interview) and the reward notice (no reward).
        let expected = if may_issue && takes_part { 7 } else { 0 };
        assert_eq!(issued, expected, "documents {name} could issue");
        // Spreadsheets: the register's XLSX like the CSV; the period report
        // (figures, PDF, XLSX) masks everyone.
        let xlsx = unzip_text(&r.export_register_xlsx(&me, ListQuery::default()).unwrap().0);
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
        let report = serde_json::to_string(&r.period_report(&me, period.clone()).unwrap()).unwrap();
        assert!(leaks(&report).is_empty(), "period report for {name}");
        let report_xlsx = unzip_text(&r.period_report_xlsx(&me, period.clone()).unwrap().0);
        assert!(
            leaks(&report_xlsx).is_empty(),
            "period report XLSX for {name}"
        );
        let report_pdf = r.period_report_pdf(&me, period.clone()).unwrap().0;
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

fn reveal(fx: &Fixture, who: &Caller, id: i64, reason: &str) -> desk_core::Result<CaseView> {
    fx.desk.reveal_identity(
        who,
        CaseOp::new(
            id,
            Reason {
                reason: reason.into(),
            },
        ),
    )
}

#[test]
fn revealing_needs_a_reason_is_logged_and_lasts_one_view() {
    let (fx, id) = office_with_a_case();
    // Only the role the office chose (by default the leaders) may reveal.
    let zhou = at_desk(&fx, "zhou");
    assert_eq!(
        reveal(&fx, &zhou, id, "投诉人来电补充材料，需核对身份")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let zheng = at_desk(&fx, "zheng");
    let err = reveal(&fx, &zheng, id, " ").unwrap_err();
    assert_eq!(err.code(), "validation");
    let shown = reveal(&fx, &zheng, id, "投诉人来电补充材料，需核对身份").unwrap();
    assert!(!shown.identity_masked);
    assert_eq!(shown.case.complainants[0].name, "王小明");
    assert!(fx.case_as(&zheng, id).identity_masked);
    let logged = audit_trail(&inspect(&fx))
        .into_iter()
        .find(|h| h.case_id == Some(id) && h.action == "identity_revealed")
        .expect("the reveal is in the history");
    assert_eq!(logged.actor, "郑总");
    assert_eq!(logged.detail["reason"], "投诉人来电补充材料，需核对身份");
    assert!(audit_report(&fx).intact);
}

#[test]
fn a_handler_who_declares_recusal_loses_access() {
    let (fx, id) = office_with_a_case();
    let recuse = |who: &Caller| {
        fx.desk
            .declare_recusal(
                who,
                CaseOp::new(
                    id,
                    RecusalInput {
                        user_id: None,
                        reason: "与投诉人系亲属".into(),
                    },
                ),
            )
            .unwrap()
    };
    let zhang = at_desk(&fx, "zhang");
    assert!(!fx.case_as(&zhang, id).identity_masked);
    recuse(&zhang);
    assert!(fx.case_as(&zhang, id).identity_masked);
    let found = fx.desk.list_cases(&zhang, by_name("王小明")).unwrap().total;
    assert_eq!(found, 0);
    // A leader who took part and then recused may not reveal it either.
    let liu = at_desk(&fx, "liu");
    recuse(&liu);
    assert!(fx.case_as(&liu, id).identity_masked);
    assert_eq!(
        reveal(&fx, &liu, id, "想看看").unwrap_err().code(),
        "recused"
    );
}

#[test]
fn without_sign_in_nothing_is_shown() {
    let (fx, id) = office_with_a_case();
    let lina = at_desk(&fx, "lina");
    fx.desk.sign_out(&lina, ()).unwrap();
    for who in [lina, seat("路人")] {
        assert_eq!(
            fx.desk
                .get_case(&who, CaseId { case_id: id })
                .unwrap_err()
                .code(),
            "not_signed_in"
        );
        assert_eq!(
            fx.desk
                .list_cases(&who, ListQuery::default())
                .unwrap_err()
                .code(),
            "not_signed_in"
        );
        assert_eq!(
            fx.desk
                .export_register_csv(&who, ListQuery::default())
                .unwrap_err()
                .code(),
            "not_signed_in"
        );
    }
}

/// The case of `office_with_a_case`, replied to, followed up and archived.
fn archived_case() -> (Fixture, i64) {
    let (fx, id) = office_with_a_case();
    let lina = at_desk(&fx, "lina");
    for doc in ["notice_to_accused", "reply_letter"] {
        issue(&fx.desk, &lina, id, doc).unwrap();
    }
    let d = &fx.desk;
    d.record_reply(
        &lina,
        CaseOp::new(
            id,
            Reply {
                method: "letter".into(),
                summary: "已责令改正，王小明的诉求已落实".into(),
            },
        ),
    )
    .unwrap();
    d.record_follow_up(
        &lina,
        CaseOp::new(
            id,
            FollowUp {
                satisfaction: Satisfaction::Satisfied,
                note: "电话13800138000回访，满意".into(),
            },
        ),
    )
    .unwrap();
    d.archive_case(&lina, CaseOp::new(id, Comment::default()))
        .unwrap();
    (fx, id)
}

fn anonymise(fx: &Fixture, id: i64, number: &str) -> desk_core::Result<()> {
    fx.desk.anonymise_case(
        &fx.admin,
        CaseOp::new(
            id,
            Confirm {
                number: number.into(),
            },
        ),
    )
}

#[test]
fn a_closed_case_is_anonymised_only_after_the_retention_period_and_on_confirmation() {
    let (fx, id) = archived_case();
    let admin = fx.admin.clone();
    assert_eq!(fx.desk.get_settings(&admin, ()).unwrap().retention_years, 5);
    assert!(fx.desk.anonymisation_due(&admin, ()).unwrap().is_empty());
    let number = fx.case(id).case.number;
    assert_eq!(
        anonymise(&fx, id, &number).unwrap_err().code(),
        "retention_not_over"
    );
    fx.clock.advance_seconds(5 * 366 * 24 * 3600);
    // Five years later every seat has long locked: sign in again.
    sign_in(&fx, "admin");
    let due = fx.desk.anonymisation_due(&admin, ()).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].retention_ends, "2031-11-24");
    assert_eq!(
        anonymise(&fx, id, "TS-2026-999999").unwrap_err().code(),
        "validation"
    );
    anonymise(&fx, id, &number).unwrap();

    // The case stays, with its history and records; the identity is gone
    // from every table, the search index and the kept documents — even for
    // the clerk who received it.
    let lina = sign_in(&fx, "lina");
    let view = fx.case_as(&lina, id);
    assert!(!view.identity_masked);
    let case = view.case;
    assert_eq!(case.number, number);
    assert_eq!(case.status, Status::Archived);
    let everything = serde_json::to_string(&case).unwrap();
    assert!(leaks(&everything).is_empty(), "{:?}", leaks(&everything));
    assert!(everything.contains("（已匿名化）"));
    let conn = inspect(&fx);
    for table in [
        "complainants",
        "cases",
        "case_records",
        "case_search",
        "case_identity_search",
    ] {
        let dump: String = conn
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
    let docs = fx
        .desk
        .issued_documents(&lina, CaseId { case_id: id })
        .unwrap();
    let reprint = |doc: &IssuedDoc| {
        fx.desk
            .reprint_document(&lina, CaseOp::new(id, DocId { doc_id: doc.id }))
    };
    let reply = docs.iter().find(|d| d.doc_type == "reply_letter").unwrap();
    assert_eq!(reprint(reply).unwrap_err().code(), "document_anonymised");
    let notice = docs
        .iter()
        .find(|d| d.doc_type == "notice_to_accused")
        .unwrap();
    reprint(notice).expect("the notice to the accused never held identity");
    assert!(fx.desk.anonymisation_due(&admin, ()).unwrap().is_empty());
    let report = audit_report(&fx);
    assert!(report.intact, "{report:?}");
}

#[test]
fn nothing_but_the_anonymisation_changes_a_record_or_an_issued_document() {
    let (fx, id) = archived_case();
    let c = inspect(&fx);
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
    let (fx, id) = office_with_a_case();
    let q = |name: &str, phone: &str| PersonQuery {
        name: name.into(),
        phone: phone.into(),
    };
    let zhou = at_desk(&fx, "zhou");
    assert_eq!(
        fx.desk
            .export_personal_data(&zhou, q("王小明", ""))
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let data = fx
        .desk
        .export_personal_data(&fx.admin, q("王小明", ""))
        .unwrap();
    assert_eq!(data.cases.len(), 1);
    assert_eq!(data.cases[0].role, "complainant");
    assert_eq!(data.cases[0].case.id, id);
    assert_eq!(data.cases[0].case.complainants[0].phone, "13800138000");
    let by_phone = fx
        .desk
        .export_personal_data(&fx.admin, q("", "13800138000"))
        .unwrap();
    assert_eq!(by_phone.cases.len(), 1);
    let logged = audit_trail(&inspect(&fx))
        .into_iter()
        .find(|h| h.action == "personal_data_exported")
        .unwrap();
    // The audit trail says that it happened, without keeping the name itself.
    assert_eq!(logged.detail["name"], "王**");
}

#[test]
fn an_older_register_learns_who_takes_part_and_splits_identity_out_of_search() {
    // A register as version 6 left it: accounts existed, but who took part
    // in a case was known by name only, and the complainant's name was in
    // the one search index. 李娜 (an account) received the case; 张敏 (no
    // account) registered it.
    let fx = fresh_register("enterprise");
    let conn = inspect(&fx);
    let setting = |key: &str| -> String {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let hash: String = conn
        .query_row(
            "SELECT password_hash FROM users WHERE username = 'admin'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../../fixtures/schema_v6.sql"))
            .unwrap();
        for key in ["policy", "preset", "office_name"] {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [key, &setting(key)],
            )
            .unwrap();
        }
        // Both accounts have the fixture's password.
        c.execute(
            "INSERT INTO users (username, display_name, roles, password_hash, created_at, updated_at)
             VALUES ('admin', '管理员', 'admin', ?1, '2026-11-01 09:00:00', '2026-11-01 09:00:00'),
                    ('lina', '李娜', 'clerk', ?1, '2026-11-01 09:00:00', '2026-11-01 09:00:00')",
            [&hash],
        )
        .unwrap();
        c.execute_batch(
            "INSERT INTO cases (id, number, kind, channel, received_at, receiving_clerk, anonymous,
                 category, severity, matter, facts, created_at, updated_at, complainant_names)
             VALUES (1, 'TS-2026-000001', 'complaint', 'visit', '2026-11-20 09:00:00', '李娜', 0,
                 'wage_fee', 'ordinary', '十月份绩效奖金被无故克扣', '奖金被扣八百元。',
                 '2026-11-20 09:10:00', '2026-11-20 09:10:00', '王小明');
             INSERT INTO complainants (case_id, ord, name, phone) VALUES (1, 0, '王小明', '13800138000');
             INSERT INTO case_counters (kind, year, last_seq) VALUES ('complaint', 2026, 1);
             INSERT INTO case_people (case_id, name, part) VALUES (1, '李娜', 'clerk'), (1, '张敏', 'registered');
             INSERT INTO case_search (rowid, body) VALUES (1, '王 小 明 十 月 份');
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    let desk = Desk::open(&path, fx.clock.clone()).expect("upgrades");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let participants: Vec<(String, String)> = conn
        .prepare(
            "SELECT u.display_name, p.part FROM case_participants p JOIN users u ON u.id = p.user_id
             WHERE p.case_id = 1 ORDER BY u.display_name",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(participants, [("李娜".to_string(), "clerk".to_string())]);
    let body: String = conn
        .query_row("SELECT body FROM case_search WHERE rowid = 1", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert!(!body.contains('王'), "{body}");

    let sign = |username: &str, name: &str| {
        let who = seat(name);
        desk.sign_in(
            &who,
            SignIn {
                username: username.into(),
                password: PASSWORD.into(),
            },
        )
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"));
        who
    };
    let found = |who: &Caller| desk.list_cases(who, by_name("王小明")).unwrap().total;
    let lina = sign("lina", "李娜");
    assert_eq!(found(&lina), 1, "the clerk who received it finds it");
    // The name without an account waits for the administrator to give its
    // cases to one.
    let admin = sign("admin", "管理员");
    let unmapped = desk.unmapped_participants(&admin, ()).unwrap();
    assert_eq!(
        unmapped
            .iter()
            .map(|u| (u.name.as_str(), u.cases))
            .collect::<Vec<_>>(),
        [("张敏", 1)]
    );
    let zhang = desk
        .create_user(
            &admin,
            NewUser {
                username: "zhangmin".into(),
                display_name: "张敏（综合科）".into(),
                password: PASSWORD.into(),
                roles: vec![Role::Clerk],
            },
        )
        .unwrap();
    let zhang_seat = sign("zhangmin", "张敏（综合科）");
    assert_eq!(found(&zhang_seat), 0, "not before the name is given to her");
    let left = desk
        .map_participant(
            &admin,
            MapName {
                name: "张敏".into(),
                user_id: zhang.id,
            },
        )
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(found(&zhang_seat), 1);
}
