//! Documents issued from the office's templates are kept with their case and
//! print again byte for byte; templates are checked before they are saved.

use std::collections::BTreeMap;

use desk_core::docs::templates::DocType;
use desk_core::handling::Conclusion;
use desk_core::Lang;
use desk_tests::{fresh_register, named_complaint, to_findings, with_case, Fixture};

fn case_with_findings() -> (Fixture, i64) {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    to_findings(
        &mut fx.register,
        id,
        Conclusion::Substantiated,
        &["correction"],
    );
    (fx, id)
}

#[test]
fn an_issued_reply_letter_is_kept_with_its_case_and_reprints_identically() {
    let (mut fx, id) = case_with_findings();
    let (doc, pdf) = fx
        .register
        .issue_document(id, DocType::ReplyLetter, &BTreeMap::new(), "李娜")
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let listed = fx.register.issued_documents(id).unwrap();
    assert_eq!(listed.last().unwrap().title, "书面答复意见书");
    let (again, bytes) = fx.register.reprint(doc.id).unwrap();
    assert_eq!(bytes, pdf, "a reprint is the same bytes");
    assert_eq!(again.sha256, doc.sha256);
    let history = fx.register.get_case(id).unwrap().history;
    assert_eq!(history.last().unwrap().action, "document_issued");
}

#[test]
fn the_slip_printed_at_intake_is_kept_as_an_issued_document_too() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let pdf = fx
        .register
        .render_document(id, desk_core::register::DocKind::Slip, "李娜")
        .unwrap();
    let docs = fx.register.issued_documents(id).unwrap();
    assert_eq!((docs.len(), docs[0].doc_type.as_str()), (1, "slip"));
    assert_eq!(fx.register.reprint(docs[0].id).unwrap().1, pdf);
}

#[test]
fn a_template_with_an_unknown_placeholder_is_refused_naming_it_and_not_saved() {
    let (mut fx, _) = case_with_findings();
    let err = fx
        .register
        .save_template(
            DocType::ReplyLetter,
            "{{complainant_name}}：\n\n{{bank_account}}",
            "admin",
        )
        .unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("bank_account"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        fx.register
            .template(DocType::ReplyLetter)
            .unwrap()
            .is_default
    );
}

#[test]
fn an_edited_template_is_previewed_live_then_saved_and_used() {
    let (mut fx, id) = case_with_findings();
    let body = "{{complainant_name}}：\n\n# 处理结果\n\n编号{{number}}的问题已处理完毕。";
    let preview = fx
        .register
        .preview_text(id, DocType::ReplyLetter, body, &BTreeMap::new())
        .unwrap();
    assert_eq!(preview[0].text, "王小明：");
    assert!(preview[1].heading);
    assert_eq!(preview[2].text, "编号TS-2026-000001的问题已处理完毕。");
    fx.register
        .save_template(DocType::ReplyLetter, body, "admin")
        .unwrap();
    let (_, pdf) = fx
        .register
        .issue_document(id, DocType::ReplyLetter, &BTreeMap::new(), "李娜")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "");
    assert!(
        text.contains("编号TS-2026-000001的问题已处理完毕。"),
        "{text}"
    );
}

#[test]
fn every_reply_letter_due_today_prints_in_one_pdf_and_is_issued_to_each_case() {
    let mut fx = fresh_register("enterprise");
    let a = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    let b = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    let c = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    to_findings(
        &mut fx.register,
        a,
        Conclusion::Substantiated,
        &["correction"],
    );
    to_findings(
        &mut fx.register,
        b,
        Conclusion::Substantiated,
        &["correction"],
    );
    // Findings on 11-24: the reply is due 5 days later, 11-29 [Sun] -> 11-30 [Mon].
    let none = fx
        .register
        .batch_reply_letters(&BTreeMap::new(), "李娜")
        .unwrap_err();
    assert_eq!(none.code(), "not_found");
    fx.clock
        .set(chrono::NaiveDateTime::parse_from_str("2026-11-30 08:00", "%Y-%m-%d %H:%M").unwrap());
    let (pdf, count) = fx
        .register
        .batch_reply_letters(&BTreeMap::new(), "李娜")
        .unwrap();
    assert_eq!(count, 2, "case {c} has no findings yet");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "");
    assert!(text.contains("TS-2026-000001") && text.contains("TS-2026-000002"));
    assert!(!text.contains("TS-2026-000003"));
    assert_eq!(fx.register.issued_documents(a).unwrap().len(), 1);
    assert_eq!(fx.register.issued_documents(b).unwrap().len(), 1);
}

#[test]
fn issued_documents_cannot_be_altered_in_the_database() {
    let (mut fx, id) = case_with_findings();
    fx.register
        .issue_document(id, DocType::ReplyLetter, &BTreeMap::new(), "李娜")
        .unwrap();
    let err = fx
        .register
        .connection()
        .execute("UPDATE issued_documents SET pdf = x'00'", [])
        .unwrap_err();
    assert!(err.to_string().contains("kept as issued"));
}
