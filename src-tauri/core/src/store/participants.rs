//! Who takes part in each case (by user account) and who recused, and the
//! names from before accounts that no account matched.

use rusqlite::{params, Connection, OptionalExtension};

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

/// SQL condition: user `?N` sees the identity of the case whose id is the
/// column `col` (takes part in it, did not recuse). Two index seeks per
/// row: an `IN (every case the user takes part in)` set would be built in
/// full for each query, and beside an FTS match it is looked up once per
/// id (11 s on 100,000 cases instead of 6 ms).
pub(crate) fn visible_case_sql(col: &str, n: usize) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM case_participants p WHERE p.user_id = ?{n} AND p.case_id = {col})
          AND NOT EXISTS (SELECT 1 FROM case_recusals r WHERE r.user_id = ?{n} AND r.case_id = {col}))"
    )
}

/// The ids among `ids` whose identity user `user_id` sees.
pub(crate) fn visible_among(
    conn: &Connection,
    user_id: i64,
    ids: &[i64],
) -> Result<std::collections::HashSet<i64>> {
    let mut out = std::collections::HashSet::new();
    let mut st = conn.prepare_cached(&format!("SELECT ?1 WHERE {}", visible_case_sql("?1", 2)))?;
    for id in ids {
        if let Some(v) = st
            .query_row(params![id, user_id], |r| r.get::<_, i64>(0))
            .optional()?
        {
            out.insert(v);
        }
    }
    Ok(out)
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
