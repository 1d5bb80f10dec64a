//! Backups: made online into the folder the administrator chose (daily,
//! with rotation, and on demand), each checked and with the audit head
//! written beside it; and a restore that is atomic — the backup is copied
//! beside the register, checked, synced, then renamed into place, and the
//! replaced register is kept. An empty register is never left in place.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::settings::{app_info, AppInfo, DEFAULT_BACKUP_KEEP};
use crate::api::{Ctx, Desk};
use crate::error::{DeskError, FieldError, Result};
use crate::store::history::AuditHead;
use crate::store::{self, attachments, backups, files, settings, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub file: String,
    pub bytes: u64,
    pub attachments: u64,
    pub at: String,
    /// The audit trail's head at the backup (also written beside it).
    pub audit: AuditHead,
}

/// A backup as the restore list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupEntry {
    pub name: String,
    pub bytes: u64,
    pub encrypted: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct RestoreInput {
    /// The backup's file name in the backup folder.
    pub name: String,
}

/// The folder for backups: the administrator's choice, or "backups" beside
/// the register file.
pub(crate) fn backup_dir(store: &Store, conn: &rusqlite::Connection) -> Result<PathBuf> {
    let chosen = settings::get(conn, "backup_dir")?.unwrap_or_default();
    if !chosen.trim().is_empty() {
        return Ok(PathBuf::from(chosen.trim()));
    }
    let path = store
        .path()
        .ok_or_else(|| DeskError::Internal("an in-memory register has no backup folder".into()))?;
    Ok(path.parent().unwrap_or(Path::new(".")).join("backups"))
}

/// Writes one backup into `dir` (as `actor`): copy, check, attachments,
/// the audit head beside it, and an entry on the audit trail.
fn write_backup(desk: &Desk, actor: &str, actor_id: Option<i64>, seat: &str) -> Result<BackupInfo> {
    let store = desk.store();
    let now = desk.now();
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let dir = store.read(|c| backup_dir(&store, c))?;
    files::private_dir(&dir)?;
    let file = dir.join(format!("{}{stamp}{}", backups::PREFIX, backups::SUFFIX));
    let head = store.with_writer(|conn| {
        backups::copy_online(conn, &file, store.key())?;
        store::history::head(conn)
    })?;
    backups::verify(&file, store.key())?;
    let attachments = match store.path() {
        Some(reg) => backups::copy_dir(&attachments::dir(reg), &backups::attachments_of(&file))?,
        None => 0,
    };
    files::write_private(
        &backups::head_file(&file),
        format!(
            "审计链 audit chain\nentries: {}\nlast_hash: {}\n",
            head.entries, head.last_hash
        )
        .as_bytes(),
    )?;
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let at = store::fmt_time(now);
    store.write(|tx| {
        store::history::append(
            tx,
            &store::history::Entry {
                case_id: None,
                at: &at,
                actor,
                actor_id,
                seat,
                action: "backup_made",
                detail: &serde_json::json!({
                    "file": file.display().to_string(),
                    "bytes": bytes,
                    "attachments": attachments,
                    "audit_entries": head.entries,
                    "audit_last_hash": head.last_hash,
                })
                .to_string(),
            },
        )?;
        Ok(())
    })?;
    Ok(BackupInfo {
        file: file.display().to_string(),
        bytes,
        attachments,
        at,
        audit: head,
    })
}

pub(crate) fn backup_now(ctx: &Ctx, _: ()) -> Result<BackupInfo> {
    let v = ctx.viewer()?;
    write_backup(ctx.desk, &v.name, Some(v.user_id), &ctx.caller.seat_label())
}

pub(crate) fn list(ctx: &Ctx, _: ()) -> Result<Vec<BackupEntry>> {
    let dir = ctx.read(|r| backup_dir(r.store, r.conn))?;
    Ok(backups::list(&dir)
        .into_iter()
        .map(|p| BackupEntry {
            name: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
            encrypted: !files::is_plain_sqlite(&p),
        })
        .collect())
}

impl Desk {
    /// The daily backup the app makes by itself (the first start of a day),
    /// then the rotation: only the newest `backup_keep` are kept.
    pub fn auto_backup(&self) -> Result<Option<BackupInfo>> {
        let (dir, keep) = {
            let store = self.store();
            store.read(|c| {
                Ok((
                    backup_dir(&store, c)?,
                    settings::number(c, "backup_keep", DEFAULT_BACKUP_KEEP)?,
                ))
            })?
        };
        let today = format!("{}{}", backups::PREFIX, self.now().format("%Y%m%d"));
        let done_today = backups::list(&dir).iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&today))
        });
        let made = if done_today {
            None
        } else {
            Some(write_backup(self, "系统", None, "")?)
        };
        for old in backups::list(&dir).into_iter().skip(keep.max(1) as usize) {
            let _ = std::fs::remove_file(&old);
            let _ = std::fs::remove_file(backups::head_file(&old));
            let _ = std::fs::remove_dir_all(backups::attachments_of(&old));
        }
        Ok(made)
    }
}

/// Restores a backup from the backup folder (see the module's note).
pub(crate) fn restore(ctx: &Ctx, input: RestoreInput) -> Result<AppInfo> {
    let name = input.name.trim();
    let bad_name = name.is_empty()
        || name.contains(['/', '\\'])
        || name.contains("..")
        || !name.starts_with(backups::PREFIX)
        || !name.ends_with(backups::SUFFIX);
    if bad_name {
        return Err(DeskError::Validation(vec![FieldError::new(
            "name",
            "invalid",
            "请从备份列表中选择要恢复的备份。",
            "Choose the backup to restore from the list.",
        )]));
    }
    let viewer = ctx.viewer()?.clone();
    let seat = ctx.caller.seat_label();
    let (dir, path, key) = {
        let store = ctx.desk.store();
        let dir = store.read(|c| backup_dir(&store, c))?;
        let path = store.path().map(Path::to_path_buf).ok_or_else(|| {
            DeskError::Internal("an in-memory register cannot be restored".into())
        })?;
        (dir, path, store.key().map(str::to_string))
    };
    let backup = dir.join(name);
    // Check the backup before anything is touched.
    backups::verify(&backup, key.as_deref())?;
    let restoring = files::beside(&path, "restoring");
    let _ = std::fs::remove_file(&restoring);
    files::copy_private(&backup, &restoring)?;
    if let Err(e) = backups::verify(&restoring, key.as_deref()) {
        let _ = std::fs::remove_file(&restoring);
        return Err(e);
    }
    let now = ctx.desk.now();
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let kept = files::beside(&path, &format!("replaced-{stamp}"));
    {
        let mut guard = ctx.desk.store_mut();
        // Fold the WAL into the file so the kept copy is whole, then close.
        guard.with_writer(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?))?;
        guard.drop_readers();
        let old = std::mem::replace(&mut *guard, Store::open_in_memory(now)?);
        drop(old);
        let swap = || -> Result<()> {
            std::fs::rename(&path, &kept).map_err(|e| DeskError::io(&path, e))?;
            for ext in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            }
            std::fs::rename(&restoring, &path).map_err(|e| DeskError::io(&path, e))?;
            files::sync_dir(&path);
            Ok(())
        };
        let swapped = swap();
        let reopened = match &swapped {
            Ok(()) => Store::open(&path, key.as_deref(), now),
            Err(_) => Err(DeskError::Internal("restore did not swap".into())),
        };
        match reopened {
            Ok(new) => *guard = new,
            Err(e) => {
                // Put the old register back and open it again.
                if path.exists() && kept.exists() {
                    let _ = std::fs::remove_file(&path);
                }
                if kept.exists() {
                    let _ = std::fs::rename(&kept, &path);
                }
                *guard = Store::open(&path, key.as_deref(), now)?;
                return Err(e);
            }
        }
    }
    // Attachments: the replaced folder is kept, the backup's copied in.
    let att = attachments::dir(&path);
    if att.exists() {
        let kept_att = PathBuf::from(format!("{}.replaced-{stamp}", att.display()));
        std::fs::rename(&att, &kept_att).map_err(|e| DeskError::io(&att, e))?;
    }
    backups::copy_dir(&backups::attachments_of(&backup), &att)?;
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
                action: "backup_restored",
                detail: &serde_json::json!({
                    "from": backup.display().to_string(),
                    "kept": kept.display().to_string(),
                })
                .to_string(),
            },
        )?;
        Ok(())
    })?;
    ctx.desk.note_change(Vec::new());
    app_info(ctx, ())
}
