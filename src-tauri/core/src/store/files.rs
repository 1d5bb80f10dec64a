//! Files the register writes: created readable by their owner only (0600,
//! folders 0700 on Unix), written atomically where a half-written file
//! would hurt (copy beside, fsync, rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{DeskError, Result};

/// The marker beside an encrypted register (it holds no secret): an
/// encrypted file cannot be told from a damaged one by looking at it.
pub fn marker_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.encrypted", db.display()))
}

pub fn is_marked_encrypted(db: &Path) -> bool {
    marker_path(db).exists()
}

/// Creates the folder of `path` (0700) when it does not exist.
pub fn private_dir_for(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => private_dir(dir),
        _ => Ok(()),
    }
}

/// Creates a folder and its parents, the new ones readable by the owner only.
pub fn private_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| DeskError::io(dir, e))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir).map_err(|e| DeskError::io(dir, e))
    }
}

fn private_options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Makes sure `path` exists as a file readable by its owner only (an
/// existing file is narrowed to 0600; SQLite gives its WAL and shared-memory
/// files the same mode as the database).
pub fn create_private(path: &Path) -> Result<()> {
    if !path.exists() {
        let mut o = private_options();
        o.create(true);
        o.open(path).map_err(|e| DeskError::io(path, e))?;
    }
    restrict(path)
}

/// Narrows an existing file to 0600 (Unix).
pub fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| DeskError::io(path, e))?;
        if meta.permissions().readonly() {
            return Ok(());
        }
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| DeskError::io(path, e))?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a private file beside it, synced,
/// then renamed over `path`.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    private_dir_for(path)?;
    let tmp = beside(path, "writing");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut o = private_options();
        o.create_new(true);
        let mut f = o.open(&tmp).map_err(|e| DeskError::io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| DeskError::io(&tmp, e))?;
        f.sync_all().map_err(|e| DeskError::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        DeskError::io(path, e)
    })?;
    sync_dir(path);
    Ok(())
}

/// Copies `from` to `to` atomically with owner-only permissions.
pub fn copy_private(from: &Path, to: &Path) -> Result<()> {
    let tmp = beside(to, "copying");
    let _ = std::fs::remove_file(&tmp);
    {
        let mut src = std::fs::File::open(from).map_err(|e| DeskError::io(from, e))?;
        let mut o = private_options();
        o.create_new(true);
        let mut dst = o.open(&tmp).map_err(|e| DeskError::io(&tmp, e))?;
        std::io::copy(&mut src, &mut dst).map_err(|e| DeskError::io(&tmp, e))?;
        dst.sync_all().map_err(|e| DeskError::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, to).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        DeskError::io(to, e)
    })?;
    sync_dir(to);
    Ok(())
}

/// `path` with a suffix: register.sqlite3 → register.sqlite3.<what>.
pub fn beside(path: &Path, what: &str) -> PathBuf {
    PathBuf::from(format!("{}.{what}", path.display()))
}

/// Makes a rename durable (the folder's entry), where the system allows.
pub fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The first 16 bytes of a file: "SQLite format 3\0" for a plain register.
pub fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map(|_| &head == b"SQLite format 3\0")
        .unwrap_or(false)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_written_file_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("sub/doc.pdf");
        write_private(&f, b"%PDF").unwrap();
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = std::fs::metadata(dir.path().join("sub"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dmode, 0o700);
        assert_eq!(std::fs::read(&f).unwrap(), b"%PDF");
    }
}
