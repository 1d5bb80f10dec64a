//! Hostile input for every operation: random JSON shaped like (and unlike)
//! each input, strings with control characters, dates far outside 2000–2100,
//! huge numbers and lists, and spreadsheets crafted to be expanded into
//! billions of cells. No call may panic, hang or take more than a second,
//! and every refusal is a clear message in both languages.

use std::time::{Duration, Instant};

use desk_core::api::ops::OPERATIONS;
use desk_core::{DeskError, Lang};
use desk_tests::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// The longest a call may take on this machine (debug build).
const BUDGET: Duration = Duration::from_secs(1);

/// Strings an attacker or a confused user sends.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\u{0}\u{7}\u{1b}[2J".to_string()),
        Just("9999-12-31".to_string()),
        Just("0001-01-01 00:00".to_string()),
        Just("+262143-12-31".to_string()),
        Just("2026-02-30".to_string()),
        Just("1899-12-31T23:59".to_string()),
        Just("2100-12-31 23:59:59".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("99999999999999999999".to_string()),
        Just("../../etc/passwd".to_string()),
        Just("王小明'); DROP TABLE cases;--".to_string()),
        Just("\"*".to_string()),
        Just("TS-2026-000001".to_string()),
        "[\\PC]{0,40}",
        "\\PC{1,3}".prop_map(|s| s.repeat(5000)),
    ]
}

/// A JSON value of any shape, with nasty leaves.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop_oneof![Just(f64::MAX), Just(-0.0), Just(1e-300)].prop_map(|f| json!(f)),
        nasty_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("case_id".to_string()),
                    Just("input".to_string()),
                    Just("version".to_string()),
                    Just("received_at".to_string()),
                    Just("from".to_string()),
                    Just("to".to_string()),
                    Just("new_due".to_string()),
                    Just("asked_on".to_string()),
                    Just("at".to_string()),
                    Just("kind".to_string()),
                    Just("text".to_string()),
                    Just("bytes".to_string()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn check(fx: &Fixture, op: &str, input: Value) -> Result<(), String> {
    let t = Instant::now();
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fx.desk.call_json(&fx.admin, op, input.clone())
    }));
    let took = t.elapsed();
    let out = out.map_err(|_| format!("{op} panicked on {input}"))?;
    if took > BUDGET {
        return Err(format!("{op} took {took:?} on {}", short(&input)));
    }
    if let Err(e) = out {
        refusal_is_clear(&e).map_err(|m| format!("{op}: {m} on {}", short(&input)))?;
    }
    Ok(())
}

fn short(v: &Value) -> String {
    v.to_string().chars().take(300).collect()
}

fn refusal_is_clear(e: &DeskError) -> Result<(), String> {
    let zh = e.message(Lang::Zh);
    let en = e.message(Lang::En);
    if e.code().is_empty() || zh.chars().count() < 4 || en.len() < 8 {
        return Err(format!("unclear refusal {}: {zh} / {en}", e.code()));
    }
    if matches!(e, DeskError::Internal(_)) {
        return Err(format!("internal error: {en}"));
    }
    Ok(())
}

/// A register with a case, signed in as its administrator (every role,
/// taking part in the case), so calls reach the handlers.
fn register_with_a_case() -> Fixture {
    let mut fx = fresh_register("enterprise");
    let input = named_complaint();
    fx.desk.register_case(&fx.admin, input).expect("register");
    let _ = fx.staff("李娜");
    fx
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn no_operation_panics_hangs_or_answers_unclearly_whatever_it_is_sent(
        inputs in prop::collection::vec(any_json(), OPERATIONS.len())
    ) {
        let fx = register_with_a_case();
        for (spec, input) in OPERATIONS.iter().zip(inputs) {
            // The session-changing operations would sign the seat out.
            if matches!(spec.name, "sign_out" | "lock_session" | "set_register_passphrase" | "restore_backup") {
                continue;
            }
            if let Err(m) = check(&fx, spec.name, input) {
                prop_assert!(false, "{}", m);
            }
        }
    }

    #[test]
    fn a_case_with_hostile_fields_is_refused_clearly_and_quickly(
        fields in prop::collection::btree_map(
            prop_oneof![
                Just("kind"), Just("channel"), Just("received_at"), Just("category"),
                Just("severity"), Just("matter"), Just("facts"), Just("request"),
                Just("occurred_when"), Just("reply_method"),
            ],
            nasty_string(),
            0..10
        ),
        people in 0usize..3,
    ) {
        let fx = register_with_a_case();
        let mut input = serde_json::to_value(named_complaint()).unwrap();
        for (k, v) in fields {
            input[k] = json!(v);
        }
        if people == 2 {
            input["complainants"] = json!(vec![json!({"name": "甲", "id_number": "11010119900307123X"}); 5000]);
        }
        if let Err(m) = check(&fx, "register_case", input) {
            prop_assert!(false, "{}", m);
        }
    }

    #[test]
    fn any_bytes_sent_as_a_spreadsheet_are_read_or_refused_quickly(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        name in prop_oneof![Just("a.xlsx"), Just("a.csv"), Just("a.ods"), Just("a.xls"), Just("a")],
    ) {
        let fx = register_with_a_case();
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let input = json!({"file_name": name, "bytes": b64});
        if let Err(m) = check(&fx, "import_preview", input) {
            prop_assert!(false, "{}", m);
        }
    }
}

fn preview(fx: &Fixture, name: &str, bytes: &[u8]) -> Result<Value, String> {
    use base64::Engine;
    let input = json!({
        "file_name": name,
        "bytes": base64::engine::general_purpose::STANDARD.encode(bytes),
    });
    check(fx, "import_preview", input.clone())?;
    fx.desk
        .call_json(&fx.admin, "import_preview", input)
        .map_err(|e| e.code().to_string())
}

#[test]
fn a_workbook_with_a_cell_at_its_far_corner_is_refused_before_it_is_expanded() {
    let fx = register_with_a_case();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "收到时间").unwrap();
    ws.write_string(0, 1, "事由").unwrap();
    ws.write_string(1_048_575, 16_383, "远处").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        preview(&fx, "far.xlsx", &bytes),
        Err("import_too_large".into())
    );
}

/// A workbook's sheet XML rewritten (the writer itself would expand a
/// merge of the whole sheet into a billion cells).
fn patch_sheet(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            let mut body = Vec::new();
            f.read_to_end(&mut body).unwrap();
            if name.ends_with("sheet1.xml") {
                body = String::from_utf8(body)
                    .unwrap()
                    .replace(from, to)
                    .into_bytes();
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zout.write_all(&body).unwrap();
        }
        zout.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_workbook_whose_merged_range_covers_the_whole_sheet_is_read_quickly() {
    let fx = register_with_a_case();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["收到时间", "问题类别", "事由"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..2000u32 {
        ws.write_string(r, 0, "2026-11-24").unwrap();
        ws.write_string(r, 1, "态度恶劣、刁难推诿").unwrap();
        ws.write_string(r, 2, "态度差").unwrap();
    }
    let fmt = rust_xlsxwriter::Format::new();
    ws.merge_range(1, 2, 2, 3, "合并", &fmt).unwrap();
    let small = book.save_to_buffer().unwrap();
    let bytes = patch_sheet(&small, "ref=\"C2:D3\"", "ref=\"C2:XFD1048576\"");
    assert_ne!(bytes, small, "the merged range was rewritten");
    // The range is clamped to the cells the sheet has: read within the
    // budget (its covered cells are reported as merged).
    let out = preview(&fx, "merged.xlsx", &bytes);
    assert!(
        out.is_ok() || out == Err("import_too_large".into()),
        "{out:?}"
    );
}

/// An OpenDocument sheet whose one valued row repeats a million times and
/// whose one cell repeats across sixteen thousand columns.
fn ods_bomb(rows: usize, cols: usize) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Sheet1">
<table:table-row><table:table-cell office:value-type="string"><text:p>收到时间</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn an_opendocument_sheet_that_repeats_a_row_a_million_times_is_refused_before_it_is_expanded() {
    let fx = register_with_a_case();
    assert_eq!(
        preview(&fx, "bomb.ods", &ods_bomb(1_000_000, 3)),
        Err("import_too_large".into())
    );
    assert_eq!(
        preview(&fx, "wide.ods", &ods_bomb(3, 16_000)),
        Err("import_too_large".into())
    );
}

#[test]
fn a_date_far_outside_2000_to_2100_never_makes_a_deadline_spin() {
    let fx = register_with_a_case();
    let id = 1;
    let head = fx.admin.clone();
    for (op, input) in [
        (
            "pause_clock",
            json!({"case_id": id, "input": {"from": "9999-12-31", "reason": "x"}}),
        ),
        (
            "extend_deadline",
            json!({"case_id": id, "input": {"new_due": "9999-12-31", "reason": "x", "notice_sent_on": "2026-11-24"}}),
        ),
        (
            "set_calendar_year",
            json!({"year": 2026, "arrangement": {"off": [{"name": "长假", "from": "2026-01-01", "to": "9999-12-31"}], "workdays": []}}),
        ),
        (
            "dashboard",
            json!({"from": "0001-01-01", "to": "9999-12-31"}),
        ),
        (
            "list_cases",
            json!({"received_from": "1000-01-01", "received_to": "9999-12-31"}),
        ),
    ] {
        let t = Instant::now();
        let out = fx.desk.call_json(&head, op, input.clone());
        assert!(t.elapsed() < BUDGET, "{op} took {:?}", t.elapsed());
        let e = out.expect_err(op);
        assert!(e.code() == "validation", "{op}: {} {e}", e.code());
    }
}
