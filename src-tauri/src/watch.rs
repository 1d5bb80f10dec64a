//! The register's upkeep while the app runs: deadline flags, the daily
//! backup, and a desktop notification when a case becomes due today or
//! overdue (once per case, deadline and state).

use tauri::Manager;

use crate::shell::Shell;

/// How often the watcher looks at the register.
const EVERY: std::time::Duration = std::time::Duration::from_secs(300);

pub fn start<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use tauri_plugin_notification::NotificationExt;
    std::thread::spawn(move || {
        let mut told = std::collections::HashSet::new();
        loop {
            let shell = app.state::<Shell>();
            if let Ok(desk) = shell.desk() {
                let _ = desk.raise_deadline_flags();
                let _ = desk.auto_backup();
                // The due board as the signed-in user may see it (nothing
                // when nobody is signed in at the window).
                let lang = desk.lang(&shell.caller);
                if let Ok(items) = desk.due_board(&shell.caller, ()) {
                    for item in items.iter().filter(|i| i.needs_notice()) {
                        let key = (
                            item.case_id,
                            item.deadline.code.clone(),
                            item.deadline.state,
                        );
                        if told.insert(key) {
                            let (title, body) = item.notice_text(lang);
                            // No notification service (a headless session) is not an error.
                            let _ = app.notification().builder().title(title).body(body).show();
                        }
                    }
                }
            }
            std::thread::sleep(EVERY);
        }
    });
}
