//! Repeat and duplicate check at intake: while the clerk types, the cases of
//! the last 180 days with the same phone, the same complainant's name, or
//! the same accused under the same category are shown beside the form, so
//! a repeat complaint is linked as one when it is registered — the
//! recurrence figure does not depend on someone remembering.
//!
//! What is matched is bounded here (how many values, how long each); the
//! store finds the cases, the API masks them for the viewer.

use crate::error::FieldError;

/// How far back a case counts as an earlier one.
pub const WINDOW_DAYS: i64 = 180;
/// At most this many values of each kind are matched (the form's rows).
pub const MAX_VALUES: usize = 10;
/// At most this many cases are listed (the counts cover every match).
pub const MAX_LISTED: usize = 20;
/// A case links to at most this many earlier ones when it is registered.
pub const MAX_REPEAT_OF: usize = 5;

/// A phone as it is compared: without "+86", spaces and hyphens, so
/// "138 0013 8000" finds "13800138000". The store's index computes the
/// same expression (`PHONE_KEY_SQL`).
pub fn phone_key(phone: &str) -> String {
    let p = phone.trim();
    let p = p.strip_prefix("+86").unwrap_or(p);
    p.chars().filter(|c| *c != ' ' && *c != '-').collect()
}

/// `phone_key` in SQL, over the column `phone` (the index is on it).
pub const PHONE_KEY_SQL: &str = "replace(replace(replace(phone, '+86', ''), ' ', ''), '-', '')";

/// Why a case is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    Phone,
    Name,
    Accused,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Phone => "phone",
            Reason::Name => "name",
            Reason::Accused => "accused",
        }
    }
}

/// The values worth matching among what was typed: trimmed, distinct, a
/// phone with at least 7 digits, a name with at least 2 characters, at most
/// `MAX_VALUES` of each. Longer input than any stored value could be is
/// refused (it cannot match and is not a search box).
pub fn phones(typed: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut out: Vec<String> = Vec::new();
    for (i, p) in typed.iter().take(MAX_VALUES).enumerate() {
        if p.chars().count() > 40 {
            return Err(vec![too_long(&format!("phones[{i}]"), 40)]);
        }
        let k = phone_key(p);
        if k.chars().filter(char::is_ascii_digit).count() >= 7 && !out.contains(&k) {
            out.push(k);
        }
    }
    Ok(out)
}

/// Names (complainants' or the accused's) worth matching; see `phones`.
pub fn names(field: &str, typed: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut out: Vec<String> = Vec::new();
    for (i, n) in typed.iter().take(MAX_VALUES).enumerate() {
        let n = n.trim();
        if n.chars().count() > 100 {
            return Err(vec![too_long(&format!("{field}[{i}]"), 100)]);
        }
        if n.chars().count() >= 2 && !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    Ok(out)
}

fn too_long(field: &str, max: usize) -> FieldError {
    FieldError::new(
        field,
        "too_long",
        format!("用于查重的内容最多{max}个字。"),
        format!("A value checked for earlier cases has at most {max} characters."),
    )
}

/// The case numbers a new case is registered as a repeat of: trimmed,
/// distinct, at most `MAX_REPEAT_OF`.
pub fn repeat_numbers(typed: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut out: Vec<String> = Vec::new();
    for n in typed {
        let n = n.trim();
        if n.is_empty() || out.iter().any(|o| o == n) {
            continue;
        }
        if n.chars().count() > 40 {
            return Err(vec![too_long("repeat_of", 40)]);
        }
        out.push(n.to_string());
    }
    if out.len() > MAX_REPEAT_OF {
        return Err(vec![FieldError::new(
            "repeat_of",
            "too_many",
            format!("一件案件最多关联{MAX_REPEAT_OF}件此前的案件为重复投诉。"),
            format!("A case is linked as a repeat of at most {MAX_REPEAT_OF} earlier cases."),
        )]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_phone_is_compared_without_country_code_spaces_and_hyphens() {
        assert_eq!(phone_key("+86 138-0013 8000"), "13800138000");
        assert_eq!(phone_key("010-12345678"), "01012345678");
        assert_eq!(
            phones(&s(&["138 0013 8000", "13800138000", "123", ""])).unwrap(),
            s(&["13800138000"])
        );
    }

    #[test]
    fn one_letter_names_and_blank_values_are_not_matched() {
        assert_eq!(
            names("names", &s(&[" 王小明 ", "王", "", "王小明"])).unwrap(),
            s(&["王小明"])
        );
    }

    #[test]
    fn overlong_values_and_too_many_repeats_are_refused_by_field() {
        assert_eq!(
            phones(&s(&[&"1".repeat(41)])).unwrap_err()[0].field,
            "phones[0]"
        );
        assert_eq!(
            names("accused", &s(&["", &"名".repeat(101)])).unwrap_err()[0].field,
            "accused[1]"
        );
        let six: Vec<String> = (1..=6).map(|i| format!("2026-{i:06}")).collect();
        assert_eq!(repeat_numbers(&six).unwrap_err()[0].code, "too_many");
        assert_eq!(repeat_numbers(&s(&[" A ", "A", ""])).unwrap(), s(&["A"]));
    }
}
