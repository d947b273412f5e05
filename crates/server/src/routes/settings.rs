//! The operator's settings: read, and replace as a whole.

use axum::extract::State;
use axum::{Extension, Json};
use serde_json::{json, Value};

use app::settings::{SaveError, Settings};

use crate::access::AuditTarget;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/settings`: the settings in force.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(state.settings.get().to_json())
}

/// `PUT /api/settings`: checks the whole object (422 `invalid_setting` naming the field),
/// stores it, puts it in force and tells the clients. Its audit row names the setting keys
/// that changed.
pub async fn put(
    State(state): State<AppState>,
    Json(body): Json<Value>,
) -> Result<(Extension<AuditTarget>, Json<Value>), ApiError> {
    let settings = Settings::from_json(body).map_err(refused)?;
    let before = state.settings.get().to_json();
    let saved = state
        .settings
        .save(settings)
        .await
        .map_err(|err| match err {
            SaveError::Invalid(err) => refused(err),
            SaveError::Store(err) => ApiError::internal("the settings could not be stored", &err),
        })?;
    let json = saved.to_json();
    let changed = changed_keys(&before, &json);
    state
        .feed
        .publish(json!({ "type": "settings", "settings": json }));
    let target = if changed.is_empty() {
        "no change".to_owned()
    } else {
        changed.join(", ")
    };
    Ok((Extension(AuditTarget(target)), Json(json)))
}

/// The dotted keys (`replay.lead_seconds`) whose values differ between two settings objects.
fn changed_keys(before: &Value, after: &Value) -> Vec<String> {
    fn walk(prefix: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<String>) {
        match (before, after) {
            (Some(Value::Object(old)), Some(Value::Object(new))) => {
                let keys: std::collections::BTreeSet<&String> =
                    old.keys().chain(new.keys()).collect();
                for key in keys {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&path, old.get(key), new.get(key), out);
                }
            }
            (old, new) if old != new => out.push(prefix.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", Some(before), Some(after), &mut out);
    out
}

fn refused(err: app::settings::SettingsError) -> ApiError {
    let message = if err.field.is_empty() {
        err.message
    } else {
        format!("{}: {}", err.field, err.message)
    };
    ApiError::invalid_field("invalid_setting", err.field, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_keys_names_each_leaf_that_differs() {
        let before =
            json!({"replay": {"lead_seconds": 5.0, "screen": null}, "hotkeys": {"mark": "F11"}});
        let after =
            json!({"replay": {"lead_seconds": 7.5, "screen": null}, "hotkeys": {"mark": "F9"}});
        assert_eq!(
            changed_keys(&before, &after),
            ["hotkeys.mark", "replay.lead_seconds"]
        );
        assert!(changed_keys(&before, &before).is_empty());
    }
}
