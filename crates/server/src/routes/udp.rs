//! The UDP listener's address.

use std::net::SocketAddr;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/udp`.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "bind": state.ingest.local_addr().to_string() }))
}

/// Body of `PUT /api/udp`.
#[derive(Debug, Deserialize)]
pub struct Bind {
    bind: String,
}

/// `PUT /api/udp`: moves the listener; the old socket keeps listening when the new address
/// cannot be bound.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<Bind>,
) -> Result<Json<Value>, ApiError> {
    let addr: SocketAddr = body.bind.trim().parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{:?} is not an address such as 0.0.0.0:6000",
            body.bind
        ))
    })?;
    let bound = state.ingest.rebind(addr).await.map_err(|err| match err {
        app::ingest::Error::Bind { .. } => ApiError::conflict(err.to_string()),
        other => ApiError::internal("the UDP listener is not running", &other),
    })?;
    Ok(Json(json!({ "bind": bound.to_string() })))
}
