//! The head and the foot of a letter in the national format (GB/T 9704-2012,
//! 信函格式): the office's name in red 小标宋 with its red double rules, the
//! reference number (发文字号), the signing block with room for the seal,
//! the contact note and the copy list (抄送); and the character grid the
//! letter is set on (28 characters × 22 lines of 三号 仿宋).

use super::fonts::Role;
use super::layout::{mm, Align, Engine, A4_H, A4_W};
use super::pdf::{Color, Stroke};
use crate::domain::case::OfficeInfo;

/// Type area (版心) 156 × 225 mm: margins top 37, bottom 35, left 28, right 26.
pub(crate) const MARGIN_T: f32 = 37.0;
pub(crate) const MARGIN_B: f32 = 35.0;
pub(crate) const MARGIN_L: f32 = 28.0;
pub(crate) const MARGIN_R: f32 = 26.0;
/// 三号 (16 pt) body, 28 characters a line, 22 lines a page.
pub(crate) const BODY_SIZE: f32 = 16.0;
pub(crate) const CHARS_PER_LINE: usize = 28;
pub(crate) const LINES_PER_PAGE: usize = 22;
/// 二号 (22 pt) title.
pub(crate) const TITLE_SIZE: f32 = 22.0;
/// The red double rules are 170 mm long, centred.
const RULE_LEN: f32 = 170.0;

/// The character grid of the type area.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    /// Added to each 16 pt character so that 28 fill the line exactly.
    pub spacing: f32,
    /// Line pitch: 22 lines fill the type area.
    pub lh: f32,
    top: f32,
}

impl Grid {
    pub fn new() -> Grid {
        let width = A4_W - mm(MARGIN_L) - mm(MARGIN_R);
        let height = A4_H - mm(MARGIN_T) - mm(MARGIN_B);
        Grid {
            spacing: width / CHARS_PER_LINE as f32 - BODY_SIZE,
            lh: height / LINES_PER_PAGE as f32,
            top: mm(MARGIN_T),
        }
    }

    /// One character cell's width.
    pub fn pitch(&self) -> f32 {
        BODY_SIZE + self.spacing
    }

    /// Moves `e` down to the top of the next grid line (or stays on one).
    pub fn snap(&self, e: &mut Engine<'_>) {
        let k = ((e.y - self.top) / self.lh - 0.01).ceil().max(0.0);
        e.y = self.top + k * self.lh;
    }

    /// Lines left on the page from `e.y`.
    pub fn lines_left(&self, e: &Engine<'_>) -> usize {
        ((e.bottom() - e.y) / self.lh + 0.01).floor().max(0.0) as usize
    }
}

/// The page set up for a letter: margins, faces, grid.
pub(crate) fn set_up(e: &mut Engine<'_>) {
    e.margin_t = mm(MARGIN_T);
    e.margin_b = mm(MARGIN_B);
    e.margin_l = mm(MARGIN_L);
    e.margin_r = mm(MARGIN_R);
    e.body = Role::FangSong;
    e.heading = Role::Hei;
    e.y = e.margin_t;
}

/// A red double rule 170 mm long, centred, at `y` (thick over thin when
/// `thick_on_top`, as under the letterhead; thin over thick at the foot).
fn red_double_rule(e: &mut Engine<'_>, y: f32, thick_on_top: bool) {
    let x1 = (e.page_w - mm(RULE_LEN)) / 2.0;
    let x2 = x1 + mm(RULE_LEN);
    let (thick, thin, gap) = (2.0, 0.75, 1.5);
    let (w1, w2) = if thick_on_top {
        (thick, thin)
    } else {
        (thin, thick)
    };
    let y1 = y + w1 / 2.0;
    let y2 = y + w1 + gap + w2 / 2.0;
    e.line(&[(x1, y1), (x2, y1)], Stroke::new(w1, Color::RED));
    e.line(&[(x1, y2), (x2, y2)], Stroke::new(w2, Color::RED));
}

/// The 信函格式 letterhead of page 1: the office's name in red 小标宋, its
/// top edge 30 mm from the top of the page, the red double rule 4 mm under
/// it, another 20 mm above the foot of the page with the office's address
/// and telephone under it. Leaves `e.y` just under the first rule.
pub(crate) fn red_letterhead(e: &mut Engine<'_>, office: &OfficeInfo) {
    let name = office.name.trim();
    let max_w = mm(RULE_LEN);
    let logo = e.logo.clone();
    // Room for the logo at the left of the name, the name still centred.
    let logo_box = logo.as_ref().map(|l| l.fit(mm(24.0), mm(16.0)));
    let clear = logo_box.map(|(w, _)| 2.0 * (w + mm(3.0))).unwrap_or(0.0);
    let avail = max_w - clear;
    let top = mm(30.0);
    let mut bottom = top;
    if !name.is_empty() {
        let n = name.chars().count().max(1) as f32;
        let natural = e.text_width(Role::Title, 1.0, name).max(0.5 * n);
        let size = (avail / natural).clamp(16.0, 30.0);
        let lines = e.wrap(Role::Title, size, name, avail);
        let lh = size * 1.15;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + i as f32 * lh + 0.88 * size;
            let w = e.text_width(Role::Title, size, line);
            let x = (e.page_w - w) / 2.0;
            e.text_styled(Role::Title, size, x, baseline, line, Color::RED, 0.0);
            bottom = baseline + 0.12 * size;
        }
    }
    if let Some(l) = logo {
        // As tall as the name at most, so the rules stay where they are.
        let (w, h) = l.fit(mm(24.0), (bottom - top).max(mm(8.0)));
        let mid = (top + bottom.max(top + h)) / 2.0;
        let x = (e.page_w - max_w) / 2.0;
        e.image(&l, x, mid - h / 2.0, w, h);
        bottom = bottom.max(mid + h / 2.0);
    }
    let rule_y = bottom + mm(4.0);
    red_double_rule(e, rule_y, true);
    red_double_rule(e, e.page_h - mm(20.0) - 4.25, false);
    let mut small = Vec::new();
    if !office.address.trim().is_empty() {
        small.push(format!("地址：{}", office.address.trim()));
    }
    if !office.phone.trim().is_empty() {
        small.push(format!("电话：{}", office.phone.trim()));
    }
    if !small.is_empty() {
        let line = small.join("\u{3000}\u{3000}");
        let baseline = e.page_h - mm(20.0) + mm(5.0);
        let size = 9.0;
        let w = e.text_width(Role::Song, size, &line).min(max_w);
        let x = (e.page_w - w) / 2.0;
        e.text_styled(Role::Song, size, x, baseline, &line, Color::RED, 0.0);
    }
    e.y = rule_y + 2.0 + 0.75 + 1.5;
}

/// Under the red rule: the case number at the left and the reference
/// number (发文字号) at the right edge of the type area, 7/8 of a 三号
/// character below the rule. Then the title two lines lower.
pub(crate) fn numbers_and_title(
    e: &mut Engine<'_>,
    grid: &Grid,
    case_number: &str,
    doc_number: &str,
    title: &str,
) {
    let size = BODY_SIZE;
    let top = e.y + size * 7.0 / 8.0;
    let baseline = top + 0.88 * size;
    let (x, w) = (e.margin_l, e.content_width());
    if !case_number.is_empty() {
        let s = format!("编号：{case_number}");
        e.text_aligned(Role::FangSong, size, x, w, baseline, Align::Left, &s);
    }
    if !doc_number.is_empty() {
        e.text_aligned(
            Role::FangSong,
            size,
            x,
            w,
            baseline,
            Align::Right,
            doc_number,
        );
    }
    e.y = baseline + 0.12 * size;
    grid.snap(e);
    e.y += 2.0 * grid.lh;
    title_lines(e, grid, title);
}

/// The title in 二号 小标宋, centred, one grid line per line.
pub(crate) fn title_lines(e: &mut Engine<'_>, grid: &Grid, title: &str) {
    grid.snap(e);
    let (x, w) = (e.margin_l, e.content_width());
    for line in e.wrap(Role::Title, TITLE_SIZE, title, w) {
        let baseline = Engine::baseline_in(e.y, grid.lh, TITLE_SIZE);
        e.text_aligned(
            Role::Title,
            TITLE_SIZE,
            x,
            w,
            baseline,
            Align::Center,
            &line,
        );
        e.y += grid.lh;
    }
}

/// The signing block: the office's name centred over the date, the date
/// (Arabic numerals) four characters in from the right; two grid lines above
/// them are left empty, so the seal, pressed over name and date, starts
/// within a line of the text as GB/T 9704 wants. Nothing "（盖章）" is
/// printed. Then the contact note in brackets.
pub(crate) fn signing_block(
    e: &mut Engine<'_>,
    grid: &Grid,
    office_name: &str,
    date: &str,
    contact: &str,
) {
    grid.snap(e);
    let need = 4 + usize::from(!contact.is_empty());
    if grid.lines_left(e) < need && !e.page_is_fresh() {
        e.new_page();
    }
    if !e.page_is_fresh() {
        e.y += 2.0 * grid.lh;
    }
    let right = e.margin_l + e.content_width() - 4.0 * grid.pitch();
    let date_w =
        e.text_width(Role::FangSong, BODY_SIZE, date) + date.chars().count() as f32 * grid.spacing;
    let date_x = right - date_w;
    let centre = date_x + date_w / 2.0;
    let name_w = e.text_width(Role::FangSong, BODY_SIZE, office_name)
        + office_name.chars().count() as f32 * grid.spacing;
    let name_x = (centre - name_w / 2.0)
        .min(e.margin_l + e.content_width() - name_w)
        .max(e.margin_l);
    for (text, x) in [(office_name, name_x), (date, date_x)] {
        if text.is_empty() {
            continue;
        }
        let baseline = Engine::baseline_in(e.y, grid.lh, BODY_SIZE);
        e.text_styled(
            Role::FangSong,
            BODY_SIZE,
            x,
            baseline,
            text,
            Color::BLACK,
            grid.spacing,
        );
        e.y += grid.lh;
    }
    if !contact.is_empty() {
        e.grid_paragraph(Role::FangSong, BODY_SIZE, grid.lh, grid.spacing, 2, contact);
    }
}

/// The copy list (抄送) at the foot of the last page's type area in 4号
/// 仿宋, one character in at each side.
pub(crate) fn copy_list(e: &mut Engine<'_>, grid: &Grid, cc: &str) {
    let size = 14.0;
    let body = format!("{}。", cc.trim().trim_end_matches('。'));
    let hang = e.text_width(Role::FangSong, size, "抄送：");
    let (x, w) = (e.margin_l + size, e.content_width() - 2.0 * size);
    let lines = e.wrap(Role::FangSong, size, &body, w - hang);
    let lh = grid.lh;
    let need = lines.len() as f32 * lh;
    if e.y + need > e.bottom() + 0.01 {
        e.new_page();
    }
    let mut y = e.bottom() - need;
    for (i, line) in lines.iter().enumerate() {
        let baseline = Engine::baseline_in(y, lh, size);
        if i == 0 {
            e.text(Role::FangSong, size, x, baseline, "抄送：");
        }
        e.text(Role::FangSong, size, x + hang, baseline, line);
        y += lh;
    }
    e.y = e.bottom();
}
