//! [`Connection`]: a named OBS connection that keeps a [`Client`] connected.
//!
//! The supervisor ([`Connection::run`]) connects, re-reads the OBS state it needs (record, replay
//! buffer and stream status, program scene), forwards events, and sends a heartbeat so that a
//! half-open socket (OBS killed on another machine, cable pulled) is noticed within
//! `heartbeat_interval + heartbeat_timeout`. When the session is lost it reconnects with an
//! exponential backoff; a wrong password (close 4009) or a kick (close 4011) stops it with
//! [`ConnectionStatus::Error`], because retrying would only repeat the failure. The status and
//! the state are on watch channels; events on a broadcast channel that survives reconnects.
//!
//! Adding, changing and removing connections at runtime, and storing them, is the connection
//! manager's job (in `app`), not this module's.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::client::{BatchRequest, Client, ConnectOptions, RecordStatus, StreamStatus};
use crate::control::ObsControl;
use crate::event::Event;
use crate::{Error, Password, Result};

/// Events kept for a slow subscriber.
const EVENT_CAPACITY: usize = 256;
/// How long a clean close may take before the supervisor moves on.
const CLOSE_TIMEOUT: Duration = Duration::from_millis(500);

/// What a connection is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Records matches and keeps the replay buffer.
    Rec,
    /// Streams and switches scenes.
    Str,
    /// Both on one OBS.
    Both,
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Role::Rec => "REC",
            Role::Str => "STR",
            Role::Both => "BOTH",
        })
    }
}

/// Which obs-websocket protocol to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Protocol {
    /// Decide from the server: a v5 server speaks first. Only v5 is implemented so far, so a
    /// silent (v4) server ends in a handshake error.
    #[default]
    Auto,
    /// obs-websocket 5.x.
    V5,
}

/// Reconnect delays: `initial` after a lost session, doubling after each failed attempt up to
/// `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The first delay.
    pub initial: Duration,
    /// The cap.
    pub max: Duration,
}

impl Backoff {
    /// The delay after `current`: doubled, capped at `max`.
    pub fn next(&self, current: Duration) -> Duration {
        current.saturating_mul(2).min(self.max)
    }
}

impl Default for Backoff {
    /// 100 ms, capped at 1.5 s so that OBS is reached within 2 s of listening again.
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(1500),
        }
    }
}

/// Everything a connection needs. `Debug` shows the password as `***`.
#[derive(Debug, Clone)]
pub struct ConnectionConfig {
    /// Name shown to the operator and in logs, e.g. `REC`.
    pub name: String,
    /// Host name or IP address of OBS.
    pub host: String,
    /// obs-websocket port.
    pub port: u16,
    /// Password, if OBS requires one.
    pub password: Option<Password>,
    /// What the connection is for.
    pub role: Role,
    /// Which protocol to speak.
    pub protocol: Protocol,
    /// Limit for each request.
    pub request_timeout: Duration,
    /// Time between two heartbeats.
    pub heartbeat_interval: Duration,
    /// Limit for one heartbeat; a miss ends the session.
    pub heartbeat_timeout: Duration,
    /// Reconnect delays.
    pub backoff: Backoff,
}

impl ConnectionConfig {
    /// A config with the defaults: role BOTH, protocol auto, 5 s requests, heartbeat every 1 s
    /// with a 1.5 s limit, [`Backoff::default`].
    pub fn new(name: impl Into<String>, host: impl Into<String>, port: u16) -> Self {
        Self {
            name: name.into(),
            host: host.into(),
            port,
            password: None,
            role: Role::Both,
            protocol: Protocol::Auto,
            request_timeout: Duration::from_secs(5),
            heartbeat_interval: Duration::from_secs(1),
            heartbeat_timeout: Duration::from_millis(1500),
            backoff: Backoff::default(),
        }
    }

    /// Sets the password.
    pub fn password(mut self, password: impl Into<Password>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the role.
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    fn connect_options(&self) -> ConnectOptions {
        ConnectOptions {
            password: self.password.clone(),
            request_timeout: self.request_timeout,
            ..ConnectOptions::new(self.host.clone(), self.port)
        }
    }
}

/// The state of a connection as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Not connected; the supervisor retries unless it was stopped.
    Disconnected,
    /// A connection attempt is under way.
    Connecting,
    /// Identified and ready for requests.
    Connected,
    /// Stopped for good until the config changes (wrong password, kicked).
    Error {
        /// What the operator should know.
        reason: String,
    },
}

/// What OBS is doing, as far as the connection knows (`None`: not known yet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObsState {
    /// Recording on or off.
    pub recording: Option<bool>,
    /// The current recording's file, from `RecordStateChanged`.
    pub recording_path: Option<PathBuf>,
    /// Replay buffer on or off.
    pub replay_buffer_active: Option<bool>,
    /// Streaming on or off.
    pub streaming: Option<bool>,
    /// The scene on air.
    pub program_scene: Option<String>,
}

/// A supervised connection. Cheap to clone; every clone sees the same client, status and events.
#[derive(Debug, Clone)]
pub struct Connection {
    shared: Arc<ConnectionShared>,
}

#[derive(Debug)]
struct ConnectionShared {
    config: ConnectionConfig,
    status: watch::Sender<ConnectionStatus>,
    state: watch::Sender<ObsState>,
    /// Events of every session, so subscribers survive reconnects.
    events: broadcast::Sender<Event>,
    /// The live client while connected. A std mutex: only held to clone or replace.
    client: Mutex<Option<Client>>,
    connect_attempts: AtomicU64,
}

/// How one session ended.
enum SessionEnd {
    Cancelled,
    Lost,
    Fatal(String),
}

impl Connection {
    /// A connection in status Disconnected; nothing happens until [`Connection::run`].
    pub fn new(config: ConnectionConfig) -> Self {
        let (events, _) = broadcast::channel(EVENT_CAPACITY);
        Self {
            shared: Arc::new(ConnectionShared {
                config,
                status: watch::channel(ConnectionStatus::Disconnected).0,
                state: watch::channel(ObsState::default()).0,
                events,
                client: Mutex::new(None),
                connect_attempts: AtomicU64::new(0),
            }),
        }
    }

    /// Keeps the connection up until `cancel` fires (then closes the socket cleanly) or OBS
    /// refuses the session for good (wrong password, kicked).
    pub async fn run(&self, cancel: CancellationToken) {
        let span = tracing::info_span!("obs", conn = %self.shared.config.name);
        self.supervise(cancel).instrument(span).await;
    }

    /// The config it was made with.
    pub fn config(&self) -> &ConnectionConfig {
        &self.shared.config
    }

    /// Status changes.
    pub fn status(&self) -> watch::Receiver<ConnectionStatus> {
        self.shared.status.subscribe()
    }

    /// OBS state changes (re-read after every reconnect, then kept from events).
    pub fn state(&self) -> watch::Receiver<ObsState> {
        self.shared.state.subscribe()
    }

    /// Events from every session from now on.
    pub fn events(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// The live client, if connected.
    pub fn client(&self) -> Option<Client> {
        self.lock_client().clone()
    }

    /// How many times the supervisor tried to connect.
    pub fn connect_attempts(&self) -> u64 {
        self.shared.connect_attempts.load(Ordering::Relaxed)
    }

    fn lock_client(&self) -> std::sync::MutexGuard<'_, Option<Client>> {
        self.shared
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn current(&self) -> Result<Client> {
        self.client().ok_or(Error::Disconnected)
    }

    fn set_status(&self, status: ConnectionStatus) {
        self.shared.status.send_if_modified(|current| {
            if *current == status {
                return false;
            }
            tracing::info!(?status, "obs connection status");
            *current = status;
            true
        });
    }

    async fn supervise(&self, cancel: CancellationToken) {
        let config = &self.shared.config;
        let mut delay = config.backoff.initial;
        loop {
            self.set_status(ConnectionStatus::Connecting);
            self.shared.connect_attempts.fetch_add(1, Ordering::Relaxed);
            let outcome = tokio::select! {
                _ = cancel.cancelled() => break,
                outcome = Client::connect(config.connect_options()) => outcome,
            };
            match outcome {
                Ok(client) => {
                    delay = config.backoff.initial;
                    match self.serve(client, &cancel).await {
                        SessionEnd::Cancelled => break,
                        SessionEnd::Fatal(reason) => {
                            self.set_status(ConnectionStatus::Error { reason });
                            return;
                        }
                        SessionEnd::Lost => self.set_status(ConnectionStatus::Disconnected),
                    }
                }
                Err(err @ (Error::AuthFailed | Error::Kicked)) => {
                    tracing::warn!(%err, "obs refused the session; not retrying");
                    self.set_status(ConnectionStatus::Error {
                        reason: err.to_string(),
                    });
                    return;
                }
                Err(err) => {
                    tracing::debug!(%err, "obs connect attempt failed");
                    self.set_status(ConnectionStatus::Disconnected);
                }
            }
            tokio::select! {
                _ = cancel.cancelled() => break,
                _ = tokio::time::sleep(delay) => {}
            }
            delay = config.backoff.next(delay);
        }
        self.set_status(ConnectionStatus::Disconnected);
    }

    /// Runs one connected session until it ends.
    async fn serve(&self, client: Client, cancel: &CancellationToken) -> SessionEnd {
        let config = &self.shared.config;
        let mut events = client.events();
        *self.lock_client() = Some(client.clone());
        self.reread_state(&client).await;
        self.set_status(ConnectionStatus::Connected);
        let mut heartbeat = tokio::time::interval(config.heartbeat_interval);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        heartbeat.tick().await;
        let end = loop {
            tokio::select! {
                _ = cancel.cancelled() => {
                    let _ = tokio::time::timeout(CLOSE_TIMEOUT, client.disconnect()).await;
                    break SessionEnd::Cancelled;
                }
                reason = client.closed() => {
                    break match reason {
                        err @ (Error::Kicked | Error::AuthFailed) => SessionEnd::Fatal(err.to_string()),
                        _ => SessionEnd::Lost,
                    };
                }
                event = events.recv() => match event {
                    Ok(event) => {
                        self.apply_event(&event);
                        let _ = self.shared.events.send(event);
                    }
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "obs events missed; re-reading state");
                        self.reread_state(&client).await;
                    }
                    Err(broadcast::error::RecvError::Closed) => break SessionEnd::Lost,
                },
                _ = heartbeat.tick() => {
                    let beat = client.call_once("GetStats", None, config.heartbeat_timeout).await;
                    if let Err(err) = beat {
                        tracing::warn!(%err, "obs heartbeat failed; dropping the session");
                        let _ = tokio::time::timeout(CLOSE_TIMEOUT, client.disconnect()).await;
                        break SessionEnd::Lost;
                    }
                }
            }
        };
        *self.lock_client() = None;
        end
    }

    /// Reads record, replay buffer and stream status and the program scene in one batch and
    /// publishes them; what fails stays unknown.
    async fn reread_state(&self, client: &Client) {
        let requests = vec![
            BatchRequest::new("GetRecordStatus"),
            BatchRequest::new("GetReplayBufferStatus"),
            BatchRequest::new("GetStreamStatus"),
            BatchRequest::new("GetCurrentProgramScene"),
        ];
        let results = match client.batch(requests, false).await {
            Ok(results) => results,
            Err(err) => {
                tracing::warn!(%err, "cannot re-read the obs state");
                return;
            }
        };
        let mut state = ObsState::default();
        for result in results {
            let Ok(data) = result.result else { continue };
            let output_active = data.get("outputActive").and_then(|value| value.as_bool());
            match result.request_type.as_str() {
                "GetRecordStatus" => state.recording = output_active,
                "GetReplayBufferStatus" => state.replay_buffer_active = output_active,
                "GetStreamStatus" => state.streaming = output_active,
                "GetCurrentProgramScene" => {
                    state.program_scene = data
                        .get("sceneName")
                        .or_else(|| data.get("currentProgramSceneName"))
                        .and_then(|value| value.as_str())
                        .map(str::to_owned);
                }
                _ => {}
            }
        }
        self.shared.state.send_replace(state);
    }

    fn apply_event(&self, event: &Event) {
        self.shared.state.send_if_modified(|state| {
            let before = state.clone();
            match event {
                Event::RecordStateChanged {
                    output_active,
                    output_path,
                    ..
                } => {
                    state.recording = Some(*output_active);
                    if output_path.is_some() {
                        state.recording_path = output_path.clone();
                    }
                }
                Event::ReplayBufferStateChanged { output_active, .. } => {
                    state.replay_buffer_active = Some(*output_active)
                }
                Event::StreamStateChanged { output_active, .. } => {
                    state.streaming = Some(*output_active)
                }
                Event::CurrentProgramSceneChanged { scene_name } => {
                    state.program_scene = Some(scene_name.clone())
                }
                _ => {}
            }
            *state != before
        });
    }
}

impl ObsControl for Connection {
    fn start_record(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.record().start().await })
    }

    fn stop_record(&self) -> BoxFuture<'_, Result<Option<PathBuf>>> {
        Box::pin(async move { self.current()?.record().stop().await })
    }

    fn record_status(&self) -> BoxFuture<'_, Result<RecordStatus>> {
        Box::pin(async move { self.current()?.record().status().await })
    }

    fn set_record_directory<'a>(&'a self, directory: &'a Path) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.current()?.set_record_directory(directory).await })
    }

    fn set_filename_format<'a>(&'a self, format: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.current()?.set_filename_format(format).await })
    }

    fn start_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.replay_buffer().start().await })
    }

    fn stop_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.replay_buffer().stop().await })
    }

    fn save_replay_buffer(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.replay_buffer().save().await })
    }

    fn replay_buffer_active(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async move { self.current()?.replay_buffer().status().await })
    }

    fn last_replay(&self) -> BoxFuture<'_, Result<PathBuf>> {
        Box::pin(async move { self.current()?.replay_buffer().last_replay().await })
    }

    fn program_scene(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move { self.current()?.scenes().current_program().await })
    }

    fn set_program_scene<'a>(&'a self, scene_name: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let client = self.current()?;
            client.scenes().set_current_program(scene_name).await
        })
    }

    fn start_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.stream().start().await })
    }

    fn stop_stream(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move { self.current()?.stream().stop().await })
    }

    fn stream_status(&self) -> BoxFuture<'_, Result<StreamStatus>> {
        Box::pin(async move { self.current()?.stream().status().await })
    }

    fn events(&self) -> broadcast::Receiver<Event> {
        Connection::events(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_the_cap() {
        let backoff = Backoff::default();
        let mut delay = backoff.initial;
        let mut delays = vec![delay];
        for _ in 0..6 {
            delay = backoff.next(delay);
            delays.push(delay);
        }
        let millis: Vec<u128> = delays.iter().map(Duration::as_millis).collect();
        assert_eq!(millis, [100, 200, 400, 800, 1500, 1500, 1500]);
    }

    #[test]
    fn config_debug_hides_the_password() {
        let config = ConnectionConfig::new("REC", "127.0.0.1", 4455).password("hunter2");
        let text = format!("{config:?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("Password(***)"), "{text}");
    }

    #[test]
    fn role_names_are_the_operator_words() {
        assert_eq!(Role::Rec.to_string(), "REC");
        assert_eq!(Role::Str.to_string(), "STR");
        assert_eq!(Role::Both.to_string(), "BOTH");
    }
}
