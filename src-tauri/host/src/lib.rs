//! The register on the office network: one host (the computer, or small
//! always-on box, that keeps the register file) serves the core's
//! operations over HTTPS to several seats — the desktop app on other
//! computers, or any browser (the host serves the same UI).
//!
//! One route runs every operation of the core's list (`/api/op/{name}`,
//! dispatched by the list's own `call_json`: no second list of routes);
//! `/api/events` pushes what changed (server-sent events). Seats are told
//! apart by an HttpOnly, SameSite cookie; writes need the CSRF token of
//! their seat, and nothing but the UI's own origin may call the API. TLS
//! with a certificate made at first start; its fingerprint is the pairing
//! code a seat confirms once.

pub mod remote;
mod seats;
pub mod tls;
mod web;

/// The port a host listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8443;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::Desk;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use seats::ConnectedSeat;

/// Where the host listens, and where its certificate lives.
#[derive(Debug, Clone)]
pub struct HostConfig {
    pub listen: SocketAddr,
    /// The folder for the certificate (beside the register).
    pub cert_dir: PathBuf,
    /// Names and addresses the seats use for this computer (in the
    /// certificate, for browsers).
    pub names: Vec<String>,
}

/// The certificate's folder for a register: `host/` beside the file.
pub fn cert_dir_for(register: &Path) -> PathBuf {
    register
        .parent()
        .map(|p| p.join("host"))
        .unwrap_or_else(|| PathBuf::from("host"))
}

/// The names every certificate carries: this computer's name, localhost.
pub fn default_names() -> Vec<String> {
    let mut v = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    if let Some(h) = std::env::var_os("HOSTNAME")
        .map(|h| h.to_string_lossy().into_owned())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
    {
        let h = h.trim().to_string();
        if !h.is_empty() && !v.contains(&h) {
            v.push(h);
        }
    }
    v
}

/// The register's upkeep while a headless host runs: deadline flags and
/// the daily backup, every five minutes (the desktop app does the same in
/// its own watcher).
pub async fn upkeep(desk: Arc<Desk>) {
    loop {
        let d = desk.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let _ = d.raise_deadline_flags();
            let _ = d.auto_backup();
        })
        .await;
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
    }
}

/// Resolves on Ctrl-C (and on SIGTERM where there is one).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A running host.
pub struct Host {
    pub addr: SocketAddr,
    /// SHA-256 of the certificate (AB:CD:…).
    pub fingerprint: String,
    /// What a seat confirms when it connects the first time.
    pub pairing_code: String,
    seats: Arc<seats::Seats>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Host {
    /// Starts serving `desk` (call inside a tokio runtime).
    pub async fn start(desk: Arc<Desk>, cfg: HostConfig) -> Result<Host, String> {
        let id = tls::load_or_create(&cfg.cert_dir, &cfg.names)?;
        let listener = TcpListener::bind(cfg.listen)
            .await
            .map_err(|e| format!("{}: {e}", cfg.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let seats = Arc::new(seats::Seats::default());
        let (stop, stopped) = watch::channel(false);
        let app = web::router(desk, seats.clone(), stopped.clone());
        let acceptor = tokio_rustls::TlsAcceptor::from(id.config.clone());
        let task = tokio::spawn(web::serve(listener, acceptor, app, stopped));
        Ok(Host {
            addr,
            fingerprint: tls::fingerprint(&id.cert_der),
            pairing_code: tls::pairing_code(&id.cert_der),
            seats,
            stop,
            task,
        })
    }

    /// The seats that called in the last minutes, newest first.
    pub fn seats(&self) -> Vec<ConnectedSeat> {
        self.seats.recent()
    }

    /// Stops listening and ends every connection.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }

    /// Waits until the host stops.
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}
