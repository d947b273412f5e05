//! Manual mode: the PSS feed is stored but not followed, and the operator makes the match.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use app::ingest::{ManualAthlete, ManualMatch};

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/manual`.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "enabled": state.ingest.manual_mode() }))
}

/// Body of `PUT /api/manual`.
#[derive(Debug, Deserialize)]
pub struct Mode {
    enabled: bool,
}

/// `PUT /api/manual`: stores the mode (it survives a restart), then ingest follows it.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<Mode>,
) -> Result<Json<Value>, ApiError> {
    state
        .settings
        .save_manual_mode(body.enabled)
        .await
        .map_err(|err| ApiError::internal("manual mode could not be stored", &err))?;
    state
        .ingest
        .set_manual_mode(body.enabled)
        .await
        .map_err(|err| ApiError::unavailable(err.to_string()))?;
    state
        .feed
        .publish(json!({ "type": "manual", "enabled": body.enabled }));
    if !body.enabled {
        // A scoring PC followed while manual mode was on has just become the live match.
        state
            .feed
            .publish(json!({ "type": "state", "state": state.live_json() }));
    }
    Ok(Json(json!({ "enabled": body.enabled })))
}

/// One athlete in the body of `POST /api/manual/match`.
#[derive(Debug, Deserialize)]
pub struct Athlete {
    name: String,
    ioc: String,
}

/// Body of `POST /api/manual/match`.
#[derive(Debug, Deserialize)]
pub struct NewMatch {
    number: String,
    blue: Athlete,
    red: Athlete,
    weight_class: Option<String>,
    phase: Option<String>,
}

/// `POST /api/manual/match`: the match becomes the live one (stored, `state` on the feed).
pub async fn create_match(
    State(state): State<AppState>,
    Json(body): Json<NewMatch>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let athlete = |athlete: Athlete| ManualAthlete {
        name: athlete.name,
        ioc: athlete.ioc,
    };
    let manual_match = ManualMatch {
        number: body.number,
        blue: athlete(body.blue),
        red: athlete(body.red),
        weight_class: body.weight_class.unwrap_or_default(),
        phase: body.phase.unwrap_or_default(),
    };
    let match_id = state
        .ingest
        .load_manual_match(manual_match)
        .await
        .map_err(|err| match err {
            app::ingest::Error::NotManual => ApiError::wrong_mode("not_manual", err.to_string()),
            app::ingest::Error::ManualMatch(err) => {
                ApiError::invalid_field("invalid_match", err.field, err.to_string())
            }
            other => ApiError::unavailable(other.to_string()),
        })?;
    Ok((StatusCode::CREATED, Json(json!({ "match_id": match_id }))))
}
