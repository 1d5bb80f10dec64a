//! Registers written by every earlier schema version (tests/fixtures, made
//! by the generators in tests/fixtures/gen with that version's own code)
//! open with today's program: a copy of the old file is kept beside it,
//! then it is migrated in place with nothing lost and the history chain
//! intact; the names that took part before accounts are given to an account
//! by the administrator. The expected facts come from
//! tests/fixtures/manifest.json.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::api::types::*;
use desk_core::{CaseOp, Desk, FixedClock};
use desk_tests::seat;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures_dir().join("manifest.json")).expect("manifest");
    let v: Value = serde_json::from_str(&text).expect("manifest is JSON");
    v["fixtures"].as_array().expect("fixtures list").clone()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn plain(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open plain")
}

/// Opens a copy of one fixture with today's code and checks every fact.
fn upgrade_keeps_everything(entry: &Value) {
    let file = entry["file"].as_str().expect("file");
    let version = entry["schema_version"].as_i64().expect("version");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(file);
    std::fs::copy(fixtures_dir().join(file), &path).expect("copy fixture");
    let before: i64 = plain(&path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, version, "{file} is what the manifest says");

    let clock = Arc::new(FixedClock::parse("2026-12-01 09:00:00"));
    let desk = Desk::open(&path, clock).unwrap_or_else(|e| panic!("{file}: {e}"));

    // The old file was kept, whole, before it was migrated.
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .contains(&format!(".before-upgrade-v{version}-"))
            })
        })
        .collect();
    if version < desk_core::SCHEMA_VERSION {
        assert_eq!(kept.len(), 1, "{file}: a copy kept before the upgrade");
        let old: i64 = plain(&kept[0])
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(old, version, "{file}: the kept copy is the old version");
    }

    // The file as a tool sees it, before anyone acts on it.
    let c = plain(&path);
    let now: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(now, desk_core::SCHEMA_VERSION, "{file} migrated");
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{file}");
    // The kept counts of each kind and status start as the cases are.
    let counted = |sql: &str| -> Vec<(String, String, i64)> {
        let mut st = c.prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        counted("SELECT kind, status, n FROM case_counts WHERE n > 0 ORDER BY 1, 2"),
        counted("SELECT kind, status, COUNT(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2"),
        "{file}: the register's counts"
    );
    let rows: i64 = c
        .query_row("SELECT COUNT(*) FROM history", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        rows as u64,
        entry["history_rows"].as_u64().unwrap(),
        "{file}: every history row kept"
    );
    let office: Vec<String> = c
        .prepare("SELECT action FROM history WHERE case_id IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        office,
        strings(&entry["office_history_actions"]),
        "{file}: office history"
    );
    drop(c);

    let admin = seat("管理员");
    let users = entry["users"].as_array().unwrap();
    if users.is_empty() {
        // A register from before accounts: the first run asks for the administrator.
        desk.create_first_admin(
            &admin,
            NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                password: "admin-pass-2026".into(),
                roles: vec![Role::Admin],
            },
        )
        .unwrap_or_else(|e| panic!("{file}: the administrator: {e}"));
    } else {
        desk.sign_in(
            &admin,
            SignIn {
                username: "admin".into(),
                password: "admin-pass-2026".into(),
            },
        )
        .unwrap_or_else(|e| panic!("{file}: the administrator signs in: {e}"));
        let mut got: Vec<String> = desk
            .list_users(&admin, ())
            .unwrap()
            .into_iter()
            .map(|u| u.username)
            .collect();
        let mut want: Vec<String> = users
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{file}: users");
    }
    // The audit chain holds, from the first row to the last.
    let audit = desk.verify_audit(&admin, None).unwrap();
    assert!(
        audit.intact,
        "{file}: chain broken at {:?} ({:?})",
        audit.first_broken, audit.problem
    );
    if version >= 6 {
        // From version 6 on no migration re-chains (7 adds columns, 8 a
        // counting table and its triggers, 9 two indexes, 10 a numbering
        // table and a column): the head a v6–v9 register wrote is still in
        // the chain at its place.
        let known = AuditHead {
            entries: entry["history_rows"].as_u64().unwrap(),
            last_hash: entry["head_hash"].as_str().unwrap().to_string(),
        };
        let r = desk.verify_audit(&admin, Some(known)).unwrap();
        assert!(
            r.intact,
            "{file}: the old head is still in the chain: {:?}",
            r.problem
        );
    }

    // The names that took part before accounts, given to one account.
    let handler = if users.is_empty() {
        desk.create_user(
            &admin,
            NewUser {
                username: "handler".into(),
                display_name: "经办人".into(),
                password: "handler-pass-2026".into(),
                roles: vec![Role::Clerk, Role::Inspector, Role::Reviewer, Role::Leader],
            },
        )
        .unwrap();
        let unmapped = desk.unmapped_participants(&admin, ()).unwrap();
        assert!(
            unmapped.iter().any(|u| u.name == "李娜"),
            "{file}: the clerk's name is reported: {unmapped:?}"
        );
        for u in unmapped {
            let id = desk
                .list_users(&admin, ())
                .unwrap()
                .into_iter()
                .find(|x| x.username == "handler")
                .unwrap()
                .id;
            desk.map_participant(
                &admin,
                MapName {
                    name: u.name,
                    user_id: id,
                },
            )
            .unwrap();
        }
        assert!(desk.unmapped_participants(&admin, ()).unwrap().is_empty());
        ("handler", "handler-pass-2026")
    } else {
        // The clerk's own account: matched to the name by migration 7 (v6),
        // or the account that registered the cases (v7–v9).
        ("lina", "lina-pass-2026")
    };
    let me = seat("clerk");
    desk.sign_in(
        &me,
        SignIn {
            username: handler.0.into(),
            password: handler.1.into(),
        },
    )
    .unwrap_or_else(|e| panic!("{file}: the handler signs in: {e}"));

    for case in entry["cases"].as_array().unwrap() {
        let id = case["id"].as_i64().unwrap();
        let number = case["number"].as_str().unwrap();
        let got = desk
            .get_case(&me, CaseId { case_id: id })
            .unwrap_or_else(|e| panic!("{file} case {id}: {e}"));
        assert_eq!(got.case.number, number, "{file}");
        assert!(!got.identity_masked, "{file} {number}: its handler sees it");
        assert_eq!(
            got.case.status.code(),
            case["status"].as_str().unwrap(),
            "{file} {number}"
        );
        assert_eq!(
            got.case.records.len() as u64,
            case["records"].as_u64().unwrap(),
            "{file} {number}: handling records, every one read back typed"
        );
        let actions: Vec<String> = got.case.history.iter().map(|h| h.action.clone()).collect();
        assert_eq!(
            actions,
            strings(&case["history_actions"]),
            "{file} {number}"
        );
        let code = case["query_code"].as_str().unwrap();
        if !code.is_empty() {
            let found = desk.find_by_query_code(&me, code.to_string()).unwrap();
            assert_eq!(
                found.number, number,
                "{file}: the query code still finds it"
            );
        }
    }

    let want_docs = entry["issued_documents"].as_array().unwrap();
    let mut got_docs = Vec::new();
    for case in entry["cases"].as_array().unwrap() {
        let id = case["id"].as_i64().unwrap();
        for d in desk.issued_documents(&me, CaseId { case_id: id }).unwrap() {
            // Reprinting checks the stored bytes against the stored hash.
            let again = desk
                .reprint_document(&me, CaseOp::new(id, DocId { doc_id: d.id }))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                again.pdf.0.starts_with(b"%PDF"),
                "{file}: document {}",
                d.id
            );
            got_docs.push((d.id, d.case_id, d.doc_type, d.sha256));
        }
    }
    let want_docs: Vec<(i64, i64, String, String)> = want_docs
        .iter()
        .map(|d| {
            (
                d["id"].as_i64().unwrap(),
                d["case_id"].as_i64().unwrap(),
                d["doc_type"].as_str().unwrap().to_string(),
                d["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got_docs, want_docs,
        "{file}: issued documents and their hashes"
    );

    let calendar = desk.get_calendar(&me, ()).unwrap();
    for year in entry["calendar_years"].as_array().unwrap() {
        let year = year.as_i64().unwrap() as i32;
        let arr = calendar
            .years
            .get(&year)
            .unwrap_or_else(|| panic!("{file}: calendar year {year} kept"));
        assert!(!arr.off.is_empty(), "{file}: {year}");
    }
}

#[test]
fn there_is_a_fixture_for_every_earlier_schema_version() {
    let versions: Vec<i64> = manifest()
        .iter()
        .map(|e| e["schema_version"].as_i64().unwrap())
        .collect();
    let every: Vec<i64> = (1..desk_core::SCHEMA_VERSION).collect();
    assert_eq!(versions, every);
}

#[test]
fn a_version_1_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[0]);
}

#[test]
fn a_version_2_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[1]);
}

#[test]
fn a_version_3_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[2]);
}

#[test]
fn a_version_4_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[3]);
}

#[test]
fn a_version_5_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[4]);
}

#[test]
fn a_version_6_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[5]);
}

#[test]
fn a_version_7_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[6]);
}

#[test]
fn a_version_8_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[7]);
}

#[test]
fn a_version_9_register_opens_with_everything_kept() {
    upgrade_keeps_everything(&manifest()[8]);
}
