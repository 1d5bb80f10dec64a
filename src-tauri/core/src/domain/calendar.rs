//! The official Chinese working-day calendar: public holidays off, weekends
//! off except make-up workdays (调休). Data, not code: the shipped years come
//! from the State Council notices and an administrator can add or correct
//! years.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{DeskError, Result};

/// A holiday span as published ("春节", 2026-02-15 to 2026-02-23).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One year's arrangement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct YearArrangement {
    #[serde(default)]
    pub source: String,
    pub off: Vec<Holiday>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarFile {
    #[serde(default)]
    pub about: String,
    pub years: BTreeMap<i32, YearArrangement>,
}

/// Is a day a working day, and do we know?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Working,
    Rest,
}

#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearArrangement>,
    off: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

const SHIPPED: &str = include_str!("../../data/cn-calendar.json");

impl WorkCalendar {
    /// The calendar shipped with the program (2025 and 2026).
    pub fn shipped() -> Self {
        Self::from_json(SHIPPED).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Self> {
        let file: CalendarFile = serde_json::from_str(json)
            .map_err(|e| DeskError::Document(format!("calendar data cannot be read: {e}")))?;
        let mut cal = WorkCalendar::default();
        for (year, arr) in file.years {
            cal.set_year(year, arr)?;
        }
        Ok(cal)
    }

    pub fn to_file(&self) -> CalendarFile {
        CalendarFile {
            about: "off = days off; workdays = weekend days that are working days (调休上班)"
                .into(),
            years: self.years.clone(),
        }
    }

    /// Adds or replaces one year, after checking its dates belong to it.
    pub fn set_year(&mut self, year: i32, arr: YearArrangement) -> Result<()> {
        for h in &arr.off {
            if h.from > h.to || h.from.year() != year && h.to.year() != year {
                return Err(DeskError::Document(format!(
                    "holiday {} ({} – {}) does not lie in {year}",
                    h.name, h.from, h.to
                )));
            }
        }
        for d in &arr.workdays {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(DeskError::Document(format!(
                    "make-up workday {d} is not a weekend day"
                )));
            }
        }
        self.years.insert(year, arr);
        self.rebuild();
        Ok(())
    }

    fn rebuild(&mut self) {
        self.off.clear();
        self.workdays.clear();
        for arr in self.years.values() {
            for h in &arr.off {
                let mut d = h.from;
                loop {
                    self.off.insert(d);
                    match d.succ_opt() {
                        Some(next) if d < h.to => d = next,
                        _ => break,
                    }
                }
            }
            self.workdays.extend(arr.workdays.iter().copied());
        }
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn year(&self, year: i32) -> Option<&YearArrangement> {
        self.years.get(&year)
    }

    /// Whether the calendar has data for the year of `d`.
    pub fn knows(&self, d: NaiveDate) -> bool {
        self.years.contains_key(&d.year())
    }

    /// The kind of day. For a year without data this is the weekend rule
    /// only; callers must check `knows` and flag the result as unverified.
    pub fn day(&self, d: NaiveDate) -> DayKind {
        if self.off.contains(&d) {
            DayKind::Rest
        } else if self.workdays.contains(&d) {
            DayKind::Working
        } else if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            DayKind::Rest
        } else {
            DayKind::Working
        }
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        self.day(d) == DayKind::Working
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_shipped_calendar_knows_2025_and_2026() {
        let cal = WorkCalendar::shipped();
        assert_eq!(cal.years(), vec![2025, 2026]);
    }

    #[test]
    fn spring_festival_2026_is_off_and_its_make_up_saturdays_are_working() {
        let cal = WorkCalendar::shipped();
        assert!(
            !cal.is_working(d("2026-02-16")),
            "Monday in the Spring Festival"
        );
        assert!(
            !cal.is_working(d("2026-02-23")),
            "last day of the Spring Festival"
        );
        assert!(cal.is_working(d("2026-02-14")), "make-up Saturday before");
        assert!(cal.is_working(d("2026-02-28")), "make-up Saturday after");
        assert!(cal.is_working(d("2026-02-24")), "back to work on Tuesday");
        assert!(!cal.is_working(d("2026-03-01")), "an ordinary Sunday");
    }

    #[test]
    fn a_make_up_workday_on_a_weekday_is_refused() {
        let mut cal = WorkCalendar::default();
        let err = cal
            .set_year(
                2027,
                YearArrangement {
                    source: String::new(),
                    off: vec![],
                    workdays: vec![d("2027-01-04")],
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("not a weekend"));
    }
}
