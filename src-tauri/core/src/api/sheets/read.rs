//! Reading a spreadsheet file into cells: XLSX, XLS and ODS through
//! calamine, CSV in UTF-8, GBK/GB18030 or UTF-16; its size, rows, columns
//! and merged ranges bounded before anything large is allocated.

use std::collections::HashSet;
use std::io::Cursor;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

pub(crate) use super::csv::read_csv;
use crate::error::{DeskError, Result};

// ---- import: reading a file into cells ---------------------------------

/// The largest file and the most data rows one import takes.
pub const MAX_IMPORT_BYTES: usize = 30 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDateTime),
    Error(String),
    /// A formula whose file holds no computed value.
    FormulaNoValue(String),
}

impl Cell {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub(crate) fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Date(t) => {
                if t.time() == NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Cell::Error(e) => e.clone(),
            Cell::FormulaNoValue(f) => format!("={f}"),
        }
    }
}

pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

pub(crate) struct Grid {
    /// "xlsx", "xls", "ods" or "csv".
    pub format: &'static str,
    pub sheet: String,
    pub encoding: &'static str,
    pub rows: Vec<Vec<Cell>>,
    /// Cells covered by a merged region but not its first cell.
    pub merged: HashSet<(usize, usize)>,
}

/// The most columns a sheet may have (an old register has a dozen or two).
pub const MAX_IMPORT_COLUMNS: usize = 256;
/// The most cells merged regions may cover, together, within the sheet.
const MAX_MERGED_CELLS: usize = 1_000_000;

pub(super) fn too_big(file_name: &str, what_zh: String, what_en: String) -> DeskError {
    refuse(
        "import_too_large",
        format!("“{file_name}”的表格太大：{what_zh}。一次最多导入 {MAX_IMPORT_ROWS} 行、{MAX_IMPORT_COLUMNS} 列；请删去多余的行列，或按年份拆成几个文件。"),
        format!("\"{file_name}\" is too large a sheet: {what_en}. One import takes at most {MAX_IMPORT_ROWS} rows and {MAX_IMPORT_COLUMNS} columns; delete the extra rows and columns, or split it by year."),
    )
}

/// Refuses a cell position outside what one import takes (before anything
/// is allocated for it).
pub(super) fn check_position(file_name: &str, row: usize, col: usize) -> Result<()> {
    if row > MAX_IMPORT_ROWS + 1_000 {
        return Err(too_big(
            file_name,
            format!("第 {} 行有内容", row + 1),
            format!("row {} has content", row + 1),
        ));
    }
    if col >= MAX_IMPORT_COLUMNS {
        return Err(too_big(
            file_name,
            format!("第 {} 列有内容", col + 1),
            format!("column {} has content", col + 1),
        ));
    }
    Ok(())
}

/// Puts a cell into the rows, growing them only as far as bounded cells need.
pub(super) fn place(rows: &mut Vec<Vec<Cell>>, r: usize, c: usize, cell: Cell) {
    if rows.len() <= r {
        rows.resize(r + 1, Vec::new());
    }
    if rows[r].len() <= c {
        rows[r].resize(c + 1, Cell::Empty);
    }
    rows[r][c] = cell;
}

/// The cells covered by merged regions (not their first cell), each region
/// clamped to the cells the sheet has; refused when they cover too much.
fn merged_cells(
    file_name: &str,
    regions: &[calamine::Dimensions],
    height: usize,
    width: usize,
) -> Result<HashSet<(usize, usize)>> {
    let mut area = 0usize;
    let mut clamped = Vec::new();
    for m in regions {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        if r0 >= height || c0 >= width {
            continue;
        }
        let r1 = (m.end.0 as usize).min(height.saturating_sub(1));
        let c1 = (m.end.1 as usize).min(width.saturating_sub(1));
        if r1 < r0 || c1 < c0 {
            continue;
        }
        area = area.saturating_add((r1 - r0 + 1).saturating_mul(c1 - c0 + 1));
        if area > MAX_MERGED_CELLS {
            return Err(too_big(
                file_name,
                "合并单元格覆盖的范围过大".into(),
                "its merged cells cover too much of it".into(),
            ));
        }
        clamped.push((r0, c0, r1, c1));
    }
    let mut out = HashSet::new();
    for (r0, c0, r1, c1) in clamped {
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    out.insert((r, c));
                }
            }
        }
    }
    Ok(out)
}

impl Grid {
    pub(crate) fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }
}

pub(crate) fn refuse(code: &'static str, zh: String, en: String) -> DeskError {
    DeskError::Import { code, zh, en }
}

pub(crate) fn not_a_spreadsheet(file_name: &str) -> DeskError {
    refuse(
        "import_not_spreadsheet",
        format!("“{file_name}”不是可以读取的表格文件。请选择 Excel（.xlsx、.xls）、WPS/LibreOffice（.ods）或 CSV 文件；如文件已损坏，请在 Excel 中打开后另存为 .xlsx。"),
        format!("\"{file_name}\" is not a spreadsheet that can be read. Choose an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file; if the file is damaged, open it in Excel and save it again as .xlsx."),
    )
}

/// Refuses a file larger than one import takes, before it is read.
pub fn check_import_size(len: u64, file_name: &str) -> Result<()> {
    if len <= MAX_IMPORT_BYTES as u64 {
        return Ok(());
    }
    let mb = len as f64 / 1_048_576.0;
    let max = MAX_IMPORT_BYTES / 1_048_576;
    Err(refuse(
        "import_too_large",
        format!("“{file_name}”有 {mb:.1} MB，超过了一次导入的上限 {max} MB。请把登记簿按年份拆成几个文件分别导入。"),
        format!("\"{file_name}\" is {mb:.1} MB, more than the {max} MB one import takes. Split the register by year into several files and import them one by one."),
    ))
}

pub(crate) fn read_grid(bytes: &[u8], file_name: &str) -> Result<Grid> {
    if bytes.is_empty() {
        return Err(refuse(
            "import_empty_file",
            format!("“{file_name}”是空文件，没有任何内容。请选择保存了登记簿的文件。"),
            format!("\"{file_name}\" is empty. Choose the file that holds the register."),
        ));
    }
    check_import_size(bytes.len() as u64, file_name)?;
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_zip || is_ole {
        return read_workbook(bytes, file_name);
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "txt" | "tsv" | "") {
        return Err(not_a_spreadsheet(file_name));
    }
    read_csv(bytes, file_name)
}

pub(crate) fn read_workbook(bytes: &[u8], file_name: &str) -> Result<Grid> {
    if bytes.starts_with(b"PK\x03\x04") {
        if is_ods(bytes) {
            ods_bounds(bytes, file_name)?;
        } else if let Ok(x) = <calamine::Xlsx<_> as calamine::Reader<_>>::new(Cursor::new(bytes)) {
            return read_xlsx(x, file_name);
        }
    }
    read_other_workbook(bytes, file_name)
}

fn is_ods(bytes: &[u8]) -> bool {
    // The first entry of an OpenDocument file is its uncompressed mimetype.
    bytes.len() > 80 && bytes[30..80].windows(8).any(|w| w == b"mimetype") && {
        let head = &bytes[..bytes.len().min(200)];
        head.windows(39)
            .any(|w| w == b"application/vnd.oasis.opendocument.spre")
    }
}

/// An OpenDocument sheet can repeat a row or a cell many times with one
/// attribute; what it would expand to is counted from its XML, before
/// calamine builds the sheet.
fn ods_bounds(bytes: &[u8], file_name: &str) -> Result<()> {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_spreadsheet(file_name))?;
    let mut xml = String::new();
    {
        let entry = zip
            .by_name("content.xml")
            .map_err(|_| not_a_spreadsheet(file_name))?;
        if entry.size() > 200 * 1024 * 1024 {
            return Err(too_big(
                file_name,
                "内容过多".into(),
                "it holds too much".into(),
            ));
        }
        entry
            .take(200 * 1024 * 1024)
            .read_to_string(&mut xml)
            .map_err(|_| not_a_spreadsheet(file_name))?;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.value.to_string())
    };
    let repeats = |v: Option<String>| v.and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
    let (mut rows, mut row_repeat, mut row_width, mut row_has_value) =
        (0usize, 1usize, 0usize, false);
    let mut width = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                "table:table-row" => {
                    row_repeat = repeats(attr(&e, "table:number-rows-repeated"));
                    row_width = 0;
                    row_has_value = false;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(attr(&e, "table:number-columns-repeated"));
                    let valued = attr(&e, "office:value-type").is_some();
                    row_width = row_width.saturating_add(n);
                    if valued {
                        row_has_value = true;
                        width = width.max(row_width);
                        if row_width > MAX_IMPORT_COLUMNS {
                            return Err(too_big(
                                file_name,
                                format!("有 {row_width} 列"),
                                format!("it has {row_width} columns"),
                            ));
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" && row_has_value => {
                rows = rows.saturating_add(row_repeat);
                if rows > MAX_IMPORT_ROWS + 1_000 {
                    return Err(too_big(
                        file_name,
                        format!("有 {rows} 行以上"),
                        format!("it has more than {rows} rows"),
                    ));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(not_a_spreadsheet(file_name)),
            _ => {}
        }
    }
    let _ = width;
    Ok(())
}

/// XLSX, read cell by cell (values, formulas and their cached values), each
/// position checked before it takes any room.
fn read_xlsx(mut book: calamine::Xlsx<Cursor<&[u8]>>, file_name: &str) -> Result<Grid> {
    use calamine::{DataRef, Reader};
    let names = book.sheet_names();
    for name in names {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut any = false;
        {
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|_| not_a_spreadsheet(file_name))?;
            while let Some(c) = cells
                .next_cell_with_formula()
                .map_err(|_| not_a_spreadsheet(file_name))?
            {
                let (r, col) = (c.pos.0 as usize, c.pos.1 as usize);
                let cell = match c.value {
                    DataRef::Empty => match c.formula.filter(|f| !f.is_empty()) {
                        Some(f) => Cell::FormulaNoValue(f),
                        None => continue,
                    },
                    DataRef::String(s) => Cell::Text(s),
                    DataRef::SharedString(s) => Cell::Text(s.to_string()),
                    DataRef::Int(i) => Cell::Number(i as f64),
                    DataRef::Float(f) => Cell::Number(f),
                    DataRef::Bool(b) => Cell::Bool(b),
                    DataRef::DateTime(dt) if dt.is_datetime() => date_cell(dt),
                    DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
                    DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
                    DataRef::Error(e) => Cell::Error(e.to_string()),
                };
                check_position(file_name, r, col)?;
                if !cell.is_blank() {
                    any = true;
                }
                place(&mut rows, r, col, cell);
            }
        }
        if !any {
            continue;
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let regions = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let merged = merged_cells(file_name, &regions, rows.len(), width)?;
        return Ok(Grid {
            format: "xlsx",
            sheet: name,
            encoding: "",
            rows,
            merged,
        });
    }
    Err(empty_sheets(file_name))
}

fn empty_sheets(file_name: &str) -> DeskError {
    refuse(
        "import_empty_sheet",
        format!("“{file_name}”的工作表都是空的，没有可导入的内容。请确认登记簿在这个文件里。"),
        format!("Every sheet of \"{file_name}\" is empty; there is nothing to import. Check that the register is in this file."),
    )
}

fn date_cell(dt: calamine::ExcelDateTime) -> Cell {
    let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        .and_then(|day| day.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)))
        .map(Cell::Date)
        .unwrap_or(Cell::Number(dt.as_f64()))
}

/// XLS (bounded by its own format: 65,536 rows, 256 columns), ODS (checked
/// by `ods_bounds` first) and XLSB, through calamine.
fn read_other_workbook(bytes: &[u8], file_name: &str) -> Result<Grid> {
    use calamine::{Data, Reader, Sheets};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| not_a_spreadsheet(file_name))?;
    let format = match &book {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    let mut chosen = None;
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|_| not_a_spreadsheet(file_name))?;
        if range
            .used_cells()
            .any(|(_, _, d)| !matches!(d, Data::Empty))
        {
            chosen = Some((name.clone(), range));
            break;
        }
    }
    let Some((sheet, range)) = chosen else {
        return Err(empty_sheets(file_name));
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r1, c1) = range.end().unwrap_or((0, 0));
    check_position(file_name, r1 as usize, c1 as usize)?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (r, c, d) in range.used_cells() {
        let cell = match d {
            Data::Empty => continue,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(dt) if dt.is_datetime() => date_cell(*dt),
            Data::DateTime(dt) => Cell::Number(dt.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(e.to_string()),
        };
        place(&mut rows, r0 as usize + r, c0 as usize + c, cell);
    }
    // A formula without a stored value reads as an empty cell: say so.
    if let Ok(formulas) = book.worksheet_formula(&sheet) {
        let (f0, g0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if f.is_empty() {
                continue;
            }
            let (r, c) = (f0 as usize + r, g0 as usize + c);
            check_position(file_name, r, c)?;
            let blank = rows
                .get(r)
                .and_then(|x| x.get(c))
                .is_none_or(Cell::is_blank);
            if blank {
                place(&mut rows, r, c, Cell::FormulaNoValue(f.clone()));
            }
        }
    }
    let regions = match &mut book {
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let merged = merged_cells(file_name, &regions, rows.len(), width)?;
    let _ = c1;
    Ok(Grid {
        format,
        sheet,
        encoding: "",
        rows,
        merged,
    })
}

/// Column letters as a spreadsheet shows them: 0 → A, 26 → AA.
pub fn column_letter(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// Reads a received time from a cell: a date cell, an Excel serial number, or
/// text in the common forms (2026-11-24 09:30, 2026/11/24, 2026.11.24,
/// 2026年11月24日, 20261124).
pub(crate) fn cell_time(cell: &Cell) -> std::result::Result<NaiveDateTime, String> {
    match cell {
        Cell::Date(t) => Ok(*t),
        Cell::Number(n) => {
            let n = *n;
            if (19_000_000.0..=29_991_231.0).contains(&n) && n.fract() == 0.0 {
                return parse_time_text(&number_text(n)).ok_or_else(|| number_text(n));
            }
            if (1.0..100_000.0).contains(&n) {
                // Excel's 1900 date system (serial 60 is its phantom 29 Feb 1900).
                let base = NaiveDate::from_ymd_opt(1899, 12, 30)
                    .unwrap_or_default()
                    .and_time(NaiveTime::MIN);
                let secs = (n * 86_400.0).round() as i64;
                return Ok(base + TimeDelta::seconds(secs));
            }
            Err(number_text(n))
        }
        Cell::Text(s) => parse_time_text(s).ok_or_else(|| s.trim().to_string()),
        other => Err(other.display()),
    }
}

pub(crate) fn parse_time_text(s: &str) -> Option<NaiveDateTime> {
    let s = s
        .trim()
        .replace(['年', '月', '/', '.'], "-")
        .replace(['日', 'T'], " ")
        .replace('：', ":");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_end_matches('-');
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.and_time(NaiveTime::MIN));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_the_common_forms_and_as_excel_serials() {
        let want = NaiveDate::from_ymd_opt(2026, 3, 5)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        for s in [
            "2026-03-05 09:30",
            "2026/3/5 9:30",
            "2026.03.05 09:30:00",
            "2026年3月5日 09:30",
        ] {
            assert_eq!(cell_time(&Cell::Text(s.into())), Ok(want), "{s}");
        }
        let day = want.date().and_time(NaiveTime::MIN);
        assert_eq!(cell_time(&Cell::Text("20260305".into())), Ok(day));
        assert_eq!(cell_time(&Cell::Text("2026年3月5日".into())), Ok(day));
        // 2026-03-05 is serial 46086 in Excel's 1900 system; .5 is noon.
        assert_eq!(cell_time(&Cell::Number(46086.0)), Ok(day));
        assert_eq!(
            cell_time(&Cell::Number(46086.5)),
            Ok(day + TimeDelta::hours(12))
        );
        assert!(cell_time(&Cell::Text("上周三".into())).is_err());
        assert!(cell_time(&Cell::Bool(true)).is_err());
    }

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
