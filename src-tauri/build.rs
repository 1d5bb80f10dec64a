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
    "act",
    "record_defence",
    "record_interview",
    "stop_clock",
    "extend_deadline",
    "get_deadlines",
    "due_board",
    "get_calendar",
    "set_calendar_year",
    "record_evidence",
    "record_site_check",
    "declare_recusal",
    "link_cases",
    "verify_attachments",
    "list_templates",
    "save_template",
    "reset_template",
    "preview_template",
    "preview_pdf",
    "issue_document",
    "issued_documents",
    "reprint_document",
    "batch_reply_letters",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
