//! The recorder: one OBS recording per match on the REC connection, driven by the bus.
//!
//! - `MatchReady`: once the datagram is committed (so the store's active day is the match's),
//!   set the folder `<root>/<tournament>/<day>` and the file name from the match
//!   ([`super::naming`]), restart the replay buffer so its clips carry the match name, start
//!   recording. The file's path is what OBS says (`RecordStateChanged.outputPath`, or
//!   `StopRecord`), never our guess. A row in `recordings` links it to the match, with
//!   `origin_at_us` taken from OBS's own `GetRecordStatus.outputDuration`.
//! - `MatchWon`: stop after [`RecorderConfig::stop_delay`]; a `MatchLoaded` before that stops
//!   at once (and the next `MatchReady` starts the next file).
//! - OBS down when the match is ready: a warning, [`RecorderEvent::Waiting`] on the bus, and
//!   the recording starts when `ObsStatus` says the REC connection is back. A connection lost
//!   while recording closes the row (`obs connection lost`); when it is back and the match is
//!   not over, a new file (`..._part2`) is recorded for the same match.
//!
//! - The operator's record button ([`RecorderHandle::start`] / [`RecorderHandle::stop`]): the
//!   same start (named from the live match the caller passes), or a stop now; the next
//!   `MatchReady` starts the next match's file as usual.
//!
//! What it leaves out: which connection is REC (the [`RecSource`], usually the manager), and
//! the replay flow (the replay buffer is only restarted here).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use match_state::{DomainEvent, MatchState};
use obs::{ConnectionStatus, Event, ObsControl, OutputState, Role};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::naming::{self, NameTemplate};
use crate::bus::{AppEvent, Bus, ParsedDatagram, RecorderEvent};
use crate::ingest::now_us;
use crate::obs_manager::ObsManagerHandle;

/// How long the recorder waits for OBS to confirm an output change.
const OUTPUT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long it waits for a datagram to be committed before it reads the active day.
const COMMIT_TIMEOUT: Duration = Duration::from_secs(2);
/// Pause before another try when OBS is connected but refused to start.
const RETRY_PAUSE: Duration = Duration::from_secs(3);
/// Tries at starting the replay buffer before recording without it.
const REPLAY_START_ATTEMPTS: u32 = 4;
/// Pause between two tries at starting the replay buffer.
const REPLAY_RETRY_PAUSE: Duration = Duration::from_millis(250);
/// How long one try waits for OBS to say the replay buffer runs.
const REPLAY_START_TIMEOUT: Duration = Duration::from_millis(1500);

/// How the recorder works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecorderConfig {
    /// Recordings go to `<root>/<tournament>/<day>`.
    pub root: PathBuf,
    /// Time between the winner and the stop.
    pub stop_delay: Duration,
    /// The file name of a match's recording.
    pub name_template: NameTemplate,
}

impl RecorderConfig {
    /// Recordings under `root`, named by the default template, stopped 30 s after the winner.
    pub fn new(root: impl Into<PathBuf>) -> RecorderConfig {
        RecorderConfig {
            root: root.into(),
            stop_delay: Duration::from_secs(30),
            name_template: NameTemplate::default(),
        }
    }
}

/// Why the operator's record button did nothing.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    /// No enabled connection has the role REC or BOTH.
    #[error("no REC connection is configured")]
    NoConnection,
    /// A recording runs already.
    #[error("already recording (recording {0})")]
    AlreadyRecording(i64),
    /// Nothing is being recorded.
    #[error("not recording")]
    NotRecording,
    /// OBS or the store refused the start.
    #[error("{0}")]
    Refused(String),
    /// The recorder task has stopped (shutdown).
    #[error("the recorder has stopped")]
    Stopped,
}

/// Changes the running recorder's configuration, and is the operator's record button; cheap
/// to clone.
#[derive(Debug, Clone)]
pub struct RecorderHandle {
    config: Arc<watch::Sender<RecorderConfig>>,
    commands: mpsc::Sender<Command>,
}

/// What the operator asks of the recorder task.
#[derive(Debug)]
enum Command {
    Start {
        match_id: Option<i64>,
        state: Box<MatchState>,
        answer: oneshot::Sender<Result<i64, RecorderError>>,
    },
    Stop {
        answer: oneshot::Sender<Result<i64, RecorderError>>,
    },
}

impl RecorderHandle {
    /// Starts recording now, the folder and file named from `state` (the live match, whose
    /// key is `match_id`) as for an automatic start. Returns the new `recordings` row id.
    pub async fn start(
        &self,
        match_id: Option<i64>,
        state: MatchState,
    ) -> Result<i64, RecorderError> {
        let (answer, answered) = oneshot::channel();
        self.send(Command::Start {
            match_id,
            state: Box::new(state),
            answer,
        })
        .await?;
        answered.await.map_err(|_| RecorderError::Stopped)?
    }

    /// Stops the recording now. Returns the id of the `recordings` row it closed.
    pub async fn stop(&self) -> Result<i64, RecorderError> {
        let (answer, answered) = oneshot::channel();
        self.send(Command::Stop { answer }).await?;
        answered.await.map_err(|_| RecorderError::Stopped)?
    }

    async fn send(&self, command: Command) -> Result<(), RecorderError> {
        self.commands
            .send(command)
            .await
            .map_err(|_| RecorderError::Stopped)
    }

    /// The configuration in force.
    pub fn config(&self) -> RecorderConfig {
        self.config.borrow().clone()
    }

    /// Puts `config` in force from the next recording (its folder and name) and the next
    /// winner (its stop delay); a recording that runs keeps its file.
    pub fn set_config(&self, config: RecorderConfig) {
        self.config.send_replace(config);
    }
}

/// Where the recorder finds the REC connection.
pub trait RecSource: Send + Sync + 'static {
    /// The connection to record on now (its name and control), if one is configured.
    fn rec(&self) -> Option<(String, Arc<dyn ObsControl>)>;
}

impl RecSource for ObsManagerHandle {
    fn rec(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.rec_control()
    }
}

/// Why a start did not happen.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("no REC connection is configured")]
    NoConnection,
    #[error("obs connection {name:?}: {source}")]
    Obs { name: String, source: obs::Error },
    #[error("obs did not confirm that recording started within {0:?}")]
    NotConfirmed(Duration),
    #[error("cannot store the recording: {0}")]
    Store(#[from] store::Error),
}

impl StartError {
    /// True when trying again is pointless until the connection is back.
    fn waits_for_connection(&self) -> bool {
        matches!(
            self,
            StartError::NoConnection
                | StartError::Obs {
                    source: obs::Error::Disconnected,
                    ..
                }
        )
    }
}

/// Starts the recorder task on `tracker`; it stops when `cancel` fires. The handle changes its
/// configuration while it runs and is the operator's record button.
pub fn spawn_recorder(
    config: RecorderConfig,
    source: Arc<dyn RecSource>,
    store: store::StoreHandle,
    reader: store::Reader,
    bus: &Bus,
    tracker: &TaskTracker,
    cancel: CancellationToken,
) -> RecorderHandle {
    let (config, config_updates) = watch::channel(config);
    let recorder = Recorder {
        config: config_updates,
        source,
        store,
        reader: Mutex::new(reader),
        bus: bus.clone(),
        target: None,
        active: None,
        stop_at: None,
        retry_at: None,
    };
    let events = bus.subscribe();
    let (commands, commands_rx) = mpsc::channel(8);
    tracker.spawn(recorder.run(events, commands_rx, cancel));
    RecorderHandle {
        config: Arc::new(config),
        commands,
    }
}

/// The match that should be on record.
#[derive(Debug)]
struct Target {
    match_id: Option<i64>,
    directory: PathBuf,
    file_name: String,
    /// Files recorded for this match so far.
    parts: u32,
}

/// The recording OBS makes now.
struct Active {
    id: i64,
    match_id: Option<i64>,
    connection: String,
    control: Arc<dyn ObsControl>,
    path: Option<PathBuf>,
    events: broadcast::Receiver<Event>,
}

struct Recorder {
    /// Read when a target is named and when a match is won, so a change applies from then.
    config: watch::Receiver<RecorderConfig>,
    source: Arc<dyn RecSource>,
    store: store::StoreHandle,
    /// For the active day. A std mutex only to make the task `Send` (a rusqlite connection is
    /// not `Sync`); one task uses it and never holds it across an `.await`.
    reader: Mutex<store::Reader>,
    bus: Bus,
    target: Option<Target>,
    active: Option<Active>,
    /// When the recording stops after the winner.
    stop_at: Option<Instant>,
    /// When to try a refused start again.
    retry_at: Option<Instant>,
}

impl Recorder {
    async fn run(
        mut self,
        mut bus: broadcast::Receiver<AppEvent>,
        mut commands: mpsc::Receiver<Command>,
        cancel: CancellationToken,
    ) {
        let mut commands_open = true;
        loop {
            let stop_at = self.stop_at;
            let retry_at = self.retry_at;
            tokio::select! {
                _ = cancel.cancelled() => break,
                _ = sleep_until(stop_at), if stop_at.is_some() => {
                    self.stop_at = None;
                    self.stop("match over").await;
                    self.target = None;
                }
                _ = sleep_until(retry_at), if retry_at.is_some() => {
                    self.retry_at = None;
                    self.try_start().await;
                }
                event = next_obs_event(&mut self.active) => self.on_obs_event(event).await,
                command = commands.recv(), if commands_open => match command {
                    Some(command) => self.on_command(command).await,
                    None => commands_open = false,
                },
                event = bus.recv() => match event {
                    Ok(AppEvent::EventParsed(parsed)) => self.on_datagram(&parsed).await,
                    Ok(AppEvent::ObsStatus { name, role, status }) => {
                        self.on_status(&name, role, &status).await
                    }
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "recorder fell behind the bus");
                    }
                    Err(broadcast::error::RecvError::Closed) => break,
                },
            }
        }
        if let Some(active) = self.active.take() {
            // OBS keeps recording; the row says why we stopped following it.
            self.close_row(&active, None, "vta stopped").await;
        }
    }

    async fn on_datagram(&mut self, parsed: &ParsedDatagram) {
        for event in &parsed.domain_events {
            match event {
                DomainEvent::MatchLoaded => {
                    self.stop_at = None;
                    self.retry_at = None;
                    if self.active.is_some() {
                        self.stop("next match").await;
                    }
                    self.target = None;
                }
                DomainEvent::MatchReady => {
                    let Some(state) = &parsed.state else { continue };
                    if self.active.is_some() {
                        self.stop_at = None;
                        self.stop("next match").await;
                    }
                    self.target = Some(self.target_for(parsed.seq, parsed.match_id, state).await);
                    self.try_start().await;
                }
                DomainEvent::MatchWon { .. } => {
                    if self.active.is_some() {
                        let stop_delay = self.config.borrow().stop_delay;
                        self.stop_at = Some(Instant::now() + stop_delay);
                        tracing::info!(delay = ?stop_delay, "match won; recording stops after the delay");
                    } else {
                        self.target = None;
                        self.retry_at = None;
                    }
                }
                _ => {}
            }
        }
    }

    async fn on_status(&mut self, name: &str, role: Role, status: &ConnectionStatus) {
        if !matches!(role, Role::Rec | Role::Both) {
            return;
        }
        let lost = self
            .active
            .as_ref()
            .is_some_and(|active| active.connection == name)
            && *status != ConnectionStatus::Connected;
        if lost {
            let active = self.active.take().expect("checked above");
            tracing::warn!(conn = %name, ?status, "REC connection lost while recording");
            self.close_row(&active, None, "obs connection lost").await;
        }
        if *status == ConnectionStatus::Connected
            && self.active.is_none()
            && self.target.is_some()
            && self.stop_at.is_none()
        {
            tracing::info!(conn = %name, "REC connection is back; starting the recording");
            self.try_start().await;
        }
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Start {
                match_id,
                state,
                answer,
            } => {
                if let Some(active) = &self.active {
                    let _ = answer.send(Err(RecorderError::AlreadyRecording(active.id)));
                    return;
                }
                self.stop_at = None;
                self.retry_at = None;
                // Committed already: the live match comes from the store's side of ingest.
                self.target = Some(self.target_for(0, match_id, &state).await);
                let outcome = match self.start().await {
                    Ok(active) => {
                        tracing::info!(path = ?active.path, recording = active.id, "recording started by the operator");
                        let id = active.id;
                        self.set_active(active);
                        Ok(id)
                    }
                    Err(err) => {
                        self.target = None;
                        tracing::warn!(?match_id, %err, "the operator's recording did not start");
                        Err(match err {
                            StartError::NoConnection => RecorderError::NoConnection,
                            other => RecorderError::Refused(other.to_string()),
                        })
                    }
                };
                let _ = answer.send(outcome);
            }
            Command::Stop { answer } => {
                let Some(id) = self.active.as_ref().map(|active| active.id) else {
                    let _ = answer.send(Err(RecorderError::NotRecording));
                    return;
                };
                self.stop_at = None;
                self.retry_at = None;
                self.stop("operator").await;
                self.target = None;
                let _ = answer.send(Ok(id));
            }
        }
    }

    /// Follows `active` from now on and says so on the bus.
    fn set_active(&mut self, active: Active) {
        self.bus.publish(AppEvent::Recorder(RecorderEvent::Started {
            match_id: active.match_id,
            recording_id: active.id,
            path: active.path.clone(),
        }));
        self.active = Some(active);
    }

    /// OBS stopped the recording without us (operator, full disk).
    async fn on_obs_event(&mut self, event: Result<Event, broadcast::error::RecvError>) {
        match event {
            Ok(Event::RecordStateChanged {
                output_active: false,
                output_state: OutputState::Stopped,
                output_path,
            }) => {
                if let Some(active) = self.active.take() {
                    tracing::warn!(path = ?output_path, "obs stopped the recording by itself");
                    self.close_row(&active, output_path, "stopped in obs").await;
                }
            }
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            // The connection object is gone (removed); the status event closes the row.
            Err(broadcast::error::RecvError::Closed) => {}
        }
    }

    /// Folder and file name for the match, the day read from the store once `seq` is
    /// committed.
    async fn target_for(&self, seq: u64, match_id: Option<i64>, state: &MatchState) -> Target {
        let mut committed = self.store.committed();
        let waited = tokio::time::timeout(
            COMMIT_TIMEOUT,
            committed.wait_for(|highest| *highest >= seq),
        )
        .await;
        if !matches!(waited, Ok(Ok(_))) {
            tracing::warn!(
                seq,
                "match datagram not committed in time; using the day known now"
            );
        }
        let active_day = self
            .reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .active_day();
        let (tournament, day) = match active_day {
            Ok(Some(day)) => (day.tournament, Some((day.name, day.day))),
            Ok(None) => ("Tournament".to_owned(), None),
            Err(err) => {
                tracing::error!(%err, "cannot read the active tournament day");
                ("Tournament".to_owned(), None)
            }
        };
        // The folder is the day's name, the file carries its date; without a day, today in UTC.
        let (day_name, date) = day.unwrap_or_else(|| {
            let today = naming::utc_date(now_us());
            (today.clone(), today)
        });
        let config = self.config.borrow().clone();
        Target {
            match_id,
            directory: naming::match_directory(&config.root, &tournament, &day_name),
            file_name: config.name_template.file_name(state, &date),
            parts: 0,
        }
    }

    /// Starts recording the target; on failure, tells the operator and waits for OBS.
    async fn try_start(&mut self) {
        let Some(target) = self.target.as_ref() else {
            return;
        };
        let match_id = target.match_id;
        match self.start().await {
            Ok(active) => {
                tracing::info!(path = ?active.path, recording = active.id, "recording started");
                self.set_active(active);
            }
            Err(StartError::NoConnection) => {
                tracing::info!(?match_id, "no REC connection configured; not recording");
            }
            Err(err) => {
                tracing::warn!(?match_id, %err, "match not recorded yet; recording starts when OBS is ready");
                if !err.waits_for_connection() {
                    self.retry_at = Some(Instant::now() + RETRY_PAUSE);
                }
                self.bus.publish(AppEvent::Recorder(RecorderEvent::Waiting {
                    match_id,
                    reason: err.to_string(),
                }));
            }
        }
    }

    async fn start(&mut self) -> Result<Active, StartError> {
        let (name, control) = self.source.rec().ok_or(StartError::NoConnection)?;
        let target = self.target.as_mut().expect("try_start checked the target");
        let part = target.parts + 1;
        let file_name = naming::part_file_name(&target.file_name, part);
        let obs_error = |source| StartError::Obs {
            name: name.clone(),
            source,
        };
        if let Err(err) = std::fs::create_dir_all(&target.directory) {
            // OBS may run on another machine and make the folder itself.
            tracing::debug!(%err, directory = %target.directory.display(), "cannot create the recording folder here");
        }
        let mut events = control.events();
        if control
            .record_status()
            .await
            .map_err(obs_error)?
            .output_active
        {
            tracing::warn!(conn = %name, "obs was already recording; stopping that recording first");
            control.stop_record().await.map_err(obs_error)?;
            wait_for_record_state(&mut events, false).await;
        }
        control
            .set_record_directory(&target.directory)
            .await
            .map_err(obs_error)?;
        control
            .set_filename_format(&naming::obs_filename_format(&file_name))
            .await
            .map_err(obs_error)?;
        restart_replay_buffer(control.as_ref(), &mut events, &name).await;
        control.start_record().await.map_err(obs_error)?;
        let path = wait_for_record_state(&mut events, true)
            .await
            .ok_or(StartError::NotConfirmed(OUTPUT_TIMEOUT))?;
        let started_at_us = now_us();
        let origin_at_us = match control.record_status().await {
            Ok(status) => now_us() - status.output_duration.unwrap_or(0) as i64 * 1_000,
            Err(_) => started_at_us,
        };
        target.parts = part;
        let start = store::RecordingStart {
            match_id: target.match_id,
            connection: name.clone(),
            directory: target.directory.to_string_lossy().into_owned(),
            file_name,
            path: path
                .as_ref()
                .map(|path| path.to_string_lossy().into_owned()),
            started_at_us,
            origin_at_us,
        };
        let id = self.store.recording_started(start).await?;
        Ok(Active {
            id,
            match_id: target.match_id,
            connection: name,
            control,
            path,
            events,
        })
    }

    /// Stops the active recording and closes its row.
    async fn stop(&mut self, reason: &str) {
        let Some(mut active) = self.active.take() else {
            return;
        };
        let status = active.control.record_status().await.ok();
        // The video ends when OBS is asked to stop; confirming it can take a second or two.
        let stopped_at_us = now_us();
        let path = match active.control.stop_record().await {
            // OBS answers before the output has stopped; the next start needs it stopped.
            Ok(answered) => {
                let announced = wait_for_record_state(&mut active.events, false).await;
                answered.or(announced.flatten())
            }
            Err(err) => {
                tracing::warn!(conn = %active.connection, %err, "stop recording failed");
                None
            }
        };
        let (duration_ms, timecode) = status
            .map(|status| (status.output_duration, status.output_timecode))
            .unwrap_or_default();
        self.close_row_with(&active, path, reason, stopped_at_us, duration_ms, timecode)
            .await;
    }

    async fn close_row(&mut self, active: &Active, path: Option<PathBuf>, reason: &str) {
        self.close_row_with(active, path, reason, now_us(), None, None)
            .await;
    }

    async fn close_row_with(
        &mut self,
        active: &Active,
        path: Option<PathBuf>,
        reason: &str,
        stopped_at_us: i64,
        duration_ms: Option<u64>,
        timecode: Option<String>,
    ) {
        let path = path.or_else(|| active.path.clone());
        let stop = store::RecordingStop {
            id: active.id,
            stopped_at_us,
            path: path
                .as_ref()
                .map(|path| path.to_string_lossy().into_owned()),
            duration_ms,
            timecode,
            end_reason: reason.to_owned(),
        };
        if let Err(err) = self.store.recording_stopped(stop).await {
            tracing::error!(recording = active.id, %err, "recording end not stored");
        }
        tracing::info!(recording = active.id, ?path, reason, "recording stopped");
        self.bus.publish(AppEvent::Recorder(RecorderEvent::Stopped {
            match_id: active.match_id,
            recording_id: active.id,
            path,
            reason: reason.to_owned(),
        }));
    }
}

/// Stops (when it runs) and starts the replay buffer, so it reads the new file name. A
/// profile without a replay buffer is logged and skipped.
async fn restart_replay_buffer(
    control: &dyn ObsControl,
    events: &mut broadcast::Receiver<Event>,
    name: &str,
) {
    match control.replay_buffer_active().await {
        Ok(true) => {
            if let Err(err) = control.stop_replay_buffer().await {
                tracing::warn!(conn = %name, %err, "cannot stop the replay buffer");
                return;
            }
            obs::wait_for_event(events, OUTPUT_TIMEOUT, |event| {
                matches!(
                    event,
                    Event::ReplayBufferStateChanged {
                        output_active: false,
                        output_state: OutputState::Stopped
                    }
                )
                .then_some(())
            })
            .await;
        }
        Ok(false) => {}
        Err(err) => {
            tracing::warn!(conn = %name, %err, "replay buffer not available");
            return;
        }
    }
    // OBS may still be tearing the old buffer down after it said STOPPED, and then ignores
    // the start without an error: try again until it runs.
    for attempt in 1..=REPLAY_START_ATTEMPTS {
        if let Err(err) = control.start_replay_buffer().await {
            tracing::debug!(conn = %name, %err, attempt, "replay buffer start refused");
        }
        let confirmed = tokio::time::timeout(
            REPLAY_START_TIMEOUT,
            obs::wait_for_event(events, OUTPUT_TIMEOUT, |event| {
                matches!(
                    event,
                    Event::ReplayBufferStateChanged {
                        output_active: true,
                        ..
                    }
                )
                .then_some(())
            }),
        )
        .await;
        if matches!(confirmed, Ok(Some(())))
            || control.replay_buffer_active().await.unwrap_or(false)
        {
            return;
        }
        tokio::time::sleep(REPLAY_RETRY_PAUSE).await;
    }
    tracing::warn!(conn = %name, "the replay buffer did not start; recording without it");
}

/// Waits for `RecordStateChanged` STARTED (`started`) or STOPPED; its path when OBS gave one.
/// `None` when OBS said nothing in time.
async fn wait_for_record_state(
    events: &mut broadcast::Receiver<Event>,
    started: bool,
) -> Option<Option<PathBuf>> {
    let wanted = if started {
        OutputState::Started
    } else {
        OutputState::Stopped
    };
    obs::wait_for_event(events, OUTPUT_TIMEOUT, |event| match event {
        Event::RecordStateChanged {
            output_state,
            output_path,
            ..
        } if *output_state == wanted => Some(output_path.clone()),
        _ => None,
    })
    .await
}

/// The next OBS event of the active recording's connection; never resolves without one.
async fn next_obs_event(active: &mut Option<Active>) -> Result<Event, broadcast::error::RecvError> {
    match active {
        Some(active) => active.events.recv().await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// The folder recordings go to by default: `<data-dir>/recordings`.
pub fn default_root(data_dir: &Path) -> PathBuf {
    data_dir.join("recordings")
}
