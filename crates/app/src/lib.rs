//! The reStrike VTA application core: everything between the edges and the `vta` binary.
//!
//! - [`bus`]: the typed event bus ([`bus::Bus`], [`bus::AppEvent`]) all parts meet on.
//! - [`ingest`]: the UDP listener and the parse-fold-store [`ingest::Pipeline`].
//! - [`resume`]: rebuilding the live match from the store after a restart.
//! - [`obs_manager`]: named OBS connections kept in the store, changed at runtime through
//!   [`obs_manager::ObsManagerHandle`]; their status goes on the bus.
//! - [`automation`]: the recorder (one recording per match), the stream side and instant
//!   replay.
//! - [`licence`]: this machine's licence file ([`licence::LicenceHandle`]).
//! - [`settings`]: the operator's settings, kept in the store and applied to the running parts.

pub mod automation;
pub mod bus;
pub mod ingest;
pub mod licence;
pub mod obs_manager;
pub mod resume;
pub mod settings;
