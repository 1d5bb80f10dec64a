//! The dashboard's figures on a small register whose every value is worked
//! out by hand below (enterprise preset, November 2026).

use desk_core::handling::{Action, Conclusion, NotAcceptGround, Satisfaction};
use desk_core::model::Person;
use desk_core::stats::StatsQuery;
use desk_tests::{
    anonymous_report, fresh_register, investigating, named_complaint, to_findings, with_case,
    Fixture,
};

fn at(fx: &Fixture, s: &str) {
    fx.clock
        .set(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap());
}

fn received(mut c: desk_core::model::CaseInput, t: &str) -> desk_core::model::CaseInput {
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
    at(&fx, "2026-11-02 09:30");
    let a = fx
        .register
        .create_case(&received(named_complaint(), "2026-11-02T09:00"), "李娜")
        .unwrap()
        .id;
    at(&fx, "2026-11-03 10:00");
    to_findings(
        &mut fx.register,
        a,
        Conclusion::Substantiated,
        &["correction"],
    );
    at(&fx, "2026-11-05 10:00");
    let reply = Action::Reply {
        method: "letter".into(),
        summary: "已补发".into(),
    };
    fx.register.act(a, &reply, "李娜").unwrap();
    let happy = Action::FollowUp {
        satisfaction: Satisfaction::Satisfied,
        note: String::new(),
    };
    fx.register.act(a, &happy, "李娜").unwrap();

    at(&fx, "2026-11-10 09:30");
    let b = fx
        .register
        .create_case(&received(named_complaint(), "2026-11-10T09:00"), "李娜")
        .unwrap()
        .id;
    at(&fx, "2026-11-13 10:00");
    to_findings(&mut fx.register, b, Conclusion::Unfounded, &[]);
    fx.register.act(b, &reply, "李娜").unwrap();
    let unhappy = Action::FollowUp {
        satisfaction: Satisfaction::Dissatisfied,
        note: "不认可".into(),
    };
    fx.register.act(b, &unhappy, "李娜").unwrap();

    at(&fx, "2026-11-16 09:30");
    let c = fx
        .register
        .create_case(&received(anonymous_report(), "2026-11-16T09:00"), "李娜")
        .unwrap()
        .id;

    at(&fx, "2026-11-20 09:30");
    let mut other = received(named_complaint(), "2026-11-20T09:00");
    other.category = "attitude".into();
    other.complainants = vec![Person {
        name: "张三".into(),
        phone: "13900139000".into(),
        ..Default::default()
    }];
    let d = fx.register.create_case(&other, "李娜").unwrap().id;
    at(&fx, "2026-11-20 10:00");
    let not = Action::NotAccept {
        ground: NotAcceptGround::Court,
        reason: "已起诉".into(),
    };
    fx.register.act(d, &not, "李娜").unwrap();
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

#[test]
fn the_dashboard_figures_match_the_hand_worked_register() {
    let (fx, [a, b, c, _d]) = fixture();
    let s = fx.register.dashboard(&november()).unwrap();
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
    let reports = fx
        .register
        .dashboard(&StatsQuery {
            kind: Some("report".into()),
            ..november()
        })
        .unwrap();
    assert_eq!((reports.total, reports.on_time.bp), (1, Some(0)));
    let before = fx
        .register
        .dashboard(&StatsQuery {
            to: "2026-11-09".into(),
            ..november()
        })
        .unwrap();
    assert_eq!(
        (before.total, before.on_time.bp, before.recurrence.bp),
        (1, Some(10_000), Some(0))
    );
}

#[test]
fn a_second_complaint_after_the_window_is_not_a_recurrence() {
    let (fx, _) = fixture();
    let s = fx
        .register
        .dashboard(&StatsQuery {
            recurrence_window_days: Some(7),
            ..november()
        })
        .unwrap();
    // A on 11-02 and B on 11-10 are 8 days apart.
    assert_eq!(s.recurrence.numerator, 0);
}

#[test]
fn the_csv_export_masks_complainants_and_defuses_formulas() {
    let (fx, _) = fixture();
    let csv = fx.register.export_csv(&Default::default()).unwrap();
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
    use desk_core::stats::{mask_name, mask_phone};
    assert_eq!(mask_name("王小明"), "王**");
    assert_eq!(mask_name("李"), "李*");
    assert_eq!(mask_phone("13800138000"), "138****8000");
    assert_eq!(mask_phone("010-12345678"), "010****5678");
    assert_eq!(mask_phone("1234567"), "*****67");
}

// ---------------------------------------------------------------------------
// The periodic report (PDF and XLSX) on the same hand-worked register
// ---------------------------------------------------------------------------

use desk_core::docs::{self, ChartImage};
use desk_core::report::{Period, PeriodKind, SHEETS};
use desk_tests::pdf::{
    assert_fonts_embedded_and_subset, check_golden, fonts, logo_png, pdf_images, pdf_text,
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
    let r = fx
        .register
        .period_report(&month(), &Default::default())
        .unwrap();
    assert_eq!(r.title, "2026年11月 投诉举报工作月报");
    assert_eq!(
        (r.from.as_str(), r.to.as_str()),
        ("2026-11-01", "2026-11-30")
    );
    // The very figures of the dashboard for November.
    assert_eq!(r.dashboard, fx.register.dashboard(&november()).unwrap());
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
    let r = fx
        .register
        .period_report(&week, &Default::default())
        .unwrap();
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
        .register
        .period_report_pdf(&month(), &Default::default(), &[])
        .unwrap();
    assert_fonts_embedded_and_subset("period_report_month", &pdf);
    assert_eq!(
        pdf_images("period_report_month", &pdf),
        Vec::<String>::new(),
        "no charts given"
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
fn the_report_pdf_embeds_the_charts_the_ui_drew() {
    let (fx, _) = fixture();
    let charts = vec![
        ChartImage {
            title: "问题类别帕累托图".into(),
            png: logo_png(320),
        },
        ChartImage {
            title: "月度趋势".into(),
            png: logo_png(300),
        },
    ];
    let pdf = fx
        .register
        .period_report_pdf(&month(), &Default::default(), &charts)
        .unwrap();
    let images: Vec<String> = pdf_images("period_report_charts", &pdf)
        .into_iter()
        .filter(|row| row.split_whitespace().nth(2) == Some("image"))
        .collect();
    assert_eq!(images.len(), 2, "{images:#?}");
    let flat = desk_tests::pdf::flat(&pdf_text("period_report_charts", &pdf));
    assert!(
        flat.contains("图：问题类别帕累托图") && flat.contains("统计图表"),
        "{flat}"
    );
    if let Ok(dir) = std::env::var("REPORT_PDF_DIR") {
        std::fs::write(
            std::path::Path::new(&dir).join("period_report_charts.pdf"),
            &pdf,
        )
        .ok();
    }
    // A chart that is not a PNG is refused by name.
    let bad = vec![ChartImage {
        title: "x".into(),
        png: b"not a png".to_vec(),
    }];
    let err = fx
        .register
        .period_report_pdf(&month(), &Default::default(), &bad)
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(err.to_payload(desk_core::Lang::En).fields[0].field == "charts[0]");
}

#[test]
fn the_report_pdf_without_a_register_is_laid_out_from_the_report_alone() {
    // The renderer needs nothing but the report, the office and the fonts.
    let (fx, _) = fixture();
    let r = fx
        .register
        .period_report(&month(), &Default::default())
        .unwrap();
    let office = fx.register.office().unwrap();
    let pdf = docs::render_period_report(&r, &office, &[], fonts()).unwrap();
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
        .register
        .period_report_xlsx(&month(), &Default::default())
        .unwrap();
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
    use desk_core::handling::Extension;
    let (mut fx, ids) = fixture();
    // E: the clock stopped and still stopped; F: an extended decision with a
    // resumed stop. Both are loaded in bulk by the dashboard.
    at(&fx, "2026-11-17 09:00");
    let e = fx
        .register
        .create_case(&received(named_complaint(), "2026-11-17T08:30"), "李娜")
        .unwrap()
        .id;
    desk_tests::investigating(&mut fx.register, e);
    fx.register
        .pause_clock(e, "2026-11-18", "等待司法鉴定", "吴督查")
        .unwrap();
    let f = fx
        .register
        .create_case(&received(anonymous_report(), "2026-11-17T08:45"), "李娜")
        .unwrap()
        .id;
    desk_tests::investigating(&mut fx.register, f);
    fx.register
        .pause_clock(f, "2026-11-18", "等待外调", "吴督查")
        .unwrap();
    at(&fx, "2026-11-20 09:00");
    fx.register.resume_clock(f, "2026-11-20", "吴督查").unwrap();
    fx.register
        .extend(
            f,
            &Extension {
                new_due: chrono::NaiveDate::from_ymd_opt(2026, 12, 30).unwrap(),
                reason: "需调取外部资料".into(),
                notice_sent_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            },
            "周部长",
        )
        .unwrap();
    at(&fx, "2026-12-28 10:00");
    let s = fx.register.dashboard(&november()).unwrap();
    let mut want: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    let mut overdue = Vec::new();
    for id in ids.into_iter().chain([e, f]) {
        for d in fx.register.deadlines(id).unwrap() {
            let e = want.entry(d.code.clone()).or_default();
            match d.state.as_str() {
                "met" => {
                    e.0 += 1;
                    e.1 += 1;
                }
                "met_late" => e.1 += 1,
                "overdue" => {
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
        fx.register.deadlines(f).unwrap().iter().any(|d| d.extended),
        "F's extension is part of what was compared"
    );
}

#[test]
fn the_dashboard_filters_by_handler_the_inspector_or_the_receiving_clerk() {
    let (mut fx, reviewed) = with_case("enterprise", &named_complaint());
    let mut other = named_complaint();
    other.receiving_clerk = "张敏".into();
    fx.register.create_case(&other, "张敏").unwrap();
    investigating(&mut fx.register, reviewed);
    let total = |handler: &str| {
        fx.register
            .dashboard(&StatsQuery {
                from: "2026-11-01".into(),
                to: "2026-11-30".into(),
                handler: Some(handler.into()),
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(total("吴督查"), 1, "the inspector of the reviewed case");
    assert_eq!(total("李娜"), 1, "the clerk who received the first case");
    assert_eq!(total("张敏"), 1);
    assert_eq!(total("周部长"), 0, "the reviewer is not its handler");
    assert_eq!(total("nobody"), 0);
}
