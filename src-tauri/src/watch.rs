//! The register's upkeep while the app runs: deadline flags, the daily
//! backup, and a desktop notification when a case becomes due today or
//! overdue (once per case, deadline and state).

use tauri::Manager;

use crate::shell::Shell;

/// How often the watcher looks at the register.
const EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// At most this many notifications at once; more become one that counts them.
const MAX_NOTICES: usize = 3;

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
                    let new: Vec<_> = items
                        .iter()
                        .filter(|i| i.needs_notice())
                        .filter(|item| {
                            told.insert((
                                item.case_id,
                                item.deadline.code.clone(),
                                item.deadline.state,
                            ))
                        })
                        .collect();
                    // A few cases each get a notification; many (a register
                    // just imported, the first start after a holiday) one.
                    let notes: Vec<(String, String)> = if new.len() <= MAX_NOTICES {
                        new.iter().map(|item| item.notice_text(lang)).collect()
                    } else {
                        vec![(
                            lang.pick(
                                format!("{} 件案件已逾期或今日到期", new.len()),
                                format!("{} cases are overdue or due today", new.len()),
                            ),
                            lang.pick(
                                "请打开“待办期限”查看。".to_string(),
                                "Open the due board to see them.".to_string(),
                            ),
                        )]
                    };
                    for (title, body) in notes {
                        // No notification service (a headless session) is not an error.
                        let _ = app.notification().builder().title(title).body(body).show();
                    }
                }
            }
            std::thread::sleep(EVERY);
        }
    });
}
