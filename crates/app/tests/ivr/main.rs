//! The instant video replay flow against a real headless OBS and a real mpv
//! (`--vo=null --ao=null`), fed over real UDP. Runs with `VTA_TEST_OBS=1` or `CI=true`; skips
//! with a printed reason otherwise.
//!
//! Modules:
//! - `common`: the program in-process (store, bus, ingest, OBS manager, player, replay flow),
//!   an observing OBS client, and one headless OBS per test binary (start here).
//! - `real`: five challenges in a match, mpv killed during a replay, the replay buffer stopped
//!   and OBS frozen at a challenge.
//! - `rec_encoder`: the REC encoder check reads the real OBS's profile.

mod common;
mod real;
mod rec_encoder;
