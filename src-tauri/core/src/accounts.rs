//! Users, roles and sign-in. Passwords are stored as Argon2id hashes; a
//! failed sign-in says the same whatever was wrong and repeated failures
//! are slowed down; a session locks after the idle time the office sets.
//! Every workflow action is allowed only to its roles ([`Perm`]).
//!
//! A register without any user (a register made before accounts existed, or
//! a test register) has no sign-in: the desktop app asks for the
//! administrator first, and nothing is refused until one exists.

use std::cell::Cell;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{DeskError, FieldError, Result};
use crate::register::{append_history, Register};

/// What a person does in the office. One person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Inspector,
    Reviewer,
    Leader,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Inspector,
        Role::Reviewer,
        Role::Leader,
        Role::Admin,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Inspector => "inspector",
            Role::Reviewer => "reviewer",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }
    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Clerk => "登记员",
            Role::Inspector => "督查员",
            Role::Reviewer => "部门负责人",
            Role::Leader => "分管领导",
            Role::Admin => "系统管理员",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Inspector => "inspector",
            Role::Reviewer => "reviewer (department head)",
            Role::Leader => "leader",
            Role::Admin => "administrator",
        }
    }
}

/// What an action needs. Each maps to the roles allowed to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perm {
    /// Register a case, keep intake drafts.
    RegisterCase,
    /// Accept, not accept, review and assign, escalate, reopen.
    Decide,
    /// Investigation: interviews, evidence, site checks, defence, findings,
    /// stopping the clock, links.
    Investigate,
    /// Approve or send back findings.
    Approve,
    /// Extend a deadline.
    Extend,
    /// Reply, follow up, send the not-accepted notice, archive.
    Close,
    /// Issue and reprint documents.
    IssueDocuments,
    /// Propose a reward, record a publication consent.
    ProposeReward,
    /// Approve or refuse a reward; confirm or dismiss accountability flags;
    /// record violations (penalties).
    DecidePenaltiesAndRewards,
    /// Record that an approved reward was paid.
    PayReward,
    /// Users, settings, policy, templates, calendar, backups, personal-data
    /// requests, anonymisation.
    Administer,
}

impl Perm {
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Perm::RegisterCase => &[Clerk],
            Perm::Decide => &[Reviewer, Leader],
            Perm::Investigate => &[Inspector, Reviewer],
            Perm::Approve => &[Leader],
            Perm::Extend => &[Reviewer, Leader],
            Perm::Close => &[Clerk, Inspector, Reviewer],
            Perm::IssueDocuments => &[Clerk, Inspector, Reviewer, Leader],
            Perm::ProposeReward => &[Inspector, Reviewer],
            Perm::DecidePenaltiesAndRewards => &[Leader],
            Perm::PayReward => &[Clerk, Leader],
            Perm::Administer => &[Admin],
        }
    }
    fn label(self) -> (&'static str, &'static str) {
        match self {
            Perm::RegisterCase => ("登记案件", "register a case"),
            Perm::Decide => (
                "受理、审核分派、上报或重新办理",
                "accept, review and assign, escalate or reopen",
            ),
            Perm::Investigate => ("调查取证和调查结论", "investigate and write findings"),
            Perm::Approve => ("审批调查结论", "approve findings"),
            Perm::Extend => ("延长办理期限", "extend a deadline"),
            Perm::Close => ("答复、回访和归档", "reply, follow up and archive"),
            Perm::IssueDocuments => ("出具文书", "issue documents"),
            Perm::ProposeReward => ("提出奖励建议", "propose a reward"),
            Perm::DecidePenaltiesAndRewards => ("审批奖励和处罚", "approve rewards and penalties"),
            Perm::PayReward => ("登记奖励发放", "record a reward payment"),
            Perm::Administer => ("系统管理", "administer the register"),
        }
    }
}

/// A user as everyone may see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    /// The name written on cases and documents (unique).
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: String,
}

impl UserView {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A new user (the first one becomes the administrator).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
}

/// A change to a user; `password` empty = unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UserUpdate {
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub password: String,
}

/// The signed-in user of this register handle.
#[derive(Debug)]
pub(crate) struct Session {
    user: UserView,
    last_seen: Cell<NaiveDateTime>,
    locked: Cell<bool>,
}

/// Where the app stands with sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionState {
    /// Users exist: sign-in is required.
    pub accounts: bool,
    pub user: Option<UserView>,
    pub locked: bool,
    pub idle_lock_minutes: u32,
}

/// Failures before sign-in is slowed down.
const FREE_FAILURES: i64 = 3;
/// The longest wait after repeated failures.
const MAX_WAIT_SECS: i64 = 15 * 60;
/// The idle time after which a session locks, unless the office sets another.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

fn sign_in_failed() -> DeskError {
    DeskError::refused(
        "sign_in_failed",
        "用户名或密码不正确。请检查后重试；忘记密码请联系系统管理员重置。",
        "The user name or password is not right. Check them and try again; if you forgot the password, ask the administrator to reset it.",
    )
}

/// The wait (seconds) before the next attempt after `failures` failures.
pub fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let steps = (failures - FREE_FAILURES).min(20) as u32;
    (5_i64 << steps).min(MAX_WAIT_SECS)
}

fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| DeskError::Internal(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| DeskError::Internal(e.to_string()))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| DeskError::Internal(e.to_string()))?
        .to_string())
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn check_password(field: &str, password: &str, errors: &mut Vec<FieldError>) {
    let n = password.chars().count();
    if !(8..=128).contains(&n) {
        errors.push(FieldError::new(
            field,
            "weak_password",
            "密码需要8至128个字符。",
            "The password needs 8 to 128 characters.",
        ));
    }
}

fn check_roles(roles: &[Role], errors: &mut Vec<FieldError>) {
    if roles.is_empty() {
        errors.push(FieldError::new(
            "roles",
            "required",
            "请至少选择一个角色。",
            "Choose at least one role.",
        ));
    }
}

fn check_display_name(name: &str, errors: &mut Vec<FieldError>) {
    let n = name.chars().count();
    if n == 0 || n > 30 || name.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "display_name",
            "invalid",
            "请填写姓名（最多30个字），它会写在案件和文书上。",
            "Enter the person's name (at most 30 characters); it is written on cases and documents.",
        ));
    }
}

fn not_signed_in() -> DeskError {
    DeskError::refused("not_signed_in", "请先登录。", "Sign in first.")
}

fn display_name_taken() -> FieldError {
    FieldError::new(
        "display_name",
        "taken",
        "已有同名用户；请加上区分，例如“王芳（财务科）”。",
        "A user has this name already; add something to tell them apart.",
    )
}

fn roles_text(roles: &[Role]) -> String {
    let mut r: Vec<Role> = roles.to_vec();
    r.sort();
    r.dedup();
    r.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn parse_roles(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::from_code).collect()
}

const USER_COLUMNS: &str = "id, username, display_name, roles, active, created_at";

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<UserView> {
    Ok(UserView {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        roles: parse_roles(&r.get::<_, String>(3)?),
        active: r.get::<_, i64>(4)? != 0,
        created_at: r.get(5)?,
    })
}

impl Register {
    /// Whether sign-in is in force (at least one user exists).
    pub fn accounts_enabled(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// The minutes of inactivity after which a session locks (0 = never).
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        Ok(self
            .setting("idle_lock_minutes")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    pub fn session_state(&self) -> Result<SessionState> {
        let locked = self
            .session
            .as_ref()
            .is_some_and(|s| s.locked.get() || self.idle_expired(s).unwrap_or(false));
        Ok(SessionState {
            accounts: self.accounts_enabled()?,
            user: self.session.as_ref().map(|s| s.user.clone()),
            locked,
            idle_lock_minutes: self.idle_lock_minutes()?,
        })
    }

    /// The signed-in user, if any.
    pub fn current_user(&self) -> Option<&UserView> {
        self.session.as_ref().map(|s| &s.user)
    }

    /// The name written as the actor of what this handle does: the signed-in
    /// user's name, else `fallback` (registers without accounts).
    pub fn actor_name(&self, fallback: &str) -> String {
        self.current_user()
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| fallback.to_string())
    }

    fn idle_expired(&self, s: &Session) -> Result<bool> {
        let minutes = self.idle_lock_minutes()?;
        Ok(minutes > 0
            && self.clock.now() - s.last_seen.get() > chrono::Duration::minutes(minutes as i64))
    }

    /// Checks that the signed-in user may do `perm`; refreshes the idle timer.
    pub fn authorize(&self, perm: Perm) -> Result<()> {
        let user = self.signed_in()?;
        if perm.roles().iter().any(|r| user.has(*r)) {
            return Ok(());
        }
        let (what_zh, what_en) = perm.label();
        let zh_roles: Vec<&str> = perm.roles().iter().map(|r| r.label_zh()).collect();
        let en_roles: Vec<&str> = perm.roles().iter().map(|r| r.label_en()).collect();
        Err(DeskError::refused(
            "forbidden",
            format!(
                "{}没有“{what_zh}”的权限：只有{}可以这样做。如需办理，请联系系统管理员分配角色。",
                user.display_name,
                zh_roles.join("、")
            ),
            format!(
                "{} may not {what_en}: only a {} may. Ask the administrator for the role if you need it.",
                user.display_name,
                en_roles.join(" or ")
            ),
        ))
    }

    /// The signed-in, unlocked user — or `None` on a register without
    /// accounts. Refreshes the idle timer.
    pub(crate) fn viewer(&self) -> Result<Option<&UserView>> {
        if self.session.is_none() && !self.accounts_enabled()? {
            return Ok(None);
        }
        self.signed_in().map(Some)
    }

    fn signed_in(&self) -> Result<&UserView> {
        let Some(s) = self.session.as_ref() else {
            if !self.accounts_enabled()? {
                // No accounts yet: nothing to check against. The app asks for
                // the administrator before anything else.
                return Err(DeskError::refused(
                    "accounts_not_ready",
                    "还没有用户：请先创建系统管理员。",
                    "There are no users yet: create the administrator first.",
                ));
            }
            return Err(not_signed_in());
        };
        if s.locked.get() || self.idle_expired(s)? {
            s.locked.set(true);
            return Err(DeskError::refused(
                "session_locked",
                "长时间未操作，已锁定。请输入密码解锁，未保存的内容不会丢失。",
                "The session locked after being idle. Enter your password to unlock; nothing you typed is lost.",
            ));
        }
        s.last_seen.set(self.clock.now());
        Ok(&s.user)
    }

    /// Like `authorize`, but a register without accounts allows everything.
    pub(crate) fn allow(&self, perm: Perm) -> Result<()> {
        if self.session.is_none() && !self.accounts_enabled()? {
            return Ok(());
        }
        self.authorize(perm)
    }

    pub fn users(&self) -> Result<Vec<UserView>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY active DESC, display_name"
        ))?;
        let v = st
            .query_map([], user_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    fn user_by_id(&self, id: i64) -> Result<UserView> {
        self.conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
                [id],
                user_row,
            )
            .optional()?
            .ok_or(DeskError::NotFound {
                what: "user",
                key: id.to_string(),
            })
    }

    /// Adds a user. The first user may be added by anyone (first run) and
    /// always becomes an administrator; later ones only by an administrator.
    pub fn create_user(&mut self, u: &NewUser, actor: &str) -> Result<UserView> {
        let first = !self.accounts_enabled()?;
        if !first {
            self.authorize(Perm::Administer)?;
        }
        let username = u.username.trim();
        let display = u.display_name.trim();
        let mut errors = Vec::new();
        let n = username.chars().count();
        if n == 0
            || n > 32
            || username
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            errors.push(FieldError::new(
                "username",
                "invalid",
                "请填写登录名：1至32个字符，不含空格。",
                "Enter a user name: 1 to 32 characters, no spaces.",
            ));
        }
        check_display_name(display, &mut errors);
        check_password("password", &u.password, &mut errors);
        let mut roles = u.roles.clone();
        if first && !roles.contains(&Role::Admin) {
            roles.push(Role::Admin);
        }
        check_roles(&roles, &mut errors);
        let taken = |sql: &str, v: &str| -> Result<bool> {
            Ok(self.conn.query_row(sql, [v], |r| r.get(0))?)
        };
        if errors.is_empty() {
            if taken(
                "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)",
                username,
            )? {
                errors.push(FieldError::new(
                    "username",
                    "taken",
                    "这个登录名已有人使用，请换一个。",
                    "This user name is taken; choose another.",
                ));
            }
            if taken(
                "SELECT EXISTS (SELECT 1 FROM users WHERE display_name = ?1)",
                display,
            )? {
                errors.push(display_name_taken());
            }
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        let hash = hash_password(&u.password)?;
        let now = self.now_text();
        let actor = if first { display } else { actor };
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO users (username, display_name, roles, password_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![username, display, roles_text(&roles), hash, now],
        )?;
        let id = tx.last_insert_rowid();
        append_history(
            &tx,
            None,
            &now,
            actor,
            "user_created",
            &serde_json::json!({"username": username, "display_name": display, "roles": roles}),
        )?;
        tx.commit()?;
        self.user_by_id(id)
    }

    /// Changes a user's name, roles, active flag or password (administrator).
    pub fn update_user(&mut self, id: i64, u: &UserUpdate, actor: &str) -> Result<UserView> {
        self.authorize(Perm::Administer)?;
        let before = self.user_by_id(id)?;
        let display = u.display_name.trim();
        let mut errors = Vec::new();
        check_display_name(display, &mut errors);
        check_roles(&u.roles, &mut errors);
        if !u.password.is_empty() {
            check_password("password", &u.password, &mut errors);
        }
        let other_admins: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM users WHERE active = 1 AND id <> ?1 AND ',' || roles || ',' LIKE '%,admin,%'",
            [id],
            |r| r.get(0),
        )?;
        if other_admins == 0 && (!u.active || !u.roles.contains(&Role::Admin)) {
            errors.push(FieldError::new(
                "roles",
                "last_admin",
                "这是唯一的系统管理员，不能停用或取消其管理员角色；请先指定另一位管理员。",
                "This is the only administrator; make someone else administrator first.",
            ));
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET display_name = ?2, roles = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, display, roles_text(&u.roles), u.active, now],
        )
        .map_err(|e| match DeskError::from(e) {
            DeskError::Db(m) if m.contains("UNIQUE") => {
                DeskError::Validation(vec![display_name_taken()])
            }
            other => other,
        })?;
        if !u.password.is_empty() {
            tx.execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                params![id, hash_password(&u.password)?],
            )?;
        }
        append_history(
            &tx,
            None,
            &now,
            actor,
            "user_changed",
            &serde_json::json!({
                "username": before.username,
                "display_name": display,
                "roles": u.roles,
                "active": u.active,
                "password_reset": !u.password.is_empty(),
            }),
        )?;
        tx.commit()?;
        self.user_by_id(id)
    }

    /// Signs in. Wrong user name, wrong password and a disabled user all get
    /// the same answer; after a few failures each name must wait, longer each
    /// time, whether or not such a user exists.
    pub fn sign_in(&mut self, username: &str, password: &str) -> Result<UserView> {
        let key = username.trim().to_lowercase();
        let now = self.clock.now();
        let failures: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT failures, last_at FROM sign_in_failures WHERE name = ?1",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((n, last)) = &failures {
            let wait = wait_after(*n);
            if let Some(last) = crate::validate::parse_local_time(last) {
                let left = (last + chrono::Duration::seconds(wait) - now).num_seconds();
                if left > 0 {
                    return Err(DeskError::refused(
                        "sign_in_wait",
                        format!("登录失败次数过多，请在{left}秒后再试。"),
                        format!("Too many failed sign-ins; try again in {left} seconds."),
                    ));
                }
            }
        }
        let row: Option<(UserView, String)> = self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?1"),
                [username.trim()],
                |r| Ok((user_row(r)?, r.get(6)?)),
            )
            .optional()?;
        // Verify against a real hash even for an unknown name, so the time
        // taken does not tell whether the name exists.
        let ok = match &row {
            Some((u, hash)) => password_matches(hash, password) && u.active,
            None => {
                let _ = password_matches(dummy_hash(), password);
                false
            }
        };
        let at = self.now_text();
        if !ok {
            self.conn.execute(
                "INSERT INTO sign_in_failures (name, failures, last_at) VALUES (?1, 1, ?2)
                 ON CONFLICT (name) DO UPDATE SET failures = failures + 1, last_at = excluded.last_at",
                params![key, at],
            )?;
            append_history(
                &self.conn,
                None,
                &at,
                username.trim(),
                "sign_in_failed",
                &serde_json::json!({}),
            )?;
            return Err(sign_in_failed());
        }
        let (user, _) = row.expect("checked above");
        self.conn
            .execute("DELETE FROM sign_in_failures WHERE name = ?1", [&key])?;
        append_history(
            &self.conn,
            None,
            &at,
            &user.display_name,
            "signed_in",
            &serde_json::json!({"username": user.username}),
        )?;
        self.session = Some(Session {
            user: user.clone(),
            last_seen: Cell::new(now),
            locked: Cell::new(false),
        });
        Ok(user)
    }

    pub fn sign_out(&mut self) -> Result<()> {
        if let Some(s) = self.session.take() {
            let at = self.now_text();
            append_history(
                &self.conn,
                None,
                &at,
                &s.user.display_name,
                "signed_out",
                &serde_json::json!({}),
            )?;
        }
        Ok(())
    }

    /// Locks the session now (the user steps away).
    pub fn lock(&self) {
        if let Some(s) = &self.session {
            s.locked.set(true);
        }
    }

    /// Unlocks a locked session with the signed-in user's password.
    pub fn unlock(&mut self, password: &str) -> Result<UserView> {
        let Some(user) = self.current_user().cloned() else {
            return Err(not_signed_in());
        };
        self.sign_in(&user.username, password)
    }
}

/// An Argon2id hash of nothing anyone types, checked for unknown names.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("\u{0}no such user\u{0}").unwrap_or_default())
}
