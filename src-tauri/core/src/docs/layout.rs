//! Our own small page engine: text measured with the mapped fonts
//! (ttf-parser), wrapped by [`super::wrap`], paragraphs (also justified on a
//! character grid), rules, boxes and images, page breaks, footers and
//! signature lines repeated on every page. Ruled tables are in
//! [`super::table`]; [`super::pdf`] writes the result.
//!
//! Coordinates inside the engine are points measured from the TOP-LEFT corner
//! of the page; they are flipped to PDF's bottom-left origin when an
//! operation is recorded.

use super::face::Metrics;
use super::fonts::Role;
use super::pdf::{Color, Op, Page, Stroke};
use super::DocFonts;
use crate::error::Result;

pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A4 portrait, in points.
pub(crate) const A4_W: f32 = 210.0 * PT_PER_MM;
pub(crate) const A4_H: f32 = 297.0 * PT_PER_MM;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// An image of the document (by its index), with its size in pixels.
#[derive(Debug, Clone)]
pub(crate) struct PlacedImage {
    pub index: usize,
    pub width: u32,
    pub height: u32,
}

impl PlacedImage {
    /// The size in points that fits in `max_w` × `max_h` keeping the aspect.
    pub(crate) fn fit(&self, max_w: f32, max_h: f32) -> (f32, f32) {
        let (w, h) = (self.width.max(1) as f32, self.height.max(1) as f32);
        let s = (max_w / w).min(max_h / h);
        (w * s, h * s)
    }
}

/// Largest letterhead logo: 18 mm high, 40 mm wide.
pub(crate) const LOGO_MAX_H: f32 = 18.0 * PT_PER_MM;
pub(crate) const LOGO_MAX_W: f32 = 40.0 * PT_PER_MM;

/// What is printed at the foot of every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Footer {
    /// "第 1 页 共 3 页", centred (forms and records).
    PageOfPages,
    /// "— 2 —" as GB/T 9704 sets it: 4号 Song 7 mm under the type area,
    /// odd pages at the right, even pages at the left, one character in;
    /// the first page of a letter (信函格式) carries none.
    Dashes { first_page: bool },
    /// Nothing (a one-page form such as the receipt).
    None,
}

/// Signature places repeated at the foot of every page's type area (the
/// interview transcript): labels followed by a line to sign on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageSignatures {
    pub labels: Vec<String>,
    pub size: f32,
    /// Height kept free for them above the bottom margin.
    pub height: f32,
}

pub(crate) struct Engine<'a> {
    metrics: [Option<Metrics<'a>>; 4],
    /// The faces for plain text and for headings.
    pub body: Role,
    pub heading: Role,
    pages: Vec<Vec<Op>>,
    /// Current position, points from the top of the page.
    pub y: f32,
    pub page_w: f32,
    pub page_h: f32,
    pub margin_l: f32,
    pub margin_r: f32,
    pub margin_t: f32,
    pub margin_b: f32,
    /// Printed at the top of every page after the first.
    pub running_header: Option<String>,
    /// The office's letterhead logo, when it has one.
    pub logo: Option<PlacedImage>,
    pub footer: Footer,
    pub signatures: Option<PageSignatures>,
    /// Text size and line height in table cells.
    pub cell_size: f32,
    pub cell_lh: f32,
}

impl<'a> Engine<'a> {
    /// An engine measuring with the faces of `roles` (loaded now, and only
    /// those); the first is the body face, the second the heading face.
    pub(crate) fn new(fonts: &'a DocFonts, roles: &[Role]) -> Result<Engine<'a>> {
        let mut metrics: [Option<Metrics<'a>>; 4] = [None, None, None, None];
        for r in roles {
            metrics[r.slot()] = Some(Metrics::new(fonts.face(*r)?.parse()?));
        }
        let body = roles.first().copied().unwrap_or(Role::Song);
        let heading = roles.get(1).copied().unwrap_or(body);
        if metrics[body.slot()].is_none() {
            metrics[body.slot()] = Some(Metrics::new(fonts.face(body)?.parse()?));
        }
        let mut e = Engine {
            metrics,
            body,
            heading,
            pages: Vec::new(),
            y: 0.0,
            page_w: A4_W,
            page_h: A4_H,
            margin_l: mm(20.0),
            margin_r: mm(20.0),
            margin_t: mm(18.0),
            margin_b: mm(20.0),
            running_header: None,
            logo: None,
            footer: Footer::PageOfPages,
            signatures: None,
            cell_size: super::table::CELL_SIZE,
            cell_lh: super::table::CELL_LH,
        };
        e.start_page();
        Ok(e)
    }

    /// `role` when its face is loaded, else the body face.
    fn resolve(&self, role: Role) -> Role {
        if self.metrics[role.slot()].is_some() {
            role
        } else {
            self.body
        }
    }

    fn metrics(&self, role: Role) -> &Metrics<'a> {
        let r = self.resolve(role);
        match &self.metrics[r.slot()] {
            Some(m) => m,
            // `new` always loads the body face.
            None => unreachable!("the body face is loaded"),
        }
    }

    pub(crate) fn body_has_glyphs(&self, s: &str) -> bool {
        let m = self.metrics(self.body);
        s.chars().all(|c| m.has_glyph(c))
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.page_w - self.margin_l - self.margin_r
    }

    /// Room left on this page, above the bottom margin and the signatures.
    pub(crate) fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Where the text area ends on a page (points from the top).
    pub(crate) fn bottom(&self) -> f32 {
        let sign = self.signatures.as_ref().map(|s| s.height).unwrap_or(0.0);
        self.page_h - self.margin_b - sign
    }

    fn push(&mut self, op: Op) {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    fn start_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin_t;
        if let Some(h) = self.running_header.clone() {
            let size = 9.0;
            let base = self.y + size;
            self.text(self.body, size, self.margin_l, base, &h);
            self.y += size + mm(3.0);
        }
    }

    pub(crate) fn new_page(&mut self) {
        self.start_page();
    }

    /// True when nothing has been placed on this page yet (below the header).
    pub(crate) fn page_is_fresh(&self) -> bool {
        let top = self.margin_t
            + if self.running_header.is_some() {
                9.0 + mm(3.0)
            } else {
                0.0
            };
        self.y <= top + 0.01
    }

    /// Moves to a new page unless `h` points still fit.
    pub(crate) fn ensure(&mut self, h: f32) {
        if h > self.remaining() + 0.01 && !self.page_is_fresh() {
            self.new_page();
        }
    }

    pub(crate) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Draws `img` with its top-left corner at (`x`, `top`), `w` × `h` points.
    pub(crate) fn image(&mut self, img: &PlacedImage, x: f32, top: f32, w: f32, h: f32) {
        let y = self.page_h - top - h;
        self.push(Op::Image {
            index: img.index,
            x,
            y,
            w,
            h,
        });
    }

    /// The letterhead lines drawn by `lines`, with the office's logo (when it
    /// has one) at the top left, like a Chinese official letterhead: the
    /// lines stay centred on the page, clear of the logo, and what follows
    /// starts below both.
    pub(crate) fn letterhead(&mut self, lines: impl FnOnce(&mut Self)) {
        let Some(logo) = self.logo.clone() else {
            lines(self);
            return;
        };
        let (w, h) = logo.fit(LOGO_MAX_W, LOGO_MAX_H);
        let top = self.y;
        self.image(&logo, self.margin_l, top, w, h);
        let (ml, mr) = (self.margin_l, self.margin_r);
        let clear = w + mm(3.0);
        self.margin_l += clear;
        self.margin_r += clear;
        lines(self);
        self.margin_l = ml;
        self.margin_r = mr;
        self.y = self.y.max(top + h + mm(1.0));
    }

    pub(crate) fn advance(&self, role: Role, size: f32, ch: char) -> f32 {
        self.metrics(role).advance_em(ch) * size
    }

    pub(crate) fn text_width(&self, role: Role, size: f32, s: &str) -> f32 {
        let m = self.metrics(role);
        s.chars().map(|c| m.advance_em(c)).sum::<f32>() * size
    }

    pub(crate) fn wrap(&self, role: Role, size: f32, s: &str, width: f32) -> Vec<String> {
        let m = self.metrics(role);
        super::wrap::wrap(s, width, &|c| m.advance_em(c) * size)
    }

    /// Draws one line of text with its baseline at `baseline` (from the top).
    pub(crate) fn text(&mut self, role: Role, size: f32, x: f32, baseline: f32, s: &str) {
        self.text_styled(role, size, x, baseline, s, Color::BLACK, 0.0);
    }

    /// Text in a colour, with `spacing` points added after each character.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text_styled(
        &mut self,
        role: Role,
        size: f32,
        x: f32,
        baseline: f32,
        s: &str,
        color: Color,
        spacing: f32,
    ) {
        if s.is_empty() {
            return;
        }
        let role = self.resolve(role);
        let y = self.page_h - baseline;
        self.push(Op::Text {
            role,
            size,
            x,
            y,
            spacing,
            color,
            text: s.to_string(),
        });
    }

    /// Baseline of a line of `size` text centred in a line box of height `lh`
    /// whose top is at `top`: CJK glyphs sit about 0.12 em below the baseline
    /// and reach 0.88 em above it.
    pub(crate) fn baseline_in(top: f32, lh: f32, size: f32) -> f32 {
        top + lh / 2.0 + 0.38 * size
    }

    /// Draws `s` aligned inside [x, x+w] on the given baseline.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text_aligned(
        &mut self,
        role: Role,
        size: f32,
        x: f32,
        w: f32,
        baseline: f32,
        align: Align,
        s: &str,
    ) {
        let tw = self.text_width(role, size, s);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(role, size, x, baseline, s);
    }

    /// A straight line through `points` (top-left coordinates).
    pub(crate) fn line(&mut self, points: &[(f32, f32)], stroke: Stroke) {
        let h = self.page_h;
        self.push(Op::Path {
            points: points.iter().map(|(x, y)| (*x, h - *y)).collect(),
            close: false,
            fill: None,
            stroke: Some(stroke),
        });
    }

    /// A thin black horizontal rule.
    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32) {
        self.line(&[(x1, y), (x2, y)], Stroke::new(0.6, Color::BLACK));
    }

    /// A closed shape through `points` (top-left coordinates).
    pub(crate) fn polygon(
        &mut self,
        points: &[(f32, f32)],
        fill: Option<Color>,
        stroke: Option<Stroke>,
    ) {
        let h = self.page_h;
        self.push(Op::Path {
            points: points.iter().map(|(x, y)| (*x, h - *y)).collect(),
            close: true,
            fill,
            stroke,
        });
    }

    /// A rectangle with its top-left corner at (x, y); optionally filled grey
    /// and outlined with a thin black rule.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: bool) {
        self.polygon(
            &[(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
            fill.map(Color::grey),
            stroke.then(|| Stroke::new(0.6, Color::BLACK)),
        );
    }

    /// A wrapped paragraph across the content width, breaking pages between
    /// lines. Indent a first line by starting the text with "　　" (U+3000).
    pub(crate) fn paragraph(&mut self, role: Role, size: f32, lh: f32, align: Align, s: &str) {
        let (x, w) = (self.margin_l, self.content_width());
        for line in self.wrap(role, size, s, w) {
            self.ensure(lh);
            let base = Self::baseline_in(self.y, lh, size);
            self.text_aligned(role, size, x, w, base, align, &line);
            self.y += lh;
        }
    }

    /// A paragraph set on a character grid: every character's advance is
    /// widened or narrowed by `spacing`, the first line indented by `indent`
    /// grid cells, every line but the paragraph's last justified to the full
    /// width, one line per `lh`. Returns the lines drawn.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn grid_paragraph(
        &mut self,
        role: Role,
        size: f32,
        lh: f32,
        spacing: f32,
        indent: usize,
        s: &str,
    ) -> usize {
        let (x0, w) = (self.margin_l, self.content_width());
        let lead: String = "\u{3000}".repeat(indent);
        let mut drawn = 0;
        for par in s.split('\n') {
            let text = format!("{lead}{}", par.trim());
            let m = self.metrics(role);
            let lines = super::wrap::wrap(&text, w, &|c| m.advance_em(c) * size + spacing);
            let last = lines.len().saturating_sub(1);
            for (i, line) in lines.iter().enumerate() {
                if self.y + lh > self.bottom() + 0.01 && !self.page_is_fresh() {
                    self.new_page();
                }
                let n = line.chars().count();
                let natural: f32 = line
                    .chars()
                    .map(|c| self.advance(role, size, c) + spacing)
                    .sum::<f32>()
                    - spacing;
                // Justify: spread what is left over the gaps (or take back a
                // hanging punctuation mark's overhang).
                let extra = if n > 1 && (i < last || natural > w + 0.01) {
                    (w - natural) / (n - 1) as f32
                } else {
                    0.0
                };
                let base = Self::baseline_in(self.y, lh, size);
                self.text_styled(role, size, x0, base, line, Color::BLACK, spacing + extra);
                self.y += lh;
                drawn += 1;
            }
        }
        drawn
    }

    /// One line with a left part and a right part (e.g. number and date).
    pub(crate) fn left_right(&mut self, size: f32, lh: f32, left: &str, right: &str) {
        self.ensure(lh);
        let base = Self::baseline_in(self.y, lh, size);
        let (x, w) = (self.margin_l, self.content_width());
        let body = self.body;
        self.text_aligned(body, size, x, w, base, Align::Left, left);
        self.text_aligned(body, size, x, w, base, Align::Right, right);
        self.y += lh;
    }

    /// Pages laid out so far.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Signature labels, each followed by a line to sign on, in equal
    /// columns across the text width with the baseline at `baseline`.
    fn draw_signatures(&mut self, sig: &PageSignatures, baseline: f32) {
        let n = sig.labels.len().max(1) as f32;
        let col = self.content_width() / n;
        for (i, label) in sig.labels.iter().enumerate() {
            let x = self.margin_l + col * i as f32;
            let body = self.body;
            self.text(body, sig.size, x, baseline, label);
            let lw = self.text_width(body, sig.size, label);
            let end = x + col - sig.size;
            if end > x + lw + 4.0 {
                let y = baseline + 2.0;
                self.line(
                    &[(x + lw + 2.0, y), (end, y)],
                    Stroke::new(0.6, Color::BLACK),
                );
            }
        }
    }

    /// Finishes the document: the signatures and the footer on every page.
    pub(crate) fn finish(mut self) -> Vec<Page> {
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(n);
        for (i, ops) in pages.into_iter().enumerate() {
            self.pages = vec![ops];
            if let Some(sig) = self.signatures.clone() {
                let base = self.page_h - self.margin_b - sig.height * 0.35;
                self.draw_signatures(&sig, base);
            }
            let song = Role::Song;
            match self.footer {
                Footer::PageOfPages => {
                    let footer = format!("第 {} 页 共 {} 页", i + 1, n);
                    let size = 9.0;
                    let body = self.body;
                    let w = self.text_width(body, size, &footer);
                    let x = (self.page_w - w) / 2.0;
                    let baseline = self.page_h - mm(11.0);
                    self.text(body, size, x, baseline, &footer);
                }
                Footer::None => {}
                Footer::Dashes { first_page } => {
                    if i > 0 || first_page {
                        let size = 14.0;
                        let label = format!("— {} —", i + 1);
                        let w = self.text_width(song, size, &label);
                        // The dashes' top 7 mm under the type area.
                        let baseline = self.page_h - self.margin_b + mm(7.0) + size * 0.6;
                        let x = if (i + 1) % 2 == 1 {
                            self.page_w - self.margin_r - size - w
                        } else {
                            self.margin_l + size
                        };
                        self.text(song, size, x, baseline, &label);
                    }
                }
            }
            let ops = self.pages.pop().unwrap_or_default();
            out.push(Page {
                width: self.page_w,
                height: self.page_h,
                ops,
            });
        }
        out
    }
}
