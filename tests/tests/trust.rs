//! Trust: a tamper-evident audit trail, backups that restore, and committed
//! cases that survive the program being killed at any moment.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::audit::verify;
use desk_core::{FixedClock, Register};
use desk_tests::{fresh_register, named_complaint, NOW};

#[test]
fn an_untouched_audit_trail_verifies_intact() {
    let mut fx = fresh_register("enterprise");
    for _ in 0..5 {
        fx.register.create_case(&named_complaint(), "李娜").unwrap();
    }
    let report = verify(fx.register.connection()).unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.rows, 6, "setup plus five registrations");
}

#[test]
fn a_history_row_edited_outside_the_app_is_named_as_the_first_broken_link() {
    let mut fx = fresh_register("enterprise");
    for _ in 0..5 {
        fx.register.create_case(&named_complaint(), "李娜").unwrap();
    }
    let conn = fx.register.connection();
    // Someone with a database tool removes the guard and rewrites who acted.
    conn.execute_batch(
        "DROP TRIGGER history_no_update;
         UPDATE history SET actor = '某人' WHERE id = 3;",
    )
    .unwrap();
    let report = verify(conn).unwrap();
    assert_eq!(
        (
            report.intact,
            report.first_broken,
            report.problem.as_deref()
        ),
        (false, Some(3), Some("edited"))
    );
}

#[test]
fn a_history_row_removed_outside_the_app_breaks_the_link_of_the_next_one() {
    let mut fx = fresh_register("enterprise");
    for _ in 0..5 {
        fx.register.create_case(&named_complaint(), "李娜").unwrap();
    }
    let conn = fx.register.connection();
    conn.execute_batch("DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 4;")
        .unwrap();
    let report = verify(conn).unwrap();
    assert_eq!(
        (report.first_broken, report.problem.as_deref()),
        (Some(5), Some("removed_before"))
    );
}

#[test]
fn a_backup_restores_every_case_and_attachment_and_keeps_the_replaced_register() {
    let mut fx = fresh_register("enterprise");
    let first = fx.register.create_case(&named_complaint(), "李娜").unwrap();
    let photo = fx.dir.path().join("photo.jpg");
    std::fs::write(&photo, b"evidence photo").unwrap();
    let e = desk_core::handling::Evidence {
        description: "现场照片".into(),
        ..Default::default()
    };
    fx.register
        .record_evidence(first.id, &e, Some(&photo), "吴督查")
        .unwrap();
    let backups = tempfile::tempdir().unwrap();
    let info = fx.register.backup_to(backups.path(), "admin").unwrap();
    assert_eq!(info.attachments, 1);
    // After the backup: one more case, and the attachment is lost.
    fx.register.create_case(&named_complaint(), "李娜").unwrap();
    std::fs::remove_dir_all(fx.register.attachments_dir().unwrap()).unwrap();
    let clock: Arc<FixedClock> = fx.clock.clone();
    let (restored, kept) = fx
        .register
        .restore_from(std::path::Path::new(&info.file), clock.clone())
        .unwrap();
    assert_eq!(restored.list_cases(&Default::default()).unwrap().total, 1);
    assert_eq!(
        restored.verify_attachments(first.id).unwrap()[0].state,
        "ok"
    );
    assert!(verify(restored.connection()).unwrap().intact);
    // The register that was replaced is still there, with both cases.
    let old = Register::open(&kept, clock).unwrap();
    assert_eq!(old.list_cases(&Default::default()).unwrap().total, 2);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_before_anything_is_replaced() {
    let mut fx = fresh_register("enterprise");
    fx.register.create_case(&named_complaint(), "李娜").unwrap();
    let junk = fx.dir.path().join("register-20260101-000000.sqlite3");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    assert_eq!(
        desk_core::backup::verify_backup(&junk).unwrap_err().code(),
        "db_corrupt"
    );
    let foreign = fx.dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE x (y); PRAGMA user_version = 1;")
        .unwrap();
    let clock = fx.clock.clone();
    let path = fx.path();
    let err = fx
        .register
        .restore_from(&foreign, clock.clone())
        .err()
        .unwrap();
    assert_eq!(err.code(), "db_corrupt");
    let still = Register::open(&path, clock).unwrap();
    assert_eq!(still.list_cases(&Default::default()).unwrap().total, 1);
}

#[test]
fn daily_backups_are_made_once_a_day_and_rotated() {
    let mut fx = fresh_register("enterprise");
    let dir = tempfile::tempdir().unwrap();
    for day in 20..=24 {
        fx.clock.set(
            chrono::NaiveDateTime::parse_from_str(
                &format!("2026-11-{day} 09:00"),
                "%Y-%m-%d %H:%M",
            )
            .unwrap(),
        );
        assert!(fx
            .register
            .auto_backup(dir.path(), 3, "system")
            .unwrap()
            .is_some());
        assert!(
            fx.register
                .auto_backup(dir.path(), 3, "system")
                .unwrap()
                .is_none(),
            "once a day"
        );
    }
    let kept = Register::list_backups(dir.path());
    let names: Vec<String> = kept
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
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
    let clock = Arc::new(FixedClock::parse(NOW));
    let reg = Register::open(&path, clock).expect("the register opens after the crashes");
    let integrity: String = reg
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let page = reg
        .list_cases(&desk_core::model::ListQuery {
            page_size: 500,
            ..Default::default()
        })
        .unwrap();
    let stored: std::collections::HashSet<String> = (1..=page.total.div_ceil(500) as u32)
        .flat_map(|p| {
            reg.list_cases(&desk_core::model::ListQuery {
                page: p,
                page_size: 500,
                ..Default::default()
            })
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.number)
        })
        .collect();
    let lost: Vec<&String> = committed.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(lost.is_empty(), "committed but lost: {lost:?}");
    assert!(
        verify(reg.connection()).unwrap().intact,
        "the audit chain survived"
    );
}
