//! [`ReplayScreen`]: what the replay flow needs from the review screen, so that a test can put a
//! fake behind it; [`player::PlayerHandle`] (one warm mpv) is the real one.
//!
//! The operator's controls (play, pause, speed, frame step, seek, A-B loop) pass through as one
//! [`PlayerControl`] value.

use std::path::Path;

use futures_util::future::BoxFuture;
use player::{FirstFrame, PlayerHandle, Start};

/// The review screen.
pub trait ReplayScreen: Send + Sync + 'static {
    /// Plays `path` from `start` and resolves at its first frame.
    fn load<'a>(
        &'a self,
        path: &'a Path,
        start: Start,
    ) -> BoxFuture<'a, player::Result<FirstFrame>>;
    /// The loaded clip's length in seconds, when known.
    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>>;
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
    ) -> BoxFuture<'a, player::Result<FirstFrame>> {
        Box::pin(PlayerHandle::load(self, path, start))
    }

    fn duration(&self) -> BoxFuture<'_, player::Result<Option<f64>>> {
        Box::pin(PlayerHandle::duration(self))
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
