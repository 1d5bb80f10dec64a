//! The periodic report's charts, drawn as vector graphics at print size from
//! the report's figures: the Pareto of categories (bars and the cumulative
//! line), the monthly trend and the on-time rate per department against its
//! target. Every label is at least 9 pt.

use super::fonts::Role;
use super::layout::{mm, Align, Engine};
use super::pdf::{Color, Stroke};
use crate::domain::report::percent;
use crate::domain::stats::{ParetoRow, Rate};

/// Label text size (never smaller on paper).
const LABEL: f32 = 9.0;
const LABEL_LH: f32 = 11.0;
const BAR: Color = Color(0.27, 0.45, 0.70);
const LINE: Color = Color(0.85, 0.33, 0.10);
const GOOD: Color = Color(0.20, 0.60, 0.35);
const BAD: Color = Color(0.85, 0.33, 0.10);
const AXIS: Color = Color(0.25, 0.25, 0.25);
const GRIDLINE: Color = Color(0.85, 0.85, 0.85);
/// Most bars a Pareto chart shows; the rest are summed as "其他".
const MAX_BARS: usize = 12;

/// A step of 1, 2 or 5 × 10ⁿ giving at most five ticks up to `max`.
pub(crate) fn nice_step(max: u64) -> u64 {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max.div_ceil(step * m) <= 5 {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// A label shortened to `lines` lines of `width` points, "…" if cut.
fn fit_label(e: &Engine<'_>, s: &str, width: f32, lines: usize) -> Vec<String> {
    let mut out = e.wrap(Role::Song, LABEL, s, width);
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            while !last.is_empty() && e.text_width(Role::Song, LABEL, &format!("{last}…")) > width
            {
                last.pop();
            }
            last.push('…');
        }
    }
    out
}

fn caption(e: &mut Engine<'_>, text: &str) {
    e.paragraph(Role::Hei, 10.5, 16.0, Align::Center, text);
}

/// Horizontal grid lines and the value axis at the left of a plot area.
#[allow(clippy::too_many_arguments)]
fn value_axis(e: &mut Engine<'_>, x: f32, top: f32, w: f32, h: f32, max: u64, step: u64) {
    let scale_max = max.div_ceil(step).max(1) * step;
    let mut v = 0;
    while v <= scale_max {
        let y = top + h - h * v as f32 / scale_max as f32;
        if v > 0 {
            e.line(&[(x, y), (x + w, y)], Stroke::new(0.4, GRIDLINE));
        }
        let b = y + LABEL * 0.35;
        e.text_aligned(
            Role::Song,
            LABEL,
            x - mm(12.0),
            mm(10.5),
            b,
            Align::Right,
            &v.to_string(),
        );
        v += step;
    }
    e.line(&[(x, top), (x, top + h)], Stroke::new(0.8, AXIS));
    e.line(&[(x, top + h), (x + w, top + h)], Stroke::new(0.8, AXIS));
}

/// 问题类别帕累托图: bars by count, largest first, the cumulative share as a
/// line against a 0–100 % axis at the right, and the 80 % line dashed.
pub(crate) fn pareto(e: &mut Engine<'_>, rows: &[ParetoRow], total: u64, title: &str) {
    let mut bars: Vec<(String, u64, i64)> = rows
        .iter()
        .take(MAX_BARS)
        .map(|r| (r.label.clone(), r.count, r.cumulative_bp))
        .collect();
    if rows.len() > MAX_BARS {
        let rest: u64 = rows[MAX_BARS..].iter().map(|r| r.count).sum();
        bars.push(("其他".into(), rest, 10_000));
    }
    let label_lines = 3;
    let height = mm(62.0) + label_lines as f32 * LABEL_LH + 2.0 * 16.0;
    e.ensure(height);
    let (x0, w) = (e.margin_l + mm(14.0), e.content_width() - mm(28.0));
    let top = e.y + mm(7.0);
    let h = mm(55.0);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0);
    let step = nice_step(max);
    let scale_max = (max.div_ceil(step).max(1) * step) as f32;
    value_axis(e, x0, top, w, h, max, step);
    // The percentage axis at the right.
    for pct in (0..=100).step_by(20) {
        let y = top + h - h * pct as f32 / 100.0;
        let b = y + LABEL * 0.35;
        e.text(Role::Song, LABEL, x0 + w + mm(1.5), b, &format!("{pct}%"));
    }
    e.line(&[(x0 + w, top), (x0 + w, top + h)], Stroke::new(0.8, AXIS));
    let n = bars.len().max(1) as f32;
    let slot = w / n;
    let bw = slot * 0.62;
    let mut points = Vec::new();
    for (i, (label, count, cum)) in bars.iter().enumerate() {
        let cx = x0 + slot * (i as f32 + 0.5);
        let bh = h * *count as f32 / scale_max;
        let btop = top + h - bh;
        if bh > 0.0 {
            e.polygon(
                &[
                    (cx - bw / 2.0, btop),
                    (cx + bw / 2.0, btop),
                    (cx + bw / 2.0, top + h),
                    (cx - bw / 2.0, top + h),
                ],
                Some(BAR),
                None,
            );
        }
        e.text_aligned(
            Role::Song,
            LABEL,
            cx - slot / 2.0,
            slot,
            btop - 2.0,
            Align::Center,
            &count.to_string(),
        );
        let mut ly = top + h + LABEL_LH;
        for l in fit_label(e, label, slot - 2.0, label_lines) {
            e.text_aligned(
                Role::Song,
                LABEL,
                cx - slot / 2.0,
                slot,
                ly,
                Align::Center,
                &l,
            );
            ly += LABEL_LH;
        }
        points.push((cx, top + h - h * (*cum as f32 / 10_000.0).min(1.0)));
    }
    if !bars.is_empty() {
        let y80 = top + h * 0.2;
        let dashed = Stroke {
            width: 0.6,
            color: LINE,
            dash: Some((3.0, 2.0)),
        };
        e.line(&[(x0, y80), (x0 + w, y80)], dashed);
        e.line(&points, Stroke::new(1.4, LINE));
        for (x, y) in &points {
            let r = 2.2;
            e.polygon(
                &[(x - r, *y), (*x, y - r), (x + r, *y), (*x, y + r)],
                Some(LINE),
                None,
            );
        }
    }
    e.text(Role::Song, LABEL, x0 - mm(12.0), top - 9.0, "件数");
    e.text(Role::Song, LABEL, x0 + w + mm(1.5), top - 9.0, "累计占比");
    e.y = top + h + label_lines as f32 * LABEL_LH + mm(3.0);
    caption(e, &format!("{title}（共{total}件）"));
}

/// 月度趋势: cases received per month, a line with each month's figure.
pub(crate) fn trend(e: &mut Engine<'_>, months: &[(String, u64)], title: &str) {
    let height = mm(55.0) + 2.0 * LABEL_LH + 16.0;
    e.ensure(height);
    let (x0, w) = (e.margin_l + mm(14.0), e.content_width() - mm(20.0));
    let top = e.y + mm(7.0);
    let h = mm(45.0);
    let max = months.iter().map(|m| m.1).max().unwrap_or(0);
    let step = nice_step(max);
    let scale_max = (max.div_ceil(step).max(1) * step) as f32;
    value_axis(e, x0, top, w, h, max, step);
    let n = months.len().max(1) as f32;
    let slot = w / n;
    let years: std::collections::BTreeSet<&str> = months
        .iter()
        .filter_map(|(m, _)| m.split('-').next())
        .collect();
    let points: Vec<(f32, f32)> = months
        .iter()
        .enumerate()
        .map(|(i, (_, c))| {
            (
                x0 + slot * (i as f32 + 0.5),
                top + h - h * *c as f32 / scale_max,
            )
        })
        .collect();
    if points.len() > 1 {
        e.line(&points, Stroke::new(1.4, BAR));
    }
    for (i, ((m, c), (x, y))) in months.iter().zip(&points).enumerate() {
        let r = 2.4;
        e.polygon(
            &[
                (x - r, y - r),
                (x + r, y - r),
                (x + r, y + r),
                (x - r, y + r),
            ],
            Some(BAR),
            None,
        );
        e.text_aligned(
            Role::Song,
            LABEL,
            x - slot / 2.0,
            slot,
            y - 4.0,
            Align::Center,
            &c.to_string(),
        );
        let (year, month) = m.split_once('-').unwrap_or((m.as_str(), ""));
        let month = month.trim_start_matches('0');
        // Every label when they fit, else every other one.
        let every = if slot < mm(9.0) { 2 } else { 1 };
        if i % every == 0 {
            let label = if years.len() > 1 {
                format!("{}年{month}月", &year[year.len().saturating_sub(2)..])
            } else {
                format!("{month}月")
            };
            let b = top + h + LABEL_LH;
            e.text_aligned(
                Role::Song,
                LABEL,
                x - slot,
                2.0 * slot,
                b,
                Align::Center,
                &label,
            );
        }
    }
    e.text(Role::Song, LABEL, x0 - mm(12.0), top - 9.0, "件数");
    e.y = top + h + 2.0 * LABEL_LH;
    let span = match years.iter().collect::<Vec<_>>().as_slice() {
        [one] => format!("（{one}年）"),
        _ => String::new(),
    };
    caption(e, &format!("{title}{span}"));
}

/// 各部门按时办结率: one bar per department, green when it meets its target
/// and orange when not, the target as a dashed line.
pub(crate) fn on_time(e: &mut Engine<'_>, rows: &[(String, Rate)], title: &str) {
    let bar_h = 16.0;
    let height = rows.len() as f32 * (bar_h + 6.0) + 2.0 * LABEL_LH + 16.0 + mm(6.0);
    e.ensure(height.min(e.bottom() - e.margin_t));
    let label_w = mm(38.0);
    let value_w = mm(30.0);
    let x0 = e.margin_l + label_w;
    let w = e.content_width() - label_w - value_w;
    let top = e.y + mm(3.0);
    let mut y = top;
    for (dept, rate) in rows {
        e.ensure(bar_h + 6.0);
        if e.page_is_fresh() {
            y = e.y;
        }
        let name = if dept.trim().is_empty() {
            "（未指定）".to_string()
        } else {
            dept.clone()
        };
        let lines = fit_label(e, &name, label_w - mm(2.0), 2);
        let mut ly = y + bar_h / 2.0 - (lines.len() as f32 - 1.0) * LABEL_LH / 2.0 + LABEL * 0.35;
        for l in &lines {
            e.text_aligned(
                Role::Song,
                LABEL,
                e.margin_l,
                label_w - mm(2.0),
                ly,
                Align::Right,
                l,
            );
            ly += LABEL_LH;
        }
        let share = rate.bp.unwrap_or(0).clamp(0, 10_000) as f32 / 10_000.0;
        let colour = match rate.meets_target {
            Some(true) => GOOD,
            Some(false) => BAD,
            None => GRIDLINE,
        };
        if share > 0.0 {
            e.polygon(
                &[
                    (x0, y),
                    (x0 + w * share, y),
                    (x0 + w * share, y + bar_h),
                    (x0, y + bar_h),
                ],
                Some(colour),
                None,
            );
        }
        let value = match rate.bp {
            Some(bp) => format!("{}（{}/{}）", percent(bp), rate.numerator, rate.denominator),
            None => "—".to_string(),
        };
        e.text(
            Role::Song,
            LABEL,
            x0 + w * share + 3.0,
            y + bar_h / 2.0 + LABEL * 0.35,
            &value,
        );
        let tx = x0 + w * (rate.target_bp.clamp(0, 10_000) as f32 / 10_000.0);
        let dashed = Stroke {
            width: 0.8,
            color: AXIS,
            dash: Some((2.0, 1.5)),
        };
        e.line(&[(tx, y - 2.0), (tx, y + bar_h + 2.0)], dashed);
        y += bar_h + 6.0;
        e.y = y;
    }
    // The scale under the bars.
    e.line(&[(x0, y), (x0 + w, y)], Stroke::new(0.8, AXIS));
    for pct in (0..=100).step_by(20) {
        let x = x0 + w * pct as f32 / 100.0;
        e.line(&[(x, y), (x, y + 3.0)], Stroke::new(0.8, AXIS));
        e.text_aligned(
            Role::Song,
            LABEL,
            x - 20.0,
            40.0,
            y + 3.0 + LABEL_LH,
            Align::Center,
            &format!("{pct}%"),
        );
    }
    e.y = y + 3.0 + LABEL_LH + mm(2.0);
    let target = rows
        .first()
        .map(|(_, r)| format!("（虚线为目标 {}）", crate::domain::report::target_text(r)))
        .unwrap_or_default();
    caption(e, &format!("{title}{target}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round_and_give_at_most_five_ticks() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(4), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(23), 5);
        assert_eq!(nice_step(48), 10);
        assert_eq!(nice_step(120), 50);
        assert_eq!(nice_step(9_999), 2_000);
        for max in [1u64, 3, 9, 11, 99, 101, 12_345] {
            assert!(max.div_ceil(nice_step(max)) <= 5, "{max}");
        }
    }
}
