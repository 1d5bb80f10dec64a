//! The office's register in and out of spreadsheets: every malformed file
//! gets a clear row-level (or file-level) report, nothing is written before
//! the commit, and the commit is one transaction. Fixtures are built here:
//! XLSX with rust_xlsxwriter, CSV as strings.

use desk_core::api::types::*;
use desk_core::{Caller, DeskError};
use desk_tests::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

const HEADER: [&str; 12] = [
    "原编号",
    "类别",
    "受理方式",
    "收到时间",
    "投诉人",
    "联系电话",
    "被投诉人",
    "问题类别",
    "紧急程度",
    "事由",
    "事实",
    "诉求",
];

/// A good row of the old register, as text.
fn good_row(n: usize) -> [String; 12] {
    [
        format!("2025-{n:03}"),
        "投诉".into(),
        "来访".into(),
        format!("2025-03-{:02} 09:30", 1 + n % 28),
        format!("张{n}"),
        "13800138000".into(),
        "赵主任".into(),
        "克扣工资奖金、乱收费".into(),
        "一般".into(),
        format!("三月份加班费未发放（{n}）"),
        "三月加班四天，工资条上没有加班费。".into(),
        "补发加班费".into(),
    ]
}

fn xlsx(build: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    build(book.add_worksheet());
    book.save_to_buffer().expect("xlsx")
}

fn write_row(ws: &mut Worksheet, r: u32, cells: &[String]) {
    for (c, v) in cells.iter().enumerate() {
        ws.write_string(r, c as u16, v).expect("cell");
    }
}

/// An XLSX with the header and `n` good rows.
fn good_xlsx(n: usize) -> Vec<u8> {
    xlsx(|ws| {
        write_row(ws, 0, &HEADER.map(String::from));
        for i in 1..=n {
            write_row(ws, i as u32, &good_row(i));
        }
    })
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    rows.iter()
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes()
}

fn good_csv(n: usize) -> Vec<u8> {
    let mut rows = vec![HEADER.map(String::from).to_vec()];
    rows.extend((1..=n).map(|i| good_row(i).to_vec()));
    csv(&rows)
}

/// A register whose clerk, 李娜, imports the old register.
fn office() -> Fixture {
    let mut fx = fresh_register("enterprise");
    fx.staff("李娜");
    fx
}

fn clerk() -> Caller {
    seat("李娜")
}

fn try_preview(
    fx: &Fixture,
    bytes: &[u8],
    name: &str,
    mapping: Option<&ColumnMapping>,
) -> desk_core::Result<ImportPreview> {
    fx.desk.import_preview(
        &clerk(),
        ImportFile {
            file_name: name.into(),
            bytes: Bytes(bytes.to_vec()),
            mapping: mapping.cloned(),
        },
    )
}

fn preview(fx: &Fixture, bytes: &[u8], name: &str) -> ImportPreview {
    try_preview(fx, bytes, name, None).expect("preview")
}

fn commit(fx: &Fixture, bytes: &[u8], name: &str, mode: ImportMode) -> ImportReport {
    fx.desk
        .import_commit(
            &clerk(),
            ImportCommit {
                file_name: name.into(),
                bytes: Bytes(bytes.to_vec()),
                mapping: None,
                mode,
            },
        )
        .expect("import")
}

/// An imported case as the clerk who imported it sees it.
fn get(fx: &Fixture, id: i64) -> CaseDetail {
    fx.case_as(&clerk(), id).case
}

fn codes(row: &ImportRow) -> Vec<(String, &'static str)> {
    row.problems
        .iter()
        .map(|p| (p.field.clone(), p.code))
        .collect()
}

fn row(p: &ImportPreview, n: usize) -> &ImportRow {
    p.rows
        .iter()
        .find(|r| r.row == n)
        .unwrap_or_else(|| panic!("no row {n}"))
}

fn refusal(e: DeskError) -> (&'static str, String, String) {
    let zh = e.message(desk_core::Lang::Zh);
    let en = e.message(desk_core::Lang::En);
    (e.code(), zh, en)
}

fn case_count(fx: &Fixture) -> i64 {
    inspect(fx)
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_clean_xlsx_previews_every_row_as_valid_and_writes_nothing() {
    let fx = office();
    let p = preview(&fx, &good_xlsx(3), "台账.xlsx");
    assert_eq!(p.format, "xlsx");
    assert_eq!(p.mapping.header_row, 0);
    assert_eq!(
        p.mapping.fields[..4],
        [
            Some(ImportField::LegacyNumber),
            Some(ImportField::Kind),
            Some(ImportField::Channel),
            Some(ImportField::ReceivedAt)
        ]
    );
    assert_eq!((p.total, p.valid, p.with_problems), (3, 3, 0));
    assert_eq!(
        p.rows[0].row, 2,
        "rows are numbered as the spreadsheet shows them"
    );
    assert_eq!(p.columns[9].samples[0], "三月份加班费未发放（1）");
    assert_eq!(case_count(&fx), 0, "a preview writes nothing");
}

#[test]
fn valid_only_imports_the_good_rows_with_new_numbers_and_reports_the_skipped_one() {
    let fx = office();
    let mut bad = good_row(2);
    bad[7] = "食堂伙食".into();
    let bytes = csv(&[
        HEADER.map(String::from).to_vec(),
        good_row(1).to_vec(),
        bad.to_vec(),
        good_row(3).to_vec(),
    ]);
    let report = commit(&fx, &bytes, "旧台账.csv", ImportMode::ValidOnly);
    assert!(!report.refused);
    assert_eq!(report.imported.len(), 2);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].row, 3);
    assert_eq!(
        codes(&report.skipped[0]),
        [("category".to_string(), "unknown_category")]
    );
    assert!(report.skipped[0].problems[0]
        .message_zh
        .contains("“食堂伙食”不在本单位的类别表中"));
    let first = &report.imported[0];
    assert_eq!(first.number, "TS-2025-000001");
    assert_eq!(first.legacy_number, "2025-001");
    let case = get(&fx, first.id);
    assert_eq!(case.legacy_number, "2025-001");
    assert_eq!(case.received_at, "2025-03-02 09:30:00");
    assert_eq!(case.complainants[0].name, "张1");
    let imported = case
        .history
        .iter()
        .find(|h| h.action == "case_imported")
        .expect("the history says where the case came from");
    assert_eq!(imported.detail["file"], "旧台账.csv");
    assert_eq!(imported.detail["row"], 2);
    assert!(audit_report(&fx).intact, "the audit chain stays valid");
}

#[test]
fn all_or_nothing_refuses_a_file_with_one_bad_row_and_writes_nothing() {
    let fx = office();
    let mut bad = good_row(2);
    bad[3] = "上周三".into();
    let bytes = csv(&[
        HEADER.map(String::from).to_vec(),
        good_row(1).to_vec(),
        bad.to_vec(),
    ]);
    let report = commit(&fx, &bytes, "a.csv", ImportMode::AllOrNothing);
    assert!(report.refused);
    assert!(report.imported.is_empty());
    assert_eq!(
        codes(&report.skipped[0]),
        [("received_at".into(), "date_invalid")]
    );
    assert_eq!(case_count(&fx), 0);
    let all_good = good_csv(2);
    let report = commit(&fx, &all_good, "b.csv", ImportMode::AllOrNothing);
    assert_eq!(report.imported.len(), 2);
    assert_eq!(case_count(&fx), 2);
}

#[test]
fn an_imported_case_is_found_by_searching_its_old_number() {
    let fx = office();
    let mut rows = vec![HEADER.map(String::from).to_vec(), good_row(1).to_vec()];
    rows[1][0] = "投字〔2025〕第17号".into();
    let mut second = good_row(2);
    second[0] = "OLD-0042".into();
    rows.push(second.to_vec());
    commit(&fx, &csv(&rows), "a.csv", ImportMode::ValidOnly);
    for (text, matter) in [("OLD-0042", "（2）"), ("0042", "（2）"), ("投字", "（1）")] {
        let found = fx
            .desk
            .list_cases(
                &clerk(),
                ListQuery {
                    text: text.into(),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(found.total, 1, "searching {text}");
        assert!(found.items[0].matter.contains(matter));
    }
}

#[test]
fn missing_required_fields_are_reported_on_their_row() {
    let fx = office();
    let mut r = good_row(1);
    r[3] = String::new();
    r[9] = String::new();
    r[10] = String::new();
    let p = preview(
        &fx,
        &csv(&[HEADER.map(String::from).to_vec(), r.to_vec()]),
        "a.csv",
    );
    let got = codes(&p.rows[0]);
    assert!(got.contains(&("received_at".into(), "required")), "{got:?}");
    assert!(got.contains(&("matter".into(), "required")), "{got:?}");
    assert_eq!(p.valid, 0);
}

#[test]
fn a_row_without_a_matter_takes_the_first_sentence_of_its_facts() {
    let fx = office();
    let mut r = good_row(1);
    r[9] = String::new();
    let p = preview(
        &fx,
        &csv(&[HEADER.map(String::from).to_vec(), r.to_vec()]),
        "a.csv",
    );
    assert!(p.rows[0].problems.is_empty(), "{:?}", p.rows[0].problems);
    assert_eq!(
        p.rows[0].filled,
        [FilledValue {
            field: ImportField::Matter,
            value: "三月加班四天，工资条上没有加班费".into(),
            source: "first_sentence",
        }]
    );
}

#[test]
fn a_file_without_a_category_column_names_it_missing_suggests_one_from_the_text_or_flags_the_row() {
    let fx = office();
    let mut neutral = good_row(2);
    neutral[9] = "其他事项".into();
    neutral[10] = "详见来信。".into();
    let rows: Vec<Vec<String>> = [HEADER.map(String::from), good_row(1), neutral]
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter(|(i, _)| *i != 7)
                .map(|(_, v)| v.clone())
                .collect()
        })
        .collect();
    let p = preview(&fx, &csv(&rows), "a.csv");
    assert_eq!(p.missing_fields, [ImportField::Category]);
    // "加班费" in the text points to the category about wages.
    let first = row(&p, 2);
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(
        first.filled,
        [FilledValue {
            field: ImportField::Category,
            value: "克扣工资奖金、乱收费".into(),
            source: "suggested",
        }]
    );
    // Text that points nowhere: the row says the category is needed.
    assert!(codes(row(&p, 3)).contains(&("category".into(), "required")));
    assert!(row(&p, 3).filled.is_empty());
}

#[test]
fn unknown_kinds_channels_and_severities_are_problems_but_labels_and_codes_are_accepted() {
    let fx = office();
    let mut a = good_row(1);
    a[1] = "建议".into();
    a[2] = "托人转告".into();
    a[8] = "十万火急".into();
    let mut b = good_row(2);
    b[1] = "complaint".into();
    b[2] = "suggestion_box".into();
    b[7] = "wage_fee".into();
    b[8] = "urgent".into();
    let mut c = good_row(3);
    c[1] = "举报".into();
    c[2] = "网上".into();
    c[7] = "\"Abuse of office for gain, embezzlement, bribery\"".into();
    c[8] = "重大".into();
    let p = preview(
        &fx,
        &csv(&[
            HEADER.map(String::from).to_vec(),
            a.to_vec(),
            b.to_vec(),
            c.to_vec(),
        ]),
        "a.csv",
    );
    assert_eq!(
        codes(row(&p, 2)),
        [
            ("kind".into(), "unknown_kind"),
            ("channel".into(), "unknown_channel"),
            ("severity".into(), "unknown_severity"),
        ]
    );
    assert!(row(&p, 3).problems.is_empty(), "{:?}", row(&p, 3).problems);
    assert!(row(&p, 4).problems.is_empty(), "{:?}", row(&p, 4).problems);
}

#[test]
fn a_category_of_the_other_kind_is_a_problem() {
    let fx = office();
    let mut r = good_row(1);
    r[7] = "以权谋私、贪污受贿索贿".into();
    let p = preview(
        &fx,
        &csv(&[HEADER.map(String::from).to_vec(), r.to_vec()]),
        "a.csv",
    );
    assert_eq!(
        codes(&p.rows[0]),
        [("category".into(), "category_kind_mismatch")]
    );
}

#[test]
fn the_kind_is_taken_from_a_category_that_has_only_one() {
    let fx = office();
    let mut r = good_row(1);
    r[1] = String::new();
    r[7] = "以权谋私、贪污受贿索贿".into();
    let p = preview(
        &fx,
        &csv(&[HEADER.map(String::from).to_vec(), r.to_vec()]),
        "a.csv",
    );
    assert!(p.rows[0].problems.is_empty(), "{:?}", p.rows[0].problems);
}

#[test]
fn dates_in_the_common_forms_and_excel_date_cells_are_read() {
    let fx = office();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let bytes = xlsx(|ws| {
        write_row(ws, 0, &HEADER.map(String::from));
        for (i, when) in ["2025/3/5 9:30", "2025年3月5日", "20250305"]
            .iter()
            .enumerate()
        {
            let mut r = good_row(i + 1);
            r[3] = when.to_string();
            write_row(ws, i as u32 + 1, &r);
        }
        write_row(ws, 4, &good_row(4));
        let d = ExcelDateTime::parse_from_str("2025-03-05 14:15:00").unwrap();
        ws.write_datetime_with_format(4, 3, &d, &date).unwrap();
        // A serial number in a cell without a date format.
        write_row(ws, 5, &good_row(5));
        ws.write_number(5, 3, 45721.5).unwrap();
    });
    let report = commit(&fx, &bytes, "a.xlsx", ImportMode::AllOrNothing);
    assert!(!report.refused, "{:?}", report.skipped);
    let received: Vec<String> = report
        .imported
        .iter()
        .map(|c| get(&fx, c.id).received_at)
        .collect();
    assert_eq!(
        received,
        [
            "2025-03-05 09:30:00",
            "2025-03-05 00:00:00",
            "2025-03-05 00:00:00",
            "2025-03-05 14:15:00",
            "2025-03-05 12:00:00"
        ]
    );
}

#[test]
fn a_number_where_text_is_expected_and_text_where_a_date_is_expected_are_row_problems() {
    let fx = office();
    let bytes = xlsx(|ws| {
        write_row(ws, 0, &HEADER.map(String::from));
        write_row(ws, 1, &good_row(1));
        ws.write_number(1, 4, 12345.0).unwrap();
        write_row(ws, 2, &good_row(2));
        ws.write_string(2, 3, "待查").unwrap();
        // Phone numbers and old numbers stored as numbers are fine.
        write_row(ws, 3, &good_row(3));
        ws.write_number(3, 5, 13900139000.0).unwrap();
        ws.write_number(3, 0, 17.0).unwrap();
    });
    let p = preview(&fx, &bytes, "a.xlsx");
    assert_eq!(codes(row(&p, 2)), [("name".into(), "wrong_type")]);
    assert!(row(&p, 2).problems[0]
        .message_zh
        .contains("E2 是数字（12345）"));
    assert_eq!(codes(row(&p, 3)), [("received_at".into(), "date_invalid")]);
    assert!(row(&p, 3).problems[0]
        .message_en
        .contains("\"待查\" is not a date"));
    assert!(row(&p, 4).problems.is_empty(), "{:?}", row(&p, 4).problems);
    assert_eq!(row(&p, 4).values[&ImportField::Phone], "13900139000");
    assert_eq!(row(&p, 4).values[&ImportField::LegacyNumber], "17");
}

#[test]
fn merged_cells_are_reported_on_the_rows_they_cover() {
    let fx = office();
    let bytes = xlsx(|ws| {
        // A title merged across the top, then the header on row 2.
        ws.merge_range(0, 0, 0, 11, "2025年投诉登记台账", &Format::new())
            .unwrap();
        write_row(ws, 1, &HEADER.map(String::from));
        write_row(ws, 2, &good_row(1));
        write_row(ws, 3, &good_row(2));
        write_row(ws, 4, &good_row(3));
        // The category merged down rows 4 and 5.
        ws.merge_range(3, 7, 4, 7, "克扣工资奖金、乱收费", &Format::new())
            .unwrap();
    });
    let p = preview(&fx, &bytes, "a.xlsx");
    assert_eq!(p.mapping.header_row, 1, "the title row is skipped");
    assert!(
        row(&p, 3).problems.is_empty(),
        "the merge's first row has the value"
    );
    assert_eq!(codes(row(&p, 5)), [("category".into(), "merged_cell")]);
    assert!(row(&p, 5).problems[0]
        .message_zh
        .contains("H5 是合并单元格"));
}

#[test]
fn a_formula_uses_its_stored_value_and_one_without_a_value_is_a_row_problem() {
    let fx = office();
    let bytes = xlsx(|ws| {
        write_row(ws, 0, &HEADER.map(String::from));
        write_row(ws, 1, &good_row(1));
        ws.write_formula(
            1,
            9,
            Formula::new("=CONCATENATE(\"加班费\",\"未发\")").set_result("加班费未发"),
        )
        .unwrap();
        write_row(ws, 2, &good_row(2));
        ws.write_formula(2, 9, Formula::new("=J2")).unwrap();
    });
    // As a program that writes formulas but never calculates them saves it.
    let bytes = xlsx_parts::without_value(&bytes, "J3");
    let p = preview(&fx, &bytes, "a.xlsx");
    assert!(row(&p, 2).problems.is_empty(), "{:?}", row(&p, 2).problems);
    assert_eq!(row(&p, 2).values[&ImportField::Matter], "加班费未发");
    assert_eq!(codes(row(&p, 3)), [("matter".into(), "formula_no_value")]);
    assert!(row(&p, 3).problems[0].message_zh.contains("=J2"));
}

#[test]
fn an_empty_file_is_refused_with_a_clear_message() {
    let fx = office();
    let (code, zh, en) = refusal(try_preview(&fx, b"", "空.csv", None).unwrap_err());
    assert_eq!(code, "import_empty_file");
    assert!(zh.contains("空文件") && en.contains("is empty"));
}

#[test]
fn a_workbook_with_only_empty_sheets_is_refused() {
    let fx = office();
    let bytes = xlsx(|_| {});
    let (code, zh, _) = refusal(try_preview(&fx, &bytes, "a.xlsx", None).unwrap_err());
    assert_eq!(code, "import_empty_sheet");
    assert!(zh.contains("工作表都是空的"));
}

#[test]
fn a_file_with_only_the_header_row_is_refused() {
    let fx = office();
    let (code, zh, en) = refusal(try_preview(&fx, &good_xlsx(0), "a.xlsx", None).unwrap_err());
    assert_eq!(code, "import_no_rows");
    assert!(zh.contains("只有表头（第 1 行）") && en.contains("no data below it"));
}

#[test]
fn a_file_over_the_row_limit_is_refused_naming_the_limit() {
    let fx = office();
    let mut text = HEADER.join(",");
    let line = format!("\r\n{}", good_row(1).join(","));
    for _ in 0..=desk_core::api::sheets::MAX_IMPORT_ROWS {
        text.push_str(&line);
    }
    let (code, zh, en) = refusal(try_preview(&fx, text.as_bytes(), "huge.csv", None).unwrap_err());
    assert_eq!(code, "import_too_many_rows");
    assert!(
        zh.contains("100000 行") && en.contains("at most 100000"),
        "{zh}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_the_limit() {
    let fx = office();
    let bytes = vec![b'a'; desk_core::api::sheets::MAX_IMPORT_BYTES + 1];
    let (code, zh, _) = refusal(try_preview(&fx, &bytes, "huge.csv", None).unwrap_err());
    assert_eq!(code, "import_too_large");
    assert!(zh.contains("上限 30 MB"), "{zh}");
}

#[test]
fn a_file_that_is_not_a_spreadsheet_is_refused() {
    let fx = office();
    for (bytes, name) in [
        (b"%PDF-1.7 \x00\x01binary".to_vec(), "扫描件.pdf"),
        (b"PK\x03\x04 not really a zip".to_vec(), "a.xlsx"),
        (vec![0x89, b'P', b'N', b'G', 0, 0, 0], "photo.csv"),
    ] {
        let (code, zh, en) = refusal(try_preview(&fx, &bytes, name, None).unwrap_err());
        assert_eq!(code, "import_not_spreadsheet", "{name}");
        assert!(zh.contains("不是可以读取的表格文件") && en.contains(".xlsx"));
    }
}

#[test]
fn english_headers_map_like_chinese_ones() {
    let fx = office();
    let rows = vec![
        vec![
            "No.", "Kind", "Channel", "Received", "Name", "Phone", "Category", "Matter", "Facts",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>(),
        vec![
            "A-1",
            "complaint",
            "phone",
            "2025-04-01 10:00",
            "Li Na",
            "13800138000",
            "attitude",
            "Rude answer at the desk",
            "The clerk shouted.",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
    ];
    let p = preview(&fx, &csv(&rows), "en.csv");
    assert_eq!(
        p.mapping.fields,
        [
            Some(ImportField::LegacyNumber),
            Some(ImportField::Kind),
            Some(ImportField::Channel),
            Some(ImportField::ReceivedAt),
            Some(ImportField::Name),
            Some(ImportField::Phone),
            Some(ImportField::Category),
            Some(ImportField::Matter),
            Some(ImportField::Facts),
        ]
    );
    assert!(p.rows[0].problems.is_empty(), "{:?}", p.rows[0].problems);
}

#[test]
fn unknown_columns_are_ignored_but_listed_and_a_duplicate_header_keeps_the_first() {
    let fx = office();
    let mut header = HEADER.map(String::from).to_vec();
    header.push("备注".into());
    header.push("电话".into());
    let mut r = good_row(1).to_vec();
    r.push("老客户".into());
    r.push("010-12345678".into());
    let p = preview(&fx, &csv(&[header, r]), "a.csv");
    assert_eq!(p.ignored_columns, ["备注", "电话"]);
    assert_eq!(p.columns[12].note, Some("unknown_header"));
    assert_eq!(p.columns[13].note, Some("duplicate_header"));
    assert_eq!(p.rows[0].values[&ImportField::Phone], "13800138000");
    assert!(p.rows[0].problems.is_empty());
}

#[test]
fn the_user_mapping_wins_over_the_proposed_one() {
    let fx = office();
    let rows = vec![
        vec!["甲", "乙", "丙", "丁"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
        vec!["2025-05-06", "态度恶劣、刁难推诿", "窗口推诿", "投诉"]
            .into_iter()
            .map(String::from)
            .collect(),
    ];
    let p = preview(&fx, &csv(&rows), "a.csv");
    assert!(!p.header_found);
    assert_eq!(p.valid, 0);
    let mapping = ColumnMapping {
        header_row: 0,
        fields: vec![
            Some(ImportField::ReceivedAt),
            Some(ImportField::Category),
            Some(ImportField::Matter),
            Some(ImportField::Kind),
        ],
        ..Default::default()
    };
    let p = try_preview(&fx, &csv(&rows), "a.csv", Some(&mapping)).unwrap();
    assert_eq!(p.valid, 1, "{:?}", p.rows[0].problems);
    let twice = ColumnMapping {
        header_row: 0,
        fields: vec![Some(ImportField::Matter), None, Some(ImportField::Matter)],
        ..Default::default()
    };
    let err = try_preview(&fx, &csv(&rows), "a.csv", Some(&twice)).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(err.message(desk_core::Lang::Zh).contains("被分配给了 2 列"));
}

#[test]
fn duplicates_within_the_file_and_of_cases_already_imported_are_flagged() {
    let fx = office();
    commit(&fx, &good_csv(1), "first.csv", ImportMode::ValidOnly);
    let mut same_case = good_row(9);
    same_case[4] = "张2".into();
    same_case[3] = good_row(2)[3].clone();
    same_case[9] = good_row(2)[9].clone();
    let bytes = csv(&[
        HEADER.map(String::from).to_vec(),
        good_row(1).to_vec(),
        good_row(2).to_vec(),
        good_row(2).to_vec(),
        same_case.to_vec(),
    ]);
    let p = preview(&fx, &bytes, "again.csv");
    assert_eq!(
        codes(row(&p, 2)),
        [
            ("legacy_number".into(), "duplicate_existing"),
            ("matter".into(), "duplicate_existing")
        ]
    );
    assert!(row(&p, 2).problems[0]
        .message_zh
        .contains("登记为 TS-2025-000001"));
    assert!(row(&p, 3).problems.is_empty());
    assert_eq!(
        codes(row(&p, 4)),
        [
            ("legacy_number".into(), "duplicate_in_file"),
            ("matter".into(), "duplicate_in_file")
        ]
    );
    assert_eq!(codes(row(&p, 5)), [("matter".into(), "duplicate_in_file")]);
    assert!(row(&p, 5).problems[0]
        .message_en
        .contains("same case as row 3"));
    assert_eq!(p.duplicates, 3);
    assert_eq!(p.valid, 1);
}

#[test]
fn text_too_long_and_a_bad_phone_use_the_intake_forms_own_rules() {
    let fx = office();
    let mut r = good_row(1);
    r[9] = "长".repeat(201);
    r[5] = "12345".into();
    let p = preview(
        &fx,
        &csv(&[HEADER.map(String::from).to_vec(), r.to_vec()]),
        "a.csv",
    );
    assert_eq!(
        codes(&p.rows[0]),
        [
            ("phone".into(), "phone_invalid"),
            ("matter".into(), "too_long")
        ]
    );
}

#[test]
fn a_gbk_csv_from_chinese_excel_is_read() {
    let fx = office();
    let text = String::from_utf8(good_csv(2)).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let p = preview(&fx, &gbk, "gbk.csv");
    assert_eq!(p.encoding, "GB18030");
    assert_eq!(p.valid, 2, "{:?}", p.rows);
    assert_eq!(p.rows[0].values[&ImportField::Name], "张1");
}

#[test]
fn a_utf8_csv_with_a_bom_and_our_own_export_read_back() {
    let fx = office();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(good_csv(1));
    let p = preview(&fx, &bom, "bom.csv");
    assert_eq!((p.encoding.as_str(), p.valid), ("UTF-8", 1));
    let mut fx = fx;
    fx.register(&named_complaint());
    // Exported by someone who does not take part in the case.
    let exported = fx
        .desk
        .export_register_csv(&fx.admin, ListQuery::default())
        .unwrap();
    let p = preview(&fx, &exported.0, "登记簿.csv");
    assert_eq!(p.missing_fields, Vec::<ImportField>::new());
    assert_eq!(
        row(&p, 2).values[&ImportField::LegacyNumber],
        "TS-2026-000001"
    );
    assert_eq!(
        row(&p, 2).values[&ImportField::Name],
        "王**",
        "the export stays masked"
    );
}

#[test]
fn the_xlsx_export_has_the_csv_columns_masked_identities_and_real_dates() {
    use xlsx_parts::*;
    let mut fx = office();
    fx.register(&named_complaint());
    fx.register(&anonymous_report());
    // Exported by someone who does not take part in the cases.
    let bytes = fx
        .desk
        .export_register_xlsx(&fx.admin, ListQuery::default())
        .unwrap()
        .0;
    assert!(bytes.starts_with(b"PK\x03\x04"), "an XLSX is a zip");
    let sheet = sheet_xml(&bytes);
    assert!(
        sheet.contains(r#"<pane ySplit="1""#),
        "the header row is frozen"
    );
    assert!(sheet.contains("<col "), "columns have widths");
    let strings = shared_strings(&bytes);
    assert!(strings.contains("投诉（举报）人") && strings.contains("承办部门"));
    assert!(strings.contains("王**") && strings.contains("138****8000"));
    assert!(strings.contains("匿名"));
    assert!(!strings.contains("王小明") && !strings.contains("13800138000"));
    // 2026-11-24 09:30 is serial 46350.395833…, written as a number cell.
    assert!(sheet.contains("<v>46350.3958333"), "{sheet}");
    // The same rows as the CSV, read back through the importer.
    let p = preview(&fx, &bytes, "登记簿.xlsx");
    assert_eq!(p.total, 2);
    assert_eq!(
        row(&p, 2).values[&ImportField::ReceivedAt],
        "2026-11-24 09:30"
    );
}

/// Reads parts of an XLSX (a zip) without another spreadsheet library.
mod xlsx_parts {
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    }

    pub fn sheet_xml(bytes: &[u8]) -> String {
        part(bytes, "xl/worksheets/sheet1.xml")
    }

    pub fn shared_strings(bytes: &[u8]) -> String {
        part(bytes, "xl/sharedStrings.xml")
    }

    /// The workbook with the stored value of formula cell `cell` removed.
    pub fn without_value(bytes: &[u8], cell: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("part");
            let name = f.name().expect("name").to_string();
            let mut body = Vec::new();
            f.read_to_end(&mut body).expect("read");
            if name == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(body).expect("utf-8");
                let start = xml.find(&format!("<c r=\"{cell}\"")).expect("the cell");
                let v = start + xml[start..].find("<v>").expect("a value");
                let end = v + xml[v..].find("</v>").expect("end of value") + 4;
                body = format!("{}{}", &xml[..v], &xml[end..]).into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            out.write_all(&body).expect("write");
        }
        out.finish().expect("finish").into_inner()
    }
}

#[test]
fn a_case_the_old_register_marks_finished_is_imported_as_archived_and_an_open_one_stays_open() {
    let fx = office();
    let mut header = HEADER.map(String::from).to_vec();
    header.push("状态".into());
    let mut done = good_row(1).to_vec();
    done.push("已办结".into());
    let mut open = good_row(2).to_vec();
    open.push("处理中".into());
    let report = commit(
        &fx,
        &csv(&[header, done, open]),
        "a.csv",
        ImportMode::AllOrNothing,
    );
    let done = get(&fx, report.imported[0].id);
    let open = get(&fx, report.imported[1].id);
    assert_eq!(
        (done.status, open.status),
        (Status::Archived, Status::Registered)
    );
    let imported = done
        .history
        .iter()
        .find(|h| h.action == "case_imported")
        .unwrap();
    assert_eq!(imported.detail["legacy_status"], "已办结");
    assert_eq!(imported.detail["imported_as"], "archived");
    let due: Vec<i64> = fx
        .desk
        .due_board(&clerk(), ())
        .unwrap()
        .iter()
        .map(|d| d.case_id)
        .collect();
    assert!(!due.contains(&done.id) && due.contains(&open.id), "{due:?}");
}

/// A hospital's ledger as it is kept in Excel: a title row, then 序号 /
/// 投诉日期 / 投诉人 / 联系方式 / 投诉方式 / 投诉科室 / 投诉内容 / 处理结果 /
/// 办结日期 / 是否满意 — no kind, category or matter column.
fn hospital_ledger() -> Vec<u8> {
    let rows: [[&str; 10]; 4] = [
        [
            "1",
            "2026-03-02",
            "王秀英",
            "13800000001",
            "来访",
            "护理部",
            "输液时护士扎针三次未成功。态度也不好。",
            "已向患者道歉，对当班护士批评教育",
            "2026-03-05",
            "满意",
        ],
        [
            "2",
            "2026-03-10",
            "李建国",
            "13900000002",
            "来电",
            "收费处",
            "挂号处多收了挂号费十元，要求退费。",
            "核实后退还多收费用",
            "2026-03-12",
            "是",
        ],
        [
            "3",
            "2026-04-01",
            "张伟",
            "13700000003",
            "来信",
            "内科",
            "医生态度冷漠，不解释病情。",
            "",
            "",
            "",
        ],
        [
            "4",
            "2026-04-15",
            "匿名",
            "",
            "意见箱",
            "门诊部",
            "门诊厕所卫生很差，没有洗手液。",
            "已督促保洁整改",
            "2026-04-20",
            "不满意",
        ],
    ];
    xlsx(|ws| {
        ws.write_string(0, 0, "某某医院2026年投诉登记台账").unwrap();
        let header = [
            "序号",
            "投诉日期",
            "投诉人",
            "联系方式",
            "投诉方式",
            "投诉科室",
            "投诉内容",
            "处理结果",
            "办结日期",
            "是否满意",
        ];
        write_row(ws, 1, &header.map(String::from));
        for (i, r) in rows.iter().enumerate() {
            write_row(ws, i as u32 + 2, &r.map(String::from));
        }
    })
}

#[test]
fn a_hospital_ledger_without_kind_category_or_matter_comes_in_whole_with_its_closings() {
    let mut fx = fresh_register("hospital");
    fx.staff("李娜");
    let bytes = hospital_ledger();
    let p = preview(&fx, &bytes, "台账.xlsx");
    assert!(p.header_found);
    let mapped: Vec<Option<ImportField>> = p.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        mapped,
        [
            None,
            Some(ImportField::ReceivedAt),
            Some(ImportField::Name),
            Some(ImportField::Phone),
            Some(ImportField::Channel),
            Some(ImportField::Department),
            Some(ImportField::Facts),
            Some(ImportField::Result),
            Some(ImportField::ClosedAt),
            Some(ImportField::Satisfaction),
        ]
    );
    assert_eq!(p.missing_fields, [ImportField::Category]);
    assert!(p.fillable.contains(&ImportField::Kind));
    // The matter is the first sentence of the facts; the category is
    // suggested (护理部 routes to nursing; the words pick the others).
    let filled = |n: usize, f: ImportField| {
        row(&p, n)
            .filled
            .iter()
            .find(|v| v.field == f)
            .map(|v| (v.value.clone(), v.source))
    };
    assert_eq!(
        filled(3, ImportField::Matter),
        Some(("输液时护士扎针三次未成功".into(), "first_sentence"))
    );
    assert_eq!(
        filled(3, ImportField::Category),
        Some(("护理服务".into(), "suggested"))
    );
    assert_eq!(
        filled(4, ImportField::Category),
        Some(("收费问题".into(), "suggested"))
    );
    assert_eq!(
        filled(5, ImportField::Category),
        Some(("医德医风、服务态度".into(), "suggested"))
    );
    assert_eq!(
        filled(6, ImportField::Category),
        Some(("环境设施".into(), "suggested"))
    );
    // Fees and conduct can be complaints or reports: the kind is asked for.
    assert!(codes(row(&p, 4)).contains(&("kind".into(), "required")));
    assert_eq!(p.valid, 2);

    // One kind for the whole ledger: every row can come in.
    let mapping = ColumnMapping {
        fixed: [(ImportField::Kind, "投诉".to_string())].into(),
        ..p.mapping.clone()
    };
    let p = try_preview(&fx, &bytes, "台账.xlsx", Some(&mapping)).unwrap();
    assert_eq!(p.valid, 4, "{:?}", p.rows);
    assert!(row(&p, 4)
        .filled
        .iter()
        .any(|v| v.field == ImportField::Kind && v.source == "whole_field"));
    let report = fx
        .desk
        .import_commit(
            &clerk(),
            ImportCommit {
                file_name: "台账.xlsx".into(),
                bytes: Bytes(bytes.clone()),
                mapping: Some(mapping),
                mode: ImportMode::AllOrNothing,
            },
        )
        .unwrap();
    assert_eq!(report.imported.len(), 4);
    let id = |n: usize| report.imported.iter().find(|c| c.row == n).unwrap().id;

    // A finished case arrives archived, in its department, with its closing.
    let nursing = get(&fx, id(3));
    assert_eq!(nursing.status, Status::Archived);
    assert_eq!(nursing.handling_department, "护理部");
    assert_eq!(nursing.matter, "输液时护士扎针三次未成功");
    let closing = nursing
        .records
        .iter()
        .find_map(|r| match &r.record {
            Record::LegacyClosing(c) => Some(c.clone()),
            _ => None,
        })
        .expect("closing record");
    assert_eq!(closing.closed_on.as_deref(), Some("2026-03-05"));
    assert_eq!(closing.result, "已向患者道歉，对当班护士批评教育");
    assert_eq!(closing.satisfaction, Some(Satisfaction::Satisfied));
    // The open one is registered, with no deadline judged closed.
    assert_eq!(get(&fx, id(5)).status, Status::Registered);

    // Counted in the statistics like any other case.
    let d = fx
        .desk
        .dashboard(
            &fx.admin,
            StatsQuery {
                from: "2026-03-01".into(),
                to: "2026-04-30".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(d.total, 4);
    assert_eq!(
        (d.satisfaction.numerator, d.satisfaction.denominator),
        (2, 3)
    );
    assert_eq!(d.satisfaction.drill_down, [id(6)]);
    assert_eq!((d.resolution.numerator, d.resolution.denominator), (3, 4));
    // The closed ones are judged by their closing date, not listed overdue;
    // the open one received in April is.
    assert_eq!(d.overdue_now, [id(5)]);
    assert_eq!((d.on_time.numerator, d.on_time.denominator), (3, 4));
}

#[test]
fn a_closing_date_before_the_case_was_received_or_a_satisfaction_not_known_is_a_row_problem() {
    let mut fx = fresh_register("hospital");
    fx.staff("李娜");
    let rows = vec![
        [
            "收到日期",
            "问题类别",
            "类别",
            "事由",
            "办结日期",
            "是否满意",
        ]
        .map(String::from)
        .to_vec(),
        [
            "2026-03-10",
            "护理服务",
            "投诉",
            "输液",
            "2026-03-01",
            "还行吧",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let p = preview(&fx, &csv(&rows), "a.csv");
    let got = codes(&p.rows[0]);
    assert!(
        got.contains(&("closed_at".into(), "closed_before_received")),
        "{got:?}"
    );
    assert!(
        got.contains(&("satisfaction".into(), "unknown_satisfaction")),
        "{got:?}"
    );
    assert!(p.rows[0]
        .problems
        .iter()
        .any(|e| e.message_zh.contains("早于收到时间")));
}

#[test]
fn a_whole_field_value_the_office_does_not_know_is_refused_before_any_row_is_read() {
    let fx = office();
    let mapping = ColumnMapping {
        header_row: 0,
        fields: HEADER
            .iter()
            .map(|h| desk_core::api::sheets::field_for_header(h))
            .collect(),
        fixed: [
            (ImportField::Category, "不存在的类别".to_string()),
            (ImportField::Name, "张三".to_string()),
        ]
        .into(),
    };
    let err = try_preview(&fx, &good_csv(1), "a.csv", Some(&mapping)).unwrap_err();
    let DeskError::Validation(problems) = &err else {
        panic!("{err:?}")
    };
    let codes: Vec<_> = problems
        .iter()
        .map(|p| (p.field.as_str(), p.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("fixed.name", "not_fillable"),
            ("fixed.category", "unknown_value")
        ]
    );
}
