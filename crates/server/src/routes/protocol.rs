//! The protocol schema file: read, check, replace.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/protocol`.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    let schema = state.schema();
    Json(json!({ "version": schema.version(), "text": schema.source() }))
}

/// Body of `PUT /api/protocol` and `POST /api/protocol/validate`.
#[derive(Debug, Deserialize)]
pub struct SchemaText {
    text: String,
}

fn check(text: &str) -> Result<pss::Schema, ApiError> {
    pss::Schema::from_text(text)
        .map_err(|err| ApiError::protocol_refused(err.line, err.to_string()))
}

/// `POST /api/protocol/validate`: says whether the text would be accepted.
pub async fn validate(Json(body): Json<SchemaText>) -> Result<Json<Value>, ApiError> {
    let schema = check(&body.text)?;
    Ok(Json(json!({ "ok": true, "version": schema.version() })))
}

/// `PUT /api/protocol`: checks the text, saves it for the next start, and reads the datagrams
/// that follow with it.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<SchemaText>,
) -> Result<Json<Value>, ApiError> {
    let schema = Arc::new(check(&body.text)?);
    let path = state.protocol.save_to.clone();
    tokio::fs::write(&path, body.text.as_bytes())
        .await
        .map_err(|err| ApiError::internal("the protocol file could not be saved", &err))?;
    put_in_force(&state, Arc::clone(&schema)).await?;
    tracing::info!(version = schema.version(), path = %path.display(), "protocol schema replaced");
    Ok(Json(json!({ "version": schema.version() })))
}

/// Reads the datagrams that follow with `schema`, and answers `GET /api/protocol` with it.
pub(crate) async fn put_in_force(
    state: &AppState,
    schema: Arc<pss::Schema>,
) -> Result<(), ApiError> {
    state
        .ingest
        .set_schema(Arc::clone(&schema))
        .await
        .map_err(|err| ApiError::internal("the UDP listener is not running", &err))?;
    *state
        .protocol
        .current
        .write()
        .unwrap_or_else(|e| e.into_inner()) = schema;
    Ok(())
}
