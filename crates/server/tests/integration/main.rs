//! The server through HTTP and WebSocket: a real UDP listener, a real SQLite store, the router
//! driven in-process (REST) or on a bound port (WebSocket).
//!
//! Modules, and where new tests go:
/// Access rules: the route table against the OpenAPI description, every route refused
/// without a credential off loopback, and no route answering unchecked.
mod access;
mod common;
/// The stateful fake obs-websocket v5 server of the app's OBS tests.
#[allow(dead_code)]
#[path = "../../../app/tests/obs/fake_obs.rs"]
mod fake_obs;
/// The licence: `GET`/`PUT /api/licence`, the snapshot's and the feed's `licence`.
mod licence;
/// Live logs: `GET /api/logs` and the feed's `log` messages.
mod logs;
/// The media archive, playing a moment (real mpv under `VTA_TEST_MPV=1`), the A-B loop.
mod media;
/// OBS connections (add, change, test, remove) and the OBS buttons, against the fake OBS.
mod obs_api;
/// Settings, manual mode and marks, across restarts.
mod operator;
/// The real-mpv helpers of the player's tests (the test clip, a headless player).
#[allow(dead_code)]
#[path = "../../../player/tests/integration/common.rs"]
mod player_common;
/// The PSS feed's sources: listing them, following another, across a restart (issue #20).
mod pss;
/// REST routes: state, archive, UDP, protocol, OpenAPI, errors.
mod rest;
/// The embedded UI.
mod ui;
/// The event WebSocket: snapshot, live messages, resume, device (OBS, recorder, replay) messages.
mod websocket;
