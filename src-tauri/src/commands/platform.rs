//! The shell's own commands: whether the register is open (and opening an
//! encrypted one), saving a document where the user chooses and opening it,
//! choosing a file to send (a spreadsheet, evidence, a logo), and a preview
//! in the system viewer from a private temporary file. All async: the
//! dialogs never block the main thread.

use std::path::{Path, PathBuf};

use desk_core::{Bytes, DeskError, ErrorPayload, Lang};
use serde::Serialize;
use tauri::{Manager, State};

use crate::shell::{Connection, Failure, ShareStatus, Shell};

/// When set, documents are saved into this folder without asking (unattended runs).
pub const SAVE_DIR_ENV: &str = "COMPLAINT_DESK_SAVE_DIR";
/// When set, this file is taken as evidence without asking (unattended runs).
pub const ATTACH_FILE_ENV: &str = "COMPLAINT_DESK_ATTACH_FILE";
/// When set, this spreadsheet is taken for an import without asking.
pub const IMPORT_FILE_ENV: &str = "COMPLAINT_DESK_IMPORT_FILE";
/// When set, this image is taken as the letterhead logo without asking.
pub const LOGO_FILE_ENV: &str = "COMPLAINT_DESK_LOGO_FILE";
/// When set to 1, saved documents are not opened in the system viewer.
pub const NO_OPEN_ENV: &str = "COMPLAINT_DESK_NO_OPEN";

/// The largest file the shell reads for the UI (the core checks each kind
/// against its own, smaller limit).
const MAX_PICK_BYTES: u64 = 60 * 1024 * 1024;

#[derive(Debug, Serialize)]
pub struct RegisterStatus {
    pub open: bool,
    pub path: String,
    /// Why it is not open (e.g. `db_needs_key` for an encrypted register).
    pub error: Option<ErrorPayload>,
}

fn status(shell: &Shell) -> RegisterStatus {
    let error = shell.open_failure();
    RegisterStatus {
        open: error.is_none(),
        path: shell.path.display().to_string(),
        error,
    }
}

#[tauri::command]
pub async fn register_status(shell: State<'_, Shell>) -> Result<RegisterStatus, ErrorPayload> {
    Ok(status(&shell))
}

/// Where this window's register is, as the first screen and Settings show it.
#[derive(Debug, Serialize)]
pub struct ConnectionStatus {
    /// "choose" (a new installation), "local" or "remote".
    pub mode: &'static str,
    /// This computer's register file.
    pub path: String,
    /// The host, when this window is a seat of one.
    pub address: String,
    pub seat_name: String,
    /// This computer's register shared on the network, if it is.
    pub sharing: ShareStatus,
}

async fn connection_of(shell: &Shell) -> ConnectionStatus {
    let (mode, address, seat_name) = match shell.connection() {
        Connection::Choose => ("choose", String::new(), String::new()),
        Connection::Local { .. } => ("local", String::new(), String::new()),
        Connection::Remote {
            address, seat_name, ..
        } => ("remote", address, seat_name),
    };
    ConnectionStatus {
        mode,
        path: shell.path.display().to_string(),
        address,
        seat_name,
        sharing: shell.share_status().await,
    }
}

#[tauri::command]
pub async fn connection_status(shell: State<'_, Shell>) -> Result<ConnectionStatus, Failure> {
    Ok(connection_of(&shell).await)
}

/// This computer's register from now on.
#[tauri::command]
pub async fn use_local_register(shell: State<'_, Shell>) -> Result<ConnectionStatus, Failure> {
    shell.use_local()?;
    Ok(connection_of(&shell).await)
}

/// Becomes a seat of the office's host (address and the pairing code it shows).
#[tauri::command]
pub async fn connect_to_host(
    shell: State<'_, Shell>,
    address: String,
    pairing_code: String,
    seat_name: String,
    lang: Option<String>,
) -> Result<ConnectionStatus, Failure> {
    let lang = lang.unwrap_or_else(|| "zh-CN".into());
    shell
        .connect(&address, &pairing_code, &seat_name, &lang)
        .await?;
    Ok(connection_of(&shell).await)
}

/// Shares this computer's register on the office network (administrators).
#[tauri::command]
pub async fn share_register(
    shell: State<'_, Shell>,
    listen: String,
) -> Result<ShareStatus, Failure> {
    shell.share(&listen, true).await
}

#[tauri::command]
pub async fn share_status(shell: State<'_, Shell>) -> Result<ShareStatus, Failure> {
    Ok(shell.share_status().await)
}

#[tauri::command]
pub async fn stop_sharing(shell: State<'_, Shell>) -> Result<ShareStatus, Failure> {
    shell.stop_sharing().await
}

/// Opens an encrypted register with its passphrase.
#[tauri::command]
pub async fn open_register(
    shell: State<'_, Shell>,
    passphrase: String,
) -> Result<RegisterStatus, ErrorPayload> {
    shell.open_with_passphrase(&passphrase)?;
    Ok(status(&shell))
}

#[derive(Debug, Serialize)]
pub struct Saved {
    pub path: String,
    pub size: usize,
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> ErrorPayload {
    DeskError::io(path, e).to_payload(Lang::default())
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ErrorPayload> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| io_error(path, e))?;
    f.write_all(bytes).map_err(|e| io_error(path, e))?;
    f.sync_all().map_err(|e| io_error(path, e))
}

fn open_in_viewer<R: tauri::Runtime>(app: &tauri::AppHandle<R>, path: &Path) {
    if std::env::var(NO_OPEN_ENV).as_deref() != Ok("1") {
        use tauri_plugin_opener::OpenerExt;
        // The file is there either way; a missing viewer is not an error.
        let _ = app
            .opener()
            .open_path(path.display().to_string(), None::<&str>);
    }
}

/// Asks where to save `bytes` (or uses the unattended folder), writes them
/// (owner-only) and opens the file. None when the user cancelled.
#[tauri::command]
pub async fn save_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    name: String,
    bytes: Bytes,
) -> Result<Option<Saved>, ErrorPayload> {
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(150)
        .collect();
    let target = match std::env::var_os(SAVE_DIR_ENV) {
        Some(dir) => Some(PathBuf::from(dir).join(&name)),
        None => ask_save_path(&app, &name),
    };
    let Some(target) = target else {
        return Ok(None);
    };
    write_private(&target, &bytes.0)?;
    open_in_viewer(&app, &target);
    Ok(Some(Saved {
        path: target.display().to_string(),
        size: bytes.0.len(),
    }))
}

fn ask_save_path<R: tauri::Runtime>(app: &tauri::AppHandle<R>, file_name: &str) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("pdf")
        .to_string();
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(ext.to_uppercase(), &[ext.as_str()]);
    if let Ok(docs) = app.path().document_dir() {
        dialog = dialog.set_directory(docs);
    }
    dialog.blocking_save_file()?.into_path().ok()
}

#[derive(Debug, Serialize)]
pub struct Picked {
    pub name: String,
    pub bytes: Bytes,
}

/// Asks for a file (or takes the unattended one for `purpose`: "import",
/// "attach" or "logo") and reads it. None when the user cancelled.
#[tauri::command]
pub async fn pick_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    purpose: String,
    extensions: Vec<String>,
) -> Result<Option<Picked>, ErrorPayload> {
    let env = match purpose.as_str() {
        "import" => IMPORT_FILE_ENV,
        "logo" => LOGO_FILE_ENV,
        _ => ATTACH_FILE_ENV,
    };
    let path = match std::env::var_os(env) {
        Some(p) => PathBuf::from(p),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let exts: Vec<&str> = extensions.iter().map(String::as_str).take(20).collect();
            let mut d = app.dialog().file();
            if !exts.is_empty() {
                d = d.add_filter("", &exts);
            }
            match d.blocking_pick_file().and_then(|f| f.into_path().ok()) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(&path).map_err(|e| io_error(&path, e))?;
    if meta.len() > MAX_PICK_BYTES {
        return Err(desk_core::api::sheets::check_import_size(meta.len(), &name)
            .err()
            .unwrap_or_else(|| DeskError::io(&path, "too large"))
            .to_payload(Lang::default()));
    }
    let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
    Ok(Some(Picked {
        name,
        bytes: Bytes(bytes),
    }))
}

/// The private folder previews go to (owner-only; emptied at start and exit).
pub fn preview_dir() -> PathBuf {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".into());
    std::env::temp_dir().join(format!("complaint-desk-preview-{user}"))
}

/// Removes every preview file.
pub fn clear_previews() {
    let _ = std::fs::remove_dir_all(preview_dir());
}

/// Writes `bytes` to a file named `prefix` + `name` (made safe) in the
/// private folder of previews and print jobs (owner-only; emptied at start
/// and exit); its path.
pub fn private_temp_file(prefix: &str, name: &str, bytes: &[u8]) -> Result<PathBuf, ErrorPayload> {
    let dir = preview_dir();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir);
    }
    #[cfg(not(unix))]
    let _ = std::fs::create_dir_all(&dir);
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(100)
        .collect();
    let path = dir.join(format!("{prefix}{safe}"));
    write_private(&path, bytes)?;
    Ok(path)
}

/// Shows a PDF that is not issued (a template preview) in the system viewer
/// from a private temporary file, removed when the app starts or quits.
#[tauri::command]
pub async fn open_preview<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    name: String,
    bytes: Bytes,
) -> Result<Saved, ErrorPayload> {
    let path = private_temp_file("预览-", &name, &bytes.0)?;
    open_in_viewer(&app, &path);
    Ok(Saved {
        path: path.display().to_string(),
        size: bytes.0.len(),
    })
}
