//! The users table (accounts with Argon2id hashes) and the sign-in failure
//! counters (per name and per address).

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::roles::{parse_roles, roles_text, Role};
use crate::error::{DeskError, Result};

/// A user as stored (never leaves the core with its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: String,
}

const COLUMNS: &str = "id, username, display_name, roles, active, created_at";

fn row(r: &rusqlite::Row) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        roles: parse_roles(&r.get::<_, String>(3)?),
        active: r.get::<_, i64>(4)? != 0,
        created_at: r.get(5)?,
    })
}

pub(crate) fn any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<UserRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM users ORDER BY active DESC, display_name"
    ))?;
    let v = st
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<UserRow> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or(DeskError::NotFound {
            what: "user",
            key: id.to_string(),
        })
}

/// A user and their password hash, by login name (case-insensitive).
pub(crate) fn by_username(conn: &Connection, username: &str) -> Result<Option<(UserRow, String)>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, password_hash FROM users WHERE username = ?1"
        ))?
        .query_row([username], |r| Ok((row(r)?, r.get(6)?)))
        .optional()?)
}

pub(crate) fn username_taken(conn: &Connection, username: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
        [username],
        |r| r.get(0),
    )?)
}

pub(crate) fn display_name_taken(
    conn: &Connection,
    name: &str,
    except: Option<i64>,
) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE display_name = ?1 AND id IS NOT ?2)",
        params![name, except],
        |r| r.get(0),
    )?)
}

pub(crate) fn insert(
    conn: &Connection,
    username: &str,
    display_name: &str,
    roles: &[Role],
    password_hash: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO users (username, display_name, roles, password_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![
            username,
            display_name,
            roles_text(roles),
            password_hash,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn update(
    conn: &Connection,
    id: i64,
    display_name: &str,
    roles: &[Role],
    active: bool,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE users SET display_name = ?2, roles = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, display_name, roles_text(roles), active, now],
    )?;
    Ok(())
}

pub(crate) fn set_password(conn: &Connection, id: i64, hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

/// Active administrators other than `except`.
pub(crate) fn other_admins(conn: &Connection, except: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM users WHERE active = 1 AND id <> ?1 AND ',' || roles || ',' LIKE '%,admin,%'",
        [except],
        |r| r.get(0),
    )?)
}

/// Failures so far for a key ("name:…" or "addr:…") and when the last was.
pub(crate) fn failures(conn: &Connection, key: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT failures, last_at FROM sign_in_failures WHERE name = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub(crate) fn add_failure(conn: &Connection, key: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sign_in_failures (name, failures, last_at) VALUES (?1, 1, ?2)
         ON CONFLICT (name) DO UPDATE SET failures = failures + 1, last_at = excluded.last_at",
        params![key, at],
    )?;
    Ok(())
}

pub(crate) fn clear_failures(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM sign_in_failures WHERE name = ?1", [key])?;
    Ok(())
}
