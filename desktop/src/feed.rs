//! The backend's WebSocket event feed (`GET /api/ws`), reduced to the two facts the shell
//! needs: is a replay on screen (so the dock should step aside), and which global shortcuts
//! the operator chose in the UI's Settings.
//!
//! The shell keeps no match state of its own. A replay is on screen while a challenge is under
//! review (`state.open_challenge` in `snapshot` and `state` messages) or while the replay flow
//! plays a clip (`replay.status == "playing"` in `snapshot` and `replay` messages: the
//! operator's REPLAY and played moments have no challenge). The shortcut map is the settings'
//! `hotkeys` (in `snapshot` and `settings` messages). Everything else is ignored. The connection
//! is kept up with a capped backoff; every (re)connect starts with a snapshot, so nothing needs
//! resuming.

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};
use tracing::{debug, info, warn};

/// The longest pause between two connection attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// What one feed message says that the shell cares about; `None` fields say nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedFacts {
    /// Whether a challenge is under review (`snapshot`, `state`).
    pub challenge_open: Option<bool>,
    /// Whether the replay flow plays a clip (`snapshot`, `replay`); `None` also for the
    /// statuses that do not change the screen (saving, queued, warning).
    pub replay_playing: Option<bool>,
    /// The settings' hotkey map, action name → keys (`snapshot`, `settings`).
    pub hotkeys: Option<BTreeMap<String, String>>,
}

impl FeedFacts {
    /// Reads one feed message; unknown or malformed messages give an empty value.
    pub fn of(message: &serde_json::Value) -> FeedFacts {
        let kind = message["type"].as_str().unwrap_or_default();
        let snapshot = kind == "snapshot";
        let mut facts = FeedFacts::default();
        if snapshot || kind == "state" {
            facts.challenge_open = message
                .get("state")
                .and_then(|state| state.get("open_challenge"))
                .map(|open| !open.is_null());
        }
        if snapshot || kind == "replay" {
            facts.replay_playing = match message["replay"]["status"].as_str() {
                Some("playing") => Some(true),
                Some("idle" | "closed" | "failed") => Some(false),
                _ => None,
            };
        }
        if snapshot || kind == "settings" {
            facts.hotkeys = message["settings"]["hotkeys"].as_object().map(|keys| {
                keys.iter()
                    .filter_map(|(action, keys)| Some((action.clone(), keys.as_str()?.to_string())))
                    .collect()
            });
        }
        facts
    }
}

/// What the shell is told while it follows the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedChange {
    /// A replay came on screen (`true`) or went away; reported on change only.
    ReplayShowing(bool),
    /// The backend's hotkey map (on every snapshot and every settings change).
    Hotkeys(BTreeMap<String, String>),
}

/// Follows the feed at `url` for as long as the task runs, calling `on_change` when "a replay
/// is showing" changes (it starts as false) and with each hotkey map the backend sends.
/// With `token`, the upgrade carries it as `Authorization: Bearer`.
pub async fn follow(
    url: String,
    token: Option<String>,
    mut on_change: impl FnMut(FeedChange) + Send,
) {
    let mut challenge_open = false;
    let mut replay_playing = false;
    let mut showing = false;
    let mut backoff = Duration::from_millis(100);
    loop {
        let connected = match upgrade_request(&url, token.as_deref()) {
            Ok(request) => tokio_tungstenite::connect_async(request).await,
            Err(err) => Err(err),
        };
        match connected {
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
                    let facts = FeedFacts::of(&message);
                    challenge_open = facts.challenge_open.unwrap_or(challenge_open);
                    replay_playing = facts.replay_playing.unwrap_or(replay_playing);
                    let now = challenge_open || replay_playing;
                    if now != showing {
                        showing = now;
                        on_change(FeedChange::ReplayShowing(now));
                    }
                    if let Some(hotkeys) = facts.hotkeys {
                        on_change(FeedChange::Hotkeys(hotkeys));
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

/// The upgrade request for `url`, with `Authorization: Bearer <token>` when there is one; a
/// URL that does not parse is the connection's error, as `connect_async` would give it.
fn upgrade_request(url: &str, token: Option<&str>) -> Result<Request, tungstenite::Error> {
    let mut request = url.into_client_request()?;
    if let Some(value) =
        token.and_then(|token| HeaderValue::from_str(&format!("Bearer {token}")).ok())
    {
        request.headers_mut().insert("authorization", value);
    }
    Ok(request)
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

    fn replay(status: &str) -> serde_json::Value {
        json!({"type": "replay", "seq": 1, "replay": {"status": status, "replay_id": 1, "reason": null}})
    }

    #[test]
    fn each_message_kind_says_only_what_it_carries() {
        assert_eq!(FeedFacts::of(&state(json!(0))).challenge_open, Some(true));
        assert_eq!(
            FeedFacts::of(&state(json!(null))).challenge_open,
            Some(false)
        );
        assert_eq!(FeedFacts::of(&state(json!(0))).replay_playing, None);
        let snapshot = json!({"type": "snapshot", "seq": 0, "state": {"open_challenge": 2},
                              "counters": {}, "manual_mode": false,
                              "replay": {"status": "idle", "replay_id": null, "reason": null},
                              "settings": {"hotkeys": {"replay": "Ctrl+Alt+R", "mark": 7}}});
        let facts = FeedFacts::of(&snapshot);
        assert_eq!(facts.challenge_open, Some(true));
        assert_eq!(facts.replay_playing, Some(false));
        let hotkeys = facts.hotkeys.unwrap();
        assert_eq!(
            hotkeys.len(),
            1,
            "a key that is not text is dropped: {hotkeys:?}"
        );
        assert_eq!(hotkeys["replay"], "Ctrl+Alt+R");
        assert_eq!(FeedFacts::of(&replay("playing")).replay_playing, Some(true));
        assert_eq!(FeedFacts::of(&replay("closed")).replay_playing, Some(false));
        assert_eq!(FeedFacts::of(&replay("failed")).replay_playing, Some(false));
        assert_eq!(FeedFacts::of(&replay("saving")).replay_playing, None);
        assert_eq!(FeedFacts::of(&replay("warning")).replay_playing, None);
        let settings = json!({"type": "settings", "seq": 4,
                              "settings": {"hotkeys": {"toggle_dock": "F9"}}});
        assert_eq!(
            FeedFacts::of(&settings).hotkeys.unwrap()["toggle_dock"],
            "F9"
        );
        for noise in [
            json!({"type": "counters", "seq": 3}),
            json!({"type": "stored", "up_to_seq": 4}),
            json!({"type": "state", "seq": 5}),
            json!({"type": "settings", "seq": 6}),
            json!([1, 2]),
        ] {
            assert_eq!(FeedFacts::of(&noise), FeedFacts::default(), "{noise}");
        }
    }

    /// A real WebSocket server on loopback: the first connection plays a challenge open and
    /// closed and then drops; the second sends a hotkey map, plays a clip and a challenge that
    /// overlap. The follower must report each change once, skip repeats and noise, and
    /// reconnect by itself.
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
                vec![
                    json!({"type": "snapshot", "seq": 9, "state": {"open_challenge": null},
                           "replay": {"status": "idle"}, "settings": {"hotkeys": {"replay": "F8"}}}),
                    replay("saving"),
                    replay("playing"),
                    state(json!(1)),
                    replay("closed"),
                    state(json!(null)),
                ],
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
        let follower = tokio::spawn(follow(url, None, move |change| {
            changes.send(change).unwrap();
        }));
        let mut values = Vec::new();
        for _ in 0..5 {
            let value = tokio::time::timeout(Duration::from_secs(10), seen.recv())
                .await
                .expect("the follower reported in time")
                .unwrap();
            values.push(value);
        }
        follower.abort();
        let f8 = BTreeMap::from([("replay".to_string(), "F8".to_string())]);
        assert_eq!(
            values,
            [
                FeedChange::ReplayShowing(true),
                FeedChange::ReplayShowing(false),
                FeedChange::Hotkeys(f8),
                // A played clip steps the dock aside; a challenge opened meanwhile keeps it
                // aside after the clip closed, until the challenge is decided.
                FeedChange::ReplayShowing(true),
                FeedChange::ReplayShowing(false),
            ]
        );
    }
}
