//! The periodic report as PDF: letterhead, title 「2026年11月 投诉举报工作月报」,
//! the figures against their targets, the charts drawn as vector graphics
//! from the report's figures ([`super::chart`]: Pareto, monthly trend,
//! on-time per department), the same figures in tables, and the overdue and
//! repeated cases — identity masked.

use super::chart;
use super::fonts::Role;
use super::layout::{mm, Align, Engine};
use super::table::Cell;
use super::{date_zh, datetime_zh, render, DocFonts, FORM_ROLES};
use crate::domain::case::OfficeInfo;
use crate::domain::report::{percent, target_text, PeriodReport, ReportCase};
use crate::error::Result;

/// Most cases each list of the PDF shows; the workbook lists them all.
pub const MAX_LISTED: usize = 500;

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn met(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "—",
    }
}

/// The report as PDF bytes (A4 portrait, page numbers, tables that continue
/// on the next page with their header repeated).
pub fn render_period_report(
    report: &PeriodReport,
    office: &OfficeInfo,
    fonts: &DocFonts,
) -> Result<Vec<u8>> {
    let logo = super::office_logo(office)?;
    render(&report.title, fonts, FORM_ROLES, logo.as_ref(), |e| {
        lay_out(e, report, office);
        Ok(())
    })
}

fn lay_out(e: &mut Engine<'_>, r: &PeriodReport, office: &OfficeInfo) {
    // Wider text column than a letter: the case lists have eight columns.
    e.margin_l = mm(15.0);
    e.margin_r = mm(15.0);
    e.letterhead(|e| {
        let name = office.name.trim();
        if !name.is_empty() {
            e.paragraph(Role::Hei, 14.0, 22.0, Align::Center, name);
        }
    });
    e.gap(mm(2.0));
    e.paragraph(Role::Hei, 18.0, 28.0, Align::Center, &r.title);
    e.gap(mm(1.0));
    e.left_right(
        10.5,
        18.0,
        &format!("统计期间：{}至{}", date_zh(&r.from), date_zh(&r.to)),
        &format!("生成时间：{}", datetime_zh(&r.generated_at)),
    );
    e.paragraph(
        Role::Song,
        9.0,
        14.0,
        Align::Left,
        "说明：统计收到日期在本期内的案件；投诉（举报）人身份信息已脱敏。",
    );
    if !r.audit_last_hash.is_empty() {
        // The audit trail's head: a history cut short or rebuilt later no
        // longer holds this entry with this hash.
        e.paragraph(
            Role::Song,
            9.0,
            14.0,
            Align::Left,
            &format!(
                "审计链：截至生成时共{}条记录，末条哈希 {}",
                r.audit_entries, r.audit_last_hash
            ),
        );
    }
    e.gap(mm(3.0));
    e.running_header = Some(format!("{}（续）", r.title));

    let mut section = 0usize;
    let mut heading = |e: &mut Engine<'_>, text: &str| {
        let n = NUMERALS.get(section).copied().unwrap_or("十");
        section += 1;
        e.gap(mm(2.0));
        e.ensure(22.0 + mm(20.0));
        e.paragraph(Role::Hei, 13.0, 22.0, Align::Left, &format!("{n}、{text}"));
        e.gap(mm(1.0));
    };
    let w = e.content_width();

    // Figures.
    heading(e, "主要指标");
    let cols = [w * 0.40, w * 0.28, w * 0.17, w * 0.15];
    let head = |names: &[&str], cols: &[f32]| -> Vec<Cell> {
        names
            .iter()
            .zip(cols)
            .map(|(n, w)| Cell::label(*w, *n))
            .collect()
    };
    let rows: Vec<Vec<Cell>> = r
        .figures
        .iter()
        .map(|f| {
            let target = match f.key {
                "on_time" | "resolution" | "satisfaction" | "recurrence" => {
                    let rate = match f.key {
                        "on_time" => &r.dashboard.on_time,
                        "resolution" => &r.dashboard.resolution,
                        "satisfaction" => &r.dashboard.satisfaction,
                        _ => &r.dashboard.recurrence,
                    };
                    target_text(rate)
                }
                _ => "—".into(),
            };
            vec![
                Cell::value(cols[0], f.label_zh),
                Cell::value(cols[1], f.text.clone()),
                Cell::value(cols[2], target),
                Cell::value(cols[3], met(f.meets_target)),
            ]
        })
        .collect();
    e.table(&head(&["指标", "数值", "目标", "是否达标"], &cols), &rows);

    // Charts, drawn from the figures.
    heading(e, "统计图表");
    let d = &r.dashboard;
    if d.pareto.is_empty() {
        e.paragraph(
            Role::Song,
            10.5,
            18.0,
            Align::Left,
            "本期没有案件，无图表。",
        );
    } else {
        chart::pareto(e, &d.pareto, d.total, "图1　问题类别帕累托图");
        e.gap(mm(4.0));
        chart::trend(e, &d.monthly, "图2　月度受理件数趋势");
        e.gap(mm(4.0));
        let depts: Vec<(String, crate::domain::stats::Rate)> = d
            .on_time_by_department
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !depts.is_empty() {
            chart::on_time(e, &depts, "图3　各部门按时办结率");
        }
    }

    // Pareto of categories.
    heading(e, "问题类别分布（帕累托）");
    let cols = [w * 0.10, w * 0.45, w * 0.13, w * 0.16, w * 0.16];
    let total = r.dashboard.total;
    let rows: Vec<Vec<Cell>> = r
        .dashboard
        .pareto
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let share = (p.count * 10_000).checked_div(total).unwrap_or(0) as i64;
            vec![
                Cell::value(cols[0], (i + 1).to_string()),
                Cell::value(cols[1], p.label.clone()),
                Cell::value(cols[2], p.count.to_string()),
                Cell::value(cols[3], percent(share)),
                Cell::value(cols[4], percent(p.cumulative_bp)),
            ]
        })
        .collect();
    if rows.is_empty() {
        e.paragraph(Role::Song, 10.5, 18.0, Align::Left, "本期没有案件。");
    } else {
        e.table(
            &head(&["序号", "问题类别", "件数", "占比", "累计占比"], &cols),
            &rows,
        );
    }

    // Monthly trend.
    heading(e, "月度趋势");
    let cols = [w * 0.5, w * 0.5];
    let rows: Vec<Vec<Cell>> = r
        .dashboard
        .monthly
        .iter()
        .map(|(m, n)| {
            vec![
                Cell::value(cols[0], month_zh(m)),
                Cell::value(cols[1], n.to_string()),
            ]
        })
        .collect();
    if rows.is_empty() {
        e.paragraph(Role::Song, 10.5, 18.0, Align::Left, "本期没有案件。");
    } else {
        e.table(&head(&["月份", "受理件数"], &cols), &rows);
    }

    // On time per department.
    heading(e, "各部门按时办结率");
    let cols = [w * 0.34, w * 0.22, w * 0.16, w * 0.14, w * 0.14];
    let rows: Vec<Vec<Cell>> = r
        .dashboard
        .on_time_by_department
        .iter()
        .map(|(dept, rate)| {
            vec![
                Cell::value(
                    cols[0],
                    if dept.trim().is_empty() {
                        "（未指定）".to_string()
                    } else {
                        dept.clone()
                    },
                ),
                Cell::value(cols[1], format!("{}/{}", rate.numerator, rate.denominator)),
                Cell::value(cols[2], rate.bp.map(percent).unwrap_or_else(|| "—".into())),
                Cell::value(cols[3], target_text(rate)),
                Cell::value(cols[4], met(rate.meets_target)),
            ]
        })
        .collect();
    if rows.is_empty() {
        e.paragraph(
            Role::Song,
            10.5,
            18.0,
            Align::Left,
            "本期没有已到期的办理期限。",
        );
    } else {
        e.table(
            &head(
                &["承办部门", "按时/应计", "按时率", "目标", "是否达标"],
                &cols,
            ),
            &rows,
        );
    }

    heading(e, &format!("超期案件（{}件）", r.overdue.len()));
    case_list(e, &r.overdue, true, "本期没有超期案件。");
    heading(e, &format!("重复投诉（{}件）", r.repeated.len()));
    case_list(e, &r.repeated, false, "本期没有重复投诉。");
}

/// "2026-11" → "2026年11月".
fn month_zh(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mm)) => format!("{y}年{}月", mm.trim_start_matches('0')),
        None => m.to_string(),
    }
}

fn case_list(e: &mut Engine<'_>, list: &[ReportCase], overdue: bool, empty: &str) {
    if list.is_empty() {
        e.paragraph(Role::Song, 10.5, 18.0, Align::Left, empty);
        return;
    }
    let w = e.content_width();
    let mut names = vec![
        "编号",
        "收到日期",
        "问题类别",
        "承办部门",
        "承办人",
        "状态",
        "反映人",
    ];
    let mut frac = vec![0.18, 0.13, 0.19, 0.13, 0.10, 0.11, 0.09];
    if overdue {
        names.push("超期");
        frac.push(0.07);
    } else {
        frac[2] += 0.04;
        frac[3] += 0.03;
    }
    let cols: Vec<f32> = frac.iter().map(|f| w * f).collect();
    let header: Vec<Cell> = names
        .iter()
        .zip(&cols)
        .map(|(n, w)| Cell::label(*w, *n))
        .collect();
    let rows: Vec<Vec<Cell>> = list
        .iter()
        .take(MAX_LISTED)
        .map(|c| {
            let mut row = vec![
                Cell::value(cols[0], c.number.clone()),
                Cell::value(cols[1], c.received.clone()),
                Cell::value(cols[2], c.category.clone()),
                Cell::value(cols[3], c.department.clone()),
                Cell::value(cols[4], c.handler.clone()),
                Cell::value(cols[5], c.status.clone()),
                Cell::value(cols[6], c.complainant.clone()),
            ];
            if overdue {
                row.push(Cell::value(
                    cols[7],
                    c.days_overdue
                        .map(|d| format!("{d}天"))
                        .unwrap_or_else(|| "—".into()),
                ));
            }
            row
        })
        .collect();
    e.table(&header, &rows);
    if list.len() > MAX_LISTED {
        e.gap(mm(1.0));
        e.paragraph(
            Role::Song,
            10.5,
            18.0,
            Align::Left,
            &format!(
                "以上列出前{MAX_LISTED}件，另有{}件未列出，完整清单见同期 Excel 工作簿。",
                list.len() - MAX_LISTED
            ),
        );
    }
}
