//! The operator UI and overlays, built by `build.rs` and embedded in the binary.
//! Unknown paths outside `/api` get `index.html`, so the UI's own router handles them.

use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$OUT_DIR/ui"]
#[allow_missing = true]
struct Assets;

/// Whether this binary carries a built UI.
pub fn is_built() -> bool {
    Assets::get("index.html").is_some()
}

/// Serves an embedded file, or `index.html` for an unknown page path.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(response) = file(path) {
        return response;
    }
    if path.starts_with("api/") || path == "api" {
        return crate::error::ApiError::not_found(format!("no API route {}", uri.path()))
            .into_response();
    }
    let page = if path.starts_with("overlay/") {
        file(&format!("{}.html", path.trim_end_matches('/')))
    } else {
        None
    };
    page.or_else(|| file("index.html")).unwrap_or_else(|| {
        (
            StatusCode::NOT_FOUND,
            Html(
                "<!doctype html><title>reStrike VTA</title><p>The operator UI was not built into \
                 this binary (see the cargo warning from the server crate; Node.js and npm are \
                 needed). The API is at <a href=\"/api/state\">/api/state</a>.</p>",
            ),
        )
            .into_response()
    })
}

fn file(path: &str) -> Option<Response> {
    let path = if path.is_empty() { "index.html" } else { path };
    let asset = Assets::get(path)?;
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, asset.metadata.mimetype().to_owned()),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
            asset.data.into_owned(),
        )
            .into_response(),
    )
}
