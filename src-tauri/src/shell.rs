//! The shell's state: the register (once open — an encrypted one waits for
//! its passphrase), the window's seat, and the way every command runs: on a
//! blocking thread, its error turned into `{code, message}` in the seat's
//! language.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use desk_core::{Caller, Desk, DeskError, ErrorPayload, Lang, SystemClock};

pub struct Shell {
    pub path: PathBuf,
    desk: Mutex<Result<Arc<Desk>, DeskError>>,
    pub caller: Caller,
}

impl Shell {
    /// Opens the register at `path` (an error is kept to show, not a panic).
    pub fn open(path: PathBuf) -> Shell {
        let desk = Desk::open(&path, Arc::new(SystemClock)).map(Arc::new);
        Shell {
            path,
            desk: Mutex::new(desk),
            caller: Caller::local(),
        }
    }

    /// The open register, or why it is not open.
    pub fn desk(&self) -> Result<Arc<Desk>, ErrorPayload> {
        match &*self.desk.lock().unwrap_or_else(|p| p.into_inner()) {
            Ok(d) => Ok(d.clone()),
            Err(e) => Err(open_error(e, &self.path)),
        }
    }

    /// The last error of opening the register, if it is not open.
    pub fn open_failure(&self) -> Option<ErrorPayload> {
        match &*self.desk.lock().unwrap_or_else(|p| p.into_inner()) {
            Ok(_) => None,
            Err(e) => Some(open_error(e, &self.path)),
        }
    }

    /// Opens an encrypted register with its passphrase.
    pub fn open_with_passphrase(&self, passphrase: &str) -> Result<(), ErrorPayload> {
        let opened = Desk::open_with_passphrase(&self.path, Arc::new(SystemClock), passphrase);
        let mut slot = self.desk.lock().unwrap_or_else(|p| p.into_inner());
        match opened {
            Ok(d) => {
                *slot = Ok(Arc::new(d));
                Ok(())
            }
            Err(e) => Err(e.to_payload(Lang::default())),
        }
    }

    /// Runs `f` on a blocking thread with the window's seat (and the call's
    /// idempotency key).
    pub async fn run<T, F>(&self, key: Option<String>, f: F) -> Result<T, ErrorPayload>
    where
        T: Send + 'static,
        F: FnOnce(&Desk, &Caller) -> desk_core::Result<T> + Send + 'static,
    {
        let desk = self.desk()?;
        let caller = match key {
            Some(k) => self.caller.with_key(k),
            None => self.caller.clone(),
        };
        let lang = desk.lang(&caller);
        let joined = tauri::async_runtime::spawn_blocking(move || f(&desk, &caller)).await;
        match joined {
            Ok(r) => r.map_err(|e| e.to_payload(lang)),
            Err(e) => Err(DeskError::Internal(e.to_string()).to_payload(lang)),
        }
    }
}

fn open_error(e: &DeskError, path: &std::path::Path) -> ErrorPayload {
    let mut p = e.to_payload(Lang::default());
    if !p.message.contains(&path.display().to_string()) {
        p.message = format!("{}（{}）", p.message, path.display());
    }
    p
}
