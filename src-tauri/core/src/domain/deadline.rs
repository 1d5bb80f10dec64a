//! The deadline engine: "from event E, N calendar days / working days /
//! hours / months", counted as the Civil Code says (民法典 arts. 201–203):
//! - the day the period starts is not counted; counting begins the next day;
//! - a period in hours runs from the hour;
//! - months end on the corresponding day of the last month, or its last day;
//! - a last day that is a rest day or holiday rolls to the next working day;
//! - the last day ends at 24:00.
//!
//! Working days follow the official calendar (holidays off, make-up workdays
//! on). Days inside a pause (stop the clock, e.g. external testing) are not
//! counted. A result that needed a year the calendar does not know is
//! flagged unverified, never passed off as exact.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::calendar::WorkCalendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    CalendarDays,
    WorkingDays,
    Hours,
    Months,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
}

impl Period {
    pub const fn days(n: u32) -> Self {
        Period {
            amount: n,
            unit: Unit::CalendarDays,
        }
    }
    pub const fn working_days(n: u32) -> Self {
        Period {
            amount: n,
            unit: Unit::WorkingDays,
        }
    }
    pub const fn hours(n: u32) -> Self {
        Period {
            amount: n,
            unit: Unit::Hours,
        }
    }
    pub const fn months(n: u32) -> Self {
        Period {
            amount: n,
            unit: Unit::Months,
        }
    }
    pub fn label_zh(&self) -> String {
        match self.unit {
            Unit::CalendarDays => format!("{}日", self.amount),
            Unit::WorkingDays => format!("{}个工作日", self.amount),
            Unit::Hours => format!("{}小时", self.amount),
            Unit::Months => format!("{}个月", self.amount),
        }
    }
}

/// Whole days on which the clock stands still (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Pause {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Pause {
    fn covers(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Due {
    /// The last moment of the period.
    pub at: NaiveDateTime,
    /// False when a year the calendar does not know, or knows only as
    /// computed from the statutory rules, was needed.
    pub verified: bool,
    /// The years it does not know, for the warning.
    pub unknown_years: Vec<i32>,
    /// The years computed from the statutory holidays while the official
    /// notice (and its 调休) is not imported: the date is provisional.
    #[serde(default)]
    pub provisional_years: Vec<i32>,
}

struct Counter<'a> {
    cal: &'a WorkCalendar,
    pauses: &'a [Pause],
    unknown: Vec<i32>,
    provisional: Vec<i32>,
}

impl Counter<'_> {
    fn note(&mut self, d: NaiveDate) {
        if !self.cal.knows(d) {
            if !self.unknown.contains(&d.year()) {
                self.unknown.push(d.year());
            }
        } else if self.cal.is_provisional(d) && !self.provisional.contains(&d.year()) {
            self.provisional.push(d.year());
        }
    }
    fn paused(&self, d: NaiveDate) -> bool {
        self.pauses.iter().any(|p| p.covers(d))
    }
    fn working(&mut self, d: NaiveDate) -> bool {
        self.note(d);
        self.cal.is_working(d)
    }
    /// The first working day on or after `d`.
    fn roll(&mut self, mut d: NaiveDate) -> NaiveDate {
        while !self.working(d) && d < LIMIT {
            d = next(d);
        }
        d
    }
}

/// No count goes past this day: every date the register accepts lies in
/// 2000–2100, so a period that reaches it came from bad data, and stopping
/// keeps a computation from running on (it is then flagged unverified).
const LIMIT: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn end_of(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

/// When a period that starts at `start` ends.
pub fn due(start: NaiveDateTime, period: Period, cal: &WorkCalendar, pauses: &[Pause]) -> Due {
    let mut c = Counter {
        cal,
        pauses,
        unknown: Vec::new(),
        provisional: Vec::new(),
    };
    let n = period.amount;
    let at = match period.unit {
        Unit::Hours => {
            // From the hour; every whole paused day up to the (moving) end
            // adds a day. One pass over the days.
            let mut at = start
                .checked_add_signed(TimeDelta::hours(i64::from(n)))
                .unwrap_or(start);
            let mut d = start.date();
            while d <= at.date() && d < LIMIT {
                if c.paused(d) {
                    at = at.checked_add_signed(TimeDelta::days(1)).unwrap_or(at);
                }
                d = next(d);
            }
            at
        }
        Unit::CalendarDays => {
            let mut d = start.date();
            let mut left = n;
            while left > 0 && d < LIMIT {
                d = next(d);
                if !c.paused(d) {
                    left -= 1;
                }
            }
            end_of(c.roll(d))
        }
        Unit::WorkingDays => {
            let mut d = start.date();
            let mut left = n;
            while left > 0 && d < LIMIT {
                d = next(d);
                if !c.paused(d) && c.working(d) {
                    left -= 1;
                }
            }
            end_of(d)
        }
        Unit::Months => {
            // Corresponding day (or month end), then paused days added on.
            let mut d = start
                .date()
                .checked_add_months(Months::new(n))
                .unwrap_or(start.date());
            let paused_days = {
                let mut k = 0;
                let mut x = next(start.date());
                while x <= d && x < LIMIT {
                    if c.paused(x) {
                        k += 1;
                    }
                    x = next(x);
                }
                k
            };
            let mut left = paused_days;
            while left > 0 && d < LIMIT {
                d = next(d);
                if !c.paused(d) {
                    left -= 1;
                }
            }
            end_of(c.roll(d))
        }
    };
    let mut unknown = c.unknown;
    unknown.sort_unstable();
    let mut provisional = c.provisional;
    provisional.sort_unstable();
    Due {
        at,
        verified: unknown.is_empty() && provisional.is_empty(),
        unknown_years: unknown,
        provisional_years: provisional,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn hours_run_from_the_hour_across_a_weekend() {
        let cal = WorkCalendar::shipped();
        // Fri 2026-02-13 10:00 + 24 h = Sat 2026-02-14 10:00; hours ignore the calendar.
        let r = due(t("2026-02-13 10:00"), Period::hours(24), &cal, &[]);
        assert_eq!(r.at, t("2026-02-14 10:00"));
        assert!(r.verified);
    }

    #[test]
    fn a_last_day_in_a_year_the_calendar_lacks_is_flagged_unverified() {
        let cal = WorkCalendar::shipped();
        // 2026-12-30 (Wed) + 3 wd: 12-31 Thu (1), 2027-01-01 Fri (2, unknown year), 01-04 Mon (3).
        let r = due(t("2026-12-30 09:00"), Period::working_days(3), &cal, &[]);
        assert_eq!(r.at.date(), d("2027-01-04"));
        assert!(!r.verified);
        assert_eq!(r.unknown_years, vec![2027]);
    }
}
