//! The task that owns a v5 WebSocket: writes requests, routes answers by request id, publishes
//! events, and notes why the socket ended.

use std::collections::HashMap;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

use crate::event::Event;
use crate::protocol::{self, op, Envelope, RequestBatchResponse, RequestResponse};
use crate::transport::WsStream;
use crate::Error;

/// Pending answers are pruned of abandoned (timed-out) callers above this many entries.
const PRUNE_PENDING_ABOVE: usize = 256;

/// What a handle asks the socket task to send.
#[derive(Debug)]
pub(crate) enum Command {
    /// One request; the answer goes to `reply`.
    Request {
        request: protocol::Request,
        reply: oneshot::Sender<RequestResponse>,
    },
    /// A batch; the answer goes to `reply`.
    Batch {
        batch: protocol::RequestBatch,
        reply: oneshot::Sender<RequestBatchResponse>,
    },
}

/// Why the socket task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CloseKind {
    /// Close code 4011.
    Kicked,
    /// Close code 4009.
    AuthFailed,
    /// Anything else: our own close, a normal close by OBS, a reset.
    Lost,
}

impl CloseKind {
    pub(crate) fn into_error(self) -> Error {
        match self {
            CloseKind::Kicked => Error::Kicked,
            CloseKind::AuthFailed => Error::AuthFailed,
            CloseKind::Lost => Error::Disconnected,
        }
    }
}

enum Pending {
    Single(oneshot::Sender<RequestResponse>),
    Batch(oneshot::Sender<RequestBatchResponse>),
}

impl Pending {
    fn is_abandoned(&self) -> bool {
        match self {
            Pending::Single(reply) => reply.is_closed(),
            Pending::Batch(reply) => reply.is_closed(),
        }
    }
}

/// Runs until the socket closes, `stop` fires, or every handle is dropped. Pending callers see
/// their reply sender dropped, which they report as [`Error::Disconnected`].
pub(crate) async fn run(
    mut socket: WsStream,
    mut commands: mpsc::Receiver<Command>,
    events: broadcast::Sender<Event>,
    closed: watch::Sender<Option<CloseKind>>,
    stop: CancellationToken,
) {
    let mut pending: HashMap<String, Pending> = HashMap::new();
    let close_kind = loop {
        tokio::select! {
            _ = stop.cancelled() => {
                let _ = socket.close(None).await;
                break CloseKind::Lost;
            }
            command = commands.recv() => {
                let Some(command) = command else {
                    let _ = socket.close(None).await;
                    break CloseKind::Lost;
                };
                if pending.len() > PRUNE_PENDING_ABOVE {
                    pending.retain(|_, waiting| !waiting.is_abandoned());
                }
                let (request_id, envelope) = match command {
                    Command::Request { request, reply } => {
                        let id = request.request_id.clone();
                        pending.insert(id.clone(), Pending::Single(reply));
                        (id, envelope(op::REQUEST, &request))
                    }
                    Command::Batch { batch, reply } => {
                        let id = batch.request_id.clone();
                        pending.insert(id.clone(), Pending::Batch(reply));
                        (id, envelope(op::REQUEST_BATCH, &batch))
                    }
                };
                let Some(text) = envelope else {
                    pending.remove(&request_id);
                    continue;
                };
                if let Err(err) = socket.send(Message::Text(text.into())).await {
                    tracing::debug!(%err, "obs-websocket send failed");
                    break CloseKind::Lost;
                }
            }
            message = socket.next() => match message {
                None => break CloseKind::Lost,
                Some(Err(err)) => {
                    tracing::debug!(%err, "obs-websocket read failed");
                    break CloseKind::Lost;
                }
                Some(Ok(Message::Text(text))) => route(text.as_str(), &mut pending, &events),
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.map(|frame| u16::from(frame.code)).unwrap_or(1005);
                    tracing::debug!(code, "obs-websocket closed by the server");
                    break match code {
                        protocol::CLOSE_SESSION_INVALIDATED => CloseKind::Kicked,
                        protocol::CLOSE_AUTHENTICATION_FAILED => CloseKind::AuthFailed,
                        _ => CloseKind::Lost,
                    };
                }
                Some(Ok(_)) => {}
            },
        }
    };
    closed.send_replace(Some(close_kind));
}

fn envelope<T: serde::Serialize>(op: u8, data: &T) -> Option<String> {
    let value = serde_json::to_value(data).ok()?;
    serde_json::to_string(&Envelope { op, d: value }).ok()
}

/// Handles one text message from OBS; anything malformed is logged and dropped.
fn route(text: &str, pending: &mut HashMap<String, Pending>, events: &broadcast::Sender<Event>) {
    let envelope: Envelope = match serde_json::from_str(text) {
        Ok(envelope) => envelope,
        Err(err) => {
            tracing::warn!(%err, "obs-websocket sent a message that is not JSON");
            return;
        }
    };
    match envelope.op {
        op::EVENT => match serde_json::from_value::<protocol::EventMessage>(envelope.d) {
            Ok(event) => {
                let _ = events.send(Event::from_v5(&event.event_type, event.event_data));
            }
            Err(err) => tracing::warn!(%err, "obs-websocket sent a malformed event"),
        },
        op::REQUEST_RESPONSE => match serde_json::from_value::<RequestResponse>(envelope.d) {
            Ok(response) => {
                let id = response.request_id.clone().unwrap_or_default();
                if let Some(Pending::Single(reply)) = pending.remove(&id) {
                    let _ = reply.send(response);
                }
            }
            Err(err) => tracing::warn!(%err, "obs-websocket sent a malformed response"),
        },
        op::REQUEST_BATCH_RESPONSE => {
            match serde_json::from_value::<RequestBatchResponse>(envelope.d) {
                Ok(response) => {
                    if let Some(Pending::Batch(reply)) = pending.remove(&response.request_id) {
                        let _ = reply.send(response);
                    }
                }
                Err(err) => tracing::warn!(%err, "obs-websocket sent a malformed batch response"),
            }
        }
        other => tracing::debug!(op = other, "obs-websocket message ignored"),
    }
}
