//! The backend's WebSocket event feed (`GET /api/ws`), reduced to the one fact the shell needs:
//! is a replay on screen, so the dock should step aside?
//!
//! The shell keeps no match state of its own; it reads the flag from the backend's `snapshot`
//! and `state` messages and ignores everything else. The connection is kept up with a capped
//! backoff; every (re)connect starts with a snapshot, so nothing needs resuming.

use std::time::Duration;

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;
use tracing::{debug, info, warn};

/// The longest pause between two connection attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// Whether a feed message says a replay is on screen: `Some(..)` for messages that carry the
/// live match state (`snapshot`, `state`), `None` for every other message.
///
/// Today "a replay is showing" means a challenge is under review (`state.open_challenge` is
/// not null). When the backend reports the replay player's own status (IVR events), this is
/// the one function to change.
pub fn replay_showing(message: &serde_json::Value) -> Option<bool> {
    match message["type"].as_str()? {
        "snapshot" | "state" => {
            let state = message.get("state")?;
            Some(!state.get("open_challenge")?.is_null())
        }
        _ => None,
    }
}

/// Follows the feed at `url` for as long as the task runs, calling `on_change` with the new
/// value each time "a replay is showing" changes (it starts as false).
pub async fn follow(url: String, mut on_change: impl FnMut(bool) + Send) {
    let mut showing = false;
    let mut backoff = Duration::from_millis(100);
    loop {
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Ok((mut socket, _)) => {
                info!(%url, "following the backend's event feed");
                backoff = Duration::from_millis(100);
                while let Some(frame) = socket.next().await {
                    let text = match frame {
                        Ok(Message::Text(text)) => text,
                        Ok(Message::Close(_)) => break,
                        Ok(_) => continue,
                        Err(err) => {
                            warn!(%err, "event feed broke");
                            break;
                        }
                    };
                    let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else {
                        warn!(frame = %text, "event feed sent a frame that is not JSON");
                        continue;
                    };
                    if let Some(now) = replay_showing(&message) {
                        if now != showing {
                            showing = now;
                            on_change(now);
                        }
                    }
                }
                info!(%url, "event feed closed; reconnecting");
            }
            Err(err) => debug!(%url, %err, "event feed not reachable"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

#[cfg(test)]
mod tests {
    use futures_util::SinkExt;
    use serde_json::json;
    use tokio::net::TcpListener;
    use tokio::sync::mpsc;

    use super::*;

    fn state(open: serde_json::Value) -> serde_json::Value {
        json!({"type": "state", "seq": 1, "state": {"phase": "running", "open_challenge": open}})
    }

    #[test]
    fn only_state_messages_say_whether_a_replay_shows() {
        assert_eq!(replay_showing(&state(json!(0))), Some(true));
        assert_eq!(replay_showing(&state(json!(null))), Some(false));
        let snapshot = json!({"type": "snapshot", "seq": 0, "state": {"open_challenge": 2},
                              "counters": {}, "manual_mode": false});
        assert_eq!(replay_showing(&snapshot), Some(true));
        assert_eq!(replay_showing(&json!({"type": "counters", "seq": 3})), None);
        assert_eq!(
            replay_showing(&json!({"type": "stored", "up_to_seq": 4})),
            None
        );
        assert_eq!(replay_showing(&json!({"type": "state", "seq": 5})), None);
        assert_eq!(replay_showing(&json!({"type": "state", "state": {}})), None);
        assert_eq!(replay_showing(&json!([1, 2])), None);
    }

    /// A real WebSocket server on loopback: the first connection plays a challenge open and
    /// closed and then drops; the second opens another one. The follower must report each
    /// change once, skip repeats and noise, and reconnect by itself.
    #[tokio::test]
    async fn follow_reports_changes_and_reconnects() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/api/ws", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let sessions = [
                vec![
                    json!({"type": "snapshot", "seq": 0, "state": {"open_challenge": null}}),
                    state(json!(0)),
                    json!({"type": "counters", "seq": 2, "counters": {}}),
                    state(json!(0)),
                    state(json!(null)),
                ],
                vec![json!({"type": "snapshot", "seq": 9, "state": {"open_challenge": 1}})],
            ];
            for messages in sessions {
                let (stream, _) = listener.accept().await.unwrap();
                let mut socket = tokio_tungstenite::accept_async(stream).await.unwrap();
                socket.send(Message::text("not json")).await.unwrap();
                for message in messages {
                    socket
                        .send(Message::text(message.to_string()))
                        .await
                        .unwrap();
                }
                socket.close(None).await.unwrap();
            }
            // Keep the listener open so the follower's later attempts do not matter.
            std::future::pending::<()>().await;
        });
        let (changes, mut seen) = mpsc::unbounded_channel();
        let follower = tokio::spawn(follow(url, move |showing| {
            changes.send(showing).unwrap();
        }));
        let mut values = Vec::new();
        for _ in 0..3 {
            let value = tokio::time::timeout(Duration::from_secs(10), seen.recv())
                .await
                .expect("the follower reported in time")
                .unwrap();
            values.push(value);
        }
        follower.abort();
        assert_eq!(values, [true, false, true]);
    }
}
