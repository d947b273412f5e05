//! Live logs: lines kept in memory for `GET /api/logs`, info-and-above lines on the feed.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tracing_subscriber::layer::SubscriberExt;

use crate::common::start;

#[tokio::test]
async fn log_lines_are_kept_for_the_api_and_info_lines_reach_the_feed() {
    let fixture = start().await;
    // The test runtime has one thread: the server's tasks log through this subscriber too.
    let _logging =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(fixture.logs.layer()));
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{}/api/ws", fixture.http))
        .await
        .expect("websocket connects");
    let snapshot = socket.next().await.expect("snapshot").expect("frame");
    assert!(snapshot.to_text().unwrap_or_default().contains("snapshot"));
    // A viewer (an overlay's token) follows the same feed without the log lines.
    let viewer_token = auth::Credentials::open(fixture.store.path())
        .expect("credentials")
        .create_token("overlay", auth::Role::Viewer)
        .expect("viewer token");
    let (mut viewer, _) = tokio_tungstenite::connect_async(format!(
        "ws://{}/api/ws?token={viewer_token}",
        fixture.http
    ))
    .await
    .expect("the viewer's websocket connects");
    let snapshot = viewer.next().await.expect("snapshot").expect("frame");
    assert!(snapshot.to_text().unwrap_or_default().contains("snapshot"));

    // The feed's own lines stay out of the feed (no line can cause another).
    tracing::warn!(target: "server::feed", "the feed's own line");
    tracing::debug!(target: "app::test", "details nobody asked for");
    tracing::info!(target: "app::test", conn = "court-1", "obs connection set");
    let waiting = async {
        loop {
            let Some(Ok(Message::Text(text))) = socket.next().await else {
                panic!("the feed closed");
            };
            let message: Value = serde_json::from_str(text.as_str()).expect("JSON");
            assert_ne!(message["log"]["target"], "server::feed", "{message}");
            if message["type"] == "log" && message["log"]["target"] == "app::test" {
                return message;
            }
        }
    };
    let message = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("a log message on the feed");
    // The next message for everyone: the viewer gets it, and no log line before it.
    let (status, _) = fixture
        .call(
            Method::PUT,
            "/api/manual",
            Some(serde_json::json!({"enabled": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let viewer_saw = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let Some(Ok(Message::Text(text))) = viewer.next().await else {
                panic!("the viewer's feed closed");
            };
            let message: Value = serde_json::from_str(text.as_str()).expect("JSON");
            assert_ne!(
                message["type"], "log",
                "a log line reached a viewer: {message}"
            );
            if message["type"] == "manual" {
                return message;
            }
        }
    })
    .await
    .expect("the viewer's manual message");
    assert_eq!(viewer_saw["enabled"], true);
    let line = &message["log"];
    assert_eq!(line["message"], "obs connection set", "{message}");
    assert_eq!(line["level"], "info");
    assert_eq!(line["fields"]["conn"], "court-1");
    assert!(line["seq"].as_u64().unwrap() > 0 && line["at_us"].as_i64().unwrap() > 0);

    let (status, info) = fixture
        .call(Method::GET, "/api/logs?level=info&limit=500", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let ours = |lines: &Value| -> Vec<String> {
        lines
            .as_array()
            .unwrap()
            .iter()
            .filter(|line| line["target"] == "app::test")
            .map(|line| line["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ours(&info), ["obs connection set"]);
    let (_, debug) = fixture
        .call(Method::GET, "/api/logs?level=debug", None)
        .await;
    assert_eq!(
        ours(&debug),
        ["details nobody asked for", "obs connection set"],
        "oldest first"
    );
    let (_, last) = fixture
        .call(Method::GET, "/api/logs?level=debug&limit=1", None)
        .await;
    assert_eq!(last.as_array().map(Vec::len), Some(1));
    let (_, warnings) = fixture
        .call(Method::GET, "/api/logs?level=warn", None)
        .await;
    assert!(
        warnings
            .as_array()
            .unwrap()
            .iter()
            .any(|line| line["message"] == "the feed's own line"),
        "kept for the API: {warnings}"
    );
    let (status, _) = fixture
        .call(Method::GET, "/api/logs?level=loud", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    fixture.stop().await;
}
