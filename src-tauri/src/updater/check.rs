//! The pure half of updates: what an update file or an update address must
//! be before anything is installed, and every refusal in Chinese and English.
//! The signature check is the one the Tauri updater plugin makes (minisign,
//! the key and the `.sig` file both base64 text as the Tauri CLI writes them),
//! plus the version the signature was made for, which must be newer.

use base64::Engine;
use desk_core::{ErrorPayload, Lang};
use minisign_verify::{PublicKey, Signature};
use semver::Version;

/// Larger files are refused before they are read (installers are ~10-30 MB).
pub const MAX_PACKAGE_BYTES: u64 = 512 * 1024 * 1024;
/// Longest update address accepted.
pub const MAX_ENDPOINT_CHARS: usize = 2000;

/// Why an update was refused or failed, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    NoKey,
    NoEndpoint,
    BadEndpoint {
        given: String,
    },
    FileUnreadable {
        path: String,
        reason: String,
    },
    FileTooLarge {
        path: String,
        bytes: u64,
    },
    SignatureMissing {
        sig_path: String,
    },
    SignatureMalformed,
    SignedByAnotherKey,
    Tampered,
    Unversioned,
    NotNewer {
        file: String,
        installed: String,
    },
    NotInstalledFromPackage,
    WrongKind {
        file: &'static str,
        installed: &'static str,
    },
    NotAPackage {
        installed: &'static str,
    },
    Unsupported,
    NeedsAdministrator {
        command: String,
    },
    InstallFailed {
        detail: String,
    },
    Fetch {
        endpoint: String,
        detail: String,
    },
    Settings {
        detail: String,
    },
}

impl UpdateError {
    pub fn code(&self) -> &'static str {
        match self {
            UpdateError::NoKey => "update_no_key",
            UpdateError::NoEndpoint => "update_no_endpoint",
            UpdateError::BadEndpoint { .. } => "update_bad_endpoint",
            UpdateError::FileUnreadable { .. } => "update_file_unreadable",
            UpdateError::FileTooLarge { .. } => "update_file_too_large",
            UpdateError::SignatureMissing { .. } => "update_signature_missing",
            UpdateError::SignatureMalformed => "update_signature_malformed",
            UpdateError::SignedByAnotherKey => "update_other_key",
            UpdateError::Tampered => "update_tampered",
            UpdateError::Unversioned => "update_unversioned",
            UpdateError::NotNewer { .. } => "update_not_newer",
            UpdateError::NotInstalledFromPackage => "update_not_packaged",
            UpdateError::WrongKind { .. } => "update_wrong_kind",
            UpdateError::NotAPackage { .. } => "update_not_a_package",
            UpdateError::Unsupported => "update_unsupported",
            UpdateError::NeedsAdministrator { .. } => "update_needs_administrator",
            UpdateError::InstallFailed { .. } => "update_install_failed",
            UpdateError::Fetch { .. } => "update_fetch_failed",
            UpdateError::Settings { .. } => "update_settings",
        }
    }

    /// The message for the user, saying what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        use UpdateError as E;
        match self {
            E::NoKey => lang.pick(
                "此安装包没有内置更新公钥，不能更新。请安装带有本单位公钥的安装包（见 README「安装与更新」）。",
                "This build carries no update key, so it cannot update. Install a package built with your office's public key (see the README, Installing and updating).",
            ),
            E::NoEndpoint => lang.pick(
                "尚未设置更新地址。请在设置中填写本单位的更新地址，或使用“从文件更新”。",
                "No update address is set. Enter your office's update address in the settings, or use Update from a file.",
            ),
            E::BadEndpoint { given } => lang.pick(
                format!("更新地址“{given}”无效：应以 http:// 或 https:// 开头，例如 http://内网服务器/complaint-desk/（不超过 {MAX_ENDPOINT_CHARS} 个字符）。"),
                format!("The update address \"{given}\" is not valid: it must start with http:// or https://, e.g. http://intranet-server/complaint-desk/ (at most {MAX_ENDPOINT_CHARS} characters)."),
            ),
            E::FileUnreadable { path, reason } => lang.pick(
                format!("无法读取更新文件 {path}：{reason}。请检查文件是否存在、是否有读取权限。"),
                format!("Cannot read the update file {path}: {reason}. Check that it exists and may be read."),
            ),
            E::FileTooLarge { path, bytes } => lang.pick(
                format!("{path} 有 {bytes} 字节，不是本程序的安装包（安装包不超过 {MAX_PACKAGE_BYTES} 字节）。"),
                format!("{path} has {bytes} bytes: it is not this program's installer (at most {MAX_PACKAGE_BYTES} bytes)."),
            ),
            E::SignatureMissing { sig_path } => lang.pick(
                format!("找不到签名文件 {sig_path}。请把安装包和与它同名、以 .sig 结尾的签名文件一起复制到同一文件夹。"),
                format!("The signature file {sig_path} is missing. Copy the installer together with its signature (same name ending in .sig) into one folder."),
            ),
            E::SignatureMalformed => lang.pick(
                "签名文件已损坏或不是本程序的签名文件（.sig）。请重新复制发布的签名文件。",
                "The signature file is damaged or not an update signature (.sig). Copy the published signature file again.",
            ),
            E::SignedByAnotherKey => lang.pick(
                "拒绝更新：此文件不是用本单位的密钥签名的（签名来自另一个密钥）。请只使用本单位发布的安装包。",
                "Update refused: this file was not signed with your office's key (it is signed by another key). Use only packages your office published.",
            ),
            E::Tampered => lang.pick(
                "拒绝更新：签名与文件内容不符，文件在签名后被改动或已损坏。请重新复制发布的安装包。",
                "Update refused: the signature does not match the file, which was changed after signing or is damaged. Copy the published package again.",
            ),
            E::Unversioned => lang.pick(
                "拒绝更新：签名中没有注明版本号。请用 tauri signer sign --app-version 重新签名。",
                "Update refused: the signature does not say which version it was made for. Sign it again with tauri signer sign --app-version.",
            ),
            E::NotNewer { file, installed } => lang.pick(
                format!("此更新文件是 {file} 版，不比已安装的 {installed} 版新，不予安装。"),
                format!("This update file is version {file}, not newer than the installed {installed}; it is not installed."),
            ),
            E::NotInstalledFromPackage => lang.pick(
                "此程序不是用安装包安装的（例如自行编译的版本），不能自动更新。请用系统的安装程序安装新版本。",
                "This copy was not installed from a package (e.g. built from source), so it cannot update itself. Install the new version with the system's installer.",
            ),
            E::WrongKind { file, installed } => lang.pick(
                format!("文件类型不符：这是 {file} 安装包，而本机安装的是 {installed} 版本。请选择 {installed} 安装包。"),
                format!("Wrong kind of file: this is a {file} package, but this computer has the {installed} version installed. Pick the {installed} package."),
            ),
            E::NotAPackage { installed } => lang.pick(
                format!("此文件不是安装包。请选择本程序新版本的 {installed} 安装包。"),
                format!("This file is not an installer. Pick the new version's {installed} package."),
            ),
            E::Unsupported => lang.pick(
                "此系统不支持从文件更新。请打开新版本的安装包手动安装。",
                "Updating from a file is not supported on this system. Open the new version's installer and install it by hand.",
            ),
            E::NeedsAdministrator { command } => lang.pick(
                format!("安装需要管理员权限，但找不到 pkexec。请让管理员在终端中运行：{command}"),
                format!("Installing needs administrator rights, but pkexec is missing. Ask an administrator to run in a terminal: {command}"),
            ),
            E::InstallFailed { detail } => lang.pick(
                format!("签名已验证，但安装失败：{detail}。程序未改动，请稍后重试或联系管理员。"),
                format!("The signature was verified but installing failed: {detail}. Nothing was changed; try again or ask an administrator."),
            ),
            E::Fetch { endpoint, detail } => lang.pick(
                format!("无法从 {endpoint} 获取更新：{detail}。请检查更新地址和网络，或使用“从文件更新”。"),
                format!("Could not get the update from {endpoint}: {detail}. Check the address and the network, or use Update from a file."),
            ),
            E::Settings { detail } => lang.pick(
                format!("无法保存或读取更新设置：{detail}"),
                format!("Cannot save or read the update settings: {detail}"),
            ),
        }
    }

    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.message(lang),
            fields: Vec::new(),
        }
    }
}

/// What an installer file is, from its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageKind {
    Deb,
    Rpm,
    AppImage,
    Nsis,
    Msi,
    MacArchive,
}

impl PackageKind {
    pub fn label(self) -> &'static str {
        match self {
            PackageKind::Deb => ".deb",
            PackageKind::Rpm => ".rpm",
            PackageKind::AppImage => "AppImage",
            PackageKind::Nsis => "Windows setup .exe",
            PackageKind::Msi => ".msi",
            PackageKind::MacArchive => "macOS .app.tar.gz",
        }
    }

    /// The kind of package this copy of the program was installed from.
    pub fn of_bundle(bundle: tauri::utils::config::BundleType) -> PackageKind {
        use tauri::utils::config::BundleType as B;
        match bundle {
            B::Deb => PackageKind::Deb,
            B::Rpm => PackageKind::Rpm,
            B::AppImage => PackageKind::AppImage,
            B::Msi => PackageKind::Msi,
            B::Nsis => PackageKind::Nsis,
            B::App | B::Dmg => PackageKind::MacArchive,
        }
    }

    pub fn detect(bytes: &[u8]) -> Option<PackageKind> {
        if bytes.starts_with(b"!<arch>\ndebian-binary") {
            Some(PackageKind::Deb)
        } else if bytes.starts_with(&[0xED, 0xAB, 0xEE, 0xDB]) {
            Some(PackageKind::Rpm)
        } else if bytes.starts_with(b"\x7fELF") && bytes.get(8..11) == Some(b"AI\x02") {
            Some(PackageKind::AppImage)
        } else if bytes.starts_with(b"MZ") {
            Some(PackageKind::Nsis)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some(PackageKind::Msi)
        } else if bytes.starts_with(&[0x1F, 0x8B]) {
            Some(PackageKind::MacArchive)
        } else {
            None
        }
    }
}

/// Checks `bytes` against the `.sig` text with the base64 public key, the way
/// the updater plugin does, and returns the version the file was signed for,
/// which must be newer than `installed`.
pub fn verify_package(
    bytes: &[u8],
    signature_b64: &str,
    pubkey_b64: &str,
    installed: &Version,
) -> Result<Version, UpdateError> {
    let key_text = decode_b64(pubkey_b64).ok_or(UpdateError::NoKey)?;
    let key = PublicKey::decode(&key_text).map_err(|_| UpdateError::NoKey)?;
    let sig_text = decode_b64(signature_b64).ok_or(UpdateError::SignatureMalformed)?;
    let signature = Signature::decode(&sig_text).map_err(|_| UpdateError::SignatureMalformed)?;
    key.verify(bytes, &signature, true).map_err(|e| match e {
        minisign_verify::Error::UnexpectedKeyId => UpdateError::SignedByAnotherKey,
        minisign_verify::Error::InvalidSignature => UpdateError::Tampered,
        _ => UpdateError::SignatureMalformed,
    })?;
    // Only now is the trusted comment trustworthy: the global signature covers it.
    let signed = signature
        .trusted_comment()
        .split('\t')
        .find_map(|field| field.strip_prefix("version:"))
        .ok_or(UpdateError::Unversioned)?;
    let version = Version::parse(signed.trim().trim_start_matches('v'))
        .map_err(|_| UpdateError::Unversioned)?;
    if &version <= installed {
        return Err(UpdateError::NotNewer {
            file: version.to_string(),
            installed: installed.to_string(),
        });
    }
    Ok(version)
}

fn decode_b64(text: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// The update manifest's address from what the office typed: a folder
/// (`http://server/desk/` → `…/desk/latest.json`), a `.json` file, or a
/// server URL with `{{target}}`-style variables, kept as it is.
pub fn endpoint_url(given: &str) -> Result<tauri::Url, UpdateError> {
    let trimmed = given.trim();
    let bad = || UpdateError::BadEndpoint {
        given: trimmed.chars().take(200).collect(),
    };
    if trimmed.is_empty() || trimmed.chars().count() > MAX_ENDPOINT_CHARS {
        return Err(bad());
    }
    let url = tauri::Url::parse(trimmed).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad());
    }
    if trimmed.contains("%7B%7B") || trimmed.contains("{{") || url.path().ends_with(".json") {
        return Ok(url);
    }
    let folder = if url.path().ends_with('/') {
        url
    } else {
        tauri::Url::parse(&format!("{}/", url.as_str())).map_err(|_| bad())?
    };
    folder.join("latest.json").map_err(|_| bad())
}
