//! The API: the one public entry to the register. Every operation is
//! declared once in `ops.rs` with what it requires (its `Access`); the
//! declaration generates the method on [`Desk`], the JSON dispatcher (for the
//! Tauri shell and the HTTP host) and the TypeScript client.
//!
//! Every call goes through one of two paths:
//! - a read (`Ctx::read`) returns what the current viewer may see — masked
//!   or not, recusal applied; there is no public unmasked read;
//! - a write (`Ctx::write`) runs in one transaction that checks the case
//!   the operation acts on (version, the caller's standing), makes the
//!   change, refreshes what is derived from the case, and appends the audit
//!   entry — with the actor and seat from the session — before it commits.
//!
//! The session and the role are checked before either path is entered.

mod accountability;
pub mod accounts;
mod audit;
mod backup;
mod cases;
mod documents;
mod encryption;
mod handling;
#[macro_use]
pub mod ops;
pub mod platform;
mod privacy;
mod repeats;
mod report;
mod rewards;
mod session;
mod settings;
pub mod sheets;
mod stats;
pub mod types;
pub mod typescript;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::docs::DocFonts;
use crate::domain::roles::{self, Access, Viewer};
use crate::error::{DeskError, Lang, Result};
use crate::store::{self, Store};

pub use session::SessionState;

/// Who is calling: the seat — a secret the transport keeps (the desktop
/// window's own key, a browser's session cookie) — and where it is. The
/// session (who signed in there) belongs to the seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub seat: String,
    /// The seat's network address ("本机" on the computer itself).
    pub address: String,
    /// The seat's computer or browser, as the audit trail names it.
    pub computer: String,
    /// A key the client sends with a write so a retry (lost reply, double
    /// click) is not done twice.
    pub idempotency_key: Option<String>,
}

impl Caller {
    /// The desktop app's own window on the computer that holds the register.
    pub fn local() -> Caller {
        Caller {
            seat: "local".into(),
            address: "本机".into(),
            computer: std::env::var("HOSTNAME")
                .or_else(|_| std::env::var("COMPUTERNAME"))
                .unwrap_or_else(|_| "本机".into()),
            idempotency_key: None,
        }
    }

    /// The same seat, sending a write with this idempotency key.
    pub fn with_key(&self, key: impl Into<String>) -> Caller {
        Caller {
            idempotency_key: Some(key.into()),
            ..self.clone()
        }
    }

    fn seat_label(&self) -> String {
        if self.computer.is_empty() || self.computer == self.address {
            self.address.clone()
        } else {
            format!("{}（{}）", self.computer, self.address)
        }
    }
}

/// The case an operation acts on, and the version the caller last saw (a
/// write on an older version is refused instead of overwriting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRef {
    pub id: i64,
    pub version: Option<i64>,
}

/// Inputs of operations that act on one case.
pub trait CaseBound {
    fn case_ref(&self) -> CaseRef;
}

/// An input addressed to one case: its id, the version the caller saw
/// (optional), and the operation's own input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseOp<T> {
    pub case_id: i64,
    #[serde(default)]
    pub version: Option<i64>,
    pub input: T,
}

impl<T> CaseOp<T> {
    pub fn new(case_id: i64, input: T) -> CaseOp<T> {
        CaseOp {
            case_id,
            version: None,
            input,
        }
    }
    pub fn at_version(mut self, version: i64) -> CaseOp<T> {
        self.version = Some(version);
        self
    }
}

impl<T> CaseBound for CaseOp<T> {
    fn case_ref(&self) -> CaseRef {
        CaseRef {
            id: self.case_id,
            version: self.version,
        }
    }
}

/// Bytes (PDFs, workbooks, images, attachments) as base64 text in JSON.
#[derive(Clone, Default, PartialEq, Eq, TS)]
#[ts(type = "string")]
pub struct Bytes(pub Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use base64::Engine;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use base64::Engine;
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map(Bytes)
            .map_err(serde::de::Error::custom)
    }
}

/// The register, open: the one object every front end holds (the desktop
/// shell, the HTTP host, the command line, the tests). `Send + Sync`.
pub struct Desk {
    store: RwLock<Store>,
    clock: Arc<dyn Clock>,
    seats: Mutex<HashMap<String, session::Seat>>,
    /// Sessions kept across restarts (a host), or None (the desktop).
    kept_sessions: Mutex<Option<session::KeptSessions>>,
    fonts: Mutex<Option<Arc<DocFonts>>>,
    /// Writes committed by this process (seats poll it to reload).
    changes: std::sync::atomic::AtomicU64,
    /// The recent changes: (number, the cases changed; empty = anything).
    feed: Mutex<std::collections::VecDeque<(u64, Vec<i64>)>>,
}

/// What changed since a seat last looked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Changes {
    /// The latest change's number (send it back next time).
    pub seq: u64,
    /// The cases changed since (without repeats).
    pub cases: Vec<i64>,
    /// Something changed that is not one case (settings, users, a restore),
    /// or too much changed to list: reload everything.
    pub all: bool,
}

/// Changes kept for seats catching up.
const FEED_KEPT: usize = 1024;

impl Desk {
    /// Opens the register file at `path` (created and migrated as needed).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Desk> {
        let store = Store::open(path, None, clock.now())?;
        Ok(Desk::with_store(store, clock))
    }

    /// Opens an encrypted register with its passphrase.
    pub fn open_with_passphrase(
        path: &Path,
        clock: Arc<dyn Clock>,
        passphrase: &str,
    ) -> Result<Desk> {
        let store = Store::open(path, Some(passphrase), clock.now())?;
        Ok(Desk::with_store(store, clock))
    }

    /// A fresh register in memory (benchmarks).
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Desk> {
        let store = Store::open_in_memory(clock.now())?;
        Ok(Desk::with_store(store, clock))
    }

    fn with_store(store: Store, clock: Arc<dyn Clock>) -> Desk {
        Desk {
            store: RwLock::new(store),
            clock,
            seats: Mutex::new(HashMap::new()),
            kept_sessions: Mutex::new(None),
            fonts: Mutex::new(None),
            changes: std::sync::atomic::AtomicU64::new(0),
            feed: Mutex::new(std::collections::VecDeque::new()),
        }
    }

    /// Keeps the sessions of the seats whose name starts with `prefix` in
    /// a private file beside the register, so that they stay signed in
    /// when the host restarts. The host keeps its network seats; the
    /// desktop's own seat is never kept (a restarted app asks to sign in).
    pub fn keep_sessions(&self, prefix: &str) {
        if let Some(path) = self.path() {
            let file = store::files::beside(&path, "sessions");
            *self.kept_sessions.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(session::KeptSessions::load(file, prefix));
        }
    }

    /// Where the register file is (None in memory).
    pub fn path(&self) -> Option<PathBuf> {
        self.store().path().map(Path::to_path_buf)
    }

    /// Whether the register file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.store().key().is_some()
    }

    /// The settings the register's connection runs with (a diagnostic for
    /// tools and tests: no register data): foreign_keys, synchronous
    /// (2 = FULL), journal_mode.
    pub fn connection_settings(&self) -> Result<(i64, i64, String)> {
        self.store().with_writer(|c| {
            Ok((
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            ))
        })
    }

    /// Records a change (the write path calls it after each commit): the
    /// cases it touched, or none for a change of anything else.
    pub(crate) fn note_change(&self, cases: Vec<i64>) {
        let seq = self
            .changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let mut feed = self.feed.lock().unwrap_or_else(|p| p.into_inner());
        feed.push_back((seq, cases));
        while feed.len() > FEED_KEPT {
            feed.pop_front();
        }
    }

    /// What changed after change number `since` (0: from the start of this
    /// process). Seats poll or are pushed this to refresh what they show.
    pub fn changes_since(&self, since: u64) -> Changes {
        let seq = self.change_count();
        let feed = self.feed.lock().unwrap_or_else(|p| p.into_inner());
        let oldest = feed.front().map(|(s, _)| *s).unwrap_or(seq + 1);
        let mut cases: Vec<i64> = Vec::new();
        // Changes fell out of the feed, or the seat counted on an earlier
        // run of the host (which has since restarted): reload everything.
        let mut all = (since + 1 < oldest && since < seq) || since > seq;
        for (_, c) in feed.iter().filter(|(s, _)| *s > since) {
            if c.is_empty() {
                all = true;
            }
            for id in c {
                if !cases.contains(id) {
                    cases.push(*id);
                }
            }
        }
        Changes { seq, cases, all }
    }

    /// How many writes this process has committed (other seats poll it to
    /// know when to reload).
    pub fn change_count(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    fn store(&self) -> std::sync::RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Swaps the store (restore, encryption): waits for every call to end.
    fn store_mut(&self) -> std::sync::RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The account whose session this caller's seat holds, if any (from
    /// memory; the host lists its seats with it).
    pub fn seat_user(&self, caller: &Caller) -> Option<i64> {
        session::seat_user(self, caller)
    }

    /// The language of error messages for this caller's seat.
    pub fn lang(&self, caller: &Caller) -> Lang {
        session::seat_lang(self, caller)
    }

    /// The fonts documents are set in (loaded on first use, then kept).
    pub(crate) fn fonts(&self, conn: &Connection) -> Result<Arc<DocFonts>> {
        let mut slot = self.fonts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = slot.as_ref() {
            return Ok(f.clone());
        }
        let loaded = Arc::new(DocFonts::load_system(
            settings::font_override(conn)?.as_ref(),
        )?);
        *slot = Some(loaded.clone());
        Ok(loaded)
    }

    pub(crate) fn forget_fonts(&self) {
        *self.fonts.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Checks what `access` requires of the caller's session (signed in,
    /// not locked, the role) and returns the viewer. The case scope is
    /// checked in the write path, inside the transaction.
    fn enter(&self, caller: &Caller, access: Access) -> Result<Option<Viewer>> {
        session::enter(self, caller, access)
    }
}

/// What an operation runs with: the desk, the caller, the viewer the
/// session gave (None only for public and first-run operations), the
/// operation's declaration and, for operations on a case, that case.
pub(crate) struct Ctx<'a> {
    pub desk: &'a Desk,
    pub caller: &'a Caller,
    pub viewer: Option<Viewer>,
    pub op: &'static ops::OpSpec,
    pub case: Option<CaseRef>,
}

/// A read: a reader connection, the time, and who is looking.
pub(crate) struct Read<'a> {
    pub conn: &'a Connection,
    pub now: NaiveDateTime,
    pub viewer: Option<&'a Viewer>,
    pub desk: &'a Desk,
    pub store: &'a Store,
}

impl Read<'_> {
    /// The signed-in viewer (every read but the public ones has one).
    pub fn viewer(&self) -> Result<&Viewer> {
        self.viewer.ok_or_else(session::not_signed_in)
    }
    pub fn now_text(&self) -> String {
        store::fmt_time(self.now)
    }
}

/// One audit entry a write appends.
#[derive(Debug, Clone)]
pub(crate) struct Audit {
    pub case_id: Option<i64>,
    pub action: String,
    pub detail: serde_json::Value,
}

/// A write: the transaction, the time, who acts and from where; the audit
/// entries to append and the cases to refresh when it commits.
pub(crate) struct Write<'a> {
    pub tx: &'a Connection,
    pub now: NaiveDateTime,
    pub viewer: Option<&'a Viewer>,
    pub desk: &'a Desk,
    pub store: &'a Store,
    audits: Vec<Audit>,
    touched: BTreeSet<i64>,
    /// Cases already refreshed by [`Write::settle`].
    settled: BTreeSet<i64>,
    /// The policy and calendar deadlines are computed with, loaded once
    /// per write (None before the office is set up).
    derived: Option<Option<store::derived::Context>>,
    /// The actor's name when no one is signed in (first run, system).
    pub actor_name: String,
}

impl<'a> Write<'a> {
    pub fn now_text(&self) -> String {
        store::fmt_time(self.now)
    }

    /// The name written as the actor.
    pub fn actor(&self) -> &str {
        self.viewer
            .map(|v| v.name.as_str())
            .unwrap_or(&self.actor_name)
    }

    /// Records what this write did, for the audit trail (appended in this
    /// transaction). A write that records nothing gets one entry named
    /// after its operation.
    pub fn audit(&mut self, case_id: Option<i64>, action: &str, detail: serde_json::Value) {
        self.audits.push(Audit {
            case_id,
            action: action.to_string(),
            detail,
        });
        if let Some(id) = case_id {
            self.touched.insert(id);
        }
    }

    /// Marks a case changed (its version goes up and what is derived from
    /// it is refreshed when the write commits).
    pub fn touch(&mut self, case_id: i64) {
        self.touched.insert(case_id);
    }

    /// Refreshes a case this write changes no further now, while its pages
    /// are still in memory, instead of at the end (an import of 10,000
    /// cases would otherwise read every one of them back).
    pub fn settle(&mut self, case_id: i64) -> Result<()> {
        self.refresh(case_id)?;
        self.settled.insert(case_id);
        Ok(())
    }

    /// The version goes up; the search index and the deadlines follow.
    fn refresh(&mut self, case_id: i64) -> Result<()> {
        store::cases::touch(self.tx, case_id, &store::fmt_time(self.now))?;
        store::search::reindex_case(self.tx, case_id)?;
        if self.derived.is_none() {
            self.derived = Some(store::derived::Context::load(self.tx)?);
        }
        if let Some(Some(ctx)) = &self.derived {
            store::derived::refresh_with(self.tx, case_id, self.now, ctx)?;
        }
        Ok(())
    }
}

impl Ctx<'_> {
    pub fn viewer(&self) -> Result<&Viewer> {
        self.viewer.as_ref().ok_or_else(session::not_signed_in)
    }

    /// Runs a read as the viewer.
    pub fn read<T>(&self, f: impl FnOnce(&Read) -> Result<T>) -> Result<T> {
        let store = self.desk.store();
        let now = self.desk.now();
        store.read(|conn| {
            f(&Read {
                conn,
                now,
                viewer: self.viewer.as_ref(),
                desk: self.desk,
                store: &store,
            })
        })
    }

    /// The one write path: one transaction that checks the case (exists,
    /// version, the caller's standing as the operation declares), runs `f`,
    /// refreshes the touched cases and appends the audit entries with the
    /// actor and seat from the session. A write sent again with the same
    /// idempotency key is refused as already done (see `ops::call_json`).
    pub fn write<T>(&self, f: impl FnOnce(&mut Write) -> Result<T>) -> Result<T> {
        let store = self.desk.store();
        let now = self.desk.now();
        let viewer = self.viewer.as_ref();
        let seat = self.caller.seat_label();
        let key = idempotency_key(self.caller);
        let mut touched_cases: Vec<i64> = Vec::new();
        let out = store.write(|tx| {
            let at = store::fmt_time(now);
            if let Some(k) = key {
                if let Some(result) = write_done(tx, k, self.op.name)? {
                    return Err(DeskError::AlreadyDone { result });
                }
                tx.execute(
                    "INSERT INTO write_keys (key, op, user_id, at, result) VALUES (?1, ?2, ?3, ?4, '')",
                    rusqlite::params![k, self.op.name, viewer.map(|v| v.user_id).unwrap_or(0), at],
                )?;
                ops::KEY_TAKEN.with(|t| t.set(true));
            }
            if let (Some(case), Some(scope)) = (self.case, self.op.access.scope()) {
                let head = store::cases::head(tx, case.id)?;
                if let Some(v) = case.version {
                    if v != head.version {
                        return Err(stale(tx, &head)?);
                    }
                }
                let v = self.viewer()?;
                let standing = store::participants::standing(tx, case.id, v.user_id)?;
                roles::require_standing(v, scope, standing, &head.number)?;
            }
            let mut w = Write {
                tx,
                now,
                viewer,
                desk: self.desk,
                store: &store,
                audits: Vec::new(),
                touched: BTreeSet::new(),
                settled: BTreeSet::new(),
                derived: None,
                actor_name: "系统".into(),
            };
            if let Some(case) = self.case {
                w.touched.insert(case.id);
            }
            let out = f(&mut w)?;
            touched_cases = w.touched.iter().copied().collect();
            let unsettled: Vec<i64> = w.touched.difference(&w.settled).copied().collect();
            for id in unsettled {
                w.refresh(id)?;
            }
            let Write {
                audits,
                actor_name,
                ..
            } = w;
            let audits = if audits.is_empty() {
                vec![Audit {
                    case_id: self.case.map(|c| c.id),
                    action: self.op.name.to_string(),
                    detail: serde_json::json!({}),
                }]
            } else {
                audits
            };
            let actor = viewer.map(|v| v.name.clone()).unwrap_or(actor_name);
            for a in &audits {
                store::history::append(
                    tx,
                    &store::history::Entry {
                        case_id: a.case_id,
                        at: &at,
                        actor: &actor,
                        actor_id: viewer.map(|v| v.user_id),
                        seat: &seat,
                        action: &a.action,
                        detail: &a.detail.to_string(),
                    },
                )?;
            }
            Ok(out)
        })?;
        self.desk.note_change(touched_cases);
        Ok(out)
    }
}

fn idempotency_key(caller: &Caller) -> Option<&str> {
    caller
        .idempotency_key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100)
}

/// The stored result of a write already done with this idempotency key
/// ("" while its result was not yet stored).
fn write_done(tx: &Connection, key: &str, op: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .query_row(
            "SELECT result FROM write_keys WHERE key = ?1 AND op = ?2",
            rusqlite::params![key, op],
            |r| r.get(0),
        )
        .optional()?)
}

/// "This case was changed by 张督查 at 10:42 — reload."
fn stale(tx: &Connection, head: &store::cases::CaseHead) -> Result<DeskError> {
    let (who, when) = store::history::last_change(tx, head.id)?
        .unwrap_or_else(|| (String::new(), head.updated_at.clone()));
    let hm: String = when.chars().skip(11).take(5).collect();
    Ok(DeskError::refused(
        "stale",
        format!(
            "案件{}已由{}于{}修改，您看到的不是最新内容。请刷新后再操作；您填写的内容仍保留。",
            head.number,
            if who.is_empty() {
                "他人".to_string()
            } else {
                who.clone()
            },
            hm
        ),
        format!(
            "Case {} was changed by {} at {} — reload it and try again; what you typed is kept.",
            head.number,
            if who.is_empty() {
                "someone else".to_string()
            } else {
                who
            },
            hm
        ),
    ))
}
