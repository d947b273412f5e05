//! This machine's licence: read it, install a new one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use app::licence::InstallError;

use crate::error::ApiError;
use crate::state::AppState;

/// The body of `PUT /api/licence`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallBody {
    /// The licence file's text, as the vendor sent it.
    text: String,
}

/// `GET /api/licence`: the licence as judged now.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(state.licence_json())
}

/// `PUT /api/licence`: installs the licence file in `text` when it is valid for this machine
/// today (422 `licence_refused` with the reason otherwise), and tells the clients.
pub async fn put(
    State(state): State<AppState>,
    body: Result<Json<InstallBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(body) = body.map_err(|err| {
        ApiError::bad_request(format!(
            "the body must be {{\"text\": \"<licence file>\"}}: {}",
            err.body_text()
        ))
    })?;
    let licence = state.licence.clone();
    let installed = tokio::task::spawn_blocking(move || licence.install(&body.text))
        .await
        .map_err(|err| ApiError::internal("the licence could not be installed", &err))?;
    match installed {
        Ok(_) => {
            let json = state.licence_json();
            tracing::info!(
                licensee = %json["licensee"].as_str().unwrap_or_default(),
                expires = %json["expires"].as_str().unwrap_or_default(),
                "licence installed"
            );
            state
                .feed
                .publish(json!({ "type": "licence", "licence": json }));
            Ok(Json(json))
        }
        Err(InstallError::Refused(reason)) => {
            tracing::warn!(%reason, "a licence was refused");
            Err(ApiError::coded(
                StatusCode::UNPROCESSABLE_ENTITY,
                "licence_refused",
                reason,
            ))
        }
        Err(err @ InstallError::Save { .. }) => Err(ApiError::internal(
            "the licence could not be saved in the data folder",
            &err,
        )),
    }
}
