//! The machine's network interfaces, for the operator to pick the one facing the PSS.

use axum::Json;
use serde_json::Value;

use crate::dto;
use crate::error::ApiError;

/// `GET /api/network/interfaces`.
pub async fn interfaces() -> Result<Json<Value>, ApiError> {
    let listed = tokio::task::spawn_blocking(app::ingest::interfaces)
        .await
        .map_err(|err| ApiError::internal("the network interfaces could not be listed", &err))?
        .map_err(|err| ApiError::internal("the network interfaces could not be listed", &err))?;
    Ok(Json(Value::Array(
        listed.iter().map(dto::network_interface).collect(),
    )))
}
