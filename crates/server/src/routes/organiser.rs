//! The organiser's routes: tournaments and their days (`/api/tournaments`, `/api/days`) and
//! the athletes with their matches (`/api/athletes`). Each change is one `organiser` call on
//! its own connection, off the async runtime, and is announced on the feed as
//! `{"type": "organiser"}` so that every page shows it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use organiser::{Organiser, OrganiserError, TournamentFields};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::dto;
use crate::error::ApiError;
use crate::state::AppState;

/// Body of `POST /api/tournaments` and `PUT /api/tournaments/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TournamentBody {
    name: String,
    venue: Option<String>,
    starts_on: Option<String>,
    ends_on: Option<String>,
}

impl TournamentBody {
    fn fields(self) -> TournamentFields {
        TournamentFields {
            name: self.name,
            venue: self.venue,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
        }
    }
}

/// Body of `POST /api/tournaments/{id}/days`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDay {
    name: String,
    /// `YYYY-MM-DD`; today when missing.
    date: Option<String>,
}

/// Body of `PUT /api/days/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayName {
    name: String,
}

/// Runs `work` on the organiser's records of this program's database, off the runtime.
async fn with_records<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut Organiser) -> Result<T, OrganiserError> + Send + 'static,
) -> Result<T, ApiError> {
    let database = state.database.clone();
    tokio::task::spawn_blocking(move || work(&mut Organiser::open(&database)?))
        .await
        .map_err(|err| ApiError::internal("the organiser's work was interrupted", &err))?
        .map_err(refused)
}

/// A change went through: every client hears of it.
fn announce(state: &AppState) {
    state.feed.publish(json!({ "type": "organiser" }));
}

/// `GET /api/tournaments`: newest first.
pub async fn tournaments(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let list = with_records(&state, |records| records.tournaments()).await?;
    Ok(Json(list.iter().map(dto::tournament).collect()))
}

/// `POST /api/tournaments`.
pub async fn create_tournament(
    State(state): State<AppState>,
    Json(body): Json<TournamentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let fields = body.fields();
    let created = with_records(&state, move |records| records.create_tournament(&fields)).await?;
    announce(&state);
    Ok((StatusCode::CREATED, Json(dto::tournament(&created))))
}

/// `PUT /api/tournaments/{id}`: name, venue and dates.
pub async fn update_tournament(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(body): Json<TournamentBody>,
) -> Result<Json<Value>, ApiError> {
    let fields = body.fields();
    let changed = with_records(&state, move |records| {
        records.update_tournament(id, &fields)
    })
    .await?;
    announce(&state);
    Ok(Json(dto::tournament(&changed)))
}

/// `POST /api/tournaments/{id}/activate`.
pub async fn activate_tournament(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let active = with_records(&state, move |records| records.activate_tournament(id)).await?;
    announce(&state);
    Ok(Json(dto::tournament(&active)))
}

/// `GET /api/tournaments/{id}/days`: oldest first.
pub async fn days(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let days = with_records(&state, move |records| records.days(id)).await?;
    Ok(Json(days.iter().map(dto::day).collect()))
}

/// `POST /api/tournaments/{id}/days`.
pub async fn create_day(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(body): Json<NewDay>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let day = with_records(&state, move |records| {
        records.create_day(id, &body.name, body.date.as_deref())
    })
    .await?;
    announce(&state);
    Ok((StatusCode::CREATED, Json(dto::day(&day))))
}

/// `GET /api/days/active`: the day new matches go to, with its tournament; `null` before one.
pub async fn active_day(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let found = with_records(&state, |records| {
        let Some(day) = records.active_day()? else {
            return Ok(None);
        };
        let tournament = records.tournament(day.tournament_id)?;
        Ok(Some((day, tournament)))
    })
    .await?;
    Ok(Json(found.map_or(Value::Null, |(day, tournament)| {
        json!({ "day": dto::day(&day), "tournament": dto::tournament(&tournament) })
    })))
}

/// `PUT /api/days/{id}`: its name.
pub async fn rename_day(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(body): Json<DayName>,
) -> Result<Json<Value>, ApiError> {
    let day = with_records(&state, move |records| records.rename_day(id, &body.name)).await?;
    announce(&state);
    Ok(Json(dto::day(&day)))
}

/// `POST /api/days/{id}/activate`.
pub async fn activate_day(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let day = with_records(&state, move |records| records.activate_day(id)).await?;
    announce(&state);
    Ok(Json(dto::day(&day)))
}

/// `POST /api/days/{id}/close`.
pub async fn close_day(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let day = with_records(&state, move |records| records.close_day(id)).await?;
    announce(&state);
    Ok(Json(dto::day(&day)))
}

/// `DELETE /api/days/{id}`: only a day with nothing filed under it.
pub async fn delete_day(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    with_records(&state, move |records| records.delete_day(id)).await?;
    announce(&state);
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/athletes`: by name, with how many matches each fought.
pub async fn athletes(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let list = with_records(&state, |records| records.athletes()).await?;
    Ok(Json(list.iter().map(dto::athlete).collect()))
}

/// `GET /api/athletes/{id}`: the athlete and their matches, newest first.
pub async fn athlete(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ApiError> {
    let athlete = with_records(&state, move |records| records.athlete(id)).await?;
    let matches = super::archive::blocking(move || {
        state.reader()?.matches_filed(store::MatchFilter {
            athlete_id: Some(id),
            ..store::MatchFilter::default()
        })
    })
    .await?;
    let mut body = dto::athlete(&athlete);
    body["match_list"] = matches.iter().map(dto::stored_match).collect();
    Ok(Json(body))
}

/// An organiser's refusal as the client sees it.
fn refused(err: OrganiserError) -> ApiError {
    match err {
        OrganiserError::Invalid { field, .. } => {
            ApiError::invalid_field("invalid_field", field, err.to_string())
        }
        OrganiserError::Duplicate(_) => {
            ApiError::coded(StatusCode::CONFLICT, "name_taken", err.to_string())
        }
        OrganiserError::NotFound(_) => ApiError::not_found(err.to_string()),
        OrganiserError::HasMatches { .. } => {
            ApiError::coded(StatusCode::CONFLICT, "day_has_matches", err.to_string())
        }
        OrganiserError::Closed(_) => {
            ApiError::coded(StatusCode::CONFLICT, "day_closed", err.to_string())
        }
        OrganiserError::Database(_) | OrganiserError::NotMigrated(_) => {
            ApiError::internal("the organiser's records could not be read or written", &err)
        }
    }
}
