//! The field checks the intake form and every other input share: text
//! lengths, phones, 身份证号, gender, dates and times within 2000–2100, with
//! messages in both languages that say what is wrong and how to fix it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::validate::limits;
use crate::error::{DeskError, FieldError};

pub(crate) struct Checker {
    pub(crate) errors: Vec<FieldError>,
}

impl Checker {
    pub(crate) fn push(&mut self, field: &str, code: &'static str, zh: String, en: String) {
        self.errors.push(FieldError::new(field, code, zh, en));
    }

    /// Trims and checks one text field; returns the cleaned text.
    pub(crate) fn text(
        &mut self,
        field: &str,
        label: (&str, &str),
        value: &str,
        required: bool,
        max: usize,
        multiline: bool,
    ) -> String {
        let v = value.trim();
        if required && v.is_empty() {
            self.push(
                field,
                "required",
                format!("请填写{}。", label.0),
                format!("{} is required.", label.1),
            );
            return String::new();
        }
        if let Some(c) = v
            .chars()
            .find(|c| c.is_control() && !(multiline && (*c == '\n' || *c == '\t' || *c == '\r')))
        {
            let shown = format!("U+{:04X}", c as u32);
            self.push(
                field,
                "control_char",
                format!("{}含有不可见的控制字符（{shown}），请删除后重新输入。", label.0),
                format!(
                    "{} contains an invisible control character ({shown}); delete it and type the text again.",
                    label.1
                ),
            );
        }
        let n = v.chars().count();
        if n > max {
            self.push(
                field,
                "too_long",
                format!("{}最多 {max} 个字，现有 {n} 个字，请精简。", label.0),
                format!(
                    "{} may have at most {max} characters; it has {n}. Please shorten it.",
                    label.1
                ),
            );
        }
        if multiline {
            v.replace("\r\n", "\n")
        } else {
            v.to_string()
        }
    }

    pub(crate) fn phone(&mut self, field: &str, label: (&str, &str), value: &str) -> String {
        let v = self.text(field, label, value, false, limits::PHONE, false);
        if !v.is_empty() && !is_phone(&v) {
            self.push(
                field,
                "phone_invalid",
                format!("{}格式不正确：请填写11位手机号（如 13800138000）或带区号的固定电话（如 010-12345678）。", label.0),
                format!("{} is not a valid number: enter an 11-digit mobile (e.g. 13800138000) or a landline with area code (e.g. 010-12345678).", label.1),
            );
        }
        v
    }
}

/// 答复方式 a complainant may ask for.
pub const REPLY_METHODS: [&str; 5] = ["phone", "letter", "sms", "email", "in_person"];

impl Checker {
    pub(crate) fn gender(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if !matches!(v, "" | "male" | "female") {
            self.push(
                field,
                "invalid",
                "性别只能是“男”或“女”，也可以不填。".into(),
                "Gender is male or female, or left empty.".into(),
            );
        }
        v.to_string()
    }

    pub(crate) fn id_number(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_ascii_uppercase();
        if !v.is_empty() && !is_id_number(&v) {
            self.push(
                field,
                "id_number_invalid",
                "身份证号不正确：应为18位，最后一位是数字或X，且校验位要对。请核对后重新输入，或不填。".into(),
                "The ID number is not valid: it has 18 characters, the last a digit or X, with a correct check digit. Check it, or leave it empty.".into(),
            );
        }
        v
    }
}

/// A mainland resident ID number (GB 11643-1999): 17 digits, a check
/// character (0–9 or X) computed from them, and a real birth date.
pub fn is_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let birth = std::str::from_utf8(&b[6..14]).unwrap_or("");
    CHECK[(sum % 11) as usize] == b[17]
        && NaiveDate::parse_from_str(birth, "%Y%m%d").is_ok_and(|d| d.year() >= 1900)
}

/// The years every date the register accepts lies in.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

fn date_error(field: &str, s: &str) -> FieldError {
    FieldError::new(
        field,
        "date_invalid",
        format!(
            "日期“{}”不正确，请按 2026-11-24 填写，年份在2000年至2100年之间。",
            short(s)
        ),
        format!(
            "The date \"{}\" is not valid; use the form 2026-11-24, a year from 2000 to 2100.",
            short(s)
        ),
    )
}

/// At most 40 characters of what was typed, for a message.
fn short(s: &str) -> String {
    s.trim().chars().take(40).collect()
}

/// A day "YYYY-MM-DD" in 2000–2100, or the field's error.
pub fn day(field: &str, s: &str) -> Result<NaiveDate, DeskError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (MIN_YEAR..=MAX_YEAR).contains(&d.year()))
        .ok_or_else(|| DeskError::Validation(vec![date_error(field, s)]))
}

/// A moment "YYYY-MM-DD HH:MM[:SS]" (or with T) in 2000–2100, or the field's error.
pub fn moment(field: &str, s: &str) -> Result<NaiveDateTime, DeskError> {
    parse_local_time(s)
        .filter(|t| (MIN_YEAR..=MAX_YEAR).contains(&t.year()))
        .ok_or_else(|| {
            DeskError::Validation(vec![FieldError::new(
                field,
                "time_invalid",
                format!(
                    "时间“{}”不正确，请按“2026-11-24 09:30”填写，年份在2000年至2100年之间。",
                    short(s)
                ),
                format!(
                    "The time \"{}\" is not valid; use the form 2026-11-24 09:30, a year from 2000 to 2100.",
                    short(s)
                ),
            )])
        })
}

/// A day that may be empty (None), else as `day`.
pub fn optional_day(field: &str, s: &str) -> Result<Option<NaiveDate>, DeskError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        day(field, s).map(Some)
    }
}

/// A required text of at most `max` characters without control characters
/// (line breaks allowed when `multiline`); returns it trimmed.
pub fn text(
    field: &str,
    label: (&str, &str),
    value: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<String, DeskError> {
    let mut c = Checker { errors: Vec::new() };
    let v = c.text(field, label, value, required, max, multiline);
    if c.errors.is_empty() {
        Ok(v)
    } else {
        Err(DeskError::Validation(c.errors))
    }
}

/// Checks a list's length before anything is done with its items.
pub fn bounded<T>(
    field: &str,
    label: (&str, &str),
    items: &[T],
    max: usize,
) -> Result<(), DeskError> {
    if items.len() <= max {
        return Ok(());
    }
    Err(DeskError::Validation(vec![FieldError::new(
        field,
        "too_many",
        format!("{}最多 {max} 项，现有 {} 项。", label.0, items.len()),
        format!("{}: at most {max}, there are {}.", label.1, items.len()),
    )]))
}

/// Mainland mobile (optionally +86), landline with area code and optional
/// extension, or a 7–8 digit local number. Spaces and hyphens are allowed.
pub fn is_phone(s: &str) -> bool {
    let s = s.trim();
    let s = s
        .strip_prefix("+86")
        .or_else(|| s.strip_prefix("0086"))
        .unwrap_or(s)
        .trim_start();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return false;
    }
    let groups: Vec<&str> = s.split(['-', ' ']).filter(|g| !g.is_empty()).collect();
    let digits: String = groups.concat();
    let is_mobile = digits.len() == 11 && digits.starts_with('1') && digits.as_bytes()[1] >= b'3';
    if is_mobile {
        return true;
    }
    if digits.starts_with('0') {
        // area code 0xx / 0xxx, then 7–8 digits, then an optional extension
        let (area, rest) = if groups.len() >= 2 {
            (groups[0].len(), groups[1].len())
        } else {
            // unseparated: try both area lengths
            let ok = (10..=12).contains(&digits.len());
            return ok;
        };
        let ext_ok = groups.len() <= 2 || (groups.len() == 3 && groups[2].len() <= 6);
        return (3..=4).contains(&area) && (7..=8).contains(&rest) && ext_ok;
    }
    (7..=8).contains(&digits.len()) && groups.len() == 1
}

/// Parses "YYYY-MM-DDTHH:MM[:SS]" or "YYYY-MM-DD HH:MM[:SS]".
pub fn parse_local_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().replace('T', " ");
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
}
