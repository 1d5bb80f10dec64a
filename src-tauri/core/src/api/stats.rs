//! How the office is doing: the dashboard's figures over the cases a query
//! covers (loaded in bulk: history, records and links one query each), and
//! the register as CSV with identities masked for the viewer.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;

use crate::api::{sheets, Bytes, Ctx, Read};
use crate::domain::case::ListQuery;
use crate::domain::deadlines::{self, DeadlineInputs};
use crate::domain::records::Record;
use crate::domain::stats::{self, Dashboard, StatsQuery, StatsRow};
use crate::domain::validate::{self, parse_local_time};
use crate::error::{DeskError, FieldError, Result};
use crate::store::{records, settings};

/// The SQL filter (`WHERE …` on cases `c`) of a statistics query, checked.
pub(crate) fn filter(q: &StatsQuery) -> Result<(String, Vec<Value>)> {
    let mut filter = String::from("WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if !q.from.trim().is_empty() {
        let d = validate::day("from", &q.from)?;
        args.push(Value::Text(format!("{d} 00:00:00")));
        filter.push_str(&format!(" AND c.received_at >= ?{}", args.len()));
    }
    if !q.to.trim().is_empty() {
        let d = validate::day("to", &q.to)?;
        args.push(Value::Text(format!("{d} 23:59:59")));
        filter.push_str(&format!(" AND c.received_at <= ?{}", args.len()));
    }
    for (col, v) in [
        ("kind", &q.kind),
        ("category", &q.category),
        ("handling_department", &q.department),
        ("channel", &q.channel),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            if v.chars().count() > 100 {
                return Err(DeskError::Validation(vec![FieldError::new(
                    col,
                    "too_long",
                    "筛选条件过长。",
                    "The filter is too long.",
                )]));
            }
            args.push(Value::Text(v.to_string()));
            filter.push_str(&format!(" AND c.{col} = ?{}", args.len()));
        }
    }
    if let Some(h) = q.handler_id {
        args.push(Value::Integer(h));
        filter.push_str(&format!(
            " AND c.id IN (SELECT case_id FROM case_participants
                           WHERE user_id = ?{} AND part IN ('inspector', 'clerk'))",
            args.len()
        ));
    }
    if q.recurrence_window_days.is_some_and(|w| w > 3650) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "recurrence_window_days",
            "out_of_range",
            "重复投诉的统计窗口最多3650天。",
            "The recurrence window is at most 3,650 days.",
        )]));
    }
    Ok((filter, args))
}

/// The statistics' view of every case the filter covers, in received order.
pub(crate) fn load_rows(r: &Read, filter: &str, args: &[Value]) -> Result<Vec<StatsRow>> {
    let sql = format!(
        "SELECT c.id, c.kind, c.category, c.handling_department, c.received_at, c.status,
                c.complainant_names,
                COALESCE((SELECT phone FROM complainants p WHERE p.case_id = c.id ORDER BY ord LIMIT 1), ''),
                c.severity
         FROM cases c {filter} ORDER BY c.received_at, c.id"
    );
    let mut rows: Vec<StatsRow> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    {
        let mut st = r.conn.prepare(&sql)?;
        let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(x) = q.next()? {
            let id: i64 = x.get(0)?;
            let received: String = x.get(4)?;
            let mut events = HashMap::new();
            if let Some(t) = parse_local_time(&received) {
                events.insert("received".to_string(), t);
            }
            index.insert(id, rows.len());
            rows.push(StatsRow {
                id,
                kind: x.get(1)?,
                category: x.get(2)?,
                department: x.get(3)?,
                received,
                status: x.get(5)?,
                names: x.get(6)?,
                phone: x.get(7)?,
                deadlines: DeadlineInputs {
                    severity: crate::domain::case::Severity::from_code(&x.get::<_, String>(8)?),
                    events,
                    pauses: Vec::new(),
                    extension: None,
                    closed_in_ledger: false,
                },
                replied_at: None,
                satisfaction: None,
                linked_repeat: false,
            });
        }
    }
    let ids_sql = format!("SELECT c.id FROM cases c {filter}");
    // The first time of each history action (and the first reply). Read in
    // the index's order (case, then entry) and kept as they come: a GROUP BY
    // would sort every entry of the period again.
    let mut st = r.conn.prepare(&format!(
        "SELECT case_id, action, at FROM history WHERE case_id IN ({ids_sql})
         ORDER BY case_id, id"
    ))?;
    let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
    while let Some(x) = q.next()? {
        let id: i64 = x.get(0)?;
        let Some(&i) = index.get(&id) else { continue };
        let action: String = x.get(1)?;
        let at: String = x.get(2)?;
        let Some(t) = parse_local_time(&at) else {
            continue;
        };
        let events = &mut rows[i].deadlines.events;
        match events.get_mut(&action) {
            Some(first) if *first <= t => {}
            Some(first) => *first = t,
            None => {
                events.insert(action.clone(), t);
            }
        }
        if action == "replied" && rows[i].replied_at.is_none_or(|r| t < r) {
            rows[i].replied_at = Some(t);
        }
    }
    let today = r.now.date();
    let mut pauses: HashMap<i64, (Vec<_>, Vec<_>)> = HashMap::new();
    for (id, rec) in records::of_kinds_for(
        r.conn,
        &[
            "pause",
            "resume",
            "extension",
            "follow_up",
            "legacy_closing",
        ],
        &ids_sql,
        args,
    )? {
        let Some(&i) = index.get(&id) else { continue };
        match rec.record {
            Record::Pause(p) => pauses.entry(id).or_default().0.push(p),
            Record::Resume(p) => pauses.entry(id).or_default().1.push(p),
            Record::Extension(e) => rows[i].deadlines.extension = Some(e),
            Record::FollowUp(f) => rows[i].satisfaction = Some(f.satisfaction),
            Record::LegacyClosing(c) => {
                let row = &mut rows[i];
                row.deadlines.take_legacy_closing(&c);
                row.replied_at = row.deadlines.events.get("replied").copied();
                if row.satisfaction.is_none() {
                    row.satisfaction = c.satisfaction;
                }
            }
            _ => {}
        }
    }
    for (id, (p, res)) in pauses {
        if let Some(&i) = index.get(&id) {
            let p: Vec<_> = p.iter().collect();
            let res: Vec<_> = res.iter().collect();
            rows[i].deadlines.pauses = deadlines::pauses_from(&p, &res, today);
        }
    }
    let repeats: HashSet<i64> = r
        .conn
        .prepare(
            "SELECT DISTINCT l.case_id FROM case_links l JOIN cases c ON c.id = l.other_id
             WHERE l.kind = 'repeat'",
        )?
        .query_map([], |x| x.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for row in &mut rows {
        row.linked_repeat = repeats.contains(&row.id);
    }
    Ok(rows)
}

/// The dashboard for a query, as of now.
pub(crate) fn compute(r: &Read, q: &StatsQuery) -> Result<Dashboard> {
    let (f, args) = filter(q)?;
    let policy = settings::policy(r.conn)?;
    let cal = settings::calendar(r.conn)?;
    let rows = load_rows(r, &f, &args)?;
    Ok(stats::dashboard(
        &rows,
        &policy,
        &cal,
        r.now,
        q.recurrence_window_days.unwrap_or(90),
    ))
}

pub(crate) fn dashboard(ctx: &Ctx, q: StatsQuery) -> Result<Dashboard> {
    ctx.read(|r| compute(r, &q))
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

/// The register (or the filtered list) as CSV, UTF-8 with a BOM so Excel
/// reads Chinese; identities masked unless the viewer takes part.
pub(crate) fn export_csv(ctx: &Ctx, q: ListQuery) -> Result<Bytes> {
    ctx.read(|r| {
        let mut out = String::from("\u{feff}");
        out.push_str(
            &sheets::REGISTER_COLUMNS
                .iter()
                .map(|(h, _)| *h)
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
        sheets::for_each_register_row(r, &q, |row| {
            out.push_str(
                &row.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
            Ok(())
        })?;
        Ok(Bytes(out.into_bytes()))
    })
}
