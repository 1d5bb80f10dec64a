//! The formal documents written from a template ([`super::templates`]):
//! letterhead, title, number, the filled paragraphs and the signing block;
//! the transcript adds its header grid, question/answer lines and a signature
//! line on every page; the investigation report adds signature lines for the
//! inspectors and a box for the reviewer's opinion.

use std::collections::BTreeMap;

use super::layout::{mm, Align, Cell, Engine, FontKind};
use super::templates::{self, DocType};
use super::{date_zh_numerals, or_dash, render, render_many, DocFonts, Images};
use crate::error::{DeskError, FieldError, Result};
use crate::domain::case::{CaseDetail, OfficeInfo};

const SIZE: f32 = 12.0;
const LH: f32 = 23.0;
const HEAD_SIZE: f32 = 13.0;
const INDENT: &str = "　　";
const QA_KEY: &str = "{{questions_and_answers}}";
const SIGN_LINE: &str = "被谈话人签字：__________    日期：____年__月__日";

/// Renders document `t` for `case` from `template` (validated first) as PDF.
/// `extra` carries what the case does not hold: "issue_date" (YYYY-MM-DD),
/// "answer_due", "reward_amount", "claim_due", …
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
    let images = Images {
        logo: logo.as_ref(),
        ..Images::default()
    };
    render(
        &format!("{} {}", t.title_zh(), case.number),
        fonts,
        images,
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
    let images = Images {
        logo: logo.as_ref(),
        ..Images::default()
    };
    render_many(t.title_zh(), fonts, images, items.len(), |i, e| {
        let (case, extra) = &items[i];
        lay_out(e, t, template, case, office, extra)
    })
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
    let issued = date_zh_numerals(&templates::issue_date(case, extra));
    let page = Page {
        t,
        number: &case.number,
        office,
        ctx: &ctx,
        issued: &issued,
        inspectors: &inspectors_of(case),
    };
    lay_out_page(e, &page, template, interview.as_ref());
    Ok(())
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
}

fn lay_out_page(
    e: &mut Engine<'_>,
    p: &Page<'_>,
    template: &str,
    interview: Option<&crate::domain::records::Interview>,
) {
    let t = p.t;
    let mut w = Writer {
        e,
        sign_every_page: t == DocType::Transcript,
    };
    if w.sign_every_page {
        // Room under the text for the signature line above the footer.
        w.e.margin_b = mm(32.0);
    }
    w.e.margin_l = mm(25.0);
    w.e.margin_r = mm(22.0);
    w.e.y = w.e.margin_t;
    letterhead(&mut w, p.office);
    w.e.gap(mm(3.0));
    w.e.paragraph(FontKind::Heading, 20.0, 30.0, Align::Center, t.title_zh());
    w.e.gap(mm(1.0));
    w.e.left_right(10.5, 18.0, "", &format!("编号：{}", p.number));
    w.e.gap(mm(3.0));
    w.e.running_header = Some(format!("{}（续）    编号：{}", t.title_zh(), p.number));

    if let Some(i) = interview {
        transcript_grid(w.e, i, p.ctx);
        w.e.gap(mm(4.0));
    }
    let filled_qa = interview.map(|i| {
        i.questions_and_answers
            .iter()
            .map(|qa| (qa.question.trim().to_string(), qa.answer.trim().to_string()))
            .collect::<Vec<_>>()
    });
    body(&mut w, template, p.ctx, filled_qa.as_deref());

    match t {
        DocType::InvestigationReport => report_signatures(&mut w, p.inspectors, p.issued),
        _ => signing_block(&mut w, p.office.name.trim(), p.issued),
    }
    if w.sign_every_page {
        w.page_signature();
    }
}

/// Most pages a saved template may need when every placeholder holds its
/// longest legitimate value (the longest account of events alone is 20,000
/// characters, about 17 pages).
pub const MAX_PAGES: usize = 40;

/// The width of the text column of a letter, in points.
fn column_width() -> f32 {
    super::layout::A4_W - mm(25.0) - mm(22.0)
}

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
    let heading = fonts.heading.metrics()?;
    let width = column_width();
    let mut errors = Vec::new();
    for line in template.replace('\r', "").split('\n') {
        let Some(h) = line.trim_start().strip_prefix("# ") else {
            continue;
        };
        let filled = templates::fill(h.trim(), &longest);
        let w: f32 = filled.chars().map(|c| heading.advance_em(c)).sum::<f32>() * HEAD_SIZE;
        if w <= width + 0.01 {
            continue;
        }
        let names = templates::used_placeholders(h);
        let shown: String = h.trim().chars().take(30).collect();
        if names.is_empty() {
            let per_line = (width / (HEAD_SIZE * heading.advance_em('国'))).floor() as usize;
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
    let page = Page {
        t,
        number: &number,
        office: &office,
        ctx: &longest,
        issued: &issued,
        inspectors: &inspectors,
    };
    let pages = super::measure_pages(fonts, |e| {
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

/// The engine plus the per-page signature line of the transcript: every
/// page break made here first draws the line on the page being left.
struct Writer<'e, 'a> {
    e: &'e mut Engine<'a>,
    sign_every_page: bool,
}

impl Writer<'_, '_> {
    fn ensure(&mut self, h: f32) {
        if h > self.e.remaining() && !self.e.page_is_fresh() {
            if self.sign_every_page {
                self.page_signature();
            }
            self.e.new_page();
        }
    }

    fn page_signature(&mut self) {
        let base = self.e.page_h - mm(22.0);
        let (x, w) = (self.e.margin_l, self.e.content_width());
        self.e
            .text_aligned(FontKind::Body, 10.5, x, w, base, Align::Right, SIGN_LINE);
    }

    /// Wrapped lines at `x0 + indent`, the first prefixed by `lead` drawn at
    /// `x0` (a hanging indent when `hang`).
    fn lines(&mut self, kind: FontKind, size: f32, lh: f32, lead: &str, text: &str, hang: bool) {
        let x0 = self.e.margin_l;
        let full = self.e.content_width();
        let lead_w = self.e.text_width(kind, size, lead);
        if hang {
            let wrapped = self.e.wrap(kind, size, text, full - lead_w);
            for (n, l) in wrapped.iter().enumerate() {
                self.ensure(lh);
                let b = Engine::baseline_in(self.e.y, lh, size);
                if n == 0 {
                    self.e.text(kind, size, x0, b, lead);
                }
                self.e.text(kind, size, x0 + lead_w, b, l);
                self.e.y += lh;
            }
        } else {
            let s = format!("{lead}{text}");
            for l in self.e.wrap(kind, size, &s, full) {
                self.ensure(lh);
                let b = Engine::baseline_in(self.e.y, lh, size);
                self.e.text(kind, size, x0, b, &l);
                self.e.y += lh;
            }
        }
    }
}

fn letterhead(w: &mut Writer<'_, '_>, office: &OfficeInfo) {
    w.e.letterhead(|e| {
        let name = office.name.trim();
        if !name.is_empty() {
            e.paragraph(FontKind::Heading, 16.0, 24.0, Align::Center, name);
        }
        let mut small = Vec::new();
        if !office.address.trim().is_empty() {
            small.push(format!("地址：{}", office.address.trim()));
        }
        if !office.phone.trim().is_empty() {
            small.push(format!("电话：{}", office.phone.trim()));
        }
        if !small.is_empty() {
            e.paragraph(
                FontKind::Body,
                9.0,
                14.0,
                Align::Center,
                &small.join("\u{3000}\u{3000}"),
            );
        }
    });
    w.e.gap(mm(1.5));
    let (x, r) = (w.e.margin_l, w.e.margin_l + w.e.content_width());
    let y = w.e.y;
    w.e.hline(x, r, y);
    w.e.hline(x, r, y + 1.6);
    w.e.gap(mm(1.0));
}

fn transcript_grid(
    e: &mut Engine<'_>,
    i: &crate::domain::records::Interview,
    ctx: &BTreeMap<String, String>,
) {
    let w = e.content_width();
    let lab = mm(22.0);
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

/// The template's paragraphs: "# " lines as headings, other lines indented
/// two characters; the first paragraph ending in "：" (the addressee) starts
/// at the margin. A paragraph that is just {{questions_and_answers}} becomes
/// the Q/A lines of the interview.
fn body(
    w: &mut Writer<'_, '_>,
    template: &str,
    ctx: &BTreeMap<String, String>,
    qa: Option<&[(String, String)]>,
) {
    let text = template.replace("\r\n", "\n").replace('\r', "\n");
    let mut qa_done = false;
    let mut first = true;
    let mut pending_gap = false;
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
    for (n, para) in paras.iter().enumerate() {
        if qa_at == Some(n) && !qa_done {
            qa_lines(w, qa.unwrap_or(&[]));
            qa_done = true;
        }
        if para.trim() == QA_KEY && qa.is_some() {
            if !qa_done {
                qa_lines(w, qa.unwrap_or(&[]));
                qa_done = true;
            }
            continue;
        }
        if pending_gap {
            w.e.gap(4.0);
        }
        pending_gap = true;
        for raw in para.split('\n') {
            if let Some(h) = raw.trim_start().strip_prefix("# ") {
                let h = templates::fill(h.trim(), ctx);
                w.e.gap(mm(1.5));
                // Keep a heading with at least two lines of what follows.
                w.ensure(LH + 2.0 * LH);
                w.lines(FontKind::Heading, HEAD_SIZE, LH, "", &h, false);
                continue;
            }
            let filled = templates::fill(raw.trim(), ctx);
            let filled = filled.trim();
            for (k, sub) in filled.split('\n').enumerate() {
                let sub = sub.trim();
                if sub.is_empty() {
                    continue;
                }
                let flush = first && k == 0 && sub.ends_with('：') && sub.chars().count() <= 40;
                let lead = if flush { "" } else { INDENT };
                w.lines(FontKind::Body, SIZE, LH, lead, sub, false);
                first = false;
            }
        }
    }
    if qa_at == Some(paras.len()) && !qa_done {
        qa_lines(w, qa.unwrap_or(&[]));
    }
}

fn qa_lines(w: &mut Writer<'_, '_>, qa: &[(String, String)]) {
    if qa.is_empty() {
        w.lines(FontKind::Body, SIZE, LH, INDENT, "（无问答记录）", false);
        return;
    }
    for (q, a) in qa {
        w.lines(FontKind::Heading, SIZE, LH, "问：", q, true);
        w.lines(FontKind::Body, SIZE, LH, "答：", a, true);
        w.e.gap(3.0);
    }
}

/// Office name, date in Chinese numerals and the seal position, bottom right.
fn signing_block(w: &mut Writer<'_, '_>, office_name: &str, date: &str) {
    let name_w = w.e.text_width(FontKind::Body, SIZE, office_name);
    let date_w = w.e.text_width(FontKind::Body, SIZE, date);
    let right = w.e.margin_l + w.e.content_width() - 2.0 * SIZE;
    let x = (right - name_w.max(date_w)).max(w.e.margin_l);
    let bw = right - x;
    w.e.gap(mm(10.0));
    w.ensure(3.0 * LH);
    for (text, size) in [(office_name, SIZE), (date, SIZE), ("（盖章）", 9.0)] {
        if text.is_empty() {
            continue;
        }
        let b = Engine::baseline_in(w.e.y, LH, size);
        w.e.text_aligned(FontKind::Body, size, x, bw, b, Align::Center, text);
        w.e.y += LH;
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
fn report_signatures(w: &mut Writer<'_, '_>, inspectors: &[String], date: &str) {
    w.e.gap(mm(8.0));
    let rows = inspectors.len().max(1) + 1;
    w.ensure(rows as f32 * LH * 1.3);
    let x = w.e.margin_l + w.e.content_width() * 0.42;
    let n = inspectors.len().max(1);
    for k in 0..n {
        let label = match inspectors.get(k) {
            Some(name) => format!("调查人：{}    签字：__________", name.trim()),
            None => "调查人签字：__________".to_string(),
        };
        let b = Engine::baseline_in(w.e.y, LH * 1.3, SIZE);
        w.e.text(FontKind::Body, SIZE, x, b, &label);
        w.e.y += LH * 1.3;
    }
    let b = Engine::baseline_in(w.e.y, LH * 1.3, SIZE);
    w.e.text(FontKind::Body, SIZE, x, b, date);
    w.e.y += LH * 1.3;

    // The reviewer's opinion box.
    let box_h = mm(45.0);
    w.e.gap(mm(6.0));
    w.ensure(box_h);
    let (x0, bw, top) = (w.e.margin_l, w.e.content_width(), w.e.y);
    w.e.rect(x0, top, bw, box_h, None, true);
    let pad = mm(3.0);
    let b = Engine::baseline_in(top + pad, LH, SIZE);
    w.e.text(FontKind::Heading, SIZE, x0 + pad, b, "审核意见：");
    let b = Engine::baseline_in(top + box_h - pad - LH, LH, SIZE);
    w.e.text_aligned(
        FontKind::Body,
        SIZE,
        x0,
        bw - pad,
        b,
        Align::Right,
        "审核人签字：__________    日期：____年__月__日",
    );
    w.e.y = top + box_h;
}
