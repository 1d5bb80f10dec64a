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
    if let Some(ip) = lan_address() {
        v.push(ip.to_string());
    }
    if let Some(h) = host_name() {
        if !v.contains(&h) {
            v.push(h);
        }
    }
    v
}

/// This computer's name, if it has one.
pub fn host_name() -> Option<String> {
    let h = std::env::var_os("HOSTNAME")
        .map(|h| h.to_string_lossy().into_owned())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())?;
    let h = h.trim().to_string();
    (!h.is_empty()).then_some(h)
}

/// This computer's address on the office network (the interface its
/// default route leaves by; no packet is sent), if it has one.
pub fn lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The addresses other computers type to reach a host listening on
/// `listen`: its own address, or (listening on every interface) this
/// computer's network address and name.
pub fn seat_addresses(listen: SocketAddr) -> Vec<String> {
    if !listen.ip().is_unspecified() {
        return vec![listen.to_string()];
    }
    let port = listen.port();
    let mut v: Vec<String> = lan_address()
        .map(|ip| SocketAddr::new(ip, port).to_string())
        .into_iter()
        .collect();
    if let Some(name) = host_name() {
        v.push(format!("{name}:{port}"));
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
        // Seats stay signed in across a restart of the host.
        desk.keep_sessions(web::SEAT_PREFIX);
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
