//! Complaint Desk on the command line: the same core API as the app.
//!
//!     desk verify-audit --db FILE
//!     desk backup       --db FILE --to DIR
//!     desk restore      --db FILE --from BACKUP
//!
//! An encrypted register takes its passphrase from COMPLAINT_DESK_PASSPHRASE.
//! On a register with user accounts, backup and restore need an
//! administrator: `--user NAME` with the password in COMPLAINT_DESK_PASSWORD
//! (never on the command line, where other users could read it).

use std::path::PathBuf;
use std::sync::Arc;

use desk_core::{Lang, Register, SystemClock};

fn arg(args: &[String], name: &str) -> Option<PathBuf> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
}

fn run(args: &[String]) -> Result<String, desk_core::DeskError> {
    let usage = || {
        desk_core::DeskError::Internal(
        "usage: desk verify-audit --db FILE | backup --db FILE --to DIR | restore --db FILE --from BACKUP".into(),
    )
    };
    let cmd = args.get(1).ok_or_else(usage)?;
    let db = arg(args, "--db").ok_or_else(usage)?;
    let clock = Arc::new(SystemClock);
    let mut reg = match std::env::var("COMPLAINT_DESK_PASSPHRASE") {
        Ok(p) if !p.is_empty() => Register::open_with_passphrase(&db, clock.clone(), &p)?,
        _ => Register::open(&db, clock.clone())?,
    };
    if let Some(user) = arg(args, "--user") {
        let password = std::env::var("COMPLAINT_DESK_PASSWORD").unwrap_or_default();
        reg.sign_in(&user.to_string_lossy(), &password)?;
    }
    match cmd.as_str() {
        "verify-audit" => {
            let r = desk_core::audit::verify(reg.connection())?;
            Ok(match r.first_broken {
                None => format!("audit trail intact: {} rows", r.rows),
                Some(id) => format!(
                    "audit trail BROKEN at row {id} ({}); rows checked: {}",
                    r.problem.unwrap_or_default(),
                    r.rows
                ),
            })
        }
        "backup" => {
            let dir = arg(args, "--to").ok_or_else(usage)?;
            let actor = reg.actor_name("cli");
            let b = reg.backup_to(&dir, &actor)?;
            Ok(format!(
                "backup written: {} ({} bytes, {} attachments)",
                b.file, b.bytes, b.attachments
            ))
        }
        "restore" => {
            let from = arg(args, "--from").ok_or_else(usage)?;
            let (_, kept) = reg.restore_from(&from, clock)?;
            Ok(format!(
                "restored from {}; the replaced register is kept at {}",
                from.display(),
                kept.display()
            ))
        }
        _ => Err(usage()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match run(&args) {
        Ok(msg) if msg.contains("BROKEN") => {
            println!("{msg}");
            std::process::exit(1);
        }
        Ok(msg) => println!("{msg}"),
        Err(e) => {
            eprintln!("{}", e.message(Lang::En));
            let broken = matches!(&e, desk_core::DeskError::Internal(_));
            std::process::exit(if broken { 2 } else { 1 });
        }
    }
}
