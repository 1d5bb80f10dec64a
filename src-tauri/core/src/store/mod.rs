//! The store: the register's SQLite file and nothing else. One writer
//! connection (SQLite allows one writer at a time) and a small pool of
//! readers, which in WAL mode read while the writer writes. Knows tables and
//! SQL, nothing of sessions or permissions; one file per table group.
//!
//! Files the store creates (the register, its WAL, backups, attachments)
//! are readable by their owner only.

pub(crate) mod attachments;
pub(crate) mod backups;
pub(crate) mod cases;
pub(crate) mod derived;
pub(crate) mod documents;
pub(crate) mod drafts;
pub(crate) mod files;
pub(crate) mod flags;
pub(crate) mod history;
pub(crate) mod migrate;
pub(crate) mod netfs;
pub(crate) mod participants;
pub(crate) mod records;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod users;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{DeskError, Result};

pub use migrate::SCHEMA_VERSION;

/// Registers larger than this are not fully page-checked at every open
/// (that would read the whole file); the daily backup checks them.
const QUICK_CHECK_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Readers kept open for concurrent reads.
const READERS: usize = 4;

/// An open register file (or an in-memory one for tests and benchmarks).
pub(crate) struct Store {
    path: Option<PathBuf>,
    key: Option<String>,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

/// Prepared statements kept per connection. One write touches some forty
/// distinct statements (case, search, deadlines, history); rusqlite keeps
/// 16 by default, so a long write re-parsed most of its SQL every case.
const STATEMENT_CACHE: usize = 256;

impl Store {
    /// Opens (creating if needed) the register at `path`, with the
    /// passphrase of an encrypted register, and migrates it.
    pub fn open(path: &Path, key: Option<&str>, now: NaiveDateTime) -> Result<Store> {
        let conn = open_connection(path, key, Some(now))?;
        Ok(Store {
            path: Some(path.to_path_buf()),
            key: key.map(str::to_string),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// A fresh register in memory: reads go through the one connection.
    pub fn open_in_memory(now: NaiveDateTime) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        prepare(&mut conn, false, now)?;
        Ok(Store {
            path: None,
            key: None,
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Runs `f` on a reader (the writer for an in-memory register).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = &self.path else {
            let conn = lock(&self.writer);
            return f(&conn);
        };
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(c) => c,
            None => open_reader(path, self.key.as_deref())?,
        };
        let out = f(&conn);
        let mut pool = lock(&self.readers);
        if pool.len() < READERS {
            pool.push(conn);
        }
        out
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE): committed when
    /// `f` succeeds, rolled back when it fails.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The writer connection, for work outside a transaction (backups,
    /// checkpoints, re-keying).
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        f(&mut conn)
    }

    /// Closes every reader (before the file is replaced).
    pub fn drop_readers(&self) {
        lock(&self.readers).clear();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Opens the register file: a read-only file is opened read-only (so the
/// user is told instead of the file being changed), an encrypted one with
/// its key; then the pragmas, the version guard and the migrations.
/// `migrate_at`: migrate and refresh derived data as of that time (None:
/// open only, e.g. to check a backup).
pub(crate) fn open_connection(
    path: &Path,
    key: Option<&str>,
    migrate_at: Option<NaiveDateTime>,
) -> Result<Connection> {
    files::private_dir_for(path)?;
    netfs::refuse_network(path)?;
    let read_only = std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false);
    if !read_only {
        files::create_private(path)?;
    }
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|e| match DeskError::from(e) {
            DeskError::Db(reason) => DeskError::DbOpen {
                path: path.display().to_string(),
                reason,
            },
            other => other,
        })?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if let Some(key) = key {
        // SQLCipher would log a wrong key to stderr; the error says it.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", key)?;
    }
    let checked = if let Some(now) = migrate_at {
        backup_before_upgrade(&conn, path, key, now, read_only)
            .and_then(|_| prepare(&mut conn, !read_only, now))
            .and_then(|_| {
                let small = std::fs::metadata(path)
                    .map(|m| m.len() <= QUICK_CHECK_MAX_BYTES)
                    .unwrap_or(true);
                if small {
                    quick_check(&conn)?;
                }
                Ok(())
            })
    } else {
        Ok(())
    };
    checked.map_err(|e| match e {
        // An encrypted file reads like a damaged one: the marker beside it,
        // or the passphrase given, tells the two apart.
        DeskError::DbCorrupt(_) if key.is_some() => DeskError::DbKeyWrong {
            path: path.display().to_string(),
        },
        DeskError::DbCorrupt(_) if files::is_marked_encrypted(path) => DeskError::DbNeedsKey {
            path: path.display().to_string(),
        },
        DeskError::DbTooNew { .. } | DeskError::DbCorrupt(_) => e,
        other if read_only => DeskError::DbReadOnly(format!("{}: {other}", path.display())),
        other => other,
    })?;
    Ok(conn)
}

fn open_reader(path: &Path, key: Option<&str>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    })?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if let Some(key) = key {
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", key)?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA query_only = 1; PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

/// Before a register made by an older version is migrated, a copy of it
/// as it was goes beside it (register.sqlite3.before-upgrade-v6-…), so an
/// upgrade can never lose a case. Encrypted registers stay encrypted.
fn backup_before_upgrade(
    conn: &Connection,
    path: &Path,
    key: Option<&str>,
    now: NaiveDateTime,
    read_only: bool,
) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if read_only || version == 0 || version >= SCHEMA_VERSION {
        return Ok(());
    }
    let dest = files::beside(
        path,
        &format!("before-upgrade-v{version}-{}", now.format("%Y%m%d-%H%M%S")),
    );
    files::create_private(&dest)?;
    let mut dst = Connection::open(&dest).map_err(|e| DeskError::io(&dest, e))?;
    if let Some(k) = key {
        dst.pragma_update(None, "key", k)?;
    }
    rusqlite::backup::Backup::new(conn, &mut dst)?.run_to_completion(
        1024,
        std::time::Duration::from_millis(0),
        None,
    )?;
    Ok(())
}

fn quick_check(conn: &Connection) -> Result<()> {
    let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(DeskError::DbCorrupt(ok));
    }
    Ok(())
}

/// Pragmas, the version guard, the migrations and derived data.
fn prepare(conn: &mut Connection, writable_file: bool, now: NaiveDateTime) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Reading the header first tells a non-database apart from a locked one.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(DeskError::DbTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if writable_file {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(DeskError::Db(format!("journal mode is {mode}, not WAL")));
        }
    }
    // FULL: a committed case survives a power cut, not only a crash.
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    if version < SCHEMA_VERSION {
        migrate::migrate(conn, version)?;
    }
    if !conn.is_readonly(rusqlite::MAIN_DB)? {
        derived::ensure(conn, now)?;
    }
    Ok(())
}

/// "YYYY-MM-DD HH:MM:SS"
pub(crate) fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}
