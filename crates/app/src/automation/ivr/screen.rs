//! [`ReplayScreen`]: what the replay flow needs from the review screen, so that a test can put a
//! fake behind it; [`player::PlayerHandle`] (one warm mpv) is the real one.
//!
//! The operator's controls (play, pause, speed, frame step, seek, A-B loop) pass through as one
//! [`PlayerControl`] value. [`StartingPlayer`] starts mpv in the background, for a program
//! that must run on even when mpv does not.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use player::{FirstFrame, Player, PlayerConfig, PlayerHandle, Start, StartPrecision};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The review screen.
pub trait ReplayScreen: Send + Sync + 'static {
    /// Plays `path` from `start`, as closely as `precision` says, and resolves at its first
    /// frame (with where it is in the file, when known).
    fn load<'a>(
        &'a self,
        path: &'a Path,
        start: Start,
        precision: StartPrecision,
    ) -> BoxFuture<'a, player::Result<FirstFrame>>;
    /// The loaded clip's length in seconds, when known.
    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>>;
    /// The position in the loaded clip in seconds, when known.
    fn position(&self) -> BoxFuture<'_, player::Result<Option<f64>>>;
    /// Back to idle (a black screen).
    fn close(&self) -> BoxFuture<'_, player::Result<()>>;
    /// One of the operator's playback controls.
    fn control(&self, control: PlayerControl) -> BoxFuture<'_, player::Result<()>>;
}

/// A playback control the operator uses while a replay is on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlayerControl {
    /// Resume (from the start when the clip has ended).
    Play,
    /// Pause.
    Pause,
    /// Playback speed factor (0.25, 0.5, 1 in the review UI).
    Speed(f64),
    /// Next frame, paused.
    FrameStep,
    /// Previous frame, paused.
    FrameBackStep,
    /// Seek this many seconds (negative: back).
    Seek(f64),
    /// Loop between these two positions, in seconds from the clip's start.
    AbLoop(f64, f64),
    /// End the A-B loop.
    ClearAbLoop,
}

impl ReplayScreen for PlayerHandle {
    fn load<'a>(
        &'a self,
        path: &'a Path,
        start: Start,
        precision: StartPrecision,
    ) -> BoxFuture<'a, player::Result<FirstFrame>> {
        Box::pin(PlayerHandle::load_with(self, path, start, precision))
    }

    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(PlayerHandle::duration(self))
    }

    fn position(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(PlayerHandle::position(self))
    }

    fn close(&self) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(PlayerHandle::close(self))
    }

    fn control(&self, control: PlayerControl) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(async move {
            match control {
                PlayerControl::Play => self.play().await,
                PlayerControl::Pause => self.pause().await,
                PlayerControl::Speed(speed) => self.set_speed(speed).await,
                PlayerControl::FrameStep => self.frame_step().await,
                PlayerControl::FrameBackStep => self.frame_back_step().await,
                PlayerControl::Seek(seconds) => self.seek_relative(seconds).await,
                PlayerControl::AbLoop(a, b) => self.set_ab_loop(a, b).await,
                PlayerControl::ClearAbLoop => self.clear_ab_loop().await,
            }
        })
    }
}

/// A [`ReplayScreen`] whose mpv is started in the background, so that the program starts
/// (and records, and streams) even when mpv is slow to start or missing. A start that fails
/// is tried again every [`StartingPlayer::RETRY`]; meanwhile loads fail with the reason.
///
/// [`StartingPlayer::restart`] runs mpv again with another configuration: the old mpv quits
/// first (it holds the IPC path), then the new one starts.
#[derive(Debug, Clone)]
pub struct StartingPlayer {
    /// The running mpv, or why it is not running; `None` while it starts.
    started: Arc<watch::Sender<Option<Result<PlayerHandle, String>>>>,
    config: Arc<watch::Sender<PlayerConfig>>,
}

impl StartingPlayer {
    /// Pause between two failed starts.
    pub const RETRY: Duration = Duration::from_secs(5);

    /// How long a restart waits for the old mpv to quit.
    const QUIT_WAIT: Duration = Duration::from_secs(3);

    /// Starts mpv with `config` on `tracker` until `cancel` fires.
    pub fn spawn(
        config: PlayerConfig,
        tracker: &TaskTracker,
        cancel: CancellationToken,
    ) -> StartingPlayer {
        let started = Arc::new(watch::Sender::new(None));
        let sender = Arc::clone(&started);
        let (config_sender, mut configs) = watch::channel(config);
        tracker.spawn(async move {
            loop {
                let config = configs.borrow_and_update().clone();
                let player_cancel = cancel.child_token();
                // A change of configuration while mpv will not start is tried at once.
                let handle = tokio::select! {
                    _ = cancel.cancelled() => return,
                    changed = configs.changed() => {
                        player_cancel.cancel();
                        if changed.is_err() {
                            return;
                        }
                        continue;
                    }
                    handle = start_until_up(&config, &sender, &player_cancel) => handle,
                };
                tokio::select! {
                    _ = cancel.cancelled() => return,
                    changed = configs.changed() => {
                        if changed.is_err() {
                            return;
                        }
                    }
                }
                sender.send_replace(None);
                player_cancel.cancel();
                if tokio::time::timeout(Self::QUIT_WAIT, handle.stopped())
                    .await
                    .is_err()
                {
                    tracing::warn!("the old replay screen did not quit in time");
                }
            }
        });
        StartingPlayer {
            started,
            config: Arc::new(config_sender),
        }
    }

    /// The configuration mpv runs (or is started) with.
    pub fn config(&self) -> PlayerConfig {
        self.config.borrow().clone()
    }

    /// Quits mpv and starts it again with `config`; loads meanwhile wait for the new one.
    pub fn restart(&self, config: PlayerConfig) {
        self.started.send_replace(None);
        self.config.send_replace(config);
    }

    /// The player once started; waits for the first attempt at most `wait`.
    async fn handle(&self, wait: Duration) -> player::Result<PlayerHandle> {
        let mut started = self.started.subscribe();
        let _ = tokio::time::timeout(wait, started.wait_for(Option::is_some)).await;
        let outcome = match &*started.borrow() {
            Some(Ok(handle)) => Ok(handle.clone()),
            Some(Err(reason)) => Err(reason.clone()),
            None => Err("mpv is still starting".to_owned()),
        };
        outcome.map_err(|reason| player::Error::Startup { reason })
    }
}

/// Starts mpv, trying again every [`StartingPlayer::RETRY`] with the reason in `started`
/// meanwhile, until it is up.
async fn start_until_up(
    config: &PlayerConfig,
    started: &watch::Sender<Option<Result<PlayerHandle, String>>>,
    player_cancel: &CancellationToken,
) -> PlayerHandle {
    loop {
        match Player::start(config.clone(), player_cancel.clone()).await {
            Ok(handle) => {
                tracing::info!(version = %handle.version().text, "replay screen ready");
                started.send_replace(Some(Ok(handle.clone())));
                return handle;
            }
            Err(err) => {
                tracing::error!(%err, "the replay screen (mpv) cannot start");
                started.send_replace(Some(Err(err.to_string())));
            }
        }
        tokio::time::sleep(StartingPlayer::RETRY).await;
    }
}

/// How long a load waits for mpv's first start.
const FIRST_START_WAIT: Duration = Duration::from_secs(5);

impl ReplayScreen for StartingPlayer {
    fn load<'a>(
        &'a self,
        path: &'a Path,
        start: Start,
        precision: StartPrecision,
    ) -> BoxFuture<'a, player::Result<FirstFrame>> {
        Box::pin(async move {
            self.handle(FIRST_START_WAIT)
                .await?
                .load_with(path, start, precision)
                .await
        })
    }

    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(async move { self.handle(Duration::ZERO).await?.duration().await })
    }

    fn position(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(async move { self.handle(Duration::ZERO).await?.position().await })
    }

    fn close(&self) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(async move { PlayerHandle::close(&self.handle(Duration::ZERO).await?).await })
    }

    fn control(&self, control: PlayerControl) -> BoxFuture<'_, player::Result<()>> {
        Box::pin(async move {
            let handle = self.handle(Duration::ZERO).await?;
            ReplayScreen::control(&handle, control).await
        })
    }
}
