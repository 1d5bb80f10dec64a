//! The case_records table: the append-only handling records of every case,
//! stored as a kind and JSON data and read back typed.

use rusqlite::{params, Connection};

use crate::domain::records::{CaseRecord, Record};
use crate::error::Result;

/// Appends a record; returns its id.
pub(crate) fn insert(
    conn: &Connection,
    case_id: i64,
    record: &Record,
    at: &str,
    actor: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO case_records (case_id, kind, data, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        case_id,
        record.kind(),
        record.data().to_string(),
        at,
        actor
    ])?;
    Ok(conn.last_insert_rowid())
}

fn typed(r: &rusqlite::Row) -> rusqlite::Result<Option<CaseRecord>> {
    let kind: String = r.get(1)?;
    let data: String = r.get(2)?;
    Ok(Record::decode(&kind, &data).map(|record| CaseRecord {
        id: r.get(0).unwrap_or_default(),
        at: r.get(3).unwrap_or_default(),
        actor: r.get(4).unwrap_or_default(),
        record,
    }))
}

/// Every record of a case, oldest first (kinds this version does not know
/// are left out).
pub(crate) fn of_case(conn: &Connection, case_id: i64) -> Result<Vec<CaseRecord>> {
    let mut st = conn.prepare_cached(
        "SELECT id, kind, data, at, actor FROM case_records WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([case_id], typed)?
        .filter_map(|r| r.transpose())
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The records of some kinds for every case in `filter_sql` (a SELECT of
/// case ids with `args`), oldest first: (case id, record).
pub(crate) fn of_kinds_for(
    conn: &Connection,
    kinds: &[&str],
    filter_sql: &str,
    args: &[rusqlite::types::Value],
) -> Result<Vec<(i64, CaseRecord)>> {
    let kinds = kinds
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(",");
    let mut st = conn.prepare(&format!(
        "SELECT id, kind, data, at, actor, case_id FROM case_records
         WHERE kind IN ({kinds}) AND case_id IN ({filter_sql}) ORDER BY id"
    ))?;
    let mut out = Vec::new();
    let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        if let Some(rec) = typed(r)? {
            out.push((r.get(5)?, rec));
        }
    }
    Ok(out)
}

/// Replaces a record's data once, for anonymisation (the database refuses
/// any other change).
pub(crate) fn redact(conn: &Connection, id: i64, data: &str, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE case_records SET data = ?2, redacted_at = ?3 WHERE id = ?1",
        params![id, data, at],
    )?;
    Ok(())
}

/// (id, raw data) of every record of a case, for anonymisation.
pub(crate) fn raw_of_case(conn: &Connection, case_id: i64) -> Result<Vec<(i64, String)>> {
    let v = conn
        .prepare("SELECT id, data FROM case_records WHERE case_id = ?1")?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}
