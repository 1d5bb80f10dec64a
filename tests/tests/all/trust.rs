//! Trust: a tamper-evident audit trail, backups that restore, and committed
//! cases that survive the program being killed at any moment.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::api::types::*;
use desk_core::{CaseOp, Desk, FixedClock};
use desk_tests::*;

fn five_cases() -> Fixture {
    let mut fx = fresh_register("enterprise");
    for _ in 0..5 {
        fx.register(&named_complaint());
    }
    fx
}

/// The id of the history row of the n-th registration (0-based).
fn registration_row(fx: &Fixture, n: i64) -> i64 {
    inspect(fx)
        .query_row(
            "SELECT id FROM history WHERE action = 'case_registered' ORDER BY id LIMIT 1 OFFSET ?1",
            [n],
            |r| r.get(0),
        )
        .unwrap()
}

fn total(fx: &Fixture) -> u64 {
    fx.desk
        .list_cases(&fx.admin, ListQuery::default())
        .unwrap()
        .total
}

fn restore(fx: &Fixture, name: &str) -> desk_core::Result<AppInfo> {
    fx.desk
        .restore_backup(&fx.admin, RestoreInput { name: name.into() })
}

#[test]
fn an_untouched_audit_trail_verifies_intact() {
    let fx = five_cases();
    let report = audit_report(&fx);
    assert!(report.intact, "{report:?}");
    assert_eq!(
        report.rows, 9,
        "the setup, the administrator, 李娜's account and sign-in, five registrations"
    );
}

#[test]
fn a_history_row_edited_outside_the_app_is_named_as_the_first_broken_link() {
    let fx = five_cases();
    let edited = registration_row(&fx, 1);
    // Someone with a database tool removes the guard and rewrites who acted.
    inspect(&fx)
        .execute_batch(&format!(
            "DROP TRIGGER history_no_update;
             UPDATE history SET actor = '某人' WHERE id = {edited};"
        ))
        .unwrap();
    let report = audit_report(&fx);
    assert_eq!(
        (
            report.intact,
            report.first_broken,
            report.problem.as_deref()
        ),
        (false, Some(edited), Some("edited"))
    );
}

#[test]
fn a_history_row_removed_outside_the_app_breaks_the_link_of_the_next_one() {
    let fx = five_cases();
    let removed = registration_row(&fx, 2);
    inspect(&fx)
        .execute_batch(&format!(
            "DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = {removed};"
        ))
        .unwrap();
    let report = audit_report(&fx);
    assert_eq!(
        (report.first_broken, report.problem.as_deref()),
        (Some(removed + 1), Some("removed_before"))
    );
}

#[test]
fn a_backup_restores_every_case_and_attachment_and_keeps_the_replaced_register() {
    let mut fx = fresh_register("enterprise");
    let first = fx.register(&named_complaint());
    investigating(&mut fx, first);
    let inspector = fx.staff("吴督查");
    let photo = EvidenceInput {
        evidence: Evidence {
            description: "现场照片".into(),
            ..Default::default()
        },
        file: Some(Upload {
            name: "photo.jpg".into(),
            bytes: Bytes(b"evidence photo".to_vec()),
        }),
    };
    fx.desk
        .record_evidence(&inspector, CaseOp::new(first, photo))
        .unwrap();
    let info = fx.desk.backup_now(&fx.admin, ()).unwrap();
    assert_eq!(info.attachments, 1);
    // After the backup: one more case, and the attachment is lost.
    fx.register(&named_complaint());
    std::fs::remove_dir_all(fx.dir.path().join("attachments")).unwrap();
    let name = std::path::Path::new(&info.file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    restore(&fx, &name).unwrap();
    assert_eq!(total(&fx), 1);
    let checks = fx
        .desk
        .verify_attachments(&inspector, CaseId { case_id: first })
        .unwrap();
    assert_eq!(checks[0].state, "ok");
    assert!(audit_report(&fx).intact);
    // The register that was replaced is still there, with both cases.
    let kept: Vec<std::path::PathBuf> = std::fs::read_dir(fx.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("register.sqlite3.replaced-") && !n.contains("attachments")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let cases: i64 = rusqlite::Connection::open(&kept[0])
        .unwrap()
        .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cases, 2);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_before_anything_is_replaced() {
    let mut fx = fresh_register("enterprise");
    fx.register(&named_complaint());
    let backups = fx.dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(
        backups.join("register-20260101-000000.sqlite3"),
        vec![7u8; 8192],
    )
    .unwrap();
    assert_eq!(
        restore(&fx, "register-20260101-000000.sqlite3")
            .unwrap_err()
            .code(),
        "db_corrupt"
    );
    rusqlite::Connection::open(backups.join("register-20260102-000000.sqlite3"))
        .unwrap()
        .execute_batch("CREATE TABLE x (y); PRAGMA user_version = 1;")
        .unwrap();
    assert_eq!(
        restore(&fx, "register-20260102-000000.sqlite3")
            .unwrap_err()
            .code(),
        "db_corrupt"
    );
    // Only a backup from the backup folder, by its name.
    assert_eq!(
        restore(&fx, "../register.sqlite3").unwrap_err().code(),
        "validation"
    );
    assert_eq!(total(&fx), 1);
    fx.reopen();
    assert_eq!(total(&fx), 1);
}

#[test]
fn daily_backups_are_made_once_a_day_and_rotated() {
    let fx = fresh_register("enterprise");
    let dir = tempfile::tempdir().unwrap();
    let settings = fx.desk.get_settings(&fx.admin, ()).unwrap();
    fx.desk
        .update_settings(
            &fx.admin,
            Settings {
                backup_dir: dir.path().display().to_string(),
                backup_keep: 3,
                ..settings
            },
        )
        .unwrap();
    for day in 20..=24 {
        at(&fx, &format!("2026-11-{day} 09:00"));
        assert!(fx.desk.auto_backup().unwrap().is_some());
        assert!(fx.desk.auto_backup().unwrap().is_none(), "once a day");
    }
    let names: Vec<String> = fx
        .desk
        .list_backups(&fx.admin, ())
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        names,
        [
            "register-20261124-090000.sqlite3",
            "register-20261123-090000.sqlite3",
            "register-20261122-090000.sqlite3"
        ]
    );
}

#[test]
fn committed_cases_survive_repeated_kill_9_under_a_write_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.sqlite3");
    let mut committed: Vec<String> = Vec::new();
    for round in 0..8 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let it write for a while (longer each round), then SIGKILL it.
        let until = Instant::now() + Duration::from_millis(150 + 40 * round);
        while Instant::now() < until {
            if let Ok(n) = rx.recv_timeout(Duration::from_millis(10)) {
                committed.push(n);
            }
        }
        child.kill().expect("kill -9");
        child.wait().unwrap();
        reader.join().unwrap();
        committed.extend(rx.try_iter());
    }
    assert!(
        committed.len() > 20,
        "the load wrote cases: {}",
        committed.len()
    );
    let integrity: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let clock = Arc::new(FixedClock::parse(NOW));
    let desk = Desk::open(&path, clock).expect("the register opens after the crashes");
    let admin = seat("管理员");
    desk.sign_in(
        &admin,
        SignIn {
            username: "admin".into(),
            password: PASSWORD.into(),
        },
    )
    .expect("the writer's administrator signs in");
    let page = |p: u32| {
        desk.list_cases(
            &admin,
            ListQuery {
                page: p,
                page_size: 500,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let pages = page(1).total.div_ceil(500) as u32;
    let stored: std::collections::HashSet<String> = (1..=pages)
        .flat_map(|p| page(p).items.into_iter().map(|c| c.number))
        .collect();
    let lost: Vec<&String> = committed.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(lost.is_empty(), "committed but lost: {lost:?}");
    let report = desk.verify_audit(&admin, None).unwrap();
    assert!(report.intact, "the audit chain survived: {report:?}");
}
