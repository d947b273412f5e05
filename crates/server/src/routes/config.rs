//! `POST /api/config/export` and `POST /api/config/import`: the configuration backup (crate
//! `backup`) from the UI. An import replaces the stored configuration in one transaction and
//! then puts it in force in the running program: the settings, manual mode, the OBS
//! connections (reconnected with the restored passwords) and the protocol schema.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// The program as a backup names it.
const PROGRAM: &str = concat!("vta ", env!("CARGO_PKG_VERSION"));

/// Body of `POST /api/config/export`. No `Debug`: it holds a passphrase.
#[derive(Deserialize)]
pub struct ExportRequest {
    /// The backup's passphrase (8 characters or more); never logged.
    passphrase: String,
}

/// Body of `POST /api/config/import`. No `Debug`: it holds a passphrase.
#[derive(Deserialize)]
pub struct ImportRequest {
    /// The backup's passphrase.
    passphrase: String,
    /// The backup file's text, as exported.
    backup: String,
}

/// `POST /api/config/export`: the backup file, as a download.
pub async fn export(
    State(state): State<AppState>,
    Json(body): Json<ExportRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let file = on_this_folder(&state, move |target, data_key| {
        backup::export(target, data_key, &body.passphrase, PROGRAM)
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"vta-config.json\"".to_owned(),
            ),
        ],
        file,
    ))
}

/// `POST /api/config/import`: replaces the configuration, all or nothing, and puts it in
/// force; answers what was replaced.
pub async fn import(
    State(state): State<AppState>,
    Json(body): Json<ImportRequest>,
) -> Result<Json<Value>, ApiError> {
    let summary = on_this_folder(&state, move |target, data_key| {
        backup::import(target, data_key, body.backup.as_bytes(), &body.passphrase)
    })
    .await?;
    put_in_force(&state).await?;
    Ok(Json(json!({
        "settings": summary.settings,
        "obs_connections": summary.obs_connections,
        "protocol_schema": summary.protocol_schema,
        "copy": summary.copy.display().to_string(),
    })))
}

/// Runs `work` on this program's database and protocol file with the data key, off the async
/// runtime (Argon2id and SQLite block).
async fn on_this_folder<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(backup::Target<'_>, &vault::SecretKey) -> Result<T, backup::BackupError>
        + Send
        + 'static,
) -> Result<T, ApiError> {
    let data_key = state.data_key()?;
    let database = state.database.clone();
    let protocol_file = state.protocol.save_to.clone();
    tokio::task::spawn_blocking(move || {
        let target = backup::Target {
            database: &database,
            protocol_file: &protocol_file,
        };
        work(target, &data_key)
    })
    .await
    .map_err(|err| ApiError::internal("the backup work was interrupted", &err))?
    .map_err(refused)
}

/// Reads back what the import stored and hands it to the running parts.
async fn put_in_force(state: &AppState) -> Result<(), ApiError> {
    let reader_state = state.clone();
    let (settings, manual_mode, rows) = super::archive::blocking(move || {
        let reader = reader_state.reader()?;
        let settings = app::settings::load(&reader, reader_state.settings.get());
        let manual_mode = app::settings::load_manual_mode(&reader);
        Ok((settings, manual_mode, reader.obs_connections()?))
    })
    .await?;
    state.settings.adopt(settings);
    if let Some(obs) = &state.obs {
        obs.reload(rows);
    }
    let schema = match tokio::fs::read_to_string(&state.protocol.save_to).await {
        Ok(text) => pss::Schema::from_text(&text)
            .map_err(|err| ApiError::internal("the imported protocol schema is refused", &err))?,
        Err(_) => pss::Schema::v2_3().clone(),
    };
    super::protocol::put_in_force(state, Arc::new(schema)).await?;
    state
        .ingest
        .set_manual_mode(manual_mode)
        .await
        .map_err(|err| ApiError::internal("manual mode could not be set", &err))?;
    Ok(())
}

/// A refused export or import as the client sees it.
fn refused(err: backup::BackupError) -> ApiError {
    use backup::BackupError::{
        Database, File, Invalid, Newer, NotABackup, Tampered, Truncated, Vault, WeakPassphrase,
        WrongPassphrase,
    };
    let code = match &err {
        WrongPassphrase => "wrong_passphrase",
        WeakPassphrase(_) => "weak_passphrase",
        Newer { .. } => "backup_newer",
        Truncated(_) | NotABackup(_) | Tampered | Invalid(_) => "backup_refused",
        Vault(_) | Database(_) | File { .. } => {
            return ApiError::internal("the configuration could not be read or written", &err)
        }
    };
    ApiError::coded(
        StatusCode::UNPROCESSABLE_ENTITY,
        code,
        format!("{err}; nothing changed"),
    )
}
