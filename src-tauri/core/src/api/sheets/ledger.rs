//! What an old ledger (台账) lacks or says about the end of a case: values
//! for a whole field the file has no column for, the matter from the first
//! sentence of the facts, a suggested category, and the closing (result,
//! closing date, satisfaction) a finished case arrives archived with.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use ts_rs::TS;

use super::fields::*;
use crate::domain::ledger::{first_sentence, parse_satisfaction, suggest_category};
use crate::domain::policy::Policy;
use crate::domain::records::LegacyClosing;
use crate::domain::validate::limits;
use crate::error::{DeskError, FieldError, Result};

/// A value the importer put in a row the file left empty, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FilledValue {
    pub field: ImportField,
    pub value: String,
    /// "whole_field" (the value chosen for the whole file), "suggested"
    /// (a category from the department or the text) or "first_sentence"
    /// (the matter from the facts).
    pub source: &'static str,
}

fn field_code(f: ImportField) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Checks the values chosen for whole fields: only the fields that take
/// one, each a value the office knows.
pub(crate) fn check_fixed(policy: &Policy, fixed: &BTreeMap<ImportField, String>) -> Result<()> {
    let mut problems = Vec::new();
    for (&f, v) in fixed {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let bad = |code: &'static str, zh: String, en: String| {
            FieldError::new(format!("fixed.{}", field_code(f)), code, zh, en)
        };
        if !ImportField::FILLABLE.contains(&f) {
            problems.push(bad(
                "not_fillable",
                format!("“{}”不能为整个文件设一个值，它因行而异。", f.label_zh()),
                format!(
                    "\"{}\" cannot take one value for the whole file; it differs by row.",
                    f.label_en()
                ),
            ));
            continue;
        }
        if v.chars().count() > limits::UNIT {
            problems.push(bad(
                "too_long",
                format!("“{}”的值最多 {} 个字。", f.label_zh(), limits::UNIT),
                format!(
                    "The value for \"{}\" takes at most {} characters.",
                    f.label_en(),
                    limits::UNIT
                ),
            ));
            continue;
        }
        let known = match f {
            ImportField::Kind => find_kind(v).is_some(),
            ImportField::Channel => find_channel(v).is_some(),
            ImportField::Severity => find_severity(v).is_some(),
            ImportField::Category => find_category(policy, v).is_some(),
            _ => true,
        };
        if !known {
            problems.push(bad(
                "unknown_value",
                format!("“{v}”不是“{}”可用的值，请从列表中选择。", f.label_zh()),
                format!(
                    "\"{v}\" is not a value \"{}\" can take; choose one from the list.",
                    f.label_en()
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DeskError::Validation(problems))
    }
}

/// Fills what a row left empty: the whole-field values, then the matter
/// from the facts, then a suggested category. Returns what was filled.
pub(crate) fn fill_row(
    policy: &Policy,
    fixed: &BTreeMap<ImportField, String>,
    text: &mut HashMap<ImportField, String>,
    has_problem: impl Fn(ImportField) -> bool,
) -> Vec<FilledValue> {
    let mut filled = Vec::new();
    let empty = |text: &HashMap<ImportField, String>, f: ImportField| {
        text.get(&f).is_none_or(|v| v.is_empty()) && !has_problem(f)
    };
    for (&f, v) in fixed {
        let v = v.trim();
        if !v.is_empty() && ImportField::FILLABLE.contains(&f) && empty(text, f) {
            text.insert(f, v.to_string());
            filled.push(FilledValue {
                field: f,
                value: v.to_string(),
                source: "whole_field",
            });
        }
    }
    if empty(text, ImportField::Matter) {
        let facts = text.get(&ImportField::Facts).cloned().unwrap_or_default();
        let matter = first_sentence(&facts);
        if !matter.is_empty() {
            text.insert(ImportField::Matter, matter.clone());
            filled.push(FilledValue {
                field: ImportField::Matter,
                value: matter,
                source: "first_sentence",
            });
        }
    }
    if empty(text, ImportField::Category) {
        let get = |f| text.get(&f).map(String::as_str).unwrap_or("");
        let kind = find_kind(get(ImportField::Kind));
        let words = format!("{}\n{}", get(ImportField::Matter), get(ImportField::Facts));
        if let Some(c) = suggest_category(policy, kind, get(ImportField::Department), &words) {
            let value = c.name_zh.clone();
            text.insert(ImportField::Category, value.clone());
            filled.push(FilledValue {
                field: ImportField::Category,
                value,
                source: "suggested",
            });
        }
    }
    filled
}

/// The closing a ledger row gives, checked against its received time.
pub(crate) struct Closing {
    pub closed_on: Option<NaiveDate>,
    pub result: String,
    pub satisfaction_text: String,
}

impl Closing {
    /// The record a finished case keeps.
    pub fn record(&self) -> LegacyClosing {
        LegacyClosing {
            closed_on: self.closed_on.map(|d| d.format("%Y-%m-%d").to_string()),
            result: self.result.clone(),
            satisfaction: parse_satisfaction(&self.satisfaction_text),
            satisfaction_text: self.satisfaction_text.clone(),
        }
    }

    /// The problems of the closing columns of one row.
    pub fn problems(
        &self,
        received: Option<NaiveDateTime>,
        now: NaiveDateTime,
        out: &mut Vec<FieldError>,
        problem: impl Fn(ImportField, &'static str, String, String) -> FieldError,
    ) {
        if let Some(d) = self.closed_on {
            if received.is_some_and(|r| d < r.date()) {
                out.push(problem(
                    ImportField::ClosedAt,
                    "closed_before_received",
                    format!("办结日期 {d} 早于收到时间，请核对。"),
                    format!("The closing date {d} is before the case was received; check it."),
                ));
            } else if d > now.date() {
                out.push(problem(
                    ImportField::ClosedAt,
                    "closed_in_future",
                    format!("办结日期 {d} 还没有到，请核对。"),
                    format!("The closing date {d} is still to come; check it."),
                ));
            }
        }
        if self.result.chars().count() > limits::REQUEST {
            out.push(problem(
                ImportField::Result,
                "too_long",
                format!("处理结果最多 {} 个字。", limits::REQUEST),
                format!("The result takes at most {} characters.", limits::REQUEST),
            ));
        }
        let s = &self.satisfaction_text;
        if !s.is_empty() && parse_satisfaction(s).is_none() {
            out.push(problem(
                ImportField::Satisfaction,
                "unknown_satisfaction",
                format!("“{s}”无法识别，请填写满意、基本满意或不满意（也可写是/否）。"),
                format!(
                    "\"{s}\" is not known; write satisfied, partly satisfied or dissatisfied (or yes/no)."
                ),
            ));
        }
    }
}
