//! Backups of the register file: an online copy (SQLite's backup API, the
//! same key when encrypted), checked; and checking a file before it may
//! replace the register.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{DeskError, Result};
use crate::store::{files, SCHEMA_VERSION};

pub(crate) const PREFIX: &str = "register-";
pub(crate) const SUFFIX: &str = ".sqlite3";

/// Copies the open register into `dest` (created owner-only), keyed like it.
pub(crate) fn copy_online(src: &Connection, dest: &Path, key: Option<&str>) -> Result<()> {
    files::private_dir_for(dest)?;
    files::create_private(dest)?;
    let mut dst = Connection::open(dest).map_err(|e| DeskError::io(dest, e))?;
    if let Some(k) = key {
        dst.pragma_update(None, "key", k)?;
    }
    rusqlite::backup::Backup::new(src, &mut dst)?.run_to_completion(
        256,
        std::time::Duration::from_millis(0),
        None,
    )?;
    Ok(())
}

/// Opens a file read-only (with `key`) and checks it is a whole register
/// this program can open: integrity, schema version, a cases table.
/// Returns its schema version.
pub(crate) fn verify(file: &Path, key: Option<&str>) -> Result<i64> {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| DeskError::DbCorrupt(format!("{}: {e}", file.display())))?;
    if let Some(k) = key {
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", k)?;
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| DeskError::DbCorrupt(format!("{}: {e}", file.display())))?;
    if check != "ok" {
        return Err(DeskError::DbCorrupt(format!("{}: {check}", file.display())));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(DeskError::DbTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let has_cases: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'cases'",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || has_cases == 0 {
        return Err(DeskError::DbCorrupt(format!(
            "{} is not a Complaint Desk register",
            file.display()
        )));
    }
    Ok(version)
}

/// The backups in a folder, newest first.
pub(crate) fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.reverse();
    files
}

/// The attachments folder that goes with a backup file.
pub(crate) fn attachments_of(backup: &Path) -> PathBuf {
    PathBuf::from(format!(
        "{}-attachments",
        backup.to_string_lossy().trim_end_matches(SUFFIX)
    ))
}

/// The audit head written beside a backup.
pub(crate) fn head_file(backup: &Path) -> PathBuf {
    PathBuf::from(format!("{}.audit.txt", backup.display()))
}

/// Copies a folder (owner-only files); returns how many files.
pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<u64> {
    let mut n = 0;
    if !from.exists() {
        return Ok(0);
    }
    files::private_dir(to)?;
    for entry in std::fs::read_dir(from).map_err(|e| DeskError::io(from, e))? {
        let entry = entry.map_err(|e| DeskError::io(from, e))?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            n += copy_dir(&src, &dst)?;
        } else {
            files::copy_private(&src, &dst)?;
            n += 1;
        }
    }
    Ok(n)
}
