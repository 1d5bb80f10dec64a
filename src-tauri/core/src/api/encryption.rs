//! Encryption at rest: the register becomes a SQLCipher database (AES-256,
//! page by page) once the administrator sets a passphrase — copied,
//! checked, then swapped in; attachments move inside it. The plain files
//! left from before (backups, set-aside registers) are listed to the
//! administrator to encrypt or delete.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::backup::backup_dir;
use crate::api::settings::{app_info, AppInfo};
use crate::api::Ctx;
use crate::error::{DeskError, FieldError, Result};
use crate::store::{self, attachments, backups, files, Store};

pub const MIN_PASSPHRASE_CHARS: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Passphrase {
    pub passphrase: String,
}

/// A plain (unencrypted) copy of the register's data left on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Leftover {
    pub path: String,
    pub bytes: u64,
    /// "backup", "replaced" (set aside by a restore or an encryption) or
    /// "before_upgrade" (kept before a migration).
    pub kind: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct LeftoverAction {
    pub path: String,
    /// "encrypt" or "delete".
    pub action: String,
}

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

fn counts(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.query_row(
        "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM history)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Exports the open database into an encrypted copy at `dest`, checks it.
fn export_encrypted(conn: &Connection, dest: &Path, passphrase: &str) -> Result<()> {
    let _ = std::fs::remove_file(dest);
    files::create_private(dest)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let before = counts(conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        params![dest.display().to_string(), passphrase],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .and_then(|_| conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version};")));
    conn.execute("DETACH DATABASE encrypted", [])?;
    exported?;
    let copy = Connection::open(dest).map_err(|e| DeskError::io(dest, e))?;
    copy.pragma_update(None, "key", passphrase)?;
    let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let v: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if ok != "ok" || v != version || counts(&copy)? != before {
        drop(copy);
        let _ = std::fs::remove_file(dest);
        return Err(DeskError::Internal(format!(
            "the encrypted copy did not check out ({ok}, version {v}); nothing was changed"
        )));
    }
    Ok(())
}

/// Sets (or changes) the register's passphrase: attachments move inside,
/// an encrypted copy is made and checked, then swapped in; the plain file
/// is removed. Backups made afterwards are encrypted with the same key.
pub(crate) fn set_passphrase(ctx: &Ctx, input: Passphrase) -> Result<AppInfo> {
    check_passphrase(&input.passphrase)?;
    let viewer = ctx.viewer()?.clone();
    let seat = ctx.caller.seat_label();
    let now = ctx.desk.now();
    let action = if ctx.desk.is_encrypted() {
        "passphrase_changed"
    } else {
        "register_encrypted"
    };
    {
        let mut guard = ctx.desk.store_mut();
        let path = guard.path().map(Path::to_path_buf).ok_or_else(|| {
            DeskError::Internal("an in-memory register cannot be encrypted".into())
        })?;
        // Attached files move inside the register so they are encrypted too.
        let moved = attachments::files_beside(&path)?;
        guard.write(|tx| {
            for (file, rel) in &moved {
                let bytes = std::fs::read(file).map_err(|e| DeskError::io(file, e))?;
                attachments::put(tx, None, rel, &bytes, true)?;
            }
            Ok(())
        })?;
        let tmp = files::beside(&path, "encrypting");
        guard.with_writer(|c| export_encrypted(c, &tmp, &input.passphrase))?;
        files::write_private(
            &files::marker_path(&path),
            b"This register is encrypted with SQLCipher; Complaint Desk asks for its passphrase.\n",
        )?;
        guard.with_writer(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?))?;
        guard.drop_readers();
        let old = std::mem::replace(&mut *guard, Store::open_in_memory(now)?);
        drop(old);
        std::fs::rename(&tmp, &path).map_err(|e| DeskError::io(&path, e))?;
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        files::sync_dir(&path);
        *guard = Store::open(&path, Some(&input.passphrase), now)?;
        for (file, _) in &moved {
            let _ = std::fs::remove_file(file);
        }
    }
    let at = store::fmt_time(now);
    ctx.desk.store().write(|tx| {
        store::history::append(
            tx,
            &store::history::Entry {
                case_id: None,
                at: &at,
                actor: &viewer.name,
                actor_id: Some(viewer.user_id),
                seat: &seat,
                action,
                detail: r#"{"cipher":"SQLCipher 4 (AES-256, PBKDF2-HMAC-SHA512)"}"#,
            },
        )?;
        Ok(())
    })?;
    ctx.desk.note_change(Vec::new());
    app_info(ctx, ())
}

/// Plain copies of the register's data left on disk once it is encrypted:
/// backups made before, registers set aside by a restore, copies kept
/// before an upgrade. Empty while the register is not encrypted.
fn find_leftovers(ctx: &Ctx) -> Result<Vec<(PathBuf, Leftover)>> {
    if !ctx.desk.is_encrypted() {
        return Ok(Vec::new());
    }
    let (dir, reg) = ctx.read(|r| {
        Ok((
            backup_dir(r.store, r.conn)?,
            r.store.path().map(Path::to_path_buf),
        ))
    })?;
    let mut out = Vec::new();
    let mut add = |p: PathBuf, kind: &str| {
        if p.is_file() && files::is_plain_sqlite(&p) {
            let bytes = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            out.push((
                p.clone(),
                Leftover {
                    path: p.display().to_string(),
                    bytes,
                    kind: kind.into(),
                },
            ));
        }
    };
    for b in backups::list(&dir) {
        add(b, "backup");
    }
    if let Some(reg) = reg {
        let name = reg
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(folder) = reg.parent() {
            if let Ok(rd) = std::fs::read_dir(folder) {
                for e in rd.flatten() {
                    let n = e.file_name().to_string_lossy().into_owned();
                    if n.starts_with(&format!("{name}.replaced-")) {
                        add(e.path(), "replaced");
                    } else if n.starts_with(&format!("{name}.before-upgrade-")) {
                        add(e.path(), "before_upgrade");
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    Ok(out)
}

pub(crate) fn leftovers(ctx: &Ctx, _: ()) -> Result<Vec<Leftover>> {
    Ok(find_leftovers(ctx)?.into_iter().map(|(_, l)| l).collect())
}

/// Encrypts a leftover with the register's key (in place, checked) or
/// deletes it. Only files the list names are touched.
pub(crate) fn deal_with_leftover(ctx: &Ctx, a: LeftoverAction) -> Result<Vec<Leftover>> {
    let found = find_leftovers(ctx)?;
    let Some((path, l)) = found.into_iter().find(|(_, l)| l.path == a.path) else {
        return Err(DeskError::NotFound {
            what: "file",
            key: a.path.chars().take(200).collect(),
        });
    };
    match a.action.as_str() {
        "delete" => {
            std::fs::remove_file(&path).map_err(|e| DeskError::io(&path, e))?;
            let _ = std::fs::remove_file(backups::head_file(&path));
        }
        "encrypt" => {
            let key = ctx
                .desk
                .store()
                .key()
                .map(str::to_string)
                .unwrap_or_default();
            let plain = Connection::open(&path).map_err(|e| DeskError::io(&path, e))?;
            let tmp = files::beside(&path, "encrypting");
            export_encrypted(&plain, &tmp, &key)?;
            drop(plain);
            std::fs::rename(&tmp, &path).map_err(|e| DeskError::io(&path, e))?;
            for ext in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
        }
        _ => {
            return Err(DeskError::Validation(vec![FieldError::new(
                "action",
                "invalid",
                "请选择“加密”或“删除”。",
                "Choose encrypt or delete.",
            )]))
        }
    }
    let v = ctx.viewer()?.clone();
    let at = store::fmt_time(ctx.desk.now());
    let seat = ctx.caller.seat_label();
    ctx.desk.store().write(|tx| {
        store::history::append(
            tx,
            &store::history::Entry {
                case_id: None,
                at: &at,
                actor: &v.name,
                actor_id: Some(v.user_id),
                seat: &seat,
                action: "plain_copy_handled",
                detail: &serde_json::json!({"path": l.path, "kind": l.kind, "action": a.action})
                    .to_string(),
            },
        )?;
        Ok(())
    })?;
    leftovers(ctx, ())
}
