//! The acknowledgement receipt 受理回执 (seed 002 篇九 第十条) with its
//! counterfoil, on one A4 sheet: the counterfoil (存根) the office keeps at
//! the top, the receipt (回执) for the complainant at the bottom, a dashed
//! cut line between them and the case number printed across the line, so
//! that each half carries part of it (骑缝编号) and the two can be matched.
//! For an anonymous case the receipt carries the query code instead of an
//! addressee; the counterfoil never shows the code.

use super::fonts::Role;
use super::layout::{mm, Align, Engine, Footer};
use super::pdf::{Color, Stroke};
use super::table::Cell;
use super::{date_zh, datetime_zh, or_dash, render, DocFonts, FORM_ROLES};
use crate::domain::case::{CaseDetail, OfficeInfo};
use crate::error::{DeskError, Result};

const TITLE: &str = "受理回执";
const SIZE: f32 = 11.0;
const LH: f32 = 19.0;
/// The cut line: half way down the sheet.
pub(crate) const CUT_MM: f32 = 148.5;
/// The number across the cut line.
const STRADDLE_SIZE: f32 = 16.0;

/// The receipt with its counterfoil as PDF bytes. `handling_note` is the
/// paragraph on how and when the case will be handled (from the office's
/// policy).
pub fn acknowledgement_receipt(
    case: &CaseDetail,
    office: &OfficeInfo,
    handling_note: &str,
    fonts: &DocFonts,
) -> Result<Vec<u8>> {
    let query_code = if case.anonymous {
        match case.query_code.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => Some(code.to_string()),
            _ => {
                return Err(DeskError::Document(format!(
                    "匿名案件 {} 没有查询码，无法出具受理回执",
                    case.number
                )))
            }
        }
    } else {
        None
    };
    let logo = super::office_logo(office)?;
    render(
        &format!("{TITLE} {}", case.number),
        fonts,
        FORM_ROLES,
        logo.as_ref(),
        |e| {
            e.footer = Footer::None;
            e.margin_t = mm(12.0);
            e.margin_b = mm(10.0);
            e.y = e.margin_t;
            counterfoil(e, case, office);
            cut_line(e, &case.number);
            e.y = mm(CUT_MM + 9.0);
            receipt(e, case, office, handling_note, query_code.as_deref());
            Ok(())
        },
    )
}

/// The date the receipt is issued: the case's registration.
fn issued(case: &CaseDetail) -> &str {
    if case.created_at.trim().is_empty() {
        &case.received_at
    } else {
        &case.created_at
    }
}

fn office_and_title(e: &mut Engine<'_>, office: &OfficeInfo, title: &str) {
    let office_name = office.name.trim();
    // Name and title beside the logo (when there is one).
    e.letterhead(|e| {
        if !office_name.is_empty() {
            e.paragraph(Role::Hei, 14.0, 20.0, Align::Center, office_name);
        }
        e.paragraph(Role::Hei, 18.0, 26.0, Align::Center, title);
    });
}

/// The office's half: what was received from whom, and who took the
/// receipt.
fn counterfoil(e: &mut Engine<'_>, case: &CaseDetail, office: &OfficeInfo) {
    office_and_title(e, office, &format!("{TITLE}（存根）"));
    e.left_right(
        10.5,
        18.0,
        &format!("编号：{}", case.number),
        &format!("出具日期：{}", date_zh(issued(case))),
    );
    e.gap(mm(1.0));
    let w = e.content_width();
    let lab = mm(24.0);
    let val = (w - 2.0 * lab) / 2.0;
    let who = if case.anonymous {
        "匿名".to_string()
    } else {
        let names: Vec<&str> = case
            .complainants
            .iter()
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .collect();
        or_dash(&names.join("、"))
    };
    let pair = |e: &mut Engine<'_>, l1: &str, v1: &str, l2: &str, v2: &str| {
        e.row(&[
            Cell::label(lab, l1),
            Cell::value(val, v1),
            Cell::label(lab, l2),
            Cell::value(val, v2),
        ]);
    };
    pair(e, "反映人", &who, "类别", case.kind.label_zh());
    pair(
        e,
        "收到时间",
        &datetime_zh(&case.received_at),
        "受理方式",
        case.channel.label_zh(),
    );
    e.row(&[
        Cell::label(lab, "事由"),
        Cell::value(w - lab, or_dash(&case.matter)),
    ]);
    pair(
        e,
        "承办部门",
        &or_dash(&case.handling_department),
        "受理人",
        &or_dash(&case.receiving_clerk),
    );
    pair(e, "回执领取人", "", "领取日期", "　　年　　月　　日");
}

/// The dashed cut line with the case number across it: the line passes
/// through the middle of the figures, so each half keeps part of every one.
fn cut_line(e: &mut Engine<'_>, number: &str) {
    let y = mm(CUT_MM);
    let label = format!("骑缝编号 {number}");
    let tw = e.text_width(Role::Hei, STRADDLE_SIZE, &label);
    let mid = e.page_w / 2.0;
    let (x1, x2) = (mm(8.0), e.page_w - mm(8.0));
    let (g1, g2) = (mid - tw / 2.0 - mm(2.0), mid + tw / 2.0 + mm(2.0));
    let dashed = Stroke {
        width: 0.8,
        color: Color::BLACK,
        dash: Some((5.0, 3.0)),
    };
    e.line(&[(x1, y), (g1, y)], dashed);
    e.line(&[(g2, y), (x2, y)], dashed);
    // Digits and Latin capitals reach about 0.72 em above the baseline:
    // half of that above the line, half below.
    let baseline = y + 0.36 * STRADDLE_SIZE;
    e.text(Role::Hei, STRADDLE_SIZE, mid - tw / 2.0, baseline, &label);
    e.text_aligned(
        Role::Song,
        9.0,
        g2,
        x2 - g2,
        y - 3.0,
        Align::Right,
        "沿虚线剪开：上联存根留存，下联交反映人",
    );
}

/// The complainant's half.
fn receipt(
    e: &mut Engine<'_>,
    case: &CaseDetail,
    office: &OfficeInfo,
    handling_note: &str,
    query_code: Option<&str>,
) {
    office_and_title(e, office, TITLE);
    e.left_right(10.5, 18.0, "", &format!("编号：{}", case.number));
    e.gap(mm(1.0));
    let par = |e: &mut Engine<'_>, s: &str| e.paragraph(Role::Song, SIZE, LH, Align::Left, s);

    if query_code.is_none() {
        let names: Vec<&str> = case
            .complainants
            .iter()
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if !names.is_empty() {
            par(e, &format!("{}：", names.join("、")));
        }
    }
    let matter = case.matter.trim();
    let matter = if matter.is_empty() {
        String::new()
    } else {
        format!("（事由：{matter}）")
    };
    par(
        e,
        &format!(
            "　　您于{}通过{}方式反映的问题{}已收到，本单位已登记受理。",
            date_zh(&case.received_at),
            case.channel.label_zh(),
            matter
        ),
    );
    for p in handling_note
        .lines()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        par(e, &format!("　　{p}"));
    }
    if let Some(code) = query_code {
        let box_h = mm(11.0);
        e.ensure(box_h + mm(3.0) + LH);
        e.gap(mm(1.5));
        let line = format!("查询码：{code}");
        let tw = e.text_width(Role::Song, 13.0, &line);
        let bw = tw + mm(14.0);
        let x = e.margin_l + (e.content_width() - bw) / 2.0;
        let top = e.y;
        e.rect(x, top, bw, box_h, None, true);
        let b = Engine::baseline_in(top, box_h, 13.0);
        e.text_aligned(Role::Song, 13.0, x, bw, b, Align::Center, &line);
        e.y = top + box_h + mm(1.5);
        par(e, "　　请妥善保管此查询码，凭此码可查询办理进度。");
    }
    par(e, "　　本单位将对您的身份信息严格保密。");
    let mut contact = Vec::new();
    if !office.phone.trim().is_empty() {
        contact.push(format!("电话：{}", office.phone.trim()));
    }
    if !office.address.trim().is_empty() {
        contact.push(format!("地址：{}", office.address.trim()));
    }
    if !contact.is_empty() {
        par(
            e,
            &format!("　　如有疑问，请与本单位联系（{}）。", contact.join("；")),
        );
    }

    // Office name over the date, four characters in from the right, with
    // room above and around them for the seal.
    let office_name = office.name.trim();
    let date = date_zh(issued(case));
    let name_w = e.text_width(Role::Song, SIZE, office_name);
    let date_w = e.text_width(Role::Song, SIZE, &date);
    let right = e.margin_l + e.content_width() - 4.0 * SIZE;
    let centre = right - date_w / 2.0;
    e.gap(mm(9.0));
    e.ensure(2.0 * LH);
    for (text, w) in [(office_name, name_w), (date.as_str(), date_w)] {
        if text.is_empty() {
            continue;
        }
        let b = Engine::baseline_in(e.y, LH, SIZE);
        let x = (centre - w / 2.0).max(e.margin_l);
        e.text(Role::Song, SIZE, x, b, text);
        e.y += LH;
    }
}
