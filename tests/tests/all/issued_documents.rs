//! Documents issued from the office's templates are kept with their case and
//! print again byte for byte; templates are checked before they are saved.

use std::collections::BTreeMap;

use desk_core::api::types::*;
use desk_core::{Caller, CaseOp, Lang};
use desk_tests::pdf::{flat, pdf_text};
use desk_tests::{at, fresh_register, inspect, named_complaint, to_findings, with_case, Fixture};

fn case_with_findings() -> (Fixture, i64) {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    to_findings(&mut fx, id, Conclusion::Substantiated, &["correction"]);
    (fx, id)
}

fn issue(fx: &Fixture, who: &Caller, id: i64, doc_type: &str) -> IssuedPdf {
    fx.desk
        .issue_document(
            who,
            CaseOp::new(
                id,
                IssueInput {
                    doc_type: doc_type.into(),
                    extra: BTreeMap::new(),
                },
            ),
        )
        .unwrap_or_else(|e| panic!("{doc_type}: {e}"))
}

fn issued(fx: &Fixture, who: &Caller, id: i64) -> Vec<IssuedDoc> {
    fx.desk
        .issued_documents(who, CaseId { case_id: id })
        .unwrap()
}

fn reprint(fx: &Fixture, who: &Caller, id: i64, doc_id: i64) -> IssuedPdf {
    fx.desk
        .reprint_document(who, CaseOp::new(id, DocId { doc_id }))
        .unwrap()
}

fn is_default(fx: &Fixture, doc_type: &str) -> bool {
    fx.desk
        .list_templates(&fx.admin, ())
        .unwrap()
        .into_iter()
        .find(|t| t.doc_type == doc_type)
        .expect("the template")
        .is_default
}

#[test]
fn an_issued_reply_letter_is_kept_with_its_case_and_reprints_identically() {
    let (mut fx, id) = case_with_findings();
    let clerk = fx.staff("李娜");
    let first = issue(&fx, &clerk, id, "reply_letter");
    assert!(first.pdf.0.starts_with(b"%PDF"));
    let listed = issued(&fx, &clerk, id);
    assert_eq!(listed.last().unwrap().title, "书面答复意见书");
    let again = reprint(&fx, &clerk, id, first.doc.id);
    assert_eq!(again.pdf, first.pdf, "a reprint is the same bytes");
    assert_eq!(again.doc.sha256, first.doc.sha256);
    let history = fx.case_as(&clerk, id).case.history;
    assert_eq!(history.last().unwrap().action, "document_issued");
}

#[test]
fn the_slip_printed_at_intake_is_kept_as_an_issued_document_too() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let clerk = fx.staff("李娜");
    let slip = issue(&fx, &clerk, id, "slip");
    let docs = issued(&fx, &clerk, id);
    assert_eq!((docs.len(), docs[0].doc_type.as_str()), (1, "slip"));
    assert_eq!(reprint(&fx, &clerk, id, docs[0].id).pdf, slip.pdf);
}

#[test]
fn a_template_with_an_unknown_placeholder_is_refused_naming_it_and_not_saved() {
    let (fx, _) = case_with_findings();
    let err = fx
        .desk
        .save_template(
            &fx.admin,
            TemplateInput {
                doc_type: "reply_letter".into(),
                body: "{{complainant_name}}：\n\n{{bank_account}}".into(),
            },
        )
        .unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("bank_account"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(is_default(&fx, "reply_letter"));
}

#[test]
fn an_edited_template_is_previewed_live_then_saved_and_used() {
    // The administrator received this case, so the preview shows the
    // complainant as the letter will.
    let mut fx = fresh_register("enterprise");
    let admin = fx.admin.clone();
    let id = fx
        .desk
        .register_case(&admin, named_complaint())
        .unwrap()
        .case
        .id;
    to_findings(&mut fx, id, Conclusion::Substantiated, &["correction"]);
    let body = "{{complainant_name}}：\n\n# 处理结果\n\n编号{{number}}的问题已处理完毕。";
    let preview = fx
        .desk
        .preview_template(
            &admin,
            PreviewInput {
                case_id: id,
                doc_type: "reply_letter".into(),
                body: body.into(),
                extra: BTreeMap::new(),
            },
        )
        .unwrap();
    assert_eq!(preview[0].text, "王小明：");
    assert!(preview[1].heading);
    assert_eq!(preview[2].text, "编号TS-2026-000001的问题已处理完毕。");
    fx.desk
        .save_template(
            &admin,
            TemplateInput {
                doc_type: "reply_letter".into(),
                body: body.into(),
            },
        )
        .unwrap();
    let letter = issue(&fx, &admin, id, "reply_letter");
    let text = flat(&pdf_text("issued_edited_reply", &letter.pdf.0));
    assert!(
        text.contains("编号TS-2026-000001的问题已处理完毕。"),
        "{text}"
    );
}

#[test]
fn every_reply_letter_due_today_prints_in_one_pdf_and_is_issued_to_each_case() {
    let mut fx = fresh_register("enterprise");
    let a = fx.register(&named_complaint());
    let b = fx.register(&named_complaint());
    let c = fx.register(&named_complaint());
    to_findings(&mut fx, a, Conclusion::Substantiated, &["correction"]);
    to_findings(&mut fx, b, Conclusion::Substantiated, &["correction"]);
    let clerk = fx.staff("李娜");
    let batch = |fx: &Fixture| {
        fx.desk.batch_reply_letters(
            &clerk,
            Extra {
                extra: BTreeMap::new(),
            },
        )
    };
    // Findings on 11-24: the reply is due 5 days later, 11-29 [Sun] -> 11-30 [Mon].
    assert_eq!(batch(&fx).unwrap_err().code(), "not_found");
    at(&fx, "2026-11-30 08:00");
    let out = batch(&fx).unwrap();
    assert_eq!(out.count, 2, "case {c} has no findings yet");
    let text = flat(&pdf_text("issued_batch", &out.pdf.0));
    assert!(text.contains("TS-2026-000001") && text.contains("TS-2026-000002"));
    assert!(!text.contains("TS-2026-000003"));
    assert_eq!(issued(&fx, &clerk, a).len(), 1);
    assert_eq!(issued(&fx, &clerk, b).len(), 1);
}

#[test]
fn issued_documents_cannot_be_altered_in_the_database() {
    let (mut fx, id) = case_with_findings();
    let clerk = fx.staff("李娜");
    issue(&fx, &clerk, id, "reply_letter");
    let err = inspect(&fx)
        .execute("UPDATE issued_documents SET pdf = x'00'", [])
        .unwrap_err();
    assert!(err.to_string().contains("kept as issued"));
}

fn set_prefixes(fx: &Fixture, pairs: &[(&str, &str)]) -> Result<Settings, desk_core::DeskError> {
    let mut s = fx.desk.get_settings(&fx.admin, ()).unwrap();
    s.doc_number_prefixes = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    fx.desk.update_settings(&fx.admin, s)
}

fn text_of(name: &str, pdf: &IssuedPdf) -> String {
    flat(&pdf_text(name, &pdf.pdf.0))
}

#[test]
fn letters_take_the_next_reference_number_of_their_prefix_and_year_and_keep_it() {
    let (mut fx, id) = case_with_findings();
    set_prefixes(
        &fx,
        &[
            ("reply_letter", "华示投"),
            ("extension", " 华示投 "),
            ("reward_notice", ""),
        ],
    )
    .unwrap();
    let saved = fx
        .desk
        .get_settings(&fx.admin, ())
        .unwrap()
        .doc_number_prefixes;
    assert_eq!(
        saved.into_iter().collect::<Vec<_>>(),
        vec![
            ("extension".to_string(), "华示投".to_string()),
            ("reply_letter".to_string(), "华示投".to_string())
        ],
        "trimmed, and a blank prefix is no prefix"
    );
    let clerk = fx.staff("李娜");
    let first = issue(&fx, &clerk, id, "reply_letter");
    assert_eq!(first.doc.doc_number, "华示投〔2026〕1号");
    assert!(text_of("docno-1", &first).contains("华示投〔2026〕1号"));
    // Another letter type with the same prefix continues the same series.
    let second = issue(&fx, &clerk, id, "extension");
    assert_eq!(second.doc.doc_number, "华示投〔2026〕2号");
    // A reprint is the same document with the same number; the list shows it.
    assert_eq!(
        reprint(&fx, &clerk, id, first.doc.id).doc.doc_number,
        "华示投〔2026〕1号"
    );
    let listed: Vec<String> = issued(&fx, &clerk, id)
        .into_iter()
        .map(|d| d.doc_number)
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(listed, vec!["华示投〔2026〕1号", "华示投〔2026〕2号"]);
    // A number the caller sends is not used when the register numbers.
    let mut extra = BTreeMap::new();
    extra.insert("doc_number".to_string(), "华示投〔2026〕1号".to_string());
    let forced = fx
        .desk
        .issue_document(
            &clerk,
            CaseOp::new(
                id,
                IssueInput {
                    doc_type: "reply_letter".into(),
                    extra,
                },
            ),
        )
        .unwrap();
    assert_eq!(forced.doc.doc_number, "华示投〔2026〕3号", "never reused");
    // Documents without a prefix, and the transcript and slip, take none.
    let notice = issue(&fx, &clerk, id, "investigation_report");
    assert_eq!(notice.doc.doc_number, "");
    assert!(!text_of("docno-report", &notice).contains('〔'));

    // The series survives a restart, and starts again at 1 in a new year.
    fx.reopen();
    assert_eq!(
        issue(&fx, &clerk, id, "reply_letter").doc.doc_number,
        "华示投〔2026〕4号"
    );
    at(&fx, "2027-01-05 09:00");
    let new_year = issue(&fx, &clerk, id, "reply_letter");
    assert_eq!(new_year.doc.doc_number, "华示投〔2027〕1号");
    assert!(text_of("docno-2027", &new_year).contains("华示投〔2027〕1号"));
    let trail = fx.case_as(&clerk, id).case.history;
    assert!(trail
        .iter()
        .any(|h| h.action == "document_issued" && h.detail["doc_number"] == "华示投〔2027〕1号"));
}

#[test]
fn a_prefix_for_an_internal_document_or_with_digits_or_brackets_is_refused_and_nothing_is_saved() {
    let (fx, _) = case_with_findings();
    for (doc, prefix, code) in [
        ("transcript", "华示谈", "not_numbered"),
        ("reply_letter", "华示投2", "prefix_invalid"),
        ("reply_letter", "华示〔投〕", "prefix_invalid"),
        ("reply_letter", &"长".repeat(21), "prefix_invalid"),
    ] {
        match set_prefixes(&fx, &[(doc, prefix)]) {
            Err(desk_core::DeskError::Validation(f)) => {
                assert_eq!(f[0].field, format!("doc_number_prefixes.{doc}"));
                assert_eq!(f[0].code, code, "{doc} {prefix}");
            }
            other => panic!("{doc} {prefix}: {other:?}"),
        }
    }
    assert!(fx
        .desk
        .get_settings(&fx.admin, ())
        .unwrap()
        .doc_number_prefixes
        .is_empty());
}
