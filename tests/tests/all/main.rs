//! The acceptance tests of Complaint Desk, in one test binary (one link
//! instead of fourteen). Each module is one area of the register, run
//! against a real SQLite file through the public API with signed-in seats.

// Every operation × every kind of caller, as declared; no identity leaks.
mod access_matrix;
// Users, roles, sign-in, the idle lock and each operation's roles.
mod accounts;
// The register file: schema, durability, damaged/locked/read-only files, upgrades.
mod database;
// The deadline engine on the official 2025–2026 working-day calendar.
mod deadlines;
// Golden text of the registration slip and the receipt; fonts and the logo.
mod documents;
// Encryption at rest: SQLCipher register, backups and attachments.
mod encryption;
// Registers of every earlier schema version open with nothing lost.
mod fixtures;
// Hostile input for every operation: no panic, no hang, clear refusals.
mod fuzz;
// The TypeScript client and the capability file agree with the operation list.
mod generated;
// The workflow from intake to the archive, its records and its deadlines.
mod handling;
// Intake: numbering, validation, query codes, search, filters, drafts.
mod intake;
// Documents issued from templates, kept with their case and reprinted.
mod issued_documents;
// Golden text of every template document; template checks; the notice to the accused.
mod letters;
// The complainant's identity in every output for every role; anonymisation.
mod privacy;
// The repeat check at intake and linking a repeat when it is registered.
mod repeats;
// Rewards in fen, their guards, and the handlers' accountability flags.
mod rewards;
// The office network: seats over HTTPS, CSRF, stale views, retries, the change feed, kill -9.
mod host;
// Import from and export to spreadsheets.
mod sheets;
// The dashboard and the periodic report on a hand-worked register.
mod stats;
// The audit chain, backups and restores, and surviving kill -9.
mod trust;
