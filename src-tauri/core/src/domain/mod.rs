//! The domain: the register's rules and types, pure — no database, no
//! files, no clock (time comes in as a value). Everything here is tested
//! without a register; the store and the API build on it, never the other
//! way round.

pub mod accountability;
pub mod calendar;
pub mod case;
pub mod checks;
pub mod deadline;
pub mod deadlines;
pub mod documents;
pub mod holidays;
pub mod ledger;
pub mod masking;
pub mod money;
pub mod notice;
pub mod policy;
pub mod query_code;
pub mod records;
pub mod repeats;
pub mod report;
pub mod rewards;
pub mod roles;
pub mod search;
pub mod stats;
pub mod validate;
pub mod workflow;
