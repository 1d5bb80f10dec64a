//! The periodic report (周报/月报/季报/年报): the dashboard's figures for a
//! period with the lists of overdue and repeated cases (identities always
//! masked), as data, as a PDF (laid out in `docs::report`) and as an XLSX
//! workbook (written here with rust_xlsxwriter).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::{handling, stats, Bytes, Ctx, Read};
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::report::{self, bp_fraction, met_zh, Period, PeriodReport, ReportCase, SHEETS};
use crate::domain::stats::StatsQuery;
use crate::domain::workflow::Status;
use crate::error::{DeskError, Result};
use crate::store::{self, settings};

/// A report's period and the filter narrowing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeriodQuery {
    pub period: Period,
    #[serde(default)]
    pub filter: StatsQuery,
}

pub(crate) fn figures(ctx: &Ctx, q: PeriodQuery) -> Result<PeriodReport> {
    ctx.read(|r| gather(r, &q.period, &q.filter))
}

pub(crate) fn pdf(ctx: &Ctx, q: PeriodQuery) -> Result<Bytes> {
    ctx.read(|r| {
        let report = gather(r, &q.period, &q.filter)?;
        let office = settings::office(r.conn, true)?;
        let fonts = r.desk.fonts(r.conn)?;
        crate::docs::render_period_report(&report, &office, &fonts).map(Bytes)
    })
}

pub(crate) fn xlsx(ctx: &Ctx, q: PeriodQuery) -> Result<Bytes> {
    ctx.read(|r| workbook(&gather(r, &q.period, &q.filter)?).map(Bytes))
}

/// The report for `period`, narrowed by `filter` (its from/to are
/// replaced by the period's days). The figures are the dashboard's.
pub(crate) fn gather(r: &Read, period: &Period, filter: &StatsQuery) -> Result<PeriodReport> {
    let (from, to) = period.range()?;
    let q = StatsQuery {
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        ..filter.clone()
    };
    // The rows are loaded once: the dashboard is worked out from them, and
    // so are the days overdue of the cases it lists.
    let (f, args) = stats::filter(&q)?;
    let policy = settings::policy(r.conn)?;
    let cal = settings::calendar(r.conn)?;
    let rows = stats::load_rows(r, &f, &args)?;
    let dashboard = crate::domain::stats::dashboard(
        &rows,
        &policy,
        &cal,
        r.now,
        q.recurrence_window_days.unwrap_or(90),
    );
    let inputs: std::collections::HashMap<i64, &crate::domain::deadlines::DeadlineInputs> =
        rows.iter().map(|x| (x.id, &x.deadlines)).collect();
    let mut memo = crate::domain::deadlines::DueMemo::new();
    let now = r.now_text();
    let today = Some(r.now.date());
    // Read only what the lists show (not the whole case with its history).
    let mut case_st = r.conn.prepare_cached(
        "SELECT number, received_at, category, handling_department, status, anonymous
         FROM cases WHERE id = ?1",
    )?;
    let mut people_st = r
        .conn
        .prepare_cached("SELECT name, phone FROM complainants WHERE case_id = ?1 ORDER BY ord")?;
    let mut case = |id: i64, overdue: bool| -> Result<ReportCase> {
        let (number, received, category, department, status, anonymous) =
            case_st.query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?;
        let people: Vec<(String, String)> = people_st
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let days_overdue = match (overdue, inputs.get(&id)) {
            (true, Some(i)) => {
                crate::domain::deadlines::parts(&policy, &cal, r.now, i, Some(&mut memo))
                    .iter()
                    .filter(|d| d.state == crate::domain::deadlines::DueState::Overdue)
                    .map(|d| today.map(|t| (t - d.due.at.date()).num_days()).unwrap_or(0))
                    .max()
            }
            _ => None,
        };
        let complainant = if anonymous {
            "匿名".to_string()
        } else {
            people
                .iter()
                .map(|(n, _)| mask_name(n.trim()))
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join("、")
        };
        let phone = people
            .iter()
            .map(|(_, p)| mask_phone(p))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("、");
        Ok(ReportCase {
            id,
            number,
            received: received.chars().take(10).collect(),
            category: policy
                .category(&category)
                .map(|c| c.name_zh.clone())
                .unwrap_or(category),
            department,
            handler: handling::owner(r.conn, id)?,
            status: Status::from_code(&status)
                .map(|s| s.label_zh().to_string())
                .unwrap_or(status),
            complainant,
            phone,
            days_overdue,
        })
    };
    let overdue = dashboard
        .overdue_now
        .iter()
        .map(|id| case(*id, true))
        .collect::<Result<Vec<_>>>()?;
    let repeated = dashboard
        .recurrence
        .drill_down
        .iter()
        .map(|id| case(*id, false))
        .collect::<Result<Vec<_>>>()?;
    let head = store::history::head(r.conn)?;
    Ok(PeriodReport {
        title: period.title_zh()?,
        period: period.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        generated_at: now,
        figures: report::figures(&dashboard),
        dashboard,
        overdue,
        repeated,
        audit_entries: head.entries,
        audit_last_hash: head.last_hash,
    })
}

/// The report's figures as an XLSX workbook (sheets [`SHEETS`]): rates are
/// number cells with a percentage format, counts are numbers.
pub fn workbook(r: &PeriodReport) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};
    let xerr = |e: rust_xlsxwriter::XlsxError| DeskError::Document(format!("XLSX: {e}"));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#EDEDED");
    let pct = Format::new().set_num_format("0.00%");
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Left);

    fn header(
        ws: &mut Worksheet,
        row: u32,
        cols: &[&str],
        f: &Format,
        widths: &[f64],
    ) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        for (i, c) in cols.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, *c, f)?;
            ws.set_column_width(i as u16, widths.get(i).copied().unwrap_or(14.0))?;
        }
        ws.set_freeze_panes(row + 1, 0)?;
        Ok(())
    }

    // 指标
    {
        let ws = wb.add_worksheet().set_name(SHEETS[0]).map_err(xerr)?;
        ws.write_string_with_format(0, 0, &r.title, &title_fmt)
            .map_err(xerr)?;
        ws.write_string(1, 0, format!("统计期间：{} 至 {}", r.from, r.to))
            .map_err(xerr)?;
        header(
            ws,
            3,
            &["指标", "数值（分子）", "分母", "比率", "目标", "是否达标"],
            &bold,
            &[28.0, 14.0, 10.0, 12.0, 12.0, 10.0],
        )
        .map_err(xerr)?;
        for (i, f) in r.figures.iter().enumerate() {
            let row = 4 + i as u32;
            ws.write_string(row, 0, f.label_zh).map_err(xerr)?;
            match (f.key, f.value) {
                ("avg_handling", _) => {
                    if let Some(x100) = r.dashboard.avg_handling_wd_x100 {
                        ws.write_number(row, 1, x100 as f64 / 100.0).map_err(xerr)?;
                    }
                }
                (_, Some(v)) => {
                    ws.write_number(row, 1, v as f64).map_err(xerr)?;
                }
                _ => {}
            }
            if let Some(d) = f.denominator {
                ws.write_number(row, 2, d as f64).map_err(xerr)?;
            }
            if let Some(bp) = f.bp {
                ws.write_number_with_format(row, 3, bp_fraction(bp), &pct)
                    .map_err(xerr)?;
            }
            if let Some(t) = f.target_bp {
                ws.write_number_with_format(row, 4, bp_fraction(t), &pct)
                    .map_err(xerr)?;
                ws.write_string(row, 5, met_zh(f.meets_target))
                    .map_err(xerr)?;
            }
        }
    }
    // 问题类别
    {
        let ws = wb.add_worksheet().set_name(SHEETS[1]).map_err(xerr)?;
        header(
            ws,
            0,
            &["问题类别", "代码", "件数", "占比", "累计占比"],
            &bold,
            &[30.0, 14.0, 8.0, 10.0, 10.0],
        )
        .map_err(xerr)?;
        let total = r.dashboard.total;
        for (i, p) in r.dashboard.pareto.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &p.label).map_err(xerr)?;
            ws.write_string(row, 1, &p.category).map_err(xerr)?;
            ws.write_number(row, 2, p.count as f64).map_err(xerr)?;
            let share = (p.count * 10_000).checked_div(total).unwrap_or(0) as i64;
            ws.write_number_with_format(row, 3, bp_fraction(share), &pct)
                .map_err(xerr)?;
            ws.write_number_with_format(row, 4, bp_fraction(p.cumulative_bp), &pct)
                .map_err(xerr)?;
        }
    }
    // 月度趋势
    {
        let ws = wb.add_worksheet().set_name(SHEETS[2]).map_err(xerr)?;
        header(ws, 0, &["月份", "受理件数"], &bold, &[12.0, 10.0]).map_err(xerr)?;
        for (i, (m, n)) in r.dashboard.monthly.iter().enumerate() {
            ws.write_string(1 + i as u32, 0, m).map_err(xerr)?;
            ws.write_number(1 + i as u32, 1, *n as f64).map_err(xerr)?;
        }
    }
    // 部门按时率
    {
        let ws = wb.add_worksheet().set_name(SHEETS[3]).map_err(xerr)?;
        header(
            ws,
            0,
            &[
                "承办部门",
                "按时办结",
                "应计件数",
                "按时率",
                "目标",
                "是否达标",
            ],
            &bold,
            &[24.0, 10.0, 10.0, 10.0, 10.0, 10.0],
        )
        .map_err(xerr)?;
        for (i, (dept, rate)) in r.dashboard.on_time_by_department.iter().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, dept).map_err(xerr)?;
            ws.write_number(row, 1, rate.numerator as f64)
                .map_err(xerr)?;
            ws.write_number(row, 2, rate.denominator as f64)
                .map_err(xerr)?;
            if let Some(bp) = rate.bp {
                ws.write_number_with_format(row, 3, bp_fraction(bp), &pct)
                    .map_err(xerr)?;
            }
            ws.write_number_with_format(row, 4, bp_fraction(rate.target_bp), &pct)
                .map_err(xerr)?;
            ws.write_string(row, 5, met_zh(rate.meets_target))
                .map_err(xerr)?;
        }
    }
    // 超期案件, 重复投诉
    for (sheet, list, overdue) in [
        (SHEETS[4], &r.overdue, true),
        (SHEETS[5], &r.repeated, false),
    ] {
        let ws = wb.add_worksheet().set_name(sheet).map_err(xerr)?;
        let mut cols = vec![
            "编号",
            "收到日期",
            "问题类别",
            "承办部门",
            "承办人",
            "状态",
            "投诉（举报）人",
            "联系电话",
        ];
        if overdue {
            cols.push("超期天数");
        }
        header(
            ws,
            0,
            &cols,
            &bold,
            &[18.0, 12.0, 26.0, 16.0, 14.0, 10.0, 14.0, 14.0, 10.0],
        )
        .map_err(xerr)?;
        for (i, c) in list.iter().enumerate() {
            let row = 1 + i as u32;
            for (j, v) in [
                &c.number,
                &c.received,
                &c.category,
                &c.department,
                &c.handler,
                &c.status,
                &c.complainant,
                &c.phone,
            ]
            .into_iter()
            .enumerate()
            {
                ws.write_string(row, j as u16, v).map_err(xerr)?;
            }
            if let (true, Some(d)) = (overdue, c.days_overdue) {
                ws.write_number(row, 8, d as f64).map_err(xerr)?;
            }
        }
    }
    wb.save_to_buffer().map_err(xerr)
}
