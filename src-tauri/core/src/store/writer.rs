//! The one writer connection and its group commit.
//!
//! Writes take turns on one connection. When other writes are already
//! waiting as one finishes, its transaction is left open for them and it
//! waits for the commit that carries it: up to `BATCH_MOST` writes then
//! share one commit (one set of WAL frames, one sync of the disk) instead
//! of each paying for its own. Each write runs inside its own savepoint, so
//! a write that fails undoes only itself. No caller is told its write
//! succeeded before the commit that holds it returned; if that commit
//! fails, every write in it is told so, and none of them happened.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

use rusqlite::Connection;

use super::{lock, Holding, Store};
use crate::error::{DeskError, Result};

/// Writes sharing one commit at most: the first of them waits for the
/// others' work before its answer.
const BATCH_MOST: usize = 16;

/// The writer connection and the transaction left open for waiting writes.
pub(super) struct Writer {
    pub(super) conn: Connection,
    /// The open group's number, when a transaction is open.
    open: Option<u64>,
    /// Writes done in the open group.
    members: usize,
    /// The last group's number.
    last: u64,
}

impl Writer {
    pub(super) fn new(conn: Connection) -> Writer {
        Writer {
            conn,
            open: None,
            members: 0,
            last: 0,
        }
    }
}

/// How the groups ended: every group up to `done` has ended; `failed` keeps
/// the error of the recent ones that were not committed.
#[derive(Default)]
pub(super) struct Outcomes {
    done: u64,
    failed: Vec<(u64, DeskError)>,
}

/// An error told to every write of a group whose commit failed.
fn echo(e: &DeskError) -> DeskError {
    match e {
        DeskError::DiskFull(s) => DeskError::DiskFull(s.clone()),
        DeskError::DbReadOnly(s) => DeskError::DbReadOnly(s.clone()),
        DeskError::DbLocked(s) => DeskError::DbLocked(s.clone()),
        DeskError::DbCorrupt(s) => DeskError::DbCorrupt(s.clone()),
        other => DeskError::Db(other.to_string()),
    }
}

impl Store {
    /// Runs `f` as one write (see the module's note): its changes are
    /// committed when it succeeds, undone when it fails.
    pub fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let turn = self.write_turn();
        let mut w = lock(&self.writer);
        let held = Holding::enter();
        if self.path.is_none() {
            // In memory, reads use this connection too: nothing stays open.
            let out = super::in_transaction(&mut w.conn, |tx| {
                self.store_answers(tx)?;
                f(tx)
            });
            return out;
        }
        let group = match w.open {
            Some(g) => g,
            None => self.begin(&mut w)?,
        };
        let begun = w.conn.execute_batch("SAVEPOINT one_write");
        let out = match begun {
            Ok(()) => catch_unwind(AssertUnwindSafe(|| f(&w.conn))),
            Err(e) => Ok(Err(e.into())),
        };
        let ok = matches!(out, Ok(Ok(_)) | Ok(Err(DeskError::AlreadyDone { .. })));
        let lost = match &out {
            Ok(Err(e)) => Some(echo(e)),
            _ => None,
        };
        self.end_write(&mut w, group, ok, lost);
        drop(held);
        drop(w);
        // Not waiting for the writer any more: a write that comes next
        // does not count this one as waiting.
        drop(turn);
        let out = match out {
            Ok(out) => out,
            Err(panic) => resume_unwind(panic),
        };
        match out {
            Err(DeskError::AlreadyDone { result }) => {
                self.outcome(group)?;
                Err(DeskError::AlreadyDone { result })
            }
            Err(e) => Err(e),
            Ok(v) => {
                self.outcome(group)?;
                Ok(v)
            }
        }
    }

    /// Opens a group: its transaction, with the answers kept for retries.
    fn begin(&self, w: &mut Writer) -> Result<u64> {
        w.conn.execute_batch("BEGIN IMMEDIATE")?;
        w.last += 1;
        let group = w.last;
        w.open = Some(group);
        w.members = 0;
        if let Err(e) = self.store_answers(&w.conn) {
            if !w.conn.is_autocommit() {
                let _ = w.conn.execute_batch("ROLLBACK");
            }
            w.open = None;
            self.finish(group, Err(echo(&e)));
            return Err(e);
        }
        Ok(group)
    }

    /// Closes one write's savepoint (kept when it succeeded, undone when it
    /// failed), then commits the group unless other writes are waiting and
    /// the group has room.
    fn end_write(&self, w: &mut Writer, group: u64, ok: bool, error: Option<DeskError>) {
        if w.conn.is_autocommit() {
            // SQLite itself rolled the whole transaction back (a full disk,
            // an I/O error): the group is lost.
            w.open = None;
            let e = error.unwrap_or_else(|| DeskError::Db("the write was rolled back".into()));
            self.finish(group, Err(e));
            return;
        }
        let closed = if ok {
            w.members += 1;
            w.conn.execute_batch("RELEASE one_write")
        } else {
            w.conn
                .execute_batch("ROLLBACK TO one_write; RELEASE one_write")
        };
        if let Err(e) = closed {
            let _ = w.conn.execute_batch("ROLLBACK");
            w.open = None;
            self.finish(group, Err(e.into()));
            return;
        }
        let waiting = lock(&self.readers).writes > 1;
        if waiting && w.members < BATCH_MOST {
            return;
        }
        self.commit_open(w);
    }

    /// Commits the open group, if any, and tells its writes.
    pub(super) fn commit_open(&self, w: &mut Writer) {
        let Some(group) = w.open.take() else {
            return;
        };
        let done = w.conn.execute_batch("COMMIT").map_err(DeskError::from);
        if done.is_err() && !w.conn.is_autocommit() {
            let _ = w.conn.execute_batch("ROLLBACK");
        }
        self.finish(group, done);
    }

    fn finish(&self, group: u64, outcome: Result<()>) {
        let mut o = lock(&self.outcomes);
        o.done = o.done.max(group);
        if let Err(e) = outcome {
            o.failed.retain(|(g, _)| g + 1000 > group);
            o.failed.push((group, e));
        }
        drop(o);
        self.outcome_told.notify_all();
    }

    /// Waits until `group` has ended: Ok when it was committed.
    fn outcome(&self, group: u64) -> Result<()> {
        let mut o = lock(&self.outcomes);
        while o.done < group {
            o = self.outcome_told.wait(o).unwrap_or_else(|p| p.into_inner());
        }
        match o.failed.iter().find(|(g, _)| *g == group) {
            Some((_, e)) => Err(echo(e)),
            None => Ok(()),
        }
    }

    /// The writer connection, for work outside a transaction (backups,
    /// checkpoints, re-keying): a group left open is committed first.
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let _turn = self.write_turn();
        let mut w = lock(&self.writer);
        let _held = Holding::enter();
        self.commit_open(&mut w);
        f(&mut w.conn)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    use super::*;
    use crate::store::tests::file_store;

    fn rows(store: &Store) -> Vec<i64> {
        store
            .read(|c| {
                let mut st = c.prepare("SELECT n FROM t ORDER BY n")?;
                let v = st
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                Ok(v)
            })
            .unwrap()
    }

    /// Eleven writes queued behind a slow one; every third fails, one
    /// panics. Returns what each was told (None: it panicked).
    fn queued_writes(store: &Arc<Store>) -> Vec<(i64, Option<bool>)> {
        store
            .write(|c| {
                c.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY)")?;
                Ok(())
            })
            .unwrap();
        let (started, wait) = mpsc::channel();
        let slow = {
            let store = store.clone();
            std::thread::spawn(move || {
                store.write(|c| {
                    started.send(()).unwrap();
                    std::thread::sleep(Duration::from_millis(300));
                    c.execute("INSERT INTO t VALUES (0)", [])?;
                    Ok(())
                })
            })
        };
        wait.recv().unwrap();
        let others: Vec<_> = (1..=11i64)
            .map(|n| {
                let store = store.clone();
                std::thread::spawn(move || {
                    store.write(|c| {
                        c.execute("INSERT INTO t VALUES (?1)", [n])?;
                        if n == 7 {
                            panic!("a write that panics half-way");
                        }
                        if n % 3 == 0 {
                            return Err(DeskError::Internal("refused".into()));
                        }
                        Ok(())
                    })
                })
            })
            .collect();
        let mut told = vec![(0, Some(slow.join().unwrap().is_ok()))];
        for (i, t) in others.into_iter().enumerate() {
            told.push((i as i64 + 1, t.join().ok().map(|r| r.is_ok())));
        }
        told
    }

    #[test]
    fn writes_queued_behind_one_share_commits_and_each_failure_undoes_only_itself() {
        let (store, dir) = file_store();
        let told = queued_writes(&store);
        let kept: Vec<i64> = told
            .iter()
            .filter(|(_, t)| *t == Some(true))
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(kept, vec![0, 1, 2, 4, 5, 8, 10, 11]);
        assert_eq!(told[7].1, None, "the panic reaches its own caller");
        assert_eq!(rows(&store), kept, "what each was told is what is there");
        let groups = lock(&store.writer).last;
        assert!(groups < 12, "12 writes in {groups} commits");
        assert!(lock(&store.writer).open.is_none(), "nothing left open");
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn what_a_group_committed_is_in_the_file_after_the_program_closes() {
        let (store, dir) = file_store();
        queued_writes(&store);
        let path = store.path().unwrap().to_path_buf();
        drop(store);
        let c = Connection::open(path).unwrap();
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 8);
        let _ = std::fs::remove_dir_all(dir);
    }
}
