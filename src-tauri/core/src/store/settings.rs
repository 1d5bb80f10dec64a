//! The settings table (key → value): the office, its policy, the calendar
//! years the administrator added, templates, and the app's settings.

use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::calendar::{WorkCalendar, YearArrangement};
use crate::domain::case::OfficeInfo;
use crate::domain::policy::Policy;
use crate::domain::roles::AccessRules;
use crate::error::{DeskError, Result};

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn remove(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

/// A number setting, or `default` when unset or unreadable.
pub(crate) fn number<T: std::str::FromStr>(conn: &Connection, key: &str, default: T) -> Result<T> {
    Ok(get(conn, key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}

/// A JSON setting, or None when unset.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    key: &str,
) -> Result<Option<T>> {
    get(conn, key)?
        .map(|v| {
            serde_json::from_str(&v)
                .map_err(|e| DeskError::Internal(format!("stored setting {key}: {e}")))
        })
        .transpose()
}

pub(crate) fn put_json<T: serde::Serialize>(conn: &Connection, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).map_err(|e| DeskError::Internal(e.to_string()))?;
    put(conn, key, &text)
}

pub(crate) fn is_set_up(conn: &Connection) -> Result<bool> {
    Ok(get(conn, "preset")?.is_some())
}

/// The office's policy (its own copy of the chosen preset).
pub(crate) fn policy(conn: &Connection) -> Result<Arc<Policy>> {
    // Parsed once per text and shared: reports and the due board read it
    // per case, and opening a case three times.
    static LAST: std::sync::Mutex<Option<(String, Arc<Policy>)>> = std::sync::Mutex::new(None);
    let text = get(conn, "policy")?.ok_or(DeskError::NotSetUp)?;
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((t, p)) = last.as_ref() {
        if *t == text {
            return Ok(p.clone());
        }
    }
    let p: Arc<Policy> = Arc::new(
        serde_json::from_str(&text)
            .map_err(|e| DeskError::Internal(format!("stored setting policy: {e}")))?,
    );
    *last = Some((text, p.clone()));
    Ok(p)
}

/// Roles the office chose for its configurable permissions.
pub(crate) fn access_rules(conn: &Connection) -> Result<AccessRules> {
    Ok(json(conn, "access_rules")?.unwrap_or_default())
}

pub(crate) fn office(conn: &Connection, with_logo: bool) -> Result<OfficeInfo> {
    Ok(OfficeInfo {
        name: get(conn, "office_name")?.unwrap_or_default(),
        address: get(conn, "office_address")?.unwrap_or_default(),
        phone: get(conn, "office_phone")?.unwrap_or_default(),
        logo: if with_logo {
            logo(conn)?.map(std::sync::Arc::new)
        } else {
            None
        },
    })
}

/// The letterhead logo's bytes (PNG or JPEG), when the office has one.
pub(crate) fn logo(conn: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'letterhead_logo'",
            [],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()?)
}

pub(crate) fn set_logo(conn: &Connection, bytes: Option<&[u8]>) -> Result<()> {
    match bytes {
        Some(b) => {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('letterhead_logo', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![b],
            )?;
        }
        None => remove(conn, "letterhead_logo")?,
    }
    Ok(())
}

/// The administrator's calendar years as stored: (year, JSON).
type StoredYears = Vec<(i32, String)>;

/// The office's working-day calendar: shipped years plus the administrator's,
/// and the statutory holidays computed for every other year (provisional).
pub(crate) fn calendar(conn: &Connection) -> Result<Arc<WorkCalendar>> {
    // Built once per set of stored years and shared: deadlines read it per case.
    static LAST: std::sync::Mutex<Option<(StoredYears, Arc<WorkCalendar>)>> =
        std::sync::Mutex::new(None);
    let mut st = conn.prepare_cached("SELECT year, data FROM calendar_years ORDER BY year")?;
    let rows: StoredYears = st
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((r, cal)) = last.as_ref() {
        if *r == rows {
            return Ok(cal.clone());
        }
    }
    let mut cal = WorkCalendar::shipped();
    for (year, data) in &rows {
        if let Ok(arr) = serde_json::from_str::<YearArrangement>(data) {
            // A stored year that no longer checks out is skipped, not fatal.
            let _ = cal.set_year(*year, arr);
        }
    }
    cal.fill_computed();
    let cal = Arc::new(cal);
    *last = Some((rows, cal.clone()));
    Ok(cal)
}

pub(crate) fn set_calendar_year(conn: &Connection, year: i32, arr: &YearArrangement) -> Result<()> {
    let json = serde_json::to_string(arr).map_err(|e| DeskError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO calendar_years (year, data) VALUES (?1, ?2)
         ON CONFLICT (year) DO UPDATE SET data = excluded.data",
        params![year, json],
    )?;
    Ok(())
}

/// The office's template for a document type, when it edited one.
pub(crate) fn template(conn: &Connection, doc_type: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT body FROM templates WHERE doc_type = ?1",
            [doc_type],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn save_template(
    conn: &Connection,
    doc_type: &str,
    body: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO templates (doc_type, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (doc_type) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![doc_type, body, now],
    )?;
    Ok(())
}

pub(crate) fn reset_template(conn: &Connection, doc_type: &str) -> Result<()> {
    conn.execute("DELETE FROM templates WHERE doc_type = ?1", [doc_type])?;
    Ok(())
}
