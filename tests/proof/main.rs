//! The proofs of the core's guarantees, one test binary:
mod access_matrix; // every operation × every kind of caller, as declared; no identity leaks
mod fixtures; // registers of every earlier schema version open with nothing lost
mod fuzz; // hostile input for every operation: no panic, no hang, clear refusals
mod generated; // the TypeScript client and the capability file agree with the list
