//! The shape of an imported sheet: which row holds the headers, which
//! field each column holds (the user's mapping, or one proposed from the
//! headers), the values filled in for a whole field, and the data rows.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::fields::*;
use super::import::{problem, ColumnMapping, ImportColumn};
use super::ledger::check_fixed;
use super::read::*;
use crate::domain::policy::Policy;
use crate::error::{DeskError, Result};
use crate::store::settings;

/// A sheet read and mapped, before its rows are checked.
pub(super) struct Layout {
    pub policy: Arc<Policy>,
    pub grid: Grid,
    pub detected: Option<usize>,
    pub header_row: usize,
    pub fields: Vec<Option<ImportField>>,
    pub fixed: BTreeMap<ImportField, String>,
    pub col_of: HashMap<ImportField, usize>,
    pub data_rows: Vec<usize>,
    pub columns: Vec<ImportColumn>,
    pub ignored_columns: Vec<String>,
    pub missing_fields: Vec<ImportField>,
}

/// Reads the file and works out its layout; refuses a sheet with no data
/// rows, too many rows, a header row past its end or a field mapped twice.
pub(super) fn layout(
    conn: &rusqlite::Connection,
    bytes: &[u8],
    file_name: &str,
    mapping: Option<&ColumnMapping>,
) -> Result<Layout> {
    let policy = settings::policy(conn)?;
    let grid = read_grid(bytes, file_name)?;
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    let detected = detect_header(&grid);
    let header_row = match mapping {
        Some(m) => m.header_row,
        None => detected.unwrap_or(0),
    };
    if header_row >= grid.rows.len() {
        return Err(refuse(
            "import_mapping",
            format!("表头行（第 {} 行）超出了表格的范围。", header_row + 1),
            format!(
                "The header row ({}) is past the end of the sheet.",
                header_row + 1
            ),
        ));
    }
    let headers: Vec<String> = (0..width)
        .map(|c| grid.cell(header_row, c).display())
        .collect();

    // The mapping: the user's, or one proposed from the headers.
    let mut notes: Vec<Option<&'static str>> = vec![None; width];
    let fields: Vec<Option<ImportField>> = match mapping {
        Some(m) => {
            let mut fields = m.fields.clone();
            fields.resize(width, None);
            for f in fields.iter().flatten() {
                let n = fields.iter().filter(|g| **g == Some(*f)).count();
                if n > 1 {
                    return Err(DeskError::Validation(vec![problem(
                        *f,
                        "mapping_duplicate",
                        format!("被分配给了 {n} 列，每个字段只能对应一列。"),
                        format!("is assigned to {n} columns; each field takes one column."),
                    )]));
                }
            }
            fields
        }
        None => {
            let mut fields = vec![None; width];
            if detected.is_some() {
                for (c, h) in headers.iter().enumerate() {
                    match field_for_header(h) {
                        Some(f) if fields.contains(&Some(f)) => notes[c] = Some("duplicate_header"),
                        Some(f) => fields[c] = Some(f),
                        None => notes[c] = Some("unknown_header"),
                    }
                }
            }
            fields
        }
    };
    let fixed: BTreeMap<ImportField, String> = mapping
        .map(|m| {
            m.fixed
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(f, v)| (*f, v.trim().to_string()))
                .collect()
        })
        .unwrap_or_default();
    check_fixed(&policy, &fixed)?;
    for (c, f) in fields.iter().enumerate() {
        if f.is_none() && notes[c].is_none() {
            notes[c] = Some("unknown_header");
        }
    }
    let col_of: HashMap<ImportField, usize> = fields
        .iter()
        .enumerate()
        .filter_map(|(c, f)| f.map(|f| (f, c)))
        .collect();

    let data_rows: Vec<usize> = (header_row + 1..grid.rows.len())
        .filter(|&r| (0..width).any(|c| !grid.cell(r, c).is_blank()))
        .collect();
    if data_rows.is_empty() {
        return Err(refuse(
            "import_no_rows",
            format!(
                "“{file_name}”只有表头（第 {} 行），下面没有数据行。",
                header_row + 1
            ),
            format!(
                "\"{file_name}\" has only the header row ({}) and no data below it.",
                header_row + 1
            ),
        ));
    }
    if data_rows.len() > MAX_IMPORT_ROWS {
        return Err(refuse(
            "import_too_many_rows",
            format!(
                "文件有 {} 行以上数据，超过了一次导入的上限 {MAX_IMPORT_ROWS} 行。请按年份拆成几个文件分别导入。",
                data_rows.len()
            ),
            format!(
                "The file has more than {} data rows; one import takes at most {MAX_IMPORT_ROWS}. Split it by year and import the parts one by one.",
                data_rows.len()
            ),
        ));
    }

    let columns: Vec<ImportColumn> = (0..width)
        .map(|c| ImportColumn {
            index: c,
            letter: column_letter(c),
            header: headers[c].clone(),
            samples: data_rows
                .iter()
                .map(|&r| grid.cell(r, c).display())
                .filter(|s| !s.is_empty())
                .take(3)
                .collect(),
            field: fields[c],
            note: if fields[c].is_some() { None } else { notes[c] },
        })
        .collect();
    let ignored_columns = columns
        .iter()
        .filter(|c| c.field.is_none() && !(c.header.is_empty() && c.samples.is_empty()))
        .map(|c| {
            if c.header.is_empty() {
                format!("{}列", c.letter)
            } else {
                c.header.clone()
            }
        })
        .collect();
    let missing_fields: Vec<ImportField> = ImportField::ALL
        .into_iter()
        .filter(|f| f.required() && !col_of.contains_key(f) && !fixed.contains_key(f))
        // The matter is taken from the facts when there is no column for it.
        .filter(|f| !(*f == ImportField::Matter && col_of.contains_key(&ImportField::Facts)))
        .collect();
    Ok(Layout {
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
    })
}

/// Finds the header row among the first rows: the one naming the most fields.
fn detect_header(grid: &Grid) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().enumerate().take(30) {
        let mut fields: Vec<ImportField> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Text(s) => field_for_header(s),
                _ => None,
            })
            .collect();
        fields.sort();
        fields.dedup();
        if fields.len() >= 2 && best.is_none_or(|(_, n)| fields.len() > n) {
            best = Some((i, fields.len()));
        }
    }
    best.map(|(i, _)| i)
}
