//! The cases table and the people of a case (complainants, accused,
//! evidence items, witnesses): numbering, insert, the stored case and the
//! small lookups the API needs. The register list is in `case_list`.

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::case::{
    Accused, CaseDetail, CaseKind, Channel, Person, Severity, Status, Witness,
};
use crate::domain::validate::ValidCase;
use crate::error::{DeskError, Result};
use crate::store::fmt_time;

fn not_found(id: i64) -> DeskError {
    DeskError::NotFound {
        what: "case",
        key: id.to_string(),
    }
}

fn next_number(conn: &Connection, kind: CaseKind, year: i32) -> Result<String> {
    let seq: i64 = conn.query_row(
        "INSERT INTO case_counters (kind, year, last_seq) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last_seq = last_seq + 1
         RETURNING last_seq",
        params![kind.code(), year],
        |r| r.get(0),
    )?;
    Ok(format!("{}-{year}-{seq:06}", kind.number_prefix()))
}

/// Stores a checked case with a new number; `legacy_number` is the number an
/// imported case had in the office's old register ("" for a new case).
/// Returns its id and number.
pub(crate) fn insert(
    conn: &Connection,
    c: &ValidCase,
    query_code: Option<&str>,
    now: &str,
    legacy_number: &str,
) -> Result<(i64, String)> {
    use chrono::Datelike;
    let number = next_number(conn, c.kind, c.received_at.year())?;
    let complainant_names = c
        .complainants
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let accused_names = c
        .accused
        .iter()
        .map(|a| {
            if a.name.is_empty() {
                a.unit.as_str()
            } else {
                a.name.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join("、");
    conn.prepare_cached(
        "INSERT INTO cases (number, kind, channel, received_at, receiving_clerk, receiving_clerk_id,
            anonymous, query_code, category, handling_department, severity, occurred_when,
            occurred_where, matter, facts, request, status, created_at, updated_at,
            complainant_names, accused_names, legacy_number, reply_method)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 'registered', ?17, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        number,
        c.kind.code(),
        c.channel.code(),
        fmt_time(c.received_at),
        c.receiving_clerk,
        c.receiving_clerk_id,
        c.anonymous,
        query_code,
        c.category,
        c.handling_department,
        c.severity.code(),
        c.occurred_when,
        c.occurred_where,
        c.matter,
        c.facts,
        c.request,
        now,
        complainant_names,
        accused_names,
        legacy_number,
        c.reply_method,
    ])?;
    let id = conn.last_insert_rowid();
    let mut st = conn.prepare_cached(
        "INSERT INTO complainants (case_id, ord, name, unit, position, phone, address, gender, id_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, p) in c.complainants.iter().enumerate() {
        st.execute(params![
            id,
            i as i64,
            p.name,
            p.unit,
            p.position,
            p.phone,
            p.address,
            p.gender,
            p.id_number
        ])?;
    }
    let mut st = conn
        .prepare_cached("INSERT INTO accused (case_id, ord, name, unit) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, a) in c.accused.iter().enumerate() {
        st.execute(params![id, i as i64, a.name, a.unit])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO evidence_items (case_id, ord, description) VALUES (?1, ?2, ?3)",
    )?;
    for (i, e) in c.evidence.iter().enumerate() {
        st.execute(params![id, i as i64, e])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO witnesses (case_id, ord, name, contact) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, w) in c.witnesses.iter().enumerate() {
        st.execute(params![id, i as i64, w.name, w.contact])?;
    }
    Ok((id, number))
}

/// The stored case without its history, records and links (see `detail`).
pub(crate) fn get(conn: &Connection, id: i64) -> Result<CaseDetail> {
    let mut c = conn
        .prepare_cached(
            "SELECT id, number, kind, channel, received_at, receiving_clerk, receiving_clerk_id,
                    anonymous, query_code, category, handling_department, severity, occurred_when,
                    occurred_where, matter, facts, request, status, created_at, updated_at,
                    legacy_number, reply_method, version
             FROM cases WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(CaseDetail {
                id: r.get(0)?,
                number: r.get(1)?,
                kind: CaseKind::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseKind::Complaint),
                channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or(Channel::Other),
                received_at: r.get(4)?,
                receiving_clerk: r.get(5)?,
                receiving_clerk_id: r.get(6)?,
                anonymous: r.get(7)?,
                query_code: r.get(8)?,
                complainants: Vec::new(),
                accused: Vec::new(),
                category: r.get(9)?,
                category_label: String::new(),
                handling_department: r.get(10)?,
                severity: Severity::from_code(&r.get::<_, String>(11)?)
                    .unwrap_or(Severity::Ordinary),
                occurred_when: r.get(12)?,
                occurred_where: r.get(13)?,
                matter: r.get(14)?,
                facts: r.get(15)?,
                request: r.get(16)?,
                evidence: Vec::new(),
                witnesses: Vec::new(),
                reply_method: r.get(21)?,
                status: Status::from_code(&r.get::<_, String>(17)?).unwrap_or(Status::Registered),
                created_at: r.get(18)?,
                updated_at: r.get(19)?,
                version: r.get(22)?,
                legacy_number: r.get(20)?,
                history: Vec::new(),
                records: Vec::new(),
                links: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    c.complainants = complainants(conn, id)?;
    let mut st =
        conn.prepare_cached("SELECT name, unit FROM accused WHERE case_id = ?1 ORDER BY ord")?;
    c.accused = st
        .query_map([id], |r| {
            Ok(Accused {
                name: r.get(0)?,
                unit: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = conn
        .prepare_cached("SELECT description FROM evidence_items WHERE case_id = ?1 ORDER BY ord")?;
    c.evidence = st
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    c.witnesses = witnesses(conn, id)?;
    Ok(c)
}

pub(crate) fn complainants(conn: &Connection, id: i64) -> Result<Vec<Person>> {
    let mut st = conn.prepare_cached(
        "SELECT name, unit, position, phone, address, gender, id_number
         FROM complainants WHERE case_id = ?1 ORDER BY ord",
    )?;
    let v = st
        .query_map([id], |r| {
            Ok(Person {
                name: r.get(0)?,
                unit: r.get(1)?,
                position: r.get(2)?,
                phone: r.get(3)?,
                address: r.get(4)?,
                gender: r.get(5)?,
                id_number: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub(crate) fn witnesses(conn: &Connection, id: i64) -> Result<Vec<Witness>> {
    let mut st =
        conn.prepare_cached("SELECT name, contact FROM witnesses WHERE case_id = ?1 ORDER BY ord")?;
    let v = st
        .query_map([id], |r| {
            Ok(Witness {
                name: r.get(0)?,
                contact: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// The few facts the write path checks first: number, status, severity,
/// kind, version.
#[derive(Debug, Clone)]
pub(crate) struct CaseHead {
    pub id: i64,
    pub number: String,
    pub kind: CaseKind,
    pub status: Status,
    pub severity: Severity,
    pub anonymous: bool,
    pub version: i64,
    pub updated_at: String,
}

pub(crate) fn head(conn: &Connection, id: i64) -> Result<CaseHead> {
    conn.prepare_cached(
        "SELECT id, number, kind, status, severity, anonymous, version, updated_at
         FROM cases WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(CaseHead {
            id: r.get(0)?,
            number: r.get(1)?,
            kind: CaseKind::from_code(&r.get::<_, String>(2)?).unwrap_or(CaseKind::Complaint),
            status: Status::from_code(&r.get::<_, String>(3)?).unwrap_or(Status::Registered),
            severity: Severity::from_code(&r.get::<_, String>(4)?).unwrap_or(Severity::Ordinary),
            anonymous: r.get(5)?,
            version: r.get(6)?,
            updated_at: r.get(7)?,
        })
    })
    .optional()?
    .ok_or_else(|| not_found(id))
}

pub(crate) fn id_by_number(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE number = ?1")?
        .query_row([number], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_status(conn: &Connection, id: i64, status: Status) -> Result<()> {
    conn.prepare_cached("UPDATE cases SET status = ?2 WHERE id = ?1")?
        .execute(params![id, status.code()])?;
    Ok(())
}

/// Marks a case changed: one version up, `updated_at` now.
pub(crate) fn touch(conn: &Connection, id: i64, now: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "UPDATE cases SET version = version + 1, updated_at = ?2 WHERE id = ?1 RETURNING version",
        )?
        .query_row(params![id, now], |r| r.get(0))?)
}

/// What the query code of an anonymous case shows: number, kind, received, status.
pub(crate) fn by_query_code(
    conn: &Connection,
    code: &str,
) -> Result<Option<(String, CaseKind, String, Status)>> {
    Ok(conn
        .query_row(
            "SELECT number, kind, received_at, status FROM cases WHERE query_code = ?1",
            [code],
            |r| {
                Ok((
                    r.get(0)?,
                    CaseKind::from_code(&r.get::<_, String>(1)?).unwrap_or(CaseKind::Complaint),
                    r.get(2)?,
                    Status::from_code(&r.get::<_, String>(3)?).unwrap_or(Status::Registered),
                ))
            },
        )
        .optional()?)
}

pub(crate) fn query_code(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(
        conn.query_row("SELECT query_code FROM cases WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// Links of a case, both those it made and those made to it.
pub(crate) fn links(conn: &Connection, case_id: i64) -> Result<Vec<crate::domain::case::CaseLink>> {
    let mut st = conn.prepare_cached(
        "SELECT l.other_id, c.number, l.kind FROM case_links l JOIN cases c ON c.id = l.other_id
         WHERE l.case_id = ?1
         UNION
         SELECT l.case_id, c.number, CASE l.kind WHEN 'repeat' THEN 'repeated_by' ELSE l.kind END
         FROM case_links l JOIN cases c ON c.id = l.case_id WHERE l.other_id = ?1
         ORDER BY 2",
    )?;
    let rows = st
        .query_map([case_id], |r| {
            Ok(crate::domain::case::CaseLink {
                other_id: r.get(0)?,
                other_number: r.get(1)?,
                kind: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn link(conn: &Connection, case_id: i64, other: i64, kind: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO case_links (case_id, other_id, kind) VALUES (?1, ?2, ?3)
         ON CONFLICT (case_id, other_id) DO UPDATE SET kind = excluded.kind",
        params![case_id, other, kind],
    )?;
    Ok(())
}

/// The complainants (name, phone, unit, position, address) of many cases
/// at once, for masking list rows and exports.
pub(crate) fn people_of(
    conn: &Connection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<Person>>> {
    let mut out: std::collections::HashMap<i64, Vec<Person>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = ids
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut st = conn.prepare(&format!(
        "SELECT case_id, name, unit, position, phone, address, gender, id_number
         FROM complainants WHERE case_id IN ({list}) ORDER BY case_id, ord"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(Person {
            name: r.get(1)?,
            unit: r.get(2)?,
            position: r.get(3)?,
            phone: r.get(4)?,
            address: r.get(5)?,
            gender: r.get(6)?,
            id_number: r.get(7)?,
        });
    }
    Ok(out)
}
