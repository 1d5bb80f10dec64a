//! A register on a network share is refused: SQLite's WAL (its write-ahead
//! log and the shared memory beside it) only works when every program using
//! the file runs on one computer, and registers on NFS or SMB shares get
//! corrupted. Several computers share a register through the host mode
//! (`desk serve`, or Settings → 在局域网共享本登记簿) instead.

use std::path::Path;

use crate::error::{DeskError, Result};

/// The file systems that are network shares, by the kind statfs reports
/// (Linux magic numbers).
const NETWORK_MAGIC: &[(i64, &str)] = &[
    (0x6969, "NFS"),
    (0x517B, "SMB"),
    (0xFF53_4D42, "CIFS/SMB"),
    (0xFE53_4D42, "SMB2/3"),
    (0x5346_414F, "AFS"),
    (0x7375_7245, "Coda"),
    (0x0102_1997, "9P"),
    (0x00C3_6400, "CephFS"),
    (0x0102_1994, "tmpfs over network"),
];

/// The network file system `magic` names, if it is one (Linux).
pub(crate) fn network_kind(magic: i64) -> Option<&'static str> {
    NETWORK_MAGIC
        .iter()
        .find(|(m, name)| *m == magic && !name.contains("tmpfs"))
        .map(|(_, n)| *n)
}

/// The network file system names macOS reports (statfs f_fstypename).
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub(crate) fn network_type_name(name: &str) -> Option<&'static str> {
    match name {
        "nfs" => Some("NFS"),
        "smbfs" => Some("SMB"),
        "afpfs" => Some("AFP"),
        "webdav" => Some("WebDAV"),
        _ => None,
    }
}

/// The network file system the folder of `path` is on, if any.
pub(crate) fn network_fs(path: &Path) -> Option<&'static str> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    probe(dir)
}

#[cfg(target_os = "linux")]
fn probe(dir: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statfs.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    if rc != 0 {
        return None;
    }
    #[allow(clippy::unnecessary_cast)]
    network_kind(st.f_type as i64)
}

#[cfg(target_os = "macos")]
fn probe(dir: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statfs.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    if rc != 0 {
        return None;
    }
    let name: Vec<u8> = st
        .f_fstypename
        .iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as u8)
        .collect();
    network_type_name(&String::from_utf8_lossy(&name))
}

#[cfg(windows)]
fn probe(dir: &Path) -> Option<&'static str> {
    // A UNC path (\\server\share\…) is a network share; a mapped drive
    // letter is checked by the installer's documentation (not verified here).
    let s = dir.to_string_lossy();
    (s.starts_with("\\\\") && !s.starts_with("\\\\?\\")).then_some("SMB")
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn probe(_: &Path) -> Option<&'static str> {
    None
}

/// Refuses a register on a network share, naming the share's kind.
pub(crate) fn refuse_network(path: &Path) -> Result<()> {
    match network_fs(path) {
        None => Ok(()),
        Some(kind) => Err(DeskError::refused(
            "db_on_network_share",
            format!(
                "登记簿文件位于网络共享（{kind}）上：{}。多台电脑直接共用网络上的数据库文件会损坏登记簿。请把登记簿放在一台电脑的本地磁盘上，在那台电脑的“设置 → 在局域网共享本登记簿”中开启共享（或运行 desk serve），其他电脑选择“连接单位登记簿”。",
                path.display()
            ),
            format!(
                "The register file is on a network share ({kind}): {}. Several computers using one database file over the network corrupt it. Keep the register on one computer's own disk, turn on Settings → Share this register on the office network there (or run desk serve), and connect the other computers to it.",
                path.display()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfs_and_smb_shares_are_known_by_their_kind() {
        assert_eq!(network_kind(0x6969), Some("NFS"));
        assert_eq!(network_kind(0xFF53_4D42), Some("CIFS/SMB"));
        assert_eq!(network_kind(0xFE53_4D42), Some("SMB2/3"));
        // ext4 and tmpfs are local.
        assert_eq!(network_kind(0xEF53), None);
        assert_eq!(network_kind(0x0102_1994), None);
        assert_eq!(network_type_name("smbfs"), Some("SMB"));
        assert_eq!(network_type_name("apfs"), None);
    }

    #[test]
    fn a_register_on_a_local_disk_is_not_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(refuse_network(&dir.path().join("register.sqlite3")).is_ok());
    }
}
