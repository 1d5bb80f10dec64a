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
