//! Updates of the installed program, as the app's own plugin `desk-update`:
//! signed packages from an address the office sets at run time (through the
//! Tauri updater plugin), or "update from a file" for an office without one
//! (the same signature check, then the system's installer). The register is
//! not touched here: the new version migrates it on its next start, after the
//! core has backed it up.
//!
//! Register with `.plugin(tauri_plugin_updater::Builder::new().build())` and
//! `.plugin(updater::init(guard))`; `guard` says who may update (and in which
//! language to answer). Commands, for the UI:
//! `plugin:desk-update|status`, `|set_endpoint {endpoint}`, `|check`,
//! `|install`, `|from_file`.

mod check;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use check::{endpoint_url, verify_package, PackageKind, UpdateError};
use desk_core::{ErrorPayload, Lang};
use semver::Version;
use serde::{Deserialize, Serialize};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_updater::UpdaterExt;

/// The update address; when set it wins over the one saved in the settings.
pub const UPDATE_URL_ENV: &str = "COMPLAINT_DESK_UPDATE_URL";
/// When set, "update from a file" takes this file without asking (unattended runs).
pub const UPDATE_FILE_ENV: &str = "COMPLAINT_DESK_UPDATE_FILE";
/// The per-user settings file in the app's config folder.
const SETTINGS_FILE: &str = "update.json";

/// Says whether the caller may update (Ok with the language to answer in) or why not.
pub type Guard<R> = dyn Fn(&AppHandle<R>) -> Result<Lang, ErrorPayload> + Send + Sync;
struct Gate<R: Runtime>(Arc<Guard<R>>);

type CmdResult<T> = Result<T, ErrorPayload>;

/// The `desk-update` plugin (the Tauri updater plugin must be registered too).
pub fn init<R: Runtime>(
    guard: impl Fn(&AppHandle<R>) -> Result<Lang, ErrorPayload> + Send + Sync + 'static,
) -> TauriPlugin<R> {
    tauri::plugin::Builder::new("desk-update")
        .invoke_handler(tauri::generate_handler![
            status,
            set_endpoint,
            check,
            install,
            from_file
        ])
        .setup(move |app, _api| {
            app.manage(Gate::<R>(Arc::new(guard)));
            Ok(())
        })
        .build()
}

/// What the settings screen shows.
#[derive(Debug, Serialize)]
pub struct UpdateStatus {
    /// The running version.
    pub version: String,
    /// The package this copy was installed from (`.deb`, …), or None when built from source.
    pub installed_from: Option<&'static str>,
    /// The update address in use, if any.
    pub endpoint: Option<String>,
    /// True when the address comes from the environment (and cannot be changed here).
    pub endpoint_from_env: bool,
    /// False when this build has no public key: updates are then off.
    pub has_key: bool,
}

/// An update offered by the update address.
#[derive(Debug, Serialize)]
pub struct UpdateOffer {
    pub version: String,
    pub notes: Option<String>,
    pub date: Option<String>,
}

/// An update that was installed; the new version runs after a restart
/// (on Windows the installer restarts the program itself).
#[derive(Debug, Serialize)]
pub struct Installed {
    pub version: String,
    pub restart_needed: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Settings {
    endpoint: Option<String>,
}

fn lang_of<R: Runtime>(app: &AppHandle<R>, gate: &Gate<R>) -> CmdResult<Lang> {
    (gate.0)(app)
}

#[tauri::command]
fn status<R: Runtime>(app: AppHandle<R>, gate: State<'_, Gate<R>>) -> CmdResult<UpdateStatus> {
    let lang = lang_of(&app, &gate)?;
    let env = env_endpoint();
    let endpoint = match &env {
        Some(e) => Some(e.clone()),
        None => load_settings(&app).map_err(|e| e.payload(lang))?.endpoint,
    };
    Ok(UpdateStatus {
        version: app.package_info().version.to_string(),
        installed_from: installed_kind().map(PackageKind::label),
        endpoint,
        endpoint_from_env: env.is_some(),
        has_key: !public_key(&app).is_empty(),
    })
}

/// Saves the update address (None or "" clears it) after checking it.
#[tauri::command]
fn set_endpoint<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, Gate<R>>,
    endpoint: Option<String>,
) -> CmdResult<Option<String>> {
    let lang = lang_of(&app, &gate)?;
    let endpoint = endpoint
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    if let Some(e) = &endpoint {
        endpoint_url(e).map_err(|err| err.payload(lang))?;
    }
    save_settings(
        &app,
        &Settings {
            endpoint: endpoint.clone(),
        },
    )
    .map_err(|e| e.payload(lang))?;
    Ok(endpoint)
}

/// Asks the update address whether a newer version is published.
#[tauri::command]
async fn check<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, Gate<R>>,
) -> CmdResult<Option<UpdateOffer>> {
    let lang = lang_of(&app, &gate)?;
    let (update, _) = find_update(&app).await.map_err(|e| e.payload(lang))?;
    Ok(update.map(|u| UpdateOffer {
        version: u.version.clone(),
        notes: u.body.clone(),
        date: u.date.map(|d| d.to_string()),
    }))
}

/// Downloads the newer version from the update address, checks its
/// signature (in the plugin) and installs it.
#[tauri::command]
async fn install<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, Gate<R>>,
) -> CmdResult<Option<Installed>> {
    let lang = lang_of(&app, &gate)?;
    let (update, endpoint) = find_update(&app).await.map_err(|e| e.payload(lang))?;
    let Some(update) = update else {
        return Ok(None);
    };
    update
        .download_and_install(|_, _| {}, || {})
        .await
        .map_err(|e| plugin_error(e, &endpoint).payload(lang))?;
    Ok(Some(Installed {
        version: update.version.clone(),
        restart_needed: true,
    }))
}

/// Installs a newer version from an installer file and its `.sig` beside it,
/// after checking the signature against this build's public key.
#[tauri::command]
async fn from_file<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, Gate<R>>,
) -> CmdResult<Option<Installed>> {
    let lang = lang_of(&app, &gate)?;
    let Some(path) = pick_file(&app) else {
        return Ok(None);
    };
    let installed = &app.package_info().version;
    let run = || -> Result<Installed, UpdateError> {
        let (bytes, version) = read_signed(&path, &public_key(&app), installed)?;
        check_kind(&bytes, installed_kind())?;
        install_file(&app, &path, &bytes)?;
        Ok(Installed {
            version: version.to_string(),
            restart_needed: true,
        })
    };
    run().map(Some).map_err(|e| e.payload(lang))
}

/// Reads the package and its `.sig` once and checks the signature and the
/// version. The bytes returned are the ones that were checked, so they are
/// what gets installed.
pub fn read_signed(
    path: &Path,
    pubkey: &str,
    installed: &Version,
) -> Result<(Vec<u8>, Version), UpdateError> {
    if pubkey.is_empty() {
        return Err(UpdateError::NoKey);
    }
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| UpdateError::FileUnreadable {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > check::MAX_PACKAGE_BYTES {
        return Err(UpdateError::FileTooLarge {
            path: shown,
            bytes: size,
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let mut sig_path = path.as_os_str().to_owned();
    sig_path.push(".sig");
    let sig_path = PathBuf::from(sig_path);
    let signature = match std::fs::metadata(&sig_path) {
        Ok(m) if m.len() <= 64 * 1024 => std::fs::read_to_string(&sig_path).ok(),
        Ok(_) => return Err(UpdateError::SignatureMalformed),
        Err(_) => None,
    }
    .ok_or_else(|| UpdateError::SignatureMissing {
        sig_path: sig_path.display().to_string(),
    })?;
    let version = verify_package(&bytes, &signature, pubkey, installed)?;
    Ok((bytes, version))
}

/// The file must be the kind of package this copy was installed from.
pub fn check_kind(bytes: &[u8], installed: Option<PackageKind>) -> Result<(), UpdateError> {
    let installed = installed.ok_or(UpdateError::NotInstalledFromPackage)?;
    match PackageKind::detect(bytes) {
        Some(file) if file == installed => Ok(()),
        Some(file) => Err(UpdateError::WrongKind {
            file: file.label(),
            installed: installed.label(),
        }),
        None => Err(UpdateError::NotAPackage {
            installed: installed.label(),
        }),
    }
}

/// The package kind this copy was installed from (the bundler marks the binary).
pub fn installed_kind() -> Option<PackageKind> {
    tauri::utils::platform::bundle_type().map(PackageKind::of_bundle)
}

fn public_key<R: Runtime>(app: &AppHandle<R>) -> String {
    app.config()
        .plugins
        .0
        .get("updater")
        .and_then(|u| u.get("pubkey"))
        .and_then(|k| k.as_str())
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn env_endpoint() -> Option<String> {
    std::env::var(UPDATE_URL_ENV)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn settings_path<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, UpdateError> {
    app.path()
        .app_config_dir()
        .map(|d| d.join(SETTINGS_FILE))
        .map_err(|e| UpdateError::Settings {
            detail: e.to_string(),
        })
}

fn load_settings<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, UpdateError> {
    let path = settings_path(app)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| UpdateError::Settings {
            detail: format!("{}: {e}", path.display()),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(UpdateError::Settings {
            detail: format!("{}: {e}", path.display()),
        }),
    }
}

fn save_settings<R: Runtime>(app: &AppHandle<R>, s: &Settings) -> Result<(), UpdateError> {
    let path = settings_path(app)?;
    let fail = |e: std::io::Error| UpdateError::Settings {
        detail: format!("{}: {e}", path.display()),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let text = serde_json::to_string_pretty(s).unwrap_or_default();
    std::fs::write(&path, text).map_err(fail)
}

/// The update the address offers, if newer, and the address asked.
async fn find_update<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<(Option<tauri_plugin_updater::Update>, String), UpdateError> {
    if public_key(app).is_empty() {
        return Err(UpdateError::NoKey);
    }
    let given = match env_endpoint() {
        Some(e) => e,
        None => load_settings(app)?
            .endpoint
            .ok_or(UpdateError::NoEndpoint)?,
    };
    let url = endpoint_url(&given)?;
    let shown = url.to_string();
    let updater = app
        .updater_builder()
        .timeout(std::time::Duration::from_secs(60))
        .endpoints(vec![url])
        .and_then(|b| b.build())
        .map_err(|e| plugin_error(e, &shown))?;
    let update = updater.check().await.map_err(|e| plugin_error(e, &shown))?;
    Ok((update, shown))
}

/// The plugin's errors, in the same words as "update from a file".
fn plugin_error(e: tauri_plugin_updater::Error, endpoint: &str) -> UpdateError {
    use tauri_plugin_updater::Error as P;
    match e {
        P::Minisign(minisign_verify::Error::UnexpectedKeyId) => UpdateError::SignedByAnotherKey,
        P::Minisign(minisign_verify::Error::InvalidSignature) => UpdateError::Tampered,
        P::Minisign(_) | P::Base64(_) | P::SignatureUtf8(_) => UpdateError::SignatureMalformed,
        P::MissingSignedVersion | P::SignedVersionMismatch { .. } => UpdateError::Unversioned,
        P::AuthenticationFailed | P::PackageInstallFailed | P::DebInstallFailed => {
            UpdateError::InstallFailed {
                detail: e.to_string(),
            }
        }
        other => UpdateError::Fetch {
            endpoint: endpoint.to_string(),
            detail: other.to_string(),
        },
    }
}

fn pick_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(UPDATE_FILE_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .add_filter(
            "安装包 / installer",
            &["deb", "rpm", "AppImage", "exe", "msi", "gz"],
        )
        .blocking_pick_file()?
        .into_path()
        .ok()
}

/// Hands the checked bytes to the system's installer (from a private copy,
/// so the file cannot change between the check and the install).
fn install_file<R: Runtime>(
    app: &AppHandle<R>,
    source: &Path,
    bytes: &[u8],
) -> Result<(), UpdateError> {
    let failed = |e: std::io::Error| UpdateError::InstallFailed {
        detail: e.to_string(),
    };
    let kind = installed_kind().ok_or(UpdateError::NotInstalledFromPackage)?;
    if kind == PackageKind::AppImage {
        return replace_appimage(bytes);
    }
    if kind == PackageKind::MacArchive {
        return Err(UpdateError::Unsupported);
    }
    let dir = private_dir().map_err(failed)?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "update".into());
    let copy = dir.join(name);
    std::fs::write(&copy, bytes).map_err(failed)?;
    let result = run_installer(app, kind, &copy, source);
    if !matches!(kind, PackageKind::Nsis | PackageKind::Msi) {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn private_dir() -> std::io::Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!(
        "complaint-desk-update-{}-{stamp}",
        std::process::id()
    ));
    std::fs::create_dir(&dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

fn run_installer<R: Runtime>(
    app: &AppHandle<R>,
    kind: PackageKind,
    copy: &Path,
    source: &Path,
) -> Result<(), UpdateError> {
    let mut cmd = match kind {
        PackageKind::Deb | PackageKind::Rpm => {
            let (tool, arg) = if kind == PackageKind::Deb {
                ("dpkg", "-i")
            } else {
                ("rpm", "-U")
            };
            if is_root() {
                let mut c = std::process::Command::new(tool);
                c.arg(arg).arg(copy);
                c
            } else if which("pkexec") {
                let mut c = std::process::Command::new("pkexec");
                c.arg(tool).arg(arg).arg(copy);
                c
            } else {
                let manager = if kind == PackageKind::Deb {
                    "apt-get install"
                } else {
                    "dnf install"
                };
                return Err(UpdateError::NeedsAdministrator {
                    command: format!("sudo {manager} '{}'", source.display()),
                });
            }
        }
        PackageKind::Nsis => {
            let mut c = std::process::Command::new(copy);
            c.args(["/P", "/R"]);
            c
        }
        PackageKind::Msi => {
            let mut c = std::process::Command::new("msiexec");
            c.arg("/i")
                .arg(copy)
                .args(["/passive", "AUTOLAUNCHAPP=True"]);
            c
        }
        PackageKind::AppImage | PackageKind::MacArchive => return Err(UpdateError::Unsupported),
    };
    if matches!(kind, PackageKind::Nsis | PackageKind::Msi) {
        // The Windows installer replaces the running program: start it and quit.
        cmd.spawn().map_err(|e| UpdateError::InstallFailed {
            detail: e.to_string(),
        })?;
        app.exit(0);
        return Ok(());
    }
    let out = cmd.output().map_err(|e| UpdateError::InstallFailed {
        detail: e.to_string(),
    })?;
    if out.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = text.lines().rev().take(3).collect();
    Err(UpdateError::InstallFailed {
        detail: tail.into_iter().rev().collect::<Vec<_>>().join(" "),
    })
}

/// An AppImage updates by replacing its own file (where `APPIMAGE` points).
fn replace_appimage(bytes: &[u8]) -> Result<(), UpdateError> {
    let failed = |e: std::io::Error| UpdateError::InstallFailed {
        detail: e.to_string(),
    };
    let target = std::env::var_os("APPIMAGE")
        .map(PathBuf::from)
        .ok_or(UpdateError::NotInstalledFromPackage)?;
    let mut tmp = target.as_os_str().to_owned();
    tmp.push(".new");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).map_err(failed)?;
    }
    std::fs::rename(&tmp, &target).map_err(failed)
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().nth(1).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}
