//! Golden tests of the printed documents: the registration slip and the
//! acknowledgement receipt with its counterfoil are rendered from fixed
//! cases, their text is extracted with `pdftotext -layout` (poppler-utils)
//! and compared with `tests/golden/*.txt`; the faces are found by family
//! name; every document is rendered to PNG (`tests/golden/png/`, to look at)
//! with GOLDEN_PNG=1.
//!
//! Regenerate the golden files after an intended change with
//!     UPDATE_GOLDEN=1 cargo test -p desk-tests --test all documents::
//! and review the diff before committing.
//!
//! Needs a Chinese font (Linux: fonts-noto-cjk) and poppler-utils
//! (`pdftotext`, `pdffonts`); CI installs both.

use desk_core::api::types::*;
use desk_core::docs::{self, DocFonts};
use desk_core::CaseOp;
use desk_tests::pdf::{
    assert_fonts_embedded_and_subset, flat, fonts, logo_png, out_path, pdf_images, pdf_text,
    png_golden, render_pages, word_boxes,
};

fn check_golden(name: &str, actual: &str) {
    desk_tests::pdf::check_golden("", name, actual)
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

fn base_case() -> CaseDetail {
    CaseDetail {
        id: 123,
        number: "TS-2026-000123".into(),
        kind: CaseKind::Complaint,
        channel: Channel::Letter,
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
        facts: "2026年10月8日，车间主任王五在班前会上宣布，因本班组“配合度不高”，扣发全组10月份绩效奖金共计3,600元。\
本人多次询问扣发依据，王五均未出示任何书面考核结果，也未按《绩效考核管理办法》第12条规定进行公示。"
            .into(),
        request: "请求查明事实，补发被扣奖金，并由车间公开考核依据。".into(),
        evidence: vec![
            "10月份工资条复印件".into(),
            "班前会录音（U盘1个）".into(),
        ],
        witnesses: vec![Witness {
            name: "赵六".into(),
            contact: "13900139000".into(),
        }],
        reply_method: String::new(),
        status: Status::Registered,
        created_at: "2026-11-24 10:42:00".into(),
        updated_at: "2026-11-24 10:42:00".into(),
        version: 1,
        legacy_number: String::new(),
        history: Vec::new(),
        records: Vec::new(),
        links: Vec::new(),
    }
}

/// A short case with one named complainant.
pub fn named_case() -> CaseDetail {
    base_case()
}

/// An anonymous report (举报) from the suggestion box, with a query code.
pub fn anonymous_case() -> CaseDetail {
    CaseDetail {
        id: 124,
        number: "JB-2026-000124".into(),
        kind: CaseKind::Report,
        channel: Channel::SuggestionBox,
        anonymous: true,
        query_code: Some("K7QP-3MZD-8WXA-2HNF".into()),
        complainants: Vec::new(),
        accused: vec![Accused {
            name: "采购部某工作人员".into(),
            unit: "采购部".into(),
        }],
        category: "bribery".into(),
        category_label: "收受贿赂、滥用职权".into(),
        handling_department: "纪检监察室".into(),
        severity: Severity::Important,
        occurred_when: "2026年9月至11月".into(),
        occurred_where: "采购部".into(),
        matter: "采购人员疑似收受供应商回扣".into(),
        facts: "据反映，采购部有工作人员在电缆采购中多次指定同一家供应商，价格明显高于市场价，疑似收受回扣。".into(),
        request: "请求调查处理。".into(),
        evidence: Vec::new(),
        witnesses: Vec::new(),
        ..base_case()
    }
}

/// A group complaint whose account of events runs to about 3000 characters,
/// so the slip needs two pages or more.
pub fn long_case() -> CaseDetail {
    let sentences = [
        "当日上午九时许，车间主任王五召集全体班组成员在二号会议室开会，宣布本月绩效考核结果。",
        "王五称本班组在设备检修任务中“配合度不高”，决定扣发全组绩效奖金，但未说明具体考核指标和扣分依据。",
        "班组成员当场提出异议，要求查看考核记录，王五以“领导已经定了”为由拒绝，并称有意见可以辞职。",
        "会后，本人按照公司《员工申诉管理规定》向人力资源部提交了书面申诉，至今未收到任何答复。",
        "据了解，同一车间的其他班组并未因类似情况被扣发奖金，本班组成员认为受到了不公平对待。",
        "此外，王五在10月15日的班组会上公开点名批评提出异议的员工，言语带有侮辱性，造成了不良影响。",
        "本人已将相关情况整理成书面材料，并保存了工资条、会议通知和部分会议录音（mp3格式，约45分钟）。",
        "本班组共有12名成员，其中9人愿意就上述情况作证，联系方式见附件名单。",
    ];
    let mut facts = String::new();
    let mut i = 0;
    while facts.chars().count() < 3000 {
        let n = i / sentences.len() + 1;
        if i % sentences.len() == 0 {
            if !facts.is_empty() {
                facts.push('\n');
            }
            facts.push_str(&format!("（{n}）2026年10月{}日的情况：", n + 7));
        }
        facts.push_str(sentences[i % sentences.len()]);
        i += 1;
    }
    CaseDetail {
        id: 125,
        number: "TS-2026-000125".into(),
        channel: Channel::Visit,
        severity: Severity::Urgent,
        complainants: vec![
            Person {
                name: "张三".into(),
                unit: "生产部第二车间".into(),
                position: "班组长".into(),
                phone: "13800138000".into(),
                address: "上海市浦东新区张江路100号".into(),
                ..Default::default()
            },
            Person {
                name: "欧阳明月".into(),
                unit: "生产部第二车间".into(),
                position: "检修工".into(),
                phone: "021-58881234转8021".into(),
                address: "".into(),
                ..Default::default()
            },
            Person {
                name: "Li Wei".into(),
                unit: "生产部第二车间（外派）".into(),
                position: "技术员".into(),
                phone: "13700137000".into(),
                address: "上海市闵行区莘庄镇某小区".into(),
                ..Default::default()
            },
        ],
        facts,
        evidence: vec![
            "10月份工资条复印件12份".into(),
            "会议通知截图".into(),
            "会议录音（mp3格式，约45分钟）".into(),
            "证人名单及联系方式".into(),
        ],
        witnesses: vec![
            Witness {
                name: "赵六".into(),
                contact: "13900139000".into(),
            },
            Witness {
                name: "钱七".into(),
                contact: "".into(),
            },
        ],
        ..base_case()
    }
}

const HANDLING_NOTE: &str = "本单位将自收到之日起30日内调查处理，处理完毕后5日内书面答复。";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn page_count(text: &str) -> usize {
    text.matches("---- 分页 ----").count() + 1
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn slip_for_a_named_complaint() {
    let pdf = docs::registration_slip(&named_case(), &office(), fonts()).expect("slip");
    assert!(
        pdf.len() < 300_000,
        "slip is {} bytes: font not subset?",
        pdf.len()
    );
    assert_fonts_embedded_and_subset("slip_named", &pdf);
    let text = pdf_text("slip_named", &pdf);
    assert_eq!(page_count(&text), 1, "{text}");
    check_golden("slip_named", &text);
    png_golden("slip-named", &pdf);
}

#[test]
fn the_slip_has_rows_for_the_opinion_the_instructions_and_the_result_each_signed_and_dated() {
    let pdf = docs::registration_slip(&named_case(), &office(), fonts()).expect("slip");
    let text = pdf_text("slip_rows", &pdf);
    let f = flat(&text);
    for row in ["部门负责人审核意见", "领导批示", "办理结果"] {
        assert!(f.contains(row), "{row}:\n{text}");
    }
    assert_eq!(f.matches("日期：年月日").count(), 3, "{text}");
    assert_eq!(f.matches("签字：").count(), 3, "{text}");
    // Everything registered is still there.
    for kept in ["张三", "13800138000", "克扣工资", "证人", "赵六"] {
        assert!(f.contains(kept), "{kept}");
    }
}

#[test]
fn slip_for_an_anonymous_report() {
    let pdf = docs::registration_slip(&anonymous_case(), &office(), fonts()).expect("slip");
    let text = pdf_text("slip_anonymous", &pdf);
    assert!(text.contains("匿名"), "{text}");
    check_golden("slip_anonymous", &text);
    png_golden("slip-anonymous", &pdf);
}

#[test]
fn a_long_slip_continues_on_the_next_page() {
    let case = long_case();
    let pdf = docs::registration_slip(&case, &office(), fonts()).expect("slip");
    let text = pdf_text("slip_long", &pdf);
    let pages = page_count(&text);
    assert!(pages >= 2, "expected 2+ pages, got {pages}");
    // Page 2 repeats the label as "事情经过（续）" (it may wrap inside its cell).
    let page2 = text.split("---- 分页 ----").nth(1).unwrap_or_default();
    let continued = page2.contains("事情经过（续）")
        || (page2.lines().any(|l| l.starts_with("事情经过"))
            && page2.lines().any(|l| l.starts_with("（续）")));
    assert!(continued, "continued label missing on page 2:\n{page2}");
    // pdftotext drops the narrow spaces of "第 4 页 共 4 页".
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains(&format!("第{pages}页共{pages}页")), "{text}");
    // Nothing of the facts is lost across the page breaks.
    for sentence in case
        .facts
        .split('。')
        .filter(|s| s.chars().count() > 20)
        .take(40)
    {
        let s: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
        let tail: String = s
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(flat.contains(&tail), "lost text: {tail}");
    }
    check_golden("slip_long", &text);
    png_golden("slip-long", &pdf);
}

#[test]
fn receipt_for_a_named_complaint() {
    let pdf = docs::acknowledgement_receipt(&named_case(), &office(), HANDLING_NOTE, fonts())
        .expect("receipt");
    assert_fonts_embedded_and_subset("receipt_named", &pdf);
    let text = pdf_text("receipt_named", &pdf);
    assert_eq!(page_count(&text), 1, "{text}");
    assert!(text.contains("张三："), "{text}");
    assert!(flat(&text).contains("2026年11月24日"), "{text}");
    assert!(!text.contains("盖章"), "{text}");
    assert!(!text.contains("查询码"), "{text}");
    check_golden("receipt_named", &text);
    png_golden("receipt-named", &pdf);
}

#[test]
fn receipt_for_an_anonymous_report_shows_the_query_code_on_the_receipt_only() {
    let pdf = docs::acknowledgement_receipt(&anonymous_case(), &office(), HANDLING_NOTE, fonts())
        .expect("receipt");
    let text = pdf_text("receipt_anonymous", &pdf);
    assert_eq!(page_count(&text), 1, "{text}");
    assert_eq!(text.matches("K7QP-3MZD-8WXA-2HNF").count(), 1, "{text}");
    assert!(text.contains("查询码：K7QP-3MZD-8WXA-2HNF"), "{text}");
    // The counterfoil (above the cut) never shows it.
    let cut = CUT_MM * PT_PER_MM;
    let code = word_boxes("receipt_anonymous", &pdf)
        .into_iter()
        .find(|w| w.text.contains("K7QP"))
        .expect("the code");
    assert!(code.y_min > cut, "{code:?}");
    assert!(!text.contains("张三"), "{text}");
    check_golden("receipt_anonymous", &text);
    png_golden("receipt-anonymous", &pdf);
}

const CUT_MM: f32 = 148.5;
const PT_PER_MM: f32 = 72.0 / 25.4;

#[test]
fn the_counterfoil_and_the_receipt_share_the_case_number_printed_across_the_cut_line() {
    let pdf = docs::acknowledgement_receipt(&named_case(), &office(), HANDLING_NOTE, fonts())
        .expect("receipt");
    let cut = CUT_MM * PT_PER_MM;
    let words = word_boxes("counterfoil", &pdf);
    let above: String = words
        .iter()
        .filter(|w| w.y_max < cut)
        .map(|w| w.text.as_str())
        .collect();
    let below: String = words
        .iter()
        .filter(|w| w.y_min > cut)
        .map(|w| w.text.as_str())
        .collect();
    assert!(
        above.contains("受理回执（存根）") && above.contains("TS-2026-000123"),
        "{above}"
    );
    assert!(
        below.contains("受理回执") && below.contains("TS-2026-000123"),
        "{below}"
    );
    // The number across the line: its box straddles the cut.
    let across = words
        .iter()
        .find(|w| w.text.contains("TS-2026-000123") && w.y_min < cut && w.y_max > cut)
        .unwrap_or_else(|| panic!("no number across the cut: {words:#?}"));
    // And its ink is on both sides: dark pixels just above and just below
    // the line, within the number's width (the dashes stop short of it).
    let dir = std::env::temp_dir().join(format!("desk-cut-{}", std::process::id()));
    let png = render_pages("counterfoil", &pdf, &dir, 150);
    let img = image::open(&png[0]).expect("png").to_luma8();
    let px = img.width() as f32 / (210.0 * PT_PER_MM);
    let ink = |from_mm: f32, to_mm: f32| {
        let (y0, y1) = (
            (from_mm * PT_PER_MM * px) as u32,
            (to_mm * PT_PER_MM * px) as u32,
        );
        let (x0, x1) = ((across.x_min * px) as u32, (across.x_max * px) as u32);
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|(x, y)| img.get_pixel(*x, *y).0[0] < 100)
            .count()
    };
    let (up, down) = (
        ink(CUT_MM - 1.6, CUT_MM - 0.3),
        ink(CUT_MM + 0.3, CUT_MM + 1.6),
    );
    assert!(up > 40 && down > 40, "ink above {up}, below {down}");
    // Away from the number the line is dashed: ink and gaps alternate.
    let row = (cut * px) as u32;
    let marks: Vec<bool> = (0..(across.x_min * px * 0.8) as u32)
        .map(|x| img.get_pixel(x, row).0[0] < 128)
        .collect();
    let changes = marks.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(changes > 20, "not a dashed line: {changes} changes");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_anonymous_receipt_without_a_query_code_is_an_error() {
    let mut case = anonymous_case();
    case.query_code = None;
    let err = docs::acknowledgement_receipt(&case, &office(), HANDLING_NOTE, fonts()).unwrap_err();
    assert_eq!(err.code(), "document");
}

#[test]
fn an_unusable_font_file_is_reported() {
    let path = out_path("not-a-font.ttf");
    std::fs::write(&path, b"this is not a font").unwrap();
    let spec = docs::fonts::FontSpec {
        path: path.clone(),
        index: 0,
    };
    let err = DocFonts::load(&spec).unwrap_err();
    assert_eq!(err.code(), "font_invalid", "{err}");
    // As an override it loses to a usable system font.
    let fonts = DocFonts::load_system(Some(&spec)).expect("system font");
    assert!(
        !fonts.describe().contains("not-a-font"),
        "{}",
        fonts.describe()
    );
}

/// The families fontconfig lists on this machine (an independent look).
fn fc_families() -> String {
    std::process::Command::new("fc-list")
        .args([":", "family"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[test]
fn the_faces_are_found_by_family_name_and_a_missing_one_is_named_with_its_stand_in() {
    let fonts = fonts();
    let describe = fonts.describe();
    let choices = fonts.choices();
    assert_eq!(choices.len(), 4, "{describe}");
    let listed = fc_families();
    for c in choices {
        // The face in use is one of the system's families.
        assert!(
            listed.contains(&c.family),
            "{} not listed:\n{listed}",
            c.family
        );
        assert!(describe.contains(&c.family), "{describe}");
        if !c.preferred {
            assert!(
                describe.contains(&c.note_zh) && describe.contains(&c.note_en),
                "{describe}"
            );
        }
    }
    let fang = &choices[1];
    let has_fangsong = ["FangSong", "仿宋", "STFangsong", "华文仿宋"]
        .iter()
        .any(|f| listed.lines().any(|l| l.split(',').any(|n| n.trim() == *f)));
    assert_eq!(fang.preferred, has_fangsong, "{describe}");
    if !has_fangsong {
        assert!(describe.contains("本机没有仿宋字体"), "{describe}");
        assert_eq!(
            fang.spec, choices[0].spec,
            "FangSong falls back to the Song face"
        );
    }
}

fn office_with_logo() -> OfficeInfo {
    OfficeInfo {
        logo: Some(std::sync::Arc::new(logo_png(240))),
        ..office()
    }
}

#[test]
fn the_office_logo_is_printed_on_the_slip_and_the_receipt_without_changing_their_text() {
    let slip = docs::registration_slip(&named_case(), &office_with_logo(), fonts()).expect("slip");
    let images = pdf_images("slip_logo", &slip);
    assert!(
        images
            .iter()
            .any(|row| row.contains("image") && row.contains("240")),
        "no 240-pixel logo in the slip:\n{images:#?}"
    );
    assert_fonts_embedded_and_subset("slip_logo", &slip);
    check_golden("slip_named", &pdf_text("slip_logo", &slip));
    png_golden("slip-logo", &slip);

    let receipt =
        docs::acknowledgement_receipt(&named_case(), &office_with_logo(), HANDLING_NOTE, fonts())
            .expect("receipt");
    assert!(!pdf_images("receipt_logo", &receipt).is_empty());
    check_golden("receipt_named", &pdf_text("receipt_logo", &receipt));
}

#[test]
fn documents_without_a_logo_have_no_image() {
    let slip = docs::registration_slip(&named_case(), &office(), fonts()).expect("slip");
    assert_eq!(pdf_images("slip_no_logo", &slip), Vec::<String>::new());
}

/// The logo images (`pdfimages -list` rows) of a slip the clerk issues now.
fn logo_rows_on_a_slip(fx: &mut desk_tests::Fixture, id: i64, name: &str) -> Vec<String> {
    let clerk = fx.staff("李娜");
    let slip = fx
        .desk
        .issue_document(
            &clerk,
            CaseOp::new(
                id,
                IssueInput {
                    doc_type: "slip".into(),
                    ..Default::default()
                },
            ),
        )
        .expect("slip");
    pdf_images(name, &slip.pdf.0)
        .into_iter()
        .filter(|row| row.contains("image"))
        .collect()
}

#[test]
fn the_register_keeps_the_logo_until_it_is_removed() {
    let (mut fx, id) = desk_tests::with_case("enterprise", &desk_tests::named_complaint());
    let admin = fx.admin.clone();
    assert_eq!(
        fx.desk.letterhead_logo_info(&admin, ()).expect("info"),
        None
    );
    assert!(logo_rows_on_a_slip(&mut fx, id, "register_no_logo").is_empty());
    let png = logo_png(120);
    let info = fx
        .desk
        .set_letterhead_logo(&admin, Some(Bytes(png.clone())))
        .expect("set logo");
    assert_eq!(
        info.map(|i| (i.width, i.height, i.size)),
        Some((120, 120, png.len()))
    );
    assert_eq!(
        fx.desk.letterhead_logo_info(&admin, ()).expect("info"),
        info
    );
    // The kept logo is the one printed on the office's documents.
    let rows = logo_rows_on_a_slip(&mut fx, id, "register_logo");
    assert!(
        rows.iter().any(|row| row.contains("120")),
        "no 120-pixel logo on the slip:\n{rows:#?}"
    );
    assert_eq!(
        fx.desk
            .set_letterhead_logo(&admin, None)
            .expect("remove logo"),
        None
    );
    assert_eq!(
        fx.desk.letterhead_logo_info(&admin, ()).expect("info"),
        None
    );
    assert!(logo_rows_on_a_slip(&mut fx, id, "register_logo_removed").is_empty());
}

#[test]
fn a_file_that_is_not_an_image_is_refused_as_a_logo_in_both_languages() {
    let fx = desk_tests::fresh_register("enterprise");
    let err = fx
        .desk
        .set_letterhead_logo(&fx.admin, Some(Bytes(b"%PDF-1.7 not a picture".to_vec())))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    let payload = err.to_payload(desk_core::Lang::Zh);
    assert!(
        payload.message.contains("PNG 或 JPEG"),
        "{}",
        payload.message
    );
    let payload = err.to_payload(desk_core::Lang::En);
    assert!(
        payload.message.contains("not a PNG or JPEG"),
        "{}",
        payload.message
    );
    assert_eq!(
        fx.desk.letterhead_logo_info(&fx.admin, ()).expect("info"),
        None,
        "nothing was stored"
    );

    let mut truncated = logo_png(64);
    truncated.truncate(40);
    let err = fx
        .desk
        .set_letterhead_logo(&fx.admin, Some(Bytes(truncated)))
        .unwrap_err();
    assert!(err.message(desk_core::Lang::En).contains("cannot be read"));
}
