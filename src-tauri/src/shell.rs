//! The shell's state: where this window's register is — this computer's
//! file (an encrypted one waits for its passphrase) or the office's host
//! over the network — and the way every command runs: locally on a
//! blocking thread, or as a call to the host; either way the answer is the
//! core's JSON and an error is `{code, message, fields}` in the seat's
//! language. The computer holding the register can also share it on the
//! office network (a host inside the app).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use desk_core::{Caller, Desk, DeskError, ErrorPayload, Lang, SystemClock};
use desk_host::remote::{Pin, Remote, RemoteError};
use desk_host::{Host, HostConfig};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where this window works, as kept in `connection.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Connection {
    /// Not chosen yet (a new installation): the first screen asks.
    #[default]
    Choose,
    /// This computer's register; `share` is the address it is shared on.
    Local {
        #[serde(default)]
        share: Option<String>,
    },
    /// The office's register on a host.
    Remote {
        address: String,
        fingerprint: String,
        seat_name: String,
    },
}

enum Backend {
    Choose,
    Local(Result<Arc<Desk>, DeskError>),
    Remote(Arc<Remote>),
}

pub struct Shell {
    pub path: PathBuf,
    config: PathBuf,
    backend: Mutex<Backend>,
    connection: Mutex<Connection>,
    pub caller: Caller,
    sharing: tokio::sync::Mutex<Option<Host>>,
}

/// A failure as the UI gets it: the core's payload, or the host's.
pub type Failure = Value;

fn failure(p: ErrorPayload) -> Failure {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

fn remote_failure(e: RemoteError) -> Failure {
    serde_json::json!({ "code": e.code, "message": e.message, "fields": e.fields })
}

impl Shell {
    /// The shell for the register at `path` (when given on the command
    /// line, it is used whatever was chosen before), with its connection
    /// choice kept in `config` (a file in the app's config folder).
    pub fn start(path: PathBuf, explicit: bool, config: PathBuf) -> Shell {
        let mut connection = read_connection(&config);
        if explicit || (connection == Connection::Choose && path.exists()) {
            // An explicit register, or one from before this choice existed.
            if !matches!(connection, Connection::Local { .. }) {
                connection = Connection::Local { share: None };
            }
        }
        let backend = match &connection {
            Connection::Choose => Backend::Choose,
            Connection::Local { .. } => Backend::Local(open_local(&path)),
            Connection::Remote {
                address,
                fingerprint,
                seat_name,
            } => match Remote::new(address, Pin::Fingerprint(fingerprint.clone()), seat_name) {
                Ok(r) => Backend::Remote(Arc::new(r)),
                Err(_) => Backend::Choose,
            },
        };
        Shell {
            path,
            config,
            backend: Mutex::new(backend),
            connection: Mutex::new(connection),
            caller: Caller::local(),
            sharing: tokio::sync::Mutex::new(None),
        }
    }

    pub fn connection(&self) -> Connection {
        self.connection
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_connection(&self, c: Connection) -> Result<(), Failure> {
        write_connection(&self.config, &c).map_err(failure)?;
        *self.connection.lock().unwrap_or_else(|p| p.into_inner()) = c;
        Ok(())
    }

    /// This computer's open register, or why there is none.
    pub fn desk(&self) -> Result<Arc<Desk>, ErrorPayload> {
        match &*self.backend.lock().unwrap_or_else(|p| p.into_inner()) {
            Backend::Local(Ok(d)) => Ok(d.clone()),
            Backend::Local(Err(e)) => Err(open_error(e, &self.path)),
            Backend::Choose => Err(not_chosen()),
            Backend::Remote(_) => Err(DeskError::refused(
                "remote_register",
                "本窗口使用的是单位登记簿主机上的登记簿，本机没有打开登记簿。",
                "This window works on the office host's register; none is open on this computer.",
            )
            .to_payload(Lang::default())),
        }
    }

    /// The host this window is a seat of, if it is one.
    pub fn remote(&self) -> Option<Arc<Remote>> {
        match &*self.backend.lock().unwrap_or_else(|p| p.into_inner()) {
            Backend::Remote(r) => Some(r.clone()),
            _ => None,
        }
    }

    /// Why the local register is not open, if it is not.
    pub fn open_failure(&self) -> Option<ErrorPayload> {
        match &*self.backend.lock().unwrap_or_else(|p| p.into_inner()) {
            Backend::Local(Err(e)) => Some(open_error(e, &self.path)),
            _ => None,
        }
    }

    /// Opens an encrypted register with its passphrase.
    pub fn open_with_passphrase(&self, passphrase: &str) -> Result<(), ErrorPayload> {
        let opened = Desk::open_with_passphrase(&self.path, Arc::new(SystemClock), passphrase);
        let mut slot = self.backend.lock().unwrap_or_else(|p| p.into_inner());
        match opened {
            Ok(d) => {
                *slot = Backend::Local(Ok(Arc::new(d)));
                Ok(())
            }
            Err(e) => Err(e.to_payload(Lang::default())),
        }
    }

    /// Works on this computer's register from now on.
    pub fn use_local(&self) -> Result<(), Failure> {
        let opened = open_local(&self.path);
        *self.backend.lock().unwrap_or_else(|p| p.into_inner()) = Backend::Local(opened);
        self.set_connection(Connection::Local { share: None })
    }

    /// Becomes a seat of the host at `address`, trusting it by the pairing
    /// code the host shows; the certificate's fingerprint is kept.
    pub async fn connect(
        &self,
        address: &str,
        code: &str,
        seat_name: &str,
        lang: &str,
    ) -> Result<(), Failure> {
        let seat_name: String = seat_name.trim().chars().take(40).collect();
        let seat_name = if seat_name.is_empty() {
            Caller::local().computer
        } else {
            seat_name
        };
        let remote = Remote::new_in(
            address,
            Pin::PairingCode(code.to_string()),
            &seat_name,
            lang,
        )
        .map_err(remote_failure)?;
        remote
            .call("app_info", Value::Null, None)
            .await
            .map_err(remote_failure)?;
        let fingerprint = remote.fingerprint().unwrap_or_default();
        let connection = Connection::Remote {
            address: remote.base().to_string(),
            fingerprint,
            seat_name,
        };
        self.set_connection(connection)?;
        *self.backend.lock().unwrap_or_else(|p| p.into_inner()) = Backend::Remote(Arc::new(remote));
        Ok(())
    }

    /// Runs the operation `op` with `input` (JSON) for this window's seat,
    /// here or on the host; `key` is the write's idempotency key.
    pub async fn call(
        &self,
        op: &'static str,
        input: Value,
        key: Option<String>,
    ) -> Result<Value, Failure> {
        if let Some(remote) = self.remote() {
            let out = remote.call(op, input, key).await.map_err(remote_failure)?;
            // The seat's messages follow the language of its session.
            if let Some(lang) = out.get("lang").and_then(Value::as_str) {
                if out.get("may").is_some() {
                    remote.set_lang(lang);
                }
            }
            return Ok(out);
        }
        let desk = self.desk().map_err(failure)?;
        let caller = match key {
            Some(k) => self.caller.with_key(k),
            None => self.caller.clone(),
        };
        let lang = desk.lang(&caller);
        let joined =
            tauri::async_runtime::spawn_blocking(move || desk.call_json(&caller, op, input)).await;
        match joined {
            Ok(r) => r.map_err(|e| failure(e.to_payload(lang))),
            Err(e) => Err(failure(DeskError::Internal(e.to_string()).to_payload(lang))),
        }
    }

    /// Whether the window's signed-in user may administer the register.
    fn may_administer(&self, desk: &Desk) -> Result<(), Failure> {
        let lang = desk.lang(&self.caller);
        let state = desk
            .session_state(&self.caller, ())
            .map_err(|e| failure(e.to_payload(lang)))?;
        if state.may.iter().any(|op| op == "update_settings") {
            Ok(())
        } else {
            Err(failure(
                DeskError::refused(
                    "forbidden",
                    "只有系统管理员可以设置网络共享。",
                    "Only the administrator may set up sharing on the network.",
                )
                .to_payload(lang),
            ))
        }
    }

    /// Shares this computer's register on the office network at `listen`
    /// ("0.0.0.0:8443"); kept, so it is shared again after a restart.
    pub async fn share(&self, listen: &str, check_admin: bool) -> Result<ShareStatus, Failure> {
        let desk = self.desk().map_err(failure)?;
        if check_admin {
            self.may_administer(&desk)?;
        }
        let addr: std::net::SocketAddr = listen.trim().parse().map_err(|_| {
            failure(
                DeskError::refused(
                    "validation",
                    "监听地址不正确：请填写“IP 地址:端口”，如 0.0.0.0:8443（所有网卡）或 192.168.1.20:8443。",
                    "The listening address is not valid: give \"IP address:port\", e.g. 0.0.0.0:8443 (every interface) or 192.168.1.20:8443.",
                )
                .to_payload(Lang::default()),
            )
        })?;
        let mut sharing = self.sharing.lock().await;
        if let Some(h) = sharing.take() {
            h.stop().await;
        }
        let mut names = desk_host::default_names();
        if !addr.ip().is_unspecified() {
            names.push(addr.ip().to_string());
        }
        let host = Host::start(
            desk,
            HostConfig {
                listen: addr,
                cert_dir: desk_host::cert_dir_for(&self.path),
                names,
            },
        )
        .await
        .map_err(|e| {
            failure(
                DeskError::refused(
                    "share_failed",
                    format!("无法在 {addr} 开启共享：{e}。该端口可能已被占用，请换一个端口。"),
                    format!("Sharing could not start on {addr}: {e}. The port may be in use; choose another."),
                )
                .to_payload(Lang::default()),
            )
        })?;
        let status = share_status(Some(&host));
        *sharing = Some(host);
        self.set_connection(Connection::Local {
            share: Some(addr.to_string()),
        })?;
        Ok(status)
    }

    /// Stops sharing (the seats are disconnected).
    pub async fn stop_sharing(&self) -> Result<ShareStatus, Failure> {
        let desk = self.desk().map_err(failure)?;
        self.may_administer(&desk)?;
        if let Some(h) = self.sharing.lock().await.take() {
            h.stop().await;
        }
        self.set_connection(Connection::Local { share: None })?;
        Ok(share_status(None))
    }

    pub async fn share_status(&self) -> ShareStatus {
        share_status(self.sharing.lock().await.as_ref())
    }
}

/// Sharing as Settings shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ShareStatus {
    pub on: bool,
    pub address: String,
    /// What the other computers type to reach it.
    pub seat_addresses: Vec<String>,
    pub pairing_code: String,
    pub fingerprint: String,
    pub seats: Vec<desk_host::ConnectedSeat>,
}

fn share_status(h: Option<&Host>) -> ShareStatus {
    match h {
        Some(h) => ShareStatus {
            on: true,
            address: h.addr.to_string(),
            seat_addresses: desk_host::seat_addresses(h.addr),
            pairing_code: h.pairing_code.clone(),
            fingerprint: h.fingerprint.clone(),
            seats: h.seats(),
        },
        None => ShareStatus {
            on: false,
            address: String::new(),
            seat_addresses: Vec::new(),
            pairing_code: String::new(),
            fingerprint: String::new(),
            seats: Vec::new(),
        },
    }
}

fn open_local(path: &Path) -> Result<Arc<Desk>, DeskError> {
    Desk::open(path, Arc::new(SystemClock)).map(Arc::new)
}

fn not_chosen() -> ErrorPayload {
    DeskError::refused(
        "no_register",
        "请先选择：使用本机的登记簿，或连接单位的登记簿主机。",
        "Choose first: this computer's register, or connect to the office's register host.",
    )
    .to_payload(Lang::default())
}

fn read_connection(path: &Path) -> Connection {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn write_connection(path: &Path, c: &Connection) -> Result<(), ErrorPayload> {
    let text = serde_json::to_string_pretty(c).unwrap_or_default();
    if let Some(dir) = path.parent() {
        desk_core::private_files::private_dir(dir).map_err(|e| e.to_payload(Lang::default()))?;
    }
    desk_core::private_files::write_private(path, text.as_bytes())
        .map_err(|e| e.to_payload(Lang::default()))
}

fn open_error(e: &DeskError, path: &std::path::Path) -> ErrorPayload {
    let mut p = e.to_payload(Lang::default());
    if !p.message.contains(&path.display().to_string()) {
        p.message = format!("{}（{}）", p.message, path.display());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_installation_asks_and_a_choice_is_kept_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("conf/connection.json");
        let path = dir.path().join("register.sqlite3");
        let shell = Shell::start(path.clone(), false, config.clone());
        assert_eq!(shell.connection(), Connection::Choose);
        assert_eq!(shell.desk().err().map(|e| e.code), Some("no_register"));
        shell.use_local().unwrap();
        assert!(shell.desk().is_ok());
        let again = Shell::start(path, false, config.clone());
        assert_eq!(again.connection(), Connection::Local { share: None });
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&config).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn an_existing_register_is_used_without_asking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.sqlite3");
        drop(Desk::open(&path, Arc::new(SystemClock)).unwrap());
        let shell = Shell::start(path, false, dir.path().join("connection.json"));
        assert!(matches!(shell.connection(), Connection::Local { .. }));
        assert!(shell.desk().is_ok());
    }
}
