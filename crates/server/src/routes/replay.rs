//! The operator's replay controls: REPLAY, close, and the review screen's speed, frame steps
//! and seeks, all through the replay flow's handle.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use app::automation::ivr::{IvrHandle, PlayerControl};

use crate::error::ApiError;
use crate::state::AppState;

pub(crate) fn flow(state: &AppState) -> Result<&IvrHandle, ApiError> {
    state.ivr.as_ref().ok_or_else(|| {
        ApiError::unavailable(
            "instant replay is not running here (vta demo has none; vta run --no-replay turns it off)",
        )
    })
}

pub(crate) fn refused(err: app::automation::ivr::IvrError) -> ApiError {
    match err {
        app::automation::ivr::IvrError::Stopped => ApiError::unavailable(err.to_string()),
        other => ApiError::conflict(other.to_string()),
    }
}

/// `POST /api/replay/start`: the operator's REPLAY, by the same path as a challenge.
pub async fn start(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let replay_id = flow(&state)?.replay_now().await.map_err(refused)?;
    Ok(Json(json!({ "replay_id": replay_id })))
}

/// `POST /api/replay/close`: takes the replay off the screen and the stream.
pub async fn close(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let closed = flow(&state)?.close().await.map_err(refused)?;
    Ok(Json(json!({ "closed": closed })))
}

/// Body of `POST /api/replay/speed`.
#[derive(Debug, Deserialize)]
pub struct Speed {
    speed: f64,
}

/// `POST /api/replay/speed`.
pub async fn speed(
    State(state): State<AppState>,
    Json(body): Json<Speed>,
) -> Result<Json<Value>, ApiError> {
    if !(body.speed.is_finite() && body.speed > 0.0 && body.speed <= 4.0) {
        return Err(ApiError::bad_request(format!(
            "speed {} is not in (0, 4]",
            body.speed
        )));
    }
    control(&state, PlayerControl::Speed(body.speed)).await
}

/// Body of `POST /api/replay/step`.
#[derive(Debug, Deserialize)]
pub struct Step {
    frames: i32,
}

/// `POST /api/replay/step`: one frame forward (`1`) or back (`-1`), paused.
pub async fn step(
    State(state): State<AppState>,
    Json(body): Json<Step>,
) -> Result<Json<Value>, ApiError> {
    let control_kind = match body.frames {
        1 => PlayerControl::FrameStep,
        -1 => PlayerControl::FrameBackStep,
        other => {
            return Err(ApiError::bad_request(format!(
                "frames must be 1 or -1, got {other}"
            )))
        }
    };
    control(&state, control_kind).await
}

/// Body of `POST /api/replay/seek`.
#[derive(Debug, Deserialize)]
pub struct Seek {
    seconds: f64,
}

/// `POST /api/replay/seek`: relative seek in seconds.
pub async fn seek(
    State(state): State<AppState>,
    Json(body): Json<Seek>,
) -> Result<Json<Value>, ApiError> {
    if !(body.seconds.is_finite() && body.seconds.abs() <= 60.0) {
        return Err(ApiError::bad_request(format!(
            "seek {} s is not within ±60 s",
            body.seconds
        )));
    }
    control(&state, PlayerControl::Seek(body.seconds)).await
}

async fn control(state: &AppState, control: PlayerControl) -> Result<Json<Value>, ApiError> {
    flow(state)?.control(control).await.map_err(refused)?;
    Ok(Json(json!({ "ok": true })))
}
