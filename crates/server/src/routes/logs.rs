//! `GET /api/logs`: the last log lines kept in memory.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::logs::LogLevel;
use crate::state::AppState;

/// Largest number of lines one answer carries (the book keeps about as many).
const MAX_LIMIT: usize = 5000;

/// Query of `GET /api/logs`.
#[derive(Debug, Deserialize)]
pub struct LogsQuery {
    level: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/logs`: the last lines at `level` or above (info by default), oldest first.
pub async fn logs(
    State(state): State<AppState>,
    Query(query): Query<LogsQuery>,
) -> Result<Json<Value>, ApiError> {
    let level = match query.level.as_deref().filter(|level| !level.is_empty()) {
        None => LogLevel::Info,
        Some(text) => LogLevel::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "level must be error, warn, info or debug, got {text:?}"
            ))
        })?,
    };
    let limit = query.limit.unwrap_or(500).min(MAX_LIMIT);
    let lines = state
        .logs
        .as_ref()
        .map(|book| book.recent(level, limit))
        .unwrap_or_default();
    Ok(Json(Value::from(
        lines.iter().map(|line| line.to_json()).collect::<Vec<_>>(),
    )))
}
