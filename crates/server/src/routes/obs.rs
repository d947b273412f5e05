//! The OBS connections (list, add, change, remove, connect, disconnect, test) and the
//! operator's OBS buttons: record, replay buffer, scenes. Passwords go in, never out.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use app::automation::recorder::RecorderError;
use app::obs_manager::{
    parse_protocol, parse_role, ManagerError, ObsConnectionSpec, ObsManagerHandle,
};
use obs::{Event, ObsControl, Password};

use crate::devices::obs_connection_json;
use crate::dto;
use crate::error::ApiError;
use crate::routes::archive::blocking;
use crate::state::AppState;

/// How long a replay buffer save waits for OBS to say where the clip went.
const SAVE_WAIT: Duration = Duration::from_secs(5);

fn manager(state: &AppState) -> Result<&ObsManagerHandle, ApiError> {
    state
        .feed
        .devices()
        .obs_manager()
        .ok_or_else(|| ApiError::unavailable("obs connections are not managed here"))
}

fn manager_error(err: ManagerError) -> ApiError {
    match err {
        ManagerError::Exists(name) => ApiError::coded(
            StatusCode::CONFLICT,
            "name_taken",
            format!("an obs connection named {name:?} exists already"),
        ),
        ManagerError::NotFound(_) => ApiError::not_found(err.to_string()),
        ManagerError::Invalid(_) => invalid("connection", err.to_string()),
        ManagerError::NoRole(_) => ApiError::conflict(err.to_string()),
        ManagerError::Obs { ref source, .. } => obs_error_status(source, err.to_string()),
        other => ApiError::internal("the obs connection could not be changed", &other),
    }
}

/// 422 `invalid_connection` with the body's `field` that was refused.
fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_field("invalid_connection", field, message)
}

/// OBS said no (409), did not answer in time (504), or could not be reached (502).
fn obs_error_status(source: &obs::Error, message: String) -> ApiError {
    match source {
        obs::Error::Api { .. } | obs::Error::RequestUnsupported { .. } => {
            ApiError::coded(StatusCode::CONFLICT, "obs_refused", message)
        }
        obs::Error::Disconnected => {
            ApiError::coded(StatusCode::CONFLICT, "obs_disconnected", message)
        }
        obs::Error::Timeout { .. } => {
            ApiError::coded(StatusCode::GATEWAY_TIMEOUT, "obs_timeout", message)
        }
        _ => ApiError::coded(StatusCode::BAD_GATEWAY, "obs_error", message),
    }
}

fn obs_error(name: &str, source: obs::Error) -> ApiError {
    let message = format!("obs connection {name:?}: {source}");
    obs_error_status(&source, message)
}

/// The connection named `name` as `ObsConnection`.
fn connection_json(manager: &ObsManagerHandle, name: &str) -> Result<Value, ApiError> {
    manager
        .list()
        .iter()
        .find(|info| info.name == name)
        .map(obs_connection_json)
        .ok_or_else(|| ApiError::not_found(format!("no obs connection named {name:?}")))
}

/// Reads a connection body; `current` fills what a change leaves out (the password).
fn spec_from_body(
    body: &Map<String, Value>,
    name: Option<&str>,
    current: Option<&ObsConnectionSpec>,
) -> Result<ObsConnectionSpec, ApiError> {
    let text = |field: &str| -> Result<Option<String>, ApiError> {
        match body.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(invalid(field, format!("{field} must be text, got {other}"))),
        }
    };
    let name = match (text("name")?, name) {
        (Some(given), _) => given,
        (None, Some(path_name)) => path_name.to_owned(),
        (None, None) => return Err(invalid("name", "name is missing")),
    };
    if name.trim().is_empty() {
        return Err(invalid("name", "name is empty"));
    }
    let host = text("host")?
        .filter(|host| !host.trim().is_empty())
        .ok_or_else(|| invalid("host", "host is missing"))?;
    let port = match body.get("port") {
        Some(Value::Number(number)) => number
            .as_u64()
            .and_then(|port| u16::try_from(port).ok())
            .filter(|port| *port > 0)
            .ok_or_else(|| invalid("port", format!("port {number} is not from 1 to 65535")))?,
        None | Some(Value::Null) => return Err(invalid("port", "port is missing")),
        Some(other) => {
            return Err(invalid(
                "port",
                format!("port must be a number, got {other}"),
            ))
        }
    };
    let mut spec = ObsConnectionSpec::new(name.trim(), host.trim(), port);
    if let Some(protocol) = text("protocol")? {
        spec.protocol = parse_protocol(&protocol).ok_or_else(|| {
            invalid(
                "protocol",
                format!("protocol {protocol:?} is not v5, v4 or auto"),
            )
        })?;
    }
    if let Some(role) = text("role")? {
        spec.role = parse_role(&role)
            .ok_or_else(|| invalid("role", format!("role {role:?} is not rec, str or both")))?;
    }
    match body.get("enabled") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(enabled)) => spec.enabled = *enabled,
        Some(other) => {
            return Err(invalid(
                "enabled",
                format!("enabled must be true or false, got {other}"),
            ))
        }
    }
    spec.password = match text("password")? {
        // Absent: keep the one stored.
        None => current.and_then(|current| current.password.clone()),
        Some(password) if password.is_empty() => None,
        Some(password) => Some(Password::new(password)),
    };
    Ok(spec)
}

fn object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(map) => Ok(map),
        other => Err(invalid(
            "body",
            format!("the body must be a JSON object, got {other}"),
        )),
    }
}

/// `GET /api/obs/connections`.
pub async fn list(State(state): State<AppState>) -> Json<Value> {
    Json(state.feed.devices().obs_json())
}

/// `POST /api/obs/connections`.
pub async fn add(
    State(state): State<AppState>,
    Json(body): Json<Value>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let manager = manager(&state)?;
    let spec = spec_from_body(&object(body)?, None, None)?;
    let name = spec.name.clone();
    manager.add(spec).await.map_err(manager_error)?;
    Ok((StatusCode::CREATED, Json(connection_json(manager, &name)?)))
}

/// `PUT /api/obs/connections/{name}`: a new name in the body renames it.
pub async fn update(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, ApiError> {
    let manager = manager(&state)?;
    let current = manager
        .spec(&name)
        .ok_or_else(|| ApiError::not_found(format!("no obs connection named {name:?}")))?;
    let spec = spec_from_body(&object(body)?, Some(&name), Some(&current))?;
    let new_name = spec.name.clone();
    if new_name == name {
        manager.update(spec).await.map_err(manager_error)?;
    } else {
        manager.add(spec).await.map_err(manager_error)?;
        manager.remove(&name).await.map_err(manager_error)?;
    }
    Ok(Json(connection_json(manager, &new_name)?))
}

/// `DELETE /api/obs/connections/{name}`.
pub async fn remove(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    manager(&state)?
        .remove(&name)
        .await
        .map_err(manager_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/obs/connections/{name}/connect`.
pub async fn connect(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let manager = manager(&state)?;
    manager.connect(&name).await.map_err(manager_error)?;
    Ok(Json(connection_json(manager, &name)?))
}

/// `POST /api/obs/connections/{name}/disconnect`.
pub async fn disconnect(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let manager = manager(&state)?;
    manager.disconnect(&name).await.map_err(manager_error)?;
    Ok(Json(connection_json(manager, &name)?))
}

/// `POST /api/obs/connections/{name}/test`: a short-lived second connection.
pub async fn test(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    match manager(&state)?.test(&name).await {
        Ok(probe) => Ok(Json(json!({
            "ok": true,
            "obs_version": probe.obs_version,
            "websocket_version": probe.websocket_version,
            "rtt_ms": (probe.rtt.as_secs_f64() * 1e4).round() / 10.0,
            "error": null,
        }))),
        Err(ManagerError::Obs { source, .. }) => Ok(Json(json!({
            "ok": false,
            "obs_version": null,
            "websocket_version": null,
            "rtt_ms": null,
            "error": source.to_string(),
        }))),
        Err(other) => Err(manager_error(other)),
    }
}

/// Body of `POST /api/obs/record` and `POST /api/obs/replay-buffer`.
#[derive(Debug, Deserialize)]
pub struct Action {
    action: String,
}

/// `POST /api/obs/record`: the operator's record button, through the recorder.
pub async fn record(
    State(state): State<AppState>,
    Json(body): Json<Action>,
) -> Result<Json<Value>, ApiError> {
    let recorder = state
        .recorder
        .as_ref()
        .ok_or_else(|| ApiError::unavailable("the recorder is not running here"))?;
    let outcome = match body.action.as_str() {
        "start" => {
            let live = state.ingest.live().borrow().clone();
            recorder
                .start(live.match_id, live.state.as_ref().clone())
                .await
        }
        "stop" => recorder.stop().await,
        other => {
            return Err(ApiError::bad_request(format!(
                "action must be start or stop, got {other:?}"
            )))
        }
    };
    let id = outcome.map_err(|err| match err {
        RecorderError::NoConnection => ApiError::coded(
            StatusCode::CONFLICT,
            "no_rec_connection",
            "no REC obs connection is configured and enabled",
        ),
        RecorderError::AlreadyRecording(_) | RecorderError::NotRecording => {
            ApiError::conflict(err.to_string())
        }
        RecorderError::Refused(message) => {
            ApiError::coded(StatusCode::BAD_GATEWAY, "obs_refused", message)
        }
        RecorderError::Stopped => ApiError::unavailable(err.to_string()),
    })?;
    let filter = store::MediaFilter {
        kind: Some(store::MediaKind::Recording),
        id: Some(id),
        limit: 1,
        ..store::MediaFilter::default()
    };
    let row = blocking(move || state.reader()?.media_archive(&filter)).await?;
    let row = row
        .first()
        .ok_or_else(|| ApiError::not_found(format!("recording {id} is not stored")))?;
    let exists = row
        .path
        .as_deref()
        .is_some_and(|path| std::path::Path::new(path).is_file());
    Ok(Json(dto::media_row(row, exists)))
}

/// `POST /api/obs/replay-buffer`: start, stop or save on the REC connection.
pub async fn replay_buffer(
    State(state): State<AppState>,
    Json(body): Json<Action>,
) -> Result<Json<Value>, ApiError> {
    let (name, rec) = manager(&state)?.rec_control().ok_or_else(|| {
        ApiError::coded(
            StatusCode::CONFLICT,
            "no_rec_connection",
            "no REC obs connection is configured and enabled",
        )
    })?;
    match body.action.as_str() {
        "start" => rec
            .start_replay_buffer()
            .await
            .map_err(|err| obs_error(&name, err))?,
        "stop" => rec
            .stop_replay_buffer()
            .await
            .map_err(|err| obs_error(&name, err))?,
        "save" => {
            let path = save_replay(rec.as_ref())
                .await
                .map_err(|err| obs_error(&name, err))?;
            tracing::info!(conn = %name, path = %path.display(), "replay buffer saved by the operator");
            return Ok(Json(json!({ "ok": true, "path": path.to_string_lossy() })));
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "action must be start, stop or save, got {other:?}"
            )))
        }
    }
    tracing::info!(conn = %name, action = %body.action, "replay buffer changed by the operator");
    Ok(Json(json!({ "ok": true })))
}

/// Saves the replay buffer; the path from `ReplayBufferSaved`, else from OBS's last replay.
async fn save_replay(rec: &dyn ObsControl) -> obs::Result<std::path::PathBuf> {
    let mut events = rec.events();
    rec.save_replay_buffer().await?;
    let saved = obs::wait_for_event(&mut events, SAVE_WAIT, |event| match event {
        Event::ReplayBufferSaved { saved_replay_path } => Some(saved_replay_path.clone()),
        _ => None,
    })
    .await;
    match saved {
        Some(path) => Ok(path),
        None => rec.last_replay().await,
    }
}

/// The STR connection and its live session.
fn stream_session(state: &AppState) -> Result<(String, obs::Session), ApiError> {
    let connection = manager(state)?
        .str_connections()
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::coded(
                StatusCode::CONFLICT,
                "no_str_connection",
                "no STR obs connection is configured and enabled",
            )
        })?;
    let name = connection.config().name.clone();
    let session = connection.session().ok_or_else(|| {
        ApiError::coded(
            StatusCode::CONFLICT,
            "obs_disconnected",
            format!("obs connection {name:?} is not connected"),
        )
    })?;
    Ok((name, session))
}

/// `GET /api/obs/scenes`: the STR connection's scenes, top of OBS's list first.
pub async fn scenes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let (name, session) = stream_session(&state)?;
    let mut list = session
        .scene_list()
        .await
        .map_err(|err| obs_error(&name, err))?;
    // obs-websocket 5 lists scenes bottom-up with their index; OBS shows the highest on top.
    list.scenes
        .sort_by_key(|scene| std::cmp::Reverse(scene.scene_index));
    let names: Vec<&str> = list
        .scenes
        .iter()
        .map(|scene| scene.scene_name.as_str())
        .collect();
    Ok(Json(json!({
        "connection": name,
        "current": list.current_program_scene_name,
        "scenes": names,
    })))
}

/// Body of `POST /api/obs/scene`.
#[derive(Debug, Deserialize)]
pub struct SceneBody {
    scene: String,
}

/// `POST /api/obs/scene`: puts a scene on air on the STR connection.
pub async fn set_scene(
    State(state): State<AppState>,
    Json(body): Json<SceneBody>,
) -> Result<Json<Value>, ApiError> {
    let (name, session) = stream_session(&state)?;
    session
        .set_program_scene(&body.scene)
        .await
        .map_err(|err| obs_error(&name, err))?;
    tracing::info!(conn = %name, scene = %body.scene, "scene set by the operator");
    Ok(Json(json!({ "ok": true })))
}
