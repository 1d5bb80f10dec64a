//! The operation list: every operation of the register, declared once with
//! its input, its output, what it requires of the caller and its handler.
//! From this one list come the methods of [`Desk`], the JSON dispatcher
//! (`call_json`) the desktop shell and the HTTP host use, the Tauri commands
//! and the capability file (through [`crate::with_operations`]), and the
//! TypeScript client (`typescript.rs`).
//!
//! Access, in brackets: `public` (no session), `first_run` (only before any
//! user exists), `signed_in`, `perm P` (signed in and holding P), `case P S`
//! (holding P and standing to the case as S: `Any` or `Participant`; a
//! recused handler is refused either way). Case operations take a
//! `CaseOp` (or another `CaseBound` input) and are checked in the write
//! transaction.

use super::{
    accountability, accounts, audit, backup, cases, documents, encryption, handling, privacy,
    repeats, report, rewards, settings, sheets, stats, types, Caller, CaseBound, CaseRef, Ctx,
    Desk,
};
use crate::domain::roles::{Access, CaseScope, Perm};
use crate::error::{DeskError, Result};

include!("ops_list.rs");

/// One operation as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpSpec {
    pub name: &'static str,
    pub access: Access,
    pub doc: &'static str,
}

/// What the access tokens of the list mean.
macro_rules! access {
    ([public]) => {
        Access::Public
    };
    ([first_run]) => {
        Access::FirstRun
    };
    ([signed_in]) => {
        Access::SignedIn
    };
    ([perm $p:ident]) => {
        Access::Perm(Perm::$p)
    };
    ([case $p:ident $s:ident]) => {
        Access::Case(Perm::$p, CaseScope::$s)
    };
}

/// The case a case operation acts on (None for the others).
macro_rules! case_of {
    ([case $($t:tt)*], $input:expr) => {
        Some(CaseBound::case_ref(&$input))
    };
    ([$($t:tt)*], $input:expr) => {
        None::<CaseRef>
    };
}

macro_rules! define_operations {
    ($( $(#[doc = $doc:literal])* $name:ident ( $in:ty ) -> $out:ty [ $($access:tt)+ ] => $($handler:ident)::+ ; )*) => {
        /// Every operation, in the order of the list.
        pub const OPERATIONS: &[OpSpec] = &[
            $( OpSpec {
                name: stringify!($name),
                access: access!([$($access)+]),
                doc: concat!($($doc, "\n",)* ""),
            }, )*
        ];

        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        #[repr(usize)]
        enum Op { $( $name, )* }

        impl Desk {
            $(
                $(#[doc = $doc])*
                pub fn $name(&self, caller: &Caller, input: $in) -> Result<$out> {
                    let op = &OPERATIONS[Op::$name as usize];
                    let viewer = self.enter(caller, op.access)?;
                    let case = case_of!([$($access)+], input);
                    if let (Some(c), Some(scope), Some(v)) = (case, op.access.scope(), viewer.as_ref()) {
                        // Refused before the input is even looked at; the
                        // write path checks again inside its transaction.
                        self.check_standing(v, scope, c)?;
                    }
                    let ctx = Ctx { desk: self, caller, viewer, op, case };
                    $($handler)::+(&ctx, input)
                }
            )*

            /// Runs the operation `name` with its input as JSON and returns
            /// its output as JSON (the desktop shell and the HTTP host call
            /// this). A write repeated with the same idempotency key returns
            /// the first answer without doing the work again.
            pub fn call_json(
                &self,
                caller: &Caller,
                name: &str,
                input: serde_json::Value,
            ) -> Result<serde_json::Value> {
                let bad_input = |e: serde_json::Error| DeskError::Validation(vec![
                    crate::error::FieldError::new(
                        "input",
                        "bad_input",
                        format!("请求的数据格式不正确：{e}"),
                        format!("The request's data is not in the expected form: {e}"),
                    ),
                ]);
                KEY_TAKEN.with(|t| t.set(false));
                let out = match name {
                    $(
                        stringify!($name) => {
                            let input: $in = serde_json::from_value(input).map_err(bad_input)?;
                            self.$name(caller, input).and_then(|out| {
                                serde_json::to_value(out).map_err(|e| DeskError::Internal(e.to_string()))
                            })
                        }
                    )*
                    other => Err(DeskError::NotFound { what: "operation", key: other.to_string() }),
                };
                match out {
                    Err(DeskError::AlreadyDone { result }) if !result.is_empty() => {
                        serde_json::from_str(&result).map_err(|e| DeskError::Internal(e.to_string()))
                    }
                    Ok(value) => {
                        // Only a write that took the key has an answer to
                        // keep (the UI sends a key with every call, reads
                        // too; they must not queue for the writer).
                        if KEY_TAKEN.with(|t| t.replace(false)) {
                            remember_result(self, caller, name, &value)?;
                        }
                        Ok(value)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    };
}

with_operations!(define_operations);

thread_local! {
    /// Set when the write path stored this call's idempotency key (the
    /// call runs on one thread from dispatch to answer).
    pub(crate) static KEY_TAKEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps a write's answer under its idempotency key (the key itself was
/// stored in the write's transaction; the answer goes in with the next).
fn remember_result(
    desk: &Desk,
    caller: &Caller,
    name: &str,
    value: &serde_json::Value,
) -> Result<()> {
    let Some(key) = caller
        .idempotency_key
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    else {
        return Ok(());
    };
    desk.store().remember_answer(key, name, value.to_string());
    Ok(())
}

/// The declaration of an operation by name.
pub fn spec(name: &str) -> Option<&'static OpSpec> {
    OPERATIONS.iter().find(|o| o.name == name)
}

impl Desk {
    /// Refuses a viewer whose standing to the case the scope does not allow.
    fn check_standing(
        &self,
        viewer: &crate::domain::roles::Viewer,
        scope: CaseScope,
        case: CaseRef,
    ) -> Result<()> {
        self.store().read(|conn| {
            let head = crate::store::cases::head(conn, case.id)?;
            let standing = crate::store::participants::standing(conn, case.id, viewer.user_id)?;
            crate::domain::roles::require_standing(viewer, scope, standing, &head.number)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_read_sent_with_a_key_does_not_wait_for_the_writer() {
        let dir = std::env::temp_dir().join(format!(
            "desk-keyed-read-{}-{}",
            std::process::id(),
            getrandom::u64().unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let clock = std::sync::Arc::new(crate::FixedClock::parse("2026-12-02 09:00:00"));
        let desk = Desk::open(&dir.join("register.sqlite3"), clock).unwrap();
        let caller = Caller {
            idempotency_key: Some("read-1".into()),
            ..Caller::local()
        };
        let (held_tx, held_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (done_tx, done_rx) = mpsc::channel();
        std::thread::scope(|s| {
            // A long write holds the one writer.
            let desk = &desk;
            let held_tx = held_tx.clone();
            s.spawn(move || {
                desk.store()
                    .write(|_| {
                        let _ = held_tx.send(());
                        let _ = release_rx.recv_timeout(Duration::from_secs(10));
                        Ok(())
                    })
                    .unwrap();
            });
            held_rx.recv().unwrap();
            s.spawn(|| {
                let out = desk.call_json(&caller, "session_state", serde_json::json!(null));
                let _ = done_tx.send(out.map(|v| v["accounts"].clone()));
            });
            let answered = done_rx.recv_timeout(Duration::from_secs(3));
            let _ = release_tx.send(());
            let accounts = answered
                .expect("the read answered while the write was still running")
                .unwrap();
            assert_eq!(accounts, serde_json::json!(false));
        });
        let _ = std::fs::remove_dir_all(dir);
    }
}
