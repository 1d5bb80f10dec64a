//! Checking what the intake form sends, field by field, with messages in
//! both languages that say what is wrong and how to fix it.

use chrono::{Datelike, NaiveDateTime, TimeDelta};

use crate::domain::case::{Accused, CaseInput, CaseKind, Channel, Person, Severity, Witness};
use crate::domain::policy::Policy;
use crate::error::FieldError;

use super::checks::Checker;
pub use super::checks::{
    bounded, day, is_id_number, is_phone, moment, optional_day, parse_local_time, text, MAX_YEAR,
    MIN_YEAR, REPLY_METHODS,
};

/// A case that passed every check, trimmed and typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCase {
    pub kind: CaseKind,
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    pub receiving_clerk: String,
    pub receiving_clerk_id: Option<i64>,
    pub anonymous: bool,
    pub complainants: Vec<Person>,
    pub accused: Vec<Accused>,
    pub category: String,
    pub category_label: String,
    pub handling_department: String,
    pub severity: Severity,
    pub occurred_when: String,
    pub occurred_where: String,
    pub matter: String,
    pub facts: String,
    pub request: String,
    pub evidence: Vec<String>,
    pub witnesses: Vec<Witness>,
    pub reply_method: String,
}

/// Limits in characters (not bytes).
pub mod limits {
    pub const NAME: usize = 50;
    pub const UNIT: usize = 100;
    pub const POSITION: usize = 50;
    pub const PHONE: usize = 30;
    pub const ADDRESS: usize = 200;
    pub const CLERK: usize = 50;
    pub const WHEN: usize = 100;
    pub const WHERE: usize = 200;
    pub const MATTER: usize = 200;
    pub const FACTS: usize = 20_000;
    pub const REQUEST: usize = 5_000;
    pub const EVIDENCE: usize = 500;
    pub const CONTACT: usize = 100;
    pub const PEOPLE: usize = 200;
    pub const ITEMS: usize = 200;
}

/// How far ahead of the clock a received time may be (clock skew between desks).
const FUTURE_SLACK_MINUTES: i64 = 5;

fn is_blank_person(p: &Person) -> bool {
    [
        &p.name,
        &p.unit,
        &p.position,
        &p.phone,
        &p.address,
        &p.id_number,
    ]
    .iter()
    .all(|s| s.trim().is_empty())
}

/// Checks a case against the office's policy at time `now`.
pub fn validate_case(
    input: &CaseInput,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<ValidCase, Vec<FieldError>> {
    let mut c = Checker { errors: Vec::new() };

    let kind = CaseKind::from_code(input.kind.trim());
    if kind.is_none() {
        c.push(
            "kind",
            "required",
            "请选择类型：投诉或举报。".into(),
            "Choose the kind: complaint or report.".into(),
        );
    }
    let channel = Channel::from_code(input.channel.trim());
    if channel.is_none() {
        c.push(
            "channel",
            "required",
            "请选择受理方式（来访、来电、来信、电子邮件、网上、意见箱或其他）。".into(),
            "Choose how the case was received (visit, phone, letter, e-mail, online, suggestion box or other).".into(),
        );
    }
    let received_at = if input.received_at.trim().is_empty() {
        Some(now)
    } else {
        match parse_local_time(&input.received_at) {
            None => {
                c.push(
                    "received_at",
                    "time_invalid",
                    "收到时间格式不正确，请按“2026-11-24 09:30”填写。".into(),
                    "The received time is not a valid time; use the form 2026-11-24 09:30.".into(),
                );
                None
            }
            Some(t) if t > now + TimeDelta::minutes(FUTURE_SLACK_MINUTES) => {
                c.push(
                    "received_at",
                    "time_in_future",
                    format!(
                        "收到时间不能晚于现在（{}），请检查日期和时间。",
                        now.format("%Y-%m-%d %H:%M")
                    ),
                    format!(
                        "The received time cannot be later than now ({}); check the date and time.",
                        now.format("%Y-%m-%d %H:%M")
                    ),
                );
                None
            }
            Some(t) if !(MIN_YEAR..=MAX_YEAR).contains(&t.year()) => {
                c.push(
                    "received_at",
                    "time_out_of_range",
                    "收到时间须在2000年至2100年之间，请检查年份。".into(),
                    "The received time must lie between 2000 and 2100; check the year.".into(),
                );
                None
            }
            Some(t) => Some(t),
        }
    };
    let reply_method = {
        let m = input.reply_method.trim();
        if !m.is_empty() && !REPLY_METHODS.contains(&m) {
            c.push(
                "reply_method",
                "invalid",
                "请选择答复方式：电话、书面、短信、电子邮件或当面。".into(),
                "Choose how to answer: phone, letter, SMS, e-mail or in person.".into(),
            );
        }
        m.to_string()
    };
    let receiving_clerk = c.text(
        "receiving_clerk",
        ("受理人", "Receiving clerk"),
        &input.receiving_clerk,
        true,
        limits::CLERK,
        false,
    );

    let mut complainants = Vec::new();
    if !input.anonymous {
        let rows: Vec<(usize, &Person)> = input
            .complainants
            .iter()
            .take(limits::PEOPLE + 1)
            .enumerate()
            .filter(|(_, p)| !is_blank_person(p))
            .collect();
        if rows.is_empty() {
            c.push(
                "complainants[0].name",
                "required",
                "请填写投诉（举报）人姓名；如对方不愿留名，请勾选“匿名”。".into(),
                "Enter the complainant's name, or tick \"anonymous\" if they do not give one."
                    .into(),
            );
        }
        if rows.len() > limits::PEOPLE {
            c.push(
                "complainants",
                "too_many",
                format!("投诉人最多 {} 名。", limits::PEOPLE),
                format!("At most {} complainants.", limits::PEOPLE),
            );
        }
        for (i, p) in rows {
            let f = |name: &str| format!("complainants[{i}].{name}");
            complainants.push(Person {
                name: c.text(
                    &f("name"),
                    ("姓名", "Name"),
                    &p.name,
                    true,
                    limits::NAME,
                    false,
                ),
                unit: c.text(
                    &f("unit"),
                    ("部门/单位", "Department/unit"),
                    &p.unit,
                    false,
                    limits::UNIT,
                    false,
                ),
                position: c.text(
                    &f("position"),
                    ("职务", "Position"),
                    &p.position,
                    false,
                    limits::POSITION,
                    false,
                ),
                phone: c.phone(&f("phone"), ("联系电话", "Phone"), &p.phone),
                address: c.text(
                    &f("address"),
                    ("地址", "Address"),
                    &p.address,
                    false,
                    limits::ADDRESS,
                    false,
                ),
                gender: c.gender(&f("gender"), &p.gender),
                id_number: c.id_number(&f("id_number"), &p.id_number),
            });
        }
    }

    let mut accused = Vec::new();
    for (i, a) in input.accused.iter().take(limits::PEOPLE + 1).enumerate() {
        if a.name.trim().is_empty() && a.unit.trim().is_empty() {
            continue;
        }
        accused.push(Accused {
            name: c.text(
                &format!("accused[{i}].name"),
                (
                    "被投诉（举报）人姓名",
                    "Name of the person complained about",
                ),
                &a.name,
                false,
                limits::NAME,
                false,
            ),
            unit: c.text(
                &format!("accused[{i}].unit"),
                (
                    "被投诉（举报）人部门",
                    "Department of the person complained about",
                ),
                &a.unit,
                false,
                limits::UNIT,
                false,
            ),
        });
    }
    if accused.len() > limits::PEOPLE {
        c.push(
            "accused",
            "too_many",
            format!("被投诉人最多 {} 名。", limits::PEOPLE),
            format!("At most {} people complained about.", limits::PEOPLE),
        );
    }

    let category_code = input.category.trim();
    let category = if category_code.is_empty() {
        c.push(
            "category",
            "required",
            "请选择问题类别。".into(),
            "Choose a category.".into(),
        );
        None
    } else {
        match policy.category(category_code) {
            None => {
                c.push(
                    "category",
                    "unknown_category",
                    format!("问题类别“{category_code}”不在本单位的类别表中，请从列表中选择。"),
                    format!("The category \"{category_code}\" is not in the office's list; choose one from the list."),
                );
                None
            }
            Some(cat) if kind.is_some_and(|k| !cat.kinds.contains(&k)) => {
                let k = kind.map(|k| k.label_zh()).unwrap_or_default();
                c.push(
                    "category",
                    "category_kind_mismatch",
                    format!("问题类别“{}”不适用于{k}，请另选类别或更改类型。", cat.name_zh),
                    format!("The category \"{}\" does not apply to this kind of case; choose another category or change the kind.", cat.name_en),
                );
                None
            }
            Some(cat) => Some(cat),
        }
    };
    let severity = Severity::from_code(input.severity.trim());
    if severity.is_none() {
        c.push(
            "severity",
            "required",
            "请选择紧急程度（一般、重要、紧急、重大）。".into(),
            "Choose the severity (ordinary, important, urgent, major).".into(),
        );
    }
    let occurred_when = c.text(
        "occurred_when",
        ("发生时间", "When it happened"),
        &input.occurred_when,
        false,
        limits::WHEN,
        false,
    );
    let occurred_where = c.text(
        "occurred_where",
        ("发生地点", "Where it happened"),
        &input.occurred_where,
        false,
        limits::WHERE,
        false,
    );
    let matter = c.text(
        "matter",
        ("事由", "The matter"),
        &input.matter,
        true,
        limits::MATTER,
        false,
    );
    let facts = c.text(
        "facts",
        ("事情经过", "What happened"),
        &input.facts,
        true,
        limits::FACTS,
        true,
    );
    let request = c.text(
        "request",
        ("诉求", "The request"),
        &input.request,
        false,
        limits::REQUEST,
        true,
    );

    let mut evidence = Vec::new();
    for (i, e) in input.evidence.iter().take(limits::ITEMS + 1).enumerate() {
        if e.trim().is_empty() {
            continue;
        }
        evidence.push(c.text(
            &format!("evidence[{i}]"),
            ("证据材料", "Evidence item"),
            e,
            false,
            limits::EVIDENCE,
            false,
        ));
    }
    if evidence.len() > limits::ITEMS {
        c.push(
            "evidence",
            "too_many",
            format!("证据材料最多 {} 项。", limits::ITEMS),
            format!("At most {} evidence items.", limits::ITEMS),
        );
    }
    let mut witnesses = Vec::new();
    for (i, w) in input.witnesses.iter().take(limits::ITEMS + 1).enumerate() {
        if w.name.trim().is_empty() && w.contact.trim().is_empty() {
            continue;
        }
        witnesses.push(Witness {
            name: c.text(
                &format!("witnesses[{i}].name"),
                ("证人姓名", "Witness name"),
                &w.name,
                true,
                limits::NAME,
                false,
            ),
            contact: c.text(
                &format!("witnesses[{i}].contact"),
                ("证人联系方式", "Witness contact"),
                &w.contact,
                false,
                limits::CONTACT,
                false,
            ),
        });
    }
    if witnesses.len() > limits::ITEMS {
        c.push(
            "witnesses",
            "too_many",
            format!("证人最多 {} 名。", limits::ITEMS),
            format!("At most {} witnesses.", limits::ITEMS),
        );
    }

    match (kind, channel, received_at, category, severity) {
        (Some(kind), Some(channel), Some(received_at), Some(cat), Some(severity))
            if c.errors.is_empty() =>
        {
            Ok(ValidCase {
                kind,
                channel,
                received_at,
                receiving_clerk,
                receiving_clerk_id: input.receiving_clerk_id,
                anonymous: input.anonymous,
                complainants,
                accused,
                category: cat.code.clone(),
                category_label: cat.name_zh.clone(),
                handling_department: cat.department.clone(),
                severity,
                occurred_when,
                occurred_where,
                matter,
                facts,
                request,
                evidence,
                witnesses,
                reply_method,
            })
        }
        _ => Err(c.errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_landline_and_local_numbers_are_phones() {
        for ok in [
            "13800138000",
            "+86 138 0013 8000",
            "010-12345678",
            "0755-1234567",
            "0755-12345678-123",
            "01012345678",
            "12345678",
        ] {
            assert!(is_phone(ok), "{ok} should be accepted");
        }
    }

    #[test]
    fn letters_short_numbers_and_bad_mobiles_are_not_phones() {
        for bad in [
            "abc",
            "1380013800",
            "12800138000",
            "123",
            "138001380001",
            "010-123",
            "电话",
        ] {
            assert!(!is_phone(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn a_received_time_reads_with_or_without_seconds_and_the_t() {
        assert!(parse_local_time("2026-11-24T09:30").is_some());
        assert!(parse_local_time("2026-11-24 09:30:15").is_some());
        assert!(parse_local_time("24/11/2026").is_none());
    }
}
