//! Complaint Desk core: the register of complaints and reports (投诉与举报),
//! with its SQLite storage, policy rules and printed documents. No Tauri here:
//! the desktop shell, a CLI, an HTTP adapter or a test all call this API.

pub mod accountability;
pub mod accounts;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod clock;
pub mod db;
pub mod deadline;
pub mod docs;
pub mod documents;
pub mod encryption;
pub mod error;
pub mod handling;
pub mod model;
pub mod money;
pub mod policy;
pub mod privacy;
pub mod register;
pub mod report;
pub mod rewards;
pub mod search;
pub mod sheets;
pub mod stats;
pub mod validate;
pub mod workflow;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{DeskError, ErrorPayload, FieldError, Lang, Result};
pub use register::Register;
