//! Encryption at rest: the register file is a SQLCipher database (AES-256,
//! page by page) once the administrator sets a passphrase; the key is
//! derived from it by SQLCipher's PBKDF2-HMAC-SHA512 (256,000 rounds).
//! Backups of an encrypted register are encrypted with the same key.
//!
//! An encrypted file cannot be told apart from a damaged one by looking at
//! it, so a small marker file beside it (`register.sqlite3.encrypted`) says
//! that it is encrypted; it holds no secret.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{params, Connection};

use crate::clock::Clock;
use crate::error::{DeskError, FieldError, Result};
use crate::register::{append_history, Register};

/// The marker beside an encrypted register.
pub fn marker_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.encrypted", db.display()))
}

pub fn is_marked(db: &Path) -> bool {
    marker_path(db).exists()
}

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

fn check_passphrase(p: &str) -> Result<()> {
    let n = p.chars().count();
    if !(MIN_PASSPHRASE_CHARS..=200).contains(&n) || p.chars().any(char::is_control) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "passphrase",
            "weak_passphrase",
            format!("登记簿密码需要{MIN_PASSPHRASE_CHARS}至200个字符（可用一句话）。请妥善保管：忘记密码将无法打开登记簿和它的备份。"),
            format!("The register passphrase needs {MIN_PASSPHRASE_CHARS} to 200 characters (a sentence works). Keep it safe: without it neither the register nor its backups can be opened."),
        )]));
    }
    Ok(())
}

/// Keys a connection that is about to read or write an encrypted file.
pub(crate) fn key_connection(conn: &Connection, key: Option<&str>) -> Result<()> {
    if let Some(k) = key {
        conn.pragma_update(None, "key", k)?;
    }
    Ok(())
}

/// Every file under `dir`, with its path relative to `dir` ("/"-separated).
fn files_under(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) -> Result<()> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in rd {
        let path = entry.map_err(|e| DeskError::io(dir, e))?.path();
        if path.is_dir() {
            files_under(&path, base, out)?;
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

impl Register {
    /// Copies the attachment files into the register; returns the files,
    /// to be removed once the encrypted register is in place.
    fn attachments_into_register(&mut self) -> Result<Vec<PathBuf>> {
        let dir = self.attachments_dir()?;
        let mut files = Vec::new();
        files_under(&dir, &dir, &mut files)?;
        let tx = self.conn.transaction()?;
        for (path, rel) in &files {
            let bytes = std::fs::read(path).map_err(|e| DeskError::io(path, e))?;
            tx.execute(
                "INSERT OR REPLACE INTO attachment_blobs (stored_as, bytes) VALUES (?1, ?2)",
                params![rel, bytes],
            )?;
        }
        tx.commit()?;
        Ok(files.into_iter().map(|(p, _)| p).collect())
    }

    /// Opens an encrypted register with its passphrase.
    pub fn open_with_passphrase(
        path: &Path,
        clock: Arc<dyn Clock>,
        passphrase: &str,
    ) -> Result<Self> {
        let conn = crate::db::open_keyed(path, Some(passphrase))?;
        let mut reg = Register::from_connection(conn, clock, Some(path));
        reg.key = Some(passphrase.to_string());
        Ok(reg)
    }

    /// Whether the register file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Encrypts the register with `passphrase`, or changes the passphrase of
    /// an encrypted one (administrator). The register is copied into a new
    /// encrypted file, the copy is checked (integrity, schema version, the
    /// same number of cases and history rows), and only then replaces the
    /// old file; the plain file is removed. Backups made before stay as they
    /// were (plain, or under the old passphrase).
    pub fn set_passphrase(&mut self, passphrase: &str, actor: &str) -> Result<()> {
        self.allow(crate::accounts::Perm::Administer)?;
        check_passphrase(passphrase)?;
        let path = self.path.clone().ok_or_else(|| {
            DeskError::Internal("an in-memory register cannot be encrypted".into())
        })?;
        let tmp = PathBuf::from(format!("{}.encrypting", path.display()));
        let _ = std::fs::remove_file(&tmp);
        let action = if self.key.is_some() {
            "passphrase_changed"
        } else {
            "register_encrypted"
        };
        let count = |c: &Connection| -> Result<(i64, i64)> {
            Ok(c.query_row(
                "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM history)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        };
        // Attached files move inside the register so they are encrypted too.
        let moved = self.attachments_into_register()?;
        let before = count(&self.conn)?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            params![tmp.display().to_string(), passphrase],
        )?;
        let exported = self
            .conn
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .and_then(|_| {
                self.conn
                    .execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))
            });
        self.conn.execute("DETACH DATABASE encrypted", [])?;
        exported?;
        // Check the copy before anything is replaced.
        {
            let copy = Connection::open(&tmp).map_err(|e| DeskError::io(&tmp, e))?;
            key_connection(&copy, Some(passphrase))?;
            let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            let v: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if ok != "ok" || v != version || count(&copy)? != before {
                let _ = std::fs::remove_file(&tmp);
                return Err(DeskError::Internal(format!(
                    "the encrypted copy did not check out ({ok}, version {v}); nothing was changed"
                )));
            }
        }
        std::fs::write(
            marker_path(&path),
            "This register is encrypted with SQLCipher; Complaint Desk asks for its passphrase.\n",
        )
        .map_err(|e| DeskError::io(marker_path(&path), e))?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        // Close the plain file, put the encrypted one in its place, reopen.
        let _ = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        std::fs::rename(&tmp, &path).map_err(|e| DeskError::io(&path, e))?;
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        self.conn = crate::db::open_keyed(&path, Some(passphrase))?;
        self.key = Some(passphrase.to_string());
        for file in &moved {
            let _ = std::fs::remove_file(file);
        }
        let now = self.now_text();
        append_history(
            &self.conn,
            None,
            &now,
            actor,
            action,
            &serde_json::json!({"cipher": "SQLCipher 4 (AES-256, PBKDF2-HMAC-SHA512)"}),
        )?;
        Ok(())
    }
}
