//! The PSS feed's sources: every scoring PC heard on the port, and which one is followed.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use app::ingest::PssSource;

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/pss/sources`.
pub async fn sources(State(state): State<AppState>) -> Json<Value> {
    Json(state.pss_json())
}

/// Body of `POST /api/pss/follow`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Follow {
    /// `auto`, `IP` or `IP:PORT`.
    source: String,
}

/// `POST /api/pss/follow`: follows another source (stored; an address's match is rebuilt
/// from its stored datagrams), then puts the live match and the sources on the feed.
pub async fn follow(
    State(state): State<AppState>,
    Json(body): Json<Follow>,
) -> Result<Json<Value>, ApiError> {
    let rule: PssSource = body
        .source
        .parse()
        .map_err(|err: app::ingest::SourceError| ApiError::bad_request(err.to_string()))?;
    state.ingest.follow(rule).await.map_err(|err| match err {
        app::ingest::Error::Stopped => ApiError::unavailable(err.to_string()),
        other => ApiError::internal("the followed source could not be changed", &other),
    })?;
    state
        .feed
        .publish(json!({ "type": "state", "state": state.live_json() }));
    let pss = state.pss_json();
    state
        .feed
        .publish(json!({ "type": "pss", "pss": pss.clone() }));
    Ok(Json(pss))
}
