//! The register file: schema, durability settings, and every way a file can
//! be wrong — each refused with a clear message and nothing changed.

use std::sync::Arc;

use desk_core::api::types::*;
use desk_core::{Desk, DeskError, FixedClock, Lang, SCHEMA_VERSION};
use desk_tests::{fresh_register, inspect, named_complaint, seat, Fixture, NOW, PASSWORD};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse(NOW))
}

/// Opens the register at `path` and signs the administrator in at a seat.
fn open_as_admin(path: &std::path::Path) -> Result<(Desk, desk_core::Caller), DeskError> {
    let desk = Desk::open(path, clock())?;
    let admin = seat("管理员");
    desk.sign_in(
        &admin,
        SignIn {
            username: "admin".into(),
            password: PASSWORD.into(),
        },
    )?;
    Ok((desk, admin))
}

fn total(desk: &Desk, who: &desk_core::Caller) -> desk_core::Result<u64> {
    desk.list_cases(who, ListQuery::default()).map(|p| p.total)
}

/// Registers the named complaint as the administrator (who holds every role).
fn register(fx: &Fixture) -> desk_core::Result<CaseView> {
    fx.desk.register_case(&fx.admin, named_complaint())
}

#[test]
fn a_new_register_is_migrated_to_the_current_schema_in_wal_mode_with_foreign_keys_on() {
    let fx = fresh_register("enterprise");
    // The schema version and the journal mode belong to the file.
    let conn = inspect(&fx);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!((version, mode.as_str()), (SCHEMA_VERSION, "wal"));
    // The program's own connection: foreign keys on, synchronous FULL.
    let (foreign_keys, synchronous, journal) = fx.desk.connection_settings().unwrap();
    assert_eq!((foreign_keys, synchronous, journal.as_str()), (1, 2, "wal"));
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
    let err = Desk::open(&path, clock()).err().expect("refused");
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
    let err = Desk::open(&path, clock()).err().expect("refused");
    assert_eq!(err.code(), "db_corrupt");
    assert!(err.message(Lang::Zh).contains("从备份恢复"));
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}

#[test]
fn a_register_whose_pages_were_damaged_is_reported_as_damaged() {
    let mut fx = fresh_register("enterprise");
    let path = fx.path();
    for _ in 0..50 {
        register(&fx).unwrap();
    }
    // Closing the register folds the WAL into the file.
    fx.close();
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > page * 4, "the file has several pages");
    for b in &mut bytes[page * 2..page * 4] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = open_as_admin(&path).and_then(|(desk, admin)| total(&desk, &admin));
    let err = result.expect_err("damage is noticed");
    assert_eq!(err.code(), "db_corrupt", "{err:?}");
}

#[test]
fn a_read_only_register_can_be_read_but_a_write_says_the_file_is_read_only() {
    let mut fx = fresh_register("enterprise");
    let path = fx.path();
    register(&fx).unwrap();
    fx.close();
    inspect(&fx)
        .execute_batch("PRAGMA journal_mode = DELETE;")
        .unwrap();
    let mut perm = std::fs::metadata(&path).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&path, perm).unwrap();
    let (desk, admin) = open_as_admin(&path).expect("a read-only file still opens and signs in");
    assert_eq!(total(&desk, &admin).unwrap(), 1);
    let err = desk.register_case(&admin, named_complaint()).unwrap_err();
    assert_eq!(err.code(), "db_read_only");
    assert!(err.message(Lang::Zh).contains("只读"));
}

#[test]
fn a_register_locked_by_another_program_says_so_and_keeps_what_was_stored() {
    let fx = fresh_register("enterprise");
    register(&fx).unwrap();
    let other = inspect(&fx);
    other.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let err = register(&fx).unwrap_err();
    assert_eq!(err.code(), "db_locked");
    assert!(err.message(Lang::Zh).contains("占用"));
    other.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(total(&fx.desk, &fx.admin).unwrap(), 1);
    let again = register(&fx).unwrap();
    assert_eq!(
        again.case.number, "TS-2026-000002",
        "the refused attempt used no number"
    );
}

#[test]
fn a_missing_folder_for_the_register_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("register.sqlite3");
    Desk::open(&path, clock()).unwrap();
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
        c.execute_batch(include_str!("../../fixtures/schema_v1.sql"))
            .unwrap();
        c.execute_batch("PRAGMA user_version = 1;").unwrap();
        let policy: String = inspect(&fx)
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
    let desk = Desk::open(&path, clock()).expect("upgraded");
    // A register from before accounts: its first user is its administrator.
    let admin = seat("管理员");
    desk.create_first_admin(
        &admin,
        NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: PASSWORD.into(),
            roles: Role::ALL.to_vec(),
        },
    )
    .expect("the first user of the old register");
    let old = desk.get_case(&admin, CaseId { case_id: 1 }).unwrap();
    assert_eq!(old.case.matter, "旧案事由");
    let case = desk.register_case(&admin, named_complaint()).unwrap().case;
    assert_eq!(case.number, "TS-2026-000002");
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let deadlines = desk
        .get_case(&admin, CaseId { case_id: case.id })
        .unwrap()
        .deadlines;
    assert_eq!(deadlines[0].code, "review");
    let report = desk.verify_audit(&admin, None).unwrap();
    assert!(
        report.intact,
        "old history rows were chained by the upgrade: {report:?}"
    );
}
