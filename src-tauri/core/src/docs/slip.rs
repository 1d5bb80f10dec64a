//! The registration slip 《投诉和举报登记单》 (seed 002 篇九 第十二、十三条):
//! the case as registered, then the rows the office fills in by hand as the
//! case goes on — the department head's opinion, the leader's instructions
//! (领导批示) and the result (办理结果), each with its signature and date.

use super::fonts::Role;
use super::layout::{mm, Align, Engine};
use super::table::{Cell, CELL_PAD_X, CELL_PAD_Y};
use super::{date_zh, datetime_zh, or_dash, render, DocFonts, FORM_ROLES};
use crate::domain::case::{CaseDetail, CaseKind, OfficeInfo};
use crate::error::Result;

const TITLE: &str = "投诉和举报登记单";

/// The registration slip as PDF bytes (A4, one or more pages).
pub fn registration_slip(
    case: &CaseDetail,
    office: &OfficeInfo,
    fonts: &DocFonts,
) -> Result<Vec<u8>> {
    let logo = super::office_logo(office)?;
    render(
        &format!("{TITLE} {}", case.number),
        fonts,
        FORM_ROLES,
        logo.as_ref(),
        |e| {
            build(e, case, office);
            Ok(())
        },
    )
}

fn build(e: &mut Engine<'_>, case: &CaseDetail, office: &OfficeInfo) {
    let w = e.content_width();
    let lab = mm(26.0);
    let val = (w - 2.0 * lab) / 2.0;
    let wide = w - lab;

    // Heading.
    e.letterhead(|e| {
        if !office.name.trim().is_empty() {
            e.paragraph(Role::Hei, 14.0, 22.0, Align::Center, office.name.trim());
        }
    });
    e.gap(mm(1.0));
    e.paragraph(Role::Hei, 20.0, 30.0, Align::Center, TITLE);
    e.gap(mm(2.0));
    let registered = if case.created_at.trim().is_empty() {
        &case.received_at
    } else {
        &case.created_at
    };
    e.left_right(
        10.5,
        18.0,
        &format!("编号：{}", case.number),
        &format!("登记日期：{}", date_zh(registered)),
    );
    e.gap(mm(1.5));
    e.running_header = Some(format!("{TITLE}（续）    编号：{}", case.number));

    // ☑/☐ where the font has them, else ■/□ (the usual mark on Chinese
    // printed forms), else just the word.
    let kind = [("☑", "☐"), ("■", "□")]
        .into_iter()
        .find(|(on, off)| e.body_has_glyphs(on) && e.body_has_glyphs(off))
        .map(|(on, off)| {
            let mark = |k: CaseKind| if case.kind == k { on } else { off };
            format!(
                "{} 投诉　　{} 举报",
                mark(CaseKind::Complaint),
                mark(CaseKind::Report)
            )
        })
        .unwrap_or_else(|| case.kind.label_zh().to_string());

    let pair = |e: &mut Engine<'_>, l1: &str, v1: &str, l2: &str, v2: &str| {
        e.row(&[
            Cell::label(lab, l1),
            Cell::value(val, v1),
            Cell::label(lab, l2),
            Cell::value(val, v2),
        ]);
    };
    let single = |e: &mut Engine<'_>, l: &str, v: &str| {
        e.row(&[Cell::label(lab, l), Cell::value(wide, v)]);
    };
    let section = |e: &mut Engine<'_>, title: &str| {
        let mut c = Cell::label(w, title);
        c.align = Align::Left;
        e.row(&[c]);
    };

    pair(e, "类别", &kind, "紧急程度", case.severity.label_zh());
    pair(
        e,
        "受理方式",
        case.channel.label_zh(),
        "受理时间",
        &datetime_zh(&case.received_at),
    );
    pair(
        e,
        "受理人",
        case.receiving_clerk.trim(),
        "承办部门",
        case.handling_department.trim(),
    );

    // Complainants.
    let people: Vec<_> = case
        .complainants
        .iter()
        .filter(|p| !p.name.trim().is_empty() || !p.phone.trim().is_empty())
        .collect();
    if case.anonymous {
        section(e, "投诉（举报）人");
        pair(e, "姓名", "匿名", "联系电话", "—");
        pair(e, "部门/单位", "—", "职务", "—");
        single(e, "地址", "—");
    } else {
        if people.len() > 1 {
            section(e, &format!("投诉（举报）人（共 {} 人）", people.len()));
        } else {
            section(e, "投诉（举报）人");
        }
        if people.is_empty() {
            pair(e, "姓名", "", "联系电话", "");
            pair(e, "部门/单位", "", "职务", "");
            single(e, "地址", "");
        }
        for (i, p) in people.iter().enumerate() {
            let name_label = if people.len() > 1 {
                format!("姓名（{}）", i + 1)
            } else {
                "姓名".to_string()
            };
            pair(e, &name_label, p.name.trim(), "联系电话", p.phone.trim());
            pair(e, "部门/单位", p.unit.trim(), "职务", p.position.trim());
            single(e, "地址", p.address.trim());
        }
    }

    // The accused.
    section(e, "被投诉（举报）人");
    let accused: Vec<_> = case
        .accused
        .iter()
        .filter(|a| !a.name.trim().is_empty() || !a.unit.trim().is_empty())
        .collect();
    if accused.is_empty() {
        pair(e, "姓名", "—", "部门/单位", "—");
    }
    for a in accused {
        pair(e, "姓名", &or_dash(&a.name), "部门/单位", &or_dash(&a.unit));
    }

    // The matter.
    section(e, "反映事项");
    pair(
        e,
        "问题类别",
        &or_dash(&case.category_label),
        "发生时间",
        &or_dash(&case.occurred_when),
    );
    single(e, "发生地点", &or_dash(&case.occurred_where));
    single(e, "事由", &or_dash(&case.matter));
    single(e, "事情经过", &or_dash(&case.facts));
    single(e, "诉求", &or_dash(&case.request));
    let evidence: Vec<String> = case
        .evidence
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(i, s)| format!("{}. {s}", i + 1))
        .collect();
    single(
        e,
        "证据材料",
        &if evidence.is_empty() {
            "无".to_string()
        } else {
            evidence.join("\n")
        },
    );
    let witnesses: Vec<String> = case
        .witnesses
        .iter()
        .filter(|w| !w.name.trim().is_empty())
        .enumerate()
        .map(|(i, w)| {
            if w.contact.trim().is_empty() {
                format!("{}. {}", i + 1, w.name.trim())
            } else {
                format!(
                    "{}. {}（联系方式：{}）",
                    i + 1,
                    w.name.trim(),
                    w.contact.trim()
                )
            }
        })
        .collect();
    single(
        e,
        "证人",
        &if witnesses.is_empty() {
            "无".to_string()
        } else {
            witnesses.join("\n")
        },
    );

    opinions(e, w);
}

/// The rows filled in by hand, each a box with room to write and a
/// signature and date line at its foot: the department head's opinion and
/// the leader's instructions side by side, the result under them; kept
/// together on one page.
fn opinions(e: &mut Engine<'_>, w: f32) {
    // 30 + 26 mm, or down to 24 + 22 mm to stay on the page the table ends on.
    let fit = e.remaining() >= mm(46.0);
    let (h1, h2) = if fit {
        let k = (e.remaining() / mm(56.0)).min(1.0);
        (mm(30.0) * k.max(0.8), mm(26.0) * k.max(0.846))
    } else {
        (mm(30.0), mm(26.0))
    };
    e.ensure(h1 + h2);
    let (x, top) = (e.margin_l, e.y);
    opinion_box(e, x, top, w / 2.0, h1, "部门负责人审核意见：", "签字：");
    opinion_box(e, x + w / 2.0, top, w / 2.0, h1, "领导批示：", "签字：");
    opinion_box(e, x, top + h1, w, h2, "办理结果：", "承办人签字：");
    e.y = top + h1 + h2;
}

fn opinion_box(e: &mut Engine<'_>, x: f32, top: f32, w: f32, h: f32, label: &str, signer: &str) {
    let (size, lh) = (e.cell_size, e.cell_lh);
    e.rect(x, top, w, h, None, true);
    let inner_x = x + CELL_PAD_X;
    let inner_w = w - 2.0 * CELL_PAD_X;
    let b = Engine::baseline_in(top + CELL_PAD_Y, lh, size);
    e.text_aligned(Role::Song, size, inner_x, inner_w, b, Align::Left, label);
    let b = Engine::baseline_in(top + h - CELL_PAD_Y - lh - mm(1.0), lh, size);
    let sign = format!("{signer}　　　　　　日期：　　年　　月　　日");
    e.text_aligned(
        Role::Song,
        size,
        inner_x,
        inner_w - mm(2.0),
        b,
        Align::Right,
        &sign,
    );
}
