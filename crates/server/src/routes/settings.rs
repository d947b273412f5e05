//! The operator's settings: read, and replace as a whole.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use app::settings::{SaveError, Settings};

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/settings`: the settings in force.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(state.settings.get().to_json())
}

/// `PUT /api/settings`: checks the whole object (422 `invalid_setting` naming the field),
/// stores it, puts it in force and tells the clients.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, ApiError> {
    let settings = Settings::from_json(body).map_err(refused)?;
    let saved = state
        .settings
        .save(settings)
        .await
        .map_err(|err| match err {
            SaveError::Invalid(err) => refused(err),
            SaveError::Store(err) => ApiError::internal("the settings could not be stored", &err),
        })?;
    let json = saved.to_json();
    state
        .feed
        .publish(json!({ "type": "settings", "settings": json }));
    Ok(Json(json))
}

fn refused(err: app::settings::SettingsError) -> ApiError {
    let message = if err.field.is_empty() {
        err.message
    } else {
        format!("{}: {}", err.field, err.message)
    };
    ApiError::invalid_field("invalid_setting", err.field, message)
}
