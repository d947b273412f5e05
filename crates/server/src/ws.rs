//! `GET /api/ws`: the event stream. Subscribes to the feed before anything is sent, so the
//! client misses nothing between its snapshot and the live messages.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast;

use crate::access::Identity;
use crate::feed::FeedMessage;
use crate::state::AppState;

/// Query of `GET /api/ws`.
#[derive(Debug, Deserialize)]
pub struct Resume {
    /// The last feed seq the client saw.
    since: Option<u64>,
}

/// Upgrades to a WebSocket and streams the feed; a viewer is not sent the log lines.
pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    Query(resume): Query<Resume>,
    Extension(identity): Extension<Identity>,
) -> Response {
    let operator = identity
        .caller
        .is_some_and(|caller| caller.role == auth::Role::Operator);
    ws.on_upgrade(move |socket| stream(socket, state, resume.since, operator))
}

async fn stream(socket: WebSocket, state: AppState, since: Option<u64>, operator: bool) {
    let (mut to_client, mut from_client) = socket.split();
    let mut live = state.feed.subscribe();
    let mut last_sent = match since.and_then(|since| state.feed.since(since)) {
        Some(missed) => {
            let mut last = since.unwrap_or(0);
            for message in missed {
                last = message.seq;
                if message.operator_only && !operator {
                    continue;
                }
                if to_client
                    .send(Message::Text(message.text.as_ref().into()))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            last
        }
        None => match send_snapshot(&mut to_client, &state).await {
            Some(seq) => seq,
            None => return,
        },
    };
    loop {
        tokio::select! {
            incoming = from_client.next() => match incoming {
                // The client sends nothing we act on today; pings are answered by axum.
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            outgoing = live.recv() => {
                let message: FeedMessage = match outgoing {
                    Ok(message) => message,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        match send_snapshot(&mut to_client, &state).await {
                            Some(seq) => { last_sent = seq; continue; }
                            None => break,
                        }
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                if message.seq <= last_sent {
                    continue;
                }
                last_sent = message.seq;
                if message.operator_only && !operator {
                    continue;
                }
                if to_client.send(Message::Text(message.text.as_ref().into())).await.is_err() {
                    break;
                }
            }
        }
    }
}

/// Sends a snapshot numbered with the feed's newest seq; returns that seq, or `None` when the
/// client is gone.
async fn send_snapshot(
    to_client: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    state: &AppState,
) -> Option<u64> {
    let seq = state.feed.last_seq();
    let mut snapshot = state.snapshot();
    snapshot["type"] = json!("snapshot");
    snapshot["seq"] = json!(seq);
    to_client
        .send(Message::Text(snapshot.to_string().into()))
        .await
        .ok()?;
    Some(seq)
}
