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
    /// Computed from the statutory rules (`holidays::computed_year`), not
    /// read from the State Council notice: its 调休 is not known yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
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
    /// Years without data fall back to the computed statutory holidays.
    computed: bool,
}

/// Every computed year (2000–2100) as one calendar, built once per process.
fn computed_calendar() -> &'static WorkCalendar {
    static CAL: std::sync::OnceLock<WorkCalendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| {
        let mut cal = WorkCalendar {
            years: crate::domain::holidays::computed_years().clone(),
            ..WorkCalendar::default()
        };
        cal.rebuild();
        cal
    })
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

    /// The official years (a computed one is not data anyone entered).
    pub fn to_file(&self) -> CalendarFile {
        CalendarFile {
            about: "off = days off; workdays = weekend days that are working days (调休上班)"
                .into(),
            years: self
                .years
                .iter()
                .filter(|(_, a)| !a.provisional)
                .map(|(y, a)| (*y, a.clone()))
                .collect(),
        }
    }

    /// Every year 2000–2100 without official data gets its statutory
    /// holidays, computed and marked provisional (no 调休 is known), so that
    /// a deadline reaching into it does not count 春节 as working days.
    /// (Looked up in one calendar computed once, not copied in.)
    pub fn fill_computed(&mut self) {
        self.computed = true;
    }

    /// The computed year standing in for `year`, if this calendar lacks it.
    fn fallback(&self, year: i32) -> Option<&'static WorkCalendar> {
        (self.computed && !self.years.contains_key(&year))
            .then(computed_calendar)
            .filter(|c| c.years.contains_key(&year))
    }

    /// Whether `year` has the official arrangement (not just a computed one).
    pub fn is_official(&self, year: i32) -> bool {
        self.years.get(&year).is_some_and(|a| !a.provisional)
    }

    /// Adds or replaces one year, after checking its dates belong to it.
    pub fn set_year(&mut self, year: i32, arr: YearArrangement) -> Result<()> {
        if !(crate::domain::holidays::FIRST_YEAR..=crate::domain::holidays::LAST_YEAR)
            .contains(&year)
        {
            return Err(DeskError::refused(
                "calendar_year_out_of_range",
                format!("日历只接受2000年至2100年，{year}年不在其中。"),
                format!("The calendar takes the years 2000 to 2100; {year} is not one of them."),
            ));
        }
        // A holiday may cross the new year, never reach further (nor make
        // rebuild() walk from year 1 to 9999).
        let near = |d: &NaiveDate| (year - 1..=year + 1).contains(&d.year());
        let stray = arr.off.iter().flat_map(|h| [h.from, h.to]);
        if let Some(d) = stray.chain(arr.workdays.iter().copied()).find(|d| !near(d)) {
            return Err(DeskError::refused(
                "calendar_date_out_of_year",
                format!("{year}年的安排中有{d}，离该年太远：只能是{year}年或相邻年份跨年的日期。"),
                format!("The arrangement of {year} holds {d}, too far from it: only dates in {year} or crossing into a neighbouring year."),
            ));
        }
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
        self.years.contains_key(&d.year()) || self.fallback(d.year()).is_some()
    }

    /// Whether the year of `d` was computed from the statutory rules
    /// (`holidays::computed_year`) rather than read from the official notice:
    /// a deadline counted through it is provisional.
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        self.years.get(&d.year()).is_some_and(|a| a.provisional)
            || self.fallback(d.year()).is_some()
    }

    /// The kind of day. For a year without data this is the weekend rule
    /// only; callers must check `knows` and flag the result as unverified.
    pub fn day(&self, d: NaiveDate) -> DayKind {
        if self.off.contains(&d) {
            DayKind::Rest
        } else if self.workdays.contains(&d) {
            DayKind::Working
        } else if let Some(c) = self.fallback(d.year()) {
            c.day(d)
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
                    provisional: false,
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("not a weekend"));
    }

    fn one_holiday(from: &str, to: &str) -> YearArrangement {
        YearArrangement {
            off: vec![Holiday {
                name: "春节".into(),
                from: d(from),
                to: d(to),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_holiday_reaching_far_beyond_its_year_is_refused_at_once() {
        let mut cal = WorkCalendar::default();
        let err = cal
            .set_year(2027, one_holiday("2027-01-01", "9999-12-31"))
            .unwrap_err();
        assert_eq!(err.code(), "calendar_date_out_of_year");
        let err = cal
            .set_year(2027, one_holiday("0001-01-01", "2027-01-01"))
            .unwrap_err();
        assert_eq!(err.code(), "calendar_date_out_of_year");
        assert!(cal.years().is_empty());
    }

    #[test]
    fn a_holiday_crossing_the_new_year_is_accepted() {
        let mut cal = WorkCalendar::default();
        cal.set_year(2023, one_holiday("2022-12-31", "2023-01-02"))
            .unwrap();
        assert!(!cal.is_working(d("2023-01-02")));
    }

    #[test]
    fn a_year_outside_2000_to_2100_is_refused() {
        let mut cal = WorkCalendar::default();
        for year in [1999, 2101, 0, i32::MAX] {
            let err = cal.set_year(year, YearArrangement::default()).unwrap_err();
            assert_eq!(err.code(), "calendar_year_out_of_range");
        }
    }

    #[test]
    fn a_file_without_the_provisional_flag_reads_as_official() {
        let cal = WorkCalendar::shipped();
        assert!(!cal.year(2025).unwrap().provisional);
        let json = serde_json::to_string(&cal.to_file()).unwrap();
        assert!(
            !json.contains("provisional"),
            "official years write no flag"
        );
    }
}
