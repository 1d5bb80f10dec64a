//! The periodic report (周报/月报/季报/年报) for the office's meeting: the
//! dashboard's figures for one week, month, quarter or year, with the lists
//! of overdue and repeated cases. Built on [`crate::stats`]; the PDF is laid
//! out in [`crate::docs::report`], the workbook written here with
//! rust_xlsxwriter. Complainants' identity is always masked.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{DeskError, FieldError, Result};
use crate::register::Register;
use crate::stats::{mask_name, mask_phone, Dashboard, Rate, StatsQuery};

/// Week (ISO, Monday to Sunday), month, quarter or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// 周报, 月报, 季报, 年报.
    pub fn report_zh(self) -> &'static str {
        match self {
            PeriodKind::Week => "周报",
            PeriodKind::Month => "月报",
            PeriodKind::Quarter => "季报",
            PeriodKind::Year => "年报",
        }
    }
}

/// The period that contains `anchor` (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub anchor: String,
}

impl Period {
    pub fn new(kind: PeriodKind, anchor: NaiveDate) -> Period {
        Period {
            kind,
            anchor: anchor.format("%Y-%m-%d").to_string(),
        }
    }

    fn anchor_date(&self) -> Result<NaiveDate> {
        NaiveDate::parse_from_str(self.anchor.trim(), "%Y-%m-%d").map_err(|_| {
            DeskError::Validation(vec![FieldError::new(
                "period.anchor",
                "invalid_date",
                format!("报告日期“{}”无效，请按 年-月-日 填写，例如 2026-11-24。", self.anchor.trim()),
                format!("The report date \"{}\" is not valid; write it as year-month-day, e.g. 2026-11-24.", self.anchor.trim()),
            )])
        })
    }

    /// First and last day, both included.
    pub fn range(&self) -> Result<(NaiveDate, NaiveDate)> {
        let a = self.anchor_date()?;
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(a);
        let month_end = |y: i32, m: u32| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            ymd(ny, nm, 1) - Duration::days(1)
        };
        Ok(match self.kind {
            PeriodKind::Week => {
                let from = a - Duration::days(i64::from(a.weekday().num_days_from_monday()));
                (from, from + Duration::days(6))
            }
            PeriodKind::Month => (ymd(a.year(), a.month(), 1), month_end(a.year(), a.month())),
            PeriodKind::Quarter => {
                let first = (a.month() - 1) / 3 * 3 + 1;
                (ymd(a.year(), first, 1), month_end(a.year(), first + 2))
            }
            PeriodKind::Year => (ymd(a.year(), 1, 1), ymd(a.year(), 12, 31)),
        })
    }

    /// "2026年11月", "2026年第48周", "2026年第四季度", "2026年".
    pub fn label_zh(&self) -> Result<String> {
        let a = self.anchor_date()?;
        Ok(match self.kind {
            PeriodKind::Week => {
                let w = a.iso_week();
                format!("{}年第{}周", w.year(), w.week())
            }
            PeriodKind::Month => format!("{}年{}月", a.year(), a.month()),
            PeriodKind::Quarter => {
                const Q: [&str; 4] = ["一", "二", "三", "四"];
                format!("{}年第{}季度", a.year(), Q[((a.month() - 1) / 3) as usize])
            }
            PeriodKind::Year => format!("{}年", a.year()),
        })
    }

    /// 「2026年11月 投诉举报工作月报」.
    pub fn title_zh(&self) -> Result<String> {
        Ok(format!(
            "{} 投诉举报工作{}",
            self.label_zh()?,
            self.kind.report_zh()
        ))
    }
}

/// One line of the figures table: a count, a time or a rate with its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub key: &'static str,
    pub label_zh: &'static str,
    /// The count, or the rate's numerator.
    pub value: Option<u64>,
    pub denominator: Option<u64>,
    /// Rates only (None when the denominator is 0).
    pub bp: Option<i64>,
    pub target_bp: Option<i64>,
    /// "at_least" or "below" for rates.
    pub target_kind: Option<&'static str>,
    pub meets_target: Option<bool>,
    /// How the PDF shows the value ("33.33%（1/3）", "4", "3.00").
    pub text: String,
}

/// "98.00%" from basis points, exactly.
pub fn percent(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let bp = bp.abs();
    format!("{sign}{}.{:02}%", bp / 100, bp % 100)
}

/// "≥ 98.00%" / "< 5.00%".
pub fn target_text(r: &Rate) -> String {
    let op = if r.target_kind == "below" { "<" } else { "≥" };
    format!("{op} {}", percent(r.target_bp))
}

fn rate_figure(key: &'static str, label_zh: &'static str, r: &Rate) -> Figure {
    let text = match r.bp {
        Some(bp) => format!("{}（{}/{}）", percent(bp), r.numerator, r.denominator),
        None => "—（无可计件数）".to_string(),
    };
    Figure {
        key,
        label_zh,
        value: Some(r.numerator),
        denominator: Some(r.denominator),
        bp: r.bp,
        target_bp: Some(r.target_bp),
        target_kind: Some(r.target_kind),
        meets_target: r.meets_target,
        text,
    }
}

fn count_figure(key: &'static str, label_zh: &'static str, v: Option<u64>, text: String) -> Figure {
    Figure {
        key,
        label_zh,
        value: v,
        denominator: None,
        bp: None,
        target_bp: None,
        target_kind: None,
        meets_target: None,
        text,
    }
}

/// The figures of the dashboard in the order the report lists them.
pub fn figures(d: &Dashboard) -> Vec<Figure> {
    let days = |x100: i64| format!("{}.{:02}", x100 / 100, x100 % 100);
    vec![
        count_figure(
            "total",
            "受理总数（件）",
            Some(d.total),
            d.total.to_string(),
        ),
        count_figure(
            "complaints",
            "其中：投诉（件）",
            Some(d.complaints),
            d.complaints.to_string(),
        ),
        count_figure(
            "reports",
            "其中：举报（件）",
            Some(d.reports),
            d.reports.to_string(),
        ),
        rate_figure("on_time", "按时办结率", &d.on_time),
        rate_figure("resolution", "问题解决率", &d.resolution),
        rate_figure("satisfaction", "满意率", &d.satisfaction),
        rate_figure("recurrence", "重复投诉率", &d.recurrence),
        count_figure(
            "avg_handling",
            "平均办理用时（工作日）",
            None,
            d.avg_handling_wd_x100
                .map(days)
                .unwrap_or_else(|| "—".into()),
        ),
        count_figure(
            "p90_handling",
            "90%案件办理用时（工作日）",
            d.p90_handling_wd.map(|v| v.max(0) as u64),
            d.p90_handling_wd
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        count_figure(
            "overdue_now",
            "当前超期（件）",
            Some(d.overdue_now.len() as u64),
            d.overdue_now.len().to_string(),
        ),
    ]
}

/// A case in the overdue or repeated list, identity masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportCase {
    pub id: i64,
    pub number: String,
    /// YYYY-MM-DD
    pub received: String,
    pub category: String,
    pub department: String,
    pub handler: String,
    pub status: String,
    /// Masked ("王**"), or "匿名".
    pub complainant: String,
    /// Masked ("138****8000").
    pub phone: String,
    /// Calendar days past the earliest overdue deadline (overdue list only).
    pub days_overdue: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodReport {
    pub period: Period,
    pub title: String,
    /// YYYY-MM-DD
    pub from: String,
    pub to: String,
    /// When it was made ("YYYY-MM-DD HH:MM:SS", from the register's clock).
    pub generated_at: String,
    pub dashboard: Dashboard,
    pub figures: Vec<Figure>,
    pub overdue: Vec<ReportCase>,
    pub repeated: Vec<ReportCase>,
}

impl Register {
    /// The report for `period`, narrowed by `filter` (its from/to are
    /// replaced by the period's days). The figures are the dashboard's.
    pub fn period_report(&self, period: &Period, filter: &StatsQuery) -> Result<PeriodReport> {
        let (from, to) = period.range()?;
        let q = StatsQuery {
            from: from.format("%Y-%m-%d").to_string(),
            to: to.format("%Y-%m-%d").to_string(),
            ..filter.clone()
        };
        let dashboard = self.dashboard(&q)?;
        let policy = self.policy()?;
        let cal = self.calendar()?;
        let now = self.now_text();
        let today = crate::validate::parse_local_time(&now).map(|t| t.date());
        // Read only what the lists show (not the whole case with its history).
        let mut case_st = self.conn.prepare_cached(
            "SELECT number, received_at, category, handling_department, status, anonymous
             FROM cases WHERE id = ?1",
        )?;
        let mut people_st = self.conn.prepare_cached(
            "SELECT name, phone FROM complainants WHERE case_id = ?1 ORDER BY ord",
        )?;
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
            let days_overdue = if overdue {
                self.deadlines_with(id, &policy, &cal)?
                    .iter()
                    .filter(|d| d.state == "overdue")
                    .filter_map(|d| crate::validate::parse_local_time(&d.due_at))
                    .map(|due| today.map(|t| (t - due.date()).num_days()).unwrap_or(0))
                    .max()
            } else {
                None
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
                handler: self.owner(id)?,
                status: crate::workflow::Status::from_code(&status)
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
        Ok(PeriodReport {
            title: period.title_zh()?,
            period: period.clone(),
            from: q.from.clone(),
            to: q.to.clone(),
            generated_at: now,
            figures: figures(&dashboard),
            dashboard,
            overdue,
            repeated,
        })
    }
}

impl Register {
    /// The report as PDF, with the office's letterhead and the charts the UI
    /// drew (none: the figures are still all in tables).
    pub fn period_report_pdf(
        &self,
        period: &Period,
        filter: &StatsQuery,
        charts: &[crate::docs::ChartImage],
    ) -> Result<Vec<u8>> {
        let report = self.period_report(period, filter)?;
        let office = self.office()?;
        let fonts = self.doc_fonts()?;
        crate::docs::render_period_report(&report, &office, charts, &fonts)
    }

    /// The report's figures as an XLSX workbook.
    pub fn period_report_xlsx(&self, period: &Period, filter: &StatsQuery) -> Result<Vec<u8>> {
        period_report_xlsx(&self.period_report(period, filter)?)
    }
}

// ---------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------

/// Sheet names, in order.
pub const SHEETS: [&str; 6] = [
    "指标",
    "问题类别",
    "月度趋势",
    "部门按时率",
    "超期案件",
    "重复投诉",
];

/// A rate as the fraction a spreadsheet's % format shows (9800 bp → 0.98).
pub fn bp_fraction(bp: i64) -> f64 {
    bp as f64 / 10_000.0
}

fn met_zh(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => "是",
        Some(false) => "否",
        None => "—",
    }
}

/// The report's figures as an XLSX workbook (sheets [`SHEETS`]): rates are
/// number cells with a percentage format, counts are numbers.
pub fn period_report_xlsx(r: &PeriodReport) -> Result<Vec<u8>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(kind: PeriodKind, d: &str) -> Period {
        Period {
            kind,
            anchor: d.into(),
        }
    }

    fn range(kind: PeriodKind, d: &str) -> (String, String) {
        let (a, b) = p(kind, d).range().unwrap();
        (a.to_string(), b.to_string())
    }

    #[test]
    fn periods_cover_the_iso_week_the_month_the_quarter_and_the_year() {
        // Tue 2026-11-24 is in ISO week 48 (Mon 11-23 .. Sun 11-29).
        assert_eq!(
            range(PeriodKind::Week, "2026-11-24"),
            ("2026-11-23".into(), "2026-11-29".into())
        );
        assert_eq!(
            p(PeriodKind::Week, "2026-11-24").label_zh().unwrap(),
            "2026年第48周"
        );
        // A Sunday belongs to the week that started the Monday before.
        assert_eq!(
            range(PeriodKind::Week, "2026-11-29"),
            ("2026-11-23".into(), "2026-11-29".into())
        );
        // 2027-01-01 (a Friday) is in ISO week 53 of 2026.
        assert_eq!(
            p(PeriodKind::Week, "2027-01-01").label_zh().unwrap(),
            "2026年第53周"
        );
        assert_eq!(
            range(PeriodKind::Month, "2028-02-10"),
            ("2028-02-01".into(), "2028-02-29".into())
        );
        assert_eq!(
            range(PeriodKind::Month, "2026-12-31"),
            ("2026-12-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            range(PeriodKind::Quarter, "2026-11-24"),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            range(PeriodKind::Quarter, "2026-02-01"),
            ("2026-01-01".into(), "2026-03-31".into())
        );
        assert_eq!(
            range(PeriodKind::Year, "2026-11-24"),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            p(PeriodKind::Month, "2026-11-24").title_zh().unwrap(),
            "2026年11月 投诉举报工作月报"
        );
        assert_eq!(
            p(PeriodKind::Quarter, "2026-11-24").title_zh().unwrap(),
            "2026年第四季度 投诉举报工作季报"
        );
    }

    #[test]
    fn a_bad_anchor_date_is_named_in_both_languages() {
        let DeskError::Validation(f) = p(PeriodKind::Month, "2026-13-01").range().unwrap_err()
        else {
            panic!("expected a validation error")
        };
        assert_eq!(f[0].field, "period.anchor");
        assert!(
            f[0].message_zh.contains("2026-13-01") && f[0].message_en.contains("year-month-day")
        );
    }

    #[test]
    fn percentages_are_written_exactly_from_basis_points() {
        assert_eq!(percent(9_800), "98.00%");
        assert_eq!(percent(3_333), "33.33%");
        assert_eq!(percent(5), "0.05%");
        assert_eq!(bp_fraction(9_800), 0.98);
        assert_eq!(bp_fraction(10_000), 1.0);
    }
}
