//! Backups with SQLite's online backup API (attachments copied alongside),
//! daily automatic backups with rotation, and a restore that verifies the
//! backup before it replaces anything and keeps the replaced register.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::clock::Clock;
use crate::db::SCHEMA_VERSION;
use crate::error::{DeskError, Result};
use crate::register::{append_history, Register};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub file: String,
    pub bytes: u64,
    pub attachments: u64,
    pub at: String,
}

const PREFIX: &str = "register-";
const SUFFIX: &str = ".sqlite3";

fn copy_dir(from: &Path, to: &Path) -> Result<u64> {
    let mut n = 0;
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).map_err(|e| DeskError::io(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| DeskError::io(from, e))? {
        let entry = entry.map_err(|e| DeskError::io(from, e))?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            n += copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| DeskError::io(&src, e))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Checks a backup file before it may replace the register.
pub fn verify_backup(file: &Path) -> Result<i64> {
    verify_backup_keyed(file, None)
}

/// Checks a backup of an encrypted register with its passphrase.
pub fn verify_backup_keyed(file: &Path, key: Option<&str>) -> Result<i64> {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| DeskError::DbCorrupt(format!("{}: {e}", file.display())))?;
    crate::encryption::key_connection(&conn, key)?;
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

impl Register {
    /// Writes a consistent copy of the register (and its attachments) into `dir`.
    pub fn backup_to(&mut self, dir: &Path, actor: &str) -> Result<BackupInfo> {
        self.allow(crate::accounts::Perm::Administer)?;
        self.write_backup(dir, actor)
    }

    fn write_backup(&mut self, dir: &Path, actor: &str) -> Result<BackupInfo> {
        std::fs::create_dir_all(dir).map_err(|e| DeskError::io(dir, e))?;
        let now = self.clock.now();
        let stamp = now.format("%Y%m%d-%H%M%S").to_string();
        let file = dir.join(format!("{PREFIX}{stamp}{SUFFIX}"));
        {
            let mut dst = Connection::open(&file).map_err(|e| DeskError::io(&file, e))?;
            // A backup of an encrypted register is encrypted with the same key.
            crate::encryption::key_connection(&dst, self.key.as_deref())?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        }
        verify_backup_keyed(&file, self.key.as_deref())?;
        let attachments = match self.attachments_dir() {
            Ok(src) => copy_dir(&src, &dir.join(format!("{PREFIX}{stamp}-attachments")))?,
            Err(_) => 0,
        };
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let at = crate::register::fmt_time(now);
        let tx = self.conn.transaction()?;
        append_history(
            &tx,
            None,
            &at,
            actor,
            "backup_made",
            &serde_json::json!({"file": file.display().to_string(), "bytes": bytes, "attachments": attachments}),
        )?;
        tx.commit()?;
        Ok(BackupInfo {
            file: file.display().to_string(),
            bytes,
            attachments,
            at,
        })
    }

    /// The backups in `dir`, newest first.
    pub fn list_backups(dir: &Path) -> Vec<PathBuf> {
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

    /// Once a day: a backup if none was made today, keeping the newest `keep`.
    pub fn auto_backup(
        &mut self,
        dir: &Path,
        keep: usize,
        actor: &str,
    ) -> Result<Option<BackupInfo>> {
        let today = format!("{PREFIX}{}", self.clock.now().format("%Y%m%d"));
        let existing = Self::list_backups(dir);
        let made = if existing.iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&today))
        }) {
            None
        } else {
            Some(self.write_backup(dir, actor)?)
        };
        for old in Self::list_backups(dir).into_iter().skip(keep.max(1)) {
            let stem = old.to_string_lossy().trim_end_matches(SUFFIX).to_string();
            let _ = std::fs::remove_file(&old);
            let _ = std::fs::remove_dir_all(format!("{stem}-attachments"));
        }
        Ok(made)
    }

    /// Replaces this register with a verified backup. The replaced file (and
    /// its attachments) are kept beside it; returns the reopened register and
    /// where the old one was kept.
    /// Checks, before anything is closed, that this user may restore and
    /// that `backup` is a sound register.
    pub fn check_restore(&self, backup: &Path) -> Result<()> {
        self.allow(crate::accounts::Perm::Administer)?;
        verify_backup_keyed(backup, self.key.as_deref()).map(|_| ())
    }

    /// Replaces the register with `backup` (call `check_restore` first; the
    /// restored register starts signed out).
    pub fn restore_from(self, backup: &Path, clock: Arc<dyn Clock>) -> Result<(Register, PathBuf)> {
        self.allow(crate::accounts::Perm::Administer)?;
        let key = self.key.clone();
        verify_backup_keyed(backup, key.as_deref())?;
        let path = self.path.clone().ok_or_else(|| {
            DeskError::Internal("an in-memory register cannot be restored".into())
        })?;
        let attachments = self.attachments_dir().ok();
        let stamp = self.clock.now().format("%Y%m%d-%H%M%S").to_string();
        // Fold the WAL into the file so the kept copy is complete, then close.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        drop(self);
        let kept = PathBuf::from(format!("{}.replaced-{stamp}", path.display()));
        std::fs::rename(&path, &kept).map_err(|e| DeskError::io(&path, e))?;
        for ext in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{ext}", path.display()));
            let _ = std::fs::remove_file(side);
        }
        std::fs::copy(backup, &path).map_err(|e| DeskError::io(backup, e))?;
        if let Some(att) = attachments {
            let from_backup = PathBuf::from(format!(
                "{}-attachments",
                backup.to_string_lossy().trim_end_matches(SUFFIX)
            ));
            if att.exists() {
                let kept_att = PathBuf::from(format!("{}.replaced-{stamp}", att.display()));
                std::fs::rename(&att, &kept_att).map_err(|e| DeskError::io(&att, e))?;
            }
            copy_dir(&from_backup, &att)?;
        }
        let mut reg = match &key {
            Some(k) => Register::open_with_passphrase(&path, clock, k)?,
            None => Register::open(&path, clock)?,
        };
        let at = reg.now_text();
        let tx = reg.conn.transaction()?;
        append_history(
            &tx,
            None,
            &at,
            "system",
            "backup_restored",
            &serde_json::json!({"from": backup.display().to_string(), "kept": kept.display().to_string()}),
        )?;
        tx.commit()?;
        Ok((reg, kept))
    }
}
