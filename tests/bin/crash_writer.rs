//! Writes cases into a register as fast as it can and prints each case number
//! after its transaction committed. The crash test kills it with SIGKILL.
//! On a new register it sets up the office and its administrator first; on
//! an existing one it signs the administrator in.

use std::io::Write;
use std::sync::Arc;

use desk_core::api::types::*;
use desk_core::{Caller, Desk};

fn fail(what: &str, e: desk_core::DeskError) -> ! {
    eprintln!("{what}: {e}");
    std::process::exit(3);
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: crash-writer REGISTER");
    let clock = Arc::new(desk_core::SystemClock);
    let desk = match Desk::open(std::path::Path::new(&path), clock) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("open: {e}");
            std::process::exit(2);
        }
    };
    let me = Caller::local();
    let info = desk
        .app_info(&me, ())
        .unwrap_or_else(|e| fail("app info", e));
    if !info.set_up {
        let setup = SetupRequest {
            office_name: "崩溃测试单位".into(),
            preset: "enterprise".into(),
            ..Default::default()
        };
        desk.setup_office(&me, setup)
            .unwrap_or_else(|e| fail("setup", e));
    }
    let admin = NewUser {
        username: "admin".into(),
        display_name: "管理员".into(),
        password: desk_tests::PASSWORD.into(),
        roles: Role::ALL.to_vec(),
    };
    let signed_in = if desk.app_info(&me, ()).map(|i| i.accounts).unwrap_or(false) {
        desk.sign_in(
            &me,
            SignIn {
                username: admin.username.clone(),
                password: admin.password.clone(),
            },
        )
    } else {
        desk.create_first_admin(&me, admin)
    };
    signed_in.unwrap_or_else(|e| fail("sign in", e));
    let mut input = desk_tests::named_complaint();
    input.received_at = String::new();
    let out = std::io::stdout();
    loop {
        match desk.register_case(&me, input.clone()) {
            Ok(c) => {
                let mut lock = out.lock();
                let _ = writeln!(lock, "{}", c.case.number);
                let _ = lock.flush();
            }
            Err(e) => fail("write", e),
        }
    }
}
