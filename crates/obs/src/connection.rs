//! [`Connection`]: a named OBS connection that keeps a [`Session`] (v5 or v4) connected.
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
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::client::ConnectOptions;
use crate::control::ObsControl;
use crate::event::Event;
use crate::session::{self, Protocol, Session};
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
            protocol: self.protocol,
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
    /// The file of the current (or last) recording, from `RecordStateChanged`.
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
    /// The live session while connected. A std mutex: only held to clone or replace.
    session: Mutex<Option<Session>>,
    connect_attempts: AtomicU64,
    /// The last heartbeat's round trip in µs; [`RTT_UNKNOWN`] while not connected.
    rtt_us: AtomicU64,
}

/// `rtt_us` while no heartbeat of the live session has been answered.
const RTT_UNKNOWN: u64 = u64::MAX;

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
                session: Mutex::new(None),
                connect_attempts: AtomicU64::new(0),
                rtt_us: AtomicU64::new(RTT_UNKNOWN),
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

    /// The live session, if connected.
    pub fn session(&self) -> Option<Session> {
        self.lock_session().clone()
    }

    /// How many times the supervisor tried to connect.
    pub fn connect_attempts(&self) -> u64 {
        self.shared.connect_attempts.load(Ordering::Relaxed)
    }

    /// The round trip of the last heartbeat of the live session; `None` while not connected
    /// or before the first heartbeat.
    pub fn rtt(&self) -> Option<Duration> {
        match self.shared.rtt_us.load(Ordering::Relaxed) {
            RTT_UNKNOWN => None,
            micros => Some(Duration::from_micros(micros)),
        }
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        self.shared
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The live session, or [`Error::Disconnected`].
    pub(crate) fn current(&self) -> Result<Session> {
        self.session().ok_or(Error::Disconnected)
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
                outcome = session::connect(config.connect_options()) => outcome,
            };
            match outcome {
                Ok(session) => {
                    delay = config.backoff.initial;
                    match self.serve(session, &cancel).await {
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

    /// Runs one connected session until it ends. The heartbeat is awaited inside the loop, so
    /// events wait (in the session's broadcast buffer) for at most one heartbeat timeout.
    async fn serve(&self, session: Session, cancel: &CancellationToken) -> SessionEnd {
        let config = &self.shared.config;
        let mut events = session.events();
        *self.lock_session() = Some(session.clone());
        self.reread_state(&session).await;
        self.set_status(ConnectionStatus::Connected);
        let mut heartbeat = tokio::time::interval(config.heartbeat_interval);
        heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        heartbeat.tick().await;
        let end = loop {
            tokio::select! {
                _ = cancel.cancelled() => {
                    let _ = tokio::time::timeout(CLOSE_TIMEOUT, session.disconnect()).await;
                    break SessionEnd::Cancelled;
                }
                reason = session.closed() => {
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
                        self.reread_state(&session).await;
                    }
                    Err(broadcast::error::RecvError::Closed) => break SessionEnd::Lost,
                },
                _ = heartbeat.tick() => {
                    let sent = tokio::time::Instant::now();
                    let beat = session.heartbeat(config.heartbeat_timeout).await;
                    if beat.is_ok() {
                        let rtt_us = u64::try_from(sent.elapsed().as_micros()).unwrap_or(RTT_UNKNOWN - 1);
                        self.shared.rtt_us.store(rtt_us, Ordering::Relaxed);
                    }
                    if let Err(err) = beat {
                        tracing::warn!(%err, "obs heartbeat failed; dropping the session");
                        let _ = tokio::time::timeout(CLOSE_TIMEOUT, session.disconnect()).await;
                        break SessionEnd::Lost;
                    }
                }
            }
        };
        *self.lock_session() = None;
        self.shared.rtt_us.store(RTT_UNKNOWN, Ordering::Relaxed);
        end
    }

    /// Reads record, replay buffer and stream status and the program scene and publishes them;
    /// what fails stays unknown (e.g. the replay buffer status when it is not configured).
    async fn reread_state(&self, session: &Session) {
        let recording = session
            .record_status()
            .await
            .map(|status| status.output_active);
        let replay_buffer_active = session.replay_buffer_active().await;
        let streaming = session
            .stream_status()
            .await
            .map(|status| status.output_active);
        let program_scene = session.program_scene().await;
        let state = ObsState {
            recording: recording.ok(),
            recording_path: None,
            replay_buffer_active: replay_buffer_active.ok(),
            streaming: streaming.ok(),
            program_scene: program_scene.ok(),
        };
        tracing::debug!(?state, "obs state re-read");
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
