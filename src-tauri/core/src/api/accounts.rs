//! Users and sign-in. Passwords are stored as Argon2id hashes; a failed
//! sign-in says the same whatever was wrong (unknown name, wrong password,
//! disabled account), and repeated failures slow down each name and each
//! address, whether or not the name exists.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::session::{self, wait_after, SessionState};
use crate::api::Ctx;
use crate::domain::roles::{AccessRules, Role};
use crate::error::{DeskError, FieldError, Lang, Result};
use crate::store::users::{self, UserRow};
use crate::store::{self, settings};

/// A user as everyone may see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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

impl From<UserRow> for UserView {
    fn from(u: UserRow) -> Self {
        UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            roles: u.roles,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// A new user (the first one becomes the administrator).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
}

/// A change to a user; `password` empty = unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct UserUpdate {
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub password: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Unlock {
    pub password: String,
}

fn sign_in_failed() -> DeskError {
    DeskError::refused(
        "sign_in_failed",
        "用户名或密码不正确。请检查后重试；忘记密码请联系系统管理员重置。",
        "The user name or password is not right. Check them and try again; if you forgot the password, ask the administrator to reset it.",
    )
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
    // Passwords are at most 128 characters; a longer input is never right,
    // and is not hashed (bounded work for any input).
    password.chars().count() <= 128
        && PasswordHash::new(hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
}

/// An Argon2id hash of nothing anyone types, checked for unknown names.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("\u{0}no such user\u{0}").unwrap_or_default())
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

fn display_name_taken() -> FieldError {
    FieldError::new(
        "display_name",
        "taken",
        "已有同名用户；请加上区分，例如“王芳（财务科）”。",
        "A user has this name already; add something to tell them apart.",
    )
}

pub(crate) fn session_state(ctx: &Ctx, _: ()) -> Result<SessionState> {
    session::state(ctx.desk, ctx.caller)
}

/// The seat's language (messages and the UI); stays with the seat.
pub(crate) fn set_language(ctx: &Ctx, lang: Lang) -> Result<SessionState> {
    session::set_lang(ctx.desk, ctx.caller, lang);
    session::state(ctx.desk, ctx.caller)
}

/// Everyone may see who works in the office (to pick a reviewer or
/// inspectors); login names only to the administrator.
pub(crate) fn list_users(ctx: &Ctx, _: ()) -> Result<Vec<UserView>> {
    let admin = ctx.viewer()?.has(Role::Admin);
    ctx.read(|r| {
        Ok(users::all(r.conn)?
            .into_iter()
            .map(|u| {
                let mut v = UserView::from(u);
                if !admin {
                    v.username = String::new();
                }
                v
            })
            .collect())
    })
}

fn validate_new(conn: &rusqlite::Connection, u: &NewUser, roles: &[Role]) -> Result<()> {
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
    check_roles(roles, &mut errors);
    if errors.is_empty() {
        if users::username_taken(conn, username)? {
            errors.push(FieldError::new(
                "username",
                "taken",
                "这个登录名已有人使用，请换一个。",
                "This user name is taken; choose another.",
            ));
        }
        if users::display_name_taken(conn, display, None)? {
            errors.push(display_name_taken());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DeskError::Validation(errors))
    }
}

/// First run: the administrator, who is signed in at once.
pub(crate) fn create_first_admin(ctx: &Ctx, u: NewUser) -> Result<SessionState> {
    let mut roles = u.roles.clone();
    if !roles.contains(&Role::Admin) {
        roles.push(Role::Admin);
    }
    let hash = hash_password(&u.password)?;
    let id = ctx.write(|w| {
        if users::any(w.tx)? {
            return Err(DeskError::refused(
                "accounts_exist",
                "本登记簿已有用户，初次设置已完成。请登录。",
                "This register has users already; first-run setup is over. Sign in.",
            ));
        }
        validate_new(w.tx, &u, &roles)?;
        let display = u.display_name.trim();
        let id = users::insert(w.tx, u.username.trim(), display, &roles, &hash, &w.now_text())?;
        w.actor_name = display.to_string();
        w.audit(
            None,
            "user_created",
            serde_json::json!({"username": u.username.trim(), "display_name": display, "roles": roles}),
        );
        Ok(id)
    })?;
    session::bind(ctx.desk, ctx.caller, id);
    session::state(ctx.desk, ctx.caller)
}

pub(crate) fn create_user(ctx: &Ctx, u: NewUser) -> Result<UserView> {
    // Checked before hashing, so a bad form costs nothing.
    ctx.read(|r| validate_new(r.conn, &u, &u.roles))?;
    let hash = hash_password(&u.password)?;
    let id = ctx.write(|w| {
        validate_new(w.tx, &u, &u.roles)?;
        let display = u.display_name.trim();
        let id = users::insert(w.tx, u.username.trim(), display, &u.roles, &hash, &w.now_text())?;
        w.audit(
            None,
            "user_created",
            serde_json::json!({"username": u.username.trim(), "display_name": display, "roles": u.roles}),
        );
        Ok(id)
    })?;
    ctx.read(|r| Ok(UserView::from(users::by_id(r.conn, id)?)))
}

/// Changes a user's name, roles, active flag or password. Access to cases
/// follows the account, so a renamed user keeps theirs and nobody else gains it.
pub(crate) fn update_user(ctx: &Ctx, u: UserUpdate) -> Result<UserView> {
    let display = u.display_name.trim().to_string();
    let mut errors = Vec::new();
    check_display_name(&display, &mut errors);
    check_roles(&u.roles, &mut errors);
    if !u.password.is_empty() {
        check_password("password", &u.password, &mut errors);
    }
    if !errors.is_empty() {
        return Err(DeskError::Validation(errors));
    }
    let hash = if u.password.is_empty() {
        None
    } else {
        Some(hash_password(&u.password)?)
    };
    ctx.write(|w| {
        let before = users::by_id(w.tx, u.id)?;
        let mut errors = Vec::new();
        if users::display_name_taken(w.tx, &display, Some(u.id))? {
            errors.push(display_name_taken());
        }
        if users::other_admins(w.tx, u.id)? == 0 && (!u.active || !u.roles.contains(&Role::Admin)) {
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
        users::update(w.tx, u.id, &display, &u.roles, u.active, &w.now_text())?;
        if let Some(h) = &hash {
            users::set_password(w.tx, u.id, h)?;
        }
        w.audit(
            None,
            "user_changed",
            serde_json::json!({
                "username": before.username,
                "display_name": display,
                "roles": u.roles,
                "active": u.active,
                "password_reset": hash.is_some(),
            }),
        );
        Ok(())
    })?;
    ctx.read(|r| Ok(UserView::from(users::by_id(r.conn, u.id)?)))
}

/// Signs in at the caller's seat. After a few failures each name and each
/// address must wait, longer each time, whether or not the name exists.
pub(crate) fn sign_in(ctx: &Ctx, input: SignIn) -> Result<SessionState> {
    let now = ctx.desk.now();
    let at = store::fmt_time(now);
    let name_key = format!(
        "name:{}",
        input
            .username
            .trim()
            .chars()
            .take(64)
            .collect::<String>()
            .to_lowercase()
    );
    let addr_key = format!("addr:{}", ctx.caller.address);
    let keys = [name_key, addr_key];
    ctx.read(|r| {
        for key in &keys {
            if let Some((n, last)) = users::failures(r.conn, key)? {
                if let Some(last) = crate::domain::validate::parse_local_time(&last) {
                    let left =
                        (last + chrono::Duration::seconds(wait_after(n)) - now).num_seconds();
                    if left > 0 {
                        return Err(DeskError::refused(
                            "sign_in_wait",
                            format!("登录失败次数过多，请在{left}秒后再试。"),
                            format!("Too many failed sign-ins; try again in {left} seconds."),
                        ));
                    }
                }
            }
        }
        Ok(())
    })?;
    let row = ctx.read(|r| users::by_username(r.conn, input.username.trim()))?;
    // Verify against a real hash even for an unknown name, so the time
    // taken does not tell whether the name exists.
    let ok = match &row {
        Some((u, hash)) => password_matches(hash, &input.password) && u.active,
        None => {
            let _ = password_matches(dummy_hash(), &input.password);
            false
        }
    };
    let seat = ctx.caller.seat_label();
    let shown_name: String = input.username.trim().chars().take(64).collect();
    let store = ctx.desk.store();
    let logged = store.write(|tx| {
        let (actor, actor_id, action, detail) = match (&row, ok) {
            (Some((u, _)), true) => {
                users::clear_failures(tx, &keys[0])?;
                users::clear_failures(tx, &keys[1])?;
                (
                    u.display_name.clone(),
                    Some(u.id),
                    "signed_in",
                    serde_json::json!({"username": u.username}),
                )
            }
            _ => {
                for k in &keys {
                    users::add_failure(tx, k, &at)?;
                }
                (
                    shown_name.clone(),
                    None,
                    "sign_in_failed",
                    serde_json::json!({}),
                )
            }
        };
        store::history::append(
            tx,
            &store::history::Entry {
                case_id: None,
                at: &at,
                actor: &actor,
                actor_id,
                seat: &seat,
                action,
                detail: &detail.to_string(),
            },
        )?;
        Ok(())
    });
    match logged {
        // A register opened read-only cannot log the sign-in (or count a
        // failure); reading it is still allowed, writing is refused later.
        Err(DeskError::DbReadOnly(_)) | Ok(()) => {}
        Err(e) => return Err(e),
    }
    drop(store);
    match row {
        Some((u, _)) if ok => {
            session::bind(ctx.desk, ctx.caller, u.id);
            session::state(ctx.desk, ctx.caller)
        }
        _ => Err(sign_in_failed()),
    }
}

pub(crate) fn sign_out(ctx: &Ctx, _: ()) -> Result<SessionState> {
    if let Some(user_id) = session::unbind(ctx.desk, ctx.caller) {
        let at = ctx.desk.now();
        let seat = ctx.caller.seat_label();
        ctx.desk.store().write(|tx| {
            let u = users::by_id(tx, user_id)?;
            store::history::append(
                tx,
                &store::history::Entry {
                    case_id: None,
                    at: &store::fmt_time(at),
                    actor: &u.display_name,
                    actor_id: Some(u.id),
                    seat: &seat,
                    action: "signed_out",
                    detail: "{}",
                },
            )?;
            Ok(())
        })?;
    }
    session::state(ctx.desk, ctx.caller)
}

/// Locks the seat now (the user steps away); what was typed stays.
pub(crate) fn lock(ctx: &Ctx, _: ()) -> Result<SessionState> {
    session::lock(ctx.desk, ctx.caller);
    session::state(ctx.desk, ctx.caller)
}

/// Unlocks a locked seat with its user's password.
pub(crate) fn unlock(ctx: &Ctx, input: Unlock) -> Result<SessionState> {
    let Some(user_id) = session::seat_user(ctx.desk, ctx.caller) else {
        return Err(DeskError::refused(
            "no_session",
            "这里没有锁定的会话，请直接登录。",
            "There is no locked session here; sign in.",
        ));
    };
    let username = ctx.read(|r| Ok(users::by_id(r.conn, user_id)?.username))?;
    sign_in(
        ctx,
        SignIn {
            username,
            password: input.password,
        },
    )
}

/// Who may reveal identities (the office's configurable roles).
pub(crate) fn access_rules(ctx: &Ctx, _: ()) -> Result<AccessRules> {
    ctx.read(|r| settings::access_rules(r.conn))
}

pub(crate) fn set_access_rules(ctx: &Ctx, rules: AccessRules) -> Result<AccessRules> {
    ctx.write(|w| {
        settings::put_json(w.tx, "access_rules", &rules)?;
        w.audit(
            None,
            "access_rules_changed",
            serde_json::json!({"reveal_roles": rules.reveal_roles}),
        );
        Ok(())
    })?;
    Ok(rules)
}
