//! The server through HTTP and WebSocket: a real UDP listener, a real SQLite store, the router
//! driven in-process (REST) or on a bound port (WebSocket).
//!
//! Modules, and where new tests go:
mod common;
/// Settings, manual mode and marks, across restarts.
mod operator;
/// REST routes: state, archive, UDP, protocol, OpenAPI, errors.
mod rest;
/// The embedded UI.
mod ui;
/// The event WebSocket: snapshot, live messages, resume, device (OBS, recorder, replay) messages.
mod websocket;
