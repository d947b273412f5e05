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
use axum::routing::{get, post, put};
use axum::Router;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use state::AppState;
pub use ui::is_built as ui_is_built;

/// The OpenAPI description served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Longest time a plain request may take before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The whole HTTP surface: `/api/...`, `/api/ws` and the UI.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/health", get(routes::live::health))
        .route("/api/state", get(routes::live::state))
        .route("/api/counters", get(routes::live::counters))
        .route("/api/matches", get(routes::archive::matches))
        .route("/api/matches/{id}", get(routes::archive::match_by_id))
        .route("/api/events", get(routes::archive::events))
        .route("/api/udp", get(routes::udp::get).put(routes::udp::put))
        .route("/api/udp/start", post(routes::udp::start))
        .route("/api/udp/stop", post(routes::udp::stop))
        .route("/api/network/interfaces", get(routes::network::interfaces))
        .route(
            "/api/protocol",
            get(routes::protocol::get).put(routes::protocol::put),
        )
        .route("/api/protocol/validate", post(routes::protocol::validate))
        .route("/api/replay/start", post(routes::replay::start))
        .route("/api/replay/close", post(routes::replay::close))
        .route("/api/replay/speed", post(routes::replay::speed))
        .route("/api/replay/step", post(routes::replay::step))
        .route("/api/replay/seek", post(routes::replay::seek))
        // OBS connections and buttons, the media archive, play a moment, A-B loop, logs.
        .route(
            "/api/obs/connections",
            get(routes::obs::list).post(routes::obs::add),
        )
        .route(
            "/api/obs/connections/{name}",
            put(routes::obs::update).delete(routes::obs::remove),
        )
        .route(
            "/api/obs/connections/{name}/connect",
            post(routes::obs::connect),
        )
        .route(
            "/api/obs/connections/{name}/disconnect",
            post(routes::obs::disconnect),
        )
        .route("/api/obs/connections/{name}/test", post(routes::obs::test))
        .route("/api/obs/record", post(routes::obs::record))
        .route("/api/obs/replay-buffer", post(routes::obs::replay_buffer))
        .route("/api/obs/scenes", get(routes::obs::scenes))
        .route("/api/obs/scene", post(routes::obs::set_scene))
        .route("/api/recordings", get(routes::media::recordings))
        .route("/api/replay/play", post(routes::media::play))
        .route("/api/replay/loop", post(routes::media::ab_loop))
        .route("/api/logs", get(routes::logs::logs))
        // Settings, manual mode and marks.
        .route(
            "/api/settings",
            get(routes::settings::get).put(routes::settings::put),
        )
        .route(
            "/api/manual",
            get(routes::manual::get).put(routes::manual::put),
        )
        .route("/api/manual/match", post(routes::manual::create_match))
        .route("/api/mark", post(routes::marks::create))
        .route(
            "/api/licence",
            get(routes::licence::get).put(routes::licence::put),
        )
        .route("/api/marks", get(routes::marks::list))
        .route("/api/openapi.json", get(openapi))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    Router::new()
        .merge(api)
        .route("/api/ws", get(ws::upgrade))
        .fallback(ui::serve)
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let matched_path = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
            tracing::debug_span!("request", method = %request.method(), uri = %request.uri(), matched_path)
        }))
        .with_state(state)
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
    tracker.spawn(feed::run(
        state.feed.clone(),
        bus,
        state.ingest.clone(),
        move |rate| counters_state.counters_json(rate),
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

/// Serves [`router`] on `listener` until `cancel` fires, then finishes open requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    cancel: CancellationToken,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move { cancel.cancelled().await })
        .await
}
