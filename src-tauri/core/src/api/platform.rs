// The desktop shell's own commands (not operations of the register): the
// file dialogs, the preview, opening an encrypted register, where the
// register is (this computer or the office's host) and sharing it. Plain data, so
// the shell's build script can read it too (`include!`), and the capability
// file lists exactly these beside the operations.

/// Commands only the desktop shell has; a browser seat does these itself.
pub const PLATFORM_COMMANDS: &[&str] = &[
    "register_status",
    "open_register",
    "save_file",
    "pick_file",
    "open_preview",
    "connection_status",
    "use_local_register",
    "connect_to_host",
    "share_register",
    "share_status",
    "stop_sharing",
    "list_printers",
    "print_pdf",
];

/// The shell's updater (its own plugin `desk-update`): the permissions the
/// window is granted for it.
pub const UPDATER_COMMANDS: &[&str] = &["status", "set_endpoint", "check", "install", "from_file"];

/// Tauri's own permissions the window needs: hearing the shell's events
/// (the change feed `desk-changes` and `desk-connection`), nothing else.
pub const CORE_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];
