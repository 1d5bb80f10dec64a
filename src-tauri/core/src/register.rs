//! The register: the core API every front end calls (desktop shell, CLI,
//! HTTP adapter, tests).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::docs::{self, fonts::FontSpec, DocFonts};
use crate::error::{DeskError, Lang, Result};
use crate::model::*;
use crate::policy::{self, Policy, PresetInfo};
use crate::search;
use crate::validate::{self, ValidCase};

/// What the front end needs to know at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    pub set_up: bool,
    pub office: OfficeInfo,
    pub preset: Option<String>,
    pub lang: Lang,
    pub db_path: String,
    pub presets: Vec<PresetInfo>,
    pub version: String,
    /// The register file is encrypted (SQLCipher).
    pub encrypted: bool,
}

/// First-run answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SetupRequest {
    pub office_name: String,
    pub preset: String,
    pub lang: Option<Lang>,
    pub address: String,
    pub phone: String,
}

/// Settings a user may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// A font file to use instead of the one found on the system ("" = search).
    pub font_path: String,
    /// The face inside a .ttc collection.
    pub font_index: u32,
    /// What the app uses now (read-only; filled in by `settings`).
    pub found_font: Option<String>,
    pub lang: Lang,
    /// Where daily backups go ("" = a "backups" folder beside the register).
    pub backup_dir: String,
    /// How many daily backups to keep (0 = the default, 30).
    pub backup_keep: u32,
    /// Minutes without activity after which a session locks (1–240).
    pub idle_lock_minutes: u32,
    /// Years after archiving that a case keeps personal data (1–50).
    pub retention_years: u32,
}

/// The documents printed at intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Slip,
    Receipt,
}

impl DocKind {
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Slip => "slip",
            DocKind::Receipt => "receipt",
        }
    }

    /// A file name for the saved PDF.
    pub fn file_name(self, number: &str) -> String {
        match self {
            DocKind::Slip => format!("{number}-投诉和举报登记单.pdf"),
            DocKind::Receipt => format!("{number}-受理回执.pdf"),
        }
    }
}

pub struct Register {
    pub(crate) conn: Connection,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) path: Option<PathBuf>,
    fonts: OnceLock<Arc<DocFonts>>,
    pub(crate) session: Option<crate::accounts::Session>,
    /// The passphrase of an encrypted register (SQLCipher), kept to key
    /// backups and re-openings.
    pub(crate) key: Option<String>,
}

const STATUS_REGISTERED: &str = "registered";

impl Register {
    /// Opens the register file at `path` (created and migrated as needed).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        Ok(Self::from_connection(
            crate::db::open(path)?,
            clock,
            Some(path),
        ))
    }

    /// A fresh register in memory.
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Self> {
        Ok(Self::from_connection(
            crate::db::open_in_memory()?,
            clock,
            None,
        ))
    }

    pub(crate) fn from_connection(
        conn: Connection,
        clock: Arc<dyn Clock>,
        path: Option<&Path>,
    ) -> Self {
        Register {
            conn,
            clock,
            path: path.map(Path::to_path_buf),
            fonts: OnceLock::new(),
            session: None,
            key: None,
        }
    }

    /// The connection, for tests and tools that inspect the file directly.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn now_text(&self) -> String {
        fmt_time(self.clock.now())
    }

    // ---- settings -------------------------------------------------------

    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub(crate) fn put_setting(tx: &Connection, key: &str, value: &str) -> Result<()> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn is_set_up(&self) -> Result<bool> {
        Ok(self.setting("preset")?.is_some())
    }

    pub fn lang(&self) -> Lang {
        self.setting("lang")
            .ok()
            .flatten()
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or_default()
    }

    pub fn set_lang(&mut self, lang: Lang) -> Result<()> {
        Self::put_setting(&self.conn, "lang", lang.code())
    }

    pub fn office(&self) -> Result<OfficeInfo> {
        Ok(OfficeInfo {
            name: self.setting("office_name")?.unwrap_or_default(),
            address: self.setting("office_address")?.unwrap_or_default(),
            phone: self.setting("office_phone")?.unwrap_or_default(),
            logo: self.letterhead_logo()?.map(std::sync::Arc::new),
        })
    }

    /// The letterhead logo's bytes (PNG or JPEG), when the office has one.
    pub fn letterhead_logo(&self) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'letterhead_logo'",
                [],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()?)
    }

    /// The letterhead logo's size, when the office has one.
    pub fn letterhead_logo_info(&self) -> Result<Option<LogoInfo>> {
        self.letterhead_logo()?
            .map(|bytes| {
                let img = docs::DocImage::decode(&bytes, "logo")?;
                Ok(LogoInfo {
                    width: img.width,
                    height: img.height,
                    size: bytes.len(),
                })
            })
            .transpose()
    }

    /// Sets the letterhead logo (a PNG or JPEG of at most 2 MB, each side at
    /// most 4000 pixels), printed at the top left of every letterhead
    /// document; `None` removes it. A bad image is refused with the reason
    /// and nothing is stored.
    pub fn set_letterhead_logo(
        &mut self,
        image: Option<&[u8]>,
        actor: &str,
    ) -> Result<Option<LogoInfo>> {
        self.allow(crate::accounts::Perm::Administer)?;
        let info = match image {
            Some(bytes) => {
                let img = docs::DocImage::decode(bytes, "logo")?;
                Some(LogoInfo {
                    width: img.width,
                    height: img.height,
                    size: bytes.len(),
                })
            }
            None => None,
        };
        let described = match &info {
            Some(i) => {
                serde_json::json!({"logo": "set", "width": i.width, "height": i.height, "bytes": i.size})
            }
            None => serde_json::json!({"logo": "removed"}),
        };
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        match image {
            Some(bytes) => {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ('letterhead_logo', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![bytes],
                )?;
            }
            None => {
                tx.execute("DELETE FROM settings WHERE key = 'letterhead_logo'", [])?;
            }
        }
        append_history(
            &tx,
            None,
            &now,
            actor,
            "letterhead_logo_changed",
            &described,
        )?;
        tx.commit()?;
        Ok(info)
    }

    pub fn app_info(&self) -> Result<AppInfo> {
        Ok(AppInfo {
            set_up: self.is_set_up()?,
            office: self.office()?,
            preset: self.setting("preset")?,
            lang: self.lang(),
            db_path: self
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| ":memory:".into()),
            presets: policy::presets(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            encrypted: self.key.is_some(),
        })
    }

    /// First run: the office's name and its policy preset.
    pub fn setup(&mut self, req: &SetupRequest, actor: &str) -> Result<AppInfo> {
        if self.is_set_up()? {
            return Err(DeskError::AlreadySetUp);
        }
        let name = req.office_name.trim();
        let mut errors = Vec::new();
        if name.is_empty() {
            errors.push(crate::FieldError::new(
                "office_name",
                "required",
                "请填写单位名称，它将印在每一份文书上。",
                "Enter the office's name; it is printed on every document.",
            ));
        } else if name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(crate::FieldError::new(
                "office_name",
                "invalid",
                "单位名称最多100个字，且不能含控制字符。",
                "The office name may have at most 100 characters and no control characters.",
            ));
        }
        if req.phone.trim().chars().count() > 30 || req.address.trim().chars().count() > 200 {
            errors.push(crate::FieldError::new(
                "address",
                "too_long",
                "地址最多200个字，电话最多30个字。",
                "The address may have at most 200 characters and the phone 30.",
            ));
        }
        let policy = match policy::preset(req.preset.trim()) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.push(crate::FieldError::new(
                    "preset",
                    "unknown_preset",
                    "请选择本单位适用的制度预设。",
                    "Choose the policy preset the office follows.",
                ));
                None
            }
        };
        let policy = match policy {
            Some(p) if errors.is_empty() => p,
            _ => return Err(DeskError::Validation(errors)),
        };
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        Self::put_setting(&tx, "office_name", name)?;
        Self::put_setting(&tx, "office_address", req.address.trim())?;
        Self::put_setting(&tx, "office_phone", req.phone.trim())?;
        Self::put_setting(
            &tx,
            "policy",
            &serde_json::to_string(&policy).map_err(|e| DeskError::Internal(e.to_string()))?,
        )?;
        Self::put_setting(&tx, "lang", req.lang.unwrap_or_default().code())?;
        Self::put_setting(&tx, "preset", &policy.id)?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "office_set_up",
            &serde_json::json!({"office_name": name, "preset": policy.id}),
        )?;
        tx.commit()?;
        self.app_info()
    }

    /// Changes the letterhead: the office's name, address and phone.
    pub fn update_office(&mut self, office: &OfficeInfo, actor: &str) -> Result<OfficeInfo> {
        self.allow(crate::accounts::Perm::Administer)?;
        let name = office.name.trim();
        let mut errors = Vec::new();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(crate::FieldError::new(
                "name",
                "invalid",
                "请填写单位名称（最多100个字，不含控制字符）。",
                "Enter the office name (at most 100 characters, no control characters).",
            ));
        }
        if office.address.trim().chars().count() > 200 {
            errors.push(crate::FieldError::new(
                "address",
                "too_long",
                "地址最多200个字。",
                "The address may have at most 200 characters.",
            ));
        }
        if office.phone.trim().chars().count() > 30 {
            errors.push(crate::FieldError::new(
                "phone",
                "too_long",
                "电话最多30个字。",
                "The phone may have at most 30 characters.",
            ));
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        Self::put_setting(&tx, "office_name", name)?;
        Self::put_setting(&tx, "office_address", office.address.trim())?;
        Self::put_setting(&tx, "office_phone", office.phone.trim())?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "office_changed",
            &serde_json::json!({"name": name}),
        )?;
        tx.commit()?;
        self.office()
    }

    /// The office sets its own deadline rules (e.g. the financial preset's
    /// 紧急 and 重大 periods). Checked before they replace the old ones.
    pub fn update_deadline_rules(
        &mut self,
        rules: &[crate::policy::DeadlineRule],
        actor: &str,
    ) -> Result<Policy> {
        self.allow(crate::accounts::Perm::Administer)?;
        let mut policy = self.policy()?;
        let mut errors = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let bad = |code: &'static str, zh: String, en: String| {
                crate::FieldError::new(format!("deadlines[{i}]"), code, zh, en)
            };
            if r.code.trim().is_empty() || r.label_zh.trim().is_empty() {
                errors.push(bad(
                    "required",
                    format!("第{}条期限缺少代码或名称。", i + 1),
                    format!("Deadline {} needs a code and a name.", i + 1),
                ));
            }
            if rules.iter().filter(|o| o.code == r.code).count() > 1 {
                errors.push(bad(
                    "duplicate",
                    format!("期限代码“{}”重复。", r.code),
                    format!("The deadline code \"{}\" appears twice.", r.code),
                ));
            }
            if r.period.amount == 0 || r.period.amount > 3650 {
                errors.push(bad(
                    "amount",
                    format!("“{}”的期限须在1到3650之间。", r.label_zh),
                    format!(
                        "The period of \"{}\" must be between 1 and 3650.",
                        r.label_en
                    ),
                ));
            }
            if r.from.trim().is_empty() || r.met_by.trim().is_empty() {
                errors.push(bad(
                    "events",
                    format!("“{}”须写明起算事件和完成事件。", r.label_zh),
                    format!(
                        "\"{}\" needs the event it runs from and the event that meets it.",
                        r.label_en
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        policy.deadlines = rules.to_vec();
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        Self::put_setting(
            &tx,
            "policy",
            &serde_json::to_string(&policy).map_err(|e| DeskError::Internal(e.to_string()))?,
        )?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "deadline_rules_changed",
            &serde_json::json!({"rules": rules.len()}),
        )?;
        tx.commit()?;
        Ok(policy)
    }

    /// The office's policy (its own copy of the chosen preset).
    pub fn policy(&self) -> Result<Policy> {
        let json = self.setting("policy")?.ok_or(DeskError::NotSetUp)?;
        serde_json::from_str(&json).map_err(|e| DeskError::Internal(format!("stored policy: {e}")))
    }

    pub fn settings(&self) -> Result<Settings> {
        let font_path = self.setting("font_path")?.unwrap_or_default();
        let font_index = self
            .setting("font_index")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let found_font = match self.fonts.get() {
            Some(f) => Some(f.describe()),
            None => docs::fonts::find_cjk_font(self.font_override()?.as_ref())
                .ok()
                .map(|f| f.path.display().to_string()),
        };
        Ok(Settings {
            font_path,
            font_index,
            found_font,
            lang: self.lang(),
            backup_dir: self.setting("backup_dir")?.unwrap_or_default(),
            backup_keep: self
                .setting("backup_keep")?
                .and_then(|s| s.parse().ok())
                .unwrap_or(30),
            idle_lock_minutes: self.idle_lock_minutes()?,
            retention_years: self.retention_years()?,
        })
    }

    pub fn update_settings(&mut self, s: &Settings, actor: &str) -> Result<Settings> {
        self.allow(crate::accounts::Perm::Administer)?;
        let path = s.font_path.trim();
        if !path.is_empty() {
            let spec = FontSpec {
                path: PathBuf::from(path),
                index: s.font_index,
            };
            // Refuse a font that would not work, before it is saved.
            let fonts = DocFonts::load(&spec)?;
            self.fonts = OnceLock::new();
            let _ = self.fonts.set(Arc::new(fonts));
        } else {
            self.fonts = OnceLock::new();
        }
        let mut errors = Vec::new();
        if !(1..=240).contains(&s.idle_lock_minutes) {
            errors.push(crate::FieldError::new(
                "idle_lock_minutes",
                "out_of_range",
                "自动锁定时间应为1至240分钟。",
                "The idle lock time must be 1 to 240 minutes.",
            ));
        }
        if !(1..=50).contains(&s.retention_years) {
            errors.push(crate::FieldError::new(
                "retention_years",
                "out_of_range",
                "个人信息保存期限应为1至50年。",
                "The retention period must be 1 to 50 years.",
            ));
        }
        if !errors.is_empty() {
            return Err(DeskError::Validation(errors));
        }
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        Self::put_setting(&tx, "idle_lock_minutes", &s.idle_lock_minutes.to_string())?;
        Self::put_setting(&tx, "retention_years", &s.retention_years.to_string())?;
        Self::put_setting(&tx, "font_path", path)?;
        Self::put_setting(&tx, "font_index", &s.font_index.to_string())?;
        Self::put_setting(&tx, "lang", s.lang.code())?;
        Self::put_setting(&tx, "backup_dir", s.backup_dir.trim())?;
        let keep = if s.backup_keep == 0 {
            30
        } else {
            s.backup_keep.min(3650)
        };
        Self::put_setting(&tx, "backup_keep", &keep.to_string())?;
        append_history(
            &tx,
            None,
            &now,
            actor,
            "settings_changed",
            &serde_json::json!({
                "font_path": path,
                "font_index": s.font_index,
                "lang": s.lang.code(),
                "idle_lock_minutes": s.idle_lock_minutes,
                "retention_years": s.retention_years,
            }),
        )?;
        tx.commit()?;
        self.settings()
    }

    /// The folder for backups: the administrator's choice, or "backups"
    /// beside the register file.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        let chosen = self.setting("backup_dir")?.unwrap_or_default();
        if !chosen.trim().is_empty() {
            return Ok(PathBuf::from(chosen.trim()));
        }
        let path = self.path.as_ref().ok_or_else(|| {
            DeskError::Internal("an in-memory register has no backup folder".into())
        })?;
        Ok(path.parent().unwrap_or(Path::new(".")).join("backups"))
    }

    fn font_override(&self) -> Result<Option<FontSpec>> {
        let path = self.setting("font_path")?.unwrap_or_default();
        if path.trim().is_empty() {
            return Ok(None);
        }
        let index = self
            .setting("font_index")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Ok(Some(FontSpec {
            path: PathBuf::from(path),
            index,
        }))
    }

    pub(crate) fn doc_fonts(&self) -> Result<Arc<DocFonts>> {
        if let Some(f) = self.fonts.get() {
            return Ok(f.clone());
        }
        let loaded = Arc::new(DocFonts::load_system(self.font_override()?.as_ref())?);
        Ok(self.fonts.get_or_init(|| loaded).clone())
    }

    // ---- cases ----------------------------------------------------------

    /// Registers a case: validates, numbers it, stores it and its history.
    pub fn create_case(&mut self, input: &CaseInput, actor: &str) -> Result<CaseDetail> {
        self.allow(crate::accounts::Perm::RegisterCase)?;
        let policy = self.policy()?;
        let now = self.clock.now();
        let case = validate::validate_case(input, &policy, now).map_err(DeskError::Validation)?;
        let now = fmt_time(now);
        let tx = self.conn.transaction()?;
        let id = insert_case(&tx, &case, &now, actor, "")?;
        tx.commit()?;
        self.get_case(id)
    }

    /// Registers many cases in one transaction: all or none (imports, benchmarks).
    pub fn import_cases(&mut self, inputs: &[CaseInput], actor: &str) -> Result<Vec<i64>> {
        self.allow(crate::accounts::Perm::RegisterCase)?;
        let policy = self.policy()?;
        let now = self.clock.now();
        let mut valid = Vec::with_capacity(inputs.len());
        for (row, input) in inputs.iter().enumerate() {
            let case = validate::validate_case(input, &policy, now).map_err(|errors| {
                DeskError::Validation(
                    errors
                        .into_iter()
                        .map(|mut f| {
                            f.field = format!("rows[{row}].{}", f.field);
                            f
                        })
                        .collect(),
                )
            })?;
            valid.push(case);
        }
        let now = fmt_time(now);
        let tx = self.conn.transaction()?;
        let ids = valid
            .iter()
            .map(|c| insert_case(&tx, c, &now, actor, ""))
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(ids)
    }

    pub fn get_case(&self, id: i64) -> Result<CaseDetail> {
        let policy = self.policy().ok();
        let mut c = self
            .conn
            .query_row(
                "SELECT id, number, kind, channel, received_at, receiving_clerk, anonymous,
                        query_code, category, handling_department, severity, occurred_when,
                        occurred_where, matter, facts, request, status, created_at, updated_at,
                        legacy_number
                 FROM cases WHERE id = ?1",
                [id],
                |r| {
                    Ok(CaseDetail {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        kind: CaseKind::from_code(&r.get::<_, String>(2)?)
                            .unwrap_or(CaseKind::Complaint),
                        channel: Channel::from_code(&r.get::<_, String>(3)?)
                            .unwrap_or(Channel::Other),
                        received_at: r.get(4)?,
                        receiving_clerk: r.get(5)?,
                        anonymous: r.get(6)?,
                        query_code: r.get(7)?,
                        complainants: Vec::new(),
                        accused: Vec::new(),
                        category: r.get(8)?,
                        category_label: String::new(),
                        handling_department: r.get(9)?,
                        severity: Severity::from_code(&r.get::<_, String>(10)?)
                            .unwrap_or(Severity::Ordinary),
                        occurred_when: r.get(11)?,
                        occurred_where: r.get(12)?,
                        matter: r.get(13)?,
                        facts: r.get(14)?,
                        request: r.get(15)?,
                        evidence: Vec::new(),
                        witnesses: Vec::new(),
                        status: r.get(16)?,
                        created_at: r.get(17)?,
                        updated_at: r.get(18)?,
                        legacy_number: r.get(19)?,
                        history: Vec::new(),
                        records: Vec::new(),
                        links: Vec::new(),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| DeskError::NotFound {
                what: "case",
                key: id.to_string(),
            })?;
        c.category_label = category_label(policy.as_ref(), &c.category);
        let mut st = self.conn.prepare_cached(
            "SELECT name, unit, position, phone, address FROM complainants WHERE case_id = ?1 ORDER BY ord",
        )?;
        c.complainants = st
            .query_map([id], |r| {
                Ok(Person {
                    name: r.get(0)?,
                    unit: r.get(1)?,
                    position: r.get(2)?,
                    phone: r.get(3)?,
                    address: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self
            .conn
            .prepare_cached("SELECT name, unit FROM accused WHERE case_id = ?1 ORDER BY ord")?;
        c.accused = st
            .query_map([id], |r| {
                Ok(Accused {
                    name: r.get(0)?,
                    unit: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT description FROM evidence_items WHERE case_id = ?1 ORDER BY ord",
        )?;
        c.evidence = st
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT name, contact FROM witnesses WHERE case_id = ?1 ORDER BY ord",
        )?;
        c.witnesses = st
            .query_map([id], |r| {
                Ok(Witness {
                    name: r.get(0)?,
                    contact: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        c.history = self.history(Some(id))?;
        c.records = self.case_records(id)?;
        c.links = self.links(id)?;
        Ok(c)
    }

    /// History rows of one case (or of the office when `case_id` is None).
    pub fn history(&self, case_id: Option<i64>) -> Result<Vec<HistoryEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, actor, action, detail FROM history
             WHERE case_id IS ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([case_id], |r| {
                let detail: String = r.get(4)?;
                Ok(HistoryEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The register list: search, filters, sort and paging.
    pub fn list_cases(&self, q: &ListQuery) -> Result<Page<CaseSummary>> {
        self.list_cases_with(q, true)
    }

    /// The register list; `with_due` adds each case's next deadline (exports
    /// that do not show it skip the work).
    pub(crate) fn list_cases_with(
        &self,
        q: &ListQuery,
        with_due: bool,
    ) -> Result<Page<CaseSummary>> {
        let page_size = q.page_size.clamp(1, 500);
        let page = q.page.max(1);
        let mut wh: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let text = q.text.trim();
        if !text.is_empty() {
            // One id set from the index, plus (for Latin text) numbers that
            // contain the text anywhere: a UNION keeps both parts indexed.
            let mut sets = Vec::new();
            if let Some(m) = search::fts_query(text) {
                args.push(Value::Text(m));
                let m = args.len();
                sets.push(format!(
                    "SELECT rowid FROM case_search WHERE case_search MATCH ?{m}"
                ));
                // A complainant's name finds cases only for those who may see it.
                match self.identity_search_scope()? {
                    None => sets.push(format!(
                        "SELECT rowid FROM case_identity_search WHERE case_identity_search MATCH ?{m}"
                    )),
                    Some(viewer) => {
                        args.push(Value::Text(viewer));
                        sets.push(format!(
                            "SELECT rowid FROM case_identity_search WHERE case_identity_search MATCH ?{m}
                             AND rowid IN ({})",
                            crate::privacy::cases_of_person_sql(args.len())
                        ));
                    }
                }
            }
            if text.is_ascii() {
                args.push(Value::Text(format!("%{}%", escape_like(text))));
                sets.push(format!(
                    "SELECT id FROM cases WHERE number LIKE ?{} ESCAPE '\\'",
                    args.len()
                ));
                // Old numbers of imported cases, only when there are any.
                let imported: bool = self.conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM cases WHERE legacy_number > '')",
                    [],
                    |r| r.get(0),
                )?;
                if imported {
                    sets.push(format!(
                        "SELECT id FROM cases WHERE legacy_number LIKE ?{} ESCAPE '\\'",
                        args.len()
                    ));
                }
            }
            if sets.is_empty() {
                wh.push("0".into());
            } else {
                wh.push(format!("c.id IN ({})", sets.join(" UNION ")));
            }
        }
        let mut eq = |col: &str, v: &Option<String>| {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                args.push(Value::Text(v.to_string()));
                wh.push(format!("c.{col} = ?{}", args.len()));
            }
        };
        eq("kind", &q.kind);
        eq("status", &q.status);
        eq("category", &q.category);
        eq("channel", &q.channel);
        if let Some(from) = q.received_from.as_deref().filter(|s| !s.is_empty()) {
            let d = parse_date(from, "received_from")?;
            args.push(Value::Text(format!("{d} 00:00:00")));
            wh.push(format!("c.received_at >= ?{}", args.len()));
        }
        if let Some(to) = q.received_to.as_deref().filter(|s| !s.is_empty()) {
            let d = parse_date(to, "received_to")?;
            args.push(Value::Text(format!("{d} 23:59:59")));
            wh.push(format!("c.received_at <= ?{}", args.len()));
        }
        let where_sql = if wh.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", wh.join(" AND "))
        };
        let order = match q.sort {
            SortKey::ReceivedDesc => "c.received_at DESC, c.id DESC",
            SortKey::ReceivedAsc => "c.received_at ASC, c.id ASC",
            SortKey::NumberAsc => "c.number ASC",
            SortKey::NumberDesc => "c.number DESC",
            SortKey::SeverityDesc => {
                "CASE c.severity WHEN 'major' THEN 4 WHEN 'urgent' THEN 3 WHEN 'important' THEN 2 ELSE 1 END DESC, c.received_at DESC, c.id DESC"
            }
        };
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM cases c {where_sql}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let policy = self.policy().ok();
        let offset = i64::from(page - 1) * i64::from(page_size);
        args.push(Value::Integer(page_size.into()));
        let lim = args.len();
        args.push(Value::Integer(offset));
        let off = args.len();
        let sql = format!(
            "SELECT c.id, c.number, c.kind, c.channel, c.received_at, c.anonymous,
                    c.complainant_names, c.accused_names, c.category, c.severity, c.matter, c.status
             FROM cases c {where_sql} ORDER BY {order} LIMIT ?{lim} OFFSET ?{off}"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let items = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                let anonymous: bool = r.get(5)?;
                let category: String = r.get(8)?;
                Ok(CaseSummary {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    kind: CaseKind::from_code(&r.get::<_, String>(2)?)
                        .unwrap_or(CaseKind::Complaint),
                    channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or(Channel::Other),
                    received_at: r.get(4)?,
                    anonymous,
                    complainant: if anonymous {
                        "匿名".to_string()
                    } else {
                        r.get(6)?
                    },
                    accused: r.get(7)?,
                    category_label: category_label(policy.as_ref(), &category),
                    category,
                    severity: Severity::from_code(&r.get::<_, String>(9)?)
                        .unwrap_or(Severity::Ordinary),
                    matter: r.get(10)?,
                    status: r.get(11)?,
                    next_due_at: None,
                    due_state: None,
                    due_label: None,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items = items;
        for item in items.iter_mut().filter(|_| with_due) {
            if let Some(d) = self.next_deadline(item.id)? {
                item.next_due_at = Some(d.due_at);
                item.due_state = Some(d.state);
                item.due_label = Some(d.label_zh);
            }
        }
        self.mask_summaries(&mut items)?;
        Ok(Page {
            items,
            total: total as u64,
            page,
            page_size,
        })
    }

    /// What an anonymous complainant sees with the code from their receipt.
    pub fn find_by_query_code(&self, code: &str) -> Result<QueryCodeView> {
        let not_found = || DeskError::NotFound {
            what: "query code",
            key: code.trim().to_string(),
        };
        let normalized = normalize_query_code(code).ok_or_else(not_found)?;
        self.conn
            .query_row(
                "SELECT number, kind, received_at, status FROM cases WHERE query_code = ?1",
                [normalized],
                |r| {
                    let received: String = r.get(2)?;
                    Ok(QueryCodeView {
                        number: r.get(0)?,
                        kind: CaseKind::from_code(&r.get::<_, String>(1)?)
                            .unwrap_or(CaseKind::Complaint),
                        received_date: received.chars().take(10).collect(),
                        status: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(not_found)
    }

    // ---- drafts ---------------------------------------------------------

    pub fn save_draft(&mut self, key: &str, body: &serde_json::Value) -> Result<()> {
        self.viewer()?;
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO drafts (key, body, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            params![key, body.to_string(), now],
        )?;
        Ok(())
    }

    pub fn load_draft(&self, key: &str) -> Result<Option<serde_json::Value>> {
        self.viewer()?;
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM drafts WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    pub fn discard_draft(&mut self, key: &str) -> Result<()> {
        self.viewer()?;
        self.conn
            .execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        Ok(())
    }

    // ---- documents ------------------------------------------------------

    /// Renders a document of a case as PDF bytes and records that it was issued.
    pub fn render_document(&mut self, case_id: i64, doc: DocKind, actor: &str) -> Result<Vec<u8>> {
        self.allow(crate::accounts::Perm::IssueDocuments)?;
        self.need_identity(case_id)?;
        let case = self.get_case(case_id)?;
        let office = self.office()?;
        let fonts = self.doc_fonts()?;
        let bytes = match doc {
            DocKind::Slip => docs::registration_slip(&case, &office, &fonts)?,
            DocKind::Receipt => {
                let note = self.policy()?.receipt_note_zh;
                docs::acknowledgement_receipt(&case, &office, &note, &fonts)?
            }
        };
        self.store_issued(case_id, doc.code(), &bytes, actor)?;
        Ok(bytes)
    }
}

fn category_label(policy: Option<&Policy>, code: &str) -> String {
    policy
        .and_then(|p| p.category(code))
        .map(|c| c.name_zh.clone())
        .unwrap_or_else(|| code.to_string())
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn parse_date(s: &str, field: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        DeskError::Validation(vec![crate::FieldError::new(
            field,
            "date_invalid",
            format!("日期“{s}”格式不正确，请按 2026-11-24 填写。"),
            format!("The date \"{s}\" is not valid; use the form 2026-11-24."),
        )])
    })
}

pub fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn append_history(
    tx: &Connection,
    case_id: Option<i64>,
    at: &str,
    actor: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    crate::audit::append(tx, case_id, at, actor, action, &detail.to_string())
}

/// Crockford base32: no I, L, O or U, so a code read aloud is not misheard.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// 16 symbols of 5 bits: 80 random bits from the operating system.
fn new_query_code() -> Result<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| DeskError::Internal(format!("random source: {e}")))?;
    let symbols: String = raw
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(b & 31)] as char)
        .collect();
    Ok(format_query_code(&symbols))
}

fn format_query_code(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Accepts lower case, spaces, missing dashes and the look-alikes O/I/L.
pub fn normalize_query_code(code: &str) -> Option<String> {
    let symbols: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (symbols.len() == 16 && symbols.bytes().all(|b| CODE_ALPHABET.contains(&b)))
        .then(|| format_query_code(&symbols))
}

fn next_number(tx: &Transaction, kind: CaseKind, year: i32) -> Result<String> {
    let seq: i64 = tx.query_row(
        "INSERT INTO case_counters (kind, year, last_seq) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last_seq = last_seq + 1
         RETURNING last_seq",
        params![kind.code(), year],
        |r| r.get(0),
    )?;
    Ok(format!("{}-{year}-{seq:06}", kind.number_prefix()))
}

/// Stores a checked case with a new number; `legacy_number` is the number an
/// imported case had in the office's old register ("" for a new case).
pub(crate) fn insert_case(
    tx: &Transaction,
    c: &ValidCase,
    now: &str,
    actor: &str,
    legacy_number: &str,
) -> Result<i64> {
    use chrono::Datelike;
    let number = next_number(tx, c.kind, c.received_at.year())?;
    let query_code = if c.anonymous {
        Some(new_query_code()?)
    } else {
        None
    };
    let complainant_names = c
        .complainants
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let accused_names = c
        .accused
        .iter()
        .map(|a| {
            if a.name.is_empty() {
                a.unit.as_str()
            } else {
                a.name.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join("、");
    tx.execute(
        "INSERT INTO cases (number, kind, channel, received_at, receiving_clerk, anonymous,
            query_code, category, handling_department, severity, occurred_when, occurred_where,
            matter, facts, request, status, created_at, updated_at, complainant_names, accused_names,
            legacy_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19, ?20)",
        params![
            number,
            c.kind.code(),
            c.channel.code(),
            fmt_time(c.received_at),
            c.receiving_clerk,
            c.anonymous,
            query_code,
            c.category,
            c.handling_department,
            c.severity.code(),
            c.occurred_when,
            c.occurred_where,
            c.matter,
            c.facts,
            c.request,
            STATUS_REGISTERED,
            now,
            complainant_names,
            accused_names,
            legacy_number,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for (i, p) in c.complainants.iter().enumerate() {
        tx.execute(
            "INSERT INTO complainants (case_id, ord, name, unit, position, phone, address)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, i as i64, p.name, p.unit, p.position, p.phone, p.address],
        )?;
    }
    for (i, a) in c.accused.iter().enumerate() {
        tx.execute(
            "INSERT INTO accused (case_id, ord, name, unit) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, a.name, a.unit],
        )?;
    }
    for (i, e) in c.evidence.iter().enumerate() {
        tx.execute(
            "INSERT INTO evidence_items (case_id, ord, description) VALUES (?1, ?2, ?3)",
            params![id, i as i64, e],
        )?;
    }
    for (i, w) in c.witnesses.iter().enumerate() {
        tx.execute(
            "INSERT INTO witnesses (case_id, ord, name, contact) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, w.name, w.contact],
        )?;
    }
    reindex_case(tx, id)?;
    for (name, part) in [(c.receiving_clerk.as_str(), "clerk"), (actor, "registered")] {
        crate::privacy::add_case_person(tx, id, name, part)?;
    }
    append_history(
        tx,
        Some(id),
        now,
        actor,
        "case_registered",
        &serde_json::json!({
            "number": number,
            "kind": c.kind,
            "channel": c.channel,
            "category": c.category,
            "severity": c.severity,
            "anonymous": c.anonymous,
        }),
    )?;
    Ok(id)
}

/// Rebuilds a case's two search rows: what anyone may search (number,
/// matter, facts, request, the people complained about) and the
/// complainant's identity (names, units), searched only for those who may
/// see it.
pub(crate) fn reindex_case(conn: &Connection, id: i64) -> Result<()> {
    type Row = (String, String, String, String, String, String, String);
    let (number, legacy, matter, facts, request, names, accused): Row = conn.query_row(
        "SELECT number, legacy_number, matter, facts, request, complainant_names, accused_names
         FROM cases WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )?;
    let units = |sql: &str| -> Result<Vec<String>> {
        let mut st = conn.prepare_cached(sql)?;
        let v = st
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    };
    let accused_units = units("SELECT unit FROM accused WHERE case_id = ?1 ORDER BY ord")?;
    let complainant_units = units("SELECT unit FROM complainants WHERE case_id = ?1 ORDER BY ord")?;
    let body = search::index_text(
        [
            number.as_str(),
            &legacy,
            &matter,
            &facts,
            &request,
            &accused,
        ]
        .into_iter()
        .chain(accused_units.iter().map(String::as_str)),
    );
    let identity = search::index_text(
        [names.as_str()]
            .into_iter()
            .chain(complainant_units.iter().map(String::as_str)),
    );
    conn.execute("DELETE FROM case_search WHERE rowid = ?1", [id])?;
    conn.execute("DELETE FROM case_identity_search WHERE rowid = ?1", [id])?;
    conn.execute(
        "INSERT INTO case_search (rowid, body) VALUES (?1, ?2)",
        params![id, body],
    )?;
    conn.execute(
        "INSERT INTO case_identity_search (rowid, body) VALUES (?1, ?2)",
        params![id, identity],
    )?;
    Ok(())
}

/// Rebuilds the search rows of every case (the migration that split out identity).
pub(crate) fn reindex_all(conn: &Connection) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        reindex_case(conn, id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_code_survives_lower_case_spaces_and_look_alike_letters() {
        let code = new_query_code().unwrap();
        assert_eq!(code.len(), 19);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize_query_code(&typed).unwrap(), code);
        assert_eq!(
            normalize_query_code("oooo-iiii-llll-0000").unwrap(),
            "0000-1111-1111-0000"
        );
        assert_eq!(normalize_query_code("TOO-SHORT"), None);
    }

    #[test]
    fn two_query_codes_differ() {
        assert_ne!(new_query_code().unwrap(), new_query_code().unwrap());
    }
}
