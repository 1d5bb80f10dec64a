//! Importing an old register: the preview (the header row found, columns
//! mapped to fields, every row checked, nothing written) and the commit
//! (everything checked again, written in one transaction).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::fields::*;
pub use super::import_types::*;
use super::layout::{layout, Layout};
use super::ledger::{fill_row, Closing};
use super::read::*;
use crate::api::Ctx;
use crate::domain::case::{Accused, CaseInput, Channel, Person, Severity};
use crate::domain::records::{LegacyClosing, Record};
use crate::domain::roles::Part;
use crate::domain::validate::{self, ValidCase};
use crate::error::{FieldError, Result};
use crate::store::{self, fmt_time, participants};

// ---- import: preview and commit -----------------------------------------

/// A row that passed every check, ready to store.
struct ReadyRow {
    row: usize,
    case: ValidCase,
    legacy_number: String,
    old_status: String,
    /// What the ledger says of the end of the case.
    closing: LegacyClosing,
    /// Closed in the ledger (a closing date, or an old status that says
    /// so): imported archived, with the closing as its record.
    finished: bool,
}

pub(super) fn problem(
    field: ImportField,
    code: &'static str,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> FieldError {
    let field_code = serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    FieldError::new(
        field_code,
        code,
        format!("{}：{}", field.label_zh(), zh.into()),
        format!("{}: {}", field.label_en(), en.into()),
    )
}

struct Analysis {
    preview: ImportPreview,
    ready: Vec<ReadyRow>,
}

fn check_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
}

/// Reads a spreadsheet and reports what an import would do: the header
/// row, the proposed mapping of columns to fields (or the user's), and
/// every row with its problems. Nothing is written.
pub(crate) fn preview(ctx: &Ctx, f: ImportFile) -> Result<ImportPreview> {
    let name = check_name(&f.file_name);
    ctx.read(|r| {
        Ok(analyse(
            r.conn,
            r.now,
            &f.bytes.0,
            &name,
            f.mapping.as_ref(),
            &r.viewer()?.name,
        )?
        .preview)
    })
}

/// Imports a spreadsheet: every row checked again (the preview is not
/// trusted), then one transaction. `AllOrNothing` writes nothing when any
/// row has a problem; `ValidOnly` writes the valid rows and lists the
/// skipped ones with their reasons. Imported cases get new numbers, keep
/// their old one, and their history names the file and the row.
pub(crate) fn commit(ctx: &Ctx, c: ImportCommit) -> Result<ImportReport> {
    let name = check_name(&c.file_name);
    let viewer = ctx.viewer()?.clone();
    ctx.write(|w| {
        let Analysis { preview, ready } = analyse(
            w.tx,
            w.now,
            &c.bytes.0,
            &name,
            c.mapping.as_ref(),
            &viewer.name,
        )?;
        let skipped: Vec<ImportRow> = preview
            .rows
            .iter()
            .filter(|r| !r.problems.is_empty())
            .cloned()
            .collect();
        let mut report = ImportReport {
            file_name: name.clone(),
            mode: c.mode,
            refused: false,
            total: preview.total,
            imported: Vec::new(),
            skipped,
        };
        if c.mode == ImportMode::AllOrNothing && !report.skipped.is_empty() {
            report.refused = true;
            // Nothing is imported; the attempt is still on the audit trail.
            w.audit(
                None,
                "register_import_refused",
                serde_json::json!({"file": name, "skipped": report.skipped.len()}),
            );
            return Ok(report);
        }
        let now = w.now_text();
        for r in &ready {
            let (id, number) = store::cases::insert(w.tx, &r.case, None, &now, &r.legacy_number)?;
            participants::add(w.tx, id, viewer.user_id, Part::Registered)?;
            let archived = r.finished;
            if archived {
                w.tx.execute("UPDATE cases SET status = 'archived' WHERE id = ?1", [id])?;
                store::records::insert(
                    w.tx,
                    id,
                    &Record::LegacyClosing(r.closing.clone()),
                    &now,
                    &viewer.name,
                )?;
            }
            w.audit(
                Some(id),
                "case_imported",
                serde_json::json!({
                    "file": name,
                    "row": r.row,
                    "legacy_number": r.legacy_number,
                    "legacy_status": r.old_status,
                    "imported_as": if archived { "archived" } else { "registered" },
                    "department": r.case.handling_department,
                    "closed_on": r.closing.closed_on,
                    "result": r.closing.result,
                    "satisfaction": r.closing.satisfaction_text,
                }),
            );
            w.settle(id)?;
            report.imported.push(ImportedCase {
                row: r.row,
                id,
                number,
                legacy_number: r.legacy_number.clone(),
            });
        }
        w.audit(
            None,
            "register_imported",
            serde_json::json!({
                "file": name,
                "mode": c.mode,
                "imported": report.imported.len(),
                "skipped": report.skipped.len(),
            }),
        );
        Ok(report)
    })
}

fn analyse(
    conn: &rusqlite::Connection,
    now: NaiveDateTime,
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&ColumnMapping>,
    actor: &str,
) -> Result<Analysis> {
    let Layout {
        policy,
        grid,
        detected,
        header_row,
        fields,
        fixed,
        col_of,
        data_rows,
        columns,
        ignored_columns,
        missing_fields,
    } = layout(conn, bytes, file_name, mapping)?;

    let mut legacy_st =
        conn.prepare_cached("SELECT number FROM cases WHERE legacy_number = ?1 LIMIT 1")?;
    let mut same_st = conn.prepare_cached(
        "SELECT number FROM cases WHERE received_at = ?1 AND matter = ?2
         AND complainant_names = ?3 LIMIT 1",
    )?;
    let mut seen_legacy: HashMap<String, usize> = HashMap::new();
    // A sheet names a handful of categories in thousands of rows.
    let mut categories: HashMap<String, Option<usize>> = HashMap::new();
    let mut seen_same: HashMap<(String, String, String), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(data_rows.len());
    let mut ready = Vec::new();
    let mut duplicates = 0;
    for &r in &data_rows {
        let shown = r + 1;
        let mut problems: Vec<FieldError> = Vec::new();
        let mut values = BTreeMap::new();
        let mut text: HashMap<ImportField, String> = HashMap::new();
        let mut received: Option<NaiveDateTime> = None;
        let mut closed_on: Option<chrono::NaiveDate> = None;
        for (&f, &c) in &col_of {
            let cell = grid.cell(r, c);
            if !cell.is_blank() {
                values.insert(f, cell.display());
            }
            if grid.merged.contains(&(r, c)) {
                problems.push(problem(
                    f,
                    "merged_cell",
                    format!("{}{shown} 是合并单元格的一部分，值只在合并区域的第一格。请取消合并，并在每一行填上各自的值。", column_letter(c)),
                    format!("{}{shown} is part of merged cells, whose value sits only in the first cell. Unmerge them and fill in the value on every row.", column_letter(c)),
                ));
                continue;
            }
            match cell {
                Cell::Empty => {}
                Cell::Error(e) => problems.push(problem(
                    f,
                    "cell_error",
                    format!("{}{shown} 是错误值 {e}，请在表格中改正。", column_letter(c)),
                    format!("{}{shown} holds the error {e}; correct it in the spreadsheet.", column_letter(c)),
                )),
                Cell::FormulaNoValue(formula) => problems.push(problem(
                    f,
                    "formula_no_value",
                    format!("{}{shown} 是公式 ={formula}，文件里没有保存计算结果。请在 Excel 中打开并保存一次，或把公式改为数值。", column_letter(c)),
                    format!("{}{shown} is the formula ={formula} and the file holds no computed value. Open and save it once in Excel, or replace the formula with its value.", column_letter(c)),
                )),
                _ if f == ImportField::ClosedAt => match cell_time(cell) {
                    Ok(t) => closed_on = Some(t.date()),
                    Err(v) => problems.push(problem(
                        f,
                        "date_invalid",
                        format!("{}{shown} 的“{v}”不是日期，请写成 2026-11-24 或 2026/11/24，或设为日期单元格。", column_letter(c)),
                        format!("{}{shown} \"{v}\" is not a date; write it as 2026-11-24 or 2026/11/24, or make it a date cell.", column_letter(c)),
                    )),
                },
                Cell::Bool(b) if f == ImportField::Satisfaction => {
                    text.insert(f, if *b { "是" } else { "否" }.to_string());
                }
                _ if f == ImportField::ReceivedAt => match cell_time(cell) {
                    Ok(t) => received = Some(t),
                    Err(v) => problems.push(problem(
                        f,
                        "date_invalid",
                        format!("{}{shown} 的“{v}”不是日期，请写成 2026-11-24 09:30 或 2026/11/24，或设为日期单元格。", column_letter(c)),
                        format!("{}{shown} \"{v}\" is not a date; write it as 2026-11-24 09:30 or 2026/11/24, or make it a date cell.", column_letter(c)),
                    )),
                },
                Cell::Text(s) => {
                    text.insert(f, s.trim().to_string());
                }
                Cell::Number(n)
                    if matches!(f, ImportField::LegacyNumber | ImportField::Phone) =>
                {
                    text.insert(f, number_text(*n));
                }
                Cell::Date(_) if f == ImportField::OccurredWhen => {
                    text.insert(f, cell.display());
                }
                other => {
                    let (zh, en) = match other {
                        Cell::Number(_) => ("数字", "a number"),
                        Cell::Date(_) => ("日期", "a date"),
                        _ => ("逻辑值", "a TRUE/FALSE value"),
                    };
                    let v = other.display();
                    problems.push(problem(
                        f,
                        "wrong_type",
                        format!("{}{shown} 是{zh}（{v}），这里应为文字。请检查这一列是否对应正确的字段。", column_letter(c)),
                        format!("{}{shown} is {en} ({v}) where text is expected. Check that this column is mapped to the right field.", column_letter(c)),
                    ));
                }
            }
        }
        let has = |problems: &[FieldError], f: ImportField| {
            let code = serde_json::to_value(f).unwrap_or_default();
            problems.iter().any(|p| code == p.field.as_str())
        };
        let filled = fill_row(&policy, &fixed, &mut text, |f| has(&problems, f));
        let get = |f: ImportField| text.get(&f).cloned().unwrap_or_default();
        // Required fields.
        for f in [ImportField::Matter, ImportField::Category] {
            if get(f).is_empty() && !has(&problems, f) {
                problems.push(problem(
                    f,
                    "required",
                    "为空，这是必填项。",
                    "is empty; it is required.",
                ));
            }
        }
        if received.is_none() && !has(&problems, ImportField::ReceivedAt) {
            problems.push(problem(
                ImportField::ReceivedAt,
                "required",
                "为空，这是必填项。",
                "is empty; it is required.",
            ));
        }
        // Coded values: the Chinese labels and the codes.
        let category = get(ImportField::Category);
        let cat = (!category.is_empty())
            .then(|| {
                *categories
                    .entry(category.clone())
                    .or_insert_with(|| category_position(&policy, &category))
            })
            .flatten()
            .map(|i| &policy.categories[i]);
        if !category.is_empty() && cat.is_none() {
            let known = policy
                .categories
                .iter()
                .map(|c| c.name_zh.as_str())
                .collect::<Vec<_>>()
                .join("、");
            let known_en = policy
                .categories
                .iter()
                .map(|c| c.name_en.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(problem(
                ImportField::Category,
                "unknown_category",
                format!("“{category}”不在本单位的类别表中。可用的类别：{known}。"),
                format!(
                    "\"{category}\" is not in the office's list. Known categories: {known_en}."
                ),
            ));
        }
        let kind_text = get(ImportField::Kind);
        let kind = if kind_text.is_empty() {
            // Inferred when the category belongs to one kind only.
            match cat.map(|c| c.kinds.as_slice()) {
                Some([k]) => Some(*k),
                _ => {
                    if cat.is_some() {
                        problems.push(problem(
                            ImportField::Kind,
                            "required",
                            "为空：该问题类别既可能是投诉也可能是举报，请填写“投诉”或“举报”。",
                            "is empty: this category can be a complaint or a report; write \"complaint\" or \"report\".",
                        ));
                    }
                    None
                }
            }
        } else {
            let k = find_kind(&kind_text);
            if k.is_none() {
                problems.push(problem(
                    ImportField::Kind,
                    "unknown_kind",
                    format!("“{kind_text}”无法识别，请填写“投诉”或“举报”。"),
                    format!("\"{kind_text}\" is not known; write \"complaint\" (投诉) or \"report\" (举报)."),
                ));
            }
            k
        };
        let channel_text = get(ImportField::Channel);
        let channel = if channel_text.is_empty() {
            Some(Channel::Other)
        } else {
            let c = find_channel(&channel_text);
            if c.is_none() {
                problems.push(problem(
                    ImportField::Channel,
                    "unknown_channel",
                    format!("“{channel_text}”无法识别，请填写来访、来电、来信、电子邮件、网上、意见箱或其他。"),
                    format!("\"{channel_text}\" is not known; write visit, phone, letter, email, online, suggestion box or other."),
                ));
            }
            c
        };
        let severity_text = get(ImportField::Severity);
        let severity = if severity_text.is_empty() {
            Some(Severity::Ordinary)
        } else {
            let s = find_severity(&severity_text);
            if s.is_none() {
                problems.push(problem(
                    ImportField::Severity,
                    "unknown_severity",
                    format!("“{severity_text}”无法识别，请填写一般、重要、紧急或重大。"),
                    format!("\"{severity_text}\" is not known; write ordinary, important, urgent or major."),
                ));
            }
            s
        };

        // The rest of the checks are the intake form's own.
        let names_text = get(ImportField::Name);
        let anonymous = names_text.is_empty()
            || matches!(norm_value(&names_text).as_str(), "匿名" | "anonymous");
        let names = split_list(&names_text);
        let phones = split_list(&get(ImportField::Phone));
        let matter = get(ImportField::Matter);
        let facts = get(ImportField::Facts);
        let clerk = get(ImportField::ReceivingClerk);
        let input = CaseInput {
            kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
            channel: channel.map(|c| c.code().to_string()).unwrap_or_default(),
            received_at: received.map(fmt_time).unwrap_or_else(|| fmt_time(now)),
            receiving_clerk: if clerk.is_empty() {
                if actor.is_empty() { "导入" } else { actor }.to_string()
            } else {
                clerk
            },
            anonymous,
            complainants: if anonymous {
                Vec::new()
            } else {
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| Person {
                        name: n.clone(),
                        phone: phones.get(i).cloned().unwrap_or_default(),
                        ..Default::default()
                    })
                    .collect()
            },
            accused: split_list(&get(ImportField::Accused))
                .into_iter()
                .map(|name| Accused {
                    name,
                    unit: String::new(),
                })
                .collect(),
            category: cat.map(|c| c.code.clone()).unwrap_or_default(),
            severity: severity.map(|s| s.code().to_string()).unwrap_or_default(),
            occurred_when: get(ImportField::OccurredWhen),
            occurred_where: get(ImportField::OccurredWhere),
            // An old register often has only the matter: it stands for the facts.
            facts: if facts.is_empty() {
                matter.clone()
            } else {
                facts
            },
            matter,
            request: get(ImportField::Request),
            evidence: Vec::new(),
            witnesses: Vec::new(),
            ..Default::default()
        };
        let checked = validate::validate_case(&input, &policy, now);
        if let Err(errors) = &checked {
            for e in errors {
                let Some(f) = field_of_path(&e.field) else {
                    continue;
                };
                if has(&problems, f) {
                    continue;
                }
                problems.push(problem(
                    f,
                    e.code,
                    e.message_zh.clone(),
                    e.message_en.clone(),
                ));
            }
        }

        // Duplicates: of cases already registered, and of rows above.
        let legacy = get(ImportField::LegacyNumber);
        if !legacy.is_empty() {
            if let Some(n) = legacy_st
                .query_row([&legacy], |x| x.get::<_, String>(0))
                .optional()?
            {
                problems.push(problem(
                    ImportField::LegacyNumber,
                    "duplicate_existing",
                    format!("原编号“{legacy}”已导入过，登记为 {n}。"),
                    format!("The old number \"{legacy}\" was imported before, as {n}."),
                ));
            } else if let Some(first) = seen_legacy.get(&legacy) {
                problems.push(problem(
                    ImportField::LegacyNumber,
                    "duplicate_in_file",
                    format!("原编号“{legacy}”与第 {first} 行重复。"),
                    format!("The old number \"{legacy}\" repeats row {first}."),
                ));
            } else {
                seen_legacy.insert(legacy.clone(), shown);
            }
        }
        if let (Some(t), false) = (received, input.matter.is_empty()) {
            let key = (
                fmt_time(t),
                input.matter.clone(),
                input
                    .complainants
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
            );
            if let Some(n) = same_st
                .query_row(params![key.0, key.1, key.2], |x| x.get::<_, String>(0))
                .optional()?
            {
                problems.push(problem(
                    ImportField::Matter,
                    "duplicate_existing",
                    format!("与已登记的 {n} 是同一件（同一投诉人、同一收到时间、同一事由）。"),
                    format!("It is the same case as {n} already registered (same complainant, received time and matter)."),
                ));
            } else if let Some(first) = seen_same.get(&key) {
                problems.push(problem(
                    ImportField::Matter,
                    "duplicate_in_file",
                    format!("与第 {first} 行是同一件（同一投诉人、同一收到时间、同一事由）。"),
                    format!("It is the same case as row {first} (same complainant, received time and matter)."),
                ));
            } else {
                seen_same.insert(key, shown);
            }
        }
        if problems
            .iter()
            .any(|p| matches!(p.code, "duplicate_existing" | "duplicate_in_file"))
        {
            duplicates += 1;
        }
        let department = get(ImportField::Department);
        if department.chars().count() > validate::limits::UNIT {
            problems.push(problem(
                ImportField::Department,
                "too_long",
                format!("最多 {} 个字。", validate::limits::UNIT),
                format!("takes at most {} characters.", validate::limits::UNIT),
            ));
        }
        let closing = Closing {
            closed_on,
            result: get(ImportField::Result),
            satisfaction_text: get(ImportField::Satisfaction),
        };
        closing.problems(received, now, &mut problems, problem);
        let old_status = get(ImportField::Status);
        match checked {
            Ok(mut case) if problems.is_empty() => {
                if !department.is_empty() {
                    case.handling_department = department;
                }
                ready.push(ReadyRow {
                    row: shown,
                    case,
                    legacy_number: legacy,
                    finished: closed_on.is_some() || status_is_closed(&old_status),
                    old_status,
                    closing: closing.record(),
                })
            }
            _ => {}
        }
        rows.push(ImportRow {
            row: shown,
            values,
            filled,
            problems,
        });
    }
    let valid = ready.len();
    let total = rows.len();
    Ok(Analysis {
        preview: ImportPreview {
            file_name: file_name.to_string(),
            format: grid.format.to_string(),
            sheet: grid.sheet.clone(),
            encoding: grid.encoding.to_string(),
            header_found: mapping.is_some() || detected.is_some(),
            mapping: ColumnMapping {
                header_row,
                fields,
                fixed,
            },
            fillable: ImportField::FILLABLE.to_vec(),
            columns,
            ignored_columns,
            missing_fields,
            rows,
            total,
            valid,
            with_problems: total - valid,
            duplicates,
        },
        ready,
    })
}
