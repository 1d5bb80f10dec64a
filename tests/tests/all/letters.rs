//! The formal documents written from templates (谈话笔录, 不予受理告知书,
//! 延期处理告知书, 陈述申辩通知书, 调查报告, 书面答复意见书, 举报奖励通知书):
//! golden text per type, embedded subset fonts, the national letter format
//! (GB/T 9704-2012 信函格式: grid, margins, red letterhead, page numbers,
//! reference number, contact note, copy list, no printed "（盖章）"), dates and
//! amounts never broken across lines, template validation, and that the
//! notice to the accused never reveals a complainant.
//!
//! Regenerate the golden files after an intended change with
//!     UPDATE_GOLDEN=1 cargo test -p desk-tests --test all letters::
//! and review the diff. Needs fonts-noto-cjk and poppler-utils.

use std::collections::BTreeMap;

use desk_core::api::types::*;
use desk_core::docs;
use desk_core::docs::templates::{self, DocType};
use desk_core::domain::records::Review;
use desk_core::DeskError;
use desk_tests::pdf::{
    assert_fonts_embedded_and_subset, flat, fonts, pdf_text, png_golden, render_pages, text_sizes,
    word_boxes,
};

fn check_golden(name: &str, actual: &str) {
    desk_tests::pdf::check_golden("letters", name, actual)
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

fn office() -> OfficeInfo {
    OfficeInfo {
        name: "华东电力设备有限公司".into(),
        address: "上海市浦东新区张江路100号".into(),
        phone: "021-58880000".into(),
        logo: None,
    }
}

/// A handling record as the register keeps it.
fn record(record: Record, at: &str) -> CaseRecord {
    CaseRecord {
        id: 0,
        at: at.into(),
        actor: "李四".into(),
        record,
    }
}

/// A wage complaint that went through the whole investigation.
fn investigated_case() -> CaseDetail {
    let records = vec![
        record(
            Record::Review(Review {
                reviewer: "周主任".into(),
                reviewer_id: None,
                mode: InvestigationMode::Team,
                inspectors: vec!["陈督查".into(), "林督查".into()],
                inspector_ids: Vec::new(),
                department: "人力资源部".into(),
                comment: String::new(),
            }),
            "2026-11-25 09:00:00",
        ),
        record(
            Record::Interview(Interview {
                at: "2026-11-26 14:00".into(),
                place: "人力资源部第一会议室".into(),
                interviewer: "陈督查".into(),
                recorder: "林督查".into(),
                interviewee: "张三".into(),
                role: "complainant".into(),
                questions_and_answers: vec![
                    QuestionAnswer {
                        question: "请你说明被扣发奖金的经过。".into(),
                        answer: "2026年10月8日班前会上，车间主任王五宣布扣发全组10月份绩效奖金，共计3,600元，没有说明依据。".into(),
                    },
                    QuestionAnswer {
                        question: "你是否向车间要求查看考核结果？".into(),
                        answer: "要求过两次，王五都说“领导已经定了”，没有给我们看。".into(),
                    },
                    QuestionAnswer {
                        question: "还有什么需要补充的吗？".into(),
                        answer: "没有了。".into(),
                    },
                ],
                signed: true,
            }),
            "2026-11-26 15:00:00",
        ),
        record(
            Record::Evidence(Evidence {
                description: "10月份工资条复印件".into(),
                source: "张三".into(),
                obtained_on: "2026-11-26".into(),
                file_name: Some("gongzitiao-10.pdf".into()),
                sha256: Some(
                    "3f2a9c0d4be17a55c0ffee0123456789abcdef0123456789abcdef0123456789".into(),
                ),
                size: Some(84512),
                stored_as: Some("123/3f2a9c0d4be17a55-gongzitiao-10.pdf".into()),
            }),
            "2026-11-26 15:10:00",
        ),
        record(
            Record::Evidence(Evidence {
                description: "车间绩效考核记录表".into(),
                source: "生产部".into(),
                obtained_on: "2026-11-27".into(),
                ..Default::default()
            }),
            "2026-11-27 10:00:00",
        ),
        record(
            Record::SiteCheck(SiteCheck {
                at: "2026-11-27 09:30".into(),
                place: "生产部第二车间".into(),
                inspectors: vec!["陈督查".into(), "林督查".into()],
                findings: "车间公告栏未张贴10月份绩效考核结果。".into(),
            }),
            "2026-11-27 11:00:00",
        ),
        record(
            Record::Defence(Defence {
                asked_on: "2026-11-27".into(),
                declined: false,
                statement: "扣发奖金是按照车间惯例执行的，考核记录已交人力资源部。".into(),
            }),
            "2026-11-30 09:00:00",
        ),
        record(
            Record::Findings(Findings {
                conclusion: Conclusion::PartlySubstantiated,
                facts: "车间确于10月份扣发该班组绩效奖金3,600元，但考核结果未按《绩效考核管理办法》第12条规定公示。".into(),
                responsibility: "车间主任王五未履行考核结果公示义务，负有直接责任。".into(),
                proposals: vec!["correction".into(), "rectification".into()],
                rectification_due: Some("2026-12-31".into()),
                org_notice: false,
            }),
            "2026-12-02 16:00:00",
        ),
    ];
    CaseDetail {
        id: 123,
        number: "TS-2026-000123".into(),
        kind: CaseKind::Complaint,
        channel: Channel::Visit,
        received_at: "2026-11-24 10:30:00".into(),
        receiving_clerk: "李四".into(),
        receiving_clerk_id: None,
        anonymous: false,
        query_code: None,
        complainants: vec![Person {
            name: "张三".into(),
            unit: "生产部第二车间".into(),
            position: "班组长".into(),
            phone: "13800138000".into(),
            address: "上海市浦东新区张江路100号宿舍3号楼201室".into(),
            ..Default::default()
        }],
        accused: vec![Accused {
            name: "王五".into(),
            unit: "生产部".into(),
        }],
        category: "wage".into(),
        category_label: "克扣工资、奖金或违规收费".into(),
        handling_department: "人力资源部".into(),
        severity: Severity::Ordinary,
        occurred_when: "2026年10月上旬".into(),
        occurred_where: "生产部第二车间办公室".into(),
        matter: "车间主任无故扣发10月份绩效奖金".into(),
        facts: "车间主任王五扣发全组10月份绩效奖金共计3,600元，未出示书面考核结果。".into(),
        request: "查明事实，补发被扣奖金，公开考核依据。".into(),
        evidence: vec!["10月份工资条复印件".into()],
        witnesses: Vec::new(),
        reply_method: String::new(),
        status: Status::Investigating,
        created_at: "2026-11-24 10:42:00".into(),
        updated_at: "2026-12-02 16:00:00".into(),
        version: 8,
        legacy_number: String::new(),
        history: Vec::new(),
        records,
        links: Vec::new(),
    }
}

fn not_accepted_case() -> CaseDetail {
    let mut c = investigated_case();
    c.records = vec![record(
        Record::NotAccept(NotAccept {
            ground: NotAcceptGround::Court,
            reason: "您已于2026年11月10日就同一事项向浦东新区人民法院提起诉讼".into(),
        }),
        "2026-11-25 10:00:00",
    )];
    c
}

fn extended_case() -> CaseDetail {
    let mut c = investigated_case();
    c.records.truncate(3);
    c.records.push(record(
        Record::Extension(Extension {
            new_due: chrono::NaiveDate::from_ymd_opt(2027, 1, 22).unwrap(),
            reason: "案情复杂，需调取外部单位的考勤和财务资料".into(),
            notice_sent_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 18).unwrap(),
        }),
        "2026-12-18 09:00:00",
    ));
    c
}

fn reward_case() -> CaseDetail {
    let mut c = investigated_case();
    c.number = "JB-2026-000124".into();
    c.kind = CaseKind::Report;
    c.matter = "采购人员收受供应商回扣".into();
    c
}

fn extra(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The case and the extra values each document type is rendered with.
fn sample(t: DocType) -> (CaseDetail, BTreeMap<String, String>) {
    let issue = ("issue_date", "2026-12-03");
    match t {
        DocType::Transcript => (investigated_case(), extra(&[("issue_date", "2026-11-26")])),
        DocType::NotAccepted => (not_accepted_case(), extra(&[("issue_date", "2026-11-25")])),
        DocType::Extension => (
            extended_case(),
            extra(&[
                ("issue_date", "2026-12-18"),
                ("original_due_date", "2026-12-24"),
            ]),
        ),
        DocType::NoticeToAccused => (
            investigated_case(),
            extra(&[("issue_date", "2026-11-27"), ("answer_due", "2026-12-04")]),
        ),
        DocType::InvestigationReport => (investigated_case(), extra(&[issue])),
        DocType::ReplyLetter => (investigated_case(), extra(&[issue])),
        DocType::RewardNotice => (
            reward_case(),
            extra(&[
                issue,
                ("reward_amount", "5000"),
                ("claim_due", "2027-01-31"),
            ]),
        ),
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn render(t: DocType, case: &CaseDetail, extra: &BTreeMap<String, String>) -> Vec<u8> {
    docs::render_document(
        t,
        templates::default_template(t),
        case,
        &office(),
        extra,
        fonts(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", t.code()))
}

/// Renders one type with its sample case, checks fonts and the golden text.
fn golden(t: DocType) -> String {
    let (case, extra) = sample(t);
    let pdf = render(t, &case, &extra);
    assert!(
        pdf.len() < 400_000,
        "{}: {} bytes: font not subset?",
        t.code(),
        pdf.len()
    );
    assert_fonts_embedded_and_subset(t.code(), &pdf);
    if let Ok(dir) = std::env::var("LETTERS_PDF_DIR") {
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{}.pdf", t.code())),
            &pdf,
        )
        .ok();
    }
    let text = pdf_text(t.code(), &pdf);
    let f = flat(&text);
    assert!(f.contains(&flat(t.title_zh())), "{text}");
    assert!(
        f.contains("编号：TS-2026-000123") || f.contains("编号：JB-2026-000124"),
        "{text}"
    );
    assert!(f.contains("华东电力设备有限公司"), "{text}");
    check_golden(t.code(), &text);
    png_golden(&t.code().replace('_', "-"), &pdf);
    text
}

// ---------------------------------------------------------------------------
// Golden documents
// ---------------------------------------------------------------------------

const SIGNATURES: [&str; 3] = ["被谈话人签字：", "谈话人签字：", "记录人签字："];

#[test]
fn the_transcript_has_the_header_grid_the_questions_and_signature_lines_on_every_page() {
    let text = golden(DocType::Transcript);
    let f = flat(&text);
    for label in ["时间", "地点", "谈话人", "记录人", "被谈话人"] {
        assert!(f.contains(label), "{label}: {text}");
    }
    assert!(f.contains("问：请你说明被扣发奖金的经过。"), "{text}");
    assert!(f.contains("答：要求过两次"), "{text}");
    assert!(f.contains("以上笔录我已看过，与我所说相符。"), "{text}");
    for page in text.split("---- 分页 ----") {
        for sign in SIGNATURES {
            assert!(flat(page).contains(sign), "page without {sign}:\n{page}");
        }
    }
}

#[test]
fn a_long_transcript_carries_the_three_signature_lines_on_every_page() {
    let mut case = investigated_case();
    let Record::Interview(mut interview) = case.records[1].record.clone() else {
        panic!("the second record is the interview")
    };
    for n in 0..40 {
        interview.questions_and_answers.push(QuestionAnswer {
            question: format!("第{}个问题：请说明当天会议的具体情况。", n + 4),
            answer:
                "当天到会的有班组全体成员，主任宣布了扣发决定，大家当场提出异议，但没有得到答复。"
                    .into(),
        });
    }
    case.records[1] = record(Record::Interview(interview), "2026-11-26 15:00:00");
    let pdf = render(DocType::Transcript, &case, &extra(&[]));
    let text = pdf_text("transcript_long", &pdf);
    let pages: Vec<&str> = text.split("---- 分页 ----").collect();
    assert!(pages.len() >= 3, "expected 3+ pages, got {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let p = flat(page);
        for sign in SIGNATURES {
            assert!(p.contains(sign), "page {} without {sign}", i + 1);
        }
        assert!(
            p.contains(&format!("第{}页共{}页", i + 1, pages.len())),
            "footer page {}",
            i + 1
        );
    }
    assert!(flat(&text).contains("第43个问题"), "{text}");
    png_golden("transcript-long", &pdf);
    // The lines sit at the foot of the type area, below all the text.
    let words = word_boxes("transcript_long_boxes", &pdf);
    for page in 1..=pages.len() {
        let sign = words
            .iter()
            .find(|w| w.page == page && w.text.starts_with("被谈话人签字"))
            .unwrap_or_else(|| panic!("page {page}: no signature word"));
        let lowest = words
            .iter()
            // Not the signatures, not the footer "第 1 页 共 3 页".
            .filter(|w| w.page == page && !w.text.contains("签字"))
            .filter(|w| w.y_max < (297.0 - 20.0) * PT_PER_MM)
            .max_by(|a, b| a.y_max.total_cmp(&b.y_max))
            .expect("text on the page");
        assert!(
            sign.y_min >= lowest.y_max - 1.0,
            "page {page}: signature {sign:?} above the text {lowest:?}"
        );
    }
}

#[test]
fn the_not_accepted_notice_names_the_ground() {
    let text = golden(DocType::NotAccepted);
    let f = flat(&text);
    assert!(f.contains("张三："), "{text}");
    assert!(
        f.contains(&flat(NotAcceptGround::Court.label_zh())),
        "{text}"
    );
    // The date in Arabic numerals (GB/T 9704-2012), no "（盖章）": the seal
    // itself goes over the office's name and the date.
    assert!(f.contains("2026年11月25日"), "{text}");
    assert!(!f.contains("盖章"), "{text}");
}

#[test]
fn the_extension_notice_gives_the_new_deadline_and_the_reason() {
    let text = golden(DocType::Extension);
    let f = flat(&text);
    assert!(f.contains("2027年1月22日"), "{text}");
    assert!(f.contains("2026年12月24日"), "{text}");
    assert!(f.contains("案情复杂"), "{text}");
}

#[test]
fn the_notice_to_the_accused_names_the_accused_and_the_deadline_but_not_the_complainant() {
    let text = golden(DocType::NoticeToAccused);
    let f = flat(&text);
    assert!(f.contains("王五（生产部）："), "{text}");
    assert!(f.contains("2026年12月4日前"), "{text}");
    for secret in [
        "张三",
        "13800138000",
        "生产部第二车间",
        "班组长",
        "宿舍3号楼",
    ] {
        assert!(!f.contains(secret), "{secret} leaked:\n{text}");
    }
}

#[test]
fn the_investigation_report_lists_the_investigation_and_has_places_to_sign() {
    let text = golden(DocType::InvestigationReport);
    let f = flat(&text);
    assert!(f.contains("gongzitiao-10.pdf"), "{text}");
    assert!(f.contains("SHA-256：3f2a9c0d4be1"), "{text}");
    assert!(
        !f.contains("3f2a9c0d4be17"),
        "more than 12 hex digits: {text}"
    );
    assert!(f.contains("人力资源部第一会议室"), "{text}");
    assert!(f.contains("车间公告栏未张贴"), "{text}");
    assert!(f.contains("考核记录已交人力资源部"), "{text}");
    assert!(f.contains("反映的问题部分属实"), "{text}");
    assert!(f.contains("2026年12月31日前完成整改"), "{text}");
    assert!(f.contains("调查人：陈督查"), "{text}");
    assert!(f.contains("调查人：林督查"), "{text}");
    assert!(f.contains("审核意见："), "{text}");
}

#[test]
fn the_reply_letter_gives_result_handling_and_the_right_to_review() {
    let text = golden(DocType::ReplyLetter);
    let f = flat(&text);
    assert!(f.contains("张三："), "{text}");
    assert!(f.contains("（编号：TS-2026-000123）"), "{text}");
    assert!(f.contains("部分属实"), "{text}");
    assert!(f.contains("申请复核"), "{text}");
    assert!(f.contains("021-58880000"), "{text}");
    assert!(f.contains("2026年12月3日"), "{text}");
}

#[test]
fn the_reward_notice_writes_the_amount_in_figures_and_in_capitals() {
    let text = golden(DocType::RewardNotice);
    let f = flat(&text);
    assert!(f.contains("人民币5000元（大写：伍仟元整）"), "{text}");
    assert!(f.contains("2027年1月31日前"), "{text}");
}

// ---------------------------------------------------------------------------
// The national letter format (GB/T 9704-2012 信函格式)
// ---------------------------------------------------------------------------

const PT_PER_MM: f32 = 72.0 / 25.4;

fn render_with(t: DocType, template: &str, pairs: &[(&str, &str)]) -> Vec<u8> {
    let (case, mut extra) = sample(t);
    for (k, v) in pairs {
        extra.insert(k.to_string(), v.to_string());
    }
    docs::render_document(t, template, &case, &office(), &extra, fonts())
        .unwrap_or_else(|e| panic!("{}: {e}", t.code()))
}

#[test]
fn a_letter_is_set_on_the_28_by_22_grid_within_the_national_margins() {
    let body =
        "{{complainant_name}}：\n\n".to_string() + &"本单位已对您反映的问题进行调查。".repeat(100);
    let pdf = render_with(DocType::ReplyLetter, &body, &[]);
    let sizes = text_sizes(&pdf);
    assert!(sizes.contains(&16.0), "三号 body: {sizes:?}");
    assert!(sizes.contains(&22.0), "二号 title: {sizes:?}");
    let words = word_boxes("grid", &pdf);
    // Full body lines on page 2 run from the left margin (28 mm) to the
    // right one (26 mm), 28 characters each, 22 lines a page.
    let lines: Vec<_> = words
        .iter()
        .filter(|w| w.page == 2 && w.text.chars().count() >= 20)
        .collect();
    assert!(lines.len() >= 20, "{lines:#?}");
    for w in &lines[..lines.len() - 1] {
        assert!((w.x_min - 28.0 * PT_PER_MM).abs() < 1.5, "{w:?}");
        assert!((w.x_max - (210.0 - 26.0) * PT_PER_MM).abs() < 2.5, "{w:?}");
        assert_eq!(w.text.chars().count(), 28, "{w:?}");
    }
    let pitch = (lines[1].y_min - lines[0].y_min) * 22.0;
    assert!(
        (pitch - 225.0 * PT_PER_MM).abs() < 1.0,
        "22 lines fill 225 mm: {pitch}"
    );
    // The type area begins 37 mm from the top and ends 35 mm from the foot.
    let top = lines[0].y_min;
    assert!(
        top > 37.0 * PT_PER_MM - 2.0 && top < 37.0 * PT_PER_MM + 10.0,
        "{top}"
    );
    let bottom = lines.iter().map(|w| w.y_max).fold(0.0f32, f32::max);
    assert!(bottom < (297.0 - 35.0) * PT_PER_MM + 1.0, "{bottom}");
}

/// How many strongly red pixels a band of the page has (`from`–`to` mm).
fn red_pixels(png: &std::path::Path, from_mm: f32, to_mm: f32) -> usize {
    let img = image::open(png).expect("png").to_rgb8();
    let per_mm = img.height() as f32 / 297.0;
    let (y0, y1) = ((from_mm * per_mm) as u32, (to_mm * per_mm) as u32);
    (y0..y1.min(img.height()))
        .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .filter(|(x, y)| {
            let p = img.get_pixel(*x, *y).0;
            p[0] > 150 && p[1] < 90 && p[2] < 90
        })
        .count()
}

#[test]
fn the_letterhead_is_red_with_its_double_rules_and_only_the_letters_have_it() {
    let dir = std::env::temp_dir().join(format!("desk-letterhead-{}", std::process::id()));
    let reply = render_pages(
        "reply",
        &render(
            DocType::ReplyLetter,
            &sample(DocType::ReplyLetter).0,
            &sample(DocType::ReplyLetter).1,
        ),
        &dir,
        72,
    );
    // The office's name from 30 mm down, the rules under it, the foot rules
    // 20 mm above the bottom edge.
    assert!(red_pixels(&reply[0], 29.0, 52.0) > 500, "no red letterhead");
    assert!(
        red_pixels(&reply[0], 274.0, 279.0) > 300,
        "no red rule at the foot"
    );
    assert!(red_pixels(&reply[0], 80.0, 270.0) == 0, "red in the body");
    let (case, extra) = sample(DocType::Transcript);
    let transcript = render_pages(
        "transcript",
        &render(DocType::Transcript, &case, &extra),
        &dir,
        72,
    );
    assert_eq!(
        red_pixels(&transcript[0], 0.0, 297.0),
        0,
        "a record has no letterhead"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_reference_number_contact_and_copy_list_are_printed_when_given() {
    let t = DocType::ReplyLetter;
    let tpl = templates::default_template(t);
    let with = flat(&pdf_text(
        "with_numbers",
        &render_with(
            t,
            tpl,
            &[
                ("doc_number", "华示投〔2026〕12号"),
                ("contact_person", "李娜"),
                ("cc", "人力资源部，生产部"),
            ],
        ),
    ));
    assert!(with.contains("华示投〔2026〕12号"), "{with}");
    assert!(
        with.contains("（联系人：李娜，联系电话：021-58880000）"),
        "{with}"
    );
    assert!(with.contains("抄送：人力资源部，生产部。"), "{with}");
    png_golden(
        "reply-letter-numbered",
        &render_with(
            t,
            tpl,
            &[
                ("doc_number", "华示投〔2026〕12号"),
                ("contact_person", "李娜"),
                ("cc", "人力资源部，生产部"),
            ],
        ),
    );
    let without = flat(&pdf_text("without_numbers", &render_with(t, tpl, &[])));
    assert!(
        !without.contains('〔') && !without.contains("抄送"),
        "{without}"
    );
    assert!(without.contains("（联系电话：021-58880000）"), "{without}");
}

#[test]
fn pages_after_the_first_are_numbered_with_dashes_odd_right_even_left() {
    let body =
        "{{complainant_name}}：\n\n".to_string() + &"本单位已对您反映的问题进行调查。".repeat(120);
    let pdf = render_with(DocType::ReplyLetter, &body, &[]);
    let words = word_boxes("numbers", &pdf);
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    assert!(pages >= 3, "{pages}");
    // The number with its dashes, under the type area.
    let number = |p: usize| {
        words.iter().find(|w| {
            w.page == p
                && flat(&w.text).trim_matches('—') == p.to_string()
                && w.y_min > (297.0 - 35.0) * PT_PER_MM
        })
    };
    assert!(number(1).is_none(), "信函格式: no number on the first page");
    let text = pdf_text("numbers", &pdf);
    for p in 2..=pages {
        let page = text.split("---- 分页 ----").nth(p - 1).unwrap();
        assert!(flat(page).contains(&format!("—{p}—")), "page {p}:\n{page}");
        let w = number(p).unwrap_or_else(|| panic!("page {p} has no number: {words:#?}"));
        let middle = 105.0 * PT_PER_MM;
        if p % 2 == 1 {
            assert!(w.x_min > middle, "odd page {p} numbered at the right");
        } else {
            assert!(w.x_max < middle, "even page {p} numbered at the left");
        }
    }
}

#[test]
fn a_date_an_amount_or_a_number_is_never_broken_across_lines_in_a_letter() {
    let pieces = [
        "2026年12月31日",
        "3,600元",
        "第12条",
        "伍仟元整",
        "13800138000",
    ];
    for k in 0..28 {
        let tpl = format!(
            "{{{{complainant_name}}}}：\n\n{}应于2026年12月31日前补发3,600元（大写：伍仟元整），依第12条，电话13800138000。",
            "国".repeat(k)
        );
        let pdf = render_with(DocType::ReplyLetter, &tpl, &[]);
        let text = pdf_text(&format!("unbroken_{k}"), &pdf);
        for piece in pieces {
            let whole = text.lines().filter(|l| flat(l).contains(piece)).count();
            assert_eq!(whole, 1, "offset {k}: {piece} broken:\n{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

#[test]
fn the_default_template_of_every_type_validates() {
    for t in DocType::ALL {
        templates::validate_template(t, templates::default_template(t))
            .unwrap_or_else(|e| panic!("{}: {e:?}", t.code()));
        assert_eq!(DocType::from_code(t.code()), Some(t));
    }
}

#[test]
fn an_unknown_placeholder_is_refused_by_name() {
    let err = templates::validate_template(DocType::ReplyLetter, "您好，{{complainant_nmae}}：")
        .unwrap_err();
    let DeskError::Validation(fields) = err else {
        panic!("expected a validation error, got {err}")
    };
    assert_eq!(fields[0].field, "template");
    assert_eq!(fields[0].code, "unknown_placeholder");
    assert!(
        fields[0].message_zh.contains("complainant_nmae"),
        "{:?}",
        fields[0]
    );
    assert!(
        fields[0].message_en.contains("complainant_nmae"),
        "{:?}",
        fields[0]
    );
    // And rendering with it is refused too.
    let (case, extra) = sample(DocType::ReplyLetter);
    let err = docs::render_document(
        DocType::ReplyLetter,
        "{{complainant_nmae}}",
        &case,
        &office(),
        &extra,
        fonts(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn a_complainant_placeholder_is_unknown_in_the_notice_to_the_accused() {
    for p in templates::placeholders(DocType::ReplyLetter)
        .iter()
        .filter(|(k, _)| k.starts_with("complainant"))
    {
        let text = format!("{{{{accused_name}}}}：{{{{{}}}}}", p.0);
        let err = templates::validate_template(DocType::NoticeToAccused, &text).unwrap_err();
        let DeskError::Validation(fields) = err else {
            panic!()
        };
        assert_eq!(fields[0].code, "unknown_placeholder");
        assert!(fields[0].message_zh.contains(p.0));
    }
    assert!(templates::placeholders(DocType::NoticeToAccused)
        .iter()
        .all(|(k, _)| !k.starts_with("complainant")));
}

#[test]
fn every_default_template_fits_even_with_the_longest_values() {
    for t in DocType::ALL {
        docs::check_template_fits(t, templates::default_template(t), fonts())
            .unwrap_or_else(|e| panic!("{}: {}", t.code(), e.message(desk_core::Lang::En)));
    }
}

fn only_error(err: DeskError) -> desk_core::FieldError {
    let DeskError::Validation(mut fields) = err else {
        panic!("expected a validation error, got {err}")
    };
    assert_eq!(fields.len(), 1, "{fields:#?}");
    fields.remove(0)
}

#[test]
fn a_heading_that_a_long_matter_would_push_past_one_line_is_refused_naming_the_placeholder() {
    let tpl = "{{complainant_name}}：\n\n# 关于{{matter}}的答复\n\n经调查，{{conclusion}}。";
    let f = only_error(docs::check_template_fits(DocType::ReplyLetter, tpl, fonts()).unwrap_err());
    assert_eq!(
        (f.field.as_str(), f.code),
        ("template", "placeholder_overflows")
    );
    assert!(
        f.message_zh.contains("{{matter}}") && f.message_zh.contains("最长200字"),
        "{}",
        f.message_zh
    );
    assert!(f.message_zh.contains("移到正文段落"), "{}", f.message_zh);
    assert!(
        f.message_en.contains("{{matter}}") && f.message_en.contains("body paragraph"),
        "{}",
        f.message_en
    );
    // The same words in the body are fine: there they wrap.
    let ok = "{{complainant_name}}：\n\n# 答复\n\n关于{{matter}}的问题，经调查，{{conclusion}}。";
    docs::check_template_fits(DocType::ReplyLetter, ok, fonts()).expect("fits");
    // A short placeholder fits in a heading.
    let ok = "{{complainant_name}}：\n\n# 调查结论：{{conclusion}}\n\n正文。";
    docs::check_template_fits(DocType::ReplyLetter, ok, fonts()).expect("fits");
}

#[test]
fn a_heading_too_long_by_its_own_words_is_refused_with_how_to_fix_it() {
    let long = "关于您反映的问题经本单位认真调查核实后形成的处理意见及后续整改安排的说明";
    let tpl = format!("{{{{complainant_name}}}}：\n\n# {long}\n\n正文。");
    let f = only_error(docs::check_template_fits(DocType::ReplyLetter, &tpl, fonts()).unwrap_err());
    assert_eq!(f.code, "heading_too_long");
    assert!(f.message_zh.contains("缩短小标题"), "{}", f.message_zh);
    assert!(
        f.message_en.contains("longer than one line"),
        "{}",
        f.message_en
    );
}

#[test]
fn a_template_that_would_run_past_the_page_limit_is_refused_naming_the_field() {
    // The account of events (up to 20,000 characters) three times over.
    let tpl = "{{complainant_name}}：\n\n{{facts}}\n\n{{facts}}\n\n{{facts}}";
    let f = only_error(docs::check_template_fits(DocType::ReplyLetter, tpl, fonts()).unwrap_err());
    assert_eq!(f.code, "too_many_pages");
    assert!(
        f.message_zh.contains("{{facts}}") && f.message_zh.contains("出现3次"),
        "{}",
        f.message_zh
    );
    assert!(
        f.message_zh.contains(&format!("上限{}页", docs::MAX_PAGES)),
        "{}",
        f.message_zh
    );
    assert!(
        f.message_en.contains("{{facts}}") && f.message_en.contains("used 3 time(s)"),
        "{}",
        f.message_en
    );
    // Once is within the limit.
    let once = "{{complainant_name}}：\n\n{{facts}}";
    docs::check_template_fits(DocType::ReplyLetter, once, fonts()).expect("fits");
}

#[test]
fn the_register_refuses_to_save_a_template_that_would_overflow() {
    let fx = desk_tests::fresh_register("enterprise");
    let err = fx
        .desk
        .save_template(
            &fx.admin,
            TemplateInput {
                doc_type: "reply_letter".into(),
                body: "# 关于{{matter}}的答复\n\n正文。".into(),
            },
        )
        .unwrap_err();
    assert!(
        err.message(desk_core::Lang::Zh).contains("{{matter}}"),
        "{err}"
    );
    assert!(
        err.message(desk_core::Lang::En).contains("{{matter}}"),
        "{err}"
    );
    let view = fx
        .desk
        .list_templates(&fx.admin, ())
        .expect("templates")
        .into_iter()
        .find(|t| t.doc_type == "reply_letter")
        .expect("the reply letter's template");
    assert!(view.is_default, "nothing was saved");
}

#[test]
fn every_letter_carries_the_office_logo_and_keeps_its_text() {
    let office = OfficeInfo {
        logo: Some(std::sync::Arc::new(desk_tests::pdf::logo_png(200))),
        ..office()
    };
    for t in DocType::ALL {
        let (case, extra) = sample(t);
        let pdf = docs::render_document(
            t,
            templates::default_template(t),
            &case,
            &office,
            &extra,
            fonts(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", t.code()));
        let name = format!("{}_logo", t.code());
        let images = desk_tests::pdf::pdf_images(&name, &pdf);
        assert!(
            images.iter().any(|row| row.contains("image")),
            "{}: no logo:\n{images:#?}",
            t.code()
        );
        if let Ok(dir) = std::env::var("LETTERS_PDF_DIR") {
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), &pdf).ok();
        }
        check_golden(t.code(), &pdf_text(&name, &pdf));
        if t == DocType::ReplyLetter {
            png_golden("reply-letter-logo", &pdf);
        }
    }
}

#[test]
fn an_edited_template_is_used_with_headings() {
    let (case, extra) = sample(DocType::ReplyLetter);
    let tpl = "{{complainant_name}}：\n\n# 特别说明\n\n本答复由{{office_name}}出具，结论为{{conclusion}}。";
    let pdf = docs::render_document(DocType::ReplyLetter, tpl, &case, &office(), &extra, fonts())
        .unwrap();
    let f = flat(&pdf_text("reply_edited", &pdf));
    assert!(
        f.contains("张三：特别说明本答复由华东电力设备有限公司出具，结论为部分属实。"),
        "{f}"
    );
}

// ---------------------------------------------------------------------------
// The notice to the accused never reveals a complainant
// ---------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "慕容", "上官", "皇甫", "令狐", "宇文",
];
const GIVEN: &[&str] = &[
    "翀", "璟", "骁", "彧", "珝", "翛", "瑄", "昶", "晔", "翕", "琰", "暄",
];
const LATIN_FIRST: &[&str] = &["Xavier", "Quincy", "Zelda", "Yusuf", "Ingrid", "Bjorn"];
const LATIN_LAST: &[&str] = &["Quixley", "Vantorp", "Zabrowski", "Okonkwo", "Haldane"];
const UNITS: &[&str] = &[
    "质检中心",
    "仓储物流科",
    "信息化办公室",
    "安环处",
    "Treasury Desk",
    "R&D Lab 7",
    "审计稽核组",
    "客服热线班",
];
const POSITIONS: &[&str] = &[
    "质检专员",
    "仓管员",
    "系统管理员",
    "安全员",
    "Analyst",
    "Team Lead",
    "稽核员",
    "话务员",
];
const ACCUSED_NAMES: &[&str] = &["王五", "赵科长", "采购部某工作人员", "Tom Baker", "孙经理"];
const ACCUSED_UNITS: &[&str] = &["生产部", "采购部", "财务部", "Sales Dept", "后勤保障部"];

fn generated_case(rng: &mut Rng, n: usize) -> CaseDetail {
    let mut case = investigated_case();
    case.number = format!(
        "{}-2026-{:06}",
        if n.is_multiple_of(2) { "TS" } else { "JB" },
        1000 + n
    );
    let count = 1 + (rng.next() % 3) as usize;
    case.complainants = (0..count)
        .map(|_| {
            let name = if rng.next().is_multiple_of(3) {
                format!("{} {}", rng.pick(LATIN_FIRST), rng.pick(LATIN_LAST))
            } else {
                format!(
                    "{}{}{}",
                    rng.pick(SURNAMES),
                    rng.pick(GIVEN),
                    rng.pick(GIVEN)
                )
            };
            let phone = if rng.next().is_multiple_of(2) {
                format!("1{}{:09}", 3 + rng.next() % 7, rng.next() % 1_000_000_000)
            } else {
                format!("0{}-{:08}", 21 + rng.next() % 70, rng.next() % 100_000_000)
            };
            Person {
                name,
                unit: rng.pick(UNITS).into(),
                position: rng.pick(POSITIONS).into(),
                phone,
                address: format!("某市某区某路{}号", 100 + rng.next() % 800),
                ..Default::default()
            }
        })
        .collect();
    case.accused = vec![Accused {
        name: rng.pick(ACCUSED_NAMES).into(),
        unit: rng.pick(ACCUSED_UNITS).into(),
    }];
    // Clerks often write the complainant into the matter or the facts: the
    // notice must still not show it.
    let first = case.complainants[0].clone();
    case.matter = match n % 4 {
        0 => format!("{}反映{}违规发放奖金", first.name, case.accused[0].name),
        1 => format!(
            "{}{}反映考勤记录被篡改（电话{}）",
            first.unit, first.position, first.phone
        ),
        2 => "反映采购过程中存在违规操作".into(),
        _ => format!("关于{}的投诉", first.name),
    };
    case.facts = format!("{}（{}，{}）称……", first.name, first.unit, first.phone);
    case.anonymous = n.is_multiple_of(7);
    case
}

#[test]
fn the_notice_to_the_accused_never_contains_a_complainant_in_200_generated_cases() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t = DocType::NoticeToAccused;
    let extra = extra(&[("answer_due", "2026-12-04"), ("issue_date", "2026-11-27")]);
    for n in 0..200 {
        let case = generated_case(&mut rng, n);
        let ctx = templates::context(t, &case, &office(), &extra);
        assert!(ctx.keys().all(|k| !k.starts_with("complainant")), "{ctx:?}");
        let pdf = render(t, &case, &extra);
        let text = flat(&pdf_text(&format!("notice_{n}"), &pdf));
        for p in &case.complainants {
            for secret in [&p.name, &p.phone, &p.unit, &p.position, &p.address] {
                let s = flat(secret);
                assert!(
                    !ctx.values().any(|v| flat(v).contains(&s)),
                    "case {n}: {secret} in the context {ctx:?}"
                );
                assert!(
                    !text.contains(&s),
                    "case {n}: {secret} in the notice:\n{text}"
                );
            }
        }
        assert!(
            text.contains(&flat(&case.accused[0].name)),
            "case {n}: {text}"
        );
    }
}
