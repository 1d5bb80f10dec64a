//! The dashboard's figures on a small register whose every value is worked
//! out by hand below (enterprise preset, November 2026).

use desk_core::api::types::*;
use desk_core::CaseOp;
use desk_tests::{
    anonymous_report, at, fresh_register, investigating, named_complaint, to_findings, with_case,
    Fixture,
};

fn received(mut c: CaseInput, t: &str) -> CaseInput {
    c.received_at = t.into();
    c
}

/// A: 王小明 (13800138000), received Mon 11-02, reviewed, decided and replied
///    on 11-03..11-05, satisfied. Review due 11-04, decision 12-02, reply 11-09:
///    all met. Handling 11-02 -> 11-05: 3 working days.
/// B: the same person again on Mon 11-10 (a recurrence within 90 days);
///    reviewed on Fri 11-13 although due Wed 11-12 (late); replied 11-13;
///    dissatisfied, so escalated. Handling 11-10 -> 11-13: 3 working days.
/// C: an anonymous report on Mon 11-16, untouched: review was due 11-18,
///    overdue now (Tue 11-24).
/// D: 张三 on Fri 11-20, not accepted at once: no deadline decided yet.
fn fixture() -> (Fixture, [i64; 4]) {
    let mut fx = fresh_register("enterprise");
    let clerk = fx.staff("李娜");
    let reply = || Reply {
        method: "letter".into(),
        summary: "已补发".into(),
    };
    at(&fx, "2026-11-02 09:30");
    let a = fx.register(&received(named_complaint(), "2026-11-02T09:00"));
    at(&fx, "2026-11-03 10:00");
    to_findings(&mut fx, a, Conclusion::Substantiated, &["correction"]);
    at(&fx, "2026-11-05 10:00");
    fx.desk
        .record_reply(&clerk, CaseOp::new(a, reply()))
        .unwrap();
    let happy = FollowUp {
        satisfaction: Satisfaction::Satisfied,
        note: String::new(),
    };
    fx.desk
        .record_follow_up(&clerk, CaseOp::new(a, happy))
        .unwrap();

    at(&fx, "2026-11-10 09:30");
    let b = fx.register(&received(named_complaint(), "2026-11-10T09:00"));
    at(&fx, "2026-11-13 10:00");
    to_findings(&mut fx, b, Conclusion::Unfounded, &[]);
    fx.desk
        .record_reply(&clerk, CaseOp::new(b, reply()))
        .unwrap();
    let unhappy = FollowUp {
        satisfaction: Satisfaction::Dissatisfied,
        note: "不认可".into(),
    };
    fx.desk
        .record_follow_up(&clerk, CaseOp::new(b, unhappy))
        .unwrap();

    at(&fx, "2026-11-16 09:30");
    let c = fx.register(&received(anonymous_report(), "2026-11-16T09:00"));

    at(&fx, "2026-11-20 09:30");
    let mut other = received(named_complaint(), "2026-11-20T09:00");
    other.category = "attitude".into();
    other.complainants = vec![Person {
        name: "张三".into(),
        phone: "13900139000".into(),
        ..Default::default()
    }];
    let d = fx.register(&other);
    at(&fx, "2026-11-20 10:00");
    let not = NotAccept {
        ground: NotAcceptGround::Court,
        reason: "已起诉".into(),
    };
    fx.desk
        .not_accept_case(&clerk, CaseOp::new(d, not))
        .unwrap();
    at(&fx, "2026-11-24 10:00");
    (fx, [a, b, c, d])
}

fn november() -> StatsQuery {
    StatsQuery {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        ..Default::default()
    }
}

/// The dashboard as the administrator sees it (its figures are the same
/// for everyone).
fn dashboard(fx: &Fixture, q: StatsQuery) -> Dashboard {
    fx.desk.dashboard(&fx.admin, q).unwrap()
}

fn query(period: Period) -> PeriodQuery {
    PeriodQuery {
        period,
        filter: StatsQuery::default(),
    }
}

fn report(fx: &Fixture, period: Period) -> PeriodReport {
    fx.desk.period_report(&fx.admin, query(period)).unwrap()
}

/// The letterhead as the register keeps it.
fn office(fx: &Fixture) -> OfficeInfo {
    fx.desk.app_info(&fx.admin, ()).unwrap().office
}

#[test]
fn the_dashboard_figures_match_the_hand_worked_register() {
    let (fx, [a, b, c, _d]) = fixture();
    let s = dashboard(&fx, november());
    assert_eq!((s.total, s.complaints, s.reports), (4, 3, 1));
    // On time: A yes; B late (review); C overdue; D nothing decided -> 1/3.
    assert_eq!(
        (s.on_time.numerator, s.on_time.denominator, s.on_time.bp),
        (1, 3, Some(3_333))
    );
    assert_eq!(s.on_time.drill_down, vec![b, c]);
    assert_eq!(s.on_time.meets_target, Some(false));
    let review = &s.on_time_by_deadline["review"];
    assert_eq!((review.numerator, review.denominator), (1, 3));
    let decide = &s.on_time_by_deadline["decide"];
    assert_eq!((decide.numerator, decide.denominator), (2, 2));
    // Resolved: A (followed up) and B (escalated) of A, B, C (D not accepted).
    assert_eq!(
        (
            s.resolution.numerator,
            s.resolution.denominator,
            s.resolution.bp
        ),
        (2, 3, Some(6_666))
    );
    assert_eq!(s.resolution.drill_down, vec![c]);
    // Satisfied: A of A and B.
    assert_eq!(
        (s.satisfaction.bp, s.satisfaction.drill_down.clone()),
        (Some(5_000), vec![b])
    );
    // Recurrence: B repeats A -> 1 of 4; the target is below 5 %.
    assert_eq!(
        (s.recurrence.bp, s.recurrence.drill_down.clone()),
        (Some(2_500), vec![b])
    );
    assert_eq!(s.recurrence.meets_target, Some(false));
    // Handling time: 3 and 3 working days.
    assert_eq!(
        (s.avg_handling_wd_x100, s.p90_handling_wd),
        (Some(300), Some(3))
    );
    assert_eq!(s.overdue_now, vec![c]);
    let pareto: Vec<(&str, u64, i64)> = s
        .pareto
        .iter()
        .map(|p| (p.category.as_str(), p.count, p.cumulative_bp))
        .collect();
    assert_eq!(
        pareto,
        [
            ("wage_fee", 2, 5_000),
            ("attitude", 1, 7_500),
            ("bribery", 1, 10_000)
        ]
    );
    assert_eq!(s.monthly, vec![("2026-11".to_string(), 4)]);
    let dept = &s.on_time_by_department["企业管理部"];
    assert_eq!((dept.numerator, dept.denominator), (1, 3));
    let _ = a;
}

#[test]
fn filters_narrow_the_figures() {
    let (fx, _) = fixture();
    let reports = dashboard(
        &fx,
        StatsQuery {
            kind: Some("report".into()),
            ..november()
        },
    );
    assert_eq!((reports.total, reports.on_time.bp), (1, Some(0)));
    let before = dashboard(
        &fx,
        StatsQuery {
            to: "2026-11-09".into(),
            ..november()
        },
    );
    assert_eq!(
        (before.total, before.on_time.bp, before.recurrence.bp),
        (1, Some(10_000), Some(0))
    );
}

#[test]
fn a_second_complaint_after_the_window_is_not_a_recurrence() {
    let (fx, _) = fixture();
    let s = dashboard(
        &fx,
        StatsQuery {
            recurrence_window_days: Some(7),
            ..november()
        },
    );
    // A on 11-02 and B on 11-10 are 8 days apart.
    assert_eq!(s.recurrence.numerator, 0);
}

#[test]
fn the_csv_export_masks_complainants_and_defuses_formulas() {
    let (fx, _) = fixture();
    // Exported by someone who takes part in none of the cases.
    let csv = String::from_utf8(
        fx.desk
            .export_register_csv(&fx.admin, ListQuery::default())
            .unwrap()
            .0,
    )
    .unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    assert_eq!(csv.lines().count(), 5, "a header and four cases");
    assert!(
        !csv.contains("王小明") && !csv.contains("13800138000"),
        "{csv}"
    );
    assert!(csv.contains("王**") && csv.contains("138****8000"));
    assert!(csv.contains("匿名"));
}

#[test]
fn names_and_phones_are_masked_as_offices_expect() {
    use desk_core::domain::masking::{mask_name, mask_phone};
    assert_eq!(mask_name("王小明"), "王**");
    assert_eq!(mask_name("李"), "李*");
    assert_eq!(mask_phone("13800138000"), "138****8000");
    assert_eq!(mask_phone("010-12345678"), "010****5678");
    assert_eq!(mask_phone("1234567"), "*****67");
}

// ---------------------------------------------------------------------------
// The periodic report (PDF and XLSX) on the same hand-worked register
// ---------------------------------------------------------------------------

use desk_core::docs;
use desk_core::domain::report::SHEETS;
use desk_tests::pdf::{
    assert_fonts_embedded_and_subset, check_golden, fonts, pdf_images, pdf_text, png_golden,
    text_sizes,
};

fn month() -> Period {
    Period::new(
        PeriodKind::Month,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    )
}

#[test]
fn the_month_report_carries_the_dashboard_figures_and_the_masked_case_lists() {
    let (fx, [_a, b, c, _d]) = fixture();
    let r = report(&fx, month());
    assert_eq!(r.title, "2026年11月 投诉举报工作月报");
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("2026-11-01", "2026-11-30")
    );
    // The very figures of the dashboard for November.
    assert_eq!(r.dashboard, dashboard(&fx, november()));
    let fig = |k: &str| r.figures.iter().find(|f| f.key == k).unwrap().clone();
    assert_eq!(fig("total").text, "4");
    assert_eq!(fig("on_time").text, "33.33%（1/3）");
    assert_eq!(fig("recurrence").meets_target, Some(false));
    assert_eq!(fig("avg_handling").text, "3.00");
    // C, the anonymous report, is overdue: its review was due Wed 11-18, now Tue 11-24.
    assert_eq!(r.overdue.len(), 1);
    let o = &r.overdue[0];
    assert_eq!(
        (o.id, o.complainant.as_str(), o.days_overdue),
        (c, "匿名", Some(6))
    );
    // B repeats A: the complainant is shown masked only.
    assert_eq!(r.repeated.len(), 1);
    let rep = &r.repeated[0];
    assert_eq!(
        (rep.id, rep.complainant.as_str(), rep.phone.as_str()),
        (b, "王**", "138****8000")
    );
    assert!(!rep.handler.is_empty() && !rep.status.is_empty());
    let all = serde_json::to_string(&r).unwrap();
    assert!(
        !all.contains("王小明") && !all.contains("13800138000"),
        "identity leaked"
    );
}

#[test]
fn a_week_report_covers_monday_to_sunday_only() {
    let (fx, [_a, b, _c, _d]) = fixture();
    let week = Period::new(
        PeriodKind::Week,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 12).unwrap(),
    );
    let r = report(&fx, week);
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("2026-11-09", "2026-11-15")
    );
    assert_eq!(r.title, "2026年第46周 投诉举报工作周报");
    // Only B was received that week.
    assert_eq!(r.dashboard.total, 1);
    assert_eq!(
        r.repeated.iter().map(|c| c.id).collect::<Vec<_>>(),
        Vec::<i64>::new(),
        "A is outside the week"
    );
    let _ = b;
}

#[test]
fn the_report_pdf_has_the_title_the_figures_and_the_lists() {
    let (fx, _) = fixture();
    let pdf = fx
        .desk
        .period_report_pdf(&fx.admin, query(month()))
        .unwrap()
        .0;
    assert_fonts_embedded_and_subset("period_report_month", &pdf);
    assert_eq!(
        pdf_images("period_report_month", &pdf),
        Vec::<String>::new(),
        "the charts are vector graphics, not pictures"
    );
    let text = pdf_text("period_report_month", &pdf);
    let flat = desk_tests::pdf::flat(&text);
    for want in [
        "2026年11月投诉举报工作月报",
        "按时办结率33.33%（1/3）≥98.00%未达标",
        "重复投诉率25.00%（1/4）<5.00%未达标",
        "超期案件（1件）",
        "匿名",
        "王**",
    ] {
        assert!(flat.contains(want), "missing {want}:\n{text}");
    }
    assert!(!flat.contains("王小明") && !flat.contains("13800138000"));
    check_golden("", "period_report_month", &text);
}

#[test]
fn the_report_pdf_draws_its_charts_from_the_figures_with_labels_readable_on_paper() {
    let (fx, _) = fixture();
    let pdf = fx
        .desk
        .period_report_pdf(&fx.admin, query(month()))
        .unwrap()
        .0;
    png_golden("period-report", &pdf);
    let flat = desk_tests::pdf::flat(&pdf_text("period_report_charts", &pdf));
    for want in [
        "统计图表",
        "图1问题类别帕累托图（共4件）",
        "累计占比",
        "图2月度受理件数趋势（2026年）",
        "11月",
        "图3各部门按时办结率",
        "33.33%（1/3）",
    ] {
        assert!(flat.contains(want), "missing {want}:\n{flat}");
    }
    // Every piece of text, the charts' labels included, is set at 9 pt or more.
    let sizes = text_sizes(&pdf);
    assert!(sizes.len() > 50, "{sizes:?}");
    assert!(sizes.iter().all(|s| *s >= 9.0), "{sizes:?}");
}

#[test]
fn the_report_pdf_without_a_register_is_laid_out_from_the_report_alone() {
    // The renderer needs nothing but the report, the office and the fonts.
    let (fx, _) = fixture();
    let r = report(&fx, month());
    let pdf = docs::render_period_report(&r, &office(&fx), fonts()).unwrap();
    assert!(
        desk_tests::pdf::flat(&pdf_text("period_report_direct", &pdf)).contains("华东示范有限公司")
    );
}

fn workbook(bytes: &[u8]) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a readable xlsx")
}

fn cell(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> calamine::Data {
    range
        .get_value((row, col))
        .cloned()
        .unwrap_or(calamine::Data::Empty)
}

fn find_row(range: &calamine::Range<calamine::Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| cell(range, *r, 0) == calamine::Data::String(label.into()))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn the_report_workbook_holds_the_dashboard_figures_as_numbers() {
    use calamine::{Data, Reader};
    let (fx, _) = fixture();
    let bytes = fx
        .desk
        .period_report_xlsx(&fx.admin, query(month()))
        .unwrap()
        .0;
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

    let figures = wb.worksheet_range("指标").unwrap();
    let on_time = find_row(&figures, "按时办结率");
    assert_eq!(
        (1..=5)
            .map(|c| cell(&figures, on_time, c))
            .collect::<Vec<_>>(),
        [
            Data::Float(1.0),
            Data::Float(3.0),
            Data::Float(0.3333),
            Data::Float(0.98),
            Data::String("否".into())
        ]
    );
    let recurrence = find_row(&figures, "重复投诉率");
    assert_eq!(cell(&figures, recurrence, 3), Data::Float(0.25));
    assert_eq!(cell(&figures, recurrence, 4), Data::Float(0.05));
    let satisfaction = find_row(&figures, "满意率");
    assert_eq!(cell(&figures, satisfaction, 3), Data::Float(0.5));
    assert_eq!(
        cell(&figures, find_row(&figures, "受理总数（件）"), 1),
        Data::Float(4.0)
    );
    assert_eq!(
        cell(&figures, find_row(&figures, "平均办理用时（工作日）"), 1),
        Data::Float(3.0)
    );

    let pareto = wb.worksheet_range("问题类别").unwrap();
    let rows: Vec<(Data, Data, Data)> = (1..pareto.height() as u32)
        .map(|r| {
            (
                cell(&pareto, r, 1),
                cell(&pareto, r, 2),
                cell(&pareto, r, 4),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Data::String("wage_fee".into()),
                Data::Float(2.0),
                Data::Float(0.5)
            ),
            (
                Data::String("attitude".into()),
                Data::Float(1.0),
                Data::Float(0.75)
            ),
            (
                Data::String("bribery".into()),
                Data::Float(1.0),
                Data::Float(1.0)
            ),
        ]
    );
    let trend = wb.worksheet_range("月度趋势").unwrap();
    assert_eq!(
        (cell(&trend, 1, 0), cell(&trend, 1, 1)),
        (Data::String("2026-11".into()), Data::Float(4.0))
    );
    let dept = wb.worksheet_range("部门按时率").unwrap();
    assert_eq!(
        (1..=3).map(|c| cell(&dept, 1, c)).collect::<Vec<_>>(),
        [Data::Float(1.0), Data::Float(3.0), Data::Float(0.3333)]
    );
    let overdue = wb.worksheet_range("超期案件").unwrap();
    assert_eq!(overdue.height(), 2, "a header and case C");
    assert_eq!(
        (cell(&overdue, 1, 6), cell(&overdue, 1, 8)),
        (Data::String("匿名".into()), Data::Float(6.0))
    );
    let repeated = wb.worksheet_range("重复投诉").unwrap();
    assert_eq!(
        (cell(&repeated, 1, 6), cell(&repeated, 1, 7)),
        (
            Data::String("王**".into()),
            Data::String("138****8000".into())
        )
    );

    // The rates carry a percentage number format, so Excel shows 33.33%.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
    // Nothing identifies a complainant anywhere in the file.
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if std::io::Read::read_to_string(&mut f, &mut s).is_ok() {
            assert!(
                !s.contains("王小明") && !s.contains("13800138000"),
                "file {i}"
            );
        }
    }
}

#[test]
fn the_dashboard_counts_each_deadline_as_the_case_itself_shows_it() {
    let (mut fx, ids) = fixture();
    // E: the clock stopped and still stopped; F: an extended decision with a
    // resumed stop. Both are loaded in bulk by the dashboard.
    at(&fx, "2026-11-17 09:00");
    let e = fx.register(&received(named_complaint(), "2026-11-17T08:30"));
    investigating(&mut fx, e);
    let inspector = fx.staff("吴督查");
    let head = fx.staff("周部长");
    let pause = |reason: &str| PauseInput {
        from: "2026-11-18".into(),
        reason: reason.into(),
    };
    fx.desk
        .pause_clock(&inspector, CaseOp::new(e, pause("等待司法鉴定")))
        .unwrap();
    let f = fx.register(&received(anonymous_report(), "2026-11-17T08:45"));
    investigating(&mut fx, f);
    fx.desk
        .pause_clock(&inspector, CaseOp::new(f, pause("等待外调")))
        .unwrap();
    at(&fx, "2026-11-20 09:00");
    fx.desk
        .resume_clock(
            &inspector,
            CaseOp::new(
                f,
                ResumeInput {
                    on: "2026-11-20".into(),
                },
            ),
        )
        .unwrap();
    fx.desk
        .extend_deadline(
            &head,
            CaseOp::new(
                f,
                ExtensionInput {
                    new_due: "2026-12-30".into(),
                    reason: "需调取外部资料".into(),
                    notice_sent_on: "2026-11-20".into(),
                },
            ),
        )
        .unwrap();
    at(&fx, "2026-12-28 10:00");
    let s = dashboard(&fx, november());
    let mut want: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    let mut overdue = Vec::new();
    for id in ids.into_iter().chain([e, f]) {
        for d in fx.deadlines(id) {
            let e = want.entry(d.code.clone()).or_default();
            match d.state {
                DueState::Met => {
                    e.0 += 1;
                    e.1 += 1;
                }
                DueState::MetLate => e.1 += 1,
                DueState::Overdue => {
                    e.1 += 1;
                    if !overdue.contains(&id) {
                        overdue.push(id);
                    }
                }
                _ => {}
            }
        }
    }
    let got: std::collections::BTreeMap<String, (u64, u64)> = s
        .on_time_by_deadline
        .iter()
        .map(|(k, r)| (k.clone(), (r.numerator, r.denominator)))
        .collect();
    assert_eq!(got, want);
    overdue.sort_unstable();
    let mut overdue_now = s.overdue_now.clone();
    overdue_now.sort_unstable();
    assert_eq!(overdue_now, overdue);
    assert!(
        fx.deadlines(f).iter().any(|d| d.extended),
        "F's extension is part of what was compared"
    );
}

#[test]
fn the_dashboard_filters_by_handler_the_inspector_or_the_receiving_clerk() {
    let (mut fx, reviewed) = with_case("enterprise", &named_complaint());
    let zhang = fx.staff("张敏");
    fx.desk.register_case(&zhang, named_complaint()).unwrap();
    investigating(&mut fx, reviewed);
    let total = |handler: Option<i64>| {
        dashboard(
            &fx,
            StatsQuery {
                from: "2026-11-01".into(),
                to: "2026-11-30".into(),
                handler_id: handler,
                ..Default::default()
            },
        )
        .total
    };
    let id = |name: &str| Some(fx.id_of(name));
    assert_eq!(total(id("吴督查")), 1, "the inspector of the reviewed case");
    assert_eq!(
        total(id("李娜")),
        1,
        "the clerk who received the first case"
    );
    assert_eq!(total(id("张敏")), 1);
    assert_eq!(total(id("周部长")), 0, "the reviewer is not its handler");
    assert_eq!(total(Some(999_999)), 0, "nobody");
}
