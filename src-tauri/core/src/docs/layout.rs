//! Our own small layout engine on top of printpdf: measuring with ttf-parser,
//! line breaking for mixed Chinese/Latin text (with kinsoku rules), paragraphs,
//! ruled table rows that split across pages, and page footers.
//!
//! Coordinates inside the engine are points measured from the TOP-LEFT corner
//! of the page; they are flipped to PDF's bottom-left origin only when ops are
//! emitted.

use printpdf::{
    Color, FontId, Greyscale, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem,
    WindingOrder, XObjectId, XObjectTransform,
};

pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

// ---------------------------------------------------------------------------
// Line breaking
// ---------------------------------------------------------------------------

/// May not start a line (closing punctuation).
pub(crate) fn is_no_line_start(ch: char) -> bool {
    matches!(
        ch,
        '、' | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '…'
            | '%'
            | '％'
            | '”'
            | '’'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// May not end a line (opening punctuation).
pub(crate) fn is_no_line_end(ch: char) -> bool {
    matches!(
        ch,
        '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '“' | '‘' | '(' | '[' | '{'
    )
}

/// Characters that glue together into an unbreakable "word": Latin letters,
/// digits and ASCII punctuation (so "10:30", "e-mail," and "TS-2026-000123"
/// stay whole).
fn is_word_char(ch: char) -> bool {
    !ch.is_whitespace() && (ch.is_ascii_graphic() || ('\u{00C0}'..='\u{024F}').contains(&ch))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Space,
    /// One CJK character (or any other character that may break on both sides).
    Char(char),
    Word(String),
}

impl Token {
    fn first(&self) -> Option<char> {
        match self {
            Token::Space => None,
            Token::Char(c) => Some(*c),
            Token::Word(w) => w.chars().next(),
        }
    }
    fn last(&self) -> Option<char> {
        match self {
            Token::Space => None,
            Token::Char(c) => Some(*c),
            Token::Word(w) => w.chars().last(),
        }
    }
    fn text(&self) -> String {
        match self {
            Token::Space => " ".into(),
            Token::Char(c) => c.to_string(),
            Token::Word(w) => w.clone(),
        }
    }
}

fn tokenize(par: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    for ch in par.chars() {
        if is_word_char(ch) {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(&mut word)));
        }
        if ch.is_whitespace() && ch != '\u{3000}' {
            if out.last() != Some(&Token::Space) {
                out.push(Token::Space);
            }
        } else if !ch.is_control() {
            out.push(Token::Char(ch));
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// Breaks `text` into lines no wider than `max_width`, measuring each char
/// with `advance` (same unit as `max_width`). Newlines in the text start new
/// lines; an empty paragraph gives an empty line.
///
/// Rules: a line may break between any two CJK characters and at spaces;
/// Latin words and numbers stay whole unless a word alone is wider than a
/// line, then it is broken by characters. A line never starts with closing
/// punctuation (the previous character is pulled down with it) and never ends
/// with opening punctuation (it is pushed to the next line).
pub(crate) fn wrap(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for par in text.split('\n') {
        wrap_paragraph(par, max_width, advance, &mut lines);
    }
    lines
}

fn token_width(t: &Token, advance: &dyn Fn(char) -> f32) -> f32 {
    match t {
        Token::Space => advance(' '),
        Token::Char(c) => advance(*c),
        Token::Word(w) => w.chars().map(advance).sum(),
    }
}

fn wrap_paragraph(par: &str, max_width: f32, advance: &dyn Fn(char) -> f32, out: &mut Vec<String>) {
    let tokens = tokenize(par);
    let mut line: Vec<Token> = Vec::new();
    let mut width = 0.0f32;
    let eps = 1e-3;

    let emit = |line: &mut Vec<Token>, out: &mut Vec<String>| {
        while line.last() == Some(&Token::Space) {
            line.pop();
        }
        out.push(line.iter().map(Token::text).collect());
        line.clear();
    };

    let mut queue: std::collections::VecDeque<Token> = tokens.into();
    let mut produced_any = false;
    while let Some(tok) = queue.pop_front() {
        if tok == Token::Space && line.is_empty() {
            continue;
        }
        let w = token_width(&tok, advance);
        if width + w <= max_width + eps || (line.is_empty() && !matches!(tok, Token::Word(_))) {
            width += w;
            line.push(tok);
            continue;
        }
        // Does not fit.
        if tok == Token::Space {
            // A space at the end of a line just disappears.
            emit(&mut line, out);
            produced_any = true;
            width = 0.0;
            continue;
        }
        if let Token::Word(word) = &tok {
            if w > max_width + eps {
                // Too long for any line: break it by characters, filling the
                // current line first.
                let mut chars = word.chars().peekable();
                let mut piece = String::new();
                while let Some(&ch) = chars.peek() {
                    let cw = advance(ch);
                    if width + cw <= max_width + eps || (line.is_empty() && piece.is_empty()) {
                        piece.push(ch);
                        width += cw;
                        chars.next();
                    } else {
                        if !piece.is_empty() {
                            line.push(Token::Word(std::mem::take(&mut piece)));
                        }
                        emit(&mut line, out);
                        produced_any = true;
                        width = 0.0;
                    }
                }
                if !piece.is_empty() {
                    line.push(Token::Word(piece));
                }
                continue;
            }
            if line.is_empty() {
                width += w;
                line.push(tok);
                continue;
            }
        }
        // Break before `tok`; apply kinsoku to decide what moves down.
        let saved = line.clone();
        let mut carry: Vec<Token> = vec![tok.clone()];
        loop {
            let content = line.iter().filter(|t| **t != Token::Space).count();
            if content <= 1 {
                break;
            }
            let starts_bad = carry[0].first().is_some_and(is_no_line_start);
            let ends_bad = line
                .iter()
                .rev()
                .find(|t| **t != Token::Space)
                .and_then(Token::last)
                .is_some_and(is_no_line_end);
            if !(starts_bad || ends_bad) {
                break;
            }
            // Pull the last real token down (dropping spaces in between).
            while line.last() == Some(&Token::Space) {
                line.pop();
            }
            if let Some(t) = line.pop() {
                carry.insert(0, t);
            }
        }
        if line.is_empty() || carry[0].first().is_some_and(is_no_line_start) {
            // Nothing suitable can come down with it (a lone word before the
            // punctuation): let the punctuation hang past the margin instead.
            line = saved;
            width += w;
            line.push(tok);
            continue;
        }
        emit(&mut line, out);
        produced_any = true;
        width = 0.0;
        for t in carry.into_iter().rev() {
            queue.push_front(t);
        }
        // Re-queued tokens at the start of a fresh line are always accepted
        // by the `line.is_empty()` branch, so this loop makes progress.
        if let Some(first) = queue.pop_front() {
            width += token_width(&first, advance);
            line.push(first);
        }
    }
    if !line.is_empty() || !produced_any {
        emit(&mut line, out);
    }
}

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

/// Glyph advances of one face, in ems.
pub(crate) struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
    upem: f32,
}

impl<'a> Metrics<'a> {
    pub(crate) fn new(face: ttf_parser::Face<'a>) -> Self {
        let upem = f32::from(face.units_per_em().max(1));
        Metrics { face, upem }
    }

    /// Advance of `ch` in ems (a missing glyph uses the .notdef advance).
    pub(crate) fn advance_em(&self, ch: char) -> f32 {
        let gid = self.face.glyph_index(ch).unwrap_or(ttf_parser::GlyphId(0));
        match self.face.glyph_hor_advance(gid) {
            Some(a) => f32::from(a) / self.upem,
            None => 1.0,
        }
    }

    pub(crate) fn has_glyph(&self, ch: char) -> bool {
        self.face.glyph_index(ch).is_some()
    }
}

// ---------------------------------------------------------------------------
// The page engine
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontKind {
    Body,
    Heading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

pub(crate) struct FontRef<'a> {
    pub id: FontId,
    pub metrics: Metrics<'a>,
}

/// A4 portrait, in points.
pub(crate) const A4_W: f32 = 210.0 * PT_PER_MM;
pub(crate) const A4_H: f32 = 297.0 * PT_PER_MM;

pub(crate) struct Engine<'a> {
    body: FontRef<'a>,
    heading: FontRef<'a>,
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
    /// Other images of the document (the report's charts), in order.
    pub images: Vec<PlacedImage>,
}

/// An image added to the PDF once, placed on pages by reference.
#[derive(Debug, Clone)]
pub(crate) struct PlacedImage {
    pub id: XObjectId,
    pub width: u32,
    pub height: u32,
    pub title: String,
}

impl PlacedImage {
    /// The size in points that fits in `max_w` × `max_h` keeping the aspect.
    pub(crate) fn fit(&self, max_w: f32, max_h: f32) -> (f32, f32) {
        let (w, h) = (self.width as f32, self.height as f32);
        let s = (max_w / w).min(max_h / h);
        (w * s, h * s)
    }
}

/// Largest letterhead logo: 18 mm high, 40 mm wide.
pub(crate) const LOGO_MAX_H: f32 = 18.0 * PT_PER_MM;
pub(crate) const LOGO_MAX_W: f32 = 40.0 * PT_PER_MM;

/// One cell of a table row.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub width: f32,
    pub text: String,
    pub label: bool,
    pub align: Align,
}

impl Cell {
    pub(crate) fn label(width: f32, text: impl Into<String>) -> Cell {
        Cell {
            width,
            text: text.into(),
            label: true,
            align: Align::Center,
        }
    }
    pub(crate) fn value(width: f32, text: impl Into<String>) -> Cell {
        Cell {
            width,
            text: text.into(),
            label: false,
            align: Align::Left,
        }
    }
}

/// Table text style.
pub(crate) const CELL_SIZE: f32 = 10.5;
pub(crate) const CELL_LH: f32 = 16.0;
pub(crate) const CELL_PAD_X: f32 = 2.2 * PT_PER_MM;
pub(crate) const CELL_PAD_Y: f32 = 1.6 * PT_PER_MM;
pub(crate) const ROW_MIN_H: f32 = 8.0 * PT_PER_MM;
const LABEL_SHADE: f32 = 0.93;
const RULE_W: f32 = 0.6;

impl<'a> Engine<'a> {
    pub(crate) fn new(body: FontRef<'a>, heading: FontRef<'a>) -> Self {
        let mut e = Engine {
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
            images: Vec::new(),
        };
        e.start_page();
        e
    }

    fn font(&self, kind: FontKind) -> &FontRef<'a> {
        match kind {
            FontKind::Body => &self.body,
            FontKind::Heading => &self.heading,
        }
    }

    pub(crate) fn body_has_glyphs(&self, s: &str) -> bool {
        s.chars().all(|c| self.body.metrics.has_glyph(c))
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.page_w - self.margin_l - self.margin_r
    }

    pub(crate) fn remaining(&self) -> f32 {
        self.page_h - self.margin_b - self.y
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn start_page(&mut self) {
        self.pages.push(vec![
            Op::SetOutlineColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            },
            Op::SetFillColor {
                col: Color::Greyscale(Greyscale::new(0.0, None)),
            },
            Op::SetOutlineThickness { pt: Pt(RULE_W) },
        ]);
        self.y = self.margin_t;
        if let Some(h) = self.running_header.clone() {
            let size = 9.0;
            let base = self.y + size;
            self.text(FontKind::Body, size, self.margin_l, base, &h);
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
        if h > self.remaining() && !self.page_is_fresh() {
            self.new_page();
        }
    }

    /// Draws `img` with its top-left corner at (`x`, `top`), `w` × `h` points.
    pub(crate) fn image(&mut self, img: &PlacedImage, x: f32, top: f32, w: f32, h: f32) {
        let (px_w, px_h) = (img.width.max(1) as f32, img.height.max(1) as f32);
        let bottom = self.page_h - top - h;
        self.ops().push(Op::UseXobject {
            id: img.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(bottom)),
                // At 72 dpi one pixel is one point; the scale does the rest.
                dpi: Some(72.0),
                scale_x: Some(w / px_w),
                scale_y: Some(h / px_h),
                ..Default::default()
            },
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

    pub(crate) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    pub(crate) fn text_width(&self, kind: FontKind, size: f32, s: &str) -> f32 {
        let m = &self.font(kind).metrics;
        s.chars().map(|c| m.advance_em(c)).sum::<f32>() * size
    }

    pub(crate) fn wrap(&self, kind: FontKind, size: f32, s: &str, width: f32) -> Vec<String> {
        let m = &self.font(kind).metrics;
        wrap(s, width, &|c| m.advance_em(c) * size)
    }

    /// Draws one line of text with its baseline at `baseline` (from the top).
    pub(crate) fn text(&mut self, kind: FontKind, size: f32, x: f32, baseline: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let id = self.font(kind).id.clone();
        let y = self.page_h - baseline;
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
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
        kind: FontKind,
        size: f32,
        x: f32,
        w: f32,
        baseline: f32,
        align: Align,
        s: &str,
    ) {
        let tw = self.text_width(kind, size, s);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(kind, size, x, baseline, s);
    }

    #[allow(dead_code)]
    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32) {
        let h = self.page_h;
        self.ops().push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![
                    printpdf::LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(h - y),
                        },
                        bezier: false,
                    },
                    printpdf::LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(h - y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A rectangle with its top-left corner at (x, y); optionally filled grey.
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: bool) {
        let py = self.page_h - y - h;
        if let Some(g) = fill {
            self.ops().extend([
                Op::SaveGraphicsState,
                Op::SetFillColor {
                    col: Color::Greyscale(Greyscale::new(g, None)),
                },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(py),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                },
                Op::RestoreGraphicsState,
            ]);
        }
        if stroke {
            self.ops().push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(py),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
    }

    /// A wrapped paragraph across the content width, breaking pages between
    /// lines. Indent a first line by starting the text with "　　" (U+3000).
    pub(crate) fn paragraph(&mut self, kind: FontKind, size: f32, lh: f32, align: Align, s: &str) {
        let (x, w) = (self.margin_l, self.content_width());
        for line in self.wrap(kind, size, s, w) {
            self.ensure(lh);
            let base = Self::baseline_in(self.y, lh, size);
            self.text_aligned(kind, size, x, w, base, align, &line);
            self.y += lh;
        }
    }

    /// One line with a left part and a right part (e.g. number and date).
    pub(crate) fn left_right(&mut self, size: f32, lh: f32, left: &str, right: &str) {
        self.ensure(lh);
        let base = Self::baseline_in(self.y, lh, size);
        let (x, w) = (self.margin_l, self.content_width());
        self.text_aligned(FontKind::Body, size, x, w, base, Align::Left, left);
        self.text_aligned(FontKind::Body, size, x, w, base, Align::Right, right);
        self.y += lh;
    }

    /// A ruled table row. When it does not fit in the space left on the page
    /// it is split between lines: the first part stays here, the rest goes on
    /// the next page with each label repeated as "label（续）".
    pub(crate) fn row(&mut self, cells: &[Cell]) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|c| {
                self.wrap(
                    FontKind::Body,
                    CELL_SIZE,
                    &c.text,
                    c.width - 2.0 * CELL_PAD_X,
                )
            })
            .collect();
        let cont_labels: Vec<Vec<String>> = cells
            .iter()
            .map(|c| {
                if c.label && !c.text.is_empty() {
                    self.wrap(
                        FontKind::Body,
                        CELL_SIZE,
                        &format!("{}（续）", c.text),
                        c.width - 2.0 * CELL_PAD_X,
                    )
                } else {
                    Vec::new()
                }
            })
            .collect();
        let mut start = vec![0usize; cells.len()];
        let mut continued = false;
        let mut guard = 0;
        loop {
            guard += 1;
            let labels = if continued { &cont_labels } else { &wrapped };
            let label_lines = cells
                .iter()
                .zip(labels)
                .filter(|(c, _)| c.label)
                .map(|(_, l)| l.len())
                .max()
                .unwrap_or(0);
            let value_lines = cells
                .iter()
                .zip(&wrapped)
                .zip(&start)
                .filter(|((c, _), _)| !c.label)
                .map(|((_, l), s)| l.len().saturating_sub(*s))
                .max()
                .unwrap_or(0);
            let need = label_lines.max(value_lines).max(1);
            let h = (need as f32 * CELL_LH + 2.0 * CELL_PAD_Y).max(ROW_MIN_H);
            if h <= self.remaining() + 0.01 || guard > 1000 {
                self.draw_row(cells, labels, &wrapped, &start, need, h);
                self.y += h;
                return;
            }
            let mut fit = ((self.remaining() - 2.0 * CELL_PAD_Y) / CELL_LH)
                .floor()
                .max(0.0) as usize;
            // No single widowed line on the next page.
            if value_lines > fit && value_lines - fit < 2 && fit > 2 {
                fit -= 1;
            }
            // Split only when a useful piece (2+ lines, labels whole) fits here.
            if fit < 2 || fit < label_lines || value_lines <= fit {
                if self.page_is_fresh() {
                    // Nothing more will fit on a fresh page either: split anyway.
                    let fit = fit.max(1);
                    self.draw_part(cells, labels, &wrapped, &mut start, fit);
                    continued = true;
                    self.new_page();
                    continue;
                }
                self.new_page();
                continue;
            }
            self.draw_part(cells, labels, &wrapped, &mut start, fit);
            continued = true;
            self.new_page();
        }
    }

    fn draw_part(
        &mut self,
        cells: &[Cell],
        labels: &[Vec<String>],
        wrapped: &[Vec<String>],
        start: &mut [usize],
        fit: usize,
    ) {
        let h = self.remaining();
        self.draw_row(cells, labels, wrapped, start, fit, h);
        self.y += h;
        for (i, c) in cells.iter().enumerate() {
            if !c.label {
                start[i] = (start[i] + fit).min(wrapped[i].len());
            }
        }
    }

    fn draw_row(
        &mut self,
        cells: &[Cell],
        labels: &[Vec<String>],
        wrapped: &[Vec<String>],
        start: &[usize],
        max_lines: usize,
        h: f32,
    ) {
        let top = self.y;
        let mut x = self.margin_l;
        for (i, c) in cells.iter().enumerate() {
            self.rect(x, top, c.width, h, c.label.then_some(LABEL_SHADE), true);
            let inner_x = x + CELL_PAD_X;
            let inner_w = c.width - 2.0 * CELL_PAD_X;
            if c.label {
                // Labels are centred vertically (and horizontally by default).
                let lines = &labels[i];
                let block = lines.len() as f32 * CELL_LH;
                let mut line_top = top + (h - block) / 2.0;
                for l in lines {
                    let b = Self::baseline_in(line_top, CELL_LH, CELL_SIZE);
                    self.text_aligned(FontKind::Body, CELL_SIZE, inner_x, inner_w, b, c.align, l);
                    line_top += CELL_LH;
                }
            } else {
                let lines = &wrapped[i];
                let from = start[i].min(lines.len());
                let to = (from + max_lines).min(lines.len());
                let n = to - from;
                // A single line sits in the middle of a short row; longer text
                // starts at the top padding.
                let mut line_top = if n <= 1 {
                    top + (h.min(ROW_MIN_H.max(CELL_LH + 2.0 * CELL_PAD_Y)) - CELL_LH) / 2.0
                } else {
                    top + CELL_PAD_Y
                };
                for l in &lines[from..to] {
                    let b = Self::baseline_in(line_top, CELL_LH, CELL_SIZE);
                    self.text_aligned(FontKind::Body, CELL_SIZE, inner_x, inner_w, b, c.align, l);
                    line_top += CELL_LH;
                }
            }
            x += c.width;
        }
    }

    /// The height a ruled row of `cells` takes when it is not split.
    pub(crate) fn row_height(&self, cells: &[Cell]) -> f32 {
        let lines = cells
            .iter()
            .map(|c| {
                self.wrap(
                    FontKind::Body,
                    CELL_SIZE,
                    &c.text,
                    c.width - 2.0 * CELL_PAD_X,
                )
                .len()
            })
            .max()
            .unwrap_or(1)
            .max(1);
        (lines as f32 * CELL_LH + 2.0 * CELL_PAD_Y).max(ROW_MIN_H)
    }

    /// A ruled table: the `header` row (shaded) and then `rows`. A row that
    /// does not fit moves to the next page, where the header is repeated; the
    /// header always stays with at least one row; a row taller than a page is
    /// split by [`Engine::row`].
    pub(crate) fn table(&mut self, header: &[Cell], rows: &[Vec<Cell>]) {
        let hh = self.row_height(header);
        let first = rows.first().map(|r| self.row_height(r)).unwrap_or(0.0);
        self.ensure(hh + first.min(self.page_h / 3.0));
        self.row(header);
        for r in rows {
            let h = self.row_height(r);
            if h > self.remaining() + 0.01 && !self.page_is_fresh() {
                self.new_page();
                self.row(header);
            }
            self.row(r);
        }
    }

    /// Pages laid out so far.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Finishes the document: adds "第 i 页 共 n 页" to every page.
    pub(crate) fn finish(mut self) -> Vec<PdfPage> {
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(n);
        for (i, mut ops) in pages.into_iter().enumerate() {
            let footer = format!("第 {} 页 共 {} 页", i + 1, n);
            let size = 9.0;
            let w = self.text_width(FontKind::Body, size, &footer);
            let x = (self.page_w - w) / 2.0;
            let baseline = self.page_h - mm(11.0);
            self.pages = vec![Vec::new()];
            self.text(FontKind::Body, size, x, baseline, &footer);
            let mut foot = self.pages.pop().unwrap_or_default();
            ops.append(&mut foot);
            out.push(PdfPage::new(
                printpdf::Mm(self.page_w / PT_PER_MM),
                printpdf::Mm(self.page_h / PT_PER_MM),
                ops,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A monospace stand-in for a CJK font: ideographs and full-width
    /// punctuation are 1 em, Latin letters, digits and spaces half an em.
    fn adv(ch: char) -> f32 {
        if ch.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        wrap(text, width, &adv)
    }

    #[test]
    fn chinese_text_breaks_between_any_two_characters() {
        assert_eq!(
            lines("本单位已登记受理您反映的问题", 5.0),
            vec!["本单位已登", "记受理您反", "映的问题"]
        );
    }

    #[test]
    fn latin_words_and_numbers_are_kept_whole() {
        // "13800138000" is 5.5 em: it moves to the next line rather than split.
        assert_eq!(
            lines("电话13800138000联系", 6.0),
            vec!["电话", "13800138000", "联系"]
        );
        assert_eq!(
            lines("send an email to the office", 4.0),
            vec!["send an", "email to", "the", "office"]
        );
    }

    #[test]
    fn mixed_text_breaks_between_chinese_and_latin() {
        assert_eq!(
            lines("于2026年提交PDF文件", 4.0),
            vec!["于2026年", "提交PDF", "文件"]
        );
    }

    #[test]
    fn a_line_never_starts_with_closing_punctuation() {
        // "。" would start line 2; the character before it comes down with it.
        assert_eq!(lines("甲乙丙丁。戊己", 4.0), vec!["甲乙丙", "丁。戊己"]);
        assert_eq!(lines("甲乙丙丁，、戊", 4.0), vec!["甲乙丙", "丁，、戊"]);
        assert_eq!(lines("甲乙丙丁）", 4.0), vec!["甲乙丙", "丁）"]);
        // A lone word cannot come down: the punctuation hangs instead.
        assert_eq!(lines("abcdefgh、甲", 4.0), vec!["abcdefgh、", "甲"]);
    }

    #[test]
    fn a_line_never_ends_with_opening_punctuation() {
        assert_eq!(lines("甲乙丙《丁戊》", 4.0), vec!["甲乙丙", "《丁戊》"]);
        assert_eq!(lines("甲乙丙（丁）", 4.0), vec!["甲乙丙", "（丁）"]);
        assert_eq!(lines("甲乙丙（丁戊", 4.0), vec!["甲乙丙", "（丁戊"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_by_characters() {
        assert_eq!(
            lines("abcdefghijklmnop", 3.0),
            vec!["abcdef", "ghijkl", "mnop"]
        );
        // It first fills the rest of the current line.
        assert_eq!(lines("甲abcdefgh", 3.0), vec!["甲abcd", "efgh"]);
    }

    #[test]
    fn newlines_start_new_lines_and_empty_lines_are_kept() {
        assert_eq!(
            lines("第一段\n\n第二段", 10.0),
            vec!["第一段", "", "第二段"]
        );
        assert_eq!(lines("", 10.0), vec![""]);
    }

    #[test]
    fn spaces_at_the_end_of_a_line_disappear() {
        assert_eq!(lines("ab cd ef", 2.0), vec!["ab", "cd", "ef"]);
    }

    #[test]
    fn every_character_is_kept_in_order() {
        let text = "本单位将自收到之日起30日内调查处理，处理完毕后5日内书面答复。（附件：证据材料A-1、A-2）";
        for w in [2.0, 3.0, 5.0, 7.5, 11.0, 40.0] {
            let joined: String = lines(text, w).concat();
            assert_eq!(joined, text, "width {w}");
            for l in lines(text, w).iter().skip(1) {
                let first = l.chars().next().unwrap();
                assert!(!is_no_line_start(first), "width {w}: line {l:?}");
            }
        }
    }
}
