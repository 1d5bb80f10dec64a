//! Copying the WAL back into the register file, on a thread of its own.
//!
//! SQLite copies the WAL into the file when a commit brings it past 1,000
//! pages, in the committing write: that write then also waits for the file
//! to reach the disk, a quarter of a second here, and every write queued
//! behind it waits too. The writer's own checkpoints are off; this thread
//! runs a passive checkpoint (it never blocks the writer or a reader) after
//! each commit; commits made while one runs are taken in by the next.
//! Small and frequent, each copy reaches the disk quickly: one of 1,000
//! pages held up the commits synced meanwhile by up to 0.35 s (20 seats on
//! 100,000 cases, 0.1 s between a seat's actions; now 0.07–0.15 s at most).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How often the thread looks without being woken.
const QUIET: Duration = Duration::from_secs(3);

/// The checkpoint thread of one register file.
pub(super) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    commits: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn start(path: &Path, key: Option<&str>) -> Checkpointer {
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let commits = Arc::new(AtomicU64::new(0));
        let seen = commits.clone();
        let path: PathBuf = path.to_path_buf();
        let key = key.map(str::to_string);
        let thread = std::thread::Builder::new()
            .name("desk-checkpoint".into())
            .spawn(move || {
                let mut conn: Option<Connection> = None;
                let mut done = 0u64;
                // Woken by a commit or every `QUIET`; ends when the store
                // drops its side.
                while let Ok(()) | Err(RecvTimeoutError::Timeout) = woken.recv_timeout(QUIET) {
                    let now = seen.load(Ordering::Acquire);
                    if now == done {
                        continue;
                    }
                    done = now;
                    if conn.is_none() {
                        conn = open(&path, key.as_deref());
                    }
                    if let Some(c) = &conn {
                        // Passive: copies what no reader still needs and
                        // never waits; what is left goes next time.
                        let _ = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    }
                }
            })
            .ok();
        Checkpointer {
            wake: Some(wake),
            commits,
            thread,
        }
    }

    /// Counts a commit and wakes the thread.
    pub(super) fn committed(&self) {
        self.commits.fetch_add(1, Ordering::AcqRel);
        if let Some(w) = &self.wake {
            let _ = w.try_send(());
        }
    }

    /// Stops the thread (before the writer closes, which checkpoints last).
    pub(super) fn stop(&mut self) {
        self.wake.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn open(path: &Path, key: Option<&str>) -> Option<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    if let Some(key) = key {
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", key).ok()?;
    }
    Some(conn)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use crate::store::tests::file_store;

    #[test]
    fn the_register_file_takes_in_the_wal_while_the_program_runs() {
        let (store, dir) = file_store();
        let path = store.path().unwrap().to_path_buf();
        store
            .write(|c| Ok(c.execute_batch("CREATE TABLE t (b BLOB)")?))
            .unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        for _ in 0..64 {
            store
                .write(|c| Ok(c.execute("INSERT INTO t VALUES (zeroblob(16384))", [])?))
                .unwrap();
        }
        let wanted = before + 64 * 16384;
        let since = Instant::now();
        while std::fs::metadata(&path).unwrap().len() < wanted {
            assert!(
                since.elapsed().as_secs() < 20,
                "the file still has {} bytes of {wanted}",
                std::fs::metadata(&path).unwrap().len()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
