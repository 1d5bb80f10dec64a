//! Writes cases into a register as fast as it can and prints each case number
//! after its transaction committed. The crash test kills it with SIGKILL.

use std::io::Write;
use std::sync::Arc;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: crash-writer REGISTER");
    let clock = Arc::new(desk_core::SystemClock);
    let mut reg = match desk_core::Register::open(std::path::Path::new(&path), clock) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("open: {e}");
            std::process::exit(2);
        }
    };
    if !reg.is_set_up().unwrap_or(false) {
        let setup = desk_core::register::SetupRequest {
            office_name: "崩溃测试单位".into(),
            preset: "enterprise".into(),
            ..Default::default()
        };
        if let Err(e) = reg.setup(&setup, "crash") {
            eprintln!("setup: {e}");
        }
    }
    let mut input = desk_tests::named_complaint();
    input.received_at = String::new();
    let out = std::io::stdout();
    loop {
        match reg.create_case(&input, "crash") {
            Ok(c) => {
                let mut lock = out.lock();
                let _ = writeln!(lock, "{}", c.number);
                let _ = lock.flush();
            }
            Err(e) => {
                eprintln!("write: {e}");
                std::process::exit(3);
            }
        }
    }
}
