//! The recordings and clips archive, playing a moment of it on the review screen, and the
//! A-B loop of what is on screen.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use app::automation::ivr::{AbLoop, LoopPoint};

use crate::dto;
use crate::error::ApiError;
use crate::routes::archive::blocking;
use crate::routes::replay::{flow, refused};
use crate::state::AppState;

/// Largest page a client may ask for.
const MAX_LIMIT: u64 = 1000;
/// A moment plays from this long before it.
const MOMENT_LEAD: Duration = Duration::from_secs(3);

/// Query of `GET /api/recordings`.
#[derive(Debug, Deserialize)]
pub struct RecordingsQuery {
    kind: Option<String>,
    match_id: Option<i64>,
    q: Option<String>,
    event_kind: Option<String>,
    tournament_id: Option<i64>,
    day_id: Option<i64>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// `GET /api/recordings`: recordings and clips, newest first, filtered and paged.
pub async fn recordings(
    State(state): State<AppState>,
    Query(query): Query<RecordingsQuery>,
) -> Result<Json<Value>, ApiError> {
    let kind = match query.kind.as_deref().filter(|kind| !kind.is_empty()) {
        None => None,
        Some(text) => Some(store::MediaKind::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!("kind must be recording or clip, got {text:?}"))
        })?),
    };
    let filter = store::MediaFilter {
        kind,
        match_id: query.match_id,
        text: query
            .q
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        event_kind: query.event_kind.filter(|kind| !kind.is_empty()),
        id: None,
        tournament_id: query.tournament_id,
        day_id: query.day_id,
        limit: query.limit.unwrap_or(50).min(MAX_LIMIT),
        offset: query.offset.unwrap_or(0),
    };
    let page = blocking(move || {
        let rows = state.reader()?.media_archive(&filter)?;
        Ok(rows
            .iter()
            .map(|row| dto::media_row(row, file_exists(row.path.as_deref())))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(Value::from(page)))
}

fn file_exists(path: Option<&str>) -> bool {
    path.is_some_and(|path| Path::new(path).is_file())
}

/// Body of `POST /api/replay/play`: a moment of a match, or a place in one file.
#[derive(Debug, Deserialize)]
pub struct PlayBody {
    match_id: Option<i64>,
    at_us: Option<i64>,
    recording_id: Option<i64>,
    /// `recording` (default) or `clip`: which table `recording_id` counts in.
    kind: Option<String>,
    offset_seconds: Option<f64>,
}

fn no_recording(message: String) -> ApiError {
    ApiError::coded(StatusCode::NOT_FOUND, "no_recording", message)
}

/// `POST /api/replay/play`: puts a recording on the review screen at a moment (3 s before
/// it, not before the file's start) or at a place; the operator's close ends it.
pub async fn play(
    State(state): State<AppState>,
    Json(body): Json<PlayBody>,
) -> Result<Json<Value>, ApiError> {
    let (path, offset) = match (body.match_id, body.at_us, body.recording_id) {
        (Some(match_id), Some(at_us), None) => moment(&state, match_id, at_us).await?,
        (None, None, Some(id)) => {
            let offset = body.offset_seconds.unwrap_or(0.0);
            if !(offset.is_finite() && offset >= 0.0) {
                return Err(ApiError::bad_request(format!(
                    "offset_seconds {offset} is not a time in the file"
                )));
            }
            let clip = match body.kind.as_deref() {
                None | Some("recording") => false,
                Some("clip") => true,
                Some(other) => {
                    return Err(ApiError::bad_request(format!(
                        "kind must be recording or clip, got {other:?}"
                    )))
                }
            };
            let path = file_of(&state, id, clip).await?;
            (path, Duration::from_secs_f64(offset))
        }
        _ => {
            return Err(ApiError::bad_request(
                "give match_id and at_us, or recording_id (and offset_seconds)",
            ))
        }
    };
    let ivr = flow(&state)?;
    ivr.play_file(path.clone(), offset).await.map_err(refused)?;
    Ok(Json(json!({
        "ok": true,
        "path": path.to_string_lossy(),
        "offset_seconds": offset.as_secs_f64(),
    })))
}

/// The recording of `match_id` that covers `at_us`, and where to start in it.
async fn moment(
    state: &AppState,
    match_id: i64,
    at_us: i64,
) -> Result<(PathBuf, Duration), ApiError> {
    let reader_state = state.clone();
    let row = blocking(move || reader_state.reader()?.recording_at(match_id, at_us)).await?;
    let row = row.ok_or_else(|| {
        no_recording(format!(
            "no recording of match {match_id} covers that moment"
        ))
    })?;
    let path = existing(row.path.as_deref(), &format!("recording {}", row.id))?;
    let into_file = Duration::from_micros(u64::try_from(at_us - row.origin_at_us).unwrap_or(0));
    Ok((path, into_file.saturating_sub(MOMENT_LEAD)))
}

/// The file of recording (or clip) `id`.
async fn file_of(state: &AppState, id: i64, clip: bool) -> Result<PathBuf, ApiError> {
    let reader_state = state.clone();
    let path = blocking(move || {
        let reader = reader_state.reader()?;
        Ok(if clip {
            reader.ivr_challenge(id)?.map(|row| row.clip_path)
        } else {
            reader.recording(id)?.map(|row| row.path)
        })
    })
    .await?;
    let what = if clip { "clip" } else { "recording" };
    let path = path.ok_or_else(|| no_recording(format!("no {what} {id}")))?;
    existing(path.as_deref(), &format!("{what} {id}"))
}

/// `path` when it names a file on this machine.
fn existing(path: Option<&str>, what: &str) -> Result<PathBuf, ApiError> {
    let path = path.ok_or_else(|| no_recording(format!("obs never said where {what} went")))?;
    if !Path::new(path).is_file() {
        return Err(no_recording(format!(
            "the file of {what} is not on this machine: {path}"
        )));
    }
    Ok(PathBuf::from(path))
}

/// Body of `POST /api/replay/loop`.
#[derive(Debug, Deserialize)]
pub struct LoopBody {
    point: String,
}

/// `POST /api/replay/loop`: A or B at the position on screen now, or `clear`.
pub async fn ab_loop(
    State(state): State<AppState>,
    Json(body): Json<LoopBody>,
) -> Result<Json<Value>, ApiError> {
    let ivr = flow(&state)?;
    let points: AbLoop = match body.point.as_str() {
        "a" => ivr.set_loop_point(LoopPoint::A).await,
        "b" => ivr.set_loop_point(LoopPoint::B).await,
        "clear" => ivr.clear_loop().await,
        other => {
            return Err(ApiError::bad_request(format!(
                "point must be a, b or clear, got {other:?}"
            )))
        }
    }
    .map_err(refused)?;
    Ok(Json(json!({ "a": points.a, "b": points.b })))
}
