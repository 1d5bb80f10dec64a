//! Complaint Desk on the command line: the same core API as the app.
//!
//!     desk verify-audit --db FILE
//!     desk backup       --db FILE --to DIR
//!     desk restore      --db FILE --from BACKUP

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
    let mut reg = Register::open(&db, clock.clone())?;
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
            let b = reg.backup_to(&dir, "cli")?;
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
