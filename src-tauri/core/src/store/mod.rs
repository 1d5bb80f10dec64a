//! The store: the register's SQLite file and nothing else. One writer
//! connection (SQLite allows one writer at a time) and a small pool of
//! readers, which in WAL mode read while the writer writes. Knows tables and
//! SQL, nothing of sessions or permissions; one file per table group.
//!
//! Files the store creates (the register, its WAL, backups, attachments)
//! are readable by their owner only.

pub(crate) mod attachments;
pub(crate) mod backups;
pub(crate) mod case_list;
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
pub(crate) mod repeats;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod users;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{DeskError, Result};

pub use migrate::SCHEMA_VERSION;

/// Registers larger than this are not fully page-checked at every open
/// (that would read the whole file); the daily backup checks them.
const QUICK_CHECK_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Readers open at most: a read waits for one to come free rather than
/// opening another. Reads are CPU work; more of them at once than this only
/// take the processor from the writer (and an encrypted reader costs a key
/// derivation to open).
const READERS: usize = 4;

/// The readers: those idle, how many exist, and a generation that
/// `drop_readers` moves on so a reader in use when the file was replaced is
/// closed when it comes back instead of being reused.
#[derive(Default)]
struct ReaderPool {
    idle: Vec<Connection>,
    open: usize,
    generation: u64,
}

/// An open register file (or an in-memory one for tests and benchmarks).
pub(crate) struct Store {
    path: Option<PathBuf>,
    key: Option<String>,
    writer: Mutex<writer::Writer>,
    readers: Mutex<ReaderPool>,
    reader_free: Condvar,
    /// Answers of finished writes, for a retry with the same idempotency
    /// key: stored by the next write's own transaction (see
    /// `remember_answer`).
    answers: Mutex<Vec<Answer>>,
}

/// A write's answer under its idempotency key.
struct Answer {
    key: String,
    op: String,
    result: String,
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
            writer: Mutex::new(writer::Writer::new(conn)),
            readers: Mutex::new(ReaderPool::default()),
            reader_free: Condvar::new(),
            answers: Mutex::new(Vec::new()),
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
            writer: Mutex::new(writer::Writer::new(conn)),
            readers: Mutex::new(ReaderPool::default()),
            reader_free: Condvar::new(),
            answers: Mutex::new(Vec::new()),
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
            let w = lock(&self.writer);
            return f(&w.conn);
        };
        let (conn, generation) = self.take_reader(path)?;
        let lent = Lent {
            store: self,
            conn: Some(conn),
            generation,
        };
        let _held = Holding::enter();
        match &lent.conn {
            Some(conn) => f(conn),
            None => Err(DeskError::Internal("reader not lent".into())),
        }
    }

    /// Takes back a reader (on success, error or panic alike).
    fn give_back(&self, conn: Connection, generation: u64) {
        let mut pool = lock(&self.readers);
        if pool.generation == generation {
            if pool.open > READERS {
                // One opened past the limit for a nested read: closed.
                pool.open -= 1;
            } else {
                pool.idle.push(conn);
            }
        }
        drop(pool);
        self.reader_free.notify_one();
    }

    /// An idle reader, a new one while fewer than `READERS` exist, or the
    /// next to come free.
    fn take_reader(&self, path: &Path) -> Result<(Connection, u64)> {
        let mut pool = lock(&self.readers);
        loop {
            if let Some(c) = pool.idle.pop() {
                return Ok((c, pool.generation));
            }
            // A thread that already holds a connection (a read inside a
            // read or a write) never waits: the holders it would wait for
            // may be waiting for it.
            if pool.open < READERS || Holding::active() {
                pool.open += 1;
                let generation = pool.generation;
                drop(pool);
                return match open_reader(path, self.key.as_deref()) {
                    Ok(c) => Ok((c, generation)),
                    Err(e) => {
                        let mut pool = lock(&self.readers);
                        if pool.generation == generation {
                            pool.open -= 1;
                        }
                        drop(pool);
                        self.reader_free.notify_one();
                        Err(e)
                    }
                };
            }
            pool = self
                .reader_free
                .wait(pool)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Keeps a finished write's answer for a retry with the same key (the
    /// key itself was stored in the write's transaction). It is written by
    /// the next write's transaction rather than one of its own: a commit
    /// per write instead of two. Until then a retry waits for the writer,
    /// which writes it first; an answer not yet written when the program
    /// is killed is lost, and a retry is then told the write was done
    /// without its answer (the seat reloads).
    pub fn remember_answer(&self, key: &str, op: &str, result: String) {
        lock(&self.answers).push(Answer {
            key: key.to_string(),
            op: op.to_string(),
            result,
        });
    }

    /// Writes the kept answers in `tx`.
    fn store_answers(&self, tx: &Connection) -> Result<()> {
        let answers = std::mem::take(&mut *lock(&self.answers));
        store_answers(tx, &answers)
    }

    /// How many readers exist (idle or lent).
    #[cfg(test)]
    fn readers_open(&self) -> usize {
        lock(&self.readers).open
    }

    /// Closes every reader (before the file is replaced).
    pub fn drop_readers(&self) {
        let mut pool = lock(&self.readers);
        pool.idle.clear();
        pool.open = 0;
        pool.generation += 1;
        drop(pool);
        self.reader_free.notify_all();
    }
}

/// Runs `f` in one write transaction (BEGIN IMMEDIATE): committed when it
/// succeeds, rolled back when it fails.
fn in_transaction<T>(conn: &mut Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// A reader lent out of the pool; it goes back when this is dropped.
struct Lent<'a> {
    store: &'a Store,
    conn: Option<Connection>,
    generation: u64,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            self.store.give_back(c, self.generation);
        }
    }
}

thread_local! {
    static HOLDING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Marks this thread as holding a connection while it lives.
struct Holding;

impl Drop for Store {
    /// Writes the answers still kept (best effort: the program is closing).
    fn drop(&mut self) {
        let mut w = lock(&self.writer);
        let answers = std::mem::take(&mut *lock(&self.answers));
        if !answers.is_empty() {
            let _ = in_transaction(&mut w.conn, |tx| store_answers(tx, &answers));
        }
    }
}

fn store_answers(tx: &Connection, answers: &[Answer]) -> Result<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let mut st =
        tx.prepare_cached("UPDATE write_keys SET result = ?3 WHERE key = ?1 AND op = ?2")?;
    for a in answers {
        st.execute(rusqlite::params![a.key, a.op, a.result])?;
    }
    Ok(())
}

impl Holding {
    fn enter() -> Holding {
        HOLDING.with(|h| h.set(h.get() + 1));
        Holding
    }
    fn active() -> bool {
        HOLDING.with(|h| h.get() > 0)
    }
}

impl Drop for Holding {
    fn drop(&mut self) {
        HOLDING.with(|h| h.set(h.get().saturating_sub(1)));
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
    conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
    Ok(conn)
}

/// The writer's page cache, in KiB (SQLite's default is 2 MiB). An import
/// of 10,000 cases changes some 40 MB of pages in one transaction: with the
/// default, pages spill to the WAL and are read back for the next case.
/// The cache fills only as a write needs it.
const WRITER_CACHE_KIB: i64 = 64 * 1024;

/// Each reader's page cache, in KiB. Counting the register reads an index
/// of some 600 pages; with SQLite's default 2 MiB every count and search
/// read its pages from the file again (a copy per page).
const READER_CACHE_KIB: i64 = 16 * 1024;

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
    conn.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
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
        forget_old_write_keys(conn, now)?;
    }
    Ok(())
}

/// How long the answer to a write sent with an idempotency key is kept: a
/// seat retries within seconds or minutes (a lost connection); a month
/// covers a computer that slept with a request in flight.
pub(crate) const WRITE_KEY_DAYS: i64 = 30;

/// Drops the stored answers older than `WRITE_KEY_DAYS` (when the register
/// is opened: the table would otherwise grow by one row per write forever).
fn forget_old_write_keys(conn: &Connection, now: NaiveDateTime) -> Result<usize> {
    let before = fmt_time(now - chrono::Duration::days(WRITE_KEY_DAYS));
    Ok(conn.execute("DELETE FROM write_keys WHERE at < ?1", [before])?)
}

/// "YYYY-MM-DD HH:MM:SS"
pub(crate) fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    pub(super) fn file_store() -> (Arc<Store>, PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "desk-pool-{}-{}",
            std::process::id(),
            getrandom::u64().unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let store = Store::open(&dir.join("register.sqlite3"), None, now).unwrap();
        (Arc::new(store), dir)
    }

    /// Runs `f` on its own thread; false if it has not ended in 10 s.
    fn ends_in_time(f: impl FnOnce() + Send + 'static) -> bool {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            f();
            let _ = tx.send(());
        });
        rx.recv_timeout(Duration::from_secs(10)).is_ok()
    }

    #[test]
    fn answers_to_keyed_writes_are_kept_a_month_and_forgotten_when_the_register_opens_after() {
        let (store, dir) = file_store();
        let path = dir.join("register.sqlite3");
        store
            .write(|tx| {
                for (key, at) in [("old", "2026-10-01 09:00:00"), ("recent", "2026-11-20 09:00:00")] {
                    tx.execute(
                        "INSERT INTO write_keys (key, op, user_id, at, result) VALUES (?1, 'x', 1, ?2, '')",
                        [key, at],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        drop(store);
        // Opened on 2 December: 1 October is over 30 days ago, 20 November is not.
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let store = Store::open(&path, None, now).unwrap();
        let keys: Vec<String> = store
            .read(|c| {
                let mut st = c.prepare("SELECT key FROM write_keys ORDER BY key")?;
                let rows = st.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
            })
            .unwrap();
        assert_eq!(keys, vec!["recent".to_string()]);
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn twenty_reads_at_once_share_the_pool_s_readers_and_open_no_more() {
        let (store, dir) = file_store();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..20)
            .map(|_| {
                let (store, running, most) = (store.clone(), running.clone(), most.clone());
                std::thread::spawn(move || {
                    store
                        .read(|c| {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(20));
                            running.fetch_sub(1, Ordering::SeqCst);
                            Ok(c.query_row("SELECT COUNT(*) FROM cases", [], |r| {
                                r.get::<_, i64>(0)
                            })?)
                        })
                        .unwrap()
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap(), 0);
        }
        assert!(most.load(Ordering::SeqCst) <= READERS);
        assert!(most.load(Ordering::SeqCst) >= 2, "reads ran one at a time");
        assert!(store.readers_open() <= READERS);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_read_inside_reads_and_writes_never_waits_for_the_pool() {
        let (store, dir) = file_store();
        fn nest(store: &Store, depth: usize) -> Result<usize> {
            if depth == 0 {
                return Ok(0);
            }
            store.read(|_| Ok(1 + nest(store, depth - 1)?))
        }
        let s = store.clone();
        assert!(ends_in_time(move || {
            assert_eq!(nest(&s, READERS + 3).unwrap(), READERS + 3);
            s.write(|_| nest(&s, READERS + 1)).unwrap();
        }));
        // The readers opened past the limit were closed again.
        assert!(store.readers_open() <= READERS);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_read_that_panics_gives_its_reader_back() {
        let (store, dir) = file_store();
        for _ in 0..READERS + 2 {
            let s = store.clone();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                s.read(|_| -> Result<()> { panic!("a failing read") })
            }));
            assert!(r.is_err());
        }
        let s = store.clone();
        assert!(ends_in_time(move || {
            s.read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
                .unwrap();
        }));
        assert!(store.readers_open() <= READERS);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_reader_lent_when_the_file_is_replaced_is_closed_not_reused() {
        let (store, dir) = file_store();
        let s = store.clone();
        store
            .read(|_| {
                s.drop_readers();
                Ok(())
            })
            .unwrap();
        assert_eq!(store.readers_open(), 0);
        let _ = std::fs::remove_dir_all(dir);
    }
}
