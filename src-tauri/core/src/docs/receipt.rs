//! The acknowledgement receipt 受理回执 (seed 002 篇九 第十条): written,
//! confidential confirmation that the case was received; for an anonymous
//! case it carries the query code instead of an addressee.

use super::layout::{mm, Align, Engine, FontKind};
use super::{date_zh, date_zh_numerals, render, DocFonts, Images};
use crate::error::{DeskError, Result};
use crate::domain::case::{CaseDetail, OfficeInfo};

const TITLE: &str = "受理回执";
const SIZE: f32 = 12.0;
const LH: f32 = 24.0;

/// The receipt as PDF bytes. `handling_note` is the paragraph on how and
/// when the case will be handled (from the office's policy).
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
    let images = Images {
        logo: logo.as_ref(),
        ..Images::default()
    };
    render(&format!("{TITLE} {}", case.number), fonts, images, |e| {
        build(e, case, office, handling_note, query_code.as_deref());
        Ok(())
    })
}

fn build(
    e: &mut Engine<'_>,
    case: &CaseDetail,
    office: &OfficeInfo,
    handling_note: &str,
    query_code: Option<&str>,
) {
    let office_name = office.name.trim();
    e.letterhead(|e| {
        if !office_name.is_empty() {
            e.paragraph(FontKind::Heading, 14.0, 22.0, Align::Center, office_name);
        }
    });
    e.gap(mm(1.0));
    e.paragraph(FontKind::Heading, 20.0, 30.0, Align::Center, TITLE);
    e.gap(mm(2.0));
    e.left_right(10.5, 18.0, "", &format!("编号：{}", case.number));
    e.gap(mm(4.0));

    if query_code.is_none() {
        let names: Vec<&str> = case
            .complainants
            .iter()
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if !names.is_empty() {
            e.paragraph(
                FontKind::Body,
                SIZE,
                LH,
                Align::Left,
                &format!("{}：", names.join("、")),
            );
        }
    }

    let matter = case.matter.trim();
    let matter = if matter.is_empty() {
        String::new()
    } else {
        format!("（事由：{matter}）")
    };
    e.paragraph(
        FontKind::Body,
        SIZE,
        LH,
        Align::Left,
        &format!(
            "　　您于{}通过{}方式反映的问题{}已收到，本单位已登记受理。",
            date_zh(&case.received_at),
            case.channel.label_zh(),
            matter
        ),
    );
    let note = handling_note.trim();
    if !note.is_empty() {
        for par in note.lines().map(str::trim).filter(|p| !p.is_empty()) {
            e.paragraph(FontKind::Body, SIZE, LH, Align::Left, &format!("　　{par}"));
        }
    }

    if let Some(code) = query_code {
        let box_h = mm(14.0);
        e.ensure(box_h + mm(4.0) + LH);
        e.gap(mm(2.0));
        let line = format!("查询码：{code}");
        let tw = e.text_width(FontKind::Body, 14.0, &line);
        let bw = tw + mm(16.0);
        let x = e.margin_l + (e.content_width() - bw) / 2.0;
        let top = e.y;
        e.rect(x, top, bw, box_h, None, true);
        let b = Engine::baseline_in(top, box_h, 14.0);
        e.text_aligned(FontKind::Body, 14.0, x, bw, b, Align::Center, &line);
        e.y = top + box_h + mm(2.0);
        e.paragraph(
            FontKind::Body,
            SIZE,
            LH,
            Align::Left,
            "　　请妥善保管此查询码，凭此码可查询办理进度。",
        );
    }

    e.paragraph(
        FontKind::Body,
        SIZE,
        LH,
        Align::Left,
        "　　本单位将对您的身份信息严格保密。",
    );
    let mut contact = Vec::new();
    if !office.phone.trim().is_empty() {
        contact.push(format!("电话：{}", office.phone.trim()));
    }
    if !office.address.trim().is_empty() {
        contact.push(format!("地址：{}", office.address.trim()));
    }
    if !contact.is_empty() {
        e.paragraph(
            FontKind::Body,
            SIZE,
            LH,
            Align::Left,
            &format!("　　如有疑问，请与本单位联系（{}）。", contact.join("；")),
        );
    }

    // Signature block, bottom right: office name, date, (盖章).
    let issued = if case.created_at.trim().is_empty() {
        &case.received_at
    } else {
        &case.created_at
    };
    let date = date_zh_numerals(issued);
    let name_w = e.text_width(FontKind::Body, SIZE, office_name);
    let date_w = e.text_width(FontKind::Body, SIZE, &date);
    let block_w = name_w.max(date_w);
    let right = e.margin_l + e.content_width() - 2.0 * SIZE;
    let x = (right - block_w).max(e.margin_l);
    let block_w = right - x;
    e.gap(mm(12.0));
    e.ensure(3.0 * LH);
    for (text, size) in [
        (office_name, SIZE),
        (date.as_str(), SIZE),
        ("（盖章）", 9.0),
    ] {
        if text.is_empty() {
            continue;
        }
        let b = Engine::baseline_in(e.y, LH, size);
        e.text_aligned(FontKind::Body, size, x, block_w, b, Align::Center, text);
        e.y += LH;
    }
}
