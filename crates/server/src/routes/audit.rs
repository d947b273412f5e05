//! `GET /api/audit`: the newest entries of the audit trail.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// Query of `GET /api/audit`.
#[derive(Debug, Deserialize)]
pub struct Newest {
    /// How many, newest first (default 200, at most 1000).
    limit: Option<usize>,
}

/// The newest entries, newest first.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<Newest>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(200).min(1000);
    let trail = state.audit.clone();
    let rows = tokio::task::spawn_blocking(move || trail.newest(limit))
        .await
        .map_err(|err| ApiError::internal("the audit read was interrupted", &err))?
        .map_err(|err| ApiError::internal("the audit trail could not be read", &err))?;
    Ok(Json(Value::Array(rows.iter().map(audit_row).collect())))
}

/// One audit row as JSON (also for `vta audit --json`).
pub fn audit_row(row: &auth::AuditRow) -> Value {
    json!({
        "id": row.id,
        "at_us": row.at_us,
        "actor": row.entry.actor,
        "address": row.entry.address,
        "action": row.entry.action,
        "target": row.entry.target,
    })
}
