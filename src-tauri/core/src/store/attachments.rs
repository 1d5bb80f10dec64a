//! Attached files (evidence, intake scans): kept beside the register in an
//! "attachments" folder, owner-only, or inside the register itself once it
//! is encrypted (then they are encrypted too).

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{DeskError, Result};
use crate::store::files;

/// The folder beside the register file.
pub(crate) fn dir(register: &Path) -> PathBuf {
    register
        .parent()
        .unwrap_or(Path::new("."))
        .join("attachments")
}

/// Stores the bytes under `rel`: inside the register when `inside`, else as
/// a private file beside it.
pub(crate) fn put(
    conn: &Connection,
    register: Option<&Path>,
    rel: &str,
    bytes: &[u8],
    inside: bool,
) -> Result<()> {
    match register {
        Some(reg) if !inside => files::write_private(&dir(reg).join(rel), bytes),
        _ => {
            conn.execute(
                "INSERT OR REPLACE INTO attachment_blobs (stored_as, bytes) VALUES (?1, ?2)",
                params![rel, bytes],
            )?;
            Ok(())
        }
    }
}

/// The bytes stored under `rel` (file first, then the register).
pub(crate) fn get(
    conn: &Connection,
    register: Option<&Path>,
    rel: &str,
) -> Result<Option<Vec<u8>>> {
    if let Some(reg) = register {
        if let Ok(bytes) = std::fs::read(dir(reg).join(rel)) {
            return Ok(Some(bytes));
        }
    }
    Ok(conn
        .query_row(
            "SELECT bytes FROM attachment_blobs WHERE stored_as = ?1",
            [rel],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()?)
}

/// Every attachment file beside the register: (path, relative name).
pub(crate) fn files_beside(register: &Path) -> Result<Vec<(PathBuf, String)>> {
    let base = dir(register);
    let mut out = Vec::new();
    walk(&base, &base, &mut out)?;
    Ok(out)
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) -> Result<()> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in rd {
        let path = entry.map_err(|e| DeskError::io(dir, e))?.path();
        if path.is_dir() {
            walk(&path, base, out)?;
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((path.clone(), rel));
        }
    }
    Ok(())
}

/// A file name safe to store: no folders, no control characters.
pub(crate) fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || ":*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    if cleaned.trim_matches('.').is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}
