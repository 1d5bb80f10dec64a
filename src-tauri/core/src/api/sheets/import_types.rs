//! What an import shows and takes: the mapping of columns to fields, the
//! preview of every row with its problems, and the report of a commit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fields::ImportField;
use super::ledger::FilledValue;
use crate::api::Bytes;
use crate::error::FieldError;

/// Which row holds the headers and which field each column holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ColumnMapping {
    /// 0-based index of the header row (the data starts below it).
    pub header_row: usize,
    /// One entry per column: the field it holds, or None to ignore it.
    pub fields: Vec<Option<ImportField>>,
    /// One value for a whole field (of `ImportField::FILLABLE`), used on
    /// every row that has none: the kind of a ledger of complaints only,
    /// the category of a ledger without one.
    pub fixed: BTreeMap<ImportField, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportColumn {
    pub index: usize,
    /// "A", "B", … as the spreadsheet shows it.
    pub letter: String,
    pub header: String,
    /// Up to three values from the first data rows.
    pub samples: Vec<String>,
    pub field: Option<ImportField>,
    /// "unknown_header" (ignored), "duplicate_header" (a column before it
    /// already holds that field; ignored) or None.
    pub note: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportRow {
    /// The row number the spreadsheet shows (1-based).
    pub row: usize,
    /// What was read for each mapped field, as text.
    pub values: BTreeMap<ImportField, String>,
    /// Values the importer filled in where the row had none.
    pub filled: Vec<FilledValue>,
    /// Every problem of the row; empty when it can be imported.
    pub problems: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportPreview {
    pub file_name: String,
    /// "xlsx", "xls", "ods" or "csv".
    pub format: String,
    /// The sheet read (the first one with data); "" for CSV.
    pub sheet: String,
    /// The text encoding of a CSV ("UTF-8", "GB18030", "UTF-16LE"); "" otherwise.
    pub encoding: String,
    /// False when no row looked like headers (the mapping is then empty).
    pub header_found: bool,
    pub mapping: ColumnMapping,
    pub columns: Vec<ImportColumn>,
    /// Headers of the columns that are not imported.
    pub ignored_columns: Vec<String>,
    /// Required fields no column is mapped to (and no whole-field value
    /// is given for).
    pub missing_fields: Vec<ImportField>,
    /// Fields that can take one value for the whole file.
    pub fillable: Vec<ImportField>,
    pub rows: Vec<ImportRow>,
    pub total: usize,
    pub valid: usize,
    pub with_problems: usize,
    pub duplicates: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import nothing if any row has a problem.
    AllOrNothing,
    /// Import the valid rows and report each skipped one.
    ValidOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportedCase {
    pub row: usize,
    pub id: i64,
    pub number: String,
    pub legacy_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub file_name: String,
    pub mode: ImportMode,
    /// True when AllOrNothing refused the file: nothing was written.
    pub refused: bool,
    pub total: usize,
    pub imported: Vec<ImportedCase>,
    /// The rows not imported, each with its reasons.
    pub skipped: Vec<ImportRow>,
}

/// A spreadsheet to preview, with the columns mapped as the user chose
/// (None: as proposed from the headers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ImportFile {
    pub file_name: String,
    pub bytes: Bytes,
    pub mapping: Option<ColumnMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ImportCommit {
    pub file_name: String,
    pub bytes: Bytes,
    #[serde(default)]
    pub mapping: Option<ColumnMapping>,
    pub mode: ImportMode,
}
