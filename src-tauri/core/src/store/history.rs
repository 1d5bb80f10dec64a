//! The history table: the append-only, hash-chained audit trail. Every row
//! holds the hash of the row before it, so a row edited or removed outside
//! the app breaks the chain and `verify` names the first broken link; the
//! head (entry count and last hash), kept outside the register, detects a
//! truncated or re-chained history.
//!
//! Row versions: 1 hashes the detail itself; 2 hashes its SHA-256 digest
//! (so anonymisation can redact a detail and the row still verifies); 3 also
//! hashes the acting account and the seat (address and computer) it acted
//! from.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;

use crate::domain::case::HistoryEntry;
use crate::error::Result;

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One entry to append.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub case_id: Option<i64>,
    pub at: &'a str,
    pub actor: &'a str,
    pub actor_id: Option<i64>,
    pub seat: &'a str,
    pub action: &'a str,
    pub detail: &'a str,
}

#[allow(clippy::too_many_arguments)]
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

fn hash_v2(
    prev: &str,
    id: i64,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    action: &str,
    sha: &str,
) -> String {
    row_hash(
        prev,
        id,
        case_id,
        at,
        actor,
        action,
        &format!("sha256:{sha}"),
    )
}

#[allow(clippy::too_many_arguments)]
fn hash_v3(
    prev: &str,
    id: i64,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    actor_id: Option<i64>,
    seat: &str,
    action: &str,
    sha: &str,
) -> String {
    let who = format!(
        "{actor}\u{1e}{}\u{1e}{seat}",
        actor_id.map(|i| i.to_string()).unwrap_or_default()
    );
    row_hash(
        prev,
        id,
        case_id,
        at,
        &who,
        action,
        &format!("sha256:{sha}"),
    )
}

/// Appends one chained row. Call inside the transaction that made the change.
pub(crate) fn append(tx: &Connection, e: &Entry) -> Result<i64> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = last
        .map(|(id, h)| (id + 1, h))
        .unwrap_or((1, String::new()));
    let sha = sha256_hex(e.detail.as_bytes());
    let hash = hash_v3(
        &prev, id, e.case_id, e.at, e.actor, e.actor_id, e.seat, e.action, &sha,
    );
    tx.prepare_cached(
        "INSERT INTO history (id, case_id, at, actor, action, detail, prev_hash, hash, hv,
                              detail_sha, actor_id, seat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 3, ?9, ?10, ?11)",
    )?
    .execute(params![
        id, e.case_id, e.at, e.actor, e.action, e.detail, prev, hash, sha, e.actor_id, e.seat
    ])?;
    Ok(id)
}

/// Redacts the detail of a case's history rows (anonymisation): `scrub`
/// returns the new detail, or None to leave a row alone. The database
/// refuses this on a case that is not being anonymised.
pub(crate) fn redact_case_details(
    tx: &Connection,
    case_id: i64,
    at: &str,
    scrub: impl Fn(&str) -> Option<String>,
) -> Result<usize> {
    let rows: Vec<(i64, String)> = tx
        .prepare(
            "SELECT id, detail FROM history WHERE case_id = ?1 AND hv >= 2 AND redacted_at IS NULL",
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

/// History rows of one case (or of the office when `case_id` is None).
pub(crate) fn of_case(conn: &Connection, case_id: Option<i64>) -> Result<Vec<HistoryEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT id, at, actor, action, detail FROM history WHERE case_id IS ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([case_id], |r| {
            let detail: String = r.get(4)?;
            Ok(HistoryEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Who changed a case last, and when: (actor, at).
pub(crate) fn last_change(conn: &Connection, case_id: i64) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT actor, at FROM history WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The first time of each action of a case.
pub(crate) fn first_times(conn: &Connection, case_id: i64) -> Result<Vec<(String, String)>> {
    let mut st = conn
        .prepare_cached("SELECT action, MIN(at) FROM history WHERE case_id = ?1 GROUP BY action")?;
    let rows = st
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditReport {
    pub rows: u64,
    pub intact: bool,
    /// The id of the first row whose link is broken.
    pub first_broken: Option<i64>,
    /// Why: "edited" (its hash does not match its content), "removed_before"
    /// (it does not follow the row before it), "redacted_outside" (a
    /// redacted row on a case that was not anonymised), "truncated" or
    /// "rechained" (the chain no longer holds the head recorded earlier).
    pub problem: Option<String>,
    /// The head now: the number of entries and the last hash.
    pub head: AuditHead,
}

/// The chain's head: printed on every backup and in the periodic report,
/// and exportable, so that a history cut short or rebuilt is detected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditHead {
    pub entries: u64,
    pub last_hash: String,
}

/// The chain's head now.
pub(crate) fn head(conn: &Connection) -> Result<AuditHead> {
    let (entries, last_hash): (i64, Option<String>) = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM history), (SELECT hash FROM history ORDER BY id DESC LIMIT 1)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(AuditHead {
        entries: entries as u64,
        last_hash: last_hash.unwrap_or_default(),
    })
}

/// Walks the whole chain; with `known`, also checks that the chain still
/// holds that earlier head at the same position.
pub(crate) fn verify(conn: &Connection, known: Option<&AuditHead>) -> Result<AuditReport> {
    let mut st = conn.prepare(
        "SELECT h.id, h.case_id, h.at, h.actor, h.action, h.detail, h.prev_hash, h.hash, h.hv,
                h.detail_sha, h.redacted_at IS NOT NULL, h.actor_id, h.seat,
                (SELECT anonymised_at IS NOT NULL FROM cases c WHERE c.id = h.case_id)
         FROM history h ORDER BY h.id",
    )?;
    let mut rows = st.query([])?;
    let mut prev = String::new();
    let mut n = 0u64;
    // Whether the known head's position was reached, and held its hash.
    let mut at_known: Option<bool> = None;
    while let Some(r) = rows.next()? {
        n += 1;
        let id: i64 = r.get(0)?;
        let case_id: Option<i64> = r.get(1)?;
        let (at, actor, action, detail): (String, String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (prev_hash, hash): (String, String) = (r.get(6)?, r.get(7)?);
        let (hv, detail_sha, redacted): (i64, String, bool) = (r.get(8)?, r.get(9)?, r.get(10)?);
        let (actor_id, seat): (Option<i64>, String) = (r.get(11)?, r.get(12)?);
        let anonymised: Option<bool> = r.get(13)?;
        let broken = |problem: &str| AuditReport {
            rows: n,
            intact: false,
            first_broken: Some(id),
            problem: Some(problem.to_string()),
            head: AuditHead::default(),
        };
        if prev_hash != prev {
            return Ok(broken("removed_before"));
        }
        let expected = match hv {
            2 | 3 => {
                // A redacted detail no longer matches its digest; everything
                // else about the row still has to, and only an anonymised
                // case may have redacted rows.
                if redacted && anonymised != Some(true) {
                    return Ok(broken("redacted_outside"));
                }
                if !redacted && sha256_hex(detail.as_bytes()) != detail_sha {
                    return Ok(broken("edited"));
                }
                if hv == 2 {
                    hash_v2(&prev_hash, id, case_id, &at, &actor, &action, &detail_sha)
                } else {
                    hash_v3(
                        &prev_hash,
                        id,
                        case_id,
                        &at,
                        &actor,
                        actor_id,
                        &seat,
                        &action,
                        &detail_sha,
                    )
                }
            }
            _ => row_hash(&prev_hash, id, case_id, &at, &actor, &action, &detail),
        };
        if expected != hash {
            return Ok(broken("edited"));
        }
        if let Some(k) = known {
            if n == k.entries {
                at_known = Some(hash == k.last_hash);
            }
        }
        prev = hash;
    }
    let head = AuditHead {
        entries: n,
        last_hash: prev,
    };
    if let Some(k) = known.filter(|k| k.entries > 0) {
        let problem = match at_known {
            None => Some(("truncated", n as i64 + 1)),
            Some(false) => Some(("rechained", k.entries as i64)),
            Some(true) => None,
        };
        if let Some((problem, first)) = problem {
            return Ok(AuditReport {
                rows: n,
                intact: false,
                first_broken: Some(first),
                problem: Some(problem.into()),
                head,
            });
        }
    }
    Ok(AuditReport {
        rows: n,
        intact: true,
        first_broken: None,
        problem: None,
        head,
    })
}
