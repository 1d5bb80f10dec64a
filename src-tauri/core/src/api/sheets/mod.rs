//! The office's register in and out of spreadsheets: export to XLSX (and
//! the rows the CSV export shares, identities masked in one place), and
//! import of an old register from XLSX/XLS/ODS or CSV in two phases — a
//! preview that writes nothing, and a commit that checks everything again
//! and writes in one transaction.

mod csv;
mod fields;
mod import;
mod import_types;
mod layout;
mod ledger;
mod read;

pub use fields::{field_for_header, status_is_closed, ImportField};
pub(crate) use import::{commit, preview};
pub use import::{
    ColumnMapping, ImportColumn, ImportCommit, ImportFile, ImportMode, ImportPreview, ImportReport,
    ImportRow, ImportedCase,
};
pub use ledger::FilledValue;
pub use read::{check_import_size, column_letter, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS};

use crate::api::{cases, Bytes, Ctx, Read};
use crate::domain::case::ListQuery;
use crate::domain::masking::{mask_name, mask_phone};
use crate::domain::validate;
use crate::error::{DeskError, Result};
use crate::store;

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

/// Calls `f` with each row of the register (or the filtered list), in the
/// list's order, as the cells of `REGISTER_COLUMNS`; the identity unmasked
/// only on the cases the viewer takes part in.
pub(crate) fn for_each_register_row(
    r: &Read,
    q: &ListQuery,
    mut f: impl FnMut(&[String; 12]) -> Result<()>,
) -> Result<()> {
    let viewer = r.viewer()?;
    let mut q = q.clone();
    q.page_size = 500;
    q.page = 1;
    let range = cases::received_range(&q)?;
    let policy = store::settings::policy(r.conn).ok();
    loop {
        let (rows, total) = store::case_list::list(r.conn, &q, viewer.user_id, range.clone())?;
        let ids: Vec<i64> = rows.iter().map(|x| x.summary.id).collect();
        let visible = cases::visible_among(r.conn, viewer, &ids)?;
        let people = store::cases::people_of(r.conn, &ids)?;
        for row in &rows {
            let s = &row.summary;
            let ps: Vec<(String, String)> = people
                .get(&s.id)
                .map(|v| {
                    v.iter()
                        .map(|p| (p.name.clone(), p.phone.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let reveal = visible.contains(&s.id);
            let (names, phones) = identity_cells(s.anonymous, &ps, reveal);
            let (matter, accused) = if reveal {
                (s.matter.clone(), s.accused.clone())
            } else {
                let pairs = crate::domain::masking::identity_pairs(
                    people.get(&s.id).map(Vec::as_slice).unwrap_or(&[]),
                    &[],
                );
                (
                    crate::domain::masking::replace_all(&s.matter, &pairs),
                    crate::domain::masking::replace_all(&s.accused, &pairs),
                )
            };
            let cells = [
                s.number.clone(),
                s.kind.label_zh().to_string(),
                s.channel.label_zh().to_string(),
                s.received_at.clone(),
                names,
                phones,
                accused,
                cases::category_label(policy.as_deref(), &s.category),
                s.severity.label_zh().to_string(),
                matter,
                s.status.label_zh().to_string(),
                row.handling_department.clone(),
            ];
            f(&cells)?;
        }
        if u64::from(q.page) * u64::from(q.page_size) >= total {
            break;
        }
        q.page += 1;
    }
    Ok(())
}

/// The register (or the filtered list) as an XLSX workbook: a Chinese
/// header row that stays in view, real date cells for the received time,
/// and the complainants' identity masked exactly as in the CSV.
pub(crate) fn export_xlsx(ctx: &Ctx, q: ListQuery) -> Result<Bytes> {
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
    ctx.read(|rd| {
        for_each_register_row(rd, &q, |row| {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                let when = (c == RECEIVED_COLUMN)
                    .then(|| validate::parse_local_time(v))
                    .flatten();
                match when {
                    Some(t) => {
                        let d = ExcelDateTime::parse_from_str(&store::fmt_time(t)).map_err(xerr)?;
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
        })
    })?;
    if r > 0 {
        sheet
            .autofilter(0, 0, r, (REGISTER_COLUMNS.len() - 1) as u16)
            .map_err(xerr)?;
    }
    book.save_to_buffer().map(Bytes).map_err(xerr)
}
