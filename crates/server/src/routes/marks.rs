//! The operator's marks: a moment of the live match flagged with a note.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::dto;
use crate::error::ApiError;
use crate::state::AppState;

/// Longest note, in characters.
const MAX_NOTE_CHARS: usize = 1000;

/// Largest page a client may ask for.
const MAX_LIMIT: u64 = 1000;

/// Body of `POST /api/mark`.
#[derive(Debug, Deserialize)]
pub struct NewMark {
    #[serde(default)]
    note: String,
}

/// `POST /api/mark`: a mark now, in the live match's round and clock.
pub async fn create(
    State(state): State<AppState>,
    Json(body): Json<NewMark>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if body.note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::invalid_field(
            "invalid_mark",
            "note",
            format!("note: is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    let mark = {
        let live = state.ingest.live();
        let live = live.borrow();
        store::MarkStart {
            match_id: live.match_id,
            at_us: app::ingest::now_us(),
            round: (live.state.round > 0).then_some(live.state.round),
            clock_seconds: live.state.clock.map(|clock| clock.seconds),
            note: body.note,
        }
    };
    let id = state
        .store
        .mark(mark.clone())
        .await
        .map_err(|err| ApiError::internal("the mark could not be stored", &err))?;
    let row = store::MarkRow {
        id,
        match_id: mark.match_id,
        at_us: mark.at_us,
        round: mark.round,
        clock_seconds: mark.clock_seconds,
        note: mark.note,
    };
    let json = dto::mark(&row);
    tracing::info!(mark = id, match_id = row.match_id, "mark made");
    state.feed.publish(json!({ "type": "mark", "mark": json }));
    Ok((StatusCode::CREATED, Json(json)))
}

/// Query of `GET /api/marks`.
#[derive(Debug, Deserialize)]
pub struct MarksQuery {
    match_id: Option<i64>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// `GET /api/marks`: oldest first, of one match when asked, paged.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<MarksQuery>,
) -> Result<Json<Value>, ApiError> {
    let filter = store::MarkFilter {
        match_id: query.match_id,
        limit: Some(query.limit.unwrap_or(200).min(MAX_LIMIT)),
        offset: query.offset.unwrap_or(0),
    };
    let rows = tokio::task::spawn_blocking(move || state.reader()?.marks(&filter))
        .await
        .map_err(|err| ApiError::internal("the database read was interrupted", &err))??;
    Ok(Json(Value::from(
        rows.iter().map(dto::mark).collect::<Vec<_>>(),
    )))
}
