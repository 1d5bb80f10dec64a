//! The audit trail: every history row holds the hash of the row before it,
//! so a row edited or removed outside the app breaks the chain, and
//! `verify` names the first broken link.
//!
//! Rows of version 2 hash their detail by its SHA-256 digest (`detail_sha`),
//! so anonymisation after the retention period can redact a detail: the
//! row keeps its place, its digest and its hash, and is marked redacted.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;
use crate::handling::sha256_hex;

fn row_hash(
    prev: &str,
    id: i64,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    action: &str,
    detail: &str,
) -> String {
    let case = case_id.map(|c| c.to_string()).unwrap_or_default();
    let text = [prev, &id.to_string(), &case, at, actor, action, detail].join("\u{1f}");
    sha256_hex(text.as_bytes())
}

fn row_hash_v2(
    prev: &str,
    id: i64,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    action: &str,
    detail_sha: &str,
) -> String {
    row_hash(
        prev,
        id,
        case_id,
        at,
        actor,
        action,
        &format!("sha256:{detail_sha}"),
    )
}

/// Appends one chained row. Call inside the transaction that made the change.
pub(crate) fn append(
    tx: &Connection,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<()> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, hash FROM history ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = last
        .map(|(id, h)| (id + 1, h))
        .unwrap_or((1, String::new()));
    let detail_sha = sha256_hex(detail.as_bytes());
    let hash = row_hash_v2(&prev, id, case_id, at, actor, action, &detail_sha);
    tx.execute(
        "INSERT INTO history (id, case_id, at, actor, action, detail, prev_hash, hash, hv, detail_sha)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 2, ?9)",
        params![id, case_id, at, actor, action, detail, prev, hash, detail_sha],
    )?;
    Ok(())
}

/// Redacts the detail of a case's history rows (anonymisation): `scrub`
/// returns the new detail, or None to leave a row alone.
pub(crate) fn redact_case_details(
    tx: &Connection,
    case_id: i64,
    at: &str,
    scrub: impl Fn(&str) -> Option<String>,
) -> Result<usize> {
    let rows: Vec<(i64, String)> = tx
        .prepare(
            "SELECT id, detail FROM history WHERE case_id = ?1 AND hv = 2 AND redacted_at IS NULL",
        )?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for (id, detail) in rows {
        if let Some(new) = scrub(&detail) {
            tx.execute(
                "UPDATE history SET detail = ?2, redacted_at = ?3 WHERE id = ?1",
                params![id, new, at],
            )?;
            n += 1;
        }
    }
    Ok(n)
}

/// One history row as the chain hashes it: id, case, at, actor, action, detail.
type HistoryRow = (i64, Option<i64>, String, String, String, String);

/// Every history row, oldest first (for rebuilding the chain in a migration).
fn history_rows(tx: &Connection) -> Result<Vec<HistoryRow>> {
    let mut st =
        tx.prepare("SELECT id, case_id, at, actor, action, detail FROM history ORDER BY id")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Moves an intact chain to version 2 (the migration that allows
/// redaction). A chain that is already broken is left exactly as it is, so
/// `verify` goes on reporting the break.
pub(crate) fn rechain_v2(tx: &Connection) -> Result<()> {
    if !verify(tx)?.intact {
        return Ok(());
    }
    let rows = history_rows(tx)?;
    let mut prev = String::new();
    for (id, case_id, at, actor, action, detail) in rows {
        let sha = sha256_hex(detail.as_bytes());
        let hash = row_hash_v2(&prev, id, case_id, &at, &actor, &action, &sha);
        tx.execute(
            "UPDATE history SET prev_hash = ?2, hash = ?3, hv = 2, detail_sha = ?4 WHERE id = ?1",
            params![id, prev, hash, sha],
        )?;
        prev = hash;
    }
    Ok(())
}

/// Fills in the chain for rows written before the chain existed (migration 5).
pub(crate) fn chain_existing(tx: &Connection) -> Result<()> {
    let rows = history_rows(tx)?;
    let mut prev = String::new();
    for (id, case_id, at, actor, action, detail) in rows {
        let hash = row_hash(&prev, id, case_id, &at, &actor, &action, &detail);
        tx.execute(
            "UPDATE history SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            params![id, prev, hash],
        )?;
        prev = hash;
    }
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub rows: u64,
    pub intact: bool,
    /// The id of the first row whose link is broken.
    pub first_broken: Option<i64>,
    /// Why: "edited" (its hash does not match its content) or "removed_before"
    /// (it does not follow the row before it).
    pub problem: Option<String>,
}

/// Walks the whole chain.
pub fn verify(conn: &Connection) -> Result<AuditReport> {
    let has_v2: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('history') WHERE name = 'hv')",
        [],
        |r| r.get(0),
    )?;
    let sql = if has_v2 {
        "SELECT id, case_id, at, actor, action, detail, prev_hash, hash, hv, detail_sha,
                redacted_at IS NOT NULL FROM history ORDER BY id"
    } else {
        "SELECT id, case_id, at, actor, action, detail, prev_hash, hash, 1, '', 0
         FROM history ORDER BY id"
    };
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut prev = String::new();
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        n += 1;
        let id: i64 = r.get(0)?;
        let case_id: Option<i64> = r.get(1)?;
        let (at, actor, action, detail): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (prev_hash, hash): (String, String) = (r.get(6)?, r.get(7)?);
        let broken = |problem: &str| AuditReport {
            rows: n,
            intact: false,
            first_broken: Some(id),
            problem: Some(problem.to_string()),
        };
        if prev_hash != prev {
            return Ok(broken("removed_before"));
        }
        let (hv, detail_sha, redacted): (i64, String, bool) = (r.get(8)?, r.get(9)?, r.get(10)?);
        let expected = if hv == 2 {
            // A redacted detail no longer matches its digest; everything else
            // about the row still has to.
            if !redacted && sha256_hex(detail.as_bytes()) != detail_sha {
                return Ok(broken("edited"));
            }
            row_hash_v2(&prev_hash, id, case_id, &at, &actor, &action, &detail_sha)
        } else {
            row_hash(&prev_hash, id, case_id, &at, &actor, &action, &detail)
        };
        if expected != hash {
            return Ok(broken("edited"));
        }
        prev = hash;
    }
    Ok(AuditReport {
        rows: n,
        intact: true,
        first_broken: None,
        problem: None,
    })
}

impl crate::register::Register {
    /// Verifies the audit chain (administrator).
    pub fn verify_audit(&self) -> Result<AuditReport> {
        self.allow(crate::accounts::Perm::Administer)?;
        verify(&self.conn)
    }
}
