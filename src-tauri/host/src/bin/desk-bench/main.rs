//! Benchmark (not a test): prints how long the register and the documents
//! take on this machine.
//!
//!     cargo run --release -p desk-host --bin desk-bench -- [--cases 100000] [--no-documents]
//!     cargo run --release -p desk-host --bin desk-bench -- --make-register FILE [--cases N]
//!
//!     cargo run --release -p desk-host --bin desk-bench -- --network [--cases 100000] [--seats 20] [--seconds 60] [--think-ms 0] [--register FILE]
//!
//! `--network` serves the filled register on 127.0.0.1 and loads it from
//! simulated seats over HTTPS (see `network.rs`), and stops.
//!     cargo run --release -p desk-host --bin desk-bench -- --lists --register FILE [--runs 30]
//!
//! `--lists` times only the register list's queries on a register made
//! before, many runs each; `--imports` (with `--register FILE`) only the
//! spreadsheet imports, three times.
//! `--make-register` only writes a register of N synthetic cases to FILE
//! (user "bench", password "bench-password", every role) for timing whole
//! processes such as `desk slip` with hyperfine, and stops.

mod network;

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::api::types::*;
use desk_core::{Caller, CaseOp, Desk, FixedClock};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
];
const MATTERS: &[&str] = &[
    "绩效奖金被无故克扣",
    "窗口工作人员态度恶劣",
    "采购人员收受供应商回扣",
    "加班费未按规定发放",
    "食堂卫生条件差",
    "考核评分不公正",
    "设备被故意损坏",
    "泄露客户个人信息",
];

/// A small deterministic generator, so every run registers the same cases.
pub(crate) struct Lcg(pub(crate) u64);
impl Lcg {
    pub(crate) fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn synthetic(i: usize, rng: &mut Lcg) -> CaseInput {
    let report = i.is_multiple_of(4);
    let name = format!(
        "{}{}{}",
        SURNAMES[rng.next(SURNAMES.len())],
        GIVEN[rng.next(GIVEN.len())],
        GIVEN[rng.next(GIVEN.len())]
    );
    let day = 1 + rng.next(28);
    let month = 1 + rng.next(10);
    CaseInput {
        kind: if report { "report" } else { "complaint" }.into(),
        channel: [
            "visit",
            "phone",
            "letter",
            "email",
            "online",
            "suggestion_box",
        ][rng.next(6)]
        .into(),
        received_at: format!(
            "2026-{month:02}-{day:02}T{:02}:{:02}",
            8 + rng.next(9),
            rng.next(60)
        ),
        receiving_clerk: "前台".into(),
        anonymous: report && i.is_multiple_of(8),
        complainants: vec![Person {
            name,
            unit: format!("第{}车间", 1 + rng.next(20)),
            phone: format!("138{:08}", rng.next(100_000_000)),
            ..Default::default()
        }],
        accused: vec![Accused {
            name: format!("{}主任", SURNAMES[rng.next(SURNAMES.len())]),
            unit: "办公室".into(),
        }],
        category: if report { "bribery" } else { "attitude" }.into(),
        severity: ["ordinary", "important", "urgent", "major"][rng.next(4)].into(),
        matter: format!("{}（第{i}号）", MATTERS[rng.next(MATTERS.len())]),
        facts: format!(
            "{}。经过详见附件，涉及金额{}元。",
            MATTERS[rng.next(MATTERS.len())],
            rng.next(10_000)
        ),
        request: "请依规处理".into(),
        ..Default::default()
    }
}

/// Runs `f` `runs` times: the median (and, over five runs or more, the
/// 95th percentile) of the times, with the last result.
fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut all = Vec::with_capacity(runs as usize);
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        all.push(t.elapsed());
        out = Some(v);
    }
    all.sort();
    let at = |q: f64| all[((all.len() - 1) as f64 * q).round() as usize];
    let timing = Timing {
        best: at(0.0),
        median: at(0.5),
        p95: at(0.95),
        runs,
    };
    (timing, out.expect("at least one run"))
}

/// A measured time: one run, or the best, the median and the p95 of
/// several (the best is what the program before the redesign printed).
#[derive(Clone, Copy)]
struct Timing {
    best: Duration,
    median: Duration,
    p95: Duration,
    runs: u32,
}

impl From<Duration> for Timing {
    fn from(d: Duration) -> Timing {
        Timing {
            best: d,
            median: d,
            p95: d,
            runs: 1,
        }
    }
}

fn ms(t: impl Into<Timing>) -> String {
    let t = t.into();
    let f = |d: Duration| d.as_secs_f64() * 1000.0;
    match t.runs {
        0 | 1 => format!("{:.2} ms", f(t.median)),
        2..=4 => format!(
            "{:.2} ms (median of {}; best {:.2})",
            f(t.median),
            t.runs,
            f(t.best)
        ),
        n => format!(
            "{:.2} ms (median; best {:.2}, p95 {:.2}, n={n})",
            f(t.median),
            f(t.best),
            f(t.p95)
        ),
    }
}

/// Registers one case through the intake operation.
fn register(
    desk: &Desk,
    who: &Caller,
    input: CaseInput,
) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(desk.register_case(who, input)?.case.id)
}

/// Takes one report through the whole handling so every document has its
/// material, then times each document type and a batch of 1,000 reply letters.
fn template_documents(
    desk: &Desk,
    who: &Caller,
    me: i64,
    rng: &mut Lcg,
) -> Result<(), Box<dyn std::error::Error>> {
    use desk_core::docs::templates::DocType;
    use std::collections::BTreeMap;
    let mut input = synthetic(4, rng);
    input.kind = "report".into();
    input.anonymous = false;
    input.category = "bribery".into();
    input.received_at = "2026-11-20T09:00".into();
    let id = register(desk, who, input.clone())?;
    let op = |x| CaseOp::new(id, x);
    desk.accept_case(who, op(Comment::default()))?;
    desk.review_case(
        who,
        CaseOp::new(
            id,
            ReviewInput {
                mode: InvestigationMode::Team,
                inspector_ids: vec![me],
                department: "企业管理部".into(),
                comment: String::new(),
            },
        ),
    )?;
    desk.start_investigation(who, op(Comment::default()))?;
    desk.record_interview(
        who,
        CaseOp::new(
            id,
            Interview {
                at: "2026-11-24 09:00".into(),
                place: "会议室".into(),
                interviewer: "吴督查".into(),
                recorder: "郑督查".into(),
                interviewee: "举报人".into(),
                role: "complainant".into(),
                questions_and_answers: (0..12)
                    .map(|i| QuestionAnswer {
                        question: format!("第{i}个问题：请说明当时的具体情况？"),
                        answer: "当时采购部人员在招标前与供应商私下接触，并收受了购物卡。"
                            .repeat(2),
                    })
                    .collect(),
                signed: true,
            },
        ),
    )?;
    desk.record_defence(
        who,
        CaseOp::new(
            id,
            Defence {
                asked_on: "2026-11-24".into(),
                declined: false,
                statement: "否认收受购物卡。".into(),
            },
        ),
    )?;
    desk.extend_deadline(
        who,
        CaseOp::new(
            id,
            ExtensionInput {
                new_due: "2026-12-20".into(),
                reason: "需调取银行流水".into(),
                notice_sent_on: "2026-11-24".into(),
            },
        ),
    )?;
    desk.write_findings(
        who,
        CaseOp::new(
            id,
            Findings {
                conclusion: Conclusion::Substantiated,
                facts: "经调取银行流水和询问供应商，查实收受购物卡共计5000元。".into(),
                responsibility: "采购部钱某负直接责任".into(),
                proposals: vec!["penalty".into(), "reward".into()],
                rectification_due: None,
                org_notice: false,
            },
        ),
    )?;
    let extra: BTreeMap<String, String> = [
        ("issue_date", "2026-11-24"),
        ("answer_due", "2026-11-30"),
        ("reward_amount", "3000.00"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let templates = desk.list_templates(who, ())?;
    for t in DocType::ALL {
        if t == DocType::NotAccepted {
            continue;
        }
        let body = templates
            .iter()
            .find(|x| x.doc_type == t.code())
            .map(|x| x.body.clone())
            .unwrap_or_default();
        let preview = PreviewInput {
            case_id: id,
            doc_type: t.code().into(),
            body,
            extra: extra.clone(),
        };
        let (d, pdf) = time(5, || desk.preview_pdf(who, preview.clone()));
        println!(
            "document: {:<28} {:>10}  {:.1} KB",
            t.title_zh(),
            ms(d),
            pdf?.0.len() as f64 / 1024.0
        );
    }
    let not_id = register(desk, who, input)?;
    desk.not_accept_case(
        who,
        CaseOp::new(
            not_id,
            NotAccept {
                ground: NotAcceptGround::Court,
                reason: "已起诉".into(),
            },
        ),
    )?;
    let body = templates
        .iter()
        .find(|x| x.doc_type == "not_accepted")
        .map(|x| x.body.clone())
        .unwrap_or_default();
    let preview = PreviewInput {
        case_id: not_id,
        doc_type: "not_accepted".into(),
        body,
        extra: extra.clone(),
    };
    let (d, pdf) = time(5, || desk.preview_pdf(who, preview.clone()));
    println!(
        "document: {:<28} {:>10}  {:.1} KB",
        DocType::NotAccepted.title_zh(),
        ms(d),
        pdf?.0.len() as f64 / 1024.0
    );
    // A batch of 1,000 reply letters in one PDF.
    let case = desk.get_case(who, CaseId { case_id: id })?.case;
    let items: Vec<_> = (0..1000)
        .map(|i| {
            let mut c = case.clone();
            c.number = format!("JB-2026-{:06}", 900_000 + i);
            (c, extra.clone())
        })
        .collect();
    let body = templates
        .iter()
        .find(|x| x.doc_type == "reply_letter")
        .map(|x| x.body.clone())
        .unwrap_or_default();
    let office = OfficeInfo {
        name: "华东示范有限公司".into(),
        ..Default::default()
    };
    let fonts = desk_core::docs::DocFonts::load_system(None)?;
    let t = Instant::now();
    let pdf =
        desk_core::docs::render_documents(DocType::ReplyLetter, &body, &items, &office, &fonts)?;
    println!(
        "batch: 1,000 reply letters in one PDF      {:>10}  {:.1} MB",
        format!("{:.2} s", t.elapsed().as_secs_f64()),
        pdf.len() as f64 / 1e6
    );
    Ok(())
}

/// The month's and the year's report (PDF and XLSX).
fn period_reports(desk: &Desk, who: &Caller) -> Result<(), Box<dyn std::error::Error>> {
    // The synthetic cases are received from January to October 2026.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).ok_or("date")?;
    for (label, kind) in [("month", PeriodKind::Month), ("year", PeriodKind::Year)] {
        let q = PeriodQuery {
            period: Period::new(kind, day),
            filter: Default::default(),
        };
        let t = Instant::now();
        let report = desk.period_report(who, q.clone())?;
        let figures = t.elapsed();
        let (dx, xlsx) = time(1, || desk.period_report_xlsx(who, q.clone()));
        println!(
            "period report ({label}, {} cases, {} overdue): figures {:.2} s; XLSX {:.2} s, {:.1} KB",
            report.dashboard.total,
            report.overdue.len(),
            figures.as_secs_f64(),
            dx.median.as_secs_f64(),
            xlsx?.0.len() as f64 / 1024.0
        );
        let (d, pdf) = time(1, || desk.period_report_pdf(who, q.clone()));
        match pdf {
            Ok(pdf) => println!(
                "period report ({label}): PDF {:.2} s, {:.1} KB",
                d.median.as_secs_f64(),
                pdf.0.len() as f64 / 1024.0
            ),
            Err(e) => println!("period report PDF skipped: {e}"),
        }
    }
    Ok(())
}

/// The columns of the old register the import benchmark reads.
const SHEET_HEADER: [&str; 12] = [
    "原编号",
    "类别",
    "受理方式",
    "收到时间",
    "投诉人",
    "联系电话",
    "被投诉人",
    "问题类别",
    "紧急程度",
    "事由",
    "事实",
    "诉求",
];

/// One synthetic case as a row of an old register (for the load).
fn synthetic_row(i: usize, rng: &mut Lcg) -> [String; 12] {
    let c = synthetic(i, rng);
    let channel = Channel::from_code(&c.channel)
        .map(|ch| ch.label_zh())
        .unwrap_or("其他");
    let person = c.complainants.first().cloned().unwrap_or_default();
    [
        String::new(),
        if c.kind == "report" {
            "举报"
        } else {
            "投诉"
        }
        .into(),
        channel.into(),
        c.received_at.replace('T', " "),
        if c.anonymous {
            String::new()
        } else {
            person.name
        },
        person.phone,
        c.accused
            .first()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        if c.kind == "report" {
            "以权谋私、贪污受贿索贿"
        } else {
            "态度恶劣、刁难推诿"
        }
        .into(),
        ["一般", "重要", "紧急", "重大"][rng.next(4)].into(),
        c.matter,
        c.facts,
        c.request,
    ]
}

/// `n` rows of an office's old register, as cells of `SHEET_HEADER`.
fn sheet_rows(n: usize, prefix: &str, rng: &mut Lcg) -> Vec<[String; 12]> {
    (0..n)
        .map(|i| {
            let c = synthetic(i, rng);
            let kind = if c.kind == "report" {
                "举报"
            } else {
                "投诉"
            };
            let category = if c.kind == "report" {
                "以权谋私、贪污受贿索贿"
            } else {
                "态度恶劣、刁难推诿"
            };
            let person = c.complainants.first().cloned().unwrap_or_default();
            [
                format!("{prefix}-{i:05}"),
                kind.into(),
                "来访".into(),
                c.received_at.replace('T', " "),
                if c.anonymous {
                    String::new()
                } else {
                    person.name
                },
                person.phone,
                c.accused
                    .first()
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                category.into(),
                ["一般", "重要", "紧急", "重大"][rng.next(4)].into(),
                format!("{}（{prefix}）", c.matter),
                c.facts,
                c.request,
            ]
        })
        .collect()
}

fn sheet_xlsx(rows: &[[String; 12]]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in SHEET_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

fn sheet_csv(rows: &[[String; 12]]) -> Vec<u8> {
    let mut out = SHEET_HEADER.join(",");
    for row in rows {
        out.push_str("\r\n");
        out.push_str(&row.join(","));
    }
    out.into_bytes()
}

/// Preview and commit of 10,000 rows from an XLSX and from a CSV, into the
/// full register (so the duplicate checks run against every case).
fn spreadsheet_import(
    desk: &Desk,
    who: &Caller,
    rng: &mut Lcg,
) -> Result<(), Box<dyn std::error::Error>> {
    const ROWS: usize = 10_000;
    for (format, prefix) in [("xlsx", "X"), ("csv", "C")] {
        let rows = sheet_rows(ROWS, prefix, rng);
        let bytes = if format == "xlsx" {
            sheet_xlsx(&rows)?
        } else {
            sheet_csv(&rows)
        };
        let name = format!("old-register.{format}");
        let t = Instant::now();
        let preview = desk.import_preview(
            who,
            ImportFile {
                file_name: name.clone(),
                bytes: desk_core::Bytes(bytes.clone()),
                mapping: None,
            },
        )?;
        let d_preview = t.elapsed();
        let t = Instant::now();
        let report = desk.import_commit(
            who,
            ImportCommit {
                file_name: name.clone(),
                bytes: desk_core::Bytes(bytes.clone()),
                mapping: None,
                mode: ImportMode::ValidOnly,
            },
        )?;
        let d_commit = t.elapsed();
        println!(
            "import {ROWS} rows from {format:<4} ({:.1} MB): preview {:>10}, commit {:>10}  ({} valid, {} imported)",
            bytes.len() as f64 / 1e6,
            ms(d_preview),
            ms(d_commit),
            preview.valid,
            report.imported.len()
        );
    }
    Ok(())
}

/// The register list's figures: each query `runs` times.
/// The repeat check at intake, as the clerk types: a phone (as stored and
/// typed with hyphens), a name, the accused under a category (thousands of
/// matches), everything at once.
fn repeat_figures(desk: &Desk, who: &Caller, runs: u32) -> Result<(), Box<dyn std::error::Error>> {
    let newest = desk.list_cases(who, ListQuery::default())?;
    let Some(first) = newest.items.first() else {
        return Ok(());
    };
    let case = desk.get_case(who, CaseId { case_id: first.id })?.case;
    let (name, phone) = case
        .complainants
        .first()
        .map(|p| (p.name.clone(), p.phone.clone()))
        .unwrap_or_default();
    let hyphens = if phone.len() == 11 {
        format!("{}-{}-{}", &phone[..3], &phone[3..7], &phone[7..])
    } else {
        phone.clone()
    };
    let accused = case
        .accused
        .first()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let probes: Vec<(&str, IntakeProbe)> = vec![
        (
            "a phone as stored",
            IntakeProbe {
                phones: vec![phone.clone()],
                ..Default::default()
            },
        ),
        (
            "the phone with hyphens",
            IntakeProbe {
                phones: vec![hyphens],
                ..Default::default()
            },
        ),
        (
            "a name",
            IntakeProbe {
                names: vec![name.clone()],
                ..Default::default()
            },
        ),
        (
            "the accused under the category",
            IntakeProbe {
                accused: vec![accused.clone()],
                category: case.category.clone(),
                ..Default::default()
            },
        ),
        (
            "phone, name and accused together",
            IntakeProbe {
                phones: vec![phone],
                names: vec![name],
                accused: vec![accused],
                category: case.category.clone(),
            },
        ),
    ];
    for (label, p) in &probes {
        let (d, m) = time(runs, || desk.intake_matches(who, p.clone()));
        let m = m?;
        println!(
            "repeat check: {label:<44} {:>10}  ({} matches)",
            ms(d),
            m.total
        );
    }
    Ok(())
}

fn list_figures(desk: &Desk, who: &Caller, runs: u32) -> Result<(), Box<dyn std::error::Error>> {
    let queries: Vec<(&str, ListQuery)> = vec![
        ("first page, newest first", ListQuery::default()),
        (
            "page 100 of 50",
            ListQuery {
                page: 100,
                ..Default::default()
            },
        ),
        (
            "search a 2-character name \"王芳\"",
            ListQuery {
                text: "王芳".into(),
                ..Default::default()
            },
        ),
        (
            "search a 3-character name",
            ListQuery {
                text: "李明强".into(),
                ..Default::default()
            },
        ),
        (
            "search the matter \"收受供应商\"",
            ListQuery {
                text: "收受供应商".into(),
                ..Default::default()
            },
        ),
        (
            "search a case number",
            ListQuery {
                text: "TS-2026-000777".into(),
                ..Default::default()
            },
        ),
        (
            "search a number's tail \"0777\"",
            ListQuery {
                text: "0777".into(),
                ..Default::default()
            },
        ),
        (
            "filter report + channel + month, sorted by severity",
            ListQuery {
                kind: Some("report".into()),
                channel: Some("phone".into()),
                received_from: Some("2026-03-01".into()),
                received_to: Some("2026-03-31".into()),
                sort: SortKey::SeverityDesc,
                ..Default::default()
            },
        ),
        (
            "search + filter",
            ListQuery {
                text: "态度".into(),
                kind: Some("complaint".into()),
                ..Default::default()
            },
        ),
    ];
    for (label, q) in &queries {
        let (d, page) = time(runs, || desk.list_cases(who, q.clone()));
        let page = page?;
        println!("list: {label:<52} {:>10}  ({} matches)", ms(d), page.total);
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = args
        .iter()
        .position(|a| a == "--cases")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let keep = args
        .iter()
        .position(|a| a == "--make-register")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let existing = args
        .iter()
        .position(|a| a == "--register")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let lists_only = args.iter().any(|a| a == "--lists" || a == "--imports");
    if let (Some(file), true) = (
        &existing,
        lists_only || args.iter().any(|a| a == "--network"),
    ) {
        // A register made before with --make-register (its writes stay in it).
        let desk = Desk::open(file, Arc::new(FixedClock::parse("2026-11-24 10:00:00")))?;
        let who = Caller::local();
        desk.sign_in(
            &who,
            SignIn {
                username: "bench".into(),
                password: "bench-password".into(),
            },
        )?;
        let me = desk
            .list_users(&who, ())?
            .into_iter()
            .find(|u| u.username == "bench")
            .map(|u| u.id)
            .ok_or("no user bench: make the register with --make-register")?;
        let cases = desk.list_cases(&who, ListQuery::default())?.total as usize;
        if args.iter().any(|a| a == "--lists") {
            // The list figures alone, many runs each (compare builds in turn).
            let runs = args
                .iter()
                .position(|a| a == "--runs")
                .and_then(|i| args.get(i + 1))
                .and_then(|s| s.parse().ok())
                .unwrap_or(30);
            println!("register list, {cases} cases, {runs} runs each");
            list_figures(&desk, &who, runs)?;
            repeat_figures(&desk, &who, runs)?;
            let (d, _) = time(runs * 10, || {
                desk.get_case(
                    &who,
                    CaseId {
                        case_id: cases as i64 / 2,
                    },
                )
            });
            println!("open one case with its people and history: {}", ms(d));
            return Ok(());
        }
        if args.iter().any(|a| a == "--imports") {
            // The spreadsheet imports alone, three times (each commits).
            let mut rng = Lcg(7);
            for _ in 0..3 {
                spreadsheet_import(&desk, &who, &mut rng)?;
            }
            return Ok(());
        }
        desk.sign_out(&who, ())?;
        println!(
            "Complaint Desk benchmark — {} ({cases} cases)",
            file.display()
        );
        return network::run(desk, cases, me, &args);
    }
    let dir = std::env::temp_dir().join(format!("desk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = keep.clone().unwrap_or_else(|| dir.join("register.sqlite3"));
    let clock = Arc::new(FixedClock::parse("2026-11-24 10:00:00"));
    let desk = Desk::open(&path, clock)?;
    let who = Caller::local();
    desk.setup_office(
        &who,
        SetupRequest {
            office_name: "华东示范有限公司".into(),
            preset: "enterprise".into(),
            ..Default::default()
        },
    )?;
    let me = desk
        .create_first_admin(
            &who,
            NewUser {
                username: "bench".into(),
                display_name: "测试员".into(),
                password: "bench-password".into(),
                roles: Role::ALL.to_vec(),
            },
        )?
        .user
        .map(|u| u.id)
        .ok_or("no user")?;
    println!(
        "Complaint Desk benchmark — {cases} synthetic cases in {}",
        path.display()
    );

    // The register is filled through the import path (10,000 rows a file).
    let mut rng = Lcg(42);
    let t = Instant::now();
    let mut done = 0;
    while done < cases {
        let n = (cases - done).min(10_000);
        let rows: Vec<[String; 12]> = (done..done + n)
            .map(|i| synthetic_row(i, &mut rng))
            .collect();
        let report = desk.import_commit(
            &who,
            ImportCommit {
                file_name: format!("load-{done}.csv"),
                bytes: desk_core::Bytes(sheet_csv(&rows)),
                mapping: None,
                mode: ImportMode::AllOrNothing,
            },
        )?;
        if report.refused {
            return Err(format!("load refused: {:?}", report.skipped.first()).into());
        }
        done += n;
    }
    let load = t.elapsed();
    println!(
        "register {cases} cases (10,000 per import): {:.1} s ({:.0} cases/s)",
        load.as_secs_f64(),
        cases as f64 / load.as_secs_f64()
    );
    let size = std::fs::metadata(&path)?.len();
    println!("database file: {:.1} MB", size as f64 / 1e6);
    if keep.is_some() {
        std::fs::remove_dir_all(&dir)?;
        return Ok(());
    }
    if args.iter().any(|a| a == "--network") {
        network::run(desk, cases, me, &args)?;
        std::fs::remove_dir_all(&dir)?;
        return Ok(());
    }

    list_figures(&desk, &who, 5)?;
    repeat_figures(&desk, &who, 20)?;
    let (d, _) = time(20, || {
        desk.get_case(
            &who,
            CaseId {
                case_id: cases as i64 / 2,
            },
        )
    });
    println!("open one case with its people and history: {}", ms(d));
    period_reports(&desk, &who)?;

    let year = StatsQuery {
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
        ..Default::default()
    };
    let (d, dash) = time(3, || desk.dashboard(&who, year.clone()));
    println!(
        "dashboard: one year ({} cases)                  {:>10}",
        dash?.total,
        ms(d)
    );
    let (d, xlsx) = time(1, || desk.export_register_xlsx(&who, ListQuery::default()));
    println!(
        "export the whole register to XLSX                {:>10}  {:.1} MB",
        ms(d),
        xlsx?.0.len() as f64 / 1e6
    );
    spreadsheet_import(&desk, &who, &mut rng)?;
    if args.iter().any(|a| a == "--no-documents") {
        drop(desk);
        std::fs::remove_dir_all(&dir)?;
        return Ok(());
    }

    let (d, found) = time(3, || desk_core::docs::DocFonts::load_system(None));
    println!(
        "fonts: find the faces by family name (fontdb)  {:>10}  ({})",
        ms(d),
        found.map(|f| f.choices().len()).unwrap_or(0)
    );
    let issue = |id: i64, doc: &str| {
        desk.issue_document(
            &who,
            CaseOp::new(
                id,
                IssueInput {
                    doc_type: doc.into(),
                    ..Default::default()
                },
            ),
        )
    };
    // A case registered at the desk (the imported ones have no receipt:
    // an imported anonymous report has no query code).
    let first = register(&desk, &who, synthetic(1, &mut rng))?;
    match issue(first, "slip") {
        Ok(_) => {
            for (label, doc) in [
                ("registration slip", "slip"),
                ("acknowledgement receipt", "receipt"),
            ] {
                let (d, issued) = time(5, || issue(first, doc));
                println!(
                    "document: {label:<28} {:>10}  {:.1} KB",
                    ms(d),
                    issued?.pdf.0.len() as f64 / 1024.0
                );
            }
            let mut long = synthetic(0, &mut rng);
            long.facts = "因工作安排问题多次与车间主任沟通未果，".repeat(150);
            long.received_at = String::new();
            let id = register(&desk, &who, long)?;
            let (d, issued) = time(5, || issue(id, "slip"));
            println!(
                "document: {:<28} {:>10}  {:.1} KB",
                "slip with 3,000-char facts",
                ms(d),
                issued?.pdf.0.len() as f64 / 1024.0
            );
        }
        Err(e) => println!("documents skipped: {e}"),
    }
    template_documents(&desk, &who, me, &mut rng)?;
    drop(desk);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
