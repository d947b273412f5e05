//! Instant video replay (IVR): a challenge puts the right clip on the review screen and the
//! replay scene on the stream, and takes them off again when it is decided.
//!
//! The path of one replay, in order:
//!
//! 1. `ChallengeRequested` on the bus (or the operator's REPLAY, [`IvrHandle::replay_now`]);
//!    a row in the store's `ivr_challenges`.
//! 2. `SaveReplayBuffer` on the REC connection; the clip's path from `ReplayBufferSaved`, or
//!    by polling `GetLastReplayBufferReplay` for a path that differs from the previous clip
//!    (`clip`). No clip within [`IvrConfig::clip_timeout`]: [`IvrStatus::Failed`] with the
//!    reason, the row stored as failed, the operator may retry with `replay_now`.
//! 3. [`AppEvent::ClipReady`], then the player loads the clip to start
//!    [`IvrConfig::lead`] before the request: the clip ends when OBS answered the save, so it
//!    starts `(save answered - requested) + lead` before the clip's end.
//! 4. The STR connection's program scene becomes [`IvrConfig::ivr_scene`];
//!    [`IvrStatus::Playing`].
//! 5. The challenge's resolution (`chN;1|0|-1`), a clock start, or the operator's close
//!    ([`IvrHandle::close`]): the player goes idle, STR back to [`IvrConfig::live_scene`], the
//!    replay buffer started again if it stopped; [`IvrStatus::Closed`].
//!
//! The operator can also put any file on the screen ([`IvrHandle::play_file`], a recording
//! from the archive at a moment) and loop part of what is on screen
//! ([`IvrHandle::set_loop_point`]).
//!
//! Saves run one at a time, in request order, as soon as a challenge comes, so that a second
//! challenge gets its own seconds of video even while the first is on screen; its clip then
//! waits for the screen (queued, not lost). A replay decided before it was shown is stored
//! closed without taking the screen. Each stage's wall time goes to the row (see
//! `store::IvrChallengeRow`); the events of [`IvrConfig::link_window`] before a request are
//! linked to its clip by the store's `event_ivr_links` view.
//!
//! What it leaves out: which OBS connection is REC or STR ([`ReplayObs`], usually the
//! [`ObsManagerHandle`]) and how mpv runs ([`ReplayScreen`], usually a
//! [`player::PlayerHandle`]).

mod clip;
mod flow;
mod rec_encoder;
mod screen;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use obs::ObsControl;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use rec_encoder::{RecEncoderProfile, RecEncoderVerdict};
pub use screen::{PlayerControl, ReplayScreen, StartingPlayer};

use crate::bus::Bus;
use crate::obs_manager::ObsManagerHandle;

/// How the replay flow works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrConfig {
    /// Playback starts this long before the request.
    pub lead: Duration,
    /// From sending the save to knowing the clip's path; then the replay fails.
    pub clip_timeout: Duration,
    /// From sending the save to the first `GetLastReplayBufferReplay` poll.
    pub poll_after: Duration,
    /// Between two polls.
    pub poll_interval: Duration,
    /// Events this long before a request are linked to its clip.
    pub link_window: Duration,
    /// The stream's scene while a replay is on screen.
    pub ivr_scene: String,
    /// The stream's scene otherwise.
    pub live_scene: String,
    /// How long a load is tried again while mpv restarts after a crash.
    pub load_retry_for: Duration,
}

impl Default for IvrConfig {
    /// A 10 s lead, 5 s for the clip (polls from 1 s on, every 250 ms), a 20 s link window,
    /// scenes `IVR_SCENE` and `LIVE_SCENE`, loads retried for 3 s.
    fn default() -> Self {
        IvrConfig {
            lead: Duration::from_secs(10),
            clip_timeout: Duration::from_secs(5),
            poll_after: Duration::from_secs(1),
            poll_interval: Duration::from_millis(250),
            link_window: Duration::from_secs(20),
            ivr_scene: "IVR_SCENE".to_owned(),
            live_scene: "LIVE_SCENE".to_owned(),
            load_retry_for: Duration::from_secs(3),
        }
    }
}

/// Where the flow finds the REC and STR connections.
pub trait ReplayObs: Send + Sync + 'static {
    /// The connection that keeps the replay buffer, with its name.
    fn rec(&self) -> Option<(String, Arc<dyn ObsControl>)>;
    /// The connection whose program scene is switched, with its name.
    fn stream(&self) -> Option<(String, Arc<dyn ObsControl>)>;
    /// The live session of connection `name`, to read its profile (the REC encoder check);
    /// `None` when it is not connected or cannot be reached this way.
    fn session(&self, _name: &str) -> Option<obs::Session> {
        None
    }
}

impl ReplayObs for ObsManagerHandle {
    fn rec(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.rec_control()
    }

    fn stream(&self) -> Option<(String, Arc<dyn ObsControl>)> {
        self.str_connections().into_iter().next().map(|connection| {
            let name = connection.config().name.clone();
            (name, Arc::new(connection) as Arc<dyn ObsControl>)
        })
    }

    fn session(&self, name: &str) -> Option<obs::Session> {
        self.connection(name)?.session()
    }
}

/// How the clip's path was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipSource {
    /// From `ReplayBufferSaved`.
    Event,
    /// From polling `GetLastReplayBufferReplay`.
    Poll,
}

impl ClipSource {
    /// `event` or `poll`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ClipSource::Event => "event",
            ClipSource::Poll => "poll",
        }
    }
}

/// What the replay flow is doing, for the operator. Replays are named by their row id in
/// `ivr_challenges` (a negative id when the store refused the row).
#[derive(Debug, Clone, PartialEq)]
pub enum IvrStatus {
    /// Nothing to show.
    Idle,
    /// The clip of a replay is being saved.
    Saving {
        /// The replay.
        replay_id: i64,
    },
    /// A replay waits for the screen (another one is open).
    Queued {
        /// The replay.
        replay_id: i64,
        /// Replays waiting for the screen, this one included.
        waiting: usize,
    },
    /// A replay is on screen and the stream shows the replay scene.
    Playing {
        /// The replay.
        replay_id: i64,
        /// The clip.
        path: PathBuf,
        /// Where playback started, from the clip's start.
        start_offset: Duration,
    },
    /// A replay was taken off screen (or decided before it was shown).
    Closed {
        /// The replay.
        replay_id: i64,
        /// `resolved`, `clock started`, `operator`, ...
        reason: String,
    },
    /// A replay could not be shown; the operator may retry with REPLAY.
    Failed {
        /// The replay.
        replay_id: i64,
        /// Why, in words.
        reason: String,
    },
    /// Something went wrong that does not stop the replay (the scene switch, restarting the
    /// replay buffer).
    Warning {
        /// The replay.
        replay_id: i64,
        /// What went wrong.
        message: String,
    },
}

/// Why a request to the replay flow failed.
#[derive(Debug, thiserror::Error)]
pub enum IvrError {
    /// The flow's task has stopped (shutdown).
    #[error("the replay flow has stopped")]
    Stopped,
    /// The review screen refused a control.
    #[error("replay screen: {0}")]
    Player(#[from] player::Error),
    /// A control that needs a replay on screen came while none was.
    #[error("no replay is on screen")]
    NothingOnScreen,
}

/// One end of the A-B loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopPoint {
    /// Where the loop starts.
    A,
    /// Where it jumps back to A.
    B,
}

/// The A-B loop of the replay on screen, in seconds from the file's start; mpv loops only
/// while both are set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AbLoop {
    /// Loop start.
    pub a: Option<f64>,
    /// Loop end.
    pub b: Option<f64>,
}

/// The loop points and the replay they belong to (a new replay starts without a loop).
#[derive(Debug, Default)]
struct LoopState {
    replay_id: Option<i64>,
    points: AbLoop,
}

/// The operator's side of the replay flow. Cheap to clone.
#[derive(Clone)]
pub struct IvrHandle {
    commands: mpsc::Sender<flow::Command>,
    screen: Arc<dyn ReplayScreen>,
    status: watch::Receiver<IvrStatus>,
    /// The id of the replay on screen.
    shown: watch::Receiver<Option<i64>>,
    /// A std mutex: held to read or change the points, never across an `.await`.
    ab_loop: Arc<Mutex<LoopState>>,
    /// The configuration the flow reads at each new replay.
    config: Arc<watch::Sender<IvrConfig>>,
}

impl std::fmt::Debug for IvrHandle {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("IvrHandle")
            .field("status", &*self.status.borrow())
            .finish()
    }
}

impl IvrHandle {
    /// The operator's REPLAY: a replay of the last seconds, now, by the same path as a
    /// challenge (queued when one is open). Returns the replay's id.
    pub async fn replay_now(&self) -> Result<i64, IvrError> {
        let (answer, answered) = oneshot::channel();
        self.send(flow::Command::ReplayNow { answer }).await?;
        answered.await.map_err(|_| IvrError::Stopped)
    }

    /// The operator's close: the replay on screen goes away and the stream goes back live.
    /// False when no replay was on screen.
    pub async fn close(&self) -> Result<bool, IvrError> {
        let (answer, answered) = oneshot::channel();
        self.send(flow::Command::Close { answer }).await?;
        answered.await.map_err(|_| IvrError::Stopped)
    }

    /// One playback control, passed to the screen as it is.
    pub async fn control(&self, control: PlayerControl) -> Result<(), IvrError> {
        Ok(self.screen.control(control).await?)
    }

    /// Resumes playback.
    pub async fn play(&self) -> Result<(), IvrError> {
        self.control(PlayerControl::Play).await
    }

    /// Pauses playback.
    pub async fn pause(&self) -> Result<(), IvrError> {
        self.control(PlayerControl::Pause).await
    }

    /// Sets the playback speed factor.
    pub async fn set_speed(&self, speed: f64) -> Result<(), IvrError> {
        self.control(PlayerControl::Speed(speed)).await
    }

    /// Shows the next frame, paused.
    pub async fn frame_step(&self) -> Result<(), IvrError> {
        self.control(PlayerControl::FrameStep).await
    }

    /// Shows the previous frame, paused.
    pub async fn frame_back_step(&self) -> Result<(), IvrError> {
        self.control(PlayerControl::FrameBackStep).await
    }

    /// Seeks this many seconds (negative: back).
    pub async fn seek_relative(&self, seconds: f64) -> Result<(), IvrError> {
        self.control(PlayerControl::Seek(seconds)).await
    }

    /// Loops between `a` and `b` seconds from the clip's start.
    pub async fn set_ab_loop(&self, a: f64, b: f64) -> Result<(), IvrError> {
        self.control(PlayerControl::AbLoop(a, b)).await
    }

    /// Ends the A-B loop.
    pub async fn clear_ab_loop(&self) -> Result<(), IvrError> {
        self.control(PlayerControl::ClearAbLoop).await
    }

    /// Puts `path` on the review screen from `from_start` (the replay on screen goes away;
    /// replays waiting for the screen keep waiting; the stream's scene stays). The operator's
    /// close or a clock start ends it like a replay. Returns the (negative) replay id the
    /// status shows it under.
    pub async fn play_file(&self, path: PathBuf, from_start: Duration) -> Result<i64, IvrError> {
        let (answer, answered) = oneshot::channel();
        self.send(flow::Command::PlayFile {
            path,
            from_start,
            answer,
        })
        .await?;
        Ok(answered.await.map_err(|_| IvrError::Stopped)??)
    }

    /// Sets loop point `point` at the position on screen now. A point at or past the other
    /// one clears the other; with both set, the screen loops between them.
    pub async fn set_loop_point(&self, point: LoopPoint) -> Result<AbLoop, IvrError> {
        let replay_id = self.on_screen()?;
        let position = self
            .screen
            .position()
            .await?
            .ok_or(IvrError::NothingOnScreen)?;
        let points = {
            let mut state = self.ab_loop.lock().unwrap_or_else(|e| e.into_inner());
            if state.replay_id != Some(replay_id) {
                *state = LoopState {
                    replay_id: Some(replay_id),
                    points: AbLoop::default(),
                };
            }
            let points = &mut state.points;
            match point {
                LoopPoint::A => {
                    points.a = Some(position);
                    points.b = points.b.filter(|b| *b > position);
                }
                LoopPoint::B => {
                    points.b = Some(position);
                    points.a = points.a.filter(|a| *a < position);
                }
            }
            *points
        };
        let control = match (points.a, points.b) {
            (Some(a), Some(b)) => PlayerControl::AbLoop(a, b),
            _ => PlayerControl::ClearAbLoop,
        };
        self.control(control).await?;
        Ok(points)
    }

    /// Ends the A-B loop (both points cleared).
    pub async fn clear_loop(&self) -> Result<AbLoop, IvrError> {
        let on_screen = self.on_screen();
        *self.ab_loop.lock().unwrap_or_else(|e| e.into_inner()) = LoopState::default();
        if on_screen.is_ok() {
            self.control(PlayerControl::ClearAbLoop).await?;
        }
        Ok(AbLoop::default())
    }

    /// The id of the replay on screen.
    fn on_screen(&self) -> Result<i64, IvrError> {
        self.shown.borrow().ok_or(IvrError::NothingOnScreen)
    }

    /// The configuration in force.
    pub fn config(&self) -> IvrConfig {
        self.config.borrow().clone()
    }

    /// Puts `config` in force from the next replay asked for (its lead, clip timeout, link
    /// window and scenes).
    pub fn set_config(&self, config: IvrConfig) {
        self.config.send_replace(config);
    }

    /// The flow's last status; `changed()` wakes on each new one.
    pub fn status(&self) -> watch::Receiver<IvrStatus> {
        self.status.clone()
    }

    async fn send(&self, command: flow::Command) -> Result<(), IvrError> {
        self.commands
            .send(command)
            .await
            .map_err(|_| IvrError::Stopped)
    }
}

/// Starts the replay flow on `tracker`; it follows the bus from now on and stops when `cancel`
/// fires (closing a replay on screen first). Also checks the REC OBS's encoder settings now and
/// at each reconnect, and logs a warning when they slow replays down (`rec_encoder`).
pub fn spawn_ivr(
    config: IvrConfig,
    obs: Arc<dyn ReplayObs>,
    screen: Arc<dyn ReplayScreen>,
    store: store::StoreHandle,
    bus: &Bus,
    tracker: &TaskTracker,
    cancel: CancellationToken,
) -> IvrHandle {
    let (commands, commands_rx) = mpsc::channel(16);
    let (status, status_rx) = watch::channel(IvrStatus::Idle);
    tracker.spawn(rec_encoder::watch(
        Arc::clone(&obs),
        bus.subscribe(),
        cancel.clone(),
    ));
    let (config, config_updates) = watch::channel(config);
    let flow = flow::Flow::new(
        config_updates,
        obs,
        Arc::clone(&screen),
        store,
        bus.clone(),
        status,
    );
    let shown = flow.shown();
    tracker.spawn(flow.run(bus.subscribe(), commands_rx, cancel));
    IvrHandle {
        commands,
        screen,
        status: status_rx,
        shown,
        ab_loop: Arc::default(),
        config: Arc::new(config),
    }
}
