//! The issued_documents table: every issued PDF with its case and SHA-256,
//! kept as issued (the database refuses changes, except emptying it once
//! when the case is anonymised).

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::documents::IssuedDoc;
use crate::error::{DeskError, Result};
use crate::store::history::sha256_hex;

/// Stores an issued PDF; returns its record (the title is the caller's).
pub(crate) fn insert(
    conn: &Connection,
    case_id: i64,
    doc_type: &str,
    pdf: &[u8],
    now: &str,
    actor: &str,
    doc_number: &str,
) -> Result<IssuedDoc> {
    let hash = sha256_hex(pdf);
    conn.execute(
        "INSERT INTO issued_documents (case_id, doc_type, sha256, pdf, at, actor, doc_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![case_id, doc_type, hash, pdf, now, actor, doc_number],
    )?;
    Ok(IssuedDoc {
        id: conn.last_insert_rowid(),
        case_id,
        doc_type: doc_type.into(),
        title: String::new(),
        sha256: hash,
        size: pdf.len() as u64,
        at: now.into(),
        actor: actor.into(),
        redacted: false,
        doc_number: doc_number.into(),
    })
}

/// The next number of the series of `prefix` in `year` (1 for the first):
/// taken in the caller's transaction, so a document that is not issued
/// does not use one up, and one that is never gives it back.
pub(crate) fn next_number(conn: &Connection, prefix: &str, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO doc_numbers (prefix, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1
         RETURNING last",
        params![prefix, year],
        |r| r.get(0),
    )?)
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<IssuedDoc> {
    Ok(IssuedDoc {
        id: r.get(0)?,
        case_id: r.get(1)?,
        doc_type: r.get(2)?,
        title: String::new(),
        sha256: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        at: r.get(5)?,
        actor: r.get(6)?,
        redacted: r.get(7)?,
        doc_number: r.get(8)?,
    })
}

/// Every document issued for a case, oldest first.
pub(crate) fn of_case(conn: &Connection, case_id: i64) -> Result<Vec<IssuedDoc>> {
    let mut st = conn.prepare_cached(
        "SELECT id, case_id, doc_type, sha256, length(pdf), at, actor, redacted_at IS NOT NULL,
                doc_number
         FROM issued_documents WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([case_id], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An issued document and its bytes, checked against its hash.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<(IssuedDoc, Vec<u8>)> {
    let found = conn
        .query_row(
            "SELECT id, case_id, doc_type, sha256, length(pdf), at, actor, redacted_at IS NOT NULL,
                    doc_number, pdf
             FROM issued_documents WHERE id = ?1",
            [id],
            |r| Ok((row(r)?, r.get::<_, Vec<u8>>(9)?)),
        )
        .optional()?;
    let (doc, pdf) = found.ok_or(DeskError::NotFound {
        what: "document",
        key: id.to_string(),
    })?;
    if !doc.redacted && sha256_hex(&pdf) != doc.sha256 {
        return Err(DeskError::DbCorrupt(format!(
            "issued document {id} no longer matches its hash"
        )));
    }
    Ok((doc, pdf))
}

/// Empties the documents of a case that carry the complainant's identity
/// (all but those in `keep`), keeping their hash; returns how many.
pub(crate) fn redact_case(
    conn: &Connection,
    case_id: i64,
    keep: &[&str],
    now: &str,
) -> Result<usize> {
    let keep = keep
        .iter()
        .map(|k| format!("'{}'", k.replace('\'', "")))
        .collect::<Vec<_>>()
        .join(",");
    Ok(conn.execute(
        &format!(
            "UPDATE issued_documents SET pdf = X'', redacted_at = ?2
             WHERE case_id = ?1 AND redacted_at IS NULL AND doc_type NOT IN ({keep})"
        ),
        params![case_id, now],
    )?)
}
