//! Users, roles and sign-in: Argon2id passwords, one answer for every failed
//! sign-in, slowed retries, the idle lock, and each operation allowed only
//! to its roles.

use desk_core::api::types::*;
use desk_core::{Caller, CaseOp, Desk};
use desk_tests::*;

fn user(username: &str, name: &str, roles: &[Role]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: name.into(),
        password: format!("{username}-pass-2026"),
        roles: roles.to_vec(),
    }
}

fn code_of<T: std::fmt::Debug>(r: desk_core::Result<T>) -> String {
    r.expect_err("should be refused").code().to_string()
}

fn sign_in(
    fx: &Fixture,
    at: &Caller,
    username: &str,
    password: &str,
) -> desk_core::Result<SessionState> {
    fx.desk.sign_in(
        at,
        SignIn {
            username: username.into(),
            password: password.into(),
        },
    )
}

/// A register with its administrator, a clerk (李娜, "lina") and a leader
/// (刘书记, "liu"); the two are not signed in.
fn office_with_users() -> Fixture {
    let fx = fresh_register("enterprise");
    fx.desk
        .create_user(&fx.admin, user("lina", "李娜", &[Role::Clerk]))
        .expect("clerk");
    fx.desk
        .create_user(&fx.admin, user("liu", "刘书记", &[Role::Leader]))
        .expect("leader");
    fx
}

fn user_id(fx: &Fixture, username: &str) -> i64 {
    fx.desk
        .list_users(&fx.admin, ())
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap()
        .id
}

fn list(fx: &Fixture, who: &Caller) -> desk_core::Result<Page<CaseSummary>> {
    fx.desk.list_cases(who, ListQuery::default())
}

#[test]
fn the_first_user_always_becomes_an_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(desk_core::FixedClock::parse(NOW));
    let desk = Desk::open(&dir.path().join("r.sqlite3"), clock).unwrap();
    let here = seat("陈主任");
    desk.setup_office(
        &here,
        SetupRequest {
            office_name: "华东示范有限公司".into(),
            preset: "enterprise".into(),
            lang: None,
            address: String::new(),
            phone: String::new(),
        },
    )
    .unwrap();
    assert!(!desk.app_info(&here, ()).unwrap().accounts);
    let state = desk
        .create_first_admin(&here, user("chen", "陈主任", &[Role::Leader]))
        .unwrap();
    let u = state.user.expect("signed in at once");
    assert!(u.has(Role::Admin) && u.has(Role::Leader));
    assert!(desk.app_info(&here, ()).unwrap().accounts);
}

#[test]
fn after_the_first_user_only_an_administrator_adds_users() {
    let fx = office_with_users();
    let nobody = seat("某人");
    let err = fx
        .desk
        .create_user(&nobody, user("x", "某人", &[Role::Clerk]));
    assert_eq!(code_of(err), "not_signed_in");
    let err = fx
        .desk
        .create_first_admin(&nobody, user("x", "某人", &[Role::Clerk]));
    assert_eq!(code_of(err), "accounts_exist", "first-run setup is over");
    let lina = seat("李娜");
    sign_in(&fx, &lina, "lina", "lina-pass-2026").unwrap();
    let err = fx
        .desk
        .create_user(&lina, user("x", "某人", &[Role::Clerk]));
    assert_eq!(code_of(err), "forbidden");
}

#[test]
fn a_password_is_kept_only_as_an_argon2id_hash() {
    let fx = office_with_users();
    let hash: String = inspect(&fx)
        .query_row(
            "SELECT password_hash FROM users WHERE username = 'lina'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("lina-pass-2026"));
}

#[test]
fn a_wrong_password_an_unknown_name_and_a_disabled_user_get_the_same_answer() {
    let fx = office_with_users();
    let here = seat("李娜");
    let wrong_password = sign_in(&fx, &here, "lina", "not-her-password").unwrap_err();
    let unknown_name = sign_in(&fx, &here, "nobody", "lina-pass-2026").unwrap_err();
    fx.desk
        .update_user(
            &fx.admin,
            UserUpdate {
                id: user_id(&fx, "lina"),
                display_name: "李娜".into(),
                roles: vec![Role::Clerk],
                active: false,
                password: String::new(),
            },
        )
        .unwrap();
    let disabled = sign_in(&fx, &here, "lina", "lina-pass-2026").unwrap_err();
    for e in [&wrong_password, &unknown_name, &disabled] {
        assert_eq!(e.code(), "sign_in_failed");
        assert_eq!(
            e.message(desk_core::Lang::Zh),
            wrong_password.message(desk_core::Lang::Zh)
        );
        assert_eq!(
            e.message(desk_core::Lang::En),
            wrong_password.message(desk_core::Lang::En)
        );
    }
}

#[test]
fn repeated_failures_make_each_next_attempt_wait_longer_even_for_unknown_names() {
    let fx = office_with_users();
    // Every attempt from a seat of its own (its own address), so only the
    // name is slowed down.
    let mut n = 0;
    let mut attempt = |name: &str, password: &str| {
        n += 1;
        sign_in(&fx, &seat(&format!("尝试{n}")), name, password)
    };
    for name in ["lina", "nobody"] {
        for _ in 0..3 {
            assert_eq!(code_of(attempt(name, "wrong")), "sign_in_failed");
        }
        // The third failure costs 5 seconds: even the right password waits.
        let wait = attempt(name, "lina-pass-2026").unwrap_err();
        assert_eq!(wait.code(), "sign_in_wait");
        assert!(wait.message(desk_core::Lang::Zh).contains("5秒"));
    }
    fx.clock.advance_seconds(6);
    assert_eq!(code_of(attempt("lina", "wrong")), "sign_in_failed");
    // The fourth failure costs 10 seconds.
    fx.clock.advance_seconds(6);
    assert_eq!(code_of(attempt("lina", "lina-pass-2026")), "sign_in_wait");
    fx.clock.advance_seconds(5);
    attempt("lina", "lina-pass-2026").unwrap();
    // The wait grows to a quarter of an hour and no further.
    for _ in 0..30 {
        fx.clock.advance_seconds(15 * 60 + 1);
        assert_eq!(code_of(attempt("nobody", "wrong")), "sign_in_failed");
    }
    let wait = attempt("nobody", "wrong").unwrap_err();
    assert!(
        wait.message(desk_core::Lang::Zh).contains("900秒"),
        "{}",
        wait.message(desk_core::Lang::Zh)
    );
}

#[test]
fn repeated_failures_from_one_address_slow_down_every_name_tried_there() {
    let fx = office_with_users();
    let here = seat("公用电脑");
    for name in ["a", "b", "c"] {
        assert_eq!(
            code_of(sign_in(&fx, &here, name, "wrong")),
            "sign_in_failed"
        );
    }
    let wait = sign_in(&fx, &here, "lina", "lina-pass-2026").unwrap_err();
    assert_eq!(wait.code(), "sign_in_wait");
    // From another address the same user signs in at once.
    sign_in(&fx, &seat("李娜"), "lina", "lina-pass-2026").unwrap();
}

#[test]
fn the_session_locks_after_the_idle_time_and_unlocks_with_the_password() {
    let fx = office_with_users();
    let lina = seat("李娜");
    sign_in(&fx, &lina, "lina", "lina-pass-2026").unwrap();
    list(&fx, &lina).unwrap();
    fx.clock.advance_seconds(9 * 60);
    list(&fx, &lina).unwrap();
    fx.clock.advance_seconds(9 * 60);
    // Each use restarts the 10 minutes: still open.
    list(&fx, &lina).unwrap();
    fx.clock.advance_seconds(11 * 60);
    assert_eq!(code_of(list(&fx, &lina)), "session_locked");
    assert!(fx.desk.session_state(&lina, ()).unwrap().locked);
    let unlock = |password: &str| {
        fx.desk.unlock_session(
            &lina,
            Unlock {
                password: password.into(),
            },
        )
    };
    assert_eq!(code_of(unlock("wrong")), "sign_in_failed");
    unlock("lina-pass-2026").unwrap();
    list(&fx, &lina).unwrap();
    let state = fx.desk.session_state(&lina, ()).unwrap();
    assert_eq!(state.user.unwrap().display_name, "李娜");
}

#[test]
fn each_workflow_action_is_allowed_only_to_its_roles() {
    let fx = office_with_users();
    let liu = seat("刘书记");
    let lina = seat("李娜");
    sign_in(&fx, &liu, "liu", "liu-pass-2026").unwrap();
    sign_in(&fx, &lina, "lina", "lina-pass-2026").unwrap();
    let refused = fx.desk.register_case(&liu, named_complaint()).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused.message(desk_core::Lang::Zh).contains("登记员"));

    let id = fx
        .desk
        .register_case(&lina, named_complaint())
        .unwrap()
        .case
        .id;
    let accept = || CaseOp::new(id, Comment::default());
    let refused = fx.desk.accept_case(&lina, accept()).unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused
        .message(desk_core::Lang::En)
        .contains("only a reviewer (department head) or leader may"));
    let settings = fx.desk.get_settings(&fx.admin, ()).unwrap();
    assert_eq!(
        code_of(fx.desk.update_settings(&lina, settings)),
        "forbidden"
    );
    assert_eq!(code_of(fx.desk.verify_audit(&lina, None)), "forbidden");

    fx.desk.accept_case(&liu, accept()).unwrap();
}

#[test]
fn only_a_leader_approves_rewards() {
    let fx = office_with_users();
    let wu_id = fx
        .desk
        .create_user(
            &fx.admin,
            user("wu", "吴督查", &[Role::Inspector, Role::Reviewer]),
        )
        .unwrap()
        .id;
    let lina = seat("李娜");
    let wu = seat("吴督查");
    sign_in(&fx, &lina, "lina", "lina-pass-2026").unwrap();
    sign_in(&fx, &wu, "wu", "wu-pass-2026").unwrap();
    let id = fx
        .desk
        .register_case(&lina, anonymous_report())
        .unwrap()
        .case
        .id;
    let d = &fx.desk;
    d.accept_case(&wu, CaseOp::new(id, Comment::default()))
        .unwrap();
    d.review_case(&wu, CaseOp::new(id, review(wu_id))).unwrap();
    d.start_investigation(&wu, CaseOp::new(id, Comment::default()))
        .unwrap();
    d.record_defence(
        &wu,
        CaseOp::new(
            id,
            Defence {
                asked_on: "2026-11-24".into(),
                declined: true,
                statement: String::new(),
            },
        ),
    )
    .unwrap();
    d.write_findings(
        &wu,
        CaseOp::new(
            id,
            Findings {
                conclusion: Conclusion::Substantiated,
                facts: "经核查属实。".into(),
                responsibility: String::new(),
                proposals: vec!["reward".into()],
                rectification_due: None,
                org_notice: false,
            },
        ),
    )
    .unwrap();
    let refused = d
        .decide_reward(
            &wu,
            CaseOp::new(
                id,
                RewardDecision {
                    approve: true,
                    comment: "同意".into(),
                },
            ),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused.message(desk_core::Lang::Zh).contains("分管领导"));
}

#[test]
fn the_last_administrator_cannot_be_removed() {
    let fx = office_with_users();
    let err = fx
        .desk
        .update_user(
            &fx.admin,
            UserUpdate {
                id: user_id(&fx, "admin"),
                display_name: "管理员".into(),
                roles: vec![Role::Clerk],
                active: true,
                password: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn sign_ins_and_user_changes_are_in_the_audit_chain() {
    let fx = office_with_users();
    let lina = seat("李娜");
    sign_in(&fx, &lina, "lina", "lina-pass-2026").unwrap();
    fx.desk.sign_out(&lina, ()).unwrap();
    let _ = sign_in(&fx, &lina, "lina", "wrong");
    let actions: Vec<String> = audit_trail(&inspect(&fx))
        .into_iter()
        .map(|h| h.action)
        .collect();
    for a in ["user_created", "signed_in", "signed_out", "sign_in_failed"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
    }
    assert!(audit_report(&fx).intact);
}
