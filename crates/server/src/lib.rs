//! The HTTP API, the event WebSocket and the built UI of reStrike VTA.
//!
//! - [`router`] builds the axum `Router` from an [`AppState`] (handles to ingest and store);
//!   tests drive it in-process.
//! - [`serve`] runs it on a listener until a cancellation token fires.
//! - [`feed`] turns bus events into the numbered JSON messages of `GET /api/ws`.
//! - [`devices`] keeps the OBS, recorder and replay state the operator sees.
//! - [`logs`] keeps the last log lines ([`logs::LogLayer`]) and puts them on the feed.
//!
//! The JSON shapes are in `API.md` beside this crate and in `GET /api/openapi.json`; only this
//! crate (and `vta matches --json`, which uses [`dto`]) knows them.

mod access;
pub mod devices;
pub mod dto;
mod error;
pub mod feed;
mod licence_days;
pub mod logs;
mod routes;
mod state;
mod ui;
mod ws;

use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{header, Request};
use axum::Router;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;

use access::Guarded;

pub use access::{route_table, Access, ListenerPolicy, RouteRule};
pub use error::ApiError;
pub use routes::audit::audit_row;
pub use state::AppState;
pub use ui::is_built as ui_is_built;

/// The OpenAPI description served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Longest time a plain request may take before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole HTTP surface: `/api/...`, `/api/ws` and the UI, each route behind its access
/// rule (`access`).
pub fn router(state: AppState) -> Router {
    let (api, _) = routes_guarded(state.clone()).finish();
    Router::new()
        .merge(api.layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        )))
        .merge(ws_route(state.clone()).finish().0)
        .fallback(access::fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access::screen,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let matched_path = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
            // The path only: an overlay's query carries its token, which never goes to a log.
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path(), matched_path)
        }))
        .with_state(state)
}

/// The event WebSocket: outside the request timeout, which would cut a long-lived feed.
fn ws_route(state: AppState) -> Guarded {
    Guarded::new(state).get("/api/ws", Access::Viewer, ws::upgrade)
}

/// Every `/api` route but the WebSocket, each with its access rule: `Viewer` reads the state,
/// the feed and the overlays' data; `Operator` changes anything or reads configuration.
fn routes_guarded(state: AppState) -> Guarded {
    use Access::{Operator, Public, Viewer};
    Guarded::new(state)
        .get("/api/health", Viewer, routes::live::health)
        .get("/api/state", Viewer, routes::live::state)
        .get("/api/counters", Viewer, routes::live::counters)
        .get("/api/matches", Viewer, routes::archive::matches)
        .get("/api/matches/{id}", Viewer, routes::archive::match_by_id)
        .get("/api/events", Viewer, routes::archive::events)
        .get("/api/udp", Viewer, routes::udp::get)
        .put("/api/udp", Operator, routes::udp::put)
        .post("/api/udp/start", Operator, routes::udp::start)
        .post("/api/udp/stop", Operator, routes::udp::stop)
        .get("/api/pss/sources", Viewer, routes::pss::sources)
        .post("/api/pss/follow", Operator, routes::pss::follow)
        .get(
            "/api/network/interfaces",
            Operator,
            routes::network::interfaces,
        )
        .get("/api/protocol", Operator, routes::protocol::get)
        .put("/api/protocol", Operator, routes::protocol::put)
        .post(
            "/api/protocol/validate",
            Operator,
            routes::protocol::validate,
        )
        .post("/api/replay/start", Operator, routes::replay::start)
        .post("/api/replay/close", Operator, routes::replay::close)
        .post("/api/replay/speed", Operator, routes::replay::speed)
        .post("/api/replay/step", Operator, routes::replay::step)
        .post("/api/replay/seek", Operator, routes::replay::seek)
        // OBS connections and buttons, the media archive, play a moment, A-B loop, logs.
        .get("/api/obs/connections", Operator, routes::obs::list)
        .post("/api/obs/connections", Operator, routes::obs::add)
        .put("/api/obs/connections/{name}", Operator, routes::obs::update)
        .delete("/api/obs/connections/{name}", Operator, routes::obs::remove)
        .post(
            "/api/obs/connections/{name}/connect",
            Operator,
            routes::obs::connect,
        )
        .post(
            "/api/obs/connections/{name}/disconnect",
            Operator,
            routes::obs::disconnect,
        )
        .post(
            "/api/obs/connections/{name}/test",
            Operator,
            routes::obs::test,
        )
        .post("/api/obs/record", Operator, routes::obs::record)
        .post(
            "/api/obs/replay-buffer",
            Operator,
            routes::obs::replay_buffer,
        )
        .get("/api/obs/scenes", Operator, routes::obs::scenes)
        .post("/api/obs/scene", Operator, routes::obs::set_scene)
        .get("/api/recordings", Viewer, routes::media::recordings)
        .post("/api/replay/play", Operator, routes::media::play)
        .post("/api/replay/loop", Operator, routes::media::ab_loop)
        .get("/api/logs", Operator, routes::logs::logs)
        // Settings, manual mode and marks.
        .get("/api/settings", Viewer, routes::settings::get)
        .put("/api/settings", Operator, routes::settings::put)
        .get("/api/manual", Viewer, routes::manual::get)
        .put("/api/manual", Operator, routes::manual::put)
        .post("/api/manual/match", Operator, routes::manual::create_match)
        .post("/api/mark", Operator, routes::marks::create)
        .get("/api/licence", Viewer, routes::licence::get)
        .put("/api/licence", Operator, routes::licence::put)
        .get("/api/marks", Viewer, routes::marks::list)
        .get("/api/openapi.json", Viewer, openapi)
        // Signing in and the credentials.
        .get("/api/auth/status", Public, routes::auth::status)
        .post("/api/auth/login", Public, routes::auth::login)
        .post("/api/auth/logout", Public, routes::auth::logout)
        .put("/api/auth/password", Public, routes::auth::set_password)
        .get("/api/auth/tokens", Operator, routes::auth::tokens)
        .post("/api/auth/tokens", Operator, routes::auth::create_token)
        .delete(
            "/api/auth/tokens/{name}",
            Operator,
            routes::auth::revoke_token,
        )
        .get("/api/audit", Operator, routes::audit::list)
        // The organiser: tournaments, days, athletes.
        .get("/api/tournaments", Viewer, routes::organiser::tournaments)
        .post(
            "/api/tournaments",
            Operator,
            routes::organiser::create_tournament,
        )
        .put(
            "/api/tournaments/{id}",
            Operator,
            routes::organiser::update_tournament,
        )
        .post(
            "/api/tournaments/{id}/activate",
            Operator,
            routes::organiser::activate_tournament,
        )
        .get(
            "/api/tournaments/{id}/days",
            Viewer,
            routes::organiser::days,
        )
        .post(
            "/api/tournaments/{id}/days",
            Operator,
            routes::organiser::create_day,
        )
        .get("/api/days/active", Viewer, routes::organiser::active_day)
        .put("/api/days/{id}", Operator, routes::organiser::rename_day)
        .delete("/api/days/{id}", Operator, routes::organiser::delete_day)
        .post(
            "/api/days/{id}/activate",
            Operator,
            routes::organiser::activate_day,
        )
        .post(
            "/api/days/{id}/close",
            Operator,
            routes::organiser::close_day,
        )
        .get("/api/athletes", Viewer, routes::organiser::athletes)
        .get("/api/athletes/{id}", Viewer, routes::organiser::athlete)
        // Analytics (JSON, or one table as CSV).
        .get(
            "/api/analytics/match/{id}",
            Viewer,
            routes::analytics::match_view,
        )
        .get(
            "/api/analytics/athlete/{id}",
            Viewer,
            routes::analytics::athlete_view,
        )
        .get(
            "/api/analytics/day/{id}",
            Viewer,
            routes::analytics::day_view,
        )
        .get(
            "/api/analytics/tournament/{id}",
            Viewer,
            routes::analytics::tournament_view,
        )
        // Configuration backup and restore.
        .post("/api/config/export", Operator, routes::config::export)
        .post("/api/config/import", Operator, routes::config::import)
}

async fn openapi() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// Starts the event feed, the log and licence announcers and the server on `listener`, as
/// tasks on `tracker` that stop when `cancel` fires.
pub fn start(
    listener: tokio::net::TcpListener,
    state: AppState,
    bus: app::bus::Bus,
    tracker: &tokio_util::task::TaskTracker,
    cancel: &CancellationToken,
) {
    let counters_state = state.clone();
    let pss_state = state.clone();
    tracker.spawn(feed::run(
        state.feed.clone(),
        bus,
        state.ingest.clone(),
        move |rate| counters_state.counters_json(rate),
        move || pss_state.pss_json(),
        cancel.child_token(),
    ));
    if let Some(book) = state.logs.clone() {
        tracker.spawn(logs::forward(
            book,
            state.feed.clone(),
            cancel.child_token(),
        ));
    }
    let licence_state = state.clone();
    tracker.spawn(licence_days::announce_changes(
        move || licence_state.licence_json(),
        state.feed.clone(),
        licence_days::EVERY,
        cancel.child_token(),
    ));
    let token = cancel.child_token();
    tracker.spawn(async move {
        if let Err(err) = serve(listener, state, token).await {
            tracing::error!(%err, "http server stopped");
        }
    });
}

/// Serves [`router`] on `listener` until `cancel` fires, then finishes open requests. What
/// requests must carry follows from where `listener` is bound ([`ListenerPolicy`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    cancel: CancellationToken,
) -> std::io::Result<()> {
    let policy = ListenerPolicy::bound_to(listener.local_addr()?, state.listener().behind_proxy);
    let app = router(state.with_listener(policy));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move { cancel.cancelled().await })
    .await
}
