//! The two full-text search tables: what anyone may search (number, matter,
//! facts, request, the people complained about) and the complainant's
//! identity (names, units), searched only within the cases a user sees.

use rusqlite::{params, Connection};

use crate::domain::search::index_text;
use crate::error::Result;

/// Rebuilds a case's two search rows.
pub(crate) fn reindex_case(conn: &Connection, id: i64) -> Result<()> {
    type Row = (String, String, String, String, String, String, String);
    let (number, legacy, matter, facts, request, names, accused): Row = conn
        .prepare_cached(
            "SELECT number, legacy_number, matter, facts, request, complainant_names, accused_names
             FROM cases WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
    let units = |sql: &str| -> Result<Vec<String>> {
        let mut st = conn.prepare_cached(sql)?;
        let v = st
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    };
    let accused_units = units("SELECT unit FROM accused WHERE case_id = ?1 ORDER BY ord")?;
    let complainant_units = units("SELECT unit FROM complainants WHERE case_id = ?1 ORDER BY ord")?;
    let body = index_text(
        [
            number.as_str(),
            &legacy,
            &matter,
            &facts,
            &request,
            &accused,
        ]
        .into_iter()
        .chain(accused_units.iter().map(String::as_str)),
    );
    let identity = index_text(
        [names.as_str()]
            .into_iter()
            .chain(complainant_units.iter().map(String::as_str)),
    );
    conn.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM case_identity_search WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("INSERT INTO case_search (rowid, body) VALUES (?1, ?2)")?
        .execute(params![id, body])?;
    conn.prepare_cached("INSERT INTO case_identity_search (rowid, body) VALUES (?1, ?2)")?
        .execute(params![id, identity])?;
    Ok(())
}
