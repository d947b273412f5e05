//! The obs-websocket 4.x client (OBS 27 and older with the 4.9 plugin).
//!
//! A v4 server waits for the client to speak: the client asks `GetAuthRequired`, answers the
//! challenge with `Authenticate` (the same SHA-256 string as v5), then sends requests tagged with a
//! `message-id`; events arrive as messages with an `update-type`. The socket is owned by one task,
//! like the v5 [`crate::Client`].
//!
//! v4 differs where it matters to us: it never says where a saved replay went, so
//! [`Client::save_replay_buffer`](crate::ObsControl::save_replay_buffer) watches the recording
//! folder for the new file and publishes [`Event::ReplayBufferSaved`] once its size stops changing
//! (this works only when the folder is reachable from this machine); `StopRecording` has no
//! answer data, so the path comes from the `RecordingStopped` event. This client is tested only
//! against a fake server written from the 4.9.1 protocol document; there is no OBS 27 here.

mod control;
mod event;
mod replay_folder;
mod socket;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Map, Value};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use crate::client::socket::CloseKind;
use crate::client::ConnectOptions;
use crate::event::Event;
use crate::protocol;
use crate::transport::WsStream;
use crate::{Error, Result};

/// Events kept for a slow subscriber.
const EVENT_CAPACITY: usize = 256;

/// A connected, authenticated obs-websocket 4.x session.
#[derive(Debug, Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    commands: mpsc::Sender<socket::Command>,
    events: broadcast::Sender<Event>,
    closed: watch::Receiver<Option<CloseKind>>,
    stop: CancellationToken,
    next_message_id: AtomicU64,
    request_timeout: Duration,
    /// `obs-websocket-version` and `obs-studio-version` from `GetVersion`.
    version: OnceLock<(Option<String>, Option<String>)>,
    /// The last replay the folder watcher found.
    last_replay: Mutex<Option<PathBuf>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Client {
    /// Authenticates on an open socket whose server stayed silent (a v4 server) and reads
    /// `GetVersion`.
    pub(crate) async fn start(socket: WsStream, options: &ConnectOptions) -> Result<Client> {
        let (commands, command_receiver) = mpsc::channel(64);
        let (events, _) = broadcast::channel(EVENT_CAPACITY);
        let (closed_sender, closed) = watch::channel(None);
        let stop = CancellationToken::new();
        tokio::spawn(socket::run(
            socket,
            command_receiver,
            events.clone(),
            closed_sender,
            stop.clone(),
        ));
        let client = Client {
            shared: Arc::new(Shared {
                commands,
                events,
                closed,
                stop,
                next_message_id: AtomicU64::new(1),
                request_timeout: options.request_timeout,
                version: OnceLock::new(),
                last_replay: Mutex::new(None),
            }),
        };
        // On failure the client is dropped here, which ends the socket task.
        let versions = client.authenticate(options).await?;
        let _ = client.shared.version.set(versions);
        Ok(client)
    }

    /// Receives every event from now on.
    pub fn events(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// The plugin version, e.g. `4.9.1`.
    pub fn version(&self) -> Option<&str> {
        self.shared
            .version
            .get()
            .and_then(|(plugin, _)| plugin.as_deref())
    }

    /// The OBS Studio version, e.g. `27.2.4`.
    pub fn obs_version(&self) -> Option<&str> {
        self.shared
            .version
            .get()
            .and_then(|(_, obs)| obs.as_deref())
    }

    /// True once the socket is closed.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.borrow().is_some()
    }

    /// Waits until the socket is closed; always [`Error::Disconnected`] (v4 has no close codes).
    pub async fn closed(&self) -> Error {
        let mut closed = self.shared.closed.clone();
        let _ = closed.wait_for(Option::is_some).await;
        Error::Disconnected
    }

    /// Closes the socket; every handle sees the client as closed.
    pub async fn disconnect(&self) {
        self.shared.stop.cancel();
        let mut closed = self.shared.closed.clone();
        let _ = closed.wait_for(Option::is_some).await;
    }

    /// Sends any v4 request with `fields` (a JSON object, or `null`) and returns the answer's
    /// fields. An `error` status becomes [`Error::Api`] with code 0 (v4 has no codes), or
    /// [`Error::RequestUnsupported`] for an unknown request type.
    pub async fn call(&self, request_type: &str, fields: Value) -> Result<Value> {
        self.call_with_timeout(request_type, fields, self.shared.request_timeout)
            .await
    }

    /// [`Client::call`] with its own timeout (the heartbeat uses a shorter one).
    pub async fn call_with_timeout(
        &self,
        request_type: &str,
        fields: Value,
        timeout: Duration,
    ) -> Result<Value> {
        let message_id = self
            .shared
            .next_message_id
            .fetch_add(1, Ordering::Relaxed)
            .to_string();
        let mut message = match fields {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        message.insert("request-type".into(), json!(request_type));
        message.insert("message-id".into(), json!(message_id));
        let text = Value::Object(message).to_string();
        let (reply, answer) = oneshot::channel();
        let command = socket::Command {
            message_id,
            text,
            reply,
        };
        let exchange = async {
            self.shared
                .commands
                .send(command)
                .await
                .map_err(|_| Error::Disconnected)?;
            answer.await.map_err(|_| Error::Disconnected)
        };
        let answer = tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| Error::Timeout {
                request: request_type.to_owned(),
                timeout_ms: timeout.as_millis() as u64,
            })??;
        answer_result(request_type, answer)
    }

    /// `GetAuthRequired`, `Authenticate` when asked, then `GetVersion`; returns the plugin and
    /// OBS versions.
    async fn authenticate(
        &self,
        options: &ConnectOptions,
    ) -> Result<(Option<String>, Option<String>)> {
        let auth = self.call("GetAuthRequired", Value::Null).await?;
        if auth.get("authRequired").and_then(Value::as_bool) == Some(true) {
            let Some(password) = &options.password else {
                return Err(Error::AuthFailed);
            };
            let text = |name: &str| {
                auth.get(name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let answer = protocol::authentication_string(
                password.expose(),
                &text("salt"),
                &text("challenge"),
            );
            match self.call("Authenticate", json!({ "auth": answer })).await {
                Ok(_) => {}
                Err(Error::Api { .. }) => return Err(Error::AuthFailed),
                Err(other) => return Err(other),
            }
        }
        let version = self.call("GetVersion", Value::Null).await?;
        let text = |name: &str| version.get(name).and_then(Value::as_str).map(str::to_owned);
        Ok((text("obs-websocket-version"), text("obs-studio-version")))
    }
}

/// Turns a v4 answer into its fields or the matching error.
fn answer_result(request_type: &str, answer: Value) -> Result<Value> {
    if answer.get("status").and_then(Value::as_str) == Some("ok") {
        return Ok(answer);
    }
    let message = answer
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if message.eq_ignore_ascii_case("invalid request type") {
        return Err(Error::RequestUnsupported {
            name: request_type.to_owned(),
        });
    }
    Err(Error::Api {
        request: request_type.to_owned(),
        code: 0,
        message,
    })
}
