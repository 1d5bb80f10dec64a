//! Users, roles and sign-in: Argon2id passwords, one answer for every failed
//! sign-in, slowed retries, the idle lock, and each action allowed only to
//! its roles.

use desk_core::accounts::{NewUser, Role, UserUpdate};
use desk_core::handling::Action;
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

/// A register with an administrator and a clerk, signed in as nobody.
fn office_with_users() -> Fixture {
    let mut fx = fresh_register("enterprise");
    fx.register
        .create_user(&user("admin", "管理员", &[Role::Admin]), "setup")
        .expect("first user");
    fx.register
        .sign_in("admin", "admin-pass-2026")
        .expect("admin signs in");
    fx.register
        .create_user(&user("lina", "李娜", &[Role::Clerk]), "管理员")
        .expect("clerk");
    fx.register
        .create_user(&user("liu", "刘书记", &[Role::Leader]), "管理员")
        .expect("leader");
    fx.register.sign_out().expect("sign out");
    fx
}

#[test]
fn the_first_user_always_becomes_an_administrator() {
    let mut fx = fresh_register("enterprise");
    assert!(!fx.register.accounts_enabled().unwrap());
    let u = fx
        .register
        .create_user(&user("chen", "陈主任", &[Role::Leader]), "setup")
        .unwrap();
    assert!(u.has(Role::Admin) && u.has(Role::Leader));
    assert!(fx.register.accounts_enabled().unwrap());
}

#[test]
fn after_the_first_user_only_an_administrator_adds_users() {
    let mut fx = office_with_users();
    let err = fx
        .register
        .create_user(&user("x", "某人", &[Role::Clerk]), "?");
    assert_eq!(code_of(err), "not_signed_in");
    fx.register.sign_in("lina", "lina-pass-2026").unwrap();
    let err = fx
        .register
        .create_user(&user("x", "某人", &[Role::Clerk]), "李娜");
    assert_eq!(code_of(err), "forbidden");
}

#[test]
fn a_password_is_kept_only_as_an_argon2id_hash() {
    let fx = office_with_users();
    let hash: String = fx
        .register
        .connection()
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
    let mut fx = office_with_users();
    let wrong_password = fx.register.sign_in("lina", "not-her-password").unwrap_err();
    let unknown_name = fx.register.sign_in("nobody", "lina-pass-2026").unwrap_err();
    fx.register.sign_in("admin", "admin-pass-2026").unwrap();
    let lina = fx
        .register
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == "lina")
        .unwrap();
    fx.register
        .update_user(
            lina.id,
            &UserUpdate {
                display_name: "李娜".into(),
                roles: vec![Role::Clerk],
                active: false,
                password: String::new(),
            },
            "管理员",
        )
        .unwrap();
    fx.register.sign_out().unwrap();
    let disabled = fx.register.sign_in("lina", "lina-pass-2026").unwrap_err();
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
    let mut fx = office_with_users();
    for name in ["lina", "nobody"] {
        for _ in 0..3 {
            assert_eq!(
                code_of(fx.register.sign_in(name, "wrong")),
                "sign_in_failed"
            );
        }
        // The third failure costs 5 seconds: even the right password waits.
        let wait = fx.register.sign_in(name, "lina-pass-2026").unwrap_err();
        assert_eq!(wait.code(), "sign_in_wait");
        assert!(wait.message(desk_core::Lang::Zh).contains("5秒"));
    }
    fx.clock.advance_seconds(6);
    assert_eq!(
        code_of(fx.register.sign_in("lina", "wrong")),
        "sign_in_failed"
    );
    // The fourth failure costs 10 seconds.
    fx.clock.advance_seconds(6);
    assert_eq!(
        code_of(fx.register.sign_in("lina", "lina-pass-2026")),
        "sign_in_wait"
    );
    fx.clock.advance_seconds(5);
    fx.register.sign_in("lina", "lina-pass-2026").unwrap();
    assert_eq!(desk_core::accounts::wait_after(30), 15 * 60);
}

#[test]
fn the_session_locks_after_the_idle_time_and_unlocks_with_the_password() {
    let mut fx = office_with_users();
    fx.register.sign_in("lina", "lina-pass-2026").unwrap();
    fx.register.list_cases(&Default::default()).unwrap();
    fx.clock.advance_seconds(9 * 60);
    fx.register.list_cases(&Default::default()).unwrap();
    fx.clock.advance_seconds(9 * 60);
    // Each use restarts the 10 minutes: still open.
    fx.register.list_cases(&Default::default()).unwrap();
    fx.clock.advance_seconds(11 * 60);
    assert_eq!(
        code_of(fx.register.list_cases(&Default::default())),
        "session_locked"
    );
    assert!(fx.register.session_state().unwrap().locked);
    assert_eq!(code_of(fx.register.unlock("wrong")), "sign_in_failed");
    fx.register.unlock("lina-pass-2026").unwrap();
    fx.register.list_cases(&Default::default()).unwrap();
    assert_eq!(fx.register.current_user().unwrap().display_name, "李娜");
}

#[test]
fn each_workflow_action_is_allowed_only_to_its_roles() {
    let mut fx = office_with_users();
    fx.register.sign_in("liu", "liu-pass-2026").unwrap();
    let refused = fx
        .register
        .create_case(&named_complaint(), "刘书记")
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused.message(desk_core::Lang::Zh).contains("登记员"));
    fx.register.sign_out().unwrap();

    fx.register.sign_in("lina", "lina-pass-2026").unwrap();
    let id = fx
        .register
        .create_case(&named_complaint(), "李娜")
        .unwrap()
        .id;
    let accept = Action::Accept {
        comment: String::new(),
    };
    let refused = fx.register.act(id, &accept, "李娜").unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused
        .message(desk_core::Lang::En)
        .contains("only a reviewer (department head) or leader may"));
    assert_eq!(
        code_of(
            fx.register
                .update_settings(&fx.register.settings().unwrap(), "李娜")
        ),
        "forbidden"
    );
    assert_eq!(code_of(fx.register.verify_audit()), "forbidden");
    fx.register.sign_out().unwrap();

    fx.register.sign_in("liu", "liu-pass-2026").unwrap();
    fx.register.act(id, &accept, "刘书记").unwrap();
}

#[test]
fn only_a_leader_approves_rewards() {
    use desk_core::handling::Conclusion;
    let mut fx = office_with_users();
    fx.register.sign_in("admin", "admin-pass-2026").unwrap();
    fx.register
        .create_user(
            &user("wu", "吴督查", &[Role::Inspector, Role::Reviewer]),
            "管理员",
        )
        .unwrap();
    fx.register.sign_out().unwrap();
    fx.register.sign_in("lina", "lina-pass-2026").unwrap();
    let id = fx
        .register
        .create_case(&anonymous_report(), "李娜")
        .unwrap()
        .id;
    fx.register.sign_out().unwrap();
    fx.register.sign_in("wu", "wu-pass-2026").unwrap();
    fx.register
        .act(
            id,
            &Action::Accept {
                comment: String::new(),
            },
            "吴督查",
        )
        .unwrap();
    fx.register.act(id, &review(), "吴督查").unwrap();
    fx.register
        .act(
            id,
            &Action::StartInvestigation {
                comment: String::new(),
            },
            "吴督查",
        )
        .unwrap();
    fx.register
        .record_defence(
            id,
            &desk_core::handling::Defence {
                asked_on: "2026-11-24".into(),
                declined: true,
                statement: String::new(),
            },
            "吴督查",
        )
        .unwrap();
    fx.register
        .act(
            id,
            &Action::WriteFindings {
                conclusion: Conclusion::Substantiated,
                facts: "经核查属实。".into(),
                responsibility: String::new(),
                proposals: vec!["reward".into()],
                rectification_due: None,
                org_notice: false,
            },
            "吴督查",
        )
        .unwrap();
    let refused = fx
        .register
        .decide_reward(id, true, "同意", "吴督查")
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");
    assert!(refused.message(desk_core::Lang::Zh).contains("分管领导"));
}

#[test]
fn the_last_administrator_cannot_be_removed() {
    let mut fx = office_with_users();
    fx.register.sign_in("admin", "admin-pass-2026").unwrap();
    let admin = fx.register.current_user().unwrap().clone();
    let err = fx
        .register
        .update_user(
            admin.id,
            &UserUpdate {
                display_name: "管理员".into(),
                roles: vec![Role::Clerk],
                active: true,
                password: String::new(),
            },
            "管理员",
        )
        .unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn sign_ins_and_user_changes_are_in_the_audit_chain() {
    let mut fx = office_with_users();
    fx.register.sign_in("admin", "admin-pass-2026").unwrap();
    let _ = fx.register.sign_in("lina", "wrong");
    let actions: Vec<String> = fx
        .register
        .history(None)
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    for a in ["user_created", "signed_in", "signed_out", "sign_in_failed"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
    }
    assert!(
        desk_core::audit::verify(fx.register.connection())
            .unwrap()
            .intact
    );
}
