//! The obs-websocket v5 client: connect and authenticate, then send requests and receive events.
//!
//! A [`Client`] is a cheap-to-clone handle. One background task owns the WebSocket: it writes the
//! requests that handles send over a channel, matches each answer to its caller through a map of
//! request id -> oneshot sender, and fans events out on a broadcast channel. When the task ends
//! (socket closed, [`Client::disconnect`], or every handle dropped) pending and later calls fail
//! with [`Error::Disconnected`]. Requests are grouped by protocol area like obws does:
//! `client.replay_buffer().save()`, `client.record().start()`,
//! `client.scenes().set_current_program("IVR_SCENE")`.
//!
//! Reconnecting is not done here; [`crate::Connection`] supervises a client.

mod general;
pub(crate) mod handshake;
mod inputs;
mod profile;
mod record;
mod replay_buffer;
mod scenes;
pub(crate) mod socket;
mod stream;
mod ui;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

pub use general::{General, Stats, Version};
pub use inputs::Inputs;
pub use profile::{Profile, ProfileParameter};
pub use record::{Record, RecordStatus};
pub use replay_buffer::ReplayBuffer;
pub use scenes::{Scene, SceneList, Scenes};
pub use stream::{Stream, StreamStatus};
pub use ui::Ui;

use crate::event::Event;
use crate::protocol;
use crate::transport::{self, WsStream};
use crate::{Error, Password, Protocol, Result};
use socket::{CloseKind, Command};

/// How many times a request answered with status 207 (OBS not ready) is sent again.
const NOT_READY_RETRIES: u32 = 10;
/// Pause between two tries of a request answered with status 207.
const NOT_READY_DELAY: Duration = Duration::from_millis(100);
/// Events kept for a slow subscriber before it starts missing some.
const EVENT_CAPACITY: usize = 256;

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Host name or IP address of the OBS machine.
    pub host: String,
    /// obs-websocket port (4455 by default in OBS).
    pub port: u16,
    /// Needed when OBS has authentication on.
    pub password: Option<Password>,
    /// Limit for every request; [`Error::Timeout`] after it.
    pub request_timeout: Duration,
    /// Limit for opening the socket plus Hello / Identify.
    pub handshake_timeout: Duration,
    /// `Identify.eventSubscriptions` bits; all non-high-volume events by default.
    pub event_subscriptions: u32,
    /// Which protocol [`crate::connect`] speaks; [`Client::connect`] always speaks v5.
    pub protocol: Protocol,
}

impl ConnectOptions {
    /// Options with the defaults: no password, 5 s request and handshake timeouts, all events,
    /// protocol auto.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        Self {
            host: host.into(),
            port,
            password: None,
            request_timeout: Duration::from_secs(5),
            handshake_timeout: Duration::from_secs(5),
            event_subscriptions: protocol::EVENT_SUBSCRIPTION_ALL,
            protocol: Protocol::Auto,
        }
    }

    /// Sets the password.
    pub fn password(mut self, password: impl Into<Password>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the per-request timeout.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// `host:port`, as used in messages.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// One request of a [`Client::batch`].
#[derive(Debug, Clone)]
pub struct BatchRequest {
    /// e.g. `GetRecordStatus`.
    pub request_type: String,
    /// Parameters, if any.
    pub data: Option<Value>,
}

impl BatchRequest {
    /// A request without parameters.
    pub fn new(request_type: impl Into<String>) -> Self {
        Self {
            request_type: request_type.into(),
            data: None,
        }
    }

    /// A request with parameters.
    pub fn with_data(request_type: impl Into<String>, data: Value) -> Self {
        Self {
            request_type: request_type.into(),
            data: Some(data),
        }
    }
}

/// The outcome of one request in a batch.
#[derive(Debug)]
pub struct BatchResult {
    /// Which request this is.
    pub request_type: String,
    /// Its response data, or why it failed.
    pub result: Result<Value>,
}

/// A connected, identified obs-websocket v5 session.
#[derive(Debug, Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// Requests to the socket task; the task ends when every sender is gone.
    commands: mpsc::Sender<Command>,
    /// Typed events, fed by the socket task.
    events: broadcast::Sender<Event>,
    /// Set once by the socket task when it ends.
    closed: watch::Receiver<Option<CloseKind>>,
    /// Ends the socket task with a clean close frame.
    stop: CancellationToken,
    next_request_id: AtomicU64,
    request_timeout: Duration,
    negotiated_rpc_version: u32,
    /// `GetVersion`, read once right after Identify; drives feature detection.
    version: OnceLock<Version>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Client {
    /// Opens the WebSocket, does Hello / Identify (with authentication when OBS asks for it),
    /// reads `GetVersion` for feature detection and returns the ready client.
    ///
    /// A wrong password gives [`Error::AuthFailed`]; a server that sends no Hello (e.g. an
    /// obs-websocket 4.x server, which waits for the client) gives [`Error::Handshake`].
    pub async fn connect(options: ConnectOptions) -> Result<Client> {
        let handshake = async {
            let mut socket = transport::open(&options).await?;
            let hello = handshake::read_message(&mut socket).await?;
            let negotiated_rpc_version = handshake::identify(&mut socket, hello, &options).await?;
            Ok::<_, Error>((socket, negotiated_rpc_version))
        };
        let (socket, negotiated_rpc_version) =
            tokio::time::timeout(options.handshake_timeout, handshake)
                .await
                .map_err(|_| handshake::timeout_error(&options))??;
        Client::start(socket, negotiated_rpc_version, &options).await
    }

    /// Starts the socket task on an identified socket and reads `GetVersion`.
    pub(crate) async fn start(
        socket: WsStream,
        negotiated_rpc_version: u32,
        options: &ConnectOptions,
    ) -> Result<Client> {
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
                next_request_id: AtomicU64::new(1),
                request_timeout: options.request_timeout,
                negotiated_rpc_version,
                version: OnceLock::new(),
            }),
        };
        let version = client.general().version().await?;
        let _ = client.shared.version.set(version);
        Ok(client)
    }

    /// Receives every event from now on. Subscribe before the action whose event you await.
    pub fn events(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// The `GetVersion` answer read at connect time.
    pub fn version(&self) -> Option<&Version> {
        self.shared.version.get()
    }

    /// The RPC version agreed in Identified.
    pub fn rpc_version(&self) -> u32 {
        self.shared.negotiated_rpc_version
    }

    /// Whether OBS lists this request in `availableRequests` (true when it sent no list).
    pub fn supports(&self, request_type: &str) -> bool {
        self.version()
            .map(|version| version.supports(request_type))
            .unwrap_or(true)
    }

    /// True once the socket is closed for any reason.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.borrow().is_some()
    }

    /// Waits until the socket is closed and says why: [`Error::Kicked`] (close 4011),
    /// [`Error::AuthFailed`] (close 4009), or [`Error::Disconnected`] for anything else.
    pub async fn closed(&self) -> Error {
        let mut closed = self.shared.closed.clone();
        let kind = match closed.wait_for(Option::is_some).await {
            Ok(kind) => kind.unwrap_or(CloseKind::Lost),
            Err(_) => CloseKind::Lost,
        };
        kind.into_error()
    }

    /// Closes the socket with a normal close frame; every handle sees the client as closed.
    pub async fn disconnect(&self) {
        self.shared.stop.cancel();
        let mut closed = self.shared.closed.clone();
        let _ = closed.wait_for(Option::is_some).await;
    }

    /// Sends any request and returns its `responseData` (`null` when there is none). Status 207
    /// (not ready) is retried; the request timeout applies to each try.
    pub async fn call(&self, request_type: &str, data: Option<Value>) -> Result<Value> {
        let mut tries = 0;
        loop {
            let response = self
                .call_once(request_type, data.clone(), self.shared.request_timeout)
                .await?;
            if response.request_status.code == protocol::STATUS_NOT_READY
                && tries < NOT_READY_RETRIES
            {
                tries += 1;
                tokio::time::sleep(NOT_READY_DELAY).await;
                continue;
            }
            return response_result(response);
        }
    }

    /// Sends one request once, with its own timeout, and returns the raw response (whatever its
    /// status). The connection supervisor uses it for the heartbeat.
    pub async fn call_once(
        &self,
        request_type: &str,
        data: Option<Value>,
        timeout: Duration,
    ) -> Result<protocol::RequestResponse> {
        let request = protocol::Request {
            request_type: request_type.to_owned(),
            request_id: self.next_request_id(),
            request_data: data,
        };
        let (reply, answer) = oneshot::channel();
        let exchange = async {
            self.shared
                .commands
                .send(Command::Request { request, reply })
                .await
                .map_err(|_| Error::Disconnected)?;
            answer.await.map_err(|_| Error::Disconnected)
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| Error::Timeout {
                request: request_type.to_owned(),
                timeout_ms: timeout.as_millis() as u64,
            })?
    }

    /// Sends several requests in one `RequestBatch` and returns one result per executed request,
    /// in order. With `halt_on_failure`, OBS stops at the first failure and later requests have no
    /// result.
    #[doc(alias = "RequestBatch")]
    pub async fn batch(
        &self,
        requests: Vec<BatchRequest>,
        halt_on_failure: bool,
    ) -> Result<Vec<BatchResult>> {
        let batch = protocol::RequestBatch {
            request_id: self.next_request_id(),
            halt_on_failure,
            requests: requests
                .into_iter()
                .enumerate()
                .map(|(index, request)| protocol::Request {
                    request_type: request.request_type,
                    request_id: index.to_string(),
                    request_data: request.data,
                })
                .collect(),
        };
        let (reply, answer) = oneshot::channel();
        let timeout = self.shared.request_timeout;
        let exchange = async {
            self.shared
                .commands
                .send(Command::Batch { batch, reply })
                .await
                .map_err(|_| Error::Disconnected)?;
            answer.await.map_err(|_| Error::Disconnected)
        };
        let response = tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| Error::Timeout {
                request: "RequestBatch".to_owned(),
                timeout_ms: timeout.as_millis() as u64,
            })??;
        Ok(response
            .results
            .into_iter()
            .map(|result| BatchResult {
                request_type: result.request_type.clone(),
                result: response_result(result),
            })
            .collect())
    }

    /// Version and statistics.
    pub fn general(&self) -> General<'_> {
        General { client: self }
    }

    /// Recording.
    pub fn record(&self) -> Record<'_> {
        Record { client: self }
    }

    /// The replay buffer.
    pub fn replay_buffer(&self) -> ReplayBuffer<'_> {
        ReplayBuffer { client: self }
    }

    /// Scenes and scene items.
    pub fn scenes(&self) -> Scenes<'_> {
        Scenes { client: self }
    }

    /// Profile parameters.
    pub fn profile(&self) -> Profile<'_> {
        Profile { client: self }
    }

    /// Studio mode.
    pub fn ui(&self) -> Ui<'_> {
        Ui { client: self }
    }

    /// Inputs (audio mute).
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs { client: self }
    }

    /// Streaming.
    pub fn stream(&self) -> Stream<'_> {
        Stream { client: self }
    }

    /// Sends a request and reads its response data as `T`.
    async fn call_as<T: DeserializeOwned>(
        &self,
        request_type: &str,
        data: Option<Value>,
    ) -> Result<T> {
        let value = self.call(request_type, data).await?;
        serde_json::from_value(value)
            .map_err(|err| Error::Protocol(format!("unexpected {request_type} response: {err}")))
    }

    /// Fails with [`Error::RequestUnsupported`] unless OBS offers the request.
    fn require(&self, request_type: &str) -> Result<()> {
        if self.supports(request_type) {
            Ok(())
        } else {
            Err(Error::RequestUnsupported {
                name: request_type.to_owned(),
            })
        }
    }

    fn next_request_id(&self) -> String {
        self.shared
            .next_request_id
            .fetch_add(1, Ordering::Relaxed)
            .to_string()
    }
}

/// Turns a response status into the response data or the matching error.
fn response_result(response: protocol::RequestResponse) -> Result<Value> {
    let status = response.request_status;
    if status.result {
        return Ok(response.response_data.unwrap_or(Value::Null));
    }
    if status.code == protocol::STATUS_UNKNOWN_REQUEST_TYPE {
        return Err(Error::RequestUnsupported {
            name: response.request_type,
        });
    }
    Err(Error::Api {
        request: response.request_type,
        code: status.code,
        message: status.comment.unwrap_or_default(),
    })
}
