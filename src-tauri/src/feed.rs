//! The change feed of the window: what other seats (or this one) changed,
//! sent to the UI as the `desk-changes` event so lists and open cases
//! refresh without a reload; and `desk-connection` when the host is lost or
//! found again. Locally it watches the open register; as a seat it follows
//! the host's feed and reconnects by itself.

use std::time::Duration;

use serde_json::{json, Value};
use tauri::{Emitter, Manager};

use crate::shell::Shell;

pub fn start<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut seen: u64 = 0;
        let mut online = true;
        loop {
            let shell = app.state::<Shell>();
            if let Some(remote) = shell.remote() {
                let emitter = app.clone();
                let mut heard = false;
                let mut last = seen;
                let ended = remote
                    .follow_changes(seen, |v: Value| {
                        if let Some(s) = v["seq"].as_u64() {
                            last = s;
                        }
                        if !heard {
                            heard = true;
                            let _ = emitter.emit("desk-connection", json!({ "online": true }));
                        }
                        emitter.emit("desk-changes", v).is_ok()
                    })
                    .await;
                seen = last;
                let message = match ended {
                    Err(e) => e.message,
                    Ok(()) => "登记簿主机断开了连接，正在重新连接……".to_string(),
                };
                let _ = app.emit(
                    "desk-connection",
                    json!({ "online": false, "message": message }),
                );
                online = false;
                tokio::time::sleep(Duration::from_secs(1)).await;
            } else if let Ok(desk) = shell.desk() {
                if !online {
                    online = true;
                    let _ = app.emit("desk-connection", json!({ "online": true }));
                }
                let c = desk.changes_since(seen);
                if c.seq != seen {
                    seen = c.seq;
                    let _ = app.emit("desk-changes", c);
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            } else {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    });
}
