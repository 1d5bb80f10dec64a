//! The deadline engine on the official 2025–2026 calendar. Each expected
//! date is worked out by hand in the row's comment (weekday in brackets).

use chrono::{NaiveDate, NaiveDateTime};
use desk_core::domain::calendar::WorkCalendar;
use desk_core::domain::deadline::{due, Pause, Period};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Row {
    why: &'static str,
    start: &'static str,
    period: Period,
    pauses: &'static [(&'static str, &'static str)],
    due: &'static str,
    verified: bool,
}

const ROWS: &[Row] = &[
    Row {
        // Received Fri 02-13. 02-14 [Sat] is a make-up workday (1); 02-15..02-23 Spring
        // Festival off; 02-24 [Tue] (2).
        why: "review in 2 working days across Spring Festival 2026 counts the make-up Saturday",
        start: "2026-02-13 15:00",
        period: Period::working_days(2),
        pauses: &[],
        due: "2026-02-24",
        verified: true,
    },
    Row {
        // Received Thu 02-12: 02-13 [Fri] (1), 02-14 [Sat, make-up] (2), festival off, 02-24 [Tue] (3).
        why: "hospital 3 working days before the festival",
        start: "2026-02-12 09:00",
        period: Period::working_days(3),
        pauses: &[],
        due: "2026-02-24",
        verified: true,
    },
    Row {
        // Received Mon 02-23 (last festival day): 02-24 (1) 02-25 (2) 02-26 (3) 02-27 (4)
        // 02-28 [Sat, make-up] (5) 03-02 [Mon] (6) 03-03 (7).
        why: "hospital 7 working days counts the make-up Saturday after the festival",
        start: "2026-02-23 11:00",
        period: Period::working_days(7),
        pauses: &[],
        due: "2026-03-03",
        verified: true,
    },
    Row {
        // Received Tue 01-20: day 1 = 01-21, day 30 = 02-19 [Thu], inside the Spring
        // Festival, so the period ends on the first working day after it: 02-24 [Tue].
        why: "30 calendar days ending in the Spring Festival roll to the next working day",
        start: "2026-01-20 10:00",
        period: Period::days(30),
        pauses: &[],
        due: "2026-02-24",
        verified: true,
    },
    Row {
        // Received Sat 10-03 during National Day (10-01..10-07 off): 10-08 [Thu] (1),
        // 10-09 [Fri] (2), 10-10 [Sat, make-up] (3).
        why: "a case received on a holiday starts counting on the next working day",
        start: "2026-10-03 10:00",
        period: Period::working_days(3),
        pauses: &[],
        due: "2026-10-10",
        verified: true,
    },
    Row {
        // Received Wed 09-30: day 7 = 10-07 (National Day, off) -> 10-08 [Thu].
        why: "SAMR-style 7 days ending on a holiday roll past it",
        start: "2026-09-30 16:00",
        period: Period::days(7),
        pauses: &[],
        due: "2026-10-08",
        verified: true,
    },
    Row {
        // Received Mon 2025-12-29: 12-30 (1), 12-31 (2), 2026-01-01..01-03 off,
        // 01-04 [Sun, make-up] (3), 01-05 [Mon] (4), 01-06 [Tue] (5).
        why: "working days across the year boundary use both years' arrangements",
        start: "2025-12-29 09:00",
        period: Period::working_days(5),
        pauses: &[],
        due: "2026-01-06",
        verified: true,
    },
    Row {
        // Received Sun 03-01: day 60 = 04-30 [Thu], a working day (May Day starts 05-01).
        why: "the 60-day cap from the day after receipt",
        start: "2026-03-01 10:00",
        period: Period::days(60),
        pauses: &[],
        due: "2026-04-30",
        verified: true,
    },
    Row {
        // Received Mon 03-02; clock stopped 03-10..03-19 (10 days). Counted: 03-03..03-09 (7),
        // then 03-20 onward 23 more: 03-20 + 22 = 04-11 [Sat] -> 04-13 [Mon].
        why: "a pause for external appraisal moves the 30-day deadline by the paused days",
        start: "2026-03-02 09:00",
        period: Period::days(30),
        pauses: &[("2026-03-10", "2026-03-19")],
        due: "2026-04-13",
        verified: true,
    },
    Row {
        // Received Mon 03-02; pause 03-04..03-05 [Wed–Thu]. Working days: 03-03 (1),
        // 03-04/05 paused, 03-06 [Fri] (2), 03-09 [Mon] (3).
        why: "paused working days are not counted",
        start: "2026-03-02 09:00",
        period: Period::working_days(3),
        pauses: &[("2026-03-04", "2026-03-05")],
        due: "2026-03-09",
        verified: true,
    },
    Row {
        // EU feedback: 3 months from 2025-11-30 -> 2026-02-30 does not exist -> month end
        // 02-28 [Sat], which is a make-up workday, so it stands.
        why:
            "months end on the last day of a shorter month, and a make-up Saturday is a working day",
        start: "2025-11-30 10:00",
        period: Period::months(3),
        pauses: &[],
        due: "2026-02-28",
        verified: true,
    },
    Row {
        // 2026-12-30 [Wed] + 3 wd: 12-31 (1), 2027-01-01 (2, no 2027 data), 2027-01-04 [Mon] (3).
        why: "a deadline that needs 2027 is flagged unverified",
        start: "2026-12-30 09:00",
        period: Period::working_days(3),
        pauses: &[],
        due: "2027-01-04",
        verified: false,
    },
    Row {
        // Reply 5 days after completion on Fri 04-30 2026: day 5 = 05-05 (May Day off,
        // 05-01..05-05) -> 05-06 [Wed].
        why: "the written reply 5 days after completion rolls past May Day",
        start: "2026-04-30 17:00",
        period: Period::days(5),
        pauses: &[],
        due: "2026-05-06",
        verified: true,
    },
];

#[test]
fn every_deadline_in_the_table_falls_on_the_date_worked_out_by_hand() {
    let cal = WorkCalendar::shipped();
    let mut wrong = Vec::new();
    for row in ROWS {
        let pauses: Vec<Pause> = row
            .pauses
            .iter()
            .map(|(f, t)| Pause {
                from: d(f),
                to: d(t),
            })
            .collect();
        let r = due(t(row.start), row.period, &cal, &pauses);
        let expected = d(row.due).and_hms_opt(23, 59, 59).unwrap();
        if r.at != expected || r.verified != row.verified {
            wrong.push(format!(
                "{}: got {} (verified {}), expected {} (verified {})",
                row.why, r.at, r.verified, expected, row.verified
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_first_response_in_hours_runs_from_the_hour() {
    let cal = WorkCalendar::shipped();
    // financial 重要: 8 h from 2026-02-13 10:00 -> 18:00 the same day.
    assert_eq!(
        due(t("2026-02-13 10:00"), Period::hours(8), &cal, &[]).at,
        t("2026-02-13 18:00")
    );
}

#[test]
fn a_deadline_in_a_year_without_the_notice_counts_the_computed_spring_festival_as_off_and_is_provisional(
) {
    // 2027: 除夕 02-05 [Fri], 初一–初三 02-06..08; the weekend days are made
    // up on 02-09 [Tue] and 02-10 [Wed]. From Thu 02-04, 3 working days:
    // 02-11 (1), 02-12 (2), 02-15 [Mon] (3) — not 02-09 as without them.
    let mut cal = WorkCalendar::shipped();
    let bare = due(t("2027-02-04 09:00"), Period::working_days(3), &cal, &[]);
    assert_eq!(bare.at, d("2027-02-09").and_hms_opt(23, 59, 59).unwrap());
    assert_eq!(bare.unknown_years, vec![2027]);
    cal.fill_computed();
    let r = due(t("2027-02-04 09:00"), Period::working_days(3), &cal, &[]);
    assert_eq!(r.at, d("2027-02-15").and_hms_opt(23, 59, 59).unwrap());
    assert!(!r.verified, "a computed year is not the official one");
    assert!(r.unknown_years.is_empty());
    assert_eq!(r.provisional_years, vec![2027]);
    // The official years stay as published.
    assert!(cal.is_official(2026) && !cal.is_official(2027));
    let official = due(t("2026-04-30 17:00"), Period::days(5), &cal, &[]);
    assert!(official.verified && official.provisional_years.is_empty());
}
