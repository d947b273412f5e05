//! The OBS side of the application core, in one test binary: the connection manager, the
//! recorder and the stream sessions, in-process with a real store and real UDP.
//!
//! Tests against the fake OBS run everywhere. Tests against a real headless OBS run when
//! `VTA_TEST_OBS=1` or `CI=true` (and then fail if OBS cannot start); otherwise they say that
//! they skipped and why.

// The in-process program (store, bus, ingest, manager, recorder) and the real-OBS fixture.
mod common;
// A stateful obs-websocket v5 server that records, keeps a replay buffer and streams.
mod fake_obs;
// The manager: runtime changes, the store, status on the bus, stream sessions.
mod manager_fake;
// The recorder: names, the stop delay, the next match, OBS down and back.
mod recorder_fake;
// Everything against a real OBS 29 under Xvfb.
mod real_obs;
