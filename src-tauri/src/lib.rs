//! The thin Tauri shell: finds the register (this computer's file, or the
//! office's host), registers the commands (generated from the core's
//! operation list), shares the register on the network when asked, sends
//! the UI what changed and runs the register's upkeep in the background.
//! Nothing about cases lives here.

mod commands;
mod feed;
mod shell;
mod updater;
mod watch;

use std::path::PathBuf;

use tauri::Manager;

pub use shell::Shell;

/// Environment variable naming the register file (the `--db` flag wins).
pub const DB_ENV: &str = "COMPLAINT_DESK_DB";

/// `--db PATH` or `--db=PATH` on the command line, else the environment.
pub fn db_path_from_args(args: &[String]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    std::env::var_os(DB_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

pub fn run() {
    let args: Vec<String> = std::env::args().collect();
    let explicit = db_path_from_args(&args);
    commands::platform::clear_previews();
    let app = tauri::Builder::default()
        // A second start brings the running window forward instead of
        // opening the register twice.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .invoke_handler(commands::handler())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        // Only an administrator installs updates.
        .plugin(updater::init(|app| {
            let shell = app.state::<Shell>();
            let desk = shell.desk()?;
            let lang = desk.lang(&shell.caller);
            let state = desk
                .session_state(&shell.caller, ())
                .map_err(|e| e.to_payload(lang))?;
            if state.may.iter().any(|op| op == "backup_now") {
                Ok(lang)
            } else {
                Err(desk_core::DeskError::refused(
                    "forbidden",
                    "只有系统管理员可以更新程序。",
                    "Only the administrator may update the program.",
                )
                .to_payload(lang))
            }
        }))
        .setup(move |app| {
            let given = explicit.is_some();
            let path = match explicit {
                Some(p) => p,
                None => app.path().app_data_dir()?.join("register.sqlite3"),
            };
            let config = app.path().app_config_dir()?.join("connection.json");
            let shell = Shell::start(path, given, config);
            let share = match shell.connection() {
                shell::Connection::Local { share } => share,
                _ => None,
            };
            app.manage(shell);
            if let Some(listen) = share {
                // Shared before: shared again (the administrator's choice).
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(async move {
                    let shell = handle.state::<Shell>();
                    if let Err(e) = shell.share(&listen, false).await {
                        eprintln!("sharing on {listen} did not start: {e}");
                    }
                });
            }
            watch::start(app.handle().clone());
            feed::start(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                commands::platform::clear_previews();
            }
        }),
        Err(e) => {
            eprintln!("Complaint Desk could not start: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_db_flag_names_the_register_file_in_either_spelling() {
        assert_eq!(
            db_path_from_args(&args(&["app", "--db", "/tmp/a.sqlite3"])),
            Some(PathBuf::from("/tmp/a.sqlite3"))
        );
        assert_eq!(
            db_path_from_args(&args(&["app", "--db=/tmp/b.sqlite3"])),
            Some(PathBuf::from("/tmp/b.sqlite3"))
        );
    }
}
