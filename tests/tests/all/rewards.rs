//! Rewards computed exactly in fen at every boundary, their guards, and the
//! handlers' accountability flags on an injected clock.

use desk_core::api::types::*;
use desk_core::domain::money::{parse_amount, Fen};
use desk_core::domain::rewards::{range, reward_preset};
use desk_core::{Caller, CaseOp};
use desk_tests::pdf::{flat, pdf_text};
use desk_tests::{
    anonymous_report, at, fresh_register, named_complaint, review, to_findings, with_case, Fixture,
};

fn yuan_fen(y: &str) -> Fen {
    parse_amount("x", y).unwrap()
}

/// (preset, rule, fine, recovered, confiscated, expected min, expected max) in yuan.
const TABLE: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    // 20 %–50 % of a ¥10,000 fine.
    (
        "enterprise",
        "illegal_fees",
        "10000",
        "0",
        "0",
        "2000.00",
        "5000.00",
    ),
    // 20 % of ¥333.33 = 66.666 -> up to 66.67; 50 % = 166.665 -> down to 166.66.
    (
        "enterprise",
        "illegal_fees",
        "333.33",
        "0",
        "0",
        "66.67",
        "166.66",
    ),
    // Nothing recovered: 10 %–20 % of the fine.
    ("enterprise", "other", "1000", "0", "0", "100.00", "200.00"),
    // Something recovered: 10 %–20 % of the value recovered, not the fine.
    (
        "enterprise",
        "other",
        "1000",
        "50000",
        "0",
        "5000.00",
        "10000.00",
    ),
    // 5 % of ¥10,000 is ¥500, below the ¥5,000 floor.
    (
        "market_regulation_2021",
        "grade1",
        "10000",
        "0",
        "0",
        "5000.00",
        "5000.00",
    ),
    // 5 % of ¥200,000 = ¥10,000 exactly: at the rate, above the floor.
    (
        "market_regulation_2021",
        "grade1",
        "150000",
        "0",
        "50000",
        "10000.00",
        "10000.00",
    ),
    // 5 % of ¥30,000,000 = ¥1,500,000, capped at ¥1,000,000.
    (
        "market_regulation_2021",
        "grade1",
        "30000000",
        "0",
        "0",
        "1000000.00",
        "1000000.00",
    ),
    // Exactly at the cap: 5 % of ¥20,000,000.
    (
        "market_regulation_2021",
        "grade1",
        "20000000",
        "0",
        "0",
        "1000000.00",
        "1000000.00",
    ),
    // 3 % of ¥200,000 = ¥6,000.
    (
        "market_regulation_2021",
        "grade2",
        "200000",
        "0",
        "0",
        "6000.00",
        "6000.00",
    ),
    // 3 % of ¥100,000 = ¥3,000: exactly the floor.
    (
        "market_regulation_2021",
        "grade2",
        "100000",
        "0",
        "0",
        "3000.00",
        "3000.00",
    ),
    // 1 % of ¥99,999.99 = ¥999.9999: below the ¥1,000 floor either way.
    (
        "market_regulation_2021",
        "grade3",
        "99999.99",
        "0",
        "0",
        "1000.00",
        "1000.00",
    ),
    // 1 % of ¥150,000.50 = ¥1,500.005: min rounds up, max rounds down.
    (
        "market_regulation_2021",
        "grade3",
        "150000.50",
        "0",
        "0",
        "1500.01",
        "1500.00",
    ),
];

#[test]
fn every_reward_range_in_the_table_matches_the_amount_worked_out_by_hand() {
    let mut wrong = Vec::new();
    for (preset, rule, fine, rec, conf, min, max) in TABLE {
        let policy = reward_preset(preset).unwrap();
        let r = policy.rules.iter().find(|r| r.code == *rule).unwrap();
        let got = range(
            r,
            Amounts {
                fine: yuan_fen(fine),
                recovered: yuan_fen(rec),
                confiscated: yuan_fen(conf),
            },
        )
        .unwrap();
        if (got.min, got.max) != (yuan_fen(min), yuan_fen(max)) {
            wrong.push(format!(
                "{preset}/{rule} fine {fine} recovered {rec} confiscated {conf}: got {} – {}, expected {min} – {max}",
                got.min.plain(),
                got.max.plain()
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_rule_stated_in_percent_with_a_zero_base_offers_no_range() {
    let policy = reward_preset("enterprise").unwrap();
    assert_eq!(range(&policy.rules[1], Amounts::default()), None);
}

fn report_case(conclusion: Conclusion) -> (Fixture, i64) {
    let (mut fx, id) = with_case("enterprise", &anonymous_report());
    to_findings(&mut fx, id, conclusion, &["penalty", "reward"]);
    (fx, id)
}

fn proposal(amount: &str) -> ProposalInput {
    ProposalInput {
        rule: "other".into(),
        fine: "20000".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

fn propose(
    fx: &Fixture,
    who: &Caller,
    id: i64,
    input: &ProposalInput,
) -> desk_core::Result<Proposal> {
    fx.desk
        .propose_reward(who, CaseOp::new(id, input.clone()))
        .map(|st| st.proposal.expect("the proposal"))
}

fn pay(fx: &Fixture, who: &Caller, id: i64, p: &Payment) -> desk_core::Result<RewardState> {
    fx.desk.pay_reward(who, CaseOp::new(id, p.clone()))
}

#[test]
fn a_reward_is_proposed_in_range_approved_by_the_leader_and_then_paid() {
    let (mut fx, id) = report_case(Conclusion::Substantiated);
    let inspector = fx.staff("吴督查");
    let clerk = fx.staff("李娜");
    let boss = fx.staff("总经理");
    // 10 %–20 % of ¥20,000: ¥2,000 – ¥4,000.
    let err = propose(&fx, &inspector, id, &proposal("4000.01")).unwrap_err();
    assert!(err
        .message(desk_core::Lang::Zh)
        .contains("¥2,000.00 至 ¥4,000.00"));
    let payment = Payment {
        paid_on: "2026-11-30".into(),
        method: "bank_transfer".into(),
        payer: "财务部张会计".into(),
        receipt_no: "JL-2026-001".into(),
        recipient: "凭查询码领取".into(),
        query_code: String::new(),
    };
    let code = fx.case_as(&clerk, id).case.query_code.unwrap();
    let p = propose(&fx, &inspector, id, &proposal("3000")).unwrap();
    assert_eq!(
        (p.amount, p.amount_upper.as_str()),
        (Fen(300_000), "叁仟元整")
    );
    assert_eq!(
        pay(&fx, &clerk, id, &payment).unwrap_err().code(),
        "reward_not_approved",
        "no payment before approval"
    );
    fx.desk
        .decide_reward(
            &boss,
            CaseOp::new(
                id,
                RewardDecision {
                    approve: true,
                    comment: "同意".into(),
                },
            ),
        )
        .unwrap();
    let err = pay(&fx, &clerk, id, &payment).unwrap_err();
    assert!(
        err.message(desk_core::Lang::Zh).contains("查询码"),
        "an anonymous claim needs the code"
    );
    let payment = Payment {
        query_code: code.to_lowercase(),
        ..payment
    };
    let st = pay(&fx, &clerk, id, &payment).unwrap();
    let json = serde_json::to_string(&st.payment).unwrap();
    assert!(
        !json.contains(&code),
        "the code is not kept with the payment"
    );
    assert_eq!(st.state, "paid");
    // The reward notice takes the approved amount from the register.
    let notice = fx
        .desk
        .issue_document(
            &clerk,
            CaseOp::new(
                id,
                IssueInput {
                    doc_type: "reward_notice".into(),
                    ..Default::default()
                },
            ),
        )
        .unwrap();
    let text = flat(&pdf_text("rewards_notice", &notice.pdf.0));
    assert!(text.contains("人民币3000.00元（大写：叁仟元整）"), "{text}");
}

#[test]
fn no_reward_for_a_complaint_or_before_substantiated_findings() {
    let mut fx = fresh_register("enterprise");
    let complaint = fx.register(&named_complaint());
    // 李娜 received both cases and holds the inspector's role.
    let clerk = fx.staff("李娜");
    let err = propose(&fx, &clerk, complaint, &proposal("3000")).unwrap_err();
    assert_eq!(err.code(), "reward_not_report");
    let report = fx.register(&anonymous_report());
    let err = propose(&fx, &clerk, report, &proposal("3000")).unwrap_err();
    assert_eq!(err.code(), "reward_not_substantiated");
    let (mut fx, unfounded) = report_case(Conclusion::Unfounded);
    let inspector = fx.staff("吴督查");
    let err = propose(&fx, &inspector, unfounded, &proposal("3000")).unwrap_err();
    assert_eq!(err.code(), "reward_not_substantiated");
}

#[test]
fn a_discretionary_reward_needs_a_band_and_a_reason_and_stays_in_the_band() {
    let (mut fx, id) = report_case(Conclusion::PartlySubstantiated);
    let inspector = fx.staff("吴督查");
    let mut input = ProposalInput {
        rule: "other".into(),
        band: "important".into(),
        amount: "800".into(),
        ..Default::default()
    };
    assert_eq!(
        propose(&fx, &inspector, id, &input).unwrap_err().code(),
        "validation"
    );
    input.reason = "线索重要，协助查实".into();
    // The important band is ¥1,000 – ¥5,000.
    let err = propose(&fx, &inspector, id, &input).unwrap_err();
    assert!(err.message(desk_core::Lang::Zh).contains("¥1,000.00"));
    input.amount = "1500".into();
    assert!(propose(&fx, &inspector, id, &input).unwrap().discretionary);
}

#[test]
fn several_reporters_share_a_reward_that_sums_exactly() {
    let mut fx = fresh_register("enterprise");
    let mut group = anonymous_report();
    group.anonymous = false;
    group.complainants = (1..=3)
        .map(|i| Person {
            name: format!("举报人{i}"),
            ..Default::default()
        })
        .collect();
    let id = fx.register(&group);
    to_findings(
        &mut fx,
        id,
        Conclusion::Substantiated,
        &["penalty", "reward"],
    );
    let inspector = fx.staff("吴督查");
    let p = propose(&fx, &inspector, id, &proposal("3000.01")).unwrap();
    let shares: Vec<i64> = p.shares.iter().map(|(_, f)| f.0).collect();
    assert_eq!(shares, vec![100_001, 100_000, 100_000]);
    assert_eq!(shares.iter().sum::<i64>(), p.amount.0);
    assert!(p
        .shares
        .iter()
        .all(|(label, _)| label.starts_with("举报人")));
}

fn decide_flag(fx: &mut Fixture, id: i64, confirm: bool, reason: &str) -> Flag {
    let boss = fx.staff("总经理");
    fx.desk
        .decide_flag(
            &boss,
            FlagDecision {
                id,
                confirm,
                reason: reason.into(),
            },
        )
        .unwrap()
}

#[test]
fn a_flag_is_raised_exactly_when_a_deadline_passes_and_once() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    // Review due 2026-11-26 23:59:59 (2 working days after Tue 11-24).
    at(&fx, "2026-11-26 23:59:59");
    assert!(fx.desk.raise_deadline_flags().unwrap().is_empty());
    at(&fx, "2026-11-27 00:00:00");
    let flags = fx.desk.raise_deadline_flags().unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].case_id, id);
    assert_eq!(
        (
            flags[0].deadline_code.as_str(),
            flags[0].handler.as_str(),
            flags[0].suggested_zh.as_str()
        ),
        ("review", "李娜", "警告，罚款¥100.00")
    );
    assert!(
        fx.desk.raise_deadline_flags().unwrap().is_empty(),
        "raised once"
    );
    let decided = decide_flag(&mut fx, flags[0].id, false, "节假日值班交接，已说明");
    assert_eq!(decided.state, "dismissed");
}

#[test]
fn no_flag_when_the_complainant_was_told_of_an_extension_before_the_deadline() {
    let mut fx = fresh_register("enterprise");
    let mut input = named_complaint();
    input.received_at = "2026-03-01T10:00".into();
    at(&fx, "2026-03-02 09:00:00");
    let id = fx.register(&input);
    let clerk = fx.staff("李娜");
    let head = fx.staff("周部长");
    fx.staff("吴督查");
    let wu = fx.id_of("吴督查");
    fx.desk
        .accept_case(&clerk, CaseOp::new(id, Comment::default()))
        .unwrap();
    fx.desk
        .review_case(&head, CaseOp::new(id, review(wu)))
        .unwrap();
    // Decision due 30 days from 03-02: 03-31 [Tue]. Extension told on 03-20, to 04-20.
    at(&fx, "2026-03-20 10:00:00");
    let ext = ExtensionInput {
        new_due: "2026-04-20".into(),
        reason: "需委托外部审计".into(),
        notice_sent_on: "2026-03-20".into(),
    };
    fx.desk
        .extend_deadline(&head, CaseOp::new(id, ext))
        .unwrap();
    at(&fx, "2026-04-01 09:00:00");
    assert!(fx.desk.raise_deadline_flags().unwrap().is_empty());
    at(&fx, "2026-04-21 00:00:00");
    let flags = fx.desk.raise_deadline_flags().unwrap();
    assert_eq!(
        (flags.len(), flags[0].deadline_code.as_str()),
        (1, "decide")
    );
    assert_eq!(flags[0].handler, "吴督查");
}

#[test]
fn the_leader_records_other_violations_and_the_handler_view_counts_them() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let boss = fx.staff("总经理");
    let violation = |handler: &str, rule: &str, note: &str| {
        fx.desk.record_violation(
            &boss,
            CaseOp::new(
                id,
                Violation {
                    handler: handler.into(),
                    rule: rule.into(),
                    note: note.into(),
                },
            ),
        )
    };
    let f = violation("赵主任", "retaliation", "调岗报复").unwrap();
    assert_eq!(f.suggested_zh, "记过，罚款¥500.00");
    let leak = violation("孙干事", "leak", "向被投诉人透露投诉人").unwrap();
    assert_eq!(leak.fine, Fen(20_000));
    let err = violation("x", "missed_deadline", "").unwrap_err();
    assert_eq!(err.code(), "validation");
    decide_flag(&mut fx, f.id, true, "查证属实");
    let stats = fx.desk.handler_stats(&fx.admin, ()).unwrap();
    let zhao = stats.iter().find(|s| s.handler == "赵主任").unwrap();
    assert_eq!(zhao.flags_confirmed, 1);
    let li = stats.iter().find(|s| s.handler == "李娜").unwrap();
    assert_eq!(li.open_cases, 1);
}
