//! Complaint Desk core: the register of complaints and reports (投诉与举报).
//! No Tauri here: the desktop shell, the HTTP host, the command line and the
//! tests all call the same API.
//!
//! Design: three layers, imports run downward only.
//! - `domain` — the rules and types, pure: cases, the handling records (one
//!   enum), the workflow, roles and permissions, masking, validation,
//!   deadlines and the working-day calendar, money, policy. No database, no
//!   files, no clock.
//! - `store` — the SQLite file and nothing else: one file per table group,
//!   frozen migrations, derived data; knows nothing of sessions.
//! - `api` — the one public entry: [`Desk`]. Every operation is declared
//!   once in `api/ops.rs` with what it requires; a read returns what the
//!   viewer may see, a write runs in one transaction that checks the case,
//!   refreshes what is derived and appends the audit entry with the actor
//!   and seat from the session. The Tauri commands, the capability file and
//!   the TypeScript client are generated from the same list.
//!
//! `docs` lays out the printed documents (PDF) from domain types; `error`
//! and `clock` are shared by all.

pub mod api;
pub mod clock;
pub mod docs;
pub mod domain;
pub mod error;
mod store;

pub use api::{Bytes, Caller, CaseOp, Desk};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{DeskError, ErrorPayload, FieldError, FieldPayload, Lang, Result};
pub use store::SCHEMA_VERSION;

/// Files the shell and the host write beside the register: owner-only.
pub mod private_files {
    pub use crate::store::files::{private_dir, write_private};
}
