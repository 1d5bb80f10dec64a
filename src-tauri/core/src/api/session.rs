//! Seats and sessions: who is signed in at each seat, the idle lock, the
//! sign-in back-off (per name and per address), and the check every
//! operation passes before it runs.

use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

use crate::api::accounts::UserView;
use crate::api::{Caller, Desk};
use crate::domain::roles::{self, Access, Viewer};
use crate::error::{DeskError, Lang, Result};
use crate::store::{self, settings, users};

/// One seat: its language and, once signed in, its session.
#[derive(Debug, Default)]
pub(crate) struct Seat {
    pub lang: Option<Lang>,
    pub session: Option<Session>,
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user_id: i64,
    pub last_seen: NaiveDateTime,
    pub locked: bool,
}

/// Where the seat stands with sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionState {
    /// Users exist: sign-in is required.
    pub accounts: bool,
    pub user: Option<UserView>,
    pub locked: bool,
    pub idle_lock_minutes: u32,
    pub lang: Lang,
    /// The operations the signed-in user's roles allow (before any case's
    /// own rules): the UI shows what the core says, and keeps no role table.
    pub may: Vec<String>,
}

/// Failures before sign-in is slowed down.
const FREE_FAILURES: i64 = 3;
/// The longest wait after repeated failures.
const MAX_WAIT_SECS: i64 = 15 * 60;
/// The idle time after which a session locks, unless the office sets another.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// The wait (seconds) before the next attempt after `failures` failures.
pub fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let steps = (failures - FREE_FAILURES).min(20) as u32;
    (5_i64 << steps).min(MAX_WAIT_SECS)
}

pub(crate) fn not_signed_in() -> DeskError {
    DeskError::refused("not_signed_in", "请先登录。", "Sign in first.")
}

fn locked() -> DeskError {
    DeskError::refused(
        "session_locked",
        "长时间未操作，已锁定。请输入密码解锁，未保存的内容不会丢失。",
        "The session locked after being idle. Enter your password to unlock; nothing you typed is lost.",
    )
}

/// The seats, with the caller's seat restored from the kept sessions if
/// the host kept one for it before a restart.
fn seats<'a>(
    desk: &'a Desk,
    seat: &str,
) -> std::sync::MutexGuard<'a, std::collections::HashMap<String, Seat>> {
    let mut all = desk.seats.lock().unwrap_or_else(|p| p.into_inner());
    if !all.contains_key(seat) {
        let mut kept = desk.kept_sessions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.as_mut() {
            if let Some(restored) = k.take(seat, desk.now()) {
                all.insert(seat.to_string(), restored);
            }
        }
    }
    all
}

/// Sessions a host keeps across restarts, in a private file beside the
/// register: a seat signed in before the host went down is still signed
/// in after it (its idle timer starts again). Only a hash of each seat's
/// cookie is kept, never the cookie.
pub(crate) struct KeptSessions {
    path: std::path::PathBuf,
    /// Only seats whose name starts with this are kept (the host's seats).
    prefix: String,
    /// Sessions read at start whose seat has not come back yet.
    waiting: std::collections::HashMap<String, KeptSession>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct KeptSession {
    user_id: Option<i64>,
    locked: bool,
    lang: Option<String>,
}

fn seat_hash(seat: &str) -> String {
    store::history::sha256_hex(seat.as_bytes())
}

impl KeptSessions {
    /// The sessions kept in `path` (none if the file is missing or unreadable).
    pub(crate) fn load(path: std::path::PathBuf, prefix: &str) -> KeptSessions {
        let waiting = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        KeptSessions {
            path,
            prefix: prefix.to_string(),
            waiting,
        }
    }

    fn take(&mut self, seat: &str, now: NaiveDateTime) -> Option<Seat> {
        if !seat.starts_with(&self.prefix) {
            return None;
        }
        let k = self.waiting.remove(&seat_hash(seat))?;
        Some(Seat {
            lang: k.lang.as_deref().and_then(Lang::from_code),
            session: k.user_id.map(|user_id| Session {
                user_id,
                last_seen: now,
                locked: k.locked,
            }),
        })
    }
}

/// Writes the kept sessions after a seat signed in or out, locked or
/// changed its language (nothing when the register does not keep them).
fn persist(desk: &Desk) {
    // The same order as `seats`: the seats, then the kept sessions.
    let all = desk.seats.lock().unwrap_or_else(|p| p.into_inner());
    let kept = desk.kept_sessions.lock().unwrap_or_else(|p| p.into_inner());
    let Some(k) = kept.as_ref() else { return };
    let mut out = k.waiting.clone();
    for (seat, s) in all.iter() {
        if !seat.starts_with(&k.prefix) {
            continue;
        }
        if s.session.is_none() && s.lang.is_none() {
            out.remove(&seat_hash(seat));
            continue;
        }
        out.insert(
            seat_hash(seat),
            KeptSession {
                user_id: s.session.as_ref().map(|x| x.user_id),
                locked: s.session.as_ref().is_some_and(|x| x.locked),
                lang: s.lang.map(|l| l.code().to_string()),
            },
        );
    }
    if let Ok(bytes) = serde_json::to_vec(&out) {
        // A session not kept only means signing in again after a restart.
        let _ = store::files::write_private(&k.path, &bytes);
    }
}

pub(crate) fn seat_lang(desk: &Desk, caller: &Caller) -> Lang {
    if let Some(l) = seats(desk, &caller.seat)
        .get(&caller.seat)
        .and_then(|s| s.lang)
    {
        return l;
    }
    desk.store()
        .read(|c| settings::get(c, "lang"))
        .ok()
        .flatten()
        .and_then(|l| Lang::from_code(&l))
        .unwrap_or_default()
}

pub(crate) fn set_lang(desk: &Desk, caller: &Caller, lang: Lang) {
    seats(desk, &caller.seat)
        .entry(caller.seat.clone())
        .or_default()
        .lang = Some(lang);
    persist(desk);
}

fn idle_minutes(conn: &rusqlite::Connection) -> Result<u32> {
    settings::number(conn, "idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)
}

/// The check before every operation: what its access requires of the
/// caller's session. Refreshes the idle timer of a session that passes.
pub(crate) fn enter(desk: &Desk, caller: &Caller, access: Access) -> Result<Option<Viewer>> {
    let store = desk.store();
    let now = desk.now();
    store.read(|conn| {
        let accounts = users::any(conn)?;
        match access {
            Access::Public => return current_viewer(desk, conn, caller),
            Access::FirstRun => {
                if accounts {
                    return Err(DeskError::refused(
                        "accounts_exist",
                        "本登记簿已有用户，初次设置已完成。请登录。",
                        "This register has users already; first-run setup is over. Sign in.",
                    ));
                }
                return Ok(None);
            }
            _ => {}
        }
        if !accounts {
            return Err(DeskError::refused(
                "accounts_not_ready",
                "还没有用户：请先创建系统管理员。",
                "There are no users yet: create the administrator first.",
            ));
        }
        let minutes = idle_minutes(conn)?;
        let user_id = {
            let mut all = seats(desk, &caller.seat);
            let seat = all.entry(caller.seat.clone()).or_default();
            let Some(s) = seat.session.as_mut() else {
                return Err(not_signed_in());
            };
            let idle =
                minutes > 0 && now - s.last_seen > chrono::Duration::minutes(i64::from(minutes));
            if s.locked || idle {
                s.locked = true;
                return Err(locked());
            }
            s.last_seen = now;
            s.user_id
        };
        let user = users::by_id(conn, user_id)?;
        if !user.active {
            seats(desk, &caller.seat)
                .entry(caller.seat.clone())
                .or_default()
                .session = None;
            persist(desk);
            return Err(not_signed_in());
        }
        let viewer = Viewer {
            user_id: user.id,
            name: user.display_name,
            roles: user.roles,
        };
        if let Some(perm) = access.perm() {
            roles::require(&viewer, perm, &store::settings::access_rules(conn)?)?;
        }
        Ok(Some(viewer))
    })
}

/// The seat's signed-in, unlocked user, if any (no idle refresh).
fn current_viewer(
    desk: &Desk,
    conn: &rusqlite::Connection,
    caller: &Caller,
) -> Result<Option<Viewer>> {
    let id = seats(desk, &caller.seat)
        .get(&caller.seat)
        .and_then(|s| s.session.as_ref())
        .filter(|s| !s.locked)
        .map(|s| s.user_id);
    let Some(id) = id else { return Ok(None) };
    let u = users::by_id(conn, id)?;
    Ok(u.active.then_some(Viewer {
        user_id: u.id,
        name: u.display_name,
        roles: u.roles,
    }))
}

pub(crate) fn state(desk: &Desk, caller: &Caller) -> Result<SessionState> {
    let now = desk.now();
    let lang = seat_lang(desk, caller);
    desk.store().read(|conn| {
        let minutes = idle_minutes(conn)?;
        let session = seats(desk, &caller.seat)
            .get(&caller.seat)
            .and_then(|s| s.session.clone());
        let (user, locked) = match session {
            Some(s) => {
                let idle = minutes > 0
                    && now - s.last_seen > chrono::Duration::minutes(i64::from(minutes));
                let u = users::by_id(conn, s.user_id).ok();
                (u.map(UserView::from), s.locked || idle)
            }
            None => (None, false),
        };
        let rules = settings::access_rules(conn)?;
        let may = match &user {
            Some(u) if !locked && u.active => {
                let viewer = Viewer {
                    user_id: u.id,
                    name: u.display_name.clone(),
                    roles: u.roles.clone(),
                };
                crate::api::ops::OPERATIONS
                    .iter()
                    .filter(|o| match o.access {
                        Access::FirstRun => false,
                        other => other.perm().is_none_or(|p| viewer.holds(p, &rules)),
                    })
                    .map(|o| o.name.to_string())
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(SessionState {
            accounts: users::any(conn)?,
            user,
            locked,
            idle_lock_minutes: minutes,
            lang,
            may,
        })
    })
}

/// Binds a session for `user_id` to the caller's seat.
pub(crate) fn bind(desk: &Desk, caller: &Caller, user_id: i64) {
    seats(desk, &caller.seat)
        .entry(caller.seat.clone())
        .or_default()
        .session = Some(Session {
        user_id,
        last_seen: desk.now(),
        locked: false,
    });
    persist(desk);
}

pub(crate) fn unbind(desk: &Desk, caller: &Caller) -> Option<i64> {
    let user = seats(desk, &caller.seat)
        .get_mut(&caller.seat)
        .and_then(|s| s.session.take())
        .map(|s| s.user_id);
    persist(desk);
    user
}

pub(crate) fn lock(desk: &Desk, caller: &Caller) {
    if let Some(s) = seats(desk, &caller.seat)
        .get_mut(&caller.seat)
        .and_then(|s| s.session.as_mut())
    {
        s.locked = true;
    }
    persist(desk);
}

/// The user signed in at the seat, locked or not.
pub(crate) fn seat_user(desk: &Desk, caller: &Caller) -> Option<i64> {
    seats(desk, &caller.seat)
        .get(&caller.seat)
        .and_then(|s| s.session.as_ref())
        .map(|s| s.user_id)
}
