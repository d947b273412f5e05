//! The UDP listener: where it listens, and the operator's start / stop.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::dto;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/udp`.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(dto::udp_status(state.ingest.status()))
}

/// Body of `PUT /api/udp`.
#[derive(Debug, Deserialize)]
pub struct Bind {
    bind: String,
}

/// Body of `POST /api/udp/start`: where to listen, or where it last listened.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    bind: Option<String>,
}

/// `PUT /api/udp`: moves the listener (and starts it when stopped); the old socket keeps
/// listening when the new address cannot be bound.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<Bind>,
) -> Result<Json<Value>, ApiError> {
    listen(&state, parse(&body.bind)?).await
}

/// `POST /api/udp/start`: listens on `bind`, or on the address it last listened on (an empty
/// body or `{}`).
pub async fn start(State(state): State<AppState>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let body: Start = if body.iter().all(u8::is_ascii_whitespace) {
        Start::default()
    } else {
        serde_json::from_slice(&body).map_err(|err| {
            ApiError::bad_request(format!(
                "the body must be {{}} or {{\"bind\": \"0.0.0.0:6000\"}}: {err}"
            ))
        })?
    };
    let addr = match body.bind {
        Some(bind) => parse(&bind)?,
        None => state.ingest.local_addr(),
    };
    listen(&state, addr).await
}

/// `POST /api/udp/stop`: closes the socket; what was received is kept.
pub async fn stop(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let status = state
        .ingest
        .stop_listening()
        .await
        .map_err(|err| ApiError::unavailable(err.to_string()))?;
    Ok(Json(dto::udp_status(status)))
}

fn parse(bind: &str) -> Result<SocketAddr, ApiError> {
    bind.trim().parse().map_err(|_| {
        ApiError::bad_request(format!(
            "{bind:?} is not an address such as 0.0.0.0:6000 (an interface's address and a port)"
        ))
    })
}

async fn listen(state: &AppState, addr: SocketAddr) -> Result<Json<Value>, ApiError> {
    state
        .ingest
        .start_listening(addr)
        .await
        .map_err(|err| match err {
            app::ingest::Error::Bind { .. } => ApiError::conflict(err.to_string()),
            other => ApiError::unavailable(other.to_string()),
        })?;
    Ok(Json(dto::udp_status(state.ingest.status())))
}
