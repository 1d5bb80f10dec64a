//! How a complainant's identity is shown to someone who may not see it:
//! 王小明 → 王**, 13800138000 → 138****8000, units, positions and addresses
//! → ***, wherever they were written (case fields, records, history). The
//! API decides who may see what; this module only does the masking.

use crate::domain::case::{CaseDetail, Person, Witness};
use crate::error::{DeskError, Result};

/// 王小明 -> 王**; an empty name stays empty.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count();
            format!("{first}{}", "*".repeat(rest.max(1)))
        }
        None => String::new(),
    }
}

/// 13800138000 -> 138****8000; shorter numbers keep their last 2 digits.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.len() {
        0 => String::new(),
        n if n >= 11 => format!(
            "{}****{}",
            digits[..3].iter().collect::<String>(),
            digits[n - 4..].iter().collect::<String>()
        ),
        n => format!(
            "{}{}",
            "*".repeat(n.saturating_sub(2)),
            digits[n.saturating_sub(2)..].iter().collect::<String>()
        ),
    }
}

/// The replacement text of an anonymised identity field.
pub const ANONYMISED: &str = "（已匿名化）";

/// Identity strings with their masked forms, longest first (so a unit that
/// contains a name is replaced whole).
pub fn identity_pairs(complainants: &[Person], witnesses: &[Witness]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut add = |s: &str, masked: String| {
        let s = s.trim();
        if s.chars().count() >= 2 && s != masked && !pairs.iter().any(|(o, _)| o == s) {
            pairs.push((s.to_string(), masked));
        }
    };
    for p in complainants {
        add(&p.name, mask_name(&p.name));
        add(&p.phone, mask_phone(&p.phone));
        add(&p.id_number, mask_id_number(&p.id_number));
        add(&p.unit, "***".into());
        add(&p.position, "***".into());
        add(&p.address, "***".into());
    }
    for w in witnesses {
        add(&w.name, mask_name(&w.name));
        add(&w.contact, mask_phone(&w.contact));
    }
    pairs.sort_by_key(|(o, _)| std::cmp::Reverse(o.chars().count()));
    pairs
}

/// 110101199003071234 -> 110***********1234 (empty stays empty).
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    format!(
        "{}{}{}",
        chars[..3].iter().collect::<String>(),
        "*".repeat(n - 7),
        chars[n - 4..].iter().collect::<String>()
    )
}

/// `text` with every identity string replaced by its pair.
pub fn replace_all(text: &str, pairs: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (o, m) in pairs {
        if out.contains(o.as_str()) {
            out = out.replace(o.as_str(), m);
        }
    }
    out
}

/// Replaces identity strings in every string of a JSON value.
pub fn replace_in_json(v: &mut serde_json::Value, pairs: &[(String, String)]) {
    match v {
        serde_json::Value::String(s) => *s = replace_all(s, pairs),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| replace_in_json(x, pairs)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| replace_in_json(x, pairs)),
        _ => {}
    }
}

/// Any serialisable value with the identity masked wherever it was written.
pub fn masked_value<T>(value: &T, pairs: &[(String, String)]) -> Result<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let mut v = serde_json::to_value(value).map_err(|e| DeskError::Internal(e.to_string()))?;
    replace_in_json(&mut v, pairs);
    serde_json::from_value(v).map_err(|e| DeskError::Internal(e.to_string()))
}

/// The case with every occurrence of the complainant's (and witnesses')
/// identity masked, wherever it was written (records, notes, facts, the
/// history), and without the anonymous reporter's query code.
pub fn masked(case: &CaseDetail) -> Result<CaseDetail> {
    let pairs = identity_pairs(&case.complainants, &case.witnesses);
    let mut out = masked_value(case, &pairs)?;
    out.query_code = None;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_its_first_character_and_a_phone_its_ends() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("王"), "王*");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("12345"), "***45");
        assert_eq!(mask_id_number("110101199003071234"), "110***********1234");
    }

    #[test]
    fn a_unit_containing_a_name_is_replaced_whole() {
        let p = Person {
            name: "王小明".into(),
            unit: "王小明工作室".into(),
            ..Default::default()
        };
        let pairs = identity_pairs(&[p], &[]);
        assert_eq!(replace_all("来自王小明工作室", &pairs), "来自***");
    }
}
