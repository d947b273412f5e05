//! The `obs` integration tests, in one binary.
//!
//! Tests against the fake servers run everywhere. Tests against a real headless OBS run when
//! `VTA_TEST_OBS=1` or `CI=true`, and then fail if OBS or Xvfb is missing; otherwise they say
//! that they skipped and why.

// Shared helpers: free ports, waiting for a status, starting the real OBS.
mod common;
// The in-process obs-websocket v5 server.
mod fake_v5;
// The in-process obs-websocket 4.9.1 server.
mod fake_v4;
// `Client` against the fake: handshake, requests, batches, events, close codes.
mod client_fake;
// `Connection` against the fake: reconnect, heartbeat, backoff, shutdown.
mod connection_fake;
// The v4 client, protocol detection and a v4 connection against the fake.
mod v4_fake;
// Everything against a real OBS 29 / obs-websocket 5.1 under Xvfb.
mod real_obs;
// Conventions checked as tests (module headers).
mod tidy;
