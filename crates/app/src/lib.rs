//! The reStrike VTA application core: everything between the edges and the `vta` binary.
//!
//! - [`bus`]: the typed event bus ([`bus::Bus`], [`bus::AppEvent`]) all parts meet on.
//! - [`ingest`]: the UDP listener and the parse-fold-store [`ingest::Pipeline`].
//! - [`resume`]: rebuilding the live match from the store after a restart.
//!
//! Automation (recorder, replay) and the HTTP server join here in later work.

pub mod bus;
pub mod ingest;
pub mod resume;
