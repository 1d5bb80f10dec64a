//! Derived data: what is computed from the stored facts and kept so reads
//! are fast — the two search indexes and each case's deadlines (with the
//! next one due). Refreshed for a case by the write path whenever the case
//! changes, and rebuilt whole when its version here changes (after a
//! migration) or when the calendar or the deadline rules change.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::domain::calendar::WorkCalendar;
use crate::domain::deadlines::{self, DeadlineInputs};
use crate::domain::policy::Policy;
use crate::domain::records::Record;
use crate::domain::validate::parse_local_time;
use crate::error::Result;
use crate::store::{cases, fmt_time, history, records, search, settings};

/// Bump when what is derived, or how, changes.
const DERIVED_VERSION: &str = "1";

/// Rebuilds everything derived when it was made by another version.
pub(crate) fn ensure(conn: &mut Connection, now: NaiveDateTime) -> Result<()> {
    if settings::get(conn, "derived_version")?.as_deref() == Some(DERIVED_VERSION) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let ctx = Context::load(&tx)?;
    for id in ids {
        search::reindex_case(&tx, id)?;
        if let Some(ctx) = &ctx {
            refresh_with(&tx, id, now, ctx)?;
        }
    }
    settings::put(&tx, "derived_version", DERIVED_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// What deadlines are computed with: the policy and the calendar.
pub(crate) struct Context {
    pub policy: std::sync::Arc<Policy>,
    pub calendar: std::sync::Arc<WorkCalendar>,
}

impl Context {
    /// None before the office is set up (no policy, no deadlines).
    pub fn load(conn: &Connection) -> Result<Option<Context>> {
        if !settings::is_set_up(conn)? {
            return Ok(None);
        }
        Ok(Some(Context {
            policy: settings::policy(conn)?,
            calendar: settings::calendar(conn)?,
        }))
    }
}

/// The inputs of a case's deadlines, from its stored history and records.
pub(crate) fn inputs(
    conn: &Connection,
    case_id: i64,
    today: chrono::NaiveDate,
) -> Result<DeadlineInputs> {
    let head = cases::head(conn, case_id)?;
    let mut events: HashMap<String, NaiveDateTime> = HashMap::new();
    let received: String = conn
        .prepare_cached("SELECT received_at FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))?;
    if let Some(t) = parse_local_time(&received) {
        events.insert("received".into(), t);
    }
    for (action, at) in history::first_times(conn, case_id)? {
        if let Some(t) = parse_local_time(&at) {
            events.insert(action, t);
        }
    }
    let recs = records::of_case(conn, case_id)?;
    let pauses: Vec<_> = crate::records_of!(recs, Pause).collect();
    let resumes: Vec<_> = crate::records_of!(recs, Resume).collect();
    let extension = recs.iter().rev().find_map(|r| match &r.record {
        Record::Extension(e) => Some(e.clone()),
        _ => None,
    });
    let mut inputs = DeadlineInputs {
        severity: Some(head.severity),
        events,
        pauses: deadlines::pauses_from(&pauses, &resumes, today),
        extension,
        closed_in_ledger: false,
    };
    for c in crate::records_of!(recs, LegacyClosing) {
        inputs.take_legacy_closing(c);
    }
    Ok(inputs)
}

/// Whether the case's clock is stopped now (a pause without a resume).
fn clock_stopped(conn: &Connection, case_id: i64) -> Result<bool> {
    let (p, r): (i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM case_records WHERE case_id = ?1 AND kind = 'pause'),
                    (SELECT COUNT(*) FROM case_records WHERE case_id = ?1 AND kind = 'resume')",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(p > r)
}

/// Recomputes and stores one case's deadlines and its next one due.
pub(crate) fn refresh_with(
    conn: &Connection,
    case_id: i64,
    now: NaiveDateTime,
    ctx: &Context,
) -> Result<()> {
    let head = cases::head(conn, case_id)?;
    let inputs = inputs(conn, case_id, now.date())?;
    let parts = deadlines::parts(&ctx.policy, &ctx.calendar, now, &inputs, None);
    conn.prepare_cached("DELETE FROM case_deadlines WHERE case_id = ?1")?
        .execute([case_id])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO case_deadlines (case_id, code, from_at, due_at, met_at, verified, unknown_years, extended)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut next: Option<String> = None;
    for p in &parts {
        let due = fmt_time(p.due.at);
        st.execute(params![
            case_id,
            p.rule.code,
            fmt_time(p.start),
            due,
            p.met.map(fmt_time),
            p.due.verified,
            p.due
                .unknown_years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(","),
            p.extended,
        ])?;
        if p.met.is_none() && next.as_ref().is_none_or(|n| due < *n) {
            next = Some(due);
        }
    }
    let next = if head.status.is_open() { next } else { None };
    conn.prepare_cached("UPDATE cases SET next_due_at = ?2, clock_stopped = ?3 WHERE id = ?1")?
        .execute(params![case_id, next, clock_stopped(conn, case_id)?])?;
    Ok(())
}

/// A case whose next deadline moved: (id, number, before, after).
pub(crate) type Moved = (i64, String, Option<String>, Option<String>);

/// Recomputes every open case (after the calendar or the rules changed).
/// Returns the cases whose next deadline moved.
pub(crate) fn refresh_open_cases(conn: &Connection, now: NaiveDateTime) -> Result<Vec<Moved>> {
    let Some(ctx) = Context::load(conn)? else {
        return Ok(Vec::new());
    };
    let open: Vec<(i64, String, Option<String>)> = conn
        .prepare(
            "SELECT id, number, next_due_at FROM cases
             WHERE status NOT IN ('archived', 'not_accepted') ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut moved = Vec::new();
    for (id, number, before) in open {
        refresh_with(conn, id, now, &ctx)?;
        let after: Option<String> =
            conn.query_row("SELECT next_due_at FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        if after != before {
            moved.push((id, number, before, after));
        }
    }
    Ok(moved)
}
