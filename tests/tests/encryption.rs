//! Encryption at rest: once the administrator sets a passphrase the
//! register file (and every backup made after) is SQLCipher-encrypted; it
//! opens only with the passphrase and holds no readable name.

use desk_core::Register;
use desk_tests::*;

const PASSPHRASE: &str = "示范公司登记簿 2026 春";

fn readable(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn an_encrypted_register_holds_no_readable_name_and_opens_only_with_its_passphrase() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    let path = fx.path();
    fx.register
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    assert!(readable(&std::fs::read(&path).unwrap(), "王小明"));

    fx.register.set_passphrase(PASSPHRASE, "admin").unwrap();
    assert!(fx.register.is_encrypted());
    fx.register.create_case(&named_complaint(), "李娜").unwrap();
    drop(fx.register);

    let bytes = std::fs::read(&path).unwrap();
    for text in ["王小明", "13800138000", "SQLite format 3", "十月份绩效奖金"] {
        assert!(!readable(&bytes, text), "{text} is readable in the file");
    }
    let wal = std::fs::read(format!("{}-wal", path.display())).unwrap_or_default();
    assert!(!readable(&wal, "王小明"), "the name is readable in the WAL");

    let err = Register::open(&path, fx.clock.clone()).err().unwrap();
    assert_eq!(err.code(), "db_needs_key");
    assert!(err.message(desk_core::Lang::Zh).contains("登记簿密码"));
    let err = Register::open_with_passphrase(&path, fx.clock.clone(), "not the passphrase")
        .err()
        .unwrap();
    assert_eq!(err.code(), "db_key_wrong");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "failed openings change nothing"
    );

    let r = Register::open_with_passphrase(&path, fx.clock.clone(), PASSPHRASE).unwrap();
    assert_eq!(r.get_case(id).unwrap().complainants[0].name, "王小明");
    assert_eq!(r.list_cases(&Default::default()).unwrap().total, 2);
    assert!(desk_core::audit::verify(r.connection()).unwrap().intact);
    let logged = r.history(None).unwrap();
    assert!(logged.iter().any(|h| h.action == "register_encrypted"));
}

#[test]
fn a_backup_of_an_encrypted_register_is_encrypted_and_restores_with_the_passphrase() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    fx.register.set_passphrase(PASSPHRASE, "admin").unwrap();
    let dir = fx.dir.path().join("backups");
    let info = fx.register.backup_to(&dir, "admin").unwrap();
    let backup = std::path::PathBuf::from(&info.file);
    assert!(!readable(&std::fs::read(&backup).unwrap(), "王小明"));
    assert_eq!(
        desk_core::backup::verify_backup(&backup)
            .unwrap_err()
            .code(),
        "db_corrupt",
        "without the passphrase the backup is unreadable"
    );
    desk_core::backup::verify_backup_keyed(&backup, Some(PASSPHRASE)).unwrap();

    fx.register.create_case(&named_complaint(), "李娜").unwrap();
    let clock = fx.clock.clone();
    let (restored, _kept) = fx.register.restore_from(&backup, clock).unwrap();
    assert!(restored.is_encrypted());
    assert_eq!(restored.list_cases(&Default::default()).unwrap().total, 1);
    assert_eq!(
        restored.get_case(id).unwrap().complainants[0].name,
        "王小明"
    );
}

#[test]
fn the_passphrase_can_be_changed_and_the_old_one_stops_working() {
    let (mut fx, _) = with_case("enterprise", &named_complaint());
    let path = fx.path();
    fx.register.set_passphrase(PASSPHRASE, "admin").unwrap();
    fx.register
        .set_passphrase("another long passphrase", "admin")
        .unwrap();
    drop(fx.register);
    assert_eq!(
        Register::open_with_passphrase(&path, fx.clock.clone(), PASSPHRASE)
            .err()
            .unwrap()
            .code(),
        "db_key_wrong"
    );
    let r =
        Register::open_with_passphrase(&path, fx.clock.clone(), "another long passphrase").unwrap();
    assert_eq!(r.list_cases(&Default::default()).unwrap().total, 1);
}

#[test]
fn a_short_passphrase_is_refused_and_nothing_changes() {
    let (mut fx, _) = with_case("enterprise", &named_complaint());
    let err = fx.register.set_passphrase("short", "admin").unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(!fx.register.is_encrypted());
    let path = fx.path();
    assert!(!desk_core::encryption::is_marked(&path));
    drop(fx.register);
    Register::open(&path, fx.clock.clone()).expect("still a plain register");
}

#[test]
fn attached_files_move_inside_the_encrypted_register_and_still_check_out() {
    let (mut fx, id) = with_case("enterprise", &named_complaint());
    investigating(&mut fx.register, id);
    let photo = fx.dir.path().join("工资条.txt");
    std::fs::write(&photo, "工资条：王小明 十月 绩效扣800元").unwrap();
    let e = desk_core::handling::Evidence {
        description: "工资条".into(),
        source: "投诉人提供".into(),
        obtained_on: "2026-11-24".into(),
        ..Default::default()
    };
    let before = fx
        .register
        .record_evidence(id, &e, Some(&photo), "吴督查")
        .unwrap();
    let attachments = fx.register.attachments_dir().unwrap();
    let stored = attachments.join(before.stored_as.as_deref().unwrap());
    assert!(stored.exists());

    fx.register.set_passphrase(PASSPHRASE, "admin").unwrap();
    assert!(!stored.exists(), "the plain copy is gone");
    let again = fx
        .register
        .record_evidence(id, &e, Some(&photo), "吴督查")
        .unwrap();
    assert!(!attachments
        .join(again.stored_as.as_deref().unwrap())
        .exists());
    let checks = fx.register.verify_attachments(id).unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.state == "ok"), "{checks:?}");
    let path = fx.path();
    fx.register
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(fx.register);
    assert!(!readable(&std::fs::read(&path).unwrap(), "绩效扣800元"));
}
