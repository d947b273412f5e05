//! Automation: what the program makes OBS do on its own, driven by the bus.
//!
//! - [`naming`]: the recording's folder and file name from the match (safe on Windows, `%`
//!   escaped for OBS).
//! - [`recorder`]: one recording per match on the REC connection.
//! - [`stream`]: stream start / stop / status on the STR connection, and stream sessions in the
//!   store.
//! - [`ivr`]: instant video replay: a challenge's clip on the review screen and the replay
//!   scene on the stream, until it is decided.
//!
//! Automation reaches OBS only through the manager's handles and the `obs::ObsControl` trait,
//! and learns what happens only from the bus and OBS events.

pub mod ivr;
pub mod naming;
pub mod recorder;
pub mod stream;
