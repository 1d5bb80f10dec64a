//! Handling a case to the archive: the enforced workflow, the records it
//! needs, and the deadlines of the preset on the official calendar.

use desk_core::api::types::*;
use desk_core::{CaseOp, Lang};
use desk_tests::{
    anonymous_report, at, fresh_register, inspect, investigating, named_complaint, review,
    with_case, Fixture,
};

fn findings(proposals: &[&str]) -> Findings {
    Findings {
        conclusion: Conclusion::Substantiated,
        facts: "经核查，十月份奖金扣发无制度依据。".into(),
        responsibility: "车间主任负直接责任".into(),
        proposals: proposals.iter().map(|p| p.to_string()).collect(),
        rectification_due: None,
        org_notice: false,
    }
}

fn defence() -> Defence {
    Defence {
        asked_on: "2026-11-25".into(),
        declined: false,
        statement: "扣发系按车间口头规定执行。".into(),
    }
}

fn none() -> Comment {
    Comment::default()
}

fn status(r: desk_core::Result<CaseView>) -> Status {
    r.unwrap_or_else(|e| panic!("refused: {e}")).case.status
}

fn code(r: desk_core::Result<CaseView>) -> &'static str {
    r.expect_err("should be refused").code()
}

fn letter(summary: &str) -> Reply {
    Reply {
        method: "letter".into(),
        summary: summary.into(),
    }
}

/// Investigation (by 吴督查), the accused's defence and findings with
/// these proposals.
fn to_findings_with(fx: &mut Fixture, id: i64, proposals: &[&str]) {
    investigating(fx, id);
    let wu = fx.staff("吴督查");
    fx.desk
        .record_defence(&wu, CaseOp::new(id, defence()))
        .unwrap();
    fx.desk
        .write_findings(&wu, CaseOp::new(id, findings(proposals)))
        .unwrap();
}

#[test]
fn a_complaint_goes_from_intake_to_the_archive_with_every_step_on_its_timeline() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let li = fx.staff("李娜");
    let zhou = fx.staff("周部长");
    let wu = fx.staff("吴督查");
    let wu_id = fx.id_of("吴督查");
    let d = &fx.desk;
    assert_eq!(
        status(d.accept_case(&li, CaseOp::new(id, none()))),
        Status::Accepted
    );
    assert_eq!(
        status(d.review_case(&zhou, CaseOp::new(id, review(wu_id)))),
        Status::Reviewed
    );
    assert_eq!(
        status(d.start_investigation(&wu, CaseOp::new(id, none()))),
        Status::Investigating
    );
    d.record_interview(
        &wu,
        CaseOp::new(
            id,
            Interview {
                at: "2026-11-25 10:00".into(),
                place: "企业管理部会议室".into(),
                interviewer: "吴督查".into(),
                recorder: "郑文员".into(),
                interviewee: "王小明".into(),
                role: "complainant".into(),
                questions_and_answers: vec![QuestionAnswer {
                    question: "奖金何时被扣？".into(),
                    answer: "十月工资发放时。".into(),
                }],
                signed: true,
            },
        ),
    )
    .unwrap();
    d.record_defence(&wu, CaseOp::new(id, defence())).unwrap();
    assert_eq!(
        status(d.write_findings(&wu, CaseOp::new(id, findings(&["correction"])))),
        Status::Findings
    );
    assert_eq!(
        status(d.record_reply(&li, CaseOp::new(id, letter("补发奖金")))),
        Status::Replied
    );
    let satisfied = FollowUp {
        satisfaction: Satisfaction::Satisfied,
        note: String::new(),
    };
    assert_eq!(
        status(d.record_follow_up(&li, CaseOp::new(id, satisfied))),
        Status::FollowedUp
    );
    assert_eq!(
        status(d.archive_case(&li, CaseOp::new(id, none()))),
        Status::Archived
    );
    let case = fx.case_as(&li, id).case;
    assert_eq!(case.status, Status::Archived);
    let actions: Vec<&str> = case.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "case_registered",
            "accepted",
            "reviewed",
            "investigating",
            "interview",
            "defence",
            "findings",
            "replied",
            "followed_up",
            "archived"
        ]
    );
}

#[test]
fn findings_before_the_defence_are_refused_saying_what_must_come_first() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    investigating(&mut fx, id);
    let wu = fx.staff("吴督查");
    let err = fx
        .desk
        .write_findings(&wu, CaseOp::new(id, findings(&[])))
        .unwrap_err();
    assert_eq!(err.code(), "defence_missing");
    assert!(err.message(Lang::Zh).contains("申辩"));
    assert!(err.message(Lang::En).contains("defence"));
    // Declining after being asked, with the date, is enough.
    fx.desk
        .record_defence(
            &wu,
            CaseOp::new(
                id,
                Defence {
                    asked_on: "2026-11-25".into(),
                    declined: true,
                    statement: String::new(),
                },
            ),
        )
        .unwrap();
    assert_eq!(
        status(fx.desk.write_findings(&wu, CaseOp::new(id, findings(&[])))),
        Status::Findings
    );
}

#[test]
fn a_penalty_proposal_needs_the_leaders_approval_before_the_reply() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    to_findings_with(&mut fx, id, &["penalty"]);
    let li = fx.staff("李娜");
    let boss = fx.staff("总经理");
    assert_eq!(
        code(
            fx.desk
                .record_reply(&li, CaseOp::new(id, letter("处理结果")))
        ),
        "approval_missing"
    );
    fx.desk
        .approve_findings(
            &boss,
            CaseOp::new(
                id,
                Comment {
                    comment: "同意".into(),
                },
            ),
        )
        .unwrap();
    assert_eq!(
        status(
            fx.desk
                .record_reply(&li, CaseOp::new(id, letter("处理结果")))
        ),
        Status::Replied
    );
}

#[test]
fn steps_out_of_order_and_an_early_archive_are_refused() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let zhou = fx.staff("周部长");
    let wu = {
        fx.staff("吴督查");
        fx.id_of("吴督查")
    };
    let li = fx.staff("李娜");
    assert_eq!(
        code(fx.desk.review_case(&zhou, CaseOp::new(id, review(wu)))),
        "step_not_allowed"
    );
    assert_eq!(
        code(fx.desk.record_reply(&li, CaseOp::new(id, letter("x")))),
        "findings_missing"
    );
    assert_eq!(
        code(fx.desk.archive_case(&li, CaseOp::new(id, none()))),
        "reply_missing"
    );
}

#[test]
fn a_case_not_accepted_is_archived_only_after_the_written_notice() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let li = fx.staff("李娜");
    let not = NotAccept {
        ground: NotAcceptGround::Court,
        reason: "已向人民法院起诉".into(),
    };
    assert_eq!(
        status(fx.desk.not_accept_case(&li, CaseOp::new(id, not))),
        Status::NotAccepted
    );
    assert_eq!(
        code(fx.desk.archive_case(&li, CaseOp::new(id, none()))),
        "notice_missing"
    );
    fx.desk
        .record_not_accepted_notice(
            &li,
            CaseOp::new(
                id,
                NoticeSent {
                    sent_on: "2026-11-25".into(),
                },
            ),
        )
        .unwrap();
    assert_eq!(
        status(fx.desk.archive_case(&li, CaseOp::new(id, none()))),
        Status::Archived
    );
}

#[test]
fn an_anonymous_case_with_no_contact_is_archived_with_the_reason_no_follow_up_is_possible() {
    let (mut fx, id) = with_case("enterprise", &anonymous_report());
    to_findings_with(&mut fx, id, &[]);
    let li = fx.staff("李娜");
    fx.desk
        .record_reply(
            &li,
            CaseOp::new(
                id,
                Reply {
                    method: "query_code".into(),
                    summary: "凭查询码告知结果".into(),
                },
            ),
        )
        .unwrap();
    assert_eq!(
        code(fx.desk.archive_case(&li, CaseOp::new(id, none()))),
        "follow_up_missing"
    );
    fx.desk
        .record_no_follow_up(
            &li,
            CaseOp::new(
                id,
                NoFollowUp {
                    reason: "匿名且无联系方式".into(),
                },
            ),
        )
        .unwrap();
    assert_eq!(
        status(fx.desk.archive_case(&li, CaseOp::new(id, none()))),
        Status::Archived
    );
}

#[test]
fn a_dissatisfied_follow_up_escalates_under_the_enterprise_rule_and_reopens_in_a_hospital() {
    for (preset, expected) in [
        ("enterprise", Status::Escalated),
        ("hospital", Status::Investigating),
    ] {
        let mut fx = fresh_register(preset);
        let mut input = named_complaint();
        input.category = if preset == "hospital" {
            "fees".into()
        } else {
            input.category
        };
        let id = fx.register(&input);
        to_findings_with(&mut fx, id, &[]);
        let li = fx.staff("李娜");
        fx.desk
            .record_reply(&li, CaseOp::new(id, letter("结果")))
            .unwrap();
        let unhappy = FollowUp {
            satisfaction: Satisfaction::Dissatisfied,
            note: "不认可".into(),
        };
        assert_eq!(
            status(fx.desk.record_follow_up(&li, CaseOp::new(id, unhappy))),
            expected,
            "{preset}"
        );
    }
}

#[test]
fn the_enterprise_deadlines_of_a_fresh_case_are_computed_on_working_days() {
    let mut fx = fresh_register("enterprise");
    // Received Tue 2026-11-24 09:30 (NOW is 10:00 the same day).
    let id = fx.register(&named_complaint());
    let d = fx.deadlines(id);
    let due = |code: &str| d.iter().find(|x| x.code == code).map(|x| x.due_at.clone());
    // review: 2 working days: 11-25 [Wed] (1), 11-26 [Thu] (2).
    assert_eq!(due("review").as_deref(), Some("2026-11-26 23:59:59"));
    // decide: 30 days from 11-25: day 30 = 12-24 [Thu].
    assert_eq!(due("decide").as_deref(), Some("2026-12-24 23:59:59"));
    assert_eq!(
        due("reply"),
        None,
        "the reply deadline starts with the findings"
    );
    assert!(d
        .iter()
        .all(|x| x.state == DueState::DueThisWeek || x.state == DueState::Pending));
    // Three days later without a review the first deadline is overdue.
    at(&fx, "2026-11-27 09:00");
    let d = fx.deadlines(id);
    assert_eq!(d[0].code, "review");
    assert_eq!(d[0].state, DueState::Overdue);
}

#[test]
fn pausing_the_clock_moves_the_decision_deadline_by_the_paused_days() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    // The clerk who received the case stops the clock (she takes part in it).
    let li = fx.staff("李娜");
    at(&fx, "2026-12-01 09:00");
    fx.desk
        .pause_clock(
            &li,
            CaseOp::new(
                id,
                PauseInput {
                    from: "2026-12-01".into(),
                    reason: "委托第三方鉴定".into(),
                },
            ),
        )
        .unwrap();
    at(&fx, "2026-12-11 09:00");
    fx.desk
        .resume_clock(
            &li,
            CaseOp::new(
                id,
                ResumeInput {
                    on: "2026-12-11".into(),
                },
            ),
        )
        .unwrap();
    let d = fx.deadlines(id);
    let decide = d.iter().find(|x| x.code == "decide").unwrap();
    // 12-01..12-10 paused (10 days): 12-24 + 10 = 2027-01-03 [Sun], a year
    // without the official notice: its 元旦 (01-01) is computed, the date
    // provisional.
    assert_eq!(decide.due_at, "2027-01-04 23:59:59");
    assert!(!decide.verified, "2027 has no official calendar yet");
    assert!(decide.unknown_years.is_empty());
    assert_eq!(decide.provisional_years, vec![2027]);
}

#[test]
fn an_extension_beyond_sixty_days_is_refused_and_one_within_it_moves_the_deadline() {
    let mut fx = fresh_register("enterprise");
    let mut input = named_complaint();
    input.received_at = "2026-03-01T10:00".into();
    let id = fx.register(&input);
    let zhou = fx.staff("周部长");
    let too_far = ExtensionInput {
        new_due: "2026-05-06".into(),
        reason: "需外部鉴定".into(),
        notice_sent_on: "2026-03-20".into(),
    };
    // The cap: 60 days from 03-02 ends 04-30 [Thu].
    let err = fx
        .desk
        .extend_deadline(&zhou, CaseOp::new(id, too_far.clone()))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.message(Lang::Zh).contains("2026年04月30日"),
        "{}",
        err.message(Lang::Zh)
    );
    let ok = ExtensionInput {
        new_due: "2026-04-20".into(),
        ..too_far
    };
    fx.desk.extend_deadline(&zhou, CaseOp::new(id, ok)).unwrap();
    let d = fx.deadlines(id);
    let decide = d.iter().find(|x| x.code == "decide").unwrap();
    assert_eq!(
        (decide.due_at.as_str(), decide.extended),
        ("2026-04-20 23:59:59", true)
    );
}

#[test]
fn the_hospital_preset_gives_ordinary_cases_three_and_serious_ones_seven_working_days() {
    let mut fx = fresh_register("hospital");
    let mut ordinary = named_complaint();
    ordinary.category = "fees".into();
    // Received Thu 2026-02-12: 02-13 (1), 02-14 [Sat, make-up] (2), festival, 02-24 (3).
    ordinary.received_at = "2026-02-12T09:00".into();
    let mut serious = ordinary.clone();
    serious.severity = "major".into();
    let a = fx.register(&ordinary);
    let b = fx.register(&serious);
    let da = fx.deadlines(a);
    let db = fx.deadlines(b);
    assert_eq!(
        (da.len(), da[0].code.as_str(), da[0].due_at.as_str()),
        (1, "resolve", "2026-02-24 23:59:59")
    );
    // 7 wd: 02-13, 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 [Sat, make-up].
    assert_eq!(
        (db.len(), db[0].code.as_str(), db[0].due_at.as_str()),
        (1, "resolve_serious", "2026-02-28 23:59:59")
    );
}

#[test]
fn records_of_the_handling_cannot_be_edited_afterwards() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let li = fx.staff("李娜");
    fx.desk.accept_case(&li, CaseOp::new(id, none())).unwrap();
    let err = inspect(&fx)
        .execute("UPDATE case_records SET actor = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn the_due_board_lists_open_cases_soonest_first_with_their_owner() {
    let mut fx = fresh_register("enterprise");
    let mut early = named_complaint();
    early.received_at = "2026-11-20T09:00".into();
    let late = fx.register(&named_complaint());
    let zhang = fx.staff("张敏");
    let first = fx.desk.register_case(&zhang, early).unwrap().case.id;
    fx.desk
        .accept_case(&zhang, CaseOp::new(first, none()))
        .unwrap();
    let zhou = fx.staff("周部长");
    fx.staff("吴督查");
    let wu = fx.id_of("吴督查");
    fx.desk
        .review_case(&zhou, CaseOp::new(first, review(wu)))
        .unwrap();
    let board = fx.desk.due_board(&fx.admin, ()).unwrap();
    // The early case's review was met; its next deadline is "decide" (12-20 [Sun] -> 12-21).
    // The late one still waits for review by 11-26.
    let rows: Vec<(i64, &str, &str, &str)> = board
        .iter()
        .map(|b| {
            (
                b.case_id,
                b.deadline.code.as_str(),
                b.deadline.due_at.as_str(),
                b.owner.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (late, "review", "2026-11-26 23:59:59", "李娜"),
            (first, "decide", "2026-12-21 23:59:59", "吴督查"),
        ]
    );
}

#[test]
fn the_due_count_is_the_boards_overdue_and_due_today_without_building_the_board() {
    let mut fx = fresh_register("enterprise");
    // Received over three weeks: some reviews long overdue, one due today
    // (the register's clock is 2026-11-24 10:00), some still ahead.
    for day in 3..=24 {
        let mut c = named_complaint();
        c.received_at = format!("2026-11-{day:02}T09:00");
        fx.register(&c);
    }
    let board = fx.desk.due_board(&fx.admin, ()).unwrap();
    let state = |s: &str| {
        board
            .iter()
            .filter(|b| b.deadline.state.code() == s)
            .count() as u64
    };
    let count = fx.desk.due_count(&fx.admin, ()).unwrap();
    assert!(
        state("overdue") > 0
            && state("due_today") > 0
            && board.len() as u64 > state("overdue") + state("due_today"),
        "the register has overdue, due-today and later deadlines: {board:?}"
    );
    assert_eq!(
        (count.overdue, count.due_today),
        (state("overdue"), state("due_today"))
    );
}

#[test]
fn the_financial_preset_sets_first_response_and_resolution_by_severity() {
    let mut fx = fresh_register("financial");
    let mut important = named_complaint();
    important.category = "service".into();
    important.severity = "important".into();
    // Received Fri 2026-02-13 10:00.
    important.received_at = "2026-02-13T10:00".into();
    let id = fx.register(&important);
    let d = fx.deadlines(id);
    let rows: Vec<(&str, &str)> = d
        .iter()
        .map(|x| (x.code.as_str(), x.due_at.as_str()))
        .collect();
    // 8 h from the hour: 18:00 the same day. 5 wd: 02-14 [Sat, make-up] (1), festival,
    // 02-24 (2), 02-25 (3), 02-26 (4), 02-27 (5).
    assert_eq!(
        rows,
        [
            ("first_response_important", "2026-02-13 18:00:00"),
            ("resolve_important", "2026-02-27 23:59:59"),
        ]
    );
}

#[test]
fn under_samr_rules_a_decision_not_to_accept_meets_the_seven_working_day_deadline() {
    let mut fx = fresh_register("samr");
    let mut input = named_complaint();
    input.category = "consumer".into();
    let id = fx.register(&input);
    // Received Tue 11-24: 7 wd = 11-25, 26, 27, 30, 12-01, 02, 03 [Thu].
    assert_eq!(fx.deadlines(id)[0].due_at, "2026-12-03 23:59:59");
    let not = NotAccept {
        ground: NotAcceptGround::OutsideRemit,
        reason: "不属于本局管辖".into(),
    };
    let li = fx.staff("李娜");
    fx.desk.not_accept_case(&li, CaseOp::new(id, not)).unwrap();
    let d = fx.deadlines(id);
    assert_eq!(
        (d[0].code.as_str(), d[0].state),
        ("accept_decision", DueState::Met)
    );
}

#[test]
fn every_shipped_preset_can_be_chosen_at_setup_and_computes_its_deadlines() {
    for preset in desk_core::domain::policy::presets() {
        let mut fx = fresh_register(&preset.id);
        let policy = fx.desk.get_policy(&fx.admin, ()).unwrap();
        let cat = policy
            .categories
            .iter()
            .find(|c| c.kinds.contains(&CaseKind::Complaint))
            .unwrap();
        let mut input = named_complaint();
        input.category = cat.code.clone();
        let id = fx.register(&input);
        assert!(
            !fx.deadlines(id).is_empty(),
            "{} has deadlines for an ordinary complaint",
            preset.id
        );
    }
}

#[test]
fn an_attached_evidence_file_is_stored_with_the_case_and_its_hash_shows_tampering() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    investigating(&mut fx, id);
    let wu = fx.staff("吴督查");
    let bytes = b"fake jpeg bytes of a payslip".to_vec();
    let photo = fx.dir.path().join("工资条.jpg");
    std::fs::write(&photo, &bytes).unwrap();
    let input = EvidenceInput {
        evidence: Evidence {
            description: "十月份工资条照片".into(),
            source: "投诉人提供".into(),
            obtained_on: "2026-11-24".into(),
            ..Default::default()
        },
        file: Some(Upload {
            name: "工资条.jpg".into(),
            bytes: Bytes(bytes),
        }),
    };
    let view = fx
        .desk
        .record_evidence(&wu, CaseOp::new(id, input))
        .unwrap();
    let Record::Evidence(rec) = &view.case.records.last().unwrap().record else {
        panic!("the last record is the evidence")
    };
    // sha256 of the same bytes, computed independently with sha256sum.
    let expected = String::from_utf8(
        std::process::Command::new("sha256sum")
            .arg(&photo)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(rec.sha256.as_deref(), expected.split_whitespace().next());
    assert_eq!(rec.file_name.as_deref(), Some("工资条.jpg"));
    let check = |fx: &Fixture| {
        fx.desk
            .verify_attachments(&wu, CaseId { case_id: id })
            .unwrap()[0]
            .state
            .clone()
    };
    assert_eq!(check(&fx), "ok");
    let stored = fx
        .dir
        .path()
        .join("attachments")
        .join(rec.stored_as.clone().unwrap());
    std::fs::write(&stored, b"edited").unwrap();
    assert_eq!(check(&fx), "changed");
    std::fs::remove_file(&stored).unwrap();
    assert_eq!(check(&fx), "missing");
    let case = fx.case_as(&wu, id).case;
    assert_eq!(case.records.last().unwrap().kind(), "evidence");
}

#[test]
fn a_handler_who_declared_recusal_is_excluded_from_the_case() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let li = fx.staff("李娜");
    let zhou = fx.staff("周部长");
    let wu = fx.staff("吴督查");
    let zheng = fx.staff("郑督查");
    fx.staff("冯督查");
    let (wu_id, zheng_id, feng_id) = (fx.id_of("吴督查"), fx.id_of("郑督查"), fx.id_of("冯督查"));
    fx.desk.accept_case(&li, CaseOp::new(id, none())).unwrap();
    fx.desk
        .declare_recusal(
            &wu,
            CaseOp::new(
                id,
                RecusalInput {
                    user_id: None,
                    reason: "与被投诉人系亲属".into(),
                },
            ),
        )
        .unwrap();
    let err = fx
        .desk
        .review_case(&zhou, CaseOp::new(id, review(wu_id)))
        .unwrap_err();
    assert_eq!(
        err.code(),
        "recused",
        "naming a recused inspector is refused"
    );
    assert!(err.message(Lang::Zh).contains("回避"));
    let other = ReviewInput {
        mode: InvestigationMode::Team,
        inspector_ids: vec![zheng_id, feng_id],
        department: "企业管理部".into(),
        comment: String::new(),
    };
    fx.desk.review_case(&zhou, CaseOp::new(id, other)).unwrap();
    assert_eq!(
        code(fx.desk.start_investigation(&wu, CaseOp::new(id, none()))),
        "recused"
    );
    fx.desk
        .start_investigation(&zheng, CaseOp::new(id, none()))
        .unwrap();
    assert_eq!(
        code(fx.desk.record_defence(&wu, CaseOp::new(id, defence()))),
        "recused"
    );
}

#[test]
fn a_site_check_is_recorded_and_a_repeat_complaint_is_linked_both_ways() {
    let mut fx = fresh_register("enterprise");
    let first = fx.register(&named_complaint());
    let again = fx.register(&named_complaint());
    let li = fx.staff("李娜");
    // The clerk who received it (she holds the inspector's role too) checks the site.
    fx.desk
        .record_site_check(
            &li,
            CaseOp::new(
                again,
                SiteCheck {
                    at: "2026-11-24 09:45".into(),
                    place: "生产一厂财务室".into(),
                    inspectors: vec!["吴督查".into()],
                    findings: "调阅十月份工资表，确有扣发记录。".into(),
                },
            ),
        )
        .unwrap();
    let first_number = fx.case(first).case.number;
    let link = |number: &str, kind: &str| LinkInput {
        other_number: number.into(),
        kind: kind.into(),
    };
    fx.desk
        .link_cases(&li, CaseOp::new(again, link(&first_number, "repeat")))
        .unwrap();
    let a = fx.case(again).case;
    let f = fx.case(first).case;
    assert_eq!(
        (a.links[0].other_number.as_str(), a.links[0].kind.as_str()),
        ("TS-2026-000001", "repeat")
    );
    assert_eq!(
        (f.links[0].other_number.as_str(), f.links[0].kind.as_str()),
        ("TS-2026-000002", "repeated_by")
    );
    assert_eq!(a.records[0].kind(), "site_check");
    let err = fx
        .desk
        .link_cases(&li, CaseOp::new(again, link("TS-2026-999999", "related")))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn the_office_sets_its_own_periods_for_urgent_and_major_cases() {
    let mut fx = fresh_register("financial");
    let mut rules = fx.desk.get_policy(&fx.admin, ()).unwrap().deadlines;
    let urgent = rules
        .iter_mut()
        .find(|r| r.code == "resolve_urgent")
        .unwrap();
    urgent.period = desk_core::domain::deadline::Period::working_days(4);
    fx.desk
        .update_deadline_rules(&fx.admin, rules.clone())
        .unwrap();
    let mut input = named_complaint();
    input.category = "service".into();
    input.severity = "urgent".into();
    let id = fx.register(&input);
    let d = fx.deadlines(id);
    let resolve = d.iter().find(|x| x.code == "resolve_urgent").unwrap();
    // Received Tue 11-24: 4 working days -> 11-25, 26, 27, 30 [Mon].
    assert_eq!(resolve.due_at, "2026-11-30 23:59:59");
    rules[0].period.amount = 0;
    let err = fx.desk.update_deadline_rules(&fx.admin, rules).unwrap_err();
    assert_eq!(err.code(), "validation");
}

/// The State Council's 2026 notice as published (2025-11-04).
const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。";

#[test]
fn the_pasted_notice_is_read_into_the_year_the_shipped_calendar_has() {
    let fx = fresh_register("enterprise");
    let read = fx
        .desk
        .read_holiday_notice(
            &fx.admin,
            NoticeText {
                text: NOTICE_2026.into(),
                year: None,
            },
        )
        .expect("the notice is read");
    assert_eq!(read.year, 2026);
    let shipped = fx.desk.get_calendar(&fx.admin, ()).unwrap().years[&2026].clone();
    assert_eq!(read.arrangement.off, shipped.off);
    assert_eq!(read.arrangement.workdays, shipped.workdays);
    let wrong = fx
        .desk
        .read_holiday_notice(
            &fx.admin,
            NoticeText {
                text: NOTICE_2026.into(),
                year: Some(2027),
            },
        )
        .unwrap_err();
    assert!(
        wrong.message(Lang::Zh).contains("2026"),
        "{}",
        wrong.message(Lang::Zh)
    );
}

#[test]
fn from_the_first_of_november_the_missing_notice_of_next_year_is_reported_until_it_is_imported() {
    let fx = fresh_register("enterprise");
    at(&fx, "2026-10-31 09:00");
    assert_eq!(
        fx.desk
            .calendar_status(&fx.admin, ())
            .unwrap()
            .missing_next_year,
        None
    );
    at(&fx, "2026-11-01 09:00");
    let s = fx.desk.calendar_status(&fx.admin, ()).unwrap();
    assert_eq!(s.missing_next_year, Some(2027));
    assert_eq!(s.official_years, vec![2025, 2026]);
    let mut arr = fx.desk.get_calendar(&fx.admin, ()).unwrap().years[&2026].clone();
    // A stand-in for the 2027 notice: only 元旦 (a Friday) off.
    arr.off = vec![desk_core::domain::calendar::Holiday {
        name: "元旦".into(),
        from: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
    }];
    arr.workdays = vec![];
    fx.desk
        .set_calendar_year(
            &fx.admin,
            CalendarYear {
                year: 2027,
                arrangement: arr,
            },
        )
        .unwrap();
    assert_eq!(
        fx.desk
            .calendar_status(&fx.admin, ())
            .unwrap()
            .missing_next_year,
        None
    );
}
