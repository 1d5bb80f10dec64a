//! Complaint Desk on the command line: the same core API as the app.
//!
//!     desk verify-audit --db FILE [--user NAME]
//!     desk backup       --db FILE --user NAME
//!     desk restore      --db FILE --user NAME --from BACKUP-FILE-NAME
//!     desk slip         --db FILE --user NAME --number TS-2026-000001 --out FILE.pdf
//!     desk gen          [--check]   (the TypeScript client and the capability file)
//!     desk serve        --db FILE [--listen 0.0.0.0:8443] [--name HOST-NAME]…
//!                       (the register for the office network: browsers and
//!                       desktop seats connect over HTTPS)
//!
//! An encrypted register takes its passphrase from COMPLAINT_DESK_PASSPHRASE.
//! Operations on the register sign in as `--user NAME` with the password in
//! COMPLAINT_DESK_PASSWORD (never on the command line, where other users
//! could read it).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::api::types::*;
use desk_core::{Caller, Desk, DeskError, Lang, SystemClock};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn usage() -> DeskError {
    DeskError::Internal(
        "usage: desk verify-audit --db FILE [--user NAME] | backup --db FILE --user NAME | restore --db FILE --user NAME --from BACKUP | slip --db FILE --user NAME --number NUMBER --out FILE.pdf | gen [--check] | serve --db FILE [--listen ADDR:PORT] [--name HOST]".into(),
    )
}

/// The workspace root (this file is src-tauri/host/src/bin/desk.rs).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// Writes (or with `check`, compares) the generated files.
fn gen(check: bool) -> Result<String, DeskError> {
    let files = [
        (
            root().join("ui/src/api/generated.ts"),
            desk_core::api::typescript::client(),
        ),
        (
            root().join("src-tauri/capabilities/default.json"),
            desk_core::api::typescript::capability_file(),
        ),
    ];
    let mut stale = Vec::new();
    for (path, text) in &files {
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        if on_disk != *text {
            if check {
                stale.push(path.display().to_string());
            } else {
                std::fs::write(path, text).map_err(|e| DeskError::io(path, e))?;
            }
        }
    }
    if check && !stale.is_empty() {
        return Err(DeskError::Internal(format!(
            "stale generated files (run `desk gen`): {}",
            stale.join(", ")
        )));
    }
    Ok(format!(
        "generated files are up to date ({} files)",
        files.len()
    ))
}

fn run(args: &[String]) -> Result<String, DeskError> {
    let cmd = args.get(1).ok_or_else(usage)?;
    if cmd == "gen" {
        return gen(args.iter().any(|a| a == "--check"));
    }
    let db = PathBuf::from(arg(args, "--db").ok_or_else(usage)?);
    let clock = Arc::new(SystemClock);
    let desk = match std::env::var("COMPLAINT_DESK_PASSPHRASE") {
        Ok(p) if !p.is_empty() => Desk::open_with_passphrase(&db, clock, &p)?,
        _ => Desk::open(&db, clock)?,
    };
    if cmd == "serve" {
        return serve(desk, &db, args);
    }
    let me = Caller {
        seat: "cli".into(),
        address: "命令行".into(),
        computer: Caller::local().computer,
        idempotency_key: None,
    };
    if let Some(user) = arg(args, "--user") {
        let password = std::env::var("COMPLAINT_DESK_PASSWORD").unwrap_or_default();
        desk.sign_in(
            &me,
            SignIn {
                username: user,
                password,
            },
        )?;
    }
    match cmd.as_str() {
        "verify-audit" => {
            let r = desk.verify_audit(&me, None)?;
            Ok(match r.first_broken {
                None => format!(
                    "audit trail intact: {} rows, head {}",
                    r.rows, r.head.last_hash
                ),
                Some(id) => format!(
                    "audit trail BROKEN at row {id} ({}); rows checked: {}",
                    r.problem.unwrap_or_default(),
                    r.rows
                ),
            })
        }
        "backup" => {
            let b = desk.backup_now(&me, ())?;
            Ok(format!(
                "backup written: {} ({} bytes, {} attachments; audit head {} entries, {})",
                b.file, b.bytes, b.attachments, b.audit.entries, b.audit.last_hash
            ))
        }
        "restore" => {
            let from = arg(args, "--from").ok_or_else(usage)?;
            let name = Path::new(&from)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(from);
            desk.restore_backup(&me, RestoreInput { name: name.clone() })?;
            Ok(format!(
                "restored from {name}; the replaced register is kept beside it"
            ))
        }
        "slip" => {
            // The registration slip, issued (and kept with the case) as the app does.
            let number = arg(args, "--number").ok_or_else(usage)?;
            let out = PathBuf::from(arg(args, "--out").ok_or_else(usage)?);
            let page = desk.list_cases(
                &me,
                ListQuery {
                    text: number.clone(),
                    page_size: 5,
                    ..Default::default()
                },
            )?;
            let id = page
                .items
                .iter()
                .find(|c| c.number == number)
                .map(|c| c.id)
                .ok_or_else(|| DeskError::NotFound {
                    what: "case",
                    key: number.clone(),
                })?;
            let issued = desk.issue_document(
                &me,
                desk_core::CaseOp::new(
                    id,
                    IssueInput {
                        doc_type: "slip".into(),
                        ..Default::default()
                    },
                ),
            )?;
            std::fs::write(&out, &issued.pdf.0).map_err(|e| DeskError::io(&out, e))?;
            Ok(format!(
                "slip written: {} ({} bytes)",
                out.display(),
                issued.pdf.0.len()
            ))
        }
        _ => Err(usage()),
    }
}

/// Serves the register until stopped (Ctrl-C or SIGTERM).
fn serve(desk: Desk, db: &Path, args: &[String]) -> Result<String, DeskError> {
    let listen = arg(args, "--listen").unwrap_or_else(|| "0.0.0.0:8443".into());
    let listen: std::net::SocketAddr = listen
        .parse()
        .map_err(|_| DeskError::Internal(format!("--listen {listen}: not an address:port")))?;
    let mut names: Vec<String> = args
        .windows(2)
        .filter(|w| w[0] == "--name")
        .map(|w| w[1].clone())
        .collect();
    names.extend(desk_host::default_names());
    let cfg = desk_host::HostConfig {
        listen,
        cert_dir: desk_host::cert_dir_for(db),
        names,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| DeskError::Internal(e.to_string()))?;
    rt.block_on(async move {
        let desk = Arc::new(desk);
        let host = desk_host::Host::start(desk.clone(), cfg)
            .await
            .map_err(DeskError::Internal)?;
        tokio::spawn(desk_host::upkeep(desk));
        // The first line is read by scripts (and tests): the address.
        println!("serving https://{}", host.addr);
        for a in desk_host::seat_addresses(host.addr) {
            println!("seats connect to: https://{a}");
        }
        println!("pairing code: {}", host.pairing_code);
        println!("certificate fingerprint (SHA-256): {}", host.fingerprint);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        desk_host::shutdown_signal().await;
        host.stop().await;
        Ok("stopped".to_string())
    })
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
            let broken = matches!(&e, DeskError::Internal(_));
            std::process::exit(if broken { 2 } else { 1 });
        }
    }
}
