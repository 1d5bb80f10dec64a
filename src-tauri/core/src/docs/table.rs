//! Ruled tables of the forms (slip, report): rows whose cells wrap, label
//! cells shaded, a row too tall for the page split across pages with its
//! labels repeated as "label（续）", a header row repeated on every page.

use super::layout::{Align, Engine, PT_PER_MM};

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
pub(crate) const ROW_MIN_H: f32 = 7.5 * PT_PER_MM;
const LABEL_SHADE: f32 = 0.93;

impl Engine<'_> {
    /// A ruled table row. When it does not fit in the space left on the page
    /// it is split between lines: the first part stays here, the rest goes on
    /// the next page with each label repeated as "label（续）".
    pub(crate) fn row(&mut self, cells: &[Cell]) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|c| {
                self.wrap(
                    self.body,
                    self.cell_size,
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
                        self.body,
                        self.cell_size,
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
            let h = (need as f32 * self.cell_lh + 2.0 * CELL_PAD_Y).max(ROW_MIN_H);
            if h <= self.remaining() + 0.01 || guard > 1000 {
                self.draw_row(cells, labels, &wrapped, &start, need, h);
                self.y += h;
                return;
            }
            let mut fit = ((self.remaining() - 2.0 * CELL_PAD_Y) / self.cell_lh)
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
                let block = lines.len() as f32 * self.cell_lh;
                let mut line_top = top + (h - block) / 2.0;
                for l in lines {
                    let b = Self::baseline_in(line_top, self.cell_lh, self.cell_size);
                    self.text_aligned(self.body, self.cell_size, inner_x, inner_w, b, c.align, l);
                    line_top += self.cell_lh;
                }
            } else {
                let lines = &wrapped[i];
                let from = start[i].min(lines.len());
                let to = (from + max_lines).min(lines.len());
                let n = to - from;
                // A single line sits in the middle of a short row; longer text
                // starts at the top padding.
                let mut line_top = if n <= 1 {
                    top + (h.min(ROW_MIN_H.max(self.cell_lh + 2.0 * CELL_PAD_Y)) - self.cell_lh)
                        / 2.0
                } else {
                    top + CELL_PAD_Y
                };
                for l in &lines[from..to] {
                    let b = Self::baseline_in(line_top, self.cell_lh, self.cell_size);
                    self.text_aligned(self.body, self.cell_size, inner_x, inner_w, b, c.align, l);
                    line_top += self.cell_lh;
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
                    self.body,
                    self.cell_size,
                    &c.text,
                    c.width - 2.0 * CELL_PAD_X,
                )
                .len()
            })
            .max()
            .unwrap_or(1)
            .max(1);
        (lines as f32 * self.cell_lh + 2.0 * CELL_PAD_Y).max(ROW_MIN_H)
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
}
