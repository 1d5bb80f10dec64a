//! Intake: a clerk registers named and anonymous cases of both kinds.

use desk_core::api::types::*;
use desk_core::{Desk, DeskError, Lang};
use desk_tests::{anonymous_report, fresh_register, inspect, named_complaint, seat, Fixture};

fn field_codes(e: &DeskError) -> Vec<(String, &'static str)> {
    match e {
        DeskError::Validation(f) => f.iter().map(|f| (f.field.clone(), f.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Registers as 李娜 and returns the case as she sees it.
fn register(fx: &mut Fixture, input: &CaseInput) -> CaseDetail {
    let clerk = fx.staff("李娜");
    fx.desk
        .register_case(&clerk, input.clone())
        .unwrap_or_else(|e| panic!("register: {e}"))
        .case
}

fn refused(fx: &mut Fixture, input: CaseInput) -> DeskError {
    let clerk = fx.staff("李娜");
    fx.desk.register_case(&clerk, input).unwrap_err()
}

#[test]
fn a_named_complaint_gets_the_first_complaint_number_of_its_year_and_keeps_every_field() {
    let mut fx = fresh_register("enterprise");
    let case = register(&mut fx, &named_complaint());
    assert_eq!(case.number, "TS-2026-000001");
    assert_eq!(case.kind, CaseKind::Complaint);
    assert_eq!(case.received_at, "2026-11-24 09:30:00");
    assert_eq!(case.complainants[0].name, "王小明");
    assert_eq!(case.complainants[0].phone, "13800138000");
    assert_eq!(case.accused[0].unit, "生产一厂办公室");
    assert_eq!(case.category_label, "克扣工资奖金、乱收费");
    assert_eq!(case.handling_department, "企业管理部");
    assert_eq!(case.evidence, vec!["十月份工资条复印件".to_string()]);
    assert_eq!(case.witnesses[0].name, "孙同事");
    assert_eq!(case.status, Status::Registered);
    assert_eq!(case.query_code, None, "a named case needs no query code");
    assert_eq!(
        (case.receiving_clerk.as_str(), case.receiving_clerk_id),
        ("李娜", Some(fx.id_of("李娜"))),
        "the clerk who signed in received it"
    );
}

#[test]
fn numbers_count_per_kind_and_year_and_are_never_reused_after_reopening() {
    let mut fx = fresh_register("enterprise");
    let a = register(&mut fx, &named_complaint());
    let b = register(&mut fx, &anonymous_report());
    let c = register(&mut fx, &named_complaint());
    let mut last_year = named_complaint();
    last_year.received_at = "2025-12-31T23:00".into();
    let d = register(&mut fx, &last_year);
    assert_eq!(
        [a.number, b.number, c.number, d.number],
        [
            "TS-2026-000001",
            "JB-2026-000001",
            "TS-2026-000002",
            "TS-2025-000001"
        ]
    );
    fx.reopen();
    let e = register(&mut fx, &named_complaint());
    assert_eq!(e.number, "TS-2026-000003");
}

#[test]
fn an_anonymous_report_gets_a_query_code_that_finds_its_progress_and_nothing_else() {
    let mut fx = fresh_register("enterprise");
    let case = register(&mut fx, &anonymous_report());
    assert_eq!(case.number, "JB-2026-000001");
    assert!(case.complainants.is_empty());
    let code = case
        .query_code
        .clone()
        .expect("anonymous cases get a query code");
    assert_eq!(code.len(), 19, "four groups of four symbols: {code}");
    let clerk = fx.staff("李娜");
    let view = fx
        .desk
        .find_by_query_code(&clerk, code.to_lowercase())
        .unwrap();
    assert_eq!(view.number, "JB-2026-000001");
    assert_eq!(view.received_date, "2026-11-23");
    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains("钱某") && !json.contains("回扣"), "{json}");
    let wrong = fx
        .desk
        .find_by_query_code(&clerk, "0000-0000-0000-0000".into());
    assert_eq!(wrong.unwrap_err().code(), "not_found");
}

#[test]
fn an_empty_form_names_every_missing_field_and_stores_nothing() {
    let mut fx = fresh_register("enterprise");
    let err = refused(&mut fx, CaseInput::default());
    let fields = field_codes(&err);
    // The receiving clerk is the signed-in user: never missing.
    for f in [
        "kind",
        "channel",
        "complainants[0].name",
        "category",
        "severity",
        "matter",
        "facts",
    ] {
        assert!(
            fields.iter().any(|(name, _)| name == f),
            "{f} is reported: {fields:?}"
        );
    }
    assert!(
        err.message(Lang::Zh).contains("请"),
        "{}",
        err.message(Lang::Zh)
    );
    let listed = fx.desk.list_cases(&fx.admin, ListQuery::default()).unwrap();
    assert_eq!(listed.total, 0);
}

#[test]
fn a_future_time_a_bad_phone_a_control_character_and_an_overlong_matter_are_each_refused() {
    let mut fx = fresh_register("enterprise");
    let mut input = named_complaint();
    input.received_at = "2026-11-25T09:00".into();
    input.complainants[0].phone = "138-001".into();
    input.complainants.push(Person {
        name: "张\u{7}三".into(),
        ..Default::default()
    });
    input.matter = "长".repeat(201);
    let err = refused(&mut fx, input);
    let fields = field_codes(&err);
    assert!(fields.contains(&("received_at".into(), "time_in_future")));
    assert!(fields.contains(&("complainants[0].phone".into(), "phone_invalid")));
    assert!(fields.contains(&("complainants[1].name".into(), "control_char")));
    assert!(fields.contains(&("matter".into(), "too_long")));
    let DeskError::Validation(list) = &err else {
        unreachable!()
    };
    let phone = list.iter().find(|f| f.code == "phone_invalid").unwrap();
    assert!(phone.message(Lang::Zh).contains("11位手机号"));
    assert!(phone.message(Lang::En).contains("11-digit mobile"));
}

#[test]
fn a_category_of_the_other_kind_is_refused_with_the_reason() {
    let mut fx = fresh_register("enterprise");
    let mut input = named_complaint();
    input.category = "bribery".into();
    let err = refused(&mut fx, input);
    assert_eq!(
        field_codes(&err),
        vec![("category".to_string(), "category_kind_mismatch")]
    );
}

#[test]
fn the_hospital_preset_routes_a_fee_complaint_to_finance() {
    let mut fx = fresh_register("hospital");
    let mut input = named_complaint();
    input.category = "fees".into();
    let case = register(&mut fx, &input);
    assert_eq!(case.handling_department, "财务科");
    assert_eq!(case.category_label, "收费问题");
}

#[test]
fn registering_records_who_when_and_what_in_the_history() {
    let mut fx = fresh_register("enterprise");
    let case = register(&mut fx, &named_complaint());
    assert_eq!(case.history.len(), 1);
    let h = &case.history[0];
    assert_eq!(
        (h.actor.as_str(), h.action.as_str(), h.at.as_str()),
        ("李娜", "case_registered", "2026-11-24 10:00:00")
    );
    assert_eq!(h.detail["number"], "TS-2026-000001");
}

#[test]
fn the_history_refuses_to_be_edited_or_deleted() {
    let mut fx = fresh_register("enterprise");
    register(&mut fx, &named_complaint());
    let conn = inspect(&fx);
    let upd = conn.execute("UPDATE history SET actor = 'x'", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = conn.execute("DELETE FROM history", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
}

/// The numbers 李娜 (who registered every case) finds with this query.
fn numbers(fx: &mut Fixture, q: ListQuery) -> Vec<String> {
    let clerk = fx.staff("李娜");
    fx.desk
        .list_cases(&clerk, q)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.number)
        .collect()
}

#[test]
fn the_register_finds_cases_by_chinese_substrings_of_names_matter_and_number() {
    let mut fx = fresh_register("enterprise");
    register(&mut fx, &named_complaint());
    register(&mut fx, &anonymous_report());
    let q = |text: &str| ListQuery {
        text: text.into(),
        ..Default::default()
    };
    assert_eq!(
        numbers(&mut fx, q("小明")),
        ["TS-2026-000001"],
        "part of a name"
    );
    assert_eq!(
        numbers(&mut fx, q("明")),
        ["TS-2026-000001"],
        "one character"
    );
    assert_eq!(
        numbers(&mut fx, q("回扣")),
        ["JB-2026-000001"],
        "part of the matter"
    );
    assert_eq!(
        numbers(&mut fx, q("购物卡")),
        ["JB-2026-000001"],
        "part of the facts"
    );
    assert_eq!(
        numbers(&mut fx, q("JB-2026")),
        ["JB-2026-000001"],
        "a number prefix"
    );
    assert_eq!(numbers(&mut fx, q("000001")).len(), 2, "a number's tail");
    assert!(numbers(&mut fx, q("小红")).is_empty());
    assert!(
        numbers(&mut fx, q("明小")).is_empty(),
        "characters must be adjacent and in order"
    );
}

#[test]
fn filters_sort_and_paging_narrow_and_order_the_register() {
    let mut fx = fresh_register("enterprise");
    for day in 1..=5 {
        let mut c = named_complaint();
        c.received_at = format!("2026-11-{day:02}T09:00");
        register(&mut fx, &c);
    }
    register(&mut fx, &anonymous_report());
    let only_reports = ListQuery {
        kind: Some("report".into()),
        ..Default::default()
    };
    assert_eq!(numbers(&mut fx, only_reports), ["JB-2026-000001"]);
    let early = ListQuery {
        received_from: Some("2026-11-02".into()),
        received_to: Some("2026-11-03".into()),
        sort: SortKey::ReceivedAsc,
        ..Default::default()
    };
    assert_eq!(
        numbers(&mut fx, early),
        ["TS-2026-000002", "TS-2026-000003"]
    );
    let clerk = fx.staff("李娜");
    let page2 = ListQuery {
        kind: Some("complaint".into()),
        sort: SortKey::NumberAsc,
        page: 2,
        page_size: 2,
        ..Default::default()
    };
    let page = fx.desk.list_cases(&clerk, page2).unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.number.as_str())
            .collect::<Vec<_>>(),
        ["TS-2026-000003", "TS-2026-000004"]
    );
    let by_channel = ListQuery {
        channel: Some("suggestion_box".into()),
        ..Default::default()
    };
    let listed = fx.desk.list_cases(&clerk, by_channel).unwrap();
    assert_eq!(listed.items[0].complainant, "匿名");
}

#[test]
fn a_malformed_date_filter_says_which_date_is_wrong() {
    let fx = fresh_register("enterprise");
    let err = fx
        .desk
        .list_cases(
            &fx.admin,
            ListQuery {
                received_from: Some("24/11/2026".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        field_codes(&err),
        vec![("received_from".to_string(), "date_invalid")]
    );
}

#[test]
fn a_draft_survives_closing_and_reopening_the_register() {
    let mut fx = fresh_register("enterprise");
    let clerk = fx.staff("李娜");
    let draft = serde_json::json!({"matter": "半截的事由", "complainants": [{"name": "王"}]});
    let key = || DraftKey {
        key: "intake".into(),
    };
    fx.desk
        .save_draft(
            &clerk,
            Draft {
                key: "intake".into(),
                body: draft.clone(),
            },
        )
        .unwrap();
    fx.reopen();
    assert_eq!(fx.desk.load_draft(&clerk, key()).unwrap(), Some(draft));
    assert_eq!(
        fx.desk.load_draft(&fx.admin, key()).unwrap(),
        None,
        "a draft is its user's own"
    );
    fx.desk.discard_draft(&clerk, key()).unwrap();
    assert_eq!(fx.desk.load_draft(&clerk, key()).unwrap(), None);
}

#[test]
fn a_case_can_be_registered_only_after_setup() {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(desk_core::FixedClock::parse(desk_tests::NOW));
    let desk = Desk::open(&dir.path().join("r.sqlite3"), clock).unwrap();
    let admin = seat("管理员");
    assert!(!desk.app_info(&admin, ()).unwrap().set_up);
    desk.create_first_admin(
        &admin,
        NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: desk_tests::PASSWORD.into(),
            roles: Role::ALL.to_vec(),
        },
    )
    .unwrap();
    let err = desk.register_case(&admin, named_complaint()).unwrap_err();
    assert_eq!(err.code(), "not_set_up");
}

/// Every page of `q` as 李娜 sees it, in order, with the total.
fn all_pages(fx: &mut Fixture, q: ListQuery) -> (Vec<String>, u64) {
    let clerk = fx.staff("李娜");
    let mut out = Vec::new();
    let mut total = 0;
    for page in 1..=20 {
        let p = fx
            .desk
            .list_cases(
                &clerk,
                ListQuery {
                    page,
                    page_size: 7,
                    ..q.clone()
                },
            )
            .unwrap();
        total = p.total;
        if p.items.is_empty() {
            break;
        }
        out.extend(p.items.into_iter().map(|c| c.number));
    }
    (out, total)
}

#[test]
fn a_search_matching_most_or_few_cases_pages_in_the_same_order_as_the_unsearched_register() {
    let mut fx = fresh_register("enterprise");
    // 40 cases received out of number order (some at the same minute); 30
    // are about a kickback, 10 about a bonus.
    for i in 0..40u32 {
        let mut c = named_complaint();
        c.received_at = format!("2026-11-{:02}T09:{:02}", 1 + (i * 7) % 23, (i * 13) % 3);
        if i % 4 != 0 {
            c.matter = format!("采购员收受回扣（第{i}次）");
        }
        register(&mut fx, &c);
    }
    for sort in [
        SortKey::ReceivedDesc,
        SortKey::ReceivedAsc,
        SortKey::NumberAsc,
        SortKey::NumberDesc,
    ] {
        let everything = all_pages(
            &mut fx,
            ListQuery {
                sort,
                ..Default::default()
            },
        )
        .0;
        let clerk = fx.staff("李娜");
        let all = fx
            .desk
            .list_cases(
                &clerk,
                ListQuery {
                    page_size: 100,
                    ..Default::default()
                },
            )
            .unwrap();
        for (text, expected_total) in [("回扣", 30), ("王小明", 40), ("第13次", 1)] {
            let matching: std::collections::HashSet<String> = all
                .items
                .iter()
                .filter(|c| c.matter.contains(text) || c.complainant.contains(text))
                .map(|c| c.number.clone())
                .collect();
            let expected: Vec<String> = everything
                .iter()
                .filter(|n| matching.contains(*n))
                .cloned()
                .collect();
            let (found, total) = all_pages(
                &mut fx,
                ListQuery {
                    text: text.into(),
                    sort,
                    ..Default::default()
                },
            );
            assert_eq!(total, expected_total, "{text} {sort:?}: total");
            assert_eq!(found, expected, "{text} {sort:?}: order of every page");
        }
    }
}

#[test]
fn the_register_total_for_every_kind_and_status_is_the_true_count_as_cases_move_on() {
    let mut fx = fresh_register("enterprise");
    let mut ids = Vec::new();
    for i in 0..8 {
        let input = if i % 3 == 0 {
            anonymous_report()
        } else {
            named_complaint()
        };
        ids.push(register(&mut fx, &input).id);
    }
    desk_tests::investigating(&mut fx, ids[1]);
    desk_tests::to_findings(&mut fx, ids[3], Conclusion::Substantiated, &[]);
    let head = fx.staff("周部长");
    fx.desk
        .accept_case(&head, CaseOp::new(ids[2], Comment::default()))
        .unwrap();
    let clerk = fx.staff("李娜");
    let file = inspect(&fx);
    let truth = |kind: Option<&str>, status: Option<&str>| -> u64 {
        file.query_row(
            "SELECT COUNT(*) FROM cases WHERE kind = ifnull(?1, kind) AND status = ifnull(?2, status)",
            rusqlite::params![kind, status],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64
    };
    let kinds = [None, Some("complaint"), Some("report")];
    let statuses = [
        None,
        Some("registered"),
        Some("accepted"),
        Some("investigating"),
        Some("findings"),
        Some("archived"),
    ];
    let mut seen_nonzero = 0;
    for kind in kinds {
        for status in statuses {
            let page = fx
                .desk
                .list_cases(
                    &clerk,
                    ListQuery {
                        kind: kind.map(str::to_string),
                        status: status.map(str::to_string),
                        ..Default::default()
                    },
                )
                .unwrap();
            let expected = truth(kind, status);
            assert_eq!(page.total, expected, "total for {kind:?} {status:?}");
            assert_eq!(
                page.items.len() as u64,
                expected.min(50),
                "{kind:?} {status:?}"
            );
            if expected > 0 {
                seen_nonzero += 1;
            }
        }
    }
    assert_eq!(truth(None, None), 8);
    assert!(seen_nonzero >= 8, "the filters met cases in several states");
}
