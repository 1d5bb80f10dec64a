//! The accountability_flags table: flags raised on handlers when a deadline
//! passes, violations the leader records, and their decisions.

use rusqlite::{params, Connection};

use crate::domain::accountability::{rule, suggestion, Flag};
use crate::domain::money::Fen;
use crate::error::{DeskError, Result};

/// Raises a missed-deadline flag once per (case, deadline); the new flag's
/// id, or None when it was raised before.
pub(crate) fn raise_deadline(
    conn: &Connection,
    case_id: i64,
    deadline_code: &str,
    handler: &str,
    note: &str,
    now: &str,
) -> Result<Option<i64>> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO accountability_flags
            (case_id, deadline_code, handler, rule, note, raised_at, raised_by)
         VALUES (?1, ?2, ?3, 'missed_deadline', ?4, ?5, 'system')",
        params![case_id, deadline_code, handler, note, now],
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

pub(crate) fn insert_violation(
    conn: &Connection,
    case_id: i64,
    handler: &str,
    rule_code: &str,
    note: &str,
    now: &str,
    actor: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO accountability_flags (case_id, handler, rule, note, raised_at, raised_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![case_id, handler, rule_code, note, now, actor],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn decide(
    conn: &Connection,
    id: i64,
    state: &str,
    actor: &str,
    now: &str,
    reason: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE accountability_flags SET state = ?2, decided_by = ?3, decided_at = ?4, reason = ?5
         WHERE id = ?1",
        params![id, state, actor, now, reason],
    )?;
    Ok(())
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<Flag>> {
    let mut st = conn.prepare_cached(
        "SELECT f.id, f.case_id, c.number, f.deadline_code, f.handler, f.rule, f.note,
                f.raised_at, f.state, f.decided_by, f.reason
         FROM accountability_flags f JOIN cases c ON c.id = f.case_id ORDER BY f.id",
    )?;
    let rows = st
        .query_map([], |r| {
            let rule_code: String = r.get(5)?;
            let (rule_zh, sanction, fine) = rule(&rule_code)
                .map(|r| (r.1, r.2, r.3))
                .unwrap_or(("", "", 0));
            Ok(Flag {
                id: r.get(0)?,
                case_id: r.get(1)?,
                number: r.get(2)?,
                deadline_code: r.get(3)?,
                handler: r.get(4)?,
                rule_zh: rule_zh.into(),
                suggested_zh: suggestion(sanction, fine),
                fine: Fen(fine),
                rule: rule_code,
                note: r.get(6)?,
                raised_at: r.get(7)?,
                state: r.get(8)?,
                decided_by: r.get(9)?,
                reason: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Flag> {
    all(conn)?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(DeskError::NotFound {
            what: "flag",
            key: id.to_string(),
        })
}
