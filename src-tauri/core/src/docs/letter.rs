//! The formal documents written from a template ([`super::templates`]), set
//! in the national format for letters (GB/T 9704-2012 信函格式): the red
//! letterhead, the case number and the reference number (发文字号), the title
//! in 小标宋, the body in 三号 仿宋 on a 28 × 22 grid, justified, headings in
//! 黑体, the signing block with room for the seal, the contact note, the
//! copy list and page numbers "— 2 —". The interview transcript, a record
//! rather than a letter, keeps the grid and fonts but has no letterhead; it
//! adds its header table and signature lines for the interviewee and both
//! interviewers on every page. The investigation report has signature lines
//! for the inspectors and a box for the reviewer's opinion.

use std::collections::BTreeMap;

use super::fonts::Role;
use super::layout::{mm, Align, Engine, Footer, PageSignatures, A4_W};
use super::letterhead::{self as head, Grid, BODY_SIZE};
use super::table::Cell;
use super::templates::{self, DocType};
use super::{date_zh, or_dash, render, render_many, DocFonts};
use crate::domain::case::{CaseDetail, OfficeInfo};
use crate::error::{DeskError, FieldError, Result};

/// The faces a letter uses: 仿宋 body, 黑体 headings, 小标宋 title, 宋体
/// page numbers.
const LETTER_ROLES: &[Role] = &[Role::FangSong, Role::Hei, Role::Title, Role::Song];
const QA_KEY: &str = "{{questions_and_answers}}";
/// Paragraphs are indented two characters.
const INDENT: usize = 2;

/// Renders document `t` for `case` from `template` (validated first) as PDF.
/// `extra` carries what the case does not hold: "issue_date" (YYYY-MM-DD),
/// "answer_due", "reward_amount", "claim_due", …, and for the head and foot
/// of the letter "doc_number" (the reference number 发文字号, e.g.
/// "华示投〔2026〕12号"; none is printed without it), "contact_person" and
/// "contact_phone" (the contact note; the phone defaults to the office's)
/// and "cc" (the copy list 抄送, printed only when given).
pub fn render_document(
    t: DocType,
    template: &str,
    case: &CaseDetail,
    office: &OfficeInfo,
    extra: &BTreeMap<String, String>,
    fonts: &DocFonts,
) -> Result<Vec<u8>> {
    templates::validate_template(t, template)?;
    let logo = super::office_logo(office)?;
    render(
        &format!("{} {}", t.title_zh(), case.number),
        fonts,
        LETTER_ROLES,
        logo.as_ref(),
        |e| lay_out(e, t, template, case, office, extra),
    )
}

/// Several documents of one type in one PDF (e.g. every reply letter due
/// today), each with its own page numbers.
pub fn render_documents(
    t: DocType,
    template: &str,
    items: &[(CaseDetail, BTreeMap<String, String>)],
    office: &OfficeInfo,
    fonts: &DocFonts,
) -> Result<Vec<u8>> {
    templates::validate_template(t, template)?;
    let logo = super::office_logo(office)?;
    render_many(
        t.title_zh(),
        fonts,
        LETTER_ROLES,
        logo.as_ref(),
        items.len(),
        |i, e| {
            let (case, extra) = &items[i];
            lay_out(e, t, template, case, office, extra)
        },
    )
}

fn lay_out(
    e: &mut Engine<'_>,
    t: DocType,
    template: &str,
    case: &CaseDetail,
    office: &OfficeInfo,
    extra: &BTreeMap<String, String>,
) -> Result<()> {
    let ctx = templates::context(t, case, office, extra);
    let interview = if t == DocType::Transcript {
        Some(templates::latest_interview(case).ok_or_else(|| {
            DeskError::Document(format!(
                "案件 {} 没有谈话记录，无法生成谈话笔录",
                case.number
            ))
        })?)
    } else {
        None
    };
    let issued = date_zh(&templates::issue_date(case, extra));
    let get = |k: &str| {
        extra
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let page = Page {
        t,
        number: &case.number,
        office,
        ctx: &ctx,
        issued: &issued,
        inspectors: &inspectors_of(case),
        doc_number: &get("doc_number"),
        contact: &contact_note(&get("contact_person"), &get("contact_phone"), office),
        cc: &get("cc"),
    };
    lay_out_page(e, &page, template, interview.as_ref());
    Ok(())
}

/// "（联系人：李娜，联系电话：021-58880000）", or only the phone.
fn contact_note(person: &str, phone: &str, office: &OfficeInfo) -> String {
    let phone = if phone.is_empty() {
        office.phone.trim()
    } else {
        phone
    };
    match (person.is_empty(), phone.is_empty()) {
        (false, false) => format!("（联系人：{person}，联系电话：{phone}）"),
        (false, true) => format!("（联系人：{person}）"),
        (true, false) => format!("（联系电话：{phone}）"),
        (true, true) => String::new(),
    }
}

/// What a document is laid out from, once the case has been turned into
/// placeholder values.
struct Page<'a> {
    t: DocType,
    number: &'a str,
    office: &'a OfficeInfo,
    ctx: &'a BTreeMap<String, String>,
    issued: &'a str,
    inspectors: &'a [String],
    doc_number: &'a str,
    contact: &'a str,
    cc: &'a str,
}

fn lay_out_page(
    e: &mut Engine<'_>,
    p: &Page<'_>,
    template: &str,
    interview: Option<&crate::domain::records::Interview>,
) {
    let t = p.t;
    head::set_up(e);
    let grid = Grid::new();
    if t == DocType::Transcript {
        e.footer = Footer::PageOfPages;
        e.signatures = Some(PageSignatures {
            labels: ["被谈话人签字：", "谈话人签字：", "记录人签字："]
                .map(String::from)
                .to_vec(),
            size: 12.0,
            height: 1.5 * grid.lh,
        });
        // A record, not a letter: no red letterhead, the logo (if any) at
        // the top left of the title.
        let (x, w) = (e.margin_l, e.content_width());
        let number = format!("编号：{}", p.number);
        e.letterhead(|e| {
            head::title_lines(e, &grid, t.title_zh());
            let baseline = Engine::baseline_in(e.y, grid.lh, 14.0);
            e.text_aligned(Role::FangSong, 14.0, x, w, baseline, Align::Right, &number);
            e.y += grid.lh;
        });
        if let Some(i) = interview {
            e.cell_size = 14.0;
            e.cell_lh = 20.0;
            transcript_grid(e, i, p.ctx);
            e.y += mm(2.0);
        }
    } else {
        e.footer = Footer::Dashes { first_page: false };
        head::red_letterhead(e, p.office);
        head::numbers_and_title(e, &grid, p.number, p.doc_number, t.title_zh());
        // One empty line under the title.
        e.y += grid.lh;
    }
    let filled_qa = interview.map(|i| {
        i.questions_and_answers
            .iter()
            .map(|qa| (qa.question.trim().to_string(), qa.answer.trim().to_string()))
            .collect::<Vec<_>>()
    });
    body(e, &grid, template, p.ctx, filled_qa.as_deref());
    match t {
        DocType::Transcript => {}
        DocType::InvestigationReport => report_signatures(e, &grid, p.inspectors, p.issued),
        _ => head::signing_block(e, &grid, p.office.name.trim(), p.issued, p.contact),
    }
    if !p.cc.is_empty() {
        head::copy_list(e, &grid, p.cc);
    }
}

/// Most pages a saved template may need when every placeholder holds its
/// longest legitimate value (the longest account of events alone is 20,000
/// characters, about 33 pages of 28 × 22 characters).
pub const MAX_PAGES: usize = 80;

/// Checks, by laying the document out with our own engine, that `template`
/// can never produce a broken document: every "# " heading (a one-line slot)
/// fits its line even with the longest values of its placeholders, and the
/// whole document with every placeholder at its longest stays within
/// [`MAX_PAGES`]. The error names the placeholder (or the heading) at fault
/// and says how to fix it. Runs [`templates::validate_template`] first.
pub fn check_template_fits(t: DocType, template: &str, fonts: &DocFonts) -> Result<()> {
    const FIELD: &str = "template";
    templates::validate_template(t, template)?;
    let longest = templates::longest_values(t);
    let grid = Grid::new();
    let heading = super::face::Metrics::new(fonts.face(Role::Hei)?.parse()?);
    let width = A4_W - mm(head::MARGIN_L) - mm(head::MARGIN_R) - INDENT as f32 * grid.pitch();
    let measure = |s: &str| -> f32 {
        s.chars()
            .map(|c| heading.advance_em(c) * BODY_SIZE + grid.spacing)
            .sum::<f32>()
            - grid.spacing
    };
    let mut errors = Vec::new();
    for line in template.replace('\r', "").split('\n') {
        let Some(h) = line.trim_start().strip_prefix("# ") else {
            continue;
        };
        let filled = templates::fill(h.trim(), &longest);
        if measure(&filled) <= width + 0.01 {
            continue;
        }
        let names = templates::used_placeholders(h);
        let shown: String = h.trim().chars().take(30).collect();
        if names.is_empty() {
            let per_line = head::CHARS_PER_LINE - INDENT;
            errors.push(FieldError::new(
                FIELD,
                "heading_too_long",
                format!("小标题“{shown}”超过一行（一行最多约{per_line}个字），请缩短小标题，或把多出的文字移到正文段落中。"),
                format!("The heading \"{shown}\" is longer than one line (about {per_line} characters fit); shorten it or move the extra words into a body paragraph."),
            ));
        } else {
            for n in names {
                let desc = templates::describe(t, &n);
                let max = templates::longest_chars(&n);
                errors.push(FieldError::new(
                    FIELD,
                    "placeholder_overflows",
                    format!("小标题“{shown}”中的占位符 {{{{{n}}}}}（{desc}，最长{max}字）填入后会超出一行，请把它移到正文段落中，或缩短小标题。"),
                    format!("In the heading \"{shown}\", the placeholder {{{{{n}}}}} (up to {max} characters) would not fit on one line; move it into a body paragraph or shorten the heading."),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(DeskError::Validation(errors));
    }

    let office = OfficeInfo {
        name: longest["office_name"].clone(),
        address: longest["office_address"].clone(),
        phone: longest["office_phone"].clone(),
        logo: None,
    };
    let number = "国".repeat(templates::longest_chars("number"));
    let issued = longest["issue_date"].clone();
    let inspectors = vec!["国".repeat(crate::domain::validate::limits::NAME); 3];
    let contact = contact_note(
        &"国".repeat(crate::domain::validate::limits::NAME),
        "",
        &office,
    );
    let page = Page {
        t,
        number: &number,
        office: &office,
        ctx: &longest,
        issued: &issued,
        inspectors: &inspectors,
        doc_number: &number,
        contact: &contact,
        cc: "",
    };
    let pages = super::measure_pages(fonts, LETTER_ROLES, |e| {
        lay_out_page(e, &page, template, None);
        Ok(())
    })?;
    if pages <= MAX_PAGES {
        return Ok(());
    }
    // The placeholder that adds most text: its longest value times the
    // number of times it appears.
    let culprit = templates::used_placeholders(template)
        .into_iter()
        .max_by_key(|n| templates::longest_chars(n) * templates::occurrences(template, n));
    let (zh, en) = match culprit {
        Some(n) => {
            let k = templates::occurrences(template, &n);
            let desc = templates::describe(t, &n);
            let max = templates::longest_chars(&n);
            (
                format!("《{}》模板在各项内容最长时将达{pages}页（上限{MAX_PAGES}页），主要来自占位符 {{{{{n}}}}}（{desc}，最长{max}字，出现{k}次）；请删去重复的占位符或缩短模板文字。", t.title_zh()),
                format!("With the longest contents the {} document would run to {pages} pages (at most {MAX_PAGES}), mostly because of the placeholder {{{{{n}}}}} (up to {max} characters, used {k} time(s)); remove repeated placeholders or shorten the template text.", t.code()),
            )
        }
        None => (
            format!("《{}》模板排版后将达{pages}页（上限{MAX_PAGES}页），请缩短模板文字。", t.title_zh()),
            format!("The {} document would run to {pages} pages (at most {MAX_PAGES}); shorten the template text.", t.code()),
        ),
    };
    Err(DeskError::Validation(vec![FieldError::new(
        FIELD,
        "too_many_pages",
        zh,
        en,
    )]))
}

fn transcript_grid(
    e: &mut Engine<'_>,
    i: &crate::domain::records::Interview,
    ctx: &BTreeMap<String, String>,
) {
    let w = e.content_width();
    let lab = mm(26.0);
    let val = (w - 2.0 * lab) / 2.0;
    let v = |k: &str| or_dash(ctx.get(k).map(String::as_str).unwrap_or(""));
    e.row(&[
        Cell::label(lab, "时间"),
        Cell::value(val, v("interview_time")),
        Cell::label(lab, "地点"),
        Cell::value(val, or_dash(&i.place)),
    ]);
    e.row(&[
        Cell::label(lab, "谈话人"),
        Cell::value(val, or_dash(&i.interviewer)),
        Cell::label(lab, "记录人"),
        Cell::value(val, or_dash(&i.recorder)),
    ]);
    let who = if i.interviewee.trim().is_empty() {
        "—".to_string()
    } else {
        format!("{}（{}）", i.interviewee.trim(), v("interviewee_role"))
    };
    e.row(&[Cell::label(lab, "被谈话人"), Cell::value(w - lab, who)]);
}

/// The template's paragraphs on the grid: "# " lines as 黑体 headings, other
/// lines indented two characters and justified; the first paragraph ending
/// in "：" (the addressee) starts at the margin. A paragraph that is just
/// {{questions_and_answers}} becomes the Q/A lines of the interview.
fn body(
    e: &mut Engine<'_>,
    grid: &Grid,
    template: &str,
    ctx: &BTreeMap<String, String>,
    qa: Option<&[(String, String)]>,
) {
    let text = template.replace("\r\n", "\n").replace('\r', "\n");
    let mut paras: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                paras.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        paras.push(cur.join("\n"));
    }
    // Without the Q/A placeholder the Q/A go before the closing confirmation
    // ("以上笔录…"), else at the end.
    let qa_at = if qa.is_some() && !paras.iter().any(|p| p.trim() == QA_KEY) {
        Some(
            paras
                .iter()
                .position(|p| p.contains("以上笔录"))
                .unwrap_or(paras.len()),
        )
    } else {
        None
    };
    let mut qa_done = false;
    let mut first = true;
    grid.snap(e);
    for (n, para) in paras.iter().enumerate() {
        if (qa_at == Some(n) || para.trim() == QA_KEY && qa.is_some()) && !qa_done {
            qa_lines(e, grid, qa.unwrap_or(&[]));
            qa_done = true;
        }
        if para.trim() == QA_KEY && qa.is_some() {
            continue;
        }
        for raw in para.split('\n') {
            if let Some(h) = raw.trim_start().strip_prefix("# ") {
                let h = templates::fill(h.trim(), ctx);
                // Keep a heading with at least two lines of what follows.
                if grid.lines_left(e) < 3 && !e.page_is_fresh() {
                    e.new_page();
                }
                e.grid_paragraph(Role::Hei, BODY_SIZE, grid.lh, grid.spacing, INDENT, &h);
                continue;
            }
            let filled = templates::fill(raw.trim(), ctx);
            for (k, sub) in filled.trim().split('\n').enumerate() {
                let sub = sub.trim();
                if sub.is_empty() {
                    continue;
                }
                let flush = first && k == 0 && sub.ends_with('：') && sub.chars().count() <= 40;
                let indent = if flush { 0 } else { INDENT };
                e.grid_paragraph(
                    Role::FangSong,
                    BODY_SIZE,
                    grid.lh,
                    grid.spacing,
                    indent,
                    sub,
                );
                first = false;
            }
        }
    }
    if qa_at == Some(paras.len()) && !qa_done {
        qa_lines(e, grid, qa.unwrap_or(&[]));
    }
}

fn qa_lines(e: &mut Engine<'_>, grid: &Grid, qa: &[(String, String)]) {
    let (size, lh, sp) = (BODY_SIZE, grid.lh, grid.spacing);
    if qa.is_empty() {
        e.grid_paragraph(Role::FangSong, size, lh, sp, INDENT, "（无问答记录）");
        return;
    }
    for (q, a) in qa {
        e.grid_paragraph(Role::Hei, size, lh, sp, 0, &format!("问：{q}"));
        e.grid_paragraph(Role::FangSong, size, lh, sp, 0, &format!("答：{a}"));
    }
}

/// The inspectors named in the case's latest review.
fn inspectors_of(case: &CaseDetail) -> Vec<String> {
    case.records
        .iter()
        .rev()
        .find_map(|r| match &r.record {
            crate::domain::records::Record::Review(rv) => Some(rv.inspectors.clone()),
            _ => None,
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// Signature lines for the inspectors, the date, then the reviewer's box.
fn report_signatures(e: &mut Engine<'_>, grid: &Grid, inspectors: &[String], date: &str) {
    let lh = grid.lh;
    let n = inspectors.len().max(1);
    grid.snap(e);
    if grid.lines_left(e) < n + 2 && !e.page_is_fresh() {
        e.new_page();
    } else {
        e.y += lh;
    }
    let x = e.margin_l + e.content_width() * 0.40;
    for k in 0..n {
        let label = match inspectors.get(k) {
            Some(name) => format!("调查人：{}　签字：", name.trim()),
            None => "调查人签字：".to_string(),
        };
        let b = Engine::baseline_in(e.y, lh, BODY_SIZE);
        e.text(Role::FangSong, BODY_SIZE, x, b, &label);
        let end = e.margin_l + e.content_width();
        let start = x + e.text_width(Role::FangSong, BODY_SIZE, &label) + 2.0;
        e.hline(start, end, b + 2.0);
        e.y += lh;
    }
    let b = Engine::baseline_in(e.y, lh, BODY_SIZE);
    e.text(Role::FangSong, BODY_SIZE, x, b, date);
    e.y += lh;

    // The reviewer's opinion box: five grid lines.
    let box_h = 5.0 * lh;
    if e.remaining() < box_h + lh && !e.page_is_fresh() {
        e.new_page();
    } else {
        e.y += lh;
    }
    let (x0, bw, top) = (e.margin_l, e.content_width(), e.y);
    e.rect(x0, top, bw, box_h, None, true);
    let pad = mm(3.0);
    let b = Engine::baseline_in(top, lh, BODY_SIZE);
    e.text(Role::Hei, BODY_SIZE, x0 + pad, b, "审核意见：");
    let b = Engine::baseline_in(top + box_h - lh, lh, BODY_SIZE);
    e.text_aligned(
        Role::FangSong,
        BODY_SIZE,
        x0,
        bw - pad,
        b,
        Align::Right,
        "审核人签字：　　　　　　日期：　　年　　月　　日",
    );
    e.y = top + box_h;
}
