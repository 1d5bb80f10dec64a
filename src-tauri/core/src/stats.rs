//! How the office is doing: counts, on-time, resolution, satisfaction and
//! recurrence rates against the targets of seed 003, handling time in
//! working days, Pareto of categories, monthly trend and on-time per
//! department. Rates are exact basis points; every figure lists the cases
//! behind it so the UI can drill down.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::error::Result;
use crate::register::Register;
use crate::validate::parse_local_time;

/// Which cases a figure covers (received in [from, to], inclusive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    pub from: String,
    pub to: String,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub channel: Option<String>,
    /// Only the cases this person handles: as an assigned inspector, or as
    /// the receiving clerk.
    pub handler: Option<String>,
    /// Days within which the same complainant again counts as a recurrence.
    pub recurrence_window_days: Option<u32>,
}

/// A rate with its parts, its target and the cases behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

fn rate(num: u64, den: u64, target_bp: i64, at_least: bool, drill: Vec<i64>) -> Rate {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParetoRow {
    pub category: String,
    pub label: String,
    pub count: u64,
    /// Cumulative share in basis points.
    pub cumulative_bp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

struct Row {
    id: i64,
    kind: String,
    category: String,
    department: String,
    received: String,
    status: String,
    names: String,
    phone: String,
    severity: String,
}

/// What the dashboard needs of each case's history, records and links,
/// loaded with one query each instead of several queries per case.
#[derive(Default)]
struct Loaded {
    /// The earliest time of each history action, per case (as MIN(at)).
    first_at: HashMap<i64, HashMap<String, String>>,
    /// The first "replied" history row of each case (by id).
    replied_at: HashMap<i64, String>,
    /// "pause", "resume", "extension" and "follow_up" records, oldest first.
    records: HashMap<i64, Vec<(String, serde_json::Value)>>,
    /// Cases linked as a repeat of an earlier one.
    repeats: std::collections::HashSet<i64>,
}

impl Register {
    fn load_for_dashboard(&self, filter: &str, args: &[String]) -> Result<Loaded> {
        let mut out = Loaded::default();
        let mut st = self.conn.prepare(&format!(
            "SELECT case_id, action, at FROM history
             WHERE case_id IN (SELECT c.id FROM cases c {filter}) ORDER BY id"
        ))?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let (id, action, at): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if action == "replied" {
                out.replied_at.entry(id).or_insert_with(|| at.clone());
            }
            let first = out.first_at.entry(id).or_default();
            match first.get_mut(&action) {
                Some(t) if at < *t => *t = at,
                Some(_) => {}
                None => {
                    first.insert(action, at);
                }
            }
        }
        let mut st = self.conn.prepare(&format!(
            "SELECT case_id, kind, data FROM case_records
             WHERE kind IN ('pause', 'resume', 'extension', 'follow_up')
               AND case_id IN (SELECT c.id FROM cases c {filter}) ORDER BY id"
        ))?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let data: String = r.get(2)?;
            out.records.entry(r.get(0)?).or_default().push((
                r.get(1)?,
                serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
            ));
        }
        let mut st = self.conn.prepare(
            "SELECT DISTINCT l.case_id FROM case_links l JOIN cases c ON c.id = l.other_id
             WHERE l.kind = 'repeat'",
        )?;
        out.repeats = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }
}

impl Loaded {
    fn records_of<'a>(
        &'a self,
        id: i64,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a serde_json::Value> {
        self.records
            .get(&id)
            .into_iter()
            .flatten()
            .filter(move |(k, _)| k == kind)
            .map(|(_, v)| v)
    }

    /// The same inputs `Register::deadlines_with` reads from the database.
    fn deadline_inputs(&self, row: &Row, today: NaiveDate) -> crate::handling::DeadlineInputs {
        let mut events = HashMap::new();
        if let Some(t) = parse_local_time(&row.received) {
            events.insert("received".to_string(), t);
        }
        for (action, at) in self.first_at.get(&row.id).into_iter().flatten() {
            if let Some(t) = parse_local_time(at) {
                events.insert(action.clone(), t);
            }
        }
        let pauses: Vec<serde_json::Value> = self.records_of(row.id, "pause").cloned().collect();
        let resumes: Vec<serde_json::Value> = self.records_of(row.id, "resume").cloned().collect();
        crate::handling::DeadlineInputs {
            severity: crate::model::Severity::from_code(&row.severity)
                .unwrap_or(crate::model::Severity::Ordinary),
            events,
            pauses: crate::handling::pauses_from(&pauses, &resumes, today),
            extension: self
                .records_of(row.id, "extension")
                .last()
                .and_then(|v| serde_json::from_value(v.clone()).ok()),
        }
    }
}

impl Register {
    pub fn dashboard(&self, q: &StatsQuery) -> Result<Dashboard> {
        self.viewer()?;
        let policy = self.policy()?;
        let cal = self.calendar()?;
        let mut filter = String::from("WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if !q.from.trim().is_empty() {
            args.push(format!("{} 00:00:00", q.from.trim()));
            filter.push_str(&format!(" AND c.received_at >= ?{}", args.len()));
        }
        if !q.to.trim().is_empty() {
            args.push(format!("{} 23:59:59", q.to.trim()));
            filter.push_str(&format!(" AND c.received_at <= ?{}", args.len()));
        }
        for (col, v) in [
            ("kind", &q.kind),
            ("category", &q.category),
            ("handling_department", &q.department),
            ("channel", &q.channel),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                args.push(v.to_string());
                filter.push_str(&format!(" AND c.{col} = ?{}", args.len()));
            }
        }
        if let Some(h) = q
            .handler
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
        {
            args.push(h.to_string());
            filter.push_str(&format!(
                " AND c.id IN (SELECT case_id FROM case_people
                               WHERE name = ?{} AND part IN ('inspector', 'clerk'))",
                args.len()
            ));
        }
        let sql = format!(
            "SELECT c.id, c.kind, c.category, c.handling_department, c.received_at, c.status,
                    c.complainant_names,
                    COALESCE((SELECT phone FROM complainants p WHERE p.case_id = c.id ORDER BY ord LIMIT 1), ''),
                    c.severity
             FROM cases c {filter} ORDER BY c.received_at, c.id"
        );
        let rows: Vec<Row> = {
            let mut st = self.conn.prepare(&sql)?;
            let rows = st
                .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                    Ok(Row {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        category: r.get(2)?,
                        department: r.get(3)?,
                        received: r.get(4)?,
                        status: r.get(5)?,
                        names: r.get(6)?,
                        phone: r.get(7)?,
                        severity: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows
        };
        let loaded = self.load_for_dashboard(&filter, &args)?;
        let now = self.clock.now();
        let mut memo = crate::handling::DueMemo::new();

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
        for row in &rows {
            *categories.entry(row.category.clone()).or_default() += 1;
            *monthly
                .entry(row.received.chars().take(7).collect())
                .or_default() += 1;
            let mut late = false;
            let ds = crate::handling::deadline_parts(
                &policy,
                &cal,
                now,
                &loaded.deadline_inputs(row, now.date()),
                Some(&mut memo),
            );
            for d in &ds {
                let (counted, ok) = match d.state {
                    "met" => (true, true),
                    "met_late" => (true, false),
                    "overdue" => {
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
            let decided = by_deadline_touched(&ds);
            if decided {
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
            let follow = loaded.records_of(row.id, "follow_up").last();
            if let Some(f) = follow {
                satisfied.1 += 1;
                if f["satisfaction"] == "satisfied" {
                    satisfied.0 += 1;
                } else {
                    satisfied.2.push(row.id);
                }
            }
            let replied_at = loaded
                .replied_at
                .get(&row.id)
                .and_then(|at| parse_local_time(at));
            if let (Some(r), Some(rec)) = (replied_at, parse_local_time(&row.received)) {
                handling.push(working_days_between(&cal, rec.date(), r.date()));
            }
        }

        // Recurrence: linked repeats, or the same named complainant (name and
        // phone) again within the window.
        let window = i64::from(q.recurrence_window_days.unwrap_or(90));
        let mut repeats = Vec::new();
        let mut last_seen: HashMap<(String, String), NaiveDate> = HashMap::new();
        for row in &rows {
            let received = parse_local_time(&row.received).map(|t| t.date());
            let linked = loaded.repeats.contains(&row.id);
            let key = (row.names.clone(), row.phone.clone());
            let again = !row.names.is_empty()
                && !row.phone.is_empty()
                && match (last_seen.get(&key), received) {
                    (Some(prev), Some(now)) => (now - *prev).num_days() <= window,
                    _ => false,
                };
            if linked || again {
                repeats.push(row.id);
            }
            if let Some(d) = received {
                if !row.names.is_empty() && !row.phone.is_empty() {
                    last_seen.insert(key, d);
                }
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
        let avg = (!handling.is_empty())
            .then(|| handling.iter().sum::<i64>() * 100 / handling.len() as i64);
        let p90 = (!handling.is_empty()).then(|| {
            let rank = (handling.len() * 90).div_ceil(100).max(1);
            handling[rank - 1]
        });
        Ok(Dashboard {
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
        })
    }
}

/// A case counts for the on-time rate once one of its deadlines is decided.
fn by_deadline_touched(ds: &[crate::handling::DeadlinePart]) -> bool {
    ds.iter()
        .any(|d| matches!(d.state, "met" | "met_late" | "overdue"))
}

/// 王小明 -> 王**; an empty name stays empty.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count();
            format!("{first}{}", "*".repeat(rest.max(1)))
        }
        None => String::new(),
    }
}

/// 13800138000 -> 138****8000; shorter numbers keep their last 2 digits.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.len() {
        0 => String::new(),
        n if n >= 11 => format!(
            "{}****{}",
            digits[..3].iter().collect::<String>(),
            digits[n - 4..].iter().collect::<String>()
        ),
        n => format!(
            "{}{}",
            "*".repeat(n.saturating_sub(2)),
            digits[n.saturating_sub(2)..].iter().collect::<String>()
        ),
    }
}

fn csv_field(s: &str) -> String {
    // Cells that a spreadsheet would run as a formula are quoted as text.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl Register {
    /// The register (or the filtered list) as CSV, UTF-8 with a BOM so Excel
    /// reads Chinese; complainants' identity is masked unless the signed-in
    /// user takes part in the case.
    pub fn export_csv(&self, q: &crate::model::ListQuery) -> Result<String> {
        self.viewer()?;
        let mut out = String::from("\u{feff}");
        out.push_str(
            &crate::sheets::REGISTER_COLUMNS
                .iter()
                .map(|(h, _)| *h)
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
        self.for_each_register_row(q, |row| {
            out.push_str(
                &row.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
            Ok(())
        })?;
        Ok(out)
    }
}
