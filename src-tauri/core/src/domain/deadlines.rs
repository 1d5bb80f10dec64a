//! The deadlines of one case: the office's rules applied to the case's
//! events (received, reviewed, findings, …), clock stops and extension, with
//! each deadline's state. Pure: the API loads the inputs (one case, or many
//! in bulk for the statistics) and the result is the same either way.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::calendar::WorkCalendar;
use crate::domain::case::Severity;
use crate::domain::deadline::{self, Pause};
use crate::domain::policy::{DeadlineRule, Policy};
use crate::domain::records::{Extension, PauseRecord};

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    Met,
    MetLate,
    Overdue,
    DueToday,
    DueThisWeek,
    Pending,
}

impl DueState {
    pub fn code(self) -> &'static str {
        match self {
            DueState::Met => "met",
            DueState::MetLate => "met_late",
            DueState::Overdue => "overdue",
            DueState::DueToday => "due_today",
            DueState::DueThisWeek => "due_this_week",
            DueState::Pending => "pending",
        }
    }
    pub fn from_code(s: &str) -> Option<DueState> {
        [
            DueState::Met,
            DueState::MetLate,
            DueState::Overdue,
            DueState::DueToday,
            DueState::DueThisWeek,
            DueState::Pending,
        ]
        .into_iter()
        .find(|d| d.code() == s)
    }
    /// Decided: met (on time or late) or overdue.
    pub fn decided(self) -> bool {
        matches!(self, DueState::Met | DueState::MetLate | DueState::Overdue)
    }
}

/// A deadline of one case as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeadlineView {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub period_zh: String,
    pub from_at: String,
    pub due_at: String,
    /// False when a year the calendar does not know (or knows only as
    /// computed) was needed.
    pub verified: bool,
    pub unknown_years: Vec<i32>,
    /// Years computed from the statutory holidays, the official notice not
    /// yet imported: the date is provisional.
    pub provisional_years: Vec<i32>,
    pub extended: bool,
    pub met_at: Option<String>,
    pub state: DueState,
}

/// The clock stops of a case from its "pause" and "resume" records (oldest
/// first): each resumed stop, and a stop still open up to `today`.
pub fn pauses_from(
    pauses: &[&PauseRecord],
    resumes: &[&PauseRecord],
    today: NaiveDate,
) -> Vec<Pause> {
    let mut out: Vec<Pause> = resumes
        .iter()
        .filter_map(|p| p.to.map(|to| Pause { from: p.from, to }))
        .collect();
    if pauses.len() > resumes.len() {
        if let Some(p) = pauses.last() {
            out.push(Pause {
                from: p.from,
                to: today.max(p.from),
            });
        }
    }
    out
}

/// What the deadlines of one case are worked out from.
#[derive(Debug, Clone, Default)]
pub struct DeadlineInputs {
    pub severity: Option<Severity>,
    /// The first time of each workflow event, and "received".
    pub events: HashMap<String, NaiveDateTime>,
    pub pauses: Vec<Pause>,
    pub extension: Option<Extension>,
    /// The case closed in an old ledger: a step it never recorded is not
    /// judged (neither met nor overdue).
    pub closed_in_ledger: bool,
}

impl DeadlineInputs {
    /// Takes in a closing brought from an old ledger: the reply is dated
    /// by the ledger's closing date (the start of that day).
    pub fn take_legacy_closing(&mut self, c: &super::records::LegacyClosing) {
        self.closed_in_ledger = true;
        if let Some(d) = c
            .closed_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            let t = d.and_time(chrono::NaiveTime::MIN);
            let e = self.events.entry("replied".into()).or_insert(t);
            *e = (*e).min(t);
        }
    }
}

/// One deadline of a case worked out.
#[derive(Debug, Clone)]
pub struct DeadlinePart<'a> {
    pub rule: &'a DeadlineRule,
    pub start: NaiveDateTime,
    pub due: deadline::Due,
    pub extended: bool,
    pub met: Option<NaiveDateTime>,
    pub state: DueState,
}

/// Ends of periods already counted, for scans over many cases: without clock
/// stops a period's end depends only on the rule and its start.
pub type DueMemo = HashMap<(usize, NaiveDateTime), deadline::Due>;

/// The deadlines of one case at `now`.
pub fn parts<'a>(
    policy: &'a Policy,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    inputs: &DeadlineInputs,
    mut memo: Option<&mut DueMemo>,
) -> Vec<DeadlinePart<'a>> {
    let severity = inputs.severity.unwrap_or(Severity::Ordinary);
    let mut out = Vec::new();
    for (i, rule) in policy.deadlines.iter().enumerate() {
        if !rule.severities.is_empty() && !rule.severities.contains(&severity) {
            continue;
        }
        let Some(start) = inputs.events.get(&rule.from) else {
            continue;
        };
        let mut due = match memo.as_deref_mut() {
            Some(m) if inputs.pauses.is_empty() => m
                .entry((i, *start))
                .or_insert_with(|| deadline::due(*start, rule.period, cal, &inputs.pauses))
                .clone(),
            _ => deadline::due(*start, rule.period, cal, &inputs.pauses),
        };
        let mut extended = false;
        if let (Some(e), Some(_)) = (&inputs.extension, rule.max_extension) {
            let at = e.new_due.and_hms_opt(23, 59, 59).unwrap_or(due.at);
            if at > due.at {
                due.at = at;
                extended = true;
            }
        }
        let met = std::iter::once(&rule.met_by)
            .chain(&rule.also_met_by)
            .filter_map(|e| inputs.events.get(e).copied())
            .min();
        if met.is_none() && inputs.closed_in_ledger {
            continue;
        }
        let state = match met {
            Some(m) if m <= due.at => DueState::Met,
            Some(_) => DueState::MetLate,
            None if now > due.at => DueState::Overdue,
            None if now.date() == due.at.date() => DueState::DueToday,
            None if (due.at.date() - now.date()).num_days() <= 7 => DueState::DueThisWeek,
            None => DueState::Pending,
        };
        out.push(DeadlinePart {
            rule,
            start: *start,
            due,
            extended,
            met,
            state,
        });
    }
    out
}

/// "YYYY-MM-DD HH:MM:SS"
pub fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The deadlines of one case as the UI shows them.
pub fn views(
    policy: &Policy,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    inputs: &DeadlineInputs,
) -> Vec<DeadlineView> {
    parts(policy, cal, now, inputs, None)
        .into_iter()
        .map(|p| DeadlineView {
            code: p.rule.code.clone(),
            label_zh: p.rule.label_zh.clone(),
            label_en: p.rule.label_en.clone(),
            period_zh: p.rule.period.label_zh(),
            from_at: fmt_time(p.start),
            due_at: fmt_time(p.due.at),
            verified: p.due.verified,
            unknown_years: p.due.unknown_years,
            provisional_years: p.due.provisional_years,
            extended: p.extended,
            met_at: p.met.map(fmt_time),
            state: p.state,
        })
        .collect()
}

/// The first unmet deadline among `views`, soonest first.
pub fn next_open(views: Vec<DeadlineView>) -> Option<DeadlineView> {
    views
        .into_iter()
        .filter(|d| d.met_at.is_none())
        .min_by(|a, b| a.due_at.cmp(&b.due_at))
}
