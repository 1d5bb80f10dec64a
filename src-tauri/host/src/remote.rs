//! A seat's side of the host: calls the register's operations over HTTPS.
//! The desktop app uses it when it works on another computer's register,
//! and so do the load test and the host's own tests.
//!
//! The host's certificate is self-signed, so it is not checked against any
//! authority: it is *pinned*. The first time, the user types the pairing
//! code the host shows (the start of the certificate's fingerprint); a
//! certificate whose code differs is refused before anything is sent. The
//! whole fingerprint is then kept and required from then on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::tls;

/// What a seat trusts the host's certificate by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// The pairing code typed the first time ("3F2A-91BC-07DE-5511").
    PairingCode(String),
    /// The whole SHA-256 fingerprint, kept after the first connection.
    Fingerprint(String),
}

/// An error as the seat shows it: the core's `{code, message}` when the
/// host answered, or what went wrong on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub code: String,
    pub message: String,
    /// Which fields of a form to fix (a validation error), as the core gives them.
    #[serde(default)]
    pub fields: Vec<Value>,
    /// The HTTP status (0 when the host was not reached).
    #[serde(default, skip_serializing)]
    pub status: u16,
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// A message in the seat's language (Chinese unless English was chosen).
fn say(en: bool, zh: String, english: String) -> String {
    if en {
        english
    } else {
        zh
    }
}

impl RemoteError {
    fn local(code: &str, message: String) -> RemoteError {
        RemoteError {
            code: code.into(),
            message,
            status: 0,
            fields: Vec::new(),
        }
    }

    fn unreachable(base: &str, e: impl std::fmt::Display, pinned: bool, en: bool) -> RemoteError {
        if pinned {
            return RemoteError::local(
                "host_certificate",
                say(
                    en,
                    format!("{base} 的证书与配对码不符，已拒绝连接（可能连错了电脑，或有人冒充）。请在主机的“设置 → 在局域网共享本登记簿”里核对配对码。"),
                    format!("{base} presented a certificate that does not match the pairing code, so the connection was refused (the wrong computer, or someone posing as the host). Check the pairing code under Settings → Share this register on the network on the host."),
                ),
            );
        }
        RemoteError::local(
            "host_unreachable",
            say(
                en,
                format!("无法连接登记簿主机 {base}：{e}。请确认主机已开机、已开启网络共享，且本机与主机在同一网络。"),
                format!("Cannot reach the register's host {base}: {e}. Check that the host is on, that sharing is turned on, and that this computer is on the same network."),
            ),
        )
    }
}

#[derive(Debug)]
struct Pinned {
    pin: Pin,
    /// The fingerprint of the certificate last presented.
    seen: Mutex<Option<String>>,
    /// Whether the last certificate was refused for not matching.
    refused: Mutex<bool>,
    algs: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let fp = tls::fingerprint(end_entity);
        let ok = match &self.pin {
            Pin::PairingCode(code) => {
                normalise_code(code) == normalise_code(&tls::pairing_code(end_entity))
            }
            Pin::Fingerprint(f) => f.eq_ignore_ascii_case(&fp),
        };
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(fp);
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()) = !ok;
        if ok {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "the host's certificate is not the paired one".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algs.supported_schemes()
    }
}

/// A pairing code as typed: hex digits only, upper case.
fn normalise_code(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_hexdigit())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The seat's key and CSRF token, given by the host on the first call.
#[derive(Debug, Clone, Default)]
struct SeatCookies {
    seat: String,
    csrf: String,
}

/// A connection to a host, as one seat.
pub struct Remote {
    base: String,
    client: reqwest::Client,
    pinned: Arc<Pinned>,
    cookies: Mutex<Option<SeatCookies>>,
    /// How the seat calls itself on the host's list ("前台1号机").
    seat_name: String,
    /// Whether the seat's messages are in English (else Chinese).
    en: AtomicBool,
}

impl Remote {
    /// A seat of the host at `address` ("192.168.1.20:8443" or a full
    /// https:// address), trusting the certificate by `pin`.
    pub fn new(address: &str, pin: Pin, seat_name: &str) -> Result<Remote, RemoteError> {
        Remote::new_in(address, pin, seat_name, "zh-CN")
    }

    /// As [`Remote::new`], with the seat's messages in `lang` ("zh-CN", "en").
    pub fn new_in(
        address: &str,
        pin: Pin,
        seat_name: &str,
        lang: &str,
    ) -> Result<Remote, RemoteError> {
        let en = is_english(lang);
        let base = normalise_address_in(address, en)?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let pinned = Arc::new(Pinned {
            pin,
            seen: Mutex::new(None),
            refused: Mutex::new(false),
            algs: provider.signature_verification_algorithms,
        });
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| RemoteError::unreachable(&base, e, false, en))?
            .dangerous()
            .with_custom_certificate_verifier(pinned.clone())
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(config)
            .connect_timeout(Duration::from_secs(5))
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| RemoteError::unreachable(&base, e, false, en))?;
        Ok(Remote {
            base,
            client,
            pinned,
            cookies: Mutex::new(None),
            seat_name: seat_name.chars().take(40).collect(),
            en: AtomicBool::new(en),
        })
    }

    /// The seat's language from now on ("zh-CN", "en"), for the messages
    /// made here (the host's own come in the seat's language already).
    pub fn set_lang(&self, lang: &str) {
        self.en.store(is_english(lang), Ordering::Relaxed);
    }

    fn en(&self) -> bool {
        self.en.load(Ordering::Relaxed)
    }

    /// The pinned HTTPS client itself, for requests outside the operation
    /// list (the tests send malformed and foreign requests with it).
    pub fn http(&self) -> &reqwest::Client {
        &self.client
    }

    /// The host's address (https://…).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The fingerprint of the host's certificate (known after the first
    /// call), to keep and pin from then on.
    pub fn fingerprint(&self) -> Option<String> {
        self.pinned
            .seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn failed(&self, e: reqwest::Error) -> RemoteError {
        let refused = *self
            .pinned
            .refused
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        RemoteError::unreachable(&self.base, e, refused, self.en())
    }

    /// Takes a seat on the host (its cookies), once.
    async fn seat(&self) -> Result<SeatCookies, RemoteError> {
        if let Some(c) = self
            .cookies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
        {
            return Ok(c);
        }
        let res = self
            .client
            .get(format!("{}/api/hello", self.base))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        let mut c = SeatCookies::default();
        for v in res.headers().get_all(reqwest::header::SET_COOKIE) {
            let Ok(v) = v.to_str() else { continue };
            let first = v.split(';').next().unwrap_or("");
            if let Some((k, val)) = first.split_once('=') {
                match k.trim() {
                    "desk_seat" => c.seat = val.to_string(),
                    "desk_csrf" => c.csrf = val.to_string(),
                    _ => {}
                }
            }
        }
        if c.seat.is_empty() || c.csrf.is_empty() {
            return Err(RemoteError {
                status: res.status().as_u16(),
                ..RemoteError::local(
                    "host_protocol",
                    say(
                        self.en(),
                        format!(
                            "{} 没有按登记簿主机的方式应答（不是本软件的主机？）。",
                            self.base
                        ),
                        format!(
                            "{} did not answer as a register host does (not this program's host?).",
                            self.base
                        ),
                    ),
                )
            });
        }
        *self.cookies.lock().unwrap_or_else(|p| p.into_inner()) = Some(c.clone());
        Ok(c)
    }

    /// Runs one operation of the core's list on the host. A call that did
    /// not reach the host is tried again a few times (a write with its
    /// idempotency key, so the host never does it twice); if it still
    /// fails, the error says whether the write surely did not happen
    /// (`host_unreachable`) or may have (`save_unconfirmed`).
    pub async fn call(
        &self,
        op: &str,
        input: Value,
        key: Option<String>,
    ) -> Result<Value, RemoteError> {
        let body = serde_json::json!({ "input": input, "key": key });
        let mut wait = Duration::from_millis(250);
        let mut maybe_sent = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.call_once(op, &body).await {
                Ok(v) => return Ok(v),
                Err((e, sent)) => {
                    maybe_sent |= sent;
                    let retry = e.status == 0
                        && e.code == "host_unreachable"
                        && (!sent || key.is_some())
                        && attempt < 4;
                    if !retry {
                        return Err(
                            if e.code == "host_unreachable" && maybe_sent && key.is_some() {
                                RemoteError::local(
                                    "save_unconfirmed",
                                    say(
                                        self.en(),
                                        format!("与登记簿主机 {} 的连接中断，无法确认这次保存是否完成。您填写的内容仍保留；连接恢复后请再点一次保存——若已保存过，不会重复保存。", self.base),
                                        format!("The connection to the register's host {} broke, so whether this save went through is not known. What you typed is kept; when the connection is back, save again — if it was saved already, it is not saved twice.", self.base),
                                    ),
                                )
                            } else {
                                e
                            },
                        );
                    }
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
            }
        }
    }

    /// One try; the flag says whether the request may have reached the host.
    async fn call_once(&self, op: &str, body: &Value) -> Result<Value, (RemoteError, bool)> {
        let seat = self.seat().await.map_err(|e| (e, false))?;
        let res = self
            .client
            .post(format!("{}/api/op/{op}", self.base))
            .header(
                "cookie",
                format!("desk_seat={}; desk_csrf={}", seat.seat, seat.csrf),
            )
            .header("x-csrf-token", &seat.csrf)
            .header("x-desk-seat-name", encode_header(&self.seat_name))
            .json(body)
            .timeout(Duration::from_secs(120))
            .send()
            .await
            .map_err(|e| {
                let sent = !e.is_connect();
                (self.failed(e), sent)
            })?;
        let status = res.status();
        let body: Value = res.json().await.map_err(|e| (self.failed(e), true))?;
        if status.is_success() {
            return Ok(body);
        }
        let mut err: RemoteError = serde_json::from_value(body).unwrap_or_else(|_| {
            RemoteError::local(
                "host_protocol",
                say(
                    self.en(),
                    format!("主机的应答无法识别（HTTP {status}）。"),
                    format!("The host's answer could not be read (HTTP {status})."),
                ),
            )
        });
        err.status = status.as_u16();
        Err((err, true))
    }

    /// Waits for the next change after `since` (the host's change feed);
    /// returns the feed's events as they come through `on`, until it ends.
    pub async fn follow_changes<F>(&self, since: u64, mut on: F) -> Result<(), RemoteError>
    where
        F: FnMut(Value) -> bool,
    {
        use futures_util::StreamExt;
        let seat = self.seat().await?;
        let res = self
            .client
            .get(format!("{}/api/events?since={since}", self.base))
            .header(
                "cookie",
                format!("desk_seat={}; desk_csrf={}", seat.seat, seat.csrf),
            )
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        let mut stream = res.bytes_stream();
        let mut buf = String::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.failed(e))?;
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(i) = buf.find("\n\n") {
                let event: String = buf[..i].to_string();
                buf.drain(..i + 2);
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                if data.is_empty() {
                    continue;
                }
                if let Ok(v) = serde_json::from_str(&data) {
                    if !on(v) {
                        return Ok(());
                    }
                }
            }
            if buf.len() > 1 << 20 {
                buf.clear();
            }
        }
        Ok(())
    }
}

fn is_english(lang: &str) -> bool {
    lang.trim().to_ascii_lowercase().starts_with("en")
}

/// "host:port", "host" or "https://host:port/" → "https://host:port".
pub fn normalise_address(address: &str) -> Result<String, RemoteError> {
    normalise_address_in(address, false)
}

/// As [`normalise_address`], refusing in English when `en`.
pub fn normalise_address_in(address: &str, en: bool) -> Result<String, RemoteError> {
    let a = address.trim().trim_end_matches('/');
    let a = a.strip_prefix("https://").unwrap_or(a);
    let ok = !a.is_empty()
        && a.len() <= 253
        && !a.contains("://")
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c));
    if !ok {
        return Err(RemoteError::local(
            "validation",
            say(
                en,
                "主机地址不正确：请填写主机的名称或 IP 地址，如 192.168.1.20 或 192.168.1.20:8443。".into(),
                "The host's address is not right: give the host's name or IP address, such as 192.168.1.20 or 192.168.1.20:8443.".into(),
            ),
        ));
    }
    let has_port = a
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
        && !a.ends_with(']');
    Ok(if has_port {
        format!("https://{a}")
    } else {
        format!("https://{a}:{}", crate::DEFAULT_PORT)
    })
}

/// A header value for any text: percent-encoded UTF-8 (the host decodes).
pub fn encode_header(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_. ".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The inverse of [`encode_header`] (text that does not decode to UTF-8 is kept as it came).
pub fn decode_header(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_the_default_port_and_a_bad_one_is_refused_in_the_seats_language() {
        assert_eq!(
            normalise_address("192.168.1.20").unwrap(),
            "https://192.168.1.20:8443"
        );
        assert_eq!(
            normalise_address(" https://desk-host:9000/ ").unwrap(),
            "https://desk-host:9000"
        );
        let e = normalise_address("http://x y").unwrap_err();
        assert!(e.message.contains("主机地址不正确"), "{e}");
        let e = normalise_address_in("http://x y", true).unwrap_err();
        assert!(
            e.message.starts_with("The host's address is not right"),
            "{e}"
        );
        assert!(normalise_address("").is_err());
    }

    #[test]
    fn a_seat_name_survives_the_header_encoding() {
        let name = "前台1号机 (A%)";
        assert_eq!(decode_header(&encode_header(name)), name);
        assert!(encode_header(name).is_ascii());
        assert_eq!(decode_header("%E5%8"), "%E5%8");
        assert_eq!(normalise_code("3f2a-91bc 07de.5511"), "3F2A91BC07DE5511");
    }
}
