//! `GET /api/analytics/{match,athlete,day,tournament}/{id}`: the organiser's analytics
//! (crate `analytics`) as JSON, or one of the view's tables as CSV with
//! `?format=csv&table=<name>`. Read on a read-only connection off the async runtime.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use analytics::tables::Table;
use analytics::{Analytics, AnalyticsError};

use crate::error::ApiError;
use crate::state::AppState;

/// Query of every analytics route.
#[derive(Debug, Deserialize)]
pub struct Export {
    /// `json` (the default) or `csv`.
    format: Option<String>,
    /// With `csv`: which table of the view.
    table: Option<String>,
}

/// One view, as JSON and as tables.
struct Made {
    json: Value,
    tables: Vec<Table>,
}

async fn view(
    state: &AppState,
    make: impl FnOnce(&Analytics) -> Result<Made, AnalyticsError> + Send + 'static,
) -> Result<Made, ApiError> {
    let database = state.database.clone();
    tokio::task::spawn_blocking(move || make(&Analytics::open(&database)?))
        .await
        .map_err(|err| ApiError::internal("the analytics read was interrupted", &err))?
        .map_err(|err| match err {
            AnalyticsError::NotFound(_) => ApiError::not_found(err.to_string()),
            AnalyticsError::Database(_) => {
                ApiError::internal("the analytics could not be read", &err)
            }
        })
}

fn answer(made: Made, export: Export) -> Result<Response, ApiError> {
    match export.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(made.json).into_response()),
        "csv" => {
            let names: Vec<&str> = made.tables.iter().map(|table| table.name).collect();
            let wanted = export.table.as_deref().ok_or_else(|| {
                ApiError::bad_request(format!("give ?table= one of: {}", names.join(", ")))
            })?;
            let table = made
                .tables
                .iter()
                .find(|table| table.name == wanted)
                .ok_or_else(|| {
                    ApiError::not_found(format!(
                        "no table {wanted:?}; this view has {}",
                        names.join(", ")
                    ))
                })?;
            Ok((
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}.csv\"", table.name),
                    ),
                ],
                table.csv(),
            )
                .into_response())
        }
        other => Err(ApiError::bad_request(format!(
            "format must be json or csv, got {other:?}"
        ))),
    }
}

fn made<T: serde::Serialize>(view: &T, tables: Vec<Table>) -> Made {
    Made {
        json: serde_json::to_value(view).unwrap_or(Value::Null),
        tables,
    }
}

/// `GET /api/analytics/match/{id}`.
pub async fn match_view(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(export): Query<Export>,
) -> Result<Response, ApiError> {
    let made = view(&state, move |analytics| {
        let view = analytics.match_view(id)?;
        Ok(made(&view, analytics::tables::match_tables(&view)))
    })
    .await?;
    answer(made, export)
}

/// `GET /api/analytics/athlete/{id}`.
pub async fn athlete_view(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(export): Query<Export>,
) -> Result<Response, ApiError> {
    let made = view(&state, move |analytics| {
        let view = analytics.athlete_view(id)?;
        Ok(made(&view, analytics::tables::athlete_tables(&view)))
    })
    .await?;
    answer(made, export)
}

/// `GET /api/analytics/day/{id}`.
pub async fn day_view(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(export): Query<Export>,
) -> Result<Response, ApiError> {
    let made = view(&state, move |analytics| {
        let view = analytics.day_view(id)?;
        Ok(made(&view, analytics::tables::day_tables(&view)))
    })
    .await?;
    answer(made, export)
}

/// `GET /api/analytics/tournament/{id}`.
pub async fn tournament_view(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(export): Query<Export>,
) -> Result<Response, ApiError> {
    let made = view(&state, move |analytics| {
        let view = analytics.tournament_view(id)?;
        Ok(made(&view, analytics::tables::tournament_tables(&view)))
    })
    .await?;
    answer(made, export)
}
