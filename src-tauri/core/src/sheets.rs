//! The office's register in and out of spreadsheets: export to CSV and XLSX
//! (identities masked in one place), and import of an old register from
//! XLSX/XLS/ODS or CSV in two phases — a preview that writes nothing, and a
//! commit that checks everything again and writes in one transaction.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{DeskError, FieldError, Result};
use crate::model::{Accused, CaseInput, CaseKind, Channel, ListQuery, Person, Severity};
use crate::policy::Policy;
use crate::register::{append_history, fmt_time, insert_case, Register};
use crate::stats::{mask_name, mask_phone};
use crate::validate::{self, ValidCase};

// ---- export -------------------------------------------------------------

/// The register's columns, in order: the Chinese header and a width for XLSX.
/// CSV and XLSX both write exactly these.
pub const REGISTER_COLUMNS: [(&str, f64); 12] = [
    ("编号", 16.0),
    ("类别", 6.0),
    ("受理方式", 9.0),
    ("收到时间", 17.0),
    ("投诉（举报）人", 14.0),
    ("联系电话", 14.0),
    ("被投诉（举报）人", 18.0),
    ("问题类别", 24.0),
    ("紧急程度", 9.0),
    ("事由", 40.0),
    ("状态", 10.0),
    ("承办部门", 14.0),
];

/// Index of the received time in `REGISTER_COLUMNS` (a date cell in XLSX).
const RECEIVED_COLUMN: usize = 3;

/// The one place that decides how a complainant's identity appears in an
/// export: masked for everyone until the trust rules say who may see it.
fn identity_cells(anonymous: bool, people: &[(String, String)], reveal: bool) -> (String, String) {
    let name = |n: &str| if reveal { n.to_string() } else { mask_name(n) };
    let phone = |p: &str| if reveal { p.to_string() } else { mask_phone(p) };
    let names = if anonymous {
        "匿名".to_string()
    } else {
        people
            .iter()
            .map(|(n, _)| name(n))
            .collect::<Vec<_>>()
            .join("、")
    };
    let phones = people
        .iter()
        .map(|(_, p)| phone(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("、");
    (names, phones)
}

impl Register {
    /// Calls `f` with each row of the register (or the filtered list), in the
    /// list's order, as the cells of `REGISTER_COLUMNS`.
    pub(crate) fn for_each_register_row(
        &self,
        q: &ListQuery,
        mut f: impl FnMut(&[String; 12]) -> Result<()>,
    ) -> Result<()> {
        let mut q = q.clone();
        q.page_size = 500;
        q.page = 1;
        let mut people_st = self.conn.prepare_cached(
            "SELECT name, phone FROM complainants WHERE case_id = ?1 ORDER BY ord",
        )?;
        let mut dept_st = self
            .conn
            .prepare_cached("SELECT handling_department FROM cases WHERE id = ?1")?;
        loop {
            let page = self.list_cases_with(&q, false)?;
            for s in &page.items {
                let people: Vec<(String, String)> = people_st
                    .query_map([s.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                let department: String = dept_st.query_row([s.id], |r| r.get(0))?;
                // Unmasked only for a signed-in user who takes part in the case.
                let reveal = self.export_reveals(s.id)?;
                let (names, phones) = identity_cells(s.anonymous, &people, reveal);
                let row = [
                    s.number.clone(),
                    s.kind.label_zh().to_string(),
                    s.channel.label_zh().to_string(),
                    s.received_at.clone(),
                    names,
                    phones,
                    s.accused.clone(),
                    s.category_label.clone(),
                    s.severity.label_zh().to_string(),
                    s.matter.clone(),
                    crate::workflow::Status::from_code(&s.status)
                        .map(|st| st.label_zh().to_string())
                        .unwrap_or_else(|| s.status.clone()),
                    department,
                ];
                f(&row)?;
            }
            if u64::from(q.page) * u64::from(q.page_size) >= page.total {
                break;
            }
            q.page += 1;
        }
        Ok(())
    }

    /// The register (or the filtered list) as an XLSX workbook: a Chinese
    /// header row that stays in view, real date cells for the received time,
    /// and the complainants' identity masked exactly as in the CSV.
    pub fn export_xlsx(&self, q: &ListQuery) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};
        let xerr = |e: rust_xlsxwriter::XlsxError| DeskError::Document(e.to_string());
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("登记簿").map_err(xerr)?;
        let head = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDE6F0))
            .set_border_bottom(FormatBorder::Thin);
        let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        for (c, (title, width)) in REGISTER_COLUMNS.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *title, &head)
                .map_err(xerr)?;
            sheet.set_column_width(c as u16, *width).map_err(xerr)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xerr)?;
        let mut r: u32 = 0;
        self.for_each_register_row(q, |row| {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let when = (c == RECEIVED_COLUMN)
                    .then(|| validate::parse_local_time(v))
                    .flatten();
                match when {
                    Some(t) => {
                        let d = ExcelDateTime::parse_from_str(&fmt_time(t)).map_err(xerr)?;
                        sheet
                            .write_datetime_with_format(r, c as u16, &d, &date)
                            .map_err(xerr)?;
                    }
                    // Strings are never read as formulas by Excel.
                    None => {
                        sheet.write_string(r, c as u16, v).map_err(xerr)?;
                    }
                }
            }
            Ok(())
        })?;
        if r > 0 {
            sheet
                .autofilter(0, 0, r, (REGISTER_COLUMNS.len() - 1) as u16)
                .map_err(xerr)?;
        }
        book.save_to_buffer().map_err(xerr)
    }
}

// ---- import: the fields a column can hold ------------------------------

/// What a column of the office's old register can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    LegacyNumber,
    Kind,
    Channel,
    ReceivedAt,
    ReceivingClerk,
    Name,
    Phone,
    Accused,
    Category,
    Severity,
    Matter,
    Facts,
    Request,
    Status,
    OccurredWhen,
    OccurredWhere,
}

impl ImportField {
    pub const ALL: [ImportField; 16] = [
        ImportField::LegacyNumber,
        ImportField::Kind,
        ImportField::Channel,
        ImportField::ReceivedAt,
        ImportField::ReceivingClerk,
        ImportField::Name,
        ImportField::Phone,
        ImportField::Accused,
        ImportField::Category,
        ImportField::Severity,
        ImportField::Matter,
        ImportField::Facts,
        ImportField::Request,
        ImportField::Status,
        ImportField::OccurredWhen,
        ImportField::OccurredWhere,
    ];

    pub fn label_zh(self) -> &'static str {
        use ImportField::*;
        match self {
            LegacyNumber => "原编号",
            Kind => "类别（投诉/举报）",
            Channel => "受理方式",
            ReceivedAt => "收到时间",
            ReceivingClerk => "受理人",
            Name => "投诉（举报）人",
            Phone => "联系电话",
            Accused => "被投诉（举报）人",
            Category => "问题类别",
            Severity => "紧急程度",
            Matter => "事由",
            Facts => "事情经过",
            Request => "诉求",
            Status => "原状态",
            OccurredWhen => "发生时间",
            OccurredWhere => "发生地点",
        }
    }

    pub fn label_en(self) -> &'static str {
        use ImportField::*;
        match self {
            LegacyNumber => "Old number",
            Kind => "Kind (complaint/report)",
            Channel => "Channel",
            ReceivedAt => "Received",
            ReceivingClerk => "Receiving clerk",
            Name => "Complainant",
            Phone => "Phone",
            Accused => "Person complained about",
            Category => "Category",
            Severity => "Severity",
            Matter => "Matter",
            Facts => "Facts",
            Request => "Request",
            Status => "Old status",
            OccurredWhen => "When it happened",
            OccurredWhere => "Where it happened",
        }
    }

    /// Headers that name this field, normalised (lower case, no spaces, no
    /// bracketed parts). Matched exactly first, then by containment.
    fn aliases(self) -> &'static [&'static str] {
        use ImportField::*;
        match self {
            LegacyNumber => &[
                "编号",
                "原编号",
                "案件编号",
                "登记编号",
                "登记号",
                "案号",
                "number",
                "no",
                "no.",
                "caseno",
                "caseno.",
                "casenumber",
                "oldnumber",
                "legacynumber",
                "reference",
                "ref",
            ],
            Kind => &["类别", "类型", "种类", "投诉/举报", "件别", "kind", "type"],
            Channel => &[
                "受理方式",
                "渠道",
                "来源",
                "反映方式",
                "受理渠道",
                "来源渠道",
                "方式",
                "channel",
                "source",
            ],
            ReceivedAt => &[
                "收到时间",
                "收到日期",
                "日期",
                "时间",
                "受理时间",
                "受理日期",
                "登记时间",
                "登记日期",
                "来访日期",
                "received",
                "receivedat",
                "date",
                "receiveddate",
                "receivedon",
            ],
            ReceivingClerk => &[
                "受理人",
                "登记人",
                "经办人",
                "接待人",
                "clerk",
                "receivedby",
            ],
            Name => &[
                "投诉人",
                "举报人",
                "姓名",
                "投诉举报人",
                "投诉人姓名",
                "举报人姓名",
                "反映人",
                "来访人",
                "name",
                "complainant",
                "complainantname",
            ],
            Phone => &[
                "电话",
                "联系电话",
                "手机",
                "手机号",
                "手机号码",
                "联系方式",
                "phone",
                "telephone",
                "mobile",
                "tel",
            ],
            Accused => &[
                "被投诉人",
                "被举报人",
                "被投诉举报人",
                "被反映人",
                "被投诉单位",
                "accused",
                "respondent",
                "personcomplainedabout",
            ],
            Category => &[
                "问题类别",
                "问题类型",
                "问题分类",
                "投诉类别",
                "举报类别",
                "category",
                "issuecategory",
            ],
            Severity => &[
                "紧急程度",
                "严重程度",
                "等级",
                "级别",
                "重要程度",
                "severity",
                "priority",
                "urgency",
            ],
            Matter => &[
                "事由",
                "标题",
                "主题",
                "事项",
                "反映事项",
                "主要问题",
                "matter",
                "subject",
                "summary",
                "title",
            ],
            Facts => &[
                "事实",
                "事情经过",
                "经过",
                "具体内容",
                "内容",
                "详情",
                "反映内容",
                "主要内容",
                "facts",
                "details",
                "description",
                "content",
            ],
            Request => &[
                "诉求",
                "请求",
                "要求",
                "投诉诉求",
                "request",
                "demand",
                "demands",
            ],
            Status => &[
                "状态",
                "处理状态",
                "办理状态",
                "办理情况",
                "处理情况",
                "status",
                "state",
            ],
            OccurredWhen => &["发生时间", "发生日期", "occurredwhen", "when"],
            OccurredWhere => &["发生地点", "地点", "occurredwhere", "where", "place"],
        }
    }

    /// Fields without which a row cannot be imported.
    fn required(self) -> bool {
        matches!(
            self,
            ImportField::ReceivedAt | ImportField::Category | ImportField::Matter
        )
    }
}

/// Lower case, no spaces, no bracketed parts, no "*" or trailing colon.
fn normalize_header(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | ':' | '：' | '_' | '-') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names, if any.
pub fn field_for_header(header: &str) -> Option<ImportField> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    if let Some(f) = ImportField::ALL
        .into_iter()
        .find(|f| f.aliases().contains(&h.as_str()))
    {
        return Some(f);
    }
    // Containment, longest alias first, so "投诉人联系电话" is a phone; a
    // name right after "被" is the accused ("被投诉人姓名"), not the complainant.
    let mut best: Option<(usize, ImportField)> = None;
    for f in ImportField::ALL {
        for a in f.aliases() {
            let long_enough = a.chars().count() >= 2 && (!a.is_ascii() || a.len() >= 4);
            let Some(at) = h.find(a).filter(|_| long_enough) else {
                continue;
            };
            if h[..at].ends_with('被') {
                continue;
            }
            if best.is_none_or(|(n, _)| a.len() > n) {
                best = Some((a.len(), f));
            }
        }
    }
    best.map(|(_, f)| f)
}

// ---- import: reading a file into cells ---------------------------------

/// The largest file and the most data rows one import takes.
pub const MAX_IMPORT_BYTES: usize = 30 * 1024 * 1024;
pub const MAX_IMPORT_ROWS: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
enum Cell {
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
    fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    fn display(&self) -> String {
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

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

struct Grid {
    /// "xlsx", "xls", "ods" or "csv".
    format: &'static str,
    sheet: String,
    encoding: &'static str,
    rows: Vec<Vec<Cell>>,
    /// Cells covered by a merged region but not its first cell.
    merged: std::collections::HashSet<(usize, usize)>,
}

impl Grid {
    fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }
}

fn refuse(code: &'static str, zh: String, en: String) -> DeskError {
    DeskError::Import { code, zh, en }
}

fn not_a_spreadsheet(file_name: &str) -> DeskError {
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

fn read_grid(bytes: &[u8], file_name: &str) -> Result<Grid> {
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

fn read_workbook(bytes: &[u8], file_name: &str) -> Result<Grid> {
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
        return Err(refuse(
            "import_empty_sheet",
            format!("“{file_name}”的工作表都是空的，没有可导入的内容。请确认登记簿在这个文件里。"),
            format!("Every sheet of \"{file_name}\" is empty; there is nothing to import. Check that the register is in this file."),
        ));
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; c0];
        for d in row {
            cells.push(match d {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(dt) if dt.is_datetime() => {
                    let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                        .and_then(|day| day.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)))
                        .map(Cell::Date)
                        .unwrap_or(Cell::Number(dt.as_f64()))
                }
                Data::DateTime(dt) => Cell::Number(dt.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Error(e.to_string()),
            });
        }
        rows.push(cells);
    }
    // A formula without a stored value reads as an empty cell: say so.
    if let Ok(formulas) = book.worksheet_formula(&sheet) {
        let (f0, g0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if f.is_empty() {
                continue;
            }
            let (r, c) = (f0 as usize + r, g0 as usize + c);
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            if rows[r].len() <= c {
                rows[r].resize(c + 1, Cell::Empty);
            }
            if rows[r][c].is_blank() {
                rows[r][c] = Cell::FormulaNoValue(f.clone());
            }
        }
    }
    let regions = match &mut book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut merged = std::collections::HashSet::new();
    for m in regions {
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                if (r, c) != m.start {
                    merged.insert((r as usize, c as usize));
                }
            }
        }
    }
    Ok(Grid {
        format,
        sheet,
        encoding: "",
        rows,
        merged,
    })
}

fn read_csv(bytes: &[u8], file_name: &str) -> Result<Grid> {
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

// ---- import: preview and commit -----------------------------------------

/// Which row holds the headers and which field each column holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnMapping {
    /// 0-based index of the header row (the data starts below it).
    pub header_row: usize,
    /// One entry per column: the field it holds, or None to ignore it.
    pub fields: Vec<Option<ImportField>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// The row number the spreadsheet shows (1-based).
    pub row: usize,
    /// What was read for each mapped field, as text.
    pub values: BTreeMap<ImportField, String>,
    /// Every problem of the row; empty when it can be imported.
    pub problems: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Required fields no column is mapped to.
    pub missing_fields: Vec<ImportField>,
    pub rows: Vec<ImportRow>,
    pub total: usize,
    pub valid: usize,
    pub with_problems: usize,
    pub duplicates: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import nothing if any row has a problem.
    AllOrNothing,
    /// Import the valid rows and report each skipped one.
    ValidOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedCase {
    pub row: usize,
    pub id: i64,
    pub number: String,
    pub legacy_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// A row that passed every check, ready to store.
struct ReadyRow {
    row: usize,
    case: ValidCase,
    legacy_number: String,
    old_status: String,
}

/// Whether the old register's status says the case was finished (it is then
/// imported as archived, off the due board and the accountability scan).
pub fn status_is_closed(status: &str) -> bool {
    let n = norm_value(status);
    [
        "已办结",
        "办结",
        "已结案",
        "结案",
        "已归档",
        "归档",
        "已完成",
        "完成",
        "处理完毕",
        "办理完毕",
        "已结",
        "closed",
        "done",
        "archived",
        "resolved",
        "finished",
    ]
    .contains(&n.as_str())
}

fn problem(
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

/// Reads a received time from a cell: a date cell, an Excel serial number, or
/// text in the common forms (2026-11-24 09:30, 2026/11/24, 2026.11.24,
/// 2026年11月24日, 20261124).
fn cell_time(cell: &Cell) -> std::result::Result<NaiveDateTime, String> {
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

fn parse_time_text(s: &str) -> Option<NaiveDateTime> {
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

fn norm_value(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn find_kind(v: &str) -> Option<CaseKind> {
    match norm_value(v).as_str() {
        "投诉" | "complaint" | "ts" => Some(CaseKind::Complaint),
        "举报" | "report" | "whistleblowing" | "jb" => Some(CaseKind::Report),
        _ => None,
    }
}

fn find_channel(v: &str) -> Option<Channel> {
    let n = norm_value(v);
    Channel::ALL
        .into_iter()
        .find(|c| n == norm_value(c.code()) || n == c.label_zh())
        .or(match n.as_str() {
            "走访" | "当面" | "现场" | "walkin" => Some(Channel::Visit),
            "电话" | "热线" | "telephone" | "call" | "hotline" => Some(Channel::Phone),
            "信件" | "信函" | "书信" | "mail" | "post" => Some(Channel::Letter),
            "邮件" | "邮箱" | "email" => Some(Channel::Email),
            "网络" | "网站" | "网上平台" | "web" | "website" | "internet" => {
                Some(Channel::Online)
            }
            "信箱" | "举报箱" | "投诉箱" | "box" => Some(Channel::SuggestionBox),
            _ => None,
        })
}

fn find_severity(v: &str) -> Option<Severity> {
    let n = norm_value(v);
    Severity::ALL
        .into_iter()
        .find(|s| n == s.code() || n == s.label_zh())
        .or(match n.as_str() {
            "普通" | "normal" | "low" => Some(Severity::Ordinary),
            "较重要" | "high" => Some(Severity::Important),
            "加急" | "特急" => Some(Severity::Urgent),
            "特别重大" | "critical" => Some(Severity::Major),
            _ => None,
        })
}

fn find_category<'a>(policy: &'a Policy, v: &str) -> Option<&'a crate::policy::Category> {
    let n = norm_value(v);
    policy.categories.iter().find(|c| {
        n == norm_value(&c.code) || n == norm_value(&c.name_zh) || n == norm_value(&c.name_en)
    })
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', ';', '；', '/', '\n'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Which import field a field path of `validate_case` belongs to.
fn field_of_path(path: &str) -> Option<ImportField> {
    use ImportField::*;
    let head = path.split(['[', '.']).next().unwrap_or("");
    Some(match head {
        "kind" => Kind,
        "channel" => Channel,
        "received_at" => ReceivedAt,
        "receiving_clerk" => ReceivingClerk,
        "complainants" if path.ends_with("phone") => Phone,
        "complainants" => Name,
        "accused" => Accused,
        "category" => Category,
        "severity" => Severity,
        "matter" => Matter,
        "facts" => Facts,
        "request" => Request,
        "occurred_when" => OccurredWhen,
        "occurred_where" => OccurredWhere,
        _ => return None,
    })
}

struct Analysis {
    preview: ImportPreview,
    ready: Vec<ReadyRow>,
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

impl Register {
    /// Reads a spreadsheet and reports what an import would do: the header
    /// row, the proposed mapping of columns to fields (or `mapping` as the
    /// user set it), and every row with its problems. Nothing is written.
    pub fn import_preview(
        &self,
        bytes: &[u8],
        file_name: &str,
        mapping: Option<&ColumnMapping>,
    ) -> Result<ImportPreview> {
        Ok(self.analyse(bytes, file_name, mapping, "")?.preview)
    }

    /// Imports a spreadsheet: checks every row again (the preview is not
    /// trusted), then writes in one transaction. `AllOrNothing` writes nothing
    /// when any row has a problem; `ValidOnly` writes the valid rows and lists
    /// the skipped ones with their reasons. Imported cases get new numbers,
    /// keep their old one, and their history says which file they came from.
    pub fn import_commit(
        &mut self,
        bytes: &[u8],
        file_name: &str,
        mapping: Option<&ColumnMapping>,
        mode: ImportMode,
        actor: &str,
    ) -> Result<ImportReport> {
        let Analysis { preview, ready } = self.analyse(bytes, file_name, mapping, actor)?;
        let skipped: Vec<ImportRow> = preview
            .rows
            .iter()
            .filter(|r| !r.problems.is_empty())
            .cloned()
            .collect();
        let mut report = ImportReport {
            file_name: file_name.to_string(),
            mode,
            refused: false,
            total: preview.total,
            imported: Vec::new(),
            skipped,
        };
        if mode == ImportMode::AllOrNothing && !report.skipped.is_empty() {
            report.refused = true;
            return Ok(report);
        }
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        for r in &ready {
            let id = insert_case(&tx, &r.case, &now, actor, &r.legacy_number)?;
            let archived = status_is_closed(&r.old_status);
            if archived {
                tx.execute("UPDATE cases SET status = 'archived' WHERE id = ?1", [id])?;
            }
            let number: String =
                tx.query_row("SELECT number FROM cases WHERE id = ?1", [id], |x| x.get(0))?;
            append_history(
                &tx,
                Some(id),
                &now,
                actor,
                "case_imported",
                &serde_json::json!({
                    "file": file_name,
                    "row": r.row,
                    "legacy_number": r.legacy_number,
                    "legacy_status": r.old_status,
                    "imported_as": if archived { "archived" } else { "registered" },
                }),
            )?;
            report.imported.push(ImportedCase {
                row: r.row,
                id,
                number,
                legacy_number: r.legacy_number.clone(),
            });
        }
        append_history(
            &tx,
            None,
            &now,
            actor,
            "register_imported",
            &serde_json::json!({
                "file": file_name,
                "mode": mode,
                "imported": report.imported.len(),
                "skipped": report.skipped.len(),
            }),
        )?;
        tx.commit()?;
        Ok(report)
    }

    fn analyse(
        &self,
        bytes: &[u8],
        file_name: &str,
        mapping: Option<&ColumnMapping>,
        actor: &str,
    ) -> Result<Analysis> {
        let policy = self.policy()?;
        let now = self.clock.now();
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
                            Some(f) if fields.contains(&Some(f)) => {
                                notes[c] = Some("duplicate_header")
                            }
                            Some(f) => fields[c] = Some(f),
                            None => notes[c] = Some("unknown_header"),
                        }
                    }
                }
                fields
            }
        };
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
            .filter(|f| f.required() && !col_of.contains_key(f))
            .collect();

        let mut legacy_st = self
            .conn
            .prepare_cached("SELECT number FROM cases WHERE legacy_number = ?1 LIMIT 1")?;
        let mut same_st = self.conn.prepare_cached(
            "SELECT number FROM cases WHERE received_at = ?1 AND matter = ?2
             AND complainant_names = ?3 LIMIT 1",
        )?;
        let mut seen_legacy: HashMap<String, usize> = HashMap::new();
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
                .then(|| find_category(&policy, &category))
                .flatten();
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
            match checked {
                Ok(case) if problems.is_empty() => ready.push(ReadyRow {
                    row: shown,
                    case,
                    legacy_number: legacy,
                    old_status: get(ImportField::Status),
                }),
                _ => {}
            }
            rows.push(ImportRow {
                row: shown,
                values,
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
                mapping: ColumnMapping { header_row, fields },
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_name_their_fields() {
        use ImportField::*;
        for (h, f) in [
            ("编号", LegacyNumber),
            ("原编号", LegacyNumber),
            ("Case No.", LegacyNumber),
            ("类别", Kind),
            ("受理方式", Channel),
            ("渠道", Channel),
            ("收到时间", ReceivedAt),
            ("日期", ReceivedAt),
            ("Received", ReceivedAt),
            ("投诉（举报）人", Name),
            ("举报人姓名", Name),
            ("Name", Name),
            ("联系电话", Phone),
            ("被投诉（举报）人", Accused),
            ("被投诉人姓名", Accused),
            ("投诉人联系电话", Phone),
            ("问题类别", Category),
            ("Category", Category),
            ("紧急程度", Severity),
            ("事由", Matter),
            ("事实", Facts),
            ("诉求", Request),
            ("状态", Status),
        ] {
            assert_eq!(field_for_header(h), Some(f), "{h}");
        }
        assert_eq!(field_for_header("备注"), None);
        assert_eq!(field_for_header(""), None);
    }

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
