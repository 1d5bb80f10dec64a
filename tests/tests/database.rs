//! The register file: schema, durability settings, and every way a file can
//! be wrong — each refused with a clear message and nothing changed.

use std::sync::Arc;

use desk_core::db::SCHEMA_VERSION;
use desk_core::{FixedClock, Lang, Register};
use desk_tests::{fresh_register, named_complaint, NOW};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse(NOW))
}

#[test]
fn a_new_register_is_migrated_to_the_current_schema_in_wal_mode_with_foreign_keys_on() {
    let fx = fresh_register("enterprise");
    let conn = fx.register.connection();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, mode.as_str(), fk, sync),
        (SCHEMA_VERSION, "wal", 1, 2)
    );
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Register::open(&path, clock()).err().expect("refused");
    assert_eq!(err.code(), "db_too_new");
    assert!(err.message(Lang::Zh).contains("更新版本"));
    assert!(err.message(Lang::En).contains("newer version"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_damaged_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.sqlite3");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&path, &junk).unwrap();
    let err = Register::open(&path, clock()).err().expect("refused");
    assert_eq!(err.code(), "db_corrupt");
    assert!(err.message(Lang::Zh).contains("从备份恢复"));
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn a_register_whose_pages_were_damaged_is_reported_as_damaged() {
    let fx = fresh_register("enterprise");
    let path = fx.path();
    let mut reg = fx.register;
    for _ in 0..50 {
        reg.create_case(&named_complaint(), "李娜").unwrap();
    }
    reg.connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(reg);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > page * 4, "the file has several pages");
    for b in &mut bytes[page * 2..page * 4] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = Register::open(&path, clock()).and_then(|r| r.list_cases(&Default::default()));
    let err = result.expect_err("damage is noticed");
    assert_eq!(err.code(), "db_corrupt", "{err:?}");
}

#[test]
fn a_read_only_register_can_be_read_but_a_write_says_the_file_is_read_only() {
    let fx = fresh_register("enterprise");
    let path = fx.path();
    let mut reg = fx.register;
    reg.create_case(&named_complaint(), "李娜").unwrap();
    reg.connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    drop(reg);
    let mut perm = std::fs::metadata(&path).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&path, perm).unwrap();
    let mut reg = Register::open(&path, clock()).expect("a read-only file still opens");
    assert_eq!(reg.list_cases(&Default::default()).unwrap().total, 1);
    let err = reg.create_case(&named_complaint(), "李娜").unwrap_err();
    assert_eq!(err.code(), "db_read_only");
    assert!(err.message(Lang::Zh).contains("只读"));
}

#[test]
fn a_register_locked_by_another_program_says_so_and_keeps_what_was_stored() {
    let fx = fresh_register("enterprise");
    let path = fx.path();
    let mut reg = fx.register;
    reg.create_case(&named_complaint(), "李娜").unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let err = reg.create_case(&named_complaint(), "李娜").unwrap_err();
    assert_eq!(err.code(), "db_locked");
    assert!(err.message(Lang::Zh).contains("占用"));
    other.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(reg.list_cases(&Default::default()).unwrap().total, 1);
    let again = reg.create_case(&named_complaint(), "李娜").unwrap();
    assert_eq!(
        again.number, "TS-2026-000002",
        "the refused attempt used no number"
    );
}

#[test]
fn a_missing_folder_for_the_register_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("register.sqlite3");
    Register::open(&path, clock()).unwrap();
    assert!(path.exists());
}

#[test]
fn a_register_from_the_first_version_is_upgraded_in_place_and_keeps_its_cases() {
    let fx = fresh_register("enterprise");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    {
        // A register as version 1 of the program left it.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(desk_core::db::MIGRATIONS[0]).unwrap();
        c.execute_batch("PRAGMA user_version = 1;").unwrap();
        let policy: String = fx
            .register
            .connection()
            .query_row("SELECT value FROM settings WHERE key = 'policy'", [], |r| {
                r.get(0)
            })
            .unwrap();
        c.execute(
            "INSERT INTO settings (key, value) VALUES ('preset', 'enterprise'), ('policy', ?1)",
            [policy],
        )
        .unwrap();
        c.execute_batch(
            "INSERT INTO cases (number, kind, channel, received_at, receiving_clerk, anonymous,
                 category, severity, matter, facts, created_at, updated_at)
             VALUES ('TS-2026-000001', 'complaint', 'visit', '2026-11-20 09:00:00', '李娜', 0,
                 'wage_fee', 'ordinary', '旧案事由', '旧案经过', '2026-11-20 09:00:00',
                 '2026-11-20 09:00:00');
             INSERT INTO case_counters (kind, year, last_seq) VALUES ('complaint', 2026, 1);",
        )
        .unwrap();
    }
    let mut reg = Register::open(&path, clock()).expect("upgraded");
    assert_eq!(reg.get_case(1).unwrap().matter, "旧案事由");
    let case = reg.create_case(&named_complaint(), "李娜").unwrap();
    assert_eq!(case.number, "TS-2026-000002");
    let version: i64 = reg
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(reg.deadlines(case.id).unwrap()[0].code, "review");
    assert!(
        desk_core::audit::verify(reg.connection()).unwrap().intact,
        "old history rows were chained by the upgrade"
    );
}
