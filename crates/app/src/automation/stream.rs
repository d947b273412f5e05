//! The stream side (STR): start, stop and status through the manager, and stream sessions in
//! the store.
//!
//! [`track_sessions`] runs beside each STR / BOTH connection. A session opens when OBS says
//! the stream started (or, after a reconnect, when OBS already streams) and closes when OBS
//! says it stopped, when the connection is lost (reason `obs connection lost`) or when the
//! program stops. Each session keeps `origin_at_us`, the wall time of OBS's stream timecode
//! zero (wall time at `GetStreamStatus` minus its `outputDuration`), so events can be placed in
//! the stream later, as recordings do with `rec_timestamp`.

use obs::client::StreamStatus;
use obs::{Connection, ConnectionStatus, Event, ObsControl, OutputState};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::ingest::now_us;
use crate::obs_manager::{ManagerError, ObsManagerHandle};

/// Stream operations on the STR connection named `name`, or the first one by name.
impl ObsManagerHandle {
    /// Starts streaming.
    pub async fn start_stream(&self, name: Option<&str>) -> Result<(), ManagerError> {
        let connection = self.str_connection(name)?;
        connection
            .start_stream()
            .await
            .map_err(|source| obs_error(&connection, source))
    }

    /// Stops streaming.
    pub async fn stop_stream(&self, name: Option<&str>) -> Result<(), ManagerError> {
        let connection = self.str_connection(name)?;
        connection
            .stop_stream()
            .await
            .map_err(|source| obs_error(&connection, source))
    }

    /// Whether OBS streams, with its timecode.
    pub async fn stream_status(&self, name: Option<&str>) -> Result<StreamStatus, ManagerError> {
        let connection = self.str_connection(name)?;
        connection
            .stream_status()
            .await
            .map_err(|source| obs_error(&connection, source))
    }

    fn str_connection(&self, name: Option<&str>) -> Result<Connection, ManagerError> {
        match name {
            Some(name) => self
                .connection(name)
                .ok_or_else(|| ManagerError::NotFound(name.to_owned())),
            None => self
                .str_connections()
                .into_iter()
                .next()
                .ok_or(ManagerError::NoRole(obs::Role::Str)),
        }
    }
}

fn obs_error(connection: &Connection, source: obs::Error) -> ManagerError {
    ManagerError::Obs {
        name: connection.config().name.clone(),
        source,
    }
}

/// Keeps the stream sessions of `connection` in the store until `cancel` fires.
pub async fn track_sessions(
    connection: Connection,
    store: store::StoreHandle,
    cancel: CancellationToken,
) {
    let name = connection.config().name.clone();
    let mut events = connection.events();
    let mut status = connection.status();
    let mut tracker = SessionTracker {
        connection: &connection,
        store: &store,
        name: &name,
        open: None,
    };
    loop {
        tokio::select! {
            _ = cancel.cancelled() => {
                tracker.close("vta stopped").await;
                break;
            }
            changed = status.changed() => {
                if changed.is_err() {
                    break;
                }
                let now = status.borrow_and_update().clone();
                if now == ConnectionStatus::Connected {
                    tracker.open_if_streaming().await;
                } else if tracker.open.is_some() {
                    tracker.close("obs connection lost").await;
                }
            }
            event = events.recv() => match event {
                Ok(Event::StreamStateChanged { output_state: OutputState::Started, .. }) => {
                    tracker.open_if_streaming().await;
                }
                Ok(Event::StreamStateChanged { output_state: OutputState::Stopped, .. }) => {
                    tracker.close("stopped").await;
                }
                Ok(Event::StreamStateChanged { output_state: OutputState::Reconnecting, .. }) => {
                    tracing::warn!(conn = %name, "obs lost the streaming server; it reconnects");
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(conn = %name, missed, "obs events missed by the stream tracker");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
        }
    }
}

/// The open session of one connection.
struct SessionTracker<'a> {
    connection: &'a Connection,
    store: &'a store::StoreHandle,
    name: &'a str,
    /// The open session's row id.
    open: Option<i64>,
}

impl SessionTracker<'_> {
    /// Opens a session when OBS streams and none is open.
    async fn open_if_streaming(&mut self) {
        if self.open.is_some() {
            return;
        }
        let status = match self.connection.stream_status().await {
            Ok(status) if status.output_active => status,
            Ok(_) => return,
            Err(err) => {
                tracing::warn!(conn = %self.name, %err, "cannot read the stream status");
                return;
            }
        };
        let started_at_us = now_us();
        let origin_at_us = started_at_us - status.output_duration.unwrap_or(0) as i64 * 1_000;
        let start = store::StreamSessionStart {
            connection: self.name.to_owned(),
            started_at_us,
            origin_at_us,
        };
        match self.store.stream_session_started(start).await {
            Ok(id) => {
                tracing::info!(conn = %self.name, session = id, "stream session started");
                self.open = Some(id);
            }
            Err(err) => tracing::error!(conn = %self.name, %err, "stream session not stored"),
        }
    }

    /// Closes the open session, if any, with `reason`.
    async fn close(&mut self, reason: &str) {
        let Some(id) = self.open.take() else {
            return;
        };
        let stop = store::StreamSessionStop {
            id,
            stopped_at_us: now_us(),
            duration_ms: None,
            timecode: None,
            end_reason: reason.to_owned(),
        };
        match self.store.stream_session_stopped(stop).await {
            Ok(()) => {
                tracing::info!(conn = %self.name, session = id, reason, "stream session ended")
            }
            Err(err) => tracing::error!(conn = %self.name, %err, "stream session end not stored"),
        }
    }
}
