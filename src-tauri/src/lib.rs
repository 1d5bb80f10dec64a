//! The thin Tauri shell: it finds the register file, holds the core's
//! `Register`, and turns each command into one call of the core API.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use desk_core::accountability::{Flag, HandlerStats};
use desk_core::accounts::{NewUser, SessionState, UserUpdate, UserView};
use desk_core::audit::AuditReport;
use desk_core::backup::BackupInfo;
use desk_core::calendar::{CalendarFile, YearArrangement};
use desk_core::docs::templates::DocType;
use desk_core::docs::ChartImage;
use desk_core::documents::{IssuedDoc, PreviewBlock, TemplateView};
use desk_core::handling::{
    Action, AttachmentCheck, DeadlineView, Defence, DueItem, Evidence, Extension, Interview,
    Recusal, SiteCheck,
};
use desk_core::model::{
    CaseInput, CaseSummary, ListQuery, LogoInfo, OfficeInfo, Page, QueryCodeView,
};
use desk_core::policy::{DeadlineRule, Policy};
use desk_core::privacy::{AnonymisationDue, CaseView, PersonQuery};
use desk_core::register::{AppInfo, DocKind, Settings, SetupRequest};
use desk_core::report::Period;
use desk_core::rewards::{Payment, ProposalInput, RewardPolicy, RewardRange, RewardState};
use desk_core::sheets::{ColumnMapping, ImportMode, ImportPreview, ImportReport};
use desk_core::stats::{Dashboard, StatsQuery};
use desk_core::{DeskError, ErrorPayload, Lang, Register, SystemClock};
use serde::{Deserialize, Serialize};
use tauri::{Manager, State};

/// Environment variable naming the register file (the `--db` flag wins).
pub const DB_ENV: &str = "COMPLAINT_DESK_DB";
/// When set, documents are saved into this folder without asking (unattended runs).
pub const SAVE_DIR_ENV: &str = "COMPLAINT_DESK_SAVE_DIR";
/// When set, this file is attached as evidence without asking (unattended runs).
pub const ATTACH_FILE_ENV: &str = "COMPLAINT_DESK_ATTACH_FILE";
/// When set, this spreadsheet is imported without asking (unattended runs).
pub const IMPORT_FILE_ENV: &str = "COMPLAINT_DESK_IMPORT_FILE";
/// When set to 1, saved documents are not opened in the system viewer.
pub const NO_OPEN_ENV: &str = "COMPLAINT_DESK_NO_OPEN";

/// The register, or why it could not be opened (shown to the user, not a panic).
pub struct Desk {
    register: Mutex<Result<Register, DeskError>>,
    db_path: PathBuf,
    /// The spreadsheet being imported: its name and bytes, read once when
    /// picked, so the preview and the commit see the same file.
    import_file: Mutex<Option<(String, Vec<u8>)>>,
}

type CmdResult<T> = Result<T, ErrorPayload>;

impl Desk {
    pub fn open(path: &Path) -> Self {
        Desk {
            register: Mutex::new(Register::open(path, Arc::new(SystemClock))),
            db_path: path.to_path_buf(),
            import_file: Mutex::new(None),
        }
    }

    /// Runs `f` on the open register, mapping any error to `{code, message}`.
    fn with<T>(&self, f: impl FnOnce(&mut Register) -> Result<T, DeskError>) -> CmdResult<T> {
        let mut guard = self.register.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *guard {
            Ok(reg) => {
                let lang = reg.lang();
                f(reg).map_err(|e| e.to_payload(lang))
            }
            Err(e) => Err(reopen_error(e, &self.db_path)),
        }
    }
}

fn reopen_error(e: &DeskError, path: &Path) -> ErrorPayload {
    let mut p = e.to_payload(Lang::default());
    if !p.message.contains(&path.display().to_string()) {
        p.message = format!("{}（{}）", p.message, path.display());
    }
    p
}

/// Who acts: the signed-in user; on a register without accounts yet, the
/// OS account name.
fn actor(r: &Register) -> String {
    r.actor_name(&os_user())
}

fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "desk".into())
}

#[tauri::command]
fn app_info(desk: State<'_, Desk>) -> CmdResult<AppInfo> {
    desk.with(|r| r.app_info())
}

#[tauri::command]
fn setup_office(desk: State<'_, Desk>, request: SetupRequest) -> CmdResult<AppInfo> {
    desk.with(|r| r.setup(&request, &actor(r)))
}

#[tauri::command]
fn set_language(desk: State<'_, Desk>, lang: Lang) -> CmdResult<AppInfo> {
    desk.with(|r| {
        r.set_lang(lang)?;
        r.app_info()
    })
}

#[tauri::command]
fn dashboard(desk: State<'_, Desk>, query: StatsQuery) -> CmdResult<Dashboard> {
    desk.with(|r| r.dashboard(&query))
}

/// The register (or the filtered list) as CSV, identities masked.
#[tauri::command]
async fn export_register_csv<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    query: ListQuery,
) -> CmdResult<Option<Exported>> {
    let (csv, lang) = desk.with(|r| Ok((r.export_csv(&query)?, r.lang())))?;
    save_and_open(&app, "登记簿.csv", csv.as_bytes(), lang)
}

/// The periodic report as PDF with the charts the UI drew (PNG), saved
/// through the save dialog (or the unattended folder) and opened.
#[tauri::command]
async fn export_period_report_pdf<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    period: Period,
    filter: StatsQuery,
    charts: Vec<ChartImage>,
) -> CmdResult<Option<Exported>> {
    let (pdf, title, lang) = desk.with(|r| {
        Ok((
            r.period_report_pdf(&period, &filter, &charts)?,
            period.title_zh()?,
            r.lang(),
        ))
    })?;
    save_and_open(&app, &format!("{title}.pdf"), &pdf, lang)
}

/// The periodic report's figures as an XLSX workbook, saved and opened.
#[tauri::command]
async fn export_period_report_xlsx<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    period: Period,
    filter: StatsQuery,
) -> CmdResult<Option<Exported>> {
    let (xlsx, title, lang) = desk.with(|r| {
        Ok((
            r.period_report_xlsx(&period, &filter)?,
            period.title_zh()?,
            r.lang(),
        ))
    })?;
    save_and_open(&app, &format!("{title}.xlsx"), &xlsx, lang)
}

/// The register (or the filtered list) as XLSX, identities masked like the CSV.
#[tauri::command]
async fn export_register_xlsx<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    query: ListQuery,
) -> CmdResult<Option<Exported>> {
    let (xlsx, lang) = desk.with(|r| Ok((r.export_xlsx(&query)?, r.lang())))?;
    save_and_open(&app, "登记簿.xlsx", &xlsx, lang)
}

/// Asks which spreadsheet to import (or takes COMPLAINT_DESK_IMPORT_FILE),
/// reads it once and previews it. None when the user cancelled.
#[tauri::command]
async fn import_pick_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
) -> CmdResult<Option<ImportPreview>> {
    let path = match std::env::var_os(IMPORT_FILE_ENV) {
        Some(p) => PathBuf::from(p),
        None => {
            use tauri_plugin_dialog::DialogExt;
            let picked = app
                .dialog()
                .file()
                .add_filter("Excel / CSV", &["xlsx", "xls", "xlsm", "ods", "csv", "txt"])
                .blocking_pick_file();
            match picked.and_then(|f| f.into_path().ok()) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    desk.with(|r| {
        let meta = std::fs::metadata(&path).map_err(|e| DeskError::io(&path, e))?;
        // A huge file is refused before it is read into memory.
        desk_core::sheets::check_import_size(meta.len(), &name)?;
        let bytes = std::fs::read(&path).map_err(|e| DeskError::io(&path, e))?;
        let preview = r.import_preview(&bytes, &name, None)?;
        *desk.import_file.lock().unwrap_or_else(|p| p.into_inner()) = Some((name.clone(), bytes));
        Ok(Some(preview))
    })
}

fn picked_file(desk: &Desk) -> Result<(String, Vec<u8>), DeskError> {
    desk.import_file
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or(DeskError::NotFound {
            what: "import file",
            key: String::new(),
        })
}

/// The preview again, with the columns mapped as the user chose.
#[tauri::command]
fn import_preview(desk: State<'_, Desk>, mapping: ColumnMapping) -> CmdResult<ImportPreview> {
    desk.with(|r| {
        let (name, bytes) = picked_file(&desk)?;
        r.import_preview(&bytes, &name, Some(&mapping))
    })
}

/// Imports the picked file (checked again by the core) in one transaction.
#[tauri::command]
fn import_commit(
    desk: State<'_, Desk>,
    mapping: ColumnMapping,
    mode: ImportMode,
) -> CmdResult<ImportReport> {
    desk.with(|r| {
        let (name, bytes) = picked_file(&desk)?;
        r.import_commit(&bytes, &name, Some(&mapping), mode, &actor(r))
    })
}

#[tauri::command]
fn update_office(desk: State<'_, Desk>, office: OfficeInfo) -> CmdResult<AppInfo> {
    desk.with(|r| {
        r.update_office(&office, &actor(r))?;
        r.app_info()
    })
}

/// The letterhead logo's size, or null when the office has none.
#[tauri::command]
fn letterhead_logo_info(desk: State<'_, Desk>) -> CmdResult<Option<LogoInfo>> {
    desk.with(|r| r.letterhead_logo_info())
}

/// Stores the PNG/JPEG the user picked as the letterhead logo (checked in the
/// core), or removes it when `image` is null.
#[tauri::command]
fn set_letterhead_logo(
    desk: State<'_, Desk>,
    image: Option<Vec<u8>>,
) -> CmdResult<Option<LogoInfo>> {
    desk.with(|r| r.set_letterhead_logo(image.as_deref(), &actor(r)))
}

#[tauri::command]
fn update_deadline_rules(desk: State<'_, Desk>, rules: Vec<DeadlineRule>) -> CmdResult<Policy> {
    desk.with(|r| r.update_deadline_rules(&rules, &actor(r)))
}

#[tauri::command]
fn get_policy(desk: State<'_, Desk>) -> CmdResult<Policy> {
    desk.with(|r| r.policy())
}

#[tauri::command]
fn create_case(desk: State<'_, Desk>, input: CaseInput) -> CmdResult<CaseView> {
    desk.with(|r| {
        let c = r.create_case(&input, &actor(r))?;
        r.case_view(c.id)
    })
}

#[tauri::command]
fn get_case(desk: State<'_, Desk>, id: i64) -> CmdResult<CaseView> {
    desk.with(|r| r.case_view(id))
}

#[tauri::command]
fn list_cases(desk: State<'_, Desk>, query: ListQuery) -> CmdResult<Page<CaseSummary>> {
    desk.with(|r| r.list_cases(&query))
}

#[tauri::command]
fn find_by_query_code(desk: State<'_, Desk>, code: String) -> CmdResult<QueryCodeView> {
    desk.with(|r| r.find_by_query_code(&code))
}

#[tauri::command]
fn save_draft(desk: State<'_, Desk>, key: String, body: serde_json::Value) -> CmdResult<()> {
    desk.with(|r| r.save_draft(&key, &body))
}

#[tauri::command]
fn load_draft(desk: State<'_, Desk>, key: String) -> CmdResult<Option<serde_json::Value>> {
    desk.with(|r| r.load_draft(&key))
}

#[tauri::command]
fn discard_draft(desk: State<'_, Desk>, key: String) -> CmdResult<()> {
    desk.with(|r| r.discard_draft(&key))
}

#[tauri::command]
fn get_settings(desk: State<'_, Desk>) -> CmdResult<Settings> {
    desk.with(|r| r.settings())
}

#[tauri::command]
fn update_settings(desk: State<'_, Desk>, settings: Settings) -> CmdResult<Settings> {
    desk.with(|r| r.update_settings(&settings, &actor(r)))
}

#[derive(Debug, Deserialize)]
struct ActRequest {
    case_id: i64,
    action: Action,
}

/// One workflow step; returns the case as it now stands.
#[tauri::command]
fn act(desk: State<'_, Desk>, request: ActRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.act(request.case_id, &request.action, &actor(r))?;
        r.case_view(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct DefenceRequest {
    case_id: i64,
    defence: Defence,
}

#[tauri::command]
fn record_defence(desk: State<'_, Desk>, request: DefenceRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.record_defence(request.case_id, &request.defence, &actor(r))?;
        r.case_view(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct InterviewRequest {
    case_id: i64,
    interview: Interview,
}

#[tauri::command]
fn record_interview(desk: State<'_, Desk>, request: InterviewRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.record_interview(request.case_id, &request.interview, &actor(r))?;
        r.case_view(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct ClockRequest {
    case_id: i64,
    /// "pause" or "resume"
    op: String,
    /// The first paused day, or the day the clock restarts ("YYYY-MM-DD").
    date: String,
    #[serde(default)]
    reason: String,
}

#[tauri::command]
fn stop_clock(desk: State<'_, Desk>, request: ClockRequest) -> CmdResult<Vec<DeadlineView>> {
    desk.with(|r| {
        if request.op == "resume" {
            r.resume_clock(request.case_id, &request.date, &actor(r))?;
        } else {
            r.pause_clock(request.case_id, &request.date, &request.reason, &actor(r))?;
        }
        r.deadlines(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct ExtendRequest {
    case_id: i64,
    extension: Extension,
}

#[tauri::command]
fn extend_deadline(desk: State<'_, Desk>, request: ExtendRequest) -> CmdResult<Vec<DeadlineView>> {
    desk.with(|r| {
        r.extend(request.case_id, &request.extension, &actor(r))?;
        r.deadlines(request.case_id)
    })
}

#[tauri::command]
fn get_deadlines(desk: State<'_, Desk>, id: i64) -> CmdResult<Vec<DeadlineView>> {
    desk.with(|r| r.deadlines(id))
}

#[tauri::command]
fn due_board(desk: State<'_, Desk>) -> CmdResult<Vec<DueItem>> {
    desk.with(|r| r.due_board())
}

#[tauri::command]
fn get_calendar(desk: State<'_, Desk>) -> CmdResult<CalendarFile> {
    desk.with(|r| Ok(r.calendar()?.to_file()))
}

#[derive(Debug, Deserialize)]
struct CalendarYearRequest {
    year: i32,
    arrangement: YearArrangement,
}

#[tauri::command]
fn set_calendar_year(
    desk: State<'_, Desk>,
    request: CalendarYearRequest,
) -> CmdResult<CalendarFile> {
    desk.with(|r| {
        r.set_calendar_year(request.year, &request.arrangement, &actor(r))?;
        Ok(r.calendar()?.to_file())
    })
}

#[derive(Debug, Deserialize)]
struct EvidenceRequest {
    case_id: i64,
    evidence: Evidence,
    /// Ask for a file to attach (a file chooser opens in Rust).
    #[serde(default)]
    attach: bool,
}

/// Records an evidence item; with `attach`, asks which file to attach.
/// Async so the file chooser does not block the main thread.
#[tauri::command]
async fn record_evidence<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    request: EvidenceRequest,
) -> CmdResult<Option<CaseView>> {
    let file = if request.attach {
        match std::env::var_os(ATTACH_FILE_ENV) {
            Some(p) => Some(PathBuf::from(p)),
            None => {
                use tauri_plugin_dialog::DialogExt;
                match app.dialog().file().blocking_pick_file() {
                    Some(f) => f.into_path().ok(),
                    // Cancelled: nothing is recorded.
                    None => return Ok(None),
                }
            }
        }
    } else {
        None
    };
    desk.with(|r| {
        r.record_evidence(
            request.case_id,
            &request.evidence,
            file.as_deref(),
            &actor(r),
        )?;
        r.case_view(request.case_id).map(Some)
    })
}

#[derive(Debug, Deserialize)]
struct SiteCheckRequest {
    case_id: i64,
    site_check: SiteCheck,
}

#[tauri::command]
fn record_site_check(desk: State<'_, Desk>, request: SiteCheckRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.record_site_check(request.case_id, &request.site_check, &actor(r))?;
        r.case_view(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct RecusalRequest {
    case_id: i64,
    recusal: Recusal,
}

#[tauri::command]
fn declare_recusal(desk: State<'_, Desk>, request: RecusalRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.declare_recusal(request.case_id, &request.recusal, &actor(r))?;
        r.case_view(request.case_id)
    })
}

#[derive(Debug, Deserialize)]
struct LinkRequest {
    case_id: i64,
    other_number: String,
    kind: String,
}

#[tauri::command]
fn link_cases(desk: State<'_, Desk>, request: LinkRequest) -> CmdResult<CaseView> {
    desk.with(|r| {
        r.link_cases(
            request.case_id,
            &request.other_number,
            &request.kind,
            &actor(r),
        )?;
        r.case_view(request.case_id)
    })
}

#[tauri::command]
fn verify_attachments(desk: State<'_, Desk>, id: i64) -> CmdResult<Vec<AttachmentCheck>> {
    desk.with(|r| r.verify_attachments(id))
}

/// Asks where to save `bytes` (or uses the unattended folder), writes them
/// and opens the file in the system viewer. None when the user cancelled.
fn save_and_open<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    file_name: &str,
    bytes: &[u8],
    lang: Lang,
) -> CmdResult<Option<Exported>> {
    let target = match std::env::var_os(SAVE_DIR_ENV) {
        Some(dir) => Some(PathBuf::from(dir).join(file_name)),
        None => ask_save_path(app, file_name),
    };
    let Some(target) = target else {
        return Ok(None);
    };
    std::fs::write(&target, bytes).map_err(|e| DeskError::io(&target, e).to_payload(lang))?;
    if std::env::var(NO_OPEN_ENV).as_deref() != Ok("1") {
        use tauri_plugin_opener::OpenerExt;
        // The file is saved either way; a missing viewer is not an error.
        let _ = app
            .opener()
            .open_path(target.display().to_string(), None::<&str>);
    }
    Ok(Some(Exported {
        path: target.display().to_string(),
        size: bytes.len(),
    }))
}

fn doc_type(code: &str, lang: Lang) -> CmdResult<DocType> {
    DocType::from_code(code).ok_or_else(|| {
        DeskError::NotFound {
            what: "document",
            key: code.to_string(),
        }
        .to_payload(lang)
    })
}

#[tauri::command]
fn list_templates(desk: State<'_, Desk>) -> CmdResult<Vec<TemplateView>> {
    desk.with(|r| DocType::ALL.iter().map(|t| r.template(*t)).collect())
}

#[derive(Debug, Deserialize)]
struct TemplateRequest {
    doc_type: String,
    #[serde(default)]
    body: String,
}

#[tauri::command]
fn save_template(desk: State<'_, Desk>, request: TemplateRequest) -> CmdResult<TemplateView> {
    let t = doc_type(&request.doc_type, Lang::default())?;
    desk.with(|r| r.save_template(t, &request.body, &actor(r)))
}

#[tauri::command]
fn reset_template(desk: State<'_, Desk>, request: TemplateRequest) -> CmdResult<TemplateView> {
    let t = doc_type(&request.doc_type, Lang::default())?;
    desk.with(|r| r.reset_template(t, &actor(r)))
}

#[derive(Debug, Deserialize)]
struct PreviewRequest {
    case_id: i64,
    doc_type: String,
    body: String,
    #[serde(default)]
    extra: BTreeMap<String, String>,
}

/// The filled template as text blocks: the editor's live preview.
#[tauri::command]
fn preview_template(
    desk: State<'_, Desk>,
    request: PreviewRequest,
) -> CmdResult<Vec<PreviewBlock>> {
    let t = doc_type(&request.doc_type, Lang::default())?;
    desk.with(|r| r.preview_text(request.case_id, t, &request.body, &request.extra))
}

/// The real PDF of an unsaved template, opened in the system viewer.
#[tauri::command]
async fn preview_pdf<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    request: PreviewRequest,
) -> CmdResult<Exported> {
    let t = doc_type(&request.doc_type, Lang::default())?;
    let (bytes, lang) = desk.with(|r| {
        Ok((
            r.preview_document(request.case_id, t, &request.body, &request.extra)?,
            r.lang(),
        ))
    })?;
    let path = std::env::temp_dir().join(format!("预览-{}.pdf", t.title_zh()));
    std::fs::write(&path, &bytes).map_err(|e| DeskError::io(&path, e).to_payload(lang))?;
    if std::env::var(NO_OPEN_ENV).as_deref() != Ok("1") {
        use tauri_plugin_opener::OpenerExt;
        let _ = app
            .opener()
            .open_path(path.display().to_string(), None::<&str>);
    }
    Ok(Exported {
        path: path.display().to_string(),
        size: bytes.len(),
    })
}

#[derive(Debug, Deserialize)]
struct IssueRequest {
    case_id: i64,
    doc_type: String,
    #[serde(default)]
    extra: BTreeMap<String, String>,
}

/// Issues a document from the office's template, keeps it, saves and opens it.
#[tauri::command]
async fn issue_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    request: IssueRequest,
) -> CmdResult<Option<Exported>> {
    let t = doc_type(&request.doc_type, Lang::default())?;
    let (doc, bytes, number, lang) = desk.with(|r| {
        let (doc, bytes) = r.issue_document(request.case_id, t, &request.extra, &actor(r))?;
        Ok((doc, bytes, r.get_case(request.case_id)?.number, r.lang()))
    })?;
    save_and_open(&app, &format!("{number}-{}.pdf", doc.title), &bytes, lang)
}

#[tauri::command]
fn issued_documents(desk: State<'_, Desk>, id: i64) -> CmdResult<Vec<IssuedDoc>> {
    desk.with(|r| r.issued_documents(id))
}

/// Prints an issued document again: the very bytes that were issued.
#[tauri::command]
async fn reprint_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    id: i64,
) -> CmdResult<Option<Exported>> {
    let (doc, bytes, number, lang) = desk.with(|r| {
        let (doc, bytes) = r.reprint(id)?;
        Ok((
            doc.clone(),
            bytes,
            r.get_case(doc.case_id)?.number,
            r.lang(),
        ))
    })?;
    save_and_open(
        &app,
        &format!("{number}-{}（补打）.pdf", doc.title),
        &bytes,
        lang,
    )
}

/// Every reply letter due today in one PDF.
#[tauri::command]
async fn batch_reply_letters<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
) -> CmdResult<Option<Exported>> {
    let (bytes, _count, lang) = desk.with(|r| {
        let (bytes, count) = r.batch_reply_letters(&BTreeMap::new(), &actor(r))?;
        Ok((bytes, count, r.lang()))
    })?;
    save_and_open(&app, "今日书面答复意见书.pdf", &bytes, lang)
}

#[tauri::command]
fn reward_policy(desk: State<'_, Desk>) -> CmdResult<RewardPolicy> {
    desk.with(|r| r.reward_policy())
}

#[tauri::command]
fn set_reward_preset(desk: State<'_, Desk>, id: String) -> CmdResult<RewardPolicy> {
    desk.with(|r| r.set_reward_preset(&id, &actor(r)))
}

#[tauri::command]
fn reward_range(desk: State<'_, Desk>, request: ProposalInput) -> CmdResult<Option<RewardRange>> {
    desk.with(|r| r.reward_range(&request))
}

#[tauri::command]
fn reward_state(desk: State<'_, Desk>, id: i64) -> CmdResult<RewardState> {
    desk.with(|r| r.reward_state(id))
}

#[derive(Debug, Deserialize)]
struct RewardRequest {
    case_id: i64,
    #[serde(default)]
    proposal: Option<ProposalInput>,
    #[serde(default)]
    approve: Option<bool>,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    payment: Option<Payment>,
    #[serde(default)]
    consent: Option<bool>,
}

/// One step of a reward: propose, decide, pay or record consent.
#[tauri::command]
fn reward_step(desk: State<'_, Desk>, request: RewardRequest) -> CmdResult<RewardState> {
    desk.with(|r| {
        let id = request.case_id;
        if let Some(p) = &request.proposal {
            r.propose_reward(id, p, &actor(r))?;
        } else if let Some(approve) = request.approve {
            r.decide_reward(id, approve, &request.comment, &actor(r))?;
        } else if let Some(p) = &request.payment {
            r.record_reward_payment(id, p, &actor(r))?;
        } else if let Some(c) = request.consent {
            r.record_publication_consent(id, c, &actor(r))?;
        }
        r.reward_state(id)
    })
}

/// Raises any new deadline flags, then lists every flag.
#[tauri::command]
fn accountability_flags(desk: State<'_, Desk>) -> CmdResult<Vec<Flag>> {
    desk.with(|r| {
        r.raise_deadline_flags()?;
        r.flags()
    })
}

#[derive(Debug, Deserialize)]
struct FlagRequest {
    id: i64,
    confirm: bool,
    reason: String,
}

#[tauri::command]
fn decide_flag(desk: State<'_, Desk>, request: FlagRequest) -> CmdResult<Flag> {
    desk.with(|r| r.decide_flag(request.id, request.confirm, &request.reason, &actor(r)))
}

#[derive(Debug, Deserialize)]
struct ViolationRequest {
    case_id: i64,
    handler: String,
    rule: String,
    #[serde(default)]
    note: String,
}

#[tauri::command]
fn record_violation(desk: State<'_, Desk>, request: ViolationRequest) -> CmdResult<Flag> {
    desk.with(|r| {
        r.record_violation(
            request.case_id,
            &request.handler,
            &request.rule,
            &request.note,
            &actor(r),
        )
    })
}

#[tauri::command]
fn handler_stats(desk: State<'_, Desk>) -> CmdResult<Vec<HandlerStats>> {
    desk.with(|r| r.handler_stats())
}

#[tauri::command]
fn verify_audit(desk: State<'_, Desk>) -> CmdResult<AuditReport> {
    desk.with(|r| r.verify_audit())
}

#[tauri::command]
fn backup_now(desk: State<'_, Desk>) -> CmdResult<BackupInfo> {
    desk.with(|r| {
        let dir = r.backup_dir()?;
        r.backup_to(&dir, &actor(r))
    })
}

#[derive(Debug, Serialize)]
struct BackupFile {
    file: String,
    bytes: u64,
}

#[tauri::command]
fn list_backups(desk: State<'_, Desk>) -> CmdResult<Vec<BackupFile>> {
    desk.with(|r| {
        Ok(Register::list_backups(&r.backup_dir()?)
            .into_iter()
            .map(|p| BackupFile {
                bytes: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
                file: p.display().to_string(),
            })
            .collect())
    })
}

/// Replaces the register with a verified backup; the replaced file is kept.
#[tauri::command]
fn restore_backup(desk: State<'_, Desk>, file: String) -> CmdResult<AppInfo> {
    let mut guard = desk.register.lock().unwrap_or_else(|p| p.into_inner());
    let current = std::mem::replace(&mut *guard, Err(DeskError::NotSetUp));
    let reg = match current {
        Ok(reg) => reg,
        Err(e) => {
            let p = reopen_error(&e, &desk.db_path);
            *guard = Err(e);
            return Err(p);
        }
    };
    let lang = reg.lang();
    // Check the backup before closing anything: a bad file changes nothing.
    if let Err(e) = reg.check_restore(Path::new(&file)) {
        *guard = Ok(reg);
        return Err(e.to_payload(lang));
    }
    match reg.restore_from(Path::new(&file), Arc::new(SystemClock)) {
        Ok((restored, _kept)) => {
            let info = restored.app_info().map_err(|e| e.to_payload(lang));
            *guard = Ok(restored);
            info
        }
        Err(e) => {
            let payload = e.to_payload(lang);
            *guard = Register::open(&desk.db_path, Arc::new(SystemClock));
            Err(payload)
        }
    }
}

// ---- users, sign-in and the complainant's identity ----------------------

#[tauri::command]
fn session_state(desk: State<'_, Desk>) -> CmdResult<SessionState> {
    desk.with(|r| r.session_state())
}

#[tauri::command]
fn sign_in(desk: State<'_, Desk>, username: String, password: String) -> CmdResult<SessionState> {
    desk.with(|r| {
        r.sign_in(&username, &password)?;
        r.session_state()
    })
}

#[tauri::command]
fn sign_out(desk: State<'_, Desk>) -> CmdResult<SessionState> {
    desk.with(|r| {
        r.sign_out()?;
        r.session_state()
    })
}

#[tauri::command]
fn lock_session(desk: State<'_, Desk>) -> CmdResult<SessionState> {
    desk.with(|r| {
        r.lock();
        r.session_state()
    })
}

#[tauri::command]
fn unlock_session(desk: State<'_, Desk>, password: String) -> CmdResult<SessionState> {
    desk.with(|r| {
        r.unlock(&password)?;
        r.session_state()
    })
}

/// Opens an encrypted register with its passphrase (the app started
/// with `db_needs_key`). A wrong passphrase leaves it waiting for another.
#[tauri::command]
fn open_encrypted_register(desk: State<'_, Desk>, passphrase: String) -> CmdResult<AppInfo> {
    let mut guard = desk.register.lock().unwrap_or_else(|p| p.into_inner());
    if let Ok(reg) = &*guard {
        return reg.app_info().map_err(|e| e.to_payload(reg.lang()));
    }
    match Register::open_with_passphrase(&desk.db_path, Arc::new(SystemClock), &passphrase) {
        Ok(reg) => {
            let info = reg.app_info().map_err(|e| e.to_payload(reg.lang()));
            *guard = Ok(reg);
            info
        }
        Err(e) => Err(reopen_error(&e, &desk.db_path)),
    }
}

#[tauri::command]
fn set_register_passphrase(desk: State<'_, Desk>, passphrase: String) -> CmdResult<AppInfo> {
    desk.with(|r| {
        r.set_passphrase(&passphrase, &actor(r))?;
        r.app_info()
    })
}

#[tauri::command]
fn list_users(desk: State<'_, Desk>) -> CmdResult<Vec<UserView>> {
    desk.with(|r| r.users())
}

#[tauri::command]
fn create_user(desk: State<'_, Desk>, user: NewUser) -> CmdResult<UserView> {
    desk.with(|r| r.create_user(&user, &actor(r)))
}

#[tauri::command]
fn update_user(desk: State<'_, Desk>, id: i64, update: UserUpdate) -> CmdResult<UserView> {
    desk.with(|r| r.update_user(id, &update, &actor(r)))
}

#[tauri::command]
fn reveal_identity(desk: State<'_, Desk>, id: i64, reason: String) -> CmdResult<CaseView> {
    desk.with(|r| r.reveal_identity(id, &reason, &actor(r)))
}

#[tauri::command]
async fn export_personal_data<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    query: PersonQuery,
) -> CmdResult<Option<Exported>> {
    let (bytes, day, lang) = desk.with(|r| {
        let data = r.personal_data(&query, &actor(r))?;
        let json =
            serde_json::to_vec_pretty(&data).map_err(|e| DeskError::Internal(e.to_string()))?;
        let day: String = data.produced_at.chars().take(10).collect();
        Ok((json, day, r.lang()))
    })?;
    save_and_open(&app, &format!("个人信息-{day}.json"), &bytes, lang)
}

#[tauri::command]
fn anonymisation_due(desk: State<'_, Desk>) -> CmdResult<Vec<AnonymisationDue>> {
    desk.with(|r| r.anonymisation_due())
}

#[tauri::command]
fn anonymise_case(desk: State<'_, Desk>, id: i64, confirm_number: String) -> CmdResult<()> {
    desk.with(|r| r.anonymise_case(id, &confirm_number, &actor(r)))
}

#[derive(Debug, Deserialize)]
struct ExportRequest {
    case_id: i64,
    doc: DocKind,
}

#[derive(Debug, Serialize)]
struct Exported {
    path: String,
    size: usize,
}

/// Renders a document, asks where to save it, saves it and opens it.
/// Async so the save dialog does not block the main thread.
#[tauri::command]
async fn export_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Desk>,
    request: ExportRequest,
) -> CmdResult<Option<Exported>> {
    let (bytes, number, lang) = desk.with(|r| {
        let bytes = r.render_document(request.case_id, request.doc, &actor(r))?;
        Ok((bytes, r.get_case(request.case_id)?.number, r.lang()))
    })?;
    save_and_open(&app, &request.doc.file_name(&number), &bytes, lang)
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

/// How often the deadline watcher looks at the register.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Sends a desktop notification when a case becomes due today or overdue
/// (once per case, deadline and state while the app runs).
fn watch_deadlines<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || {
        let mut told = std::collections::HashSet::new();
        loop {
            let desk = app.state::<Desk>();
            let _ = desk.with(|r| r.raise_deadline_flags());
            let _ = desk.with(|r| {
                let dir = r.backup_dir()?;
                let keep = r.settings()?.backup_keep as usize;
                r.auto_backup(&dir, keep, "system")
            });
            let board = desk.with(|r| Ok((r.due_board()?, r.lang())));
            if let Ok((items, lang)) = board {
                for item in items.iter().filter(|i| i.needs_notice()) {
                    let key = (
                        item.case_id,
                        item.deadline.code.clone(),
                        item.deadline.state.clone(),
                    );
                    if told.insert(key) {
                        let (title, body) = item.notice_text(lang);
                        // No notification service (e.g. a headless session) is not an error.
                        let _ = app.notification().builder().title(title).body(body).show();
                    }
                }
            }
            std::thread::sleep(WATCH_EVERY);
        }
    });
}

/// `--db PATH` or `--db=PATH` on the command line, else the environment.
pub fn db_path_from_args(args: &[String]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    std::env::var_os(DB_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Registers the shell's commands on a builder (the app and its tests share this).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        app_info,
        setup_office,
        set_language,
        get_policy,
        create_case,
        get_case,
        session_state,
        sign_in,
        sign_out,
        lock_session,
        unlock_session,
        open_encrypted_register,
        set_register_passphrase,
        list_users,
        create_user,
        update_user,
        reveal_identity,
        export_personal_data,
        anonymisation_due,
        anonymise_case,
        list_cases,
        find_by_query_code,
        save_draft,
        load_draft,
        discard_draft,
        get_settings,
        update_settings,
        export_document,
        act,
        record_defence,
        record_interview,
        stop_clock,
        extend_deadline,
        get_deadlines,
        due_board,
        get_calendar,
        set_calendar_year,
        record_evidence,
        record_site_check,
        declare_recusal,
        link_cases,
        verify_attachments,
        list_templates,
        save_template,
        reset_template,
        preview_template,
        preview_pdf,
        issue_document,
        issued_documents,
        reprint_document,
        batch_reply_letters,
        reward_policy,
        set_reward_preset,
        reward_range,
        reward_state,
        reward_step,
        accountability_flags,
        decide_flag,
        record_violation,
        handler_stats,
        verify_audit,
        backup_now,
        list_backups,
        restore_backup,
        update_office,
        letterhead_logo_info,
        set_letterhead_logo,
        dashboard,
        export_register_csv,
        export_period_report_pdf,
        export_period_report_xlsx,
        update_deadline_rules,
        export_register_xlsx,
        import_pick_file,
        import_preview,
        import_commit,
    ])
}

pub fn run() {
    let args: Vec<String> = std::env::args().collect();
    let explicit = db_path_from_args(&args);
    let result = with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let path = match explicit {
                Some(p) => p,
                None => app.path().app_data_dir()?.join("register.sqlite3"),
            };
            app.manage(Desk::open(&path));
            watch_deadlines(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Complaint Desk could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_db_flag_names_the_register_file_in_either_spelling() {
        assert_eq!(
            db_path_from_args(&args(&["app", "--db", "/tmp/a.sqlite3"])),
            Some(PathBuf::from("/tmp/a.sqlite3"))
        );
        assert_eq!(
            db_path_from_args(&args(&["app", "--db=/tmp/b.sqlite3"])),
            Some(PathBuf::from("/tmp/b.sqlite3"))
        );
    }
}
