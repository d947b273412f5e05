//! The task that owns a v4 WebSocket: writes requests, routes answers by `message-id`, publishes
//! events (`update-type` messages), and notes why the socket ended.

use std::collections::HashMap;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

use super::event;
use crate::client::socket::CloseKind;
use crate::event::Event;
use crate::transport::WsStream;

/// Pending answers are pruned of abandoned (timed-out) callers above this many entries.
const PRUNE_PENDING_ABOVE: usize = 256;

/// One request: its id, its JSON text, and where the answer goes.
#[derive(Debug)]
pub(crate) struct Command {
    pub(crate) message_id: String,
    pub(crate) text: String,
    pub(crate) reply: oneshot::Sender<Value>,
}

/// Runs until the socket closes, `stop` fires, or every handle is dropped.
pub(crate) async fn run(
    mut socket: WsStream,
    mut commands: mpsc::Receiver<Command>,
    events: broadcast::Sender<Event>,
    closed: watch::Sender<Option<CloseKind>>,
    stop: CancellationToken,
) {
    let mut pending: HashMap<String, oneshot::Sender<Value>> = HashMap::new();
    loop {
        tokio::select! {
            _ = stop.cancelled() => {
                let _ = socket.close(None).await;
                break;
            }
            command = commands.recv() => {
                let Some(command) = command else {
                    let _ = socket.close(None).await;
                    break;
                };
                if pending.len() > PRUNE_PENDING_ABOVE {
                    pending.retain(|_, reply| !reply.is_closed());
                }
                pending.insert(command.message_id, command.reply);
                if let Err(err) = socket.send(Message::Text(command.text.into())).await {
                    tracing::debug!(%err, "obs-websocket v4 send failed");
                    break;
                }
            }
            message = socket.next() => match message {
                Some(Ok(Message::Text(text))) => route(text.as_str(), &mut pending, &events),
                Some(Ok(Message::Close(_))) | None => break,
                Some(Err(err)) => {
                    tracing::debug!(%err, "obs-websocket v4 read failed");
                    break;
                }
                Some(Ok(_)) => {}
            },
        }
    }
    // v4 has no close codes for authentication or kicks.
    closed.send_replace(Some(CloseKind::Lost));
}

fn route(
    text: &str,
    pending: &mut HashMap<String, oneshot::Sender<Value>>,
    events: &broadcast::Sender<Event>,
) {
    let message: Value = match serde_json::from_str(text) {
        Ok(message) => message,
        Err(err) => {
            tracing::warn!(%err, "obs-websocket v4 sent a message that is not JSON");
            return;
        }
    };
    if message.get("update-type").is_some() {
        let _ = events.send(event::from_v4(message));
        return;
    }
    let message_id = message
        .get("message-id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if let Some(reply) = pending.remove(message_id) {
        let _ = reply.send(message);
    }
}
