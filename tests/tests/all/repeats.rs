//! The repeat check at intake: earlier cases of the last 180 days found by
//! phone, name, or the accused under the same category while the clerk
//! types, masked for whoever may not see the identity, and linked as
//! repeats when the new case is saved.

use desk_core::api::types::*;
use desk_core::DeskError;
use desk_tests::{anonymous_report, fresh_register, named_complaint, Fixture};

fn probe(phones: &[&str], names: &[&str], accused: &[&str], category: &str) -> IntakeProbe {
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect();
    IntakeProbe {
        phones: v(phones),
        names: v(names),
        accused: v(accused),
        category: category.into(),
    }
}

fn counts(m: &IntakeMatches) -> Vec<(String, u32, u32)> {
    m.counts
        .iter()
        .map(|c| (c.reason.clone(), c.cases, c.open))
        .collect()
}

fn numbers(m: &IntakeMatches) -> Vec<String> {
    m.cases.iter().map(|c| c.case.number.clone()).collect()
}

/// 李娜 (every handling role) registers; 周敏 is a clerk who takes part in
/// none of her cases.
fn office() -> (Fixture, desk_core::Caller) {
    let mut fx = fresh_register("enterprise");
    fx.staff("李娜");
    let zhou = fx.user("周敏", &[Role::Clerk]);
    (fx, zhou)
}

#[test]
fn an_earlier_complaint_with_the_phone_typed_differently_is_shown_masked_to_a_clerk_who_does_not_take_part(
) {
    let (mut fx, zhou) = office();
    fx.register(&named_complaint());
    let m = fx
        .desk
        .intake_matches(&zhou, probe(&["+86 138-0013 8000"], &[], &[], ""))
        .unwrap();
    assert_eq!((m.window_days, m.total), (180, 1));
    assert_eq!(counts(&m), vec![("phone".into(), 1, 1)]);
    assert_eq!(numbers(&m), vec!["TS-2026-000001"]);
    let c = &m.cases[0];
    assert_eq!(c.reasons, vec!["phone"]);
    assert!(c.identity_masked);
    assert_eq!(c.case.complainant, "王**");
    assert_eq!(c.case.category_label, "克扣工资奖金、乱收费");

    // The clerk who registered it sees the name.
    let li = fx.seat_of("李娜");
    let mine = fx
        .desk
        .intake_matches(&li, probe(&["13800138000"], &["王小明"], &[], ""))
        .unwrap();
    assert_eq!(mine.cases[0].case.complainant, "王小明");
    assert!(!mine.cases[0].identity_masked);
    assert_eq!(mine.cases[0].reasons, vec!["phone", "name"]);
    assert_eq!(
        counts(&mine),
        vec![("phone".into(), 1, 1), ("name".into(), 1, 1)]
    );
}

#[test]
fn the_accused_matches_under_the_same_category_only() {
    let (mut fx, zhou) = office();
    fx.register(&named_complaint());
    let same = fx
        .desk
        .intake_matches(&zhou, probe(&[], &[], &["赵主任"], "wage_fee"))
        .unwrap();
    assert_eq!(counts(&same), vec![("accused".into(), 1, 1)]);
    let other = fx
        .desk
        .intake_matches(&zhou, probe(&[], &[], &["赵主任"], "attitude"))
        .unwrap();
    assert!(
        other.counts.is_empty() && other.cases.is_empty(),
        "{other:?}"
    );
    let no_category = fx
        .desk
        .intake_matches(&zhou, probe(&[], &[], &["赵主任"], ""))
        .unwrap();
    assert!(no_category.cases.is_empty());
}

#[test]
fn only_the_last_180_days_count_and_closed_cases_are_counted_but_not_as_open() {
    let (mut fx, zhou) = office();
    // Now is 2026-11-24 10:00: 180 days back is 2026-05-28 10:00.
    let old = fx.register(&CaseInput {
        received_at: "2026-05-28T09:59".into(),
        ..named_complaint()
    });
    let recent = fx.register(&CaseInput {
        received_at: "2026-05-28T10:00".into(),
        ..named_complaint()
    });
    let newest = fx.register(&named_complaint());
    let li = fx.seat_of("李娜");
    let not = NotAccept {
        ground: NotAcceptGround::Court,
        reason: "已向人民法院起诉".into(),
    };
    fx.desk
        .not_accept_case(&li, desk_core::CaseOp::new(recent, not))
        .unwrap();
    let m = fx
        .desk
        .intake_matches(&zhou, probe(&["13800138000"], &[], &[], ""))
        .unwrap();
    let ids: Vec<i64> = m.cases.iter().map(|c| c.case.id).collect();
    assert_eq!(
        ids,
        vec![newest, recent],
        "newest first; the case received at 09:59 is 180 days and a minute old"
    );
    assert!(!ids.contains(&old));
    assert_eq!(
        counts(&m),
        vec![("phone".into(), 2, 1)],
        "the one not accepted is not open"
    );
}

#[test]
fn a_report_is_not_found_by_its_reporters_phone_or_name_by_a_clerk_who_does_not_see_it() {
    let (mut fx, zhou) = office();
    let named_report = CaseInput {
        anonymous: false,
        complainants: named_complaint().complainants,
        ..anonymous_report()
    };
    let id = fx.register(&named_report);
    let typed = probe(&["13800138000"], &["王小明"], &[], "");
    let z = fx.desk.intake_matches(&zhou, typed.clone()).unwrap();
    assert!(
        z.cases.is_empty() && z.counts.is_empty(),
        "a clerk learns nothing: {z:?}"
    );
    let li = fx.seat_of("李娜");
    let l = fx.desk.intake_matches(&li, typed).unwrap();
    assert_eq!(
        l.cases.iter().map(|c| c.case.id).collect::<Vec<_>>(),
        vec![id]
    );
    // The accused under the category is not the reporter's identity: it
    // matches, with the reporter masked.
    let a = fx
        .desk
        .intake_matches(&zhou, probe(&[], &[], &["钱某"], "bribery"))
        .unwrap();
    assert_eq!(a.cases.len(), 1);
    assert_eq!(a.cases[0].case.complainant, "王**");
}

#[test]
fn a_case_registered_as_a_repeat_is_linked_both_ways_and_counted_as_a_recurrence() {
    let mut fx = fresh_register("enterprise");
    let first = fx.register(&named_complaint());
    let first_number = fx.case(first).case.number;
    // The same person, the phone typed with hyphens: the dashboard's own
    // rule (same name and phone) would not see it as the same person.
    let again = |repeat_of: Vec<String>| CaseInput {
        received_at: "2026-11-24T09:45".into(),
        complainants: vec![Person {
            phone: "138-0013-8000".into(),
            ..named_complaint().complainants[0].clone()
        }],
        repeat_of,
        ..named_complaint()
    };
    let unlinked = fx.register(&again(vec![]));
    let dash = |fx: &Fixture| {
        fx.desk
            .dashboard(
                &fx.admin,
                StatsQuery {
                    from: "2026-11-01".into(),
                    to: "2026-11-30".into(),
                    ..Default::default()
                },
            )
            .unwrap()
    };
    assert_eq!(
        dash(&fx).recurrence.numerator,
        0,
        "unlinked, it is not seen"
    );

    let linked = fx.register(&again(vec![format!(" {first_number} ")]));
    let view = fx.case(linked).case;
    assert_eq!(
        view.links
            .iter()
            .map(|l| (l.other_number.clone(), l.kind.clone()))
            .collect::<Vec<_>>(),
        vec![(first_number.clone(), "repeat".to_string())]
    );
    let earlier = fx.case(first).case;
    assert!(
        earlier
            .links
            .iter()
            .any(|l| l.other_id == linked && l.kind == "repeated_by"),
        "{:?}",
        earlier.links
    );
    let d = dash(&fx);
    assert_eq!(d.recurrence.numerator, 1);
    assert_eq!(d.recurrence.drill_down, vec![linked]);
    assert!(!d.recurrence.drill_down.contains(&unlinked));
    assert!(view
        .history
        .iter()
        .any(|h| h.action == "linked" && h.detail["other"] == first_number.as_str()));
}

#[test]
fn an_unknown_repeat_number_is_refused_on_its_field_and_nothing_is_registered() {
    let mut fx = fresh_register("enterprise");
    let li = fx.staff("李娜");
    let e = fx
        .desk
        .register_case(
            &li,
            CaseInput {
                repeat_of: vec!["TS-2026-999999".into()],
                ..named_complaint()
            },
        )
        .unwrap_err();
    match &e {
        DeskError::Validation(f) => {
            assert_eq!((f[0].field.as_str(), f[0].code), ("repeat_of", "not_found"));
            assert!(f[0].message_zh.contains("TS-2026-999999"));
        }
        other => panic!("{other:?}"),
    }
    let all = fx.desk.list_cases(&li, ListQuery::default()).unwrap();
    assert_eq!(all.total, 0);
    // The number is free: the next case still gets 000001.
    let id = fx.register(&named_complaint());
    assert_eq!(fx.case(id).case.number, "TS-2026-000001");
}

#[test]
fn only_those_who_register_cases_may_run_the_check() {
    let mut fx = fresh_register("enterprise");
    fx.register(&named_complaint());
    let inspector = fx.user("吴督查", &[Role::Inspector]);
    let e = fx
        .desk
        .intake_matches(&inspector, probe(&["13800138000"], &[], &[], ""))
        .unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e:?}");
}
