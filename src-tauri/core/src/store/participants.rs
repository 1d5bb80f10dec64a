//! Who takes part in each case (by user account) and who recused, and the
//! names from before accounts that no account matched.

use rusqlite::{params, Connection};

use crate::domain::roles::{Part, Standing};
use crate::error::Result;

pub(crate) fn add(conn: &Connection, case_id: i64, user_id: i64, part: Part) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO case_participants (case_id, user_id, part) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![case_id, user_id, part.code()])?;
    Ok(())
}

pub(crate) fn recuse(conn: &Connection, case_id: i64, user_id: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO case_recusals (case_id, user_id) VALUES (?1, ?2)",
        params![case_id, user_id],
    )?;
    Ok(())
}

/// How a user stands to a case.
pub(crate) fn standing(conn: &Connection, case_id: i64, user_id: i64) -> Result<Standing> {
    let (participant, recused): (bool, bool) = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM case_participants WHERE case_id = ?1 AND user_id = ?2),
                    EXISTS (SELECT 1 FROM case_recusals WHERE case_id = ?1 AND user_id = ?2)",
        )?
        .query_row(params![case_id, user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Standing {
        participant,
        recused,
    })
}

/// SQL: the ids of the cases user `?N` sees the identity of (takes part in,
/// did not recuse from).
pub(crate) fn visible_cases_sql(n: usize) -> String {
    format!(
        "SELECT case_id FROM case_participants WHERE user_id = ?{n}
         EXCEPT SELECT case_id FROM case_recusals WHERE user_id = ?{n}"
    )
}

/// The users recused from a case.
pub(crate) fn recused(conn: &Connection, case_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT user_id FROM case_recusals WHERE case_id = ?1")?;
    let v = st
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Names that took part in cases before accounts existed and that were not
/// given to an account (by the migration, where an account had the name,
/// or by the administrator since): (name, how many cases).
pub(crate) fn unmapped_names(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare(
        "SELECT p.name, COUNT(DISTINCT p.case_id) FROM case_people p
         WHERE NOT EXISTS (SELECT 1 FROM participant_name_map m WHERE m.name = p.name)
         GROUP BY p.name ORDER BY p.name",
    )?;
    let v = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Gives the cases a pre-account name took part in to an account: every
/// (case, part) of that name becomes the account's. Returns how many cases.
pub(crate) fn map_name(conn: &Connection, name: &str, user_id: i64) -> Result<usize> {
    conn.execute(
        "INSERT OR IGNORE INTO case_participants (case_id, user_id, part)
         SELECT case_id, ?2, part FROM case_people WHERE name = ?1",
        params![name, user_id],
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO participant_name_map (name, user_id) VALUES (?1, ?2)",
        params![name, user_id],
    )?;
    Ok(conn.query_row(
        "SELECT COUNT(DISTINCT case_id) FROM case_people WHERE name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )? as usize)
}
