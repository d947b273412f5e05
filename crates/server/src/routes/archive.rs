//! Stored matches and events.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::dto;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest page a client may ask for.
const MAX_LIMIT: u64 = 1000;

/// Query of `GET /api/matches`.
#[derive(Debug, Deserialize)]
pub struct MatchesQuery {
    limit: Option<u64>,
    offset: Option<u64>,
    /// Text to look for in the match number, athletes' names and IOC codes.
    q: Option<String>,
    /// Only this tournament's.
    tournament_id: Option<i64>,
    /// Only this day's.
    day_id: Option<i64>,
    /// Only this athlete's.
    athlete_id: Option<i64>,
}

/// `GET /api/matches`: newest first, filtered by `q`, paged.
pub async fn matches(
    State(state): State<AppState>,
    Query(query): Query<MatchesQuery>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(50).min(MAX_LIMIT) as usize;
    let offset = query.offset.unwrap_or(0) as usize;
    let needle = query
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let filter = store::MatchFilter {
        tournament_id: query.tournament_id,
        day_id: query.day_id,
        athlete_id: query.athlete_id,
    };
    let rows = blocking(move || state.reader()?.matches_filed(filter)).await?;
    let page: Vec<Value> = rows
        .iter()
        .filter(|row| {
            needle
                .as_deref()
                .is_none_or(|needle| match_mentions(row, needle))
        })
        .skip(offset)
        .take(limit)
        .map(dto::stored_match)
        .collect();
    Ok(Json(Value::from(page)))
}

/// `GET /api/matches/{id}`.
pub async fn match_by_id(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let row = blocking(move || state.reader()?.match_by_id(id)).await?;
    row.map(|row| Json(dto::stored_match(&row)))
        .ok_or_else(|| ApiError::not_found(format!("no match {id}")))
}

/// Query of `GET /api/events`.
#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    match_id: Option<i64>,
    kind: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// `GET /api/events`: in arrival order, filtered, paged.
pub async fn events(
    State(state): State<AppState>,
    Query(query): Query<EventsQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter = store::EventFilter {
        match_id: query.match_id,
        kind: query.kind.filter(|k| !k.is_empty()),
        limit: Some(query.limit.unwrap_or(200).min(MAX_LIMIT)),
        offset: query.offset.unwrap_or(0),
    };
    let rows = blocking(move || state.reader()?.events(filter)).await?;
    Ok(Json(Value::from(
        rows.iter().map(dto::event).collect::<Vec<_>>(),
    )))
}

fn match_mentions(row: &store::MatchRow, needle: &str) -> bool {
    let fields = [
        row.number.as_deref(),
        row.blue.short_name.as_deref(),
        row.blue.long_name.as_deref(),
        row.blue.ioc.as_deref(),
        row.red.short_name.as_deref(),
        row.red.long_name.as_deref(),
        row.red.ioc.as_deref(),
        row.weight_class.as_deref(),
        row.phase.as_deref(),
    ];
    fields
        .iter()
        .flatten()
        .any(|field| field.to_lowercase().contains(needle))
}

/// Runs a database read off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    read: impl FnOnce() -> store::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(read)
        .await
        .map_err(|err| ApiError::internal("the database read was interrupted", &err))?
        .map_err(ApiError::from)
}
