//! The store's one integration-test binary: real SQLite files in temporary folders.
//!
//! Modules:
//! - `common`: opening a test store, building records and match states (start here).
//! - `write`: appending, batching, back-pressure, coalescing, retries, closing.
//! - `read`: queries, a reader beside the writer, byte-exact storage, the active day.
//! - `schema`: migrations and files that cannot be opened.
//! - `obs_tables`: OBS connections, recordings and their event offsets, stream sessions.
//! - `operator_tables`: settings, marks, datagrams ignored in manual mode, adopted datagrams.
//! - `ivr_tables`: instant video replays and the events linked to their clips.
//! - `media_archive`: recordings and clips in one filtered list, the recording at a moment.
//! - `tidy`: source conventions (`//!` headers).

mod common;
mod ivr_tables;
mod media_archive;
mod obs_tables;
mod operator_tables;
mod read;
mod schema;
mod tidy;
mod write;
