/// The app's own commands. Listing them makes Tauri generate one permission
/// per command, so the capability file grants exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "app_info",
    "setup_office",
    "set_language",
    "get_policy",
    "create_case",
    "get_case",
    "list_cases",
    "find_by_query_code",
    "save_draft",
    "load_draft",
    "discard_draft",
    "get_settings",
    "update_settings",
    "export_document",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
