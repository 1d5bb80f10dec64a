//! Handling a case to the archive: the enforced workflow, the records it
//! needs, and the deadlines of the preset on the official calendar.

use chrono::NaiveDate;
use desk_core::handling::{
    Action, Conclusion, Defence, Extension, Interview, InvestigationMode, NotAcceptGround,
    QuestionAnswer, Satisfaction,
};
use desk_core::workflow::Status;
use desk_core::Lang;
use desk_tests::{
    anonymous_report, fresh_register, investigating, named_complaint, review, with_case, Fixture,
};

fn at(fx: &Fixture, s: &str) {
    fx.clock
        .set(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time literal"));
}

fn findings(proposals: &[&str]) -> Action {
    Action::WriteFindings {
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

#[test]
fn a_complaint_goes_from_intake_to_the_archive_with_every_step_on_its_timeline() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let r = &mut fx.register;
    assert_eq!(
        r.act(
            id,
            &Action::Accept {
                comment: String::new()
            },
            "李娜"
        )
        .unwrap(),
        Status::Accepted
    );
    assert_eq!(r.act(id, &review(), "周部长").unwrap(), Status::Reviewed);
    assert_eq!(
        r.act(
            id,
            &Action::StartInvestigation {
                comment: String::new()
            },
            "吴督查"
        )
        .unwrap(),
        Status::Investigating
    );
    r.record_interview(
        id,
        &Interview {
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
        "吴督查",
    )
    .unwrap();
    r.record_defence(id, &defence(), "吴督查").unwrap();
    assert_eq!(
        r.act(id, &findings(&["correction"]), "吴督查").unwrap(),
        Status::Findings
    );
    assert_eq!(
        r.act(
            id,
            &Action::Reply {
                method: "letter".into(),
                summary: "补发奖金".into()
            },
            "李娜"
        )
        .unwrap(),
        Status::Replied
    );
    assert_eq!(
        r.act(
            id,
            &Action::FollowUp {
                satisfaction: Satisfaction::Satisfied,
                note: String::new()
            },
            "李娜"
        )
        .unwrap(),
        Status::FollowedUp
    );
    assert_eq!(
        r.act(
            id,
            &Action::Archive {
                comment: String::new()
            },
            "李娜"
        )
        .unwrap(),
        Status::Archived
    );
    let case = r.get_case(id).unwrap();
    assert_eq!(case.status, "archived");
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
    let r = &mut fx.register;
    investigating(r, id);
    let err = r.act(id, &findings(&[]), "吴督查").unwrap_err();
    assert_eq!(err.code(), "defence_missing");
    assert!(err.message(Lang::Zh).contains("申辩"));
    assert!(err.message(Lang::En).contains("defence"));
    // Declining after being asked, with the date, is enough.
    r.record_defence(
        id,
        &Defence {
            asked_on: "2026-11-25".into(),
            declined: true,
            statement: String::new(),
        },
        "吴督查",
    )
    .unwrap();
    assert_eq!(
        r.act(id, &findings(&[]), "吴督查").unwrap(),
        Status::Findings
    );
}

#[test]
fn a_penalty_proposal_needs_the_leaders_approval_before_the_reply() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let r = &mut fx.register;
    investigating(r, id);
    r.record_defence(id, &defence(), "吴督查").unwrap();
    r.act(id, &findings(&["penalty"]), "吴督查").unwrap();
    let reply = Action::Reply {
        method: "letter".into(),
        summary: "处理结果".into(),
    };
    assert_eq!(
        r.act(id, &reply, "李娜").unwrap_err().code(),
        "approval_missing"
    );
    r.act(
        id,
        &Action::Approve {
            approver: "总经理".into(),
            comment: "同意".into(),
        },
        "总经理",
    )
    .unwrap();
    assert_eq!(r.act(id, &reply, "李娜").unwrap(), Status::Replied);
}

#[test]
fn steps_out_of_order_and_an_early_archive_are_refused() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let r = &mut fx.register;
    assert_eq!(
        r.act(id, &review(), "周部长").unwrap_err().code(),
        "step_not_allowed"
    );
    let reply = Action::Reply {
        method: "letter".into(),
        summary: "x".into(),
    };
    assert_eq!(
        r.act(id, &reply, "李娜").unwrap_err().code(),
        "findings_missing"
    );
    assert_eq!(
        r.act(
            id,
            &Action::Archive {
                comment: String::new()
            },
            "李娜"
        )
        .unwrap_err()
        .code(),
        "reply_missing"
    );
}

#[test]
fn a_case_not_accepted_is_archived_only_after_the_written_notice() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let r = &mut fx.register;
    let not = Action::NotAccept {
        ground: NotAcceptGround::Court,
        reason: "已向人民法院起诉".into(),
    };
    assert_eq!(r.act(id, &not, "李娜").unwrap(), Status::NotAccepted);
    let archive = Action::Archive {
        comment: String::new(),
    };
    assert_eq!(
        r.act(id, &archive, "李娜").unwrap_err().code(),
        "notice_missing"
    );
    r.act(
        id,
        &Action::NotAcceptedNoticeSent {
            sent_on: "2026-11-25".into(),
        },
        "李娜",
    )
    .unwrap();
    assert_eq!(r.act(id, &archive, "李娜").unwrap(), Status::Archived);
}

#[test]
fn an_anonymous_case_with_no_contact_is_archived_with_the_reason_no_follow_up_is_possible() {
    let (mut fx, id) = with_case("enterprise", &anonymous_report());
    let r = &mut fx.register;
    investigating(r, id);
    r.record_defence(id, &defence(), "吴督查").unwrap();
    r.act(id, &findings(&[]), "吴督查").unwrap();
    r.act(
        id,
        &Action::Reply {
            method: "query_code".into(),
            summary: "凭查询码告知结果".into(),
        },
        "李娜",
    )
    .unwrap();
    let archive = Action::Archive {
        comment: String::new(),
    };
    assert_eq!(
        r.act(id, &archive, "李娜").unwrap_err().code(),
        "follow_up_missing"
    );
    r.act(
        id,
        &Action::NoFollowUp {
            reason: "匿名且无联系方式".into(),
        },
        "李娜",
    )
    .unwrap();
    assert_eq!(r.act(id, &archive, "李娜").unwrap(), Status::Archived);
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
        let id = fx.register.create_case(&input, "李娜").unwrap().id;
        let r = &mut fx.register;
        investigating(r, id);
        r.record_defence(id, &defence(), "吴督查").unwrap();
        r.act(id, &findings(&[]), "吴督查").unwrap();
        r.act(
            id,
            &Action::Reply {
                method: "letter".into(),
                summary: "结果".into(),
            },
            "李娜",
        )
        .unwrap();
        let unhappy = Action::FollowUp {
            satisfaction: Satisfaction::Dissatisfied,
            note: "不认可".into(),
        };
        assert_eq!(r.act(id, &unhappy, "李娜").unwrap(), expected, "{preset}");
    }
}

#[test]
fn the_enterprise_deadlines_of_a_fresh_case_are_computed_on_working_days() {
    let mut fx = fresh_register("enterprise");
    // Received Tue 2026-11-24 09:30 (NOW is 10:00 the same day).
    let id = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    let d = fx.register.deadlines(id).unwrap();
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
        .all(|x| x.state == "due_this_week" || x.state == "pending"));
    // Three days later without a review the first deadline is overdue.
    at(&fx, "2026-11-27 09:00");
    let d = fx.register.deadlines(id).unwrap();
    assert_eq!(d[0].code, "review");
    assert_eq!(d[0].state, "overdue");
}

#[test]
fn pausing_the_clock_moves_the_decision_deadline_by_the_paused_days() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    at(&fx, "2026-12-01 09:00");
    fx.register
        .pause_clock(id, "2026-12-01", "委托第三方鉴定", "吴督查")
        .unwrap();
    at(&fx, "2026-12-11 09:00");
    fx.register
        .resume_clock(id, "2026-12-11", "吴督查")
        .unwrap();
    let d = fx.register.deadlines(id).unwrap();
    let decide = d.iter().find(|x| x.code == "decide").unwrap();
    // 12-01..12-10 paused (10 days): 12-24 + 10 = 2027-01-03, a year without data.
    assert_eq!(decide.due_at, "2027-01-04 23:59:59");
    assert!(!decide.verified, "2027 has no calendar data yet");
    assert_eq!(decide.unknown_years, vec![2027]);
}

#[test]
fn an_extension_beyond_sixty_days_is_refused_and_one_within_it_moves_the_deadline() {
    let mut fx = fresh_register("enterprise");
    let mut input = named_complaint();
    input.received_at = "2026-03-01T10:00".into();
    let id = fx.register.create_case(&input, "李娜").unwrap().id;
    let too_far = Extension {
        new_due: NaiveDate::from_ymd_opt(2026, 5, 6).unwrap(),
        reason: "需外部鉴定".into(),
        notice_sent_on: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    };
    // The cap: 60 days from 03-02 ends 04-30 [Thu].
    let err = fx.register.extend(id, &too_far, "周部长").unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.message(Lang::Zh).contains("2026年04月30日"),
        "{}",
        err.message(Lang::Zh)
    );
    let ok = Extension {
        new_due: NaiveDate::from_ymd_opt(2026, 4, 20).unwrap(),
        ..too_far
    };
    fx.register.extend(id, &ok, "周部长").unwrap();
    let d = fx.register.deadlines(id).unwrap();
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
    let a = fx.register.create_case(&ordinary, "护士站").unwrap().id;
    let b = fx.register.create_case(&serious, "护士站").unwrap().id;
    let da = fx.register.deadlines(a).unwrap();
    let db = fx.register.deadlines(b).unwrap();
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
    fx.register
        .act(
            id,
            &Action::Accept {
                comment: String::new(),
            },
            "李娜",
        )
        .unwrap();
    let err = fx
        .register
        .connection()
        .execute("UPDATE case_records SET actor = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn the_due_board_lists_open_cases_soonest_first_with_their_owner() {
    let mut fx = fresh_register("enterprise");
    let mut early = named_complaint();
    early.received_at = "2026-11-20T09:00".into();
    let late = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    let first = fx.register.create_case(&early, "张敏").unwrap().id;
    fx.register
        .act(
            first,
            &Action::Accept {
                comment: String::new(),
            },
            "张敏",
        )
        .unwrap();
    fx.register.act(first, &review(), "周部长").unwrap();
    let board = fx.register.due_board().unwrap();
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
fn the_financial_preset_sets_first_response_and_resolution_by_severity() {
    let mut fx = fresh_register("financial");
    let mut important = named_complaint();
    important.category = "service".into();
    important.severity = "important".into();
    // Received Fri 2026-02-13 10:00.
    important.received_at = "2026-02-13T10:00".into();
    let id = fx.register.create_case(&important, "柜台").unwrap().id;
    let d = fx.register.deadlines(id).unwrap();
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
    let id = fx.register.create_case(&input, "窗口").unwrap().id;
    // Received Tue 11-24: 7 wd = 11-25, 26, 27, 30, 12-01, 02, 03 [Thu].
    assert_eq!(
        fx.register.deadlines(id).unwrap()[0].due_at,
        "2026-12-03 23:59:59"
    );
    let not = Action::NotAccept {
        ground: NotAcceptGround::OutsideRemit,
        reason: "不属于本局管辖".into(),
    };
    fx.register.act(id, &not, "窗口").unwrap();
    let d = fx.register.deadlines(id).unwrap();
    assert_eq!(
        (d[0].code.as_str(), d[0].state.as_str()),
        ("accept_decision", "met")
    );
}

#[test]
fn every_shipped_preset_can_be_chosen_at_setup_and_computes_its_deadlines() {
    for preset in desk_core::policy::presets() {
        let mut fx = fresh_register(&preset.id);
        let policy = fx.register.policy().unwrap();
        let cat = policy
            .categories
            .iter()
            .find(|c| c.kinds.contains(&desk_core::model::CaseKind::Complaint))
            .unwrap();
        let mut input = named_complaint();
        input.category = cat.code.clone();
        let id = fx.register.create_case(&input, "前台").unwrap().id;
        assert!(
            !fx.register.deadlines(id).unwrap().is_empty(),
            "{} has deadlines for an ordinary complaint",
            preset.id
        );
    }
}

#[test]
fn an_attached_evidence_file_is_stored_with_the_case_and_its_hash_shows_tampering() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let photo = fx.dir.path().join("工资条.jpg");
    std::fs::write(&photo, b"fake jpeg bytes of a payslip").unwrap();
    let e = desk_core::handling::Evidence {
        description: "十月份工资条照片".into(),
        source: "投诉人提供".into(),
        obtained_on: "2026-11-24".into(),
        ..Default::default()
    };
    let rec = fx
        .register
        .record_evidence(id, &e, Some(&photo), "吴督查")
        .unwrap();
    // sha256("fake jpeg bytes of a payslip"), computed independently with sha256sum.
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
    let checks = fx.register.verify_attachments(id).unwrap();
    assert_eq!(checks[0].state, "ok");
    let stored = fx
        .register
        .attachments_dir()
        .unwrap()
        .join(rec.stored_as.unwrap());
    std::fs::write(&stored, b"edited").unwrap();
    assert_eq!(
        fx.register.verify_attachments(id).unwrap()[0].state,
        "changed"
    );
    std::fs::remove_file(&stored).unwrap();
    assert_eq!(
        fx.register.verify_attachments(id).unwrap()[0].state,
        "missing"
    );
    let case = fx.register.get_case(id).unwrap();
    assert_eq!(case.records.last().unwrap().kind, "evidence");
}

#[test]
fn a_handler_who_declared_recusal_is_excluded_from_the_case() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let r = &mut fx.register;
    r.act(
        id,
        &Action::Accept {
            comment: String::new(),
        },
        "李娜",
    )
    .unwrap();
    r.declare_recusal(
        id,
        &desk_core::handling::Recusal {
            handler: "吴督查".into(),
            reason: "与被投诉人系亲属".into(),
        },
        "吴督查",
    )
    .unwrap();
    let err = r.act(id, &review(), "周部长").unwrap_err();
    assert_eq!(
        err.code(),
        "recused",
        "naming a recused inspector is refused"
    );
    assert!(err.message(Lang::Zh).contains("回避"));
    let other = Action::Review {
        reviewer: "周部长".into(),
        mode: InvestigationMode::Team,
        inspectors: vec!["郑督查".into(), "冯督查".into()],
        department: "企业管理部".into(),
        comment: String::new(),
    };
    r.act(id, &other, "周部长").unwrap();
    let start = Action::StartInvestigation {
        comment: String::new(),
    };
    assert_eq!(r.act(id, &start, "吴督查").unwrap_err().code(), "recused");
    r.act(id, &start, "郑督查").unwrap();
    assert_eq!(
        r.record_defence(id, &defence(), "吴督查")
            .unwrap_err()
            .code(),
        "recused"
    );
}

#[test]
fn a_site_check_is_recorded_and_a_repeat_complaint_is_linked_both_ways() {
    let mut fx = fresh_register("enterprise");
    let first = fx.register.create_case(&named_complaint(), "李娜").unwrap();
    let again = fx.register.create_case(&named_complaint(), "李娜").unwrap();
    fx.register
        .record_site_check(
            again.id,
            &desk_core::handling::SiteCheck {
                at: "2026-11-24 09:45".into(),
                place: "生产一厂财务室".into(),
                inspectors: vec!["吴督查".into()],
                findings: "调阅十月份工资表，确有扣发记录。".into(),
            },
            "吴督查",
        )
        .unwrap();
    fx.register
        .link_cases(again.id, &first.number, "repeat", "李娜")
        .unwrap();
    let a = fx.register.get_case(again.id).unwrap();
    let f = fx.register.get_case(first.id).unwrap();
    assert_eq!(
        (a.links[0].other_number.as_str(), a.links[0].kind.as_str()),
        ("TS-2026-000001", "repeat")
    );
    assert_eq!(
        (f.links[0].other_number.as_str(), f.links[0].kind.as_str()),
        ("TS-2026-000002", "repeated_by")
    );
    assert_eq!(a.records[0].kind, "site_check");
    let err = fx
        .register
        .link_cases(again.id, "TS-2026-999999", "related", "李娜")
        .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn the_office_sets_its_own_periods_for_urgent_and_major_cases() {
    let mut fx = fresh_register("financial");
    let mut rules = fx.register.policy().unwrap().deadlines;
    let urgent = rules
        .iter_mut()
        .find(|r| r.code == "resolve_urgent")
        .unwrap();
    urgent.period = desk_core::deadline::Period::working_days(4);
    fx.register.update_deadline_rules(&rules, "admin").unwrap();
    let mut input = named_complaint();
    input.category = "service".into();
    input.severity = "urgent".into();
    let id = fx.register.create_case(&input, "柜台").unwrap().id;
    let d = fx.register.deadlines(id).unwrap();
    let resolve = d.iter().find(|x| x.code == "resolve_urgent").unwrap();
    // Received Tue 11-24: 4 working days -> 11-25, 26, 27, 30 [Mon].
    assert_eq!(resolve.due_at, "2026-11-30 23:59:59");
    rules[0].period.amount = 0;
    let err = fx
        .register
        .update_deadline_rules(&rules, "admin")
        .unwrap_err();
    assert_eq!(err.code(), "validation");
}
