//! How the office is doing: counts, on-time, resolution, satisfaction and
//! recurrence rates against the targets of seed 003, handling time in
//! working days, Pareto of categories, monthly trend and on-time per
//! department. Rates are exact basis points; every figure lists the cases
//! behind it so the UI can drill down.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use ts_rs::TS;

use crate::domain::calendar::WorkCalendar;

/// Which cases a figure covers (received in [from, to], inclusive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct StatsQuery {
    pub from: String,
    pub to: String,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub channel: Option<String>,
    /// Only the cases this user handles: as an assigned inspector, or as
    /// the receiving clerk.
    pub handler_id: Option<i64>,
    /// Days within which the same complainant again counts as a recurrence.
    pub recurrence_window_days: Option<u32>,
}

/// A rate with its parts, its target and the cases behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
    /// None when the denominator is 0.
    pub bp: Option<i64>,
    pub target_bp: i64,
    /// "at_least" (on-time, resolution, satisfaction) or "below" (recurrence).
    pub target_kind: &'static str,
    pub meets_target: Option<bool>,
    /// The cases that count against the rate (late, unresolved, dissatisfied, repeats).
    pub drill_down: Vec<i64>,
}

pub fn rate(num: u64, den: u64, target_bp: i64, at_least: bool, drill: Vec<i64>) -> Rate {
    let bp = (den > 0).then(|| (num * 10_000 / den) as i64);
    Rate {
        numerator: num,
        denominator: den,
        bp,
        target_bp,
        target_kind: if at_least { "at_least" } else { "below" },
        meets_target: bp.map(|b| {
            if at_least {
                b >= target_bp
            } else {
                b < target_bp
            }
        }),
        drill_down: drill,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ParetoRow {
    pub category: String,
    pub label: String,
    pub count: u64,
    /// Cumulative share in basis points.
    pub cumulative_bp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Dashboard {
    pub total: u64,
    pub complaints: u64,
    pub reports: u64,
    pub on_time: Rate,
    /// On-time per deadline code.
    pub on_time_by_deadline: BTreeMap<String, Rate>,
    pub resolution: Rate,
    pub satisfaction: Rate,
    pub recurrence: Rate,
    /// Average handling time (receipt to reply) in hundredths of a working day.
    pub avg_handling_wd_x100: Option<i64>,
    /// 90th percentile (nearest rank) in working days.
    pub p90_handling_wd: Option<i64>,
    pub overdue_now: Vec<i64>,
    pub pareto: Vec<ParetoRow>,
    /// (YYYY-MM, count)
    pub monthly: Vec<(String, u64)>,
    /// On-time per handling department.
    pub on_time_by_department: BTreeMap<String, Rate>,
}

/// Working days after `from` up to and including `to` (0 if the same day).
pub fn working_days_between(cal: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let mut d = from;
    let mut n = 0;
    while d < to {
        d = d.succ_opt().unwrap_or(to);
        if cal.is_working(d) {
            n += 1;
        }
    }
    n
}

/// One case as the statistics see it.
#[derive(Debug, Clone)]
pub struct StatsRow {
    pub id: i64,
    pub kind: String,
    pub category: String,
    pub department: String,
    pub received: String,
    pub status: String,
    /// Complainant names joined (identity is only compared, never shown).
    pub names: String,
    pub phone: String,
    /// The inputs of its deadlines (events, clock stops, extension).
    pub deadlines: crate::domain::deadlines::DeadlineInputs,
    /// The first reply, if any.
    pub replied_at: Option<NaiveDateTime>,
    /// The satisfaction of its last follow-up, if any.
    pub satisfaction: Option<crate::domain::records::Satisfaction>,
    /// Linked as a repeat of an earlier case.
    pub linked_repeat: bool,
}

/// The dashboard of `rows` (received order) at `now`.
pub fn dashboard(
    rows: &[StatsRow],
    policy: &crate::domain::policy::Policy,
    cal: &WorkCalendar,
    now: NaiveDateTime,
    recurrence_window_days: u32,
) -> Dashboard {
    use crate::domain::deadlines::{self, DueMemo, DueState};
    use crate::domain::records::Satisfaction;
    let mut memo = DueMemo::new();
    let total = rows.len() as u64;
    let complaints = rows.iter().filter(|r| r.kind == "complaint").count() as u64;
    let mut on_time = (0u64, 0u64, Vec::new());
    let mut by_deadline: BTreeMap<String, (u64, u64, Vec<i64>)> = BTreeMap::new();
    let mut by_dept: BTreeMap<String, (u64, u64, Vec<i64>)> = BTreeMap::new();
    let mut overdue_now = Vec::new();
    let mut resolved = (0u64, 0u64, Vec::new());
    let mut satisfied = (0u64, 0u64, Vec::new());
    let mut handling: Vec<i64> = Vec::new();
    let mut categories: HashMap<String, u64> = HashMap::new();
    let mut monthly: BTreeMap<String, u64> = BTreeMap::new();
    for row in rows {
        *categories.entry(row.category.clone()).or_default() += 1;
        *monthly
            .entry(row.received.chars().take(7).collect())
            .or_default() += 1;
        let mut late = false;
        let ds = deadlines::parts(policy, cal, now, &row.deadlines, Some(&mut memo));
        for d in &ds {
            let (counted, ok) = match d.state {
                DueState::Met => (true, true),
                DueState::MetLate => (true, false),
                DueState::Overdue => {
                    // Cases come one after another: a case already listed is the last one.
                    if overdue_now.last() != Some(&row.id) {
                        overdue_now.push(row.id);
                    }
                    (true, false)
                }
                _ => (false, false),
            };
            if !counted {
                continue;
            }
            let e = by_deadline.entry(d.rule.code.clone()).or_default();
            e.1 += 1;
            if ok {
                e.0 += 1;
            } else {
                e.2.push(row.id);
                late = true;
            }
        }
        // A case counts for the on-time rate once one of its deadlines is decided.
        if ds.iter().any(|d| d.state.decided()) {
            on_time.1 += 1;
            let dept = by_dept.entry(row.department.clone()).or_default();
            dept.1 += 1;
            if late {
                on_time.2.push(row.id);
                dept.2.push(row.id);
            } else {
                on_time.0 += 1;
                dept.0 += 1;
            }
        }
        if row.status != "not_accepted" {
            resolved.1 += 1;
            if matches!(
                row.status.as_str(),
                "replied" | "followed_up" | "escalated" | "archived"
            ) {
                resolved.0 += 1;
            } else {
                resolved.2.push(row.id);
            }
        }
        if let Some(s) = row.satisfaction {
            satisfied.1 += 1;
            if s == Satisfaction::Satisfied {
                satisfied.0 += 1;
            } else {
                satisfied.2.push(row.id);
            }
        }
        let received = crate::domain::validate::parse_local_time(&row.received);
        if let (Some(r), Some(rec)) = (row.replied_at, received) {
            handling.push(working_days_between(cal, rec.date(), r.date()));
        }
    }

    // Recurrence: linked repeats, or the same named complainant (name and
    // phone) again within the window.
    let window = i64::from(recurrence_window_days);
    let mut repeats = Vec::new();
    let mut last_seen: HashMap<(&str, &str), NaiveDate> = HashMap::new();
    for row in rows {
        let received = crate::domain::validate::parse_local_time(&row.received).map(|t| t.date());
        let key = (row.names.as_str(), row.phone.as_str());
        let named = !row.names.is_empty() && !row.phone.is_empty();
        let again = named
            && match (last_seen.get(&key), received) {
                (Some(prev), Some(now)) => (now - *prev).num_days() <= window,
                _ => false,
            };
        if row.linked_repeat || again {
            repeats.push(row.id);
        }
        if let (Some(d), true) = (received, named) {
            last_seen.insert(key, d);
        }
    }

    let mut pareto: Vec<(String, u64)> = categories.into_iter().collect();
    pareto.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut cum = 0u64;
    let pareto = pareto
        .into_iter()
        .map(|(category, count)| {
            cum += count;
            ParetoRow {
                label: policy
                    .category(&category)
                    .map(|c| c.name_zh.clone())
                    .unwrap_or_else(|| category.clone()),
                category,
                count,
                cumulative_bp: (cum * 10_000).checked_div(total).unwrap_or(0) as i64,
            }
        })
        .collect();
    handling.sort_unstable();
    let avg =
        (!handling.is_empty()).then(|| handling.iter().sum::<i64>() * 100 / handling.len() as i64);
    let p90 = (!handling.is_empty()).then(|| {
        let rank = (handling.len() * 90).div_ceil(100).max(1);
        handling[rank - 1]
    });
    Dashboard {
        total,
        complaints,
        reports: total - complaints,
        on_time: rate(on_time.0, on_time.1, 9_800, true, on_time.2),
        on_time_by_deadline: by_deadline
            .into_iter()
            .map(|(k, (n, d, drill))| (k, rate(n, d, 9_800, true, drill)))
            .collect(),
        resolution: rate(resolved.0, resolved.1, 9_500, true, resolved.2),
        satisfaction: rate(satisfied.0, satisfied.1, 9_000, true, satisfied.2),
        recurrence: rate(repeats.len() as u64, total, 500, false, repeats),
        avg_handling_wd_x100: avg,
        p90_handling_wd: p90,
        overdue_now,
        pareto,
        monthly: monthly.into_iter().collect(),
        on_time_by_department: by_dept
            .into_iter()
            .map(|(k, (n, d, drill))| (k, rate(n, d, 9_800, true, drill)))
            .collect(),
    }
}
