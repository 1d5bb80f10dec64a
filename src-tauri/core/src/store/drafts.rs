//! Half-typed forms, kept per user in the register so they survive an
//! error, a closed window or a crash. Drafts from before accounts belong to
//! nobody (user 0) and are offered to whoever opens that form first.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

pub(crate) fn save(
    conn: &Connection,
    user_id: i64,
    key: &str,
    body: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO user_drafts (user_id, key, body, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![user_id, key, body, now],
    )?;
    Ok(())
}

pub(crate) fn load(conn: &Connection, user_id: i64, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT body FROM user_drafts WHERE key = ?2 AND user_id IN (?1, 0)
             ORDER BY user_id = ?1 DESC LIMIT 1",
            params![user_id, key],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn discard(conn: &Connection, user_id: i64, key: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM user_drafts WHERE key = ?2 AND user_id IN (?1, 0)",
        params![user_id, key],
    )?;
    Ok(())
}
