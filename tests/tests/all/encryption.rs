//! Encryption at rest: once the administrator sets a passphrase the
//! register file (and every backup made after) is SQLCipher-encrypted; it
//! opens only with the passphrase and holds no readable name.

use desk_core::api::types::*;
use desk_core::{CaseOp, Desk};
use desk_tests::*;

const PASSPHRASE: &str = "示范公司登记簿 2026 春";

fn readable(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn encrypt(fx: &Fixture, passphrase: &str) -> desk_core::Result<AppInfo> {
    fx.desk.set_register_passphrase(
        &fx.admin,
        Passphrase {
            passphrase: passphrase.into(),
        },
    )
}

/// A plain SQLCipher connection to a file with its key, as a tool would open it.
fn keyed(path: &std::path::Path, key: &str) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).expect("open");
    c.pragma_update(None, "key", key).expect("key");
    c
}

#[test]
fn an_encrypted_register_holds_no_readable_name_and_opens_only_with_its_passphrase() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let path = fx.path();
    inspect(&fx)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert!(readable(&std::fs::read(&path).unwrap(), "王小明"));

    encrypt(&fx, PASSPHRASE).unwrap();
    assert!(fx.desk.is_encrypted());
    fx.register(&named_complaint());
    fx.close();

    let bytes = std::fs::read(&path).unwrap();
    for text in ["王小明", "13800138000", "SQLite format 3", "十月份绩效奖金"] {
        assert!(!readable(&bytes, text), "{text} is readable in the file");
    }
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap_or_default();
    assert!(!readable(&wal, "王小明"), "the name is readable in the WAL");

    let err = Desk::open(&path, fx.clock.clone()).err().unwrap();
    assert_eq!(err.code(), "db_needs_key");
    assert!(err.message(desk_core::Lang::Zh).contains("登记簿密码"));
    let err = Desk::open_with_passphrase(&path, fx.clock.clone(), "not the passphrase")
        .err()
        .unwrap();
    assert_eq!(err.code(), "db_key_wrong");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "failed openings change nothing"
    );

    fx.reopen_with_passphrase(PASSPHRASE);
    let clerk = fx.staff("李娜");
    assert_eq!(fx.case_as(&clerk, id).case.complainants[0].name, "王小明");
    let total = fx
        .desk
        .list_cases(&clerk, ListQuery::default())
        .unwrap()
        .total;
    assert_eq!(total, 2);
    assert!(audit_report(&fx).intact);
    let logged = audit_trail(&keyed(&path, PASSPHRASE));
    assert!(logged.iter().any(|h| h.action == "register_encrypted"));
}

#[test]
fn a_backup_of_an_encrypted_register_is_encrypted_and_restores_with_the_passphrase() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    encrypt(&fx, PASSPHRASE).unwrap();
    let info = fx.desk.backup_now(&fx.admin, ()).unwrap();
    let backup = std::path::PathBuf::from(&info.file);
    assert!(!readable(&std::fs::read(&backup).unwrap(), "王小明"));
    let plain =
        rusqlite::Connection::open(&backup)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0));
    assert!(
        plain.is_err(),
        "without the passphrase the backup is unreadable"
    );
    let cases: i64 = keyed(&backup, PASSPHRASE)
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .expect("with the passphrase the backup reads");
    assert_eq!(cases, 1);

    fx.register(&named_complaint());
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    fx.desk
        .restore_backup(&fx.admin, RestoreInput { name })
        .unwrap();
    assert!(fx.desk.is_encrypted());
    let clerk = fx.staff("李娜");
    let total = fx
        .desk
        .list_cases(&clerk, ListQuery::default())
        .unwrap()
        .total;
    assert_eq!(total, 1);
    assert_eq!(fx.case_as(&clerk, id).case.complainants[0].name, "王小明");
}

#[test]
fn the_passphrase_can_be_changed_and_the_old_one_stops_working() {
    let (mut fx, _) = with_case("enterprise", &named_complaint());
    let path = fx.path();
    encrypt(&fx, PASSPHRASE).unwrap();
    encrypt(&fx, "another long passphrase").unwrap();
    fx.close();
    assert_eq!(
        Desk::open_with_passphrase(&path, fx.clock.clone(), PASSPHRASE)
            .err()
            .unwrap()
            .code(),
        "db_key_wrong"
    );
    fx.reopen_with_passphrase("another long passphrase");
    let total = fx
        .desk
        .list_cases(&fx.admin, ListQuery::default())
        .unwrap()
        .total;
    assert_eq!(total, 1);
}

#[test]
fn a_short_passphrase_is_refused_and_nothing_changes() {
    let (mut fx, _) = with_case("enterprise", &named_complaint());
    let err = encrypt(&fx, "short").unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(!fx.desk.is_encrypted());
    let path = fx.path();
    assert!(
        !std::path::Path::new(&format!("{}.encrypted", path.display())).exists(),
        "no encryption marker beside the register"
    );
    fx.close();
    Desk::open(&path, fx.clock.clone()).expect("still a plain register");
}

#[test]
fn attached_files_move_inside_the_encrypted_register_and_still_check_out() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    investigating(&mut fx, id);
    let inspector = fx.staff("吴督查");
    let evidence = |bytes: &[u8]| EvidenceInput {
        evidence: Evidence {
            description: "工资条".into(),
            source: "投诉人提供".into(),
            obtained_on: "2026-11-24".into(),
            ..Default::default()
        },
        file: Some(Upload {
            name: "工资条.txt".into(),
            bytes: Bytes(bytes.to_vec()),
        }),
    };
    let payslip = "工资条：王小明 十月 绩效扣800元".as_bytes();
    let before = fx
        .desk
        .record_evidence(&inspector, CaseOp::new(id, evidence(payslip)))
        .unwrap();
    let stored_as = |view: &CaseView| match &view.case.records.last().unwrap().record {
        Record::Evidence(e) => e.stored_as.clone().expect("stored"),
        other => panic!("not evidence: {other:?}"),
    };
    let attachments = fx.dir.path().join("attachments");
    let stored = attachments.join(stored_as(&before));
    assert!(stored.exists());

    encrypt(&fx, PASSPHRASE).unwrap();
    assert!(!stored.exists(), "the plain copy is gone");
    let again = fx
        .desk
        .record_evidence(&inspector, CaseOp::new(id, evidence(payslip)))
        .unwrap();
    assert!(!attachments.join(stored_as(&again)).exists());
    let checks = fx
        .desk
        .verify_attachments(&inspector, CaseId { case_id: id })
        .unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.state == "ok"), "{checks:?}");
    let path = fx.path();
    fx.close();
    assert!(!readable(&std::fs::read(&path).unwrap(), "绩效扣800元"));
}
