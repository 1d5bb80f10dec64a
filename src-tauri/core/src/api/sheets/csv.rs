//! Reading a CSV file into cells: UTF-8 (with or without its mark),
//! GBK/GB18030 or UTF-16, bounded like the workbooks.

use super::read::*;
use crate::error::Result;

pub(crate) fn read_csv(bytes: &[u8], file_name: &str) -> Result<Grid> {
    let (text, encoding): (String, &'static str) = if let Some(b) =
        bytes.strip_prefix(b"\xEF\xBB\xBF")
    {
        (
            std::str::from_utf8(b)
                .map_err(|_| not_a_spreadsheet(file_name))?
                .to_string(),
            "UTF-8",
        )
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (t, enc, bad) = encoding_rs::UTF_16LE.decode(bytes);
        if bad {
            return Err(not_a_spreadsheet(file_name));
        }
        (t.into_owned(), enc.name())
    } else if bytes.contains(&0) {
        return Err(not_a_spreadsheet(file_name));
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), "UTF-8")
    } else {
        match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(t) => (t.into_owned(), "GB18030"),
            None => {
                return Err(refuse(
                    "import_encoding",
                    format!("无法识别“{file_name}”的文字编码（既不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”后再导入。"),
                    format!("The text encoding of \"{file_name}\" is neither UTF-8 nor GBK/GB18030. In Excel, choose Save As → CSV UTF-8 (comma delimited), then import again."),
                ))
            }
        }
    };
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            refuse(
                "import_csv_damaged",
                format!("“{file_name}”第 {} 行无法按 CSV 读取（{e}）。请检查引号是否成对，或在 Excel 中打开后另存为 .xlsx。", rows.len() + 1),
                format!("Line {} of \"{file_name}\" cannot be read as CSV ({e}). Check that quotes come in pairs, or open it in Excel and save it as .xlsx.", rows.len() + 1),
            )
        })?;
        rows.push(
            rec.iter()
                .map(|s| {
                    // Our own export quotes formula-like cells with a leading "'".
                    let s = match s.strip_prefix('\'') {
                        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                        _ => s,
                    };
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
        if rows.len() > MAX_IMPORT_ROWS + 100 {
            break;
        }
    }
    if rows
        .iter()
        .all(|r: &Vec<Cell>| r.iter().all(Cell::is_blank))
    {
        return Err(refuse(
            "import_empty_sheet",
            format!("“{file_name}”里没有任何数据。请确认登记簿在这个文件里。"),
            format!("\"{file_name}\" holds no data. Check that the register is in this file."),
        ));
    }
    Ok(Grid {
        format: "csv",
        sheet: String::new(),
        encoding,
        rows,
        merged: Default::default(),
    })
}
