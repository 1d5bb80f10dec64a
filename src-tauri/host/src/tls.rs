//! The host's TLS certificate: made at first start (self-signed, kept
//! owner-only beside the register), and its fingerprint as the short
//! pairing code a seat confirms once and then pins.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::Digest;

/// The certificate and key files in `dir`.
fn files(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("host-cert.pem"), dir.join("host-key.pem"))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?.write_all(text.as_bytes())
}

/// The certificate (DER) and its key, made on first use.
pub struct Identity {
    pub cert_der: Vec<u8>,
    pub config: Arc<rustls::ServerConfig>,
}

/// SHA-256 of a certificate, as browsers show it (AB:CD:…).
pub fn fingerprint(der: &[u8]) -> String {
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The pairing code: the first 64 bits of the fingerprint, as four groups
/// a person reads out ("3F2A-91BC-07DE-5511").
pub fn pairing_code(der: &[u8]) -> String {
    let hex: String = sha2::Sha256::digest(der)
        .iter()
        .take(8)
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Loads the certificate in `dir`, or makes one for `names` (host names and
/// addresses the seats will use).
pub fn load_or_create(dir: &Path, names: &[String]) -> Result<Identity, String> {
    let (cert_path, key_path) = files(dir);
    let (cert_pem, key_pem) = match (
        std::fs::read_to_string(&cert_path),
        std::fs::read_to_string(&key_path),
    ) {
        (Ok(c), Ok(k)) => (c, k),
        _ => {
            let mut params = rcgen::CertificateParams::new(names.to_vec())
                .map_err(|e| format!("certificate: {e}"))?;
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "Complaint Desk host");
            params.not_before = rcgen::date_time_ymd(2025, 1, 1);
            params.not_after = rcgen::date_time_ymd(2099, 12, 31);
            let key = rcgen::KeyPair::generate().map_err(|e| format!("key: {e}"))?;
            let cert = params
                .self_signed(&key)
                .map_err(|e| format!("certificate: {e}"))?;
            let (c, k) = (cert.pem(), key.serialize_pem());
            desk_core::private_files::private_dir(dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            write_private(&key_path, &k).map_err(|e| format!("{}: {e}", key_path.display()))?;
            write_private(&cert_path, &c).map_err(|e| format!("{}: {e}", cert_path.display()))?;
            (c, k)
        }
    };
    let certs: Vec<rustls::pki_types::CertificateDer<'static>> =
        rustls_pem_certs(&cert_pem).map_err(|e| format!("{}: {e}", cert_path.display()))?;
    let key = rustls_pem_key(&key_pem).map_err(|e| format!("{}: {e}", key_path.display()))?;
    let cert_der = certs.first().map(|c| c.to_vec()).ok_or("no certificate")?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("TLS: {e}"))?;
    Ok(Identity {
        cert_der,
        config: Arc::new(config),
    })
}

fn pem_blocks(pem: &str, label: &str) -> Vec<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(i) = rest.find(&begin) {
        let after = &rest[i + begin.len()..];
        let Some(j) = after.find(&end) else { break };
        let body: String = after[..j].chars().filter(|c| !c.is_whitespace()).collect();
        if let Ok(der) = base64_decode(&body) {
            out.push(der);
        }
        rest = &after[j + end.len()..];
    }
    out
}

fn rustls_pem_certs(pem: &str) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, String> {
    let blocks = pem_blocks(pem, "CERTIFICATE");
    if blocks.is_empty() {
        return Err("no certificate in the file".into());
    }
    Ok(blocks
        .into_iter()
        .map(rustls::pki_types::CertificateDer::from)
        .collect())
}

fn rustls_pem_key(pem: &str) -> Result<rustls::pki_types::PrivateKeyDer<'static>, String> {
    let der = pem_blocks(pem, "PRIVATE KEY")
        .into_iter()
        .next()
        .ok_or("no private key in the file")?;
    Ok(rustls::pki_types::PrivateKeyDer::Pkcs8(der.into()))
}

/// Standard base64 (the PEM body).
fn base64_decode(s: &str) -> Result<Vec<u8>, ()> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        let v = A.iter().position(|x| *x == c).ok_or(())? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_made_once_and_its_pairing_code_stays_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let a = load_or_create(dir.path(), &names).unwrap();
        let b = load_or_create(dir.path(), &names).unwrap();
        assert_eq!(a.cert_der, b.cert_der);
        let code = pairing_code(&a.cert_der);
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        assert!(fingerprint(&a.cert_der).starts_with(&code.replace('-', "")[..2]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("host-key.pem"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the key is readable by its owner only");
        }
    }
}
