//! The embedded UI: served at `/`, with page paths falling back to `index.html`.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::start;

async fn get(http: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(http).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {http}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut response))
        .await
        .expect("answer in time")
        .expect("read");
    response
}

#[tokio::test]
async fn the_built_ui_is_served_with_a_page_fallback() {
    let required = std::env::var("CI").is_ok_and(|v| v == "true");
    if !server::ui_is_built() {
        assert!(
            !required,
            "CI=true but this binary has no built UI (see the server crate's build warning)"
        );
        eprintln!("skipped: the UI is not built into this test binary (needs Node.js and npm)");
        return;
    }
    let fixture = start().await;
    for path in ["/", "/archive", "/settings"] {
        let response = get(fixture.http, path).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{path}: {response}");
        assert!(
            response.to_lowercase().contains("<!doctype html>"),
            "{path}"
        );
    }
    fixture.stop().await;
}
