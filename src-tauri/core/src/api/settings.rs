//! The office and its settings: first-run setup, the letterhead (name,
//! address, phone, logo), the policy's deadline rules, the working-day
//! calendar, and the app's settings (font, backups, idle lock, retention).
//! A change to the rules or the calendar recomputes the deadlines of every
//! open case, each change on the case's timeline.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::{Bytes, Ctx, Write};
use crate::docs::fonts::FontSpec;
use crate::docs::{DocFonts, DocImage};
use crate::domain::calendar::{CalendarFile, YearArrangement};
use crate::domain::case::{LogoInfo, OfficeInfo};
use crate::domain::policy::{self, DeadlineRule, Policy, PresetInfo};
use crate::domain::validate;
use crate::error::{DeskError, FieldError, Lang, Result};
use crate::store::{self, derived, settings};

/// What the front end needs to know at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
    /// Users exist: sign-in is required.
    pub accounts: bool,
}

/// First-run answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SetupRequest {
    pub office_name: String,
    pub preset: String,
    pub lang: Option<Lang>,
    pub address: String,
    pub phone: String,
}

/// Settings the administrator may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// A font file to use instead of the one found on the system ("" = search).
    pub font_path: String,
    /// The face inside a .ttc collection.
    pub font_index: u32,
    /// What the app uses now (read-only; filled in by `get_settings`).
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
    /// The 代字 of the reference number (发文字号) by letter type, e.g.
    /// {"reply_letter": "华示投"}: the register numbers those letters
    /// 华示投〔2026〕1号, 2号, … one series per 代字 and year.
    pub doc_number_prefixes: std::collections::BTreeMap<String, String>,
}

/// One year of the calendar, as the administrator enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarYear {
    pub year: i32,
    pub arrangement: YearArrangement,
}

/// The State Council's holiday notice as an administrator pasted it, and
/// the year it is for (None: the year in its title).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct NoticeText {
    pub text: String,
    #[serde(default)]
    pub year: Option<i32>,
}

/// Whether the calendar is ready for the coming year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalendarStatus {
    pub this_year: i32,
    /// The years with the official arrangement.
    pub official_years: Vec<i32>,
    /// From 1 November: next year's notice is not imported yet (that
    /// year's deadlines are provisional until it is).
    pub missing_next_year: Option<i32>,
}

pub(crate) fn app_info(ctx: &Ctx, _: ()) -> Result<AppInfo> {
    let lang = ctx.desk.lang(ctx.caller);
    let encrypted = ctx.desk.is_encrypted();
    ctx.read(|r| {
        Ok(AppInfo {
            set_up: settings::is_set_up(r.conn)?,
            office: settings::office(r.conn, false)?,
            preset: settings::get(r.conn, "preset")?,
            lang,
            db_path: r
                .store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| ":memory:".into()),
            presets: policy::presets(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            encrypted,
            accounts: store::users::any(r.conn)?,
        })
    })
}

fn office_errors(name: &str, address: &str, phone: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new(
            "office_name",
            "required",
            "请填写单位名称，它将印在每一份文书上。",
            "Enter the office's name; it is printed on every document.",
        ));
    } else if name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "office_name",
            "invalid",
            "单位名称最多100个字，且不能含控制字符。",
            "The office name may have at most 100 characters and no control characters.",
        ));
    }
    if address.chars().count() > 200 || address.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "address",
            "too_long",
            "地址最多200个字。",
            "The address may have at most 200 characters.",
        ));
    }
    if phone.chars().count() > 30 || phone.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "phone",
            "too_long",
            "电话最多30个字。",
            "The phone may have at most 30 characters.",
        ));
    }
    errors
}

/// First run: the office's name and its policy preset.
pub(crate) fn setup_office(ctx: &Ctx, req: SetupRequest) -> Result<AppInfo> {
    let name = req.office_name.trim().to_string();
    let mut errors = office_errors(&name, req.address.trim(), req.phone.trim());
    let policy = match policy::preset(req.preset.trim()) {
        Ok(p) => Some(p),
        Err(_) => {
            errors.push(FieldError::new(
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
    ctx.write(|w| {
        if settings::is_set_up(w.tx)? {
            return Err(DeskError::AlreadySetUp);
        }
        settings::put(w.tx, "office_name", &name)?;
        settings::put(w.tx, "office_address", req.address.trim())?;
        settings::put(w.tx, "office_phone", req.phone.trim())?;
        settings::put_json(w.tx, "policy", &policy)?;
        settings::put(w.tx, "lang", req.lang.unwrap_or_default().code())?;
        settings::put(w.tx, "preset", &policy.id)?;
        w.actor_name = "初次设置".into();
        w.audit(
            None,
            "office_set_up",
            serde_json::json!({"office_name": name, "preset": policy.id}),
        );
        Ok(())
    })?;
    app_info(ctx, ())
}

/// Changes the letterhead: the office's name, address and phone.
pub(crate) fn update_office(ctx: &Ctx, office: OfficeInfo) -> Result<OfficeInfo> {
    let name = office.name.trim().to_string();
    let errors = office_errors(&name, office.address.trim(), office.phone.trim());
    if !errors.is_empty() {
        return Err(DeskError::Validation(errors));
    }
    ctx.write(|w| {
        settings::put(w.tx, "office_name", &name)?;
        settings::put(w.tx, "office_address", office.address.trim())?;
        settings::put(w.tx, "office_phone", office.phone.trim())?;
        w.audit(None, "office_changed", serde_json::json!({"name": name}));
        Ok(())
    })?;
    ctx.read(|r| settings::office(r.conn, false))
}

pub(crate) fn policy(ctx: &Ctx, _: ()) -> Result<Policy> {
    ctx.read(|r| settings::policy(r.conn).map(|p| (*p).clone()))
}

/// Recomputes the deadlines of every open case and writes each case whose
/// next deadline moved on its timeline.
pub(crate) fn recompute_open_cases(w: &mut Write, why: &str) -> Result<usize> {
    let moved = derived::refresh_open_cases(w.tx, w.now)?;
    let n = moved.len();
    for (id, number, before, after) in moved {
        w.audit(
            Some(id),
            "deadlines_recomputed",
            serde_json::json!({"number": number, "why": why, "before": before, "after": after}),
        );
    }
    Ok(n)
}

/// The office sets its own deadline rules (e.g. the financial preset's 紧急
/// and 重大 periods), checked before they replace the old ones.
pub(crate) fn update_deadline_rules(ctx: &Ctx, rules: Vec<DeadlineRule>) -> Result<Policy> {
    validate::bounded("deadlines", ("期限规则", "Deadline rules"), &rules, 50)?;
    let mut errors = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let bad = |code: &'static str, zh: String, en: String| {
            FieldError::new(format!("deadlines[{i}]"), code, zh, en)
        };
        let too_long = [&r.code, &r.label_zh, &r.label_en, &r.from, &r.met_by]
            .iter()
            .any(|s| s.chars().count() > 100)
            || r.also_met_by.len() > 20;
        if too_long {
            errors.push(bad(
                "too_long",
                format!("第{}条期限的名称或事件过长。", i + 1),
                format!(
                    "Deadline {} has a name or an event that is too long.",
                    i + 1
                ),
            ));
        }
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
        let periods = std::iter::once(r.period).chain(r.max_extension);
        if periods
            .into_iter()
            .any(|p| p.amount == 0 || p.amount > 3650)
        {
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
    ctx.write(|w| {
        let mut policy = (*settings::policy(w.tx)?).clone();
        policy.deadlines = rules.clone();
        settings::put_json(w.tx, "policy", &policy)?;
        w.audit(
            None,
            "deadline_rules_changed",
            serde_json::json!({"rules": rules.len()}),
        );
        recompute_open_cases(w, "deadline_rules_changed")?;
        Ok(())
    })?;
    ctx.read(|r| settings::policy(r.conn).map(|p| (*p).clone()))
}

/// The font the office chose in Settings, if any.
pub(crate) fn font_override(conn: &rusqlite::Connection) -> Result<Option<FontSpec>> {
    let path = settings::get(conn, "font_path")?.unwrap_or_default();
    if path.trim().is_empty() {
        return Ok(None);
    }
    let index = settings::number(conn, "font_index", 0)?;
    Ok(Some(FontSpec {
        path: PathBuf::from(path),
        index,
    }))
}

pub(crate) const DEFAULT_BACKUP_KEEP: u32 = 30;

pub(crate) fn get(ctx: &Ctx, _: ()) -> Result<Settings> {
    ctx.read(|r| {
        let found_font = match ctx.desk.fonts(r.conn) {
            Ok(f) => Some(f.describe()),
            Err(_) => None,
        };
        Ok(Settings {
            font_path: settings::get(r.conn, "font_path")?.unwrap_or_default(),
            font_index: settings::number(r.conn, "font_index", 0)?,
            found_font,
            lang: settings::get(r.conn, "lang")?
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or_default(),
            backup_dir: settings::get(r.conn, "backup_dir")?.unwrap_or_default(),
            backup_keep: settings::number(r.conn, "backup_keep", DEFAULT_BACKUP_KEEP)?,
            idle_lock_minutes: settings::number(
                r.conn,
                "idle_lock_minutes",
                crate::api::session::DEFAULT_IDLE_LOCK_MINUTES,
            )?,
            retention_years: settings::number(
                r.conn,
                "retention_years",
                crate::api::privacy::DEFAULT_RETENTION_YEARS,
            )?,
            doc_number_prefixes: crate::api::documents::prefixes(r.conn)?,
        })
    })
}

pub(crate) fn update(ctx: &Ctx, s: Settings) -> Result<Settings> {
    let path = s.font_path.trim().to_string();
    let mut errors = Vec::new();
    if !(1..=240).contains(&s.idle_lock_minutes) {
        errors.push(FieldError::new(
            "idle_lock_minutes",
            "out_of_range",
            "自动锁定时间应为1至240分钟。",
            "The idle lock time must be 1 to 240 minutes.",
        ));
    }
    if !(1..=50).contains(&s.retention_years) {
        errors.push(FieldError::new(
            "retention_years",
            "out_of_range",
            "个人信息保存期限应为1至50年。",
            "The retention period must be 1 to 50 years.",
        ));
    }
    if path.chars().count() > 1000 || s.backup_dir.chars().count() > 1000 || s.font_index > 64 {
        errors.push(FieldError::new(
            "font_path",
            "too_long",
            "路径过长。",
            "The path is too long.",
        ));
    }
    let prefixes = match crate::domain::documents::check_prefixes(&s.doc_number_prefixes) {
        Ok(p) => p,
        Err(e) => {
            errors.extend(e);
            Default::default()
        }
    };
    if !errors.is_empty() {
        return Err(DeskError::Validation(errors));
    }
    if !path.is_empty() {
        // Refuse a font that would not work, before it is saved.
        DocFonts::load(&FontSpec {
            path: PathBuf::from(&path),
            index: s.font_index,
        })?;
    }
    let keep = if s.backup_keep == 0 {
        DEFAULT_BACKUP_KEEP
    } else {
        s.backup_keep.min(3650)
    };
    ctx.write(|w| {
        settings::put(w.tx, "idle_lock_minutes", &s.idle_lock_minutes.to_string())?;
        settings::put(w.tx, "retention_years", &s.retention_years.to_string())?;
        settings::put(w.tx, "font_path", &path)?;
        settings::put(w.tx, "font_index", &s.font_index.to_string())?;
        settings::put(w.tx, "lang", s.lang.code())?;
        settings::put(w.tx, "backup_dir", s.backup_dir.trim())?;
        settings::put(w.tx, "backup_keep", &keep.to_string())?;
        settings::put_json(w.tx, crate::api::documents::PREFIXES_KEY, &prefixes)?;
        w.audit(
            None,
            "settings_changed",
            serde_json::json!({
                "font_path": path,
                "font_index": s.font_index,
                "lang": s.lang.code(),
                "idle_lock_minutes": s.idle_lock_minutes,
                "retention_years": s.retention_years,
                "backup_dir": s.backup_dir.trim(),
                "backup_keep": keep,
                "doc_number_prefixes": prefixes,
            }),
        );
        Ok(())
    })?;
    ctx.desk.forget_fonts();
    get(ctx, ())
}

fn logo_of(bytes: &[u8]) -> Result<LogoInfo> {
    let img = DocImage::decode(bytes, "logo")?;
    Ok(LogoInfo {
        width: img.width,
        height: img.height,
        size: bytes.len(),
    })
}

pub(crate) fn logo_info(ctx: &Ctx, _: ()) -> Result<Option<LogoInfo>> {
    ctx.read(|r| settings::logo(r.conn)?.map(|b| logo_of(&b)).transpose())
}

/// Sets the letterhead logo (PNG or JPEG, at most 2 MB, each side at most
/// 4000 pixels; checked before anything is stored), or removes it.
pub(crate) fn set_logo(ctx: &Ctx, image: Option<Bytes>) -> Result<Option<LogoInfo>> {
    let info = image.as_ref().map(|b| logo_of(&b.0)).transpose()?;
    ctx.write(|w| {
        settings::set_logo(w.tx, image.as_ref().map(|b| b.0.as_slice()))?;
        let described = match &info {
            Some(i) => serde_json::json!({"logo": "set", "width": i.width, "height": i.height, "bytes": i.size}),
            None => serde_json::json!({"logo": "removed"}),
        };
        w.audit(None, "letterhead_logo_changed", described);
        Ok(())
    })?;
    Ok(info)
}

pub(crate) fn calendar(ctx: &Ctx, _: ()) -> Result<CalendarFile> {
    ctx.read(|r| Ok(settings::calendar(r.conn)?.to_file()))
}

/// Adds or corrects one year of the calendar; the deadlines of open cases
/// are recomputed.
pub(crate) fn set_calendar_year(ctx: &Ctx, y: CalendarYear) -> Result<CalendarFile> {
    if !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&y.year) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "year",
            "out_of_range",
            "年份须在2000年至2100年之间。",
            "The year must lie between 2000 and 2100.",
        )]));
    }
    validate::bounded("off", ("假期", "Holidays"), &y.arrangement.off, 60)?;
    validate::bounded(
        "workdays",
        ("调休上班日", "Make-up workdays"),
        &y.arrangement.workdays,
        60,
    )?;
    for h in &y.arrangement.off {
        use chrono::Datelike;
        let span = (h.to - h.from).num_days();
        if !(0..=60).contains(&span)
            || (h.from.year() - y.year).abs() > 1
            || h.name.chars().count() > 50
        {
            return Err(DeskError::Validation(vec![FieldError::new(
                "off",
                "invalid",
                format!("假期“{}”的日期不对：须在{}年前后，且不超过60天。", h.name.chars().take(20).collect::<String>(), y.year),
                format!("The holiday \"{}\" has wrong dates: they must lie around {} and span at most 60 days.", h.name.chars().take(20).collect::<String>(), y.year),
            )]));
        }
    }
    ctx.write(|w| {
        let mut cal = (*settings::calendar(w.tx)?).clone();
        cal.set_year(y.year, y.arrangement.clone())?;
        settings::set_calendar_year(w.tx, y.year, &y.arrangement)?;
        w.audit(
            None,
            "calendar_year_set",
            serde_json::json!({"year": y.year}),
        );
        recompute_open_cases(w, "calendar_year_set")?;
        Ok(())
    })?;
    calendar(ctx, ())
}

/// Reads a pasted notice into the year's arrangement, to show for
/// confirmation (nothing is stored: `set_calendar_year` does that).
pub(crate) fn read_holiday_notice(_ctx: &Ctx, n: NoticeText) -> Result<CalendarYear> {
    if let Some(y) = n.year {
        if !(validate::MIN_YEAR..=validate::MAX_YEAR).contains(&y) {
            return Err(DeskError::Validation(vec![FieldError::new(
                "year",
                "out_of_range",
                "年份须在2000年至2100年之间。",
                "The year must lie between 2000 and 2100.",
            )]));
        }
    }
    let arrangement = crate::domain::notice::parse_notice(&n.text, n.year)?;
    let year = arrangement
        .off
        .iter()
        .map(|h| {
            use chrono::Datelike;
            h.to.year()
        })
        .max()
        .or(n.year)
        .unwrap_or_default();
    Ok(CalendarYear {
        year: n.year.unwrap_or(year),
        arrangement,
    })
}

/// The calendar's readiness: from 1 November the coming year's notice is
/// expected (the State Council publishes it in October or November).
pub(crate) fn calendar_status(ctx: &Ctx, _: ()) -> Result<CalendarStatus> {
    use chrono::Datelike;
    let today = ctx.desk.now().date();
    ctx.read(|r| {
        let cal = settings::calendar(r.conn)?;
        let official_years: Vec<i32> = cal
            .years()
            .into_iter()
            .filter(|y| cal.is_official(*y))
            .collect();
        let next = today.year() + 1;
        let missing_next_year =
            (today.month() >= 11 && !cal.is_official(next) && next <= validate::MAX_YEAR)
                .then_some(next);
        Ok(CalendarStatus {
            this_year: today.year(),
            official_years,
            missing_next_year,
        })
    })
}
