//! The periodic report (周报/月报/季报/年报) for the office's meeting: its
//! period, its figures with their targets, the lists of overdue and
//! repeated cases (identity masked). Pure: the API gathers it, the PDF is
//! laid out in `docs::report`, the workbook written in `api::report`.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use ts_rs::TS;

use crate::domain::stats::{Dashboard, Rate};
use crate::error::{DeskError, FieldError, Result};

/// Week (ISO, Monday to Sunday), month, quarter or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ReportPeriod")]
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
        NaiveDate::parse_from_str(self.anchor.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2100).contains(&d.year()))
            .ok_or_else(|| {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// The audit trail's head when the report was made: the number of
    /// entries and the last hash (printed, so a history cut short or
    /// rebuilt later is detected against it).
    pub audit_entries: u64,
    pub audit_last_hash: String,
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

pub fn met_zh(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => "是",
        Some(false) => "否",
        None => "—",
    }
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
