//! Health, the live state and the counters.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::AppState;

/// `GET /api/health`.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// `GET /api/state`.
pub async fn state(State(state): State<AppState>) -> Json<Value> {
    Json(state.snapshot())
}

/// `GET /api/counters`.
pub async fn counters(State(state): State<AppState>) -> Json<Value> {
    Json(state.counters_json(state.feed.datagrams_per_second()))
}
