//! The one error type of the core. Every variant has a stable `code` the UI
//! branches on, and a message in the user's language.

use serde::Serialize;

/// The UI language. zh-CN is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" | "en-US" | "en-GB" => Some(Lang::En),
            _ => None,
        }
    }
    /// Picks the Chinese or the English text.
    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

/// One problem with one field of a form. `field` is a path such as
/// `complainants[0].phone`, so the UI can show the message next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message_zh: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            code,
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("{what} not found")]
    NotFound { what: &'static str, key: String },
    #[error("the office is not set up yet")]
    NotSetUp,
    #[error("the office is already set up")]
    AlreadySetUp,
    #[error("unknown policy preset {0}")]
    UnknownPreset(String),
    #[error("database is locked: {0}")]
    DbLocked(String),
    #[error("database is read-only: {0}")]
    DbReadOnly(String),
    /// The disk holding the register is full: the write was rolled back.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    #[error("database is corrupt or not a database: {0}")]
    DbCorrupt(String),
    #[error("the register {path} is encrypted: its passphrase is needed")]
    DbNeedsKey { path: String },
    #[error("the passphrase does not open the register {path}")]
    DbKeyWrong { path: String },
    #[error("database version {found} is newer than this program ({supported})")]
    DbTooNew { found: i64, supported: i64 },
    #[error("cannot open database {path}: {reason}")]
    DbOpen { path: String, reason: String },
    #[error("database error: {0}")]
    Db(String),
    #[error("no Chinese font found")]
    FontNotFound { searched: Vec<String> },
    #[error("font {path} cannot be used: {reason}")]
    FontInvalid { path: String, reason: String },
    #[error("file error at {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("document error: {0}")]
    Document(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A workflow step the rules forbid; `code` says which rule.
    #[error("step refused: {en}")]
    StepRefused {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// A write sent again with an idempotency key already used: `result` is
    /// the first call's answer as JSON ("" when it was not stored).
    #[error("this write was already done")]
    AlreadyDone { result: String },
    /// A spreadsheet that cannot be imported as a whole (empty, too large,
    /// not a spreadsheet, …); `code` says which (`import_*`).
    #[error("import refused: {en}")]
    Import {
        code: &'static str,
        zh: String,
        en: String,
    },
}

pub type Result<T, E = DeskError> = std::result::Result<T, E>;

impl DeskError {
    /// A refusal with its stable code and its message in both languages.
    pub fn refused(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        DeskError::StepRefused {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Validation(_) => "validation",
            DeskError::NotFound { .. } => "not_found",
            DeskError::NotSetUp => "not_set_up",
            DeskError::AlreadySetUp => "already_set_up",
            DeskError::UnknownPreset(_) => "unknown_preset",
            DeskError::DbLocked(_) => "db_locked",
            DeskError::DbReadOnly(_) => "db_read_only",
            DeskError::DiskFull(_) => "db_disk_full",
            DeskError::DbCorrupt(_) => "db_corrupt",
            DeskError::DbNeedsKey { .. } => "db_needs_key",
            DeskError::DbKeyWrong { .. } => "db_key_wrong",
            DeskError::DbTooNew { .. } => "db_too_new",
            DeskError::DbOpen { .. } => "db_open",
            DeskError::Db(_) => "db",
            DeskError::FontNotFound { .. } => "font_not_found",
            DeskError::FontInvalid { .. } => "font_invalid",
            DeskError::Io { .. } => "io",
            DeskError::Document(_) => "document",
            DeskError::Internal(_) => "internal",
            DeskError::StepRefused { code, .. } => code,
            DeskError::Import { code, .. } => code,
            DeskError::AlreadyDone { .. } => "already_done",
        }
    }

    /// A message for a person, saying what is wrong and how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        use DeskError::*;
        match self {
            Validation(fields) => {
                let n = fields.len();
                let first = fields.first().map(|f| f.message(lang)).unwrap_or_default();
                lang.pick(
                    format!("有 {n} 处需要修改：{first}"),
                    format!("{n} field(s) need correcting: {first}"),
                )
            }
            NotFound { what, key } => lang.pick(
                format!("找不到{}：{key}", what_zh(what)),
                format!("No {what} found for {key}."),
            ),
            NotSetUp => lang.pick(
                "尚未完成初始设置：请先选择本单位的制度预设并填写单位名称。",
                "The office is not set up yet: choose a policy preset and enter the office name first.",
            ),
            AlreadySetUp => lang.pick(
                "本单位已完成初始设置，无需重复设置。",
                "The office is already set up.",
            ),
            UnknownPreset(p) => lang.pick(
                format!("没有名为“{p}”的制度预设，请从列表中选择。"),
                format!("There is no policy preset \"{p}\"; choose one from the list."),
            ),
            DbLocked(p) => lang.pick(
                format!("登记簿数据库正被其他程序占用（{p}）。请关闭其他正在使用它的程序后重试；已输入的内容已保存为草稿。"),
                format!("The register database is in use by another program ({p}). Close the other program and try again; what you typed is kept as a draft."),
            ),
            DbReadOnly(p) => lang.pick(
                format!("登记簿数据库文件只读，无法写入（{p}）。请检查文件权限或选择其他位置；已输入的内容未丢失。"),
                format!("The register database is read-only ({p}). Check the file's permissions or choose another location; nothing you typed is lost."),
            ),
            DiskFull(p) => lang.pick(
                format!("登记簿所在的磁盘已满，这次保存没有进行（什么也没写入）。请清理磁盘空间后重试；您填写的内容仍保留。（{p}）"),
                format!("The disk holding the register is full, so this save did not happen (nothing was written). Free some disk space and try again; what you typed is kept. ({p})"),
            ),
            DbNeedsKey { path } => lang.pick(
                format!("登记簿（{path}）已加密。请输入系统管理员设置的登记簿密码。"),
                format!("The register ({path}) is encrypted. Enter the register passphrase the administrator set."),
            ),
            DbKeyWrong { path } => lang.pick(
                format!("登记簿密码不正确，无法打开（{path}）。请检查大小写后重试；文件未被改动。"),
                format!("That passphrase does not open the register ({path}). Check the letter case and try again; the file was not changed."),
            ),
            DbCorrupt(p) => lang.pick(
                format!("登记簿数据库文件已损坏或不是本程序的数据库（{p}）。请从备份恢复，或用 --db 指定其他文件。原文件未被改动。"),
                format!("The register database is damaged or not a Complaint Desk database ({p}). Restore a backup or pass --db with another file. The file was not changed."),
            ),
            DbTooNew { found, supported } => lang.pick(
                format!("该数据库由更新版本的程序创建（数据版本 {found}，本程序支持到 {supported}）。请升级程序后再打开；文件未被改动。"),
                format!("This database was made by a newer version of the program (schema {found}, this program supports up to {supported}). Upgrade the program to open it; the file was not changed."),
            ),
            DbOpen { path, reason } => lang.pick(
                format!("无法打开登记簿数据库 {path}：{reason}。请检查路径和权限，或用 --db 指定其他文件。"),
                format!("Cannot open the register database {path}: {reason}. Check the path and permissions, or pass --db with another file."),
            ),
            Db(e) => lang.pick(
                format!("数据库操作失败：{e}。已输入的内容已保存为草稿。"),
                format!("A database operation failed: {e}. What you typed is kept as a draft."),
            ),
            FontNotFound { searched } => lang.pick(
                format!("找不到中文字体，无法生成 PDF。请安装 Noto CJK 或文泉驿字体（Linux: fonts-noto-cjk），或在“设置”中指定字体文件。已查找：{}", searched.join("；")),
                format!("No Chinese font was found, so no PDF can be made. Install Noto CJK or WenQuanYi (Linux: fonts-noto-cjk), or choose a font file in Settings. Searched: {}", searched.join("; ")),
            ),
            FontInvalid { path, reason } => lang.pick(
                format!("字体文件 {path} 无法使用：{reason}。请在“设置”中选择其他中文字体。"),
                format!("The font file {path} cannot be used: {reason}. Choose another Chinese font in Settings."),
            ),
            Io { path, reason } => lang.pick(
                format!("文件读写失败（{path}）：{reason}。请检查路径和权限。"),
                format!("Reading or writing {path} failed: {reason}. Check the path and permissions."),
            ),
            Document(e) => lang.pick(
                format!("生成文书失败：{e}"),
                format!("The document could not be made: {e}"),
            ),
            StepRefused { zh, en, .. } | Import { zh, en, .. } => lang.pick(zh.clone(), en.clone()),
            AlreadyDone { .. } => lang.pick(
                "这项操作已经完成（重复提交未再执行）。请刷新查看结果。",
                "This was already done (the repeated request was not carried out again). Reload to see the result.",
            ),
            Internal(e) => lang.pick(
                format!("程序内部错误：{e}。请将此信息告知管理员；已输入的内容已保存为草稿。"),
                format!("Internal error: {e}. Please tell the administrator; what you typed is kept as a draft."),
            ),
        }
    }

    /// The `{code, message, fields}` object the UI receives.
    pub fn to_payload(&self, lang: Lang) -> ErrorPayload {
        let fields = match self {
            DeskError::Validation(f) => f
                .iter()
                .map(|f| FieldPayload {
                    field: f.field.clone(),
                    code: f.code,
                    message: f.message(lang).to_string(),
                })
                .collect(),
            _ => Vec::new(),
        };
        ErrorPayload {
            code: self.code(),
            message: self.message(lang),
            fields,
        }
    }

    pub fn io(path: impl AsRef<std::path::Path>, e: impl std::fmt::Display) -> Self {
        let reason = e.to_string();
        // ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
        if ["(os error 28)", "(os error 112)", "(os error 39)"]
            .iter()
            .any(|c| reason.ends_with(c))
        {
            return DeskError::DiskFull(format!("{}: {reason}", path.as_ref().display()));
        }
        DeskError::Io {
            path: path.as_ref().display().to_string(),
            reason: e.to_string(),
        }
    }
}

fn what_zh(what: &str) -> &'static str {
    match what {
        "case" => "案件",
        "draft" => "草稿",
        "query code" => "查询码对应的案件",
        "setting" => "设置项",
        "document" => "文书",
        "reply letter due today" => "今日到期的书面答复（今天没有需要答复的案件）",
        "import file" => "要导入的文件（请先选择文件）",
        _ => "记录",
    }
}

/// What a front end receives for an error: a stable code, a message in
/// the user's language, and the fields to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErrorPayload {
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldPayload>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldPayload {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            let detail = msg.clone().unwrap_or_else(|| f.to_string());
            return match f.code {
                C::DatabaseBusy | C::DatabaseLocked => DeskError::DbLocked(detail),
                C::ReadOnly => DeskError::DbReadOnly(detail),
                C::DiskFull => DeskError::DiskFull(detail),
                C::DatabaseCorrupt | C::NotADatabase => DeskError::DbCorrupt(detail),
                _ => DeskError::Db(e.to_string()),
            };
        }
        DeskError::Db(e.to_string())
    }
}
