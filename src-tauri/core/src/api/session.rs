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

fn seats(desk: &Desk) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Seat>> {
    desk.seats.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn seat_lang(desk: &Desk, caller: &Caller) -> Lang {
    if let Some(l) = seats(desk).get(&caller.seat).and_then(|s| s.lang) {
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
    seats(desk).entry(caller.seat.clone()).or_default().lang = Some(lang);
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
            let mut all = seats(desk);
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
            seats(desk).entry(caller.seat.clone()).or_default().session = None;
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
    let id = seats(desk)
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
        let session = seats(desk)
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
    seats(desk).entry(caller.seat.clone()).or_default().session = Some(Session {
        user_id,
        last_seen: desk.now(),
        locked: false,
    });
}

pub(crate) fn unbind(desk: &Desk, caller: &Caller) -> Option<i64> {
    seats(desk)
        .get_mut(&caller.seat)
        .and_then(|s| s.session.take())
        .map(|s| s.user_id)
}

pub(crate) fn lock(desk: &Desk, caller: &Caller) {
    if let Some(s) = seats(desk)
        .get_mut(&caller.seat)
        .and_then(|s| s.session.as_mut())
    {
        s.locked = true;
    }
}

/// The user signed in at the seat, locked or not.
pub(crate) fn seat_user(desk: &Desk, caller: &Caller) -> Option<i64> {
    seats(desk)
        .get(&caller.seat)
        .and_then(|s| s.session.as_ref())
        .map(|s| s.user_id)
}
