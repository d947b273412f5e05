//! [`PlayerState`], what the operator sees, and the tracker that derives it from mpv's events.
//!
//! mpv does not report "loading" or "ended" as such: the tracker folds `start-file`,
//! `playback-restart`, `end-file`, `idle` and the observed `pause`, `idle-active` and
//! `eof-reached` into one state. It does no I/O; the session feeds it.

use std::path::PathBuf;

use crate::event::{EndFileReason, PlayerEvent, PropertyChange};

/// The player as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayerState {
    /// Nothing loaded; the window is black (or hidden, depending on the window manager).
    Idle,
    /// A `load` was sent and its first frame is not on screen yet.
    Loading {
        /// The file being loaded.
        path: PathBuf,
    },
    /// Playing.
    Playing {
        /// The file on screen.
        path: PathBuf,
    },
    /// Paused (by the operator or by a frame step).
    Paused {
        /// The file on screen.
        path: PathBuf,
    },
    /// The last frame is shown and playback stopped there (`keep-open`).
    Ended {
        /// The file on screen.
        path: PathBuf,
    },
    /// mpv died or could not start; the supervisor is restarting it.
    Error {
        /// What happened, for the operator.
        reason: String,
    },
}

/// Where a load sent by this player is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoadPhase {
    /// `loadfile` written; events still in flight may belong to the previous file.
    Sent,
    /// mpv announced the new entry (`start-file`); the next `playback-restart` is its first frame.
    Started,
}

/// Folds events into a [`PlayerState`]. One per mpv process.
#[derive(Debug, Clone)]
pub(crate) struct Tracker {
    path: Option<PathBuf>,
    load: Option<LoadPhase>,
    idle: bool,
    paused: bool,
    eof: bool,
}

impl Tracker {
    /// A fresh mpv: idle, nothing loaded.
    pub(crate) fn new() -> Self {
        Self {
            path: None,
            load: None,
            idle: true,
            paused: false,
            eof: false,
        }
    }

    /// A `loadfile` for `path` (unpaused) was written to mpv.
    pub(crate) fn load_sent(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.load = Some(LoadPhase::Sent);
        self.paused = false;
        self.eof = false;
    }

    /// Takes one event into account.
    pub(crate) fn apply(&mut self, event: &PlayerEvent) {
        match event {
            PlayerEvent::StartFile { .. } => {
                self.idle = false;
                if self.load == Some(LoadPhase::Sent) {
                    self.load = Some(LoadPhase::Started);
                }
            }
            PlayerEvent::FileLoaded => self.idle = false,
            PlayerEvent::PlaybackRestart => {
                self.idle = false;
                if self.load == Some(LoadPhase::Started) {
                    self.load = None;
                }
            }
            PlayerEvent::EndFile { reason, .. } => {
                if *reason == EndFileReason::Error && self.load == Some(LoadPhase::Started) {
                    self.load = None;
                }
            }
            PlayerEvent::Idle => self.idle = true,
            PlayerEvent::PropertyChanged(change) => match change {
                PropertyChange::Pause(paused) => self.paused = *paused,
                PropertyChange::IdleActive(idle) => self.idle = *idle,
                PropertyChange::EofReached(eof) => self.eof = *eof,
                PropertyChange::Speed(_) => {}
            },
            PlayerEvent::Seek | PlayerEvent::Other { .. } | PlayerEvent::Exited { .. } => {}
        }
    }

    /// The state these events add up to.
    pub(crate) fn state(&self) -> PlayerState {
        let Some(path) = self.path.clone() else {
            return PlayerState::Idle;
        };
        if self.load.is_some() {
            PlayerState::Loading { path }
        } else if self.idle {
            PlayerState::Idle
        } else if self.eof {
            PlayerState::Ended { path }
        } else if self.paused {
            PlayerState::Paused { path }
        } else {
            PlayerState::Playing { path }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip() -> PathBuf {
        PathBuf::from("/clips/replay.mkv")
    }

    fn fed(tracker: &mut Tracker, events: &[PlayerEvent]) -> PlayerState {
        for event in events {
            tracker.apply(event);
        }
        tracker.state()
    }

    #[test]
    fn a_load_goes_loading_then_playing_at_the_first_frame() {
        let mut tracker = Tracker::new();
        assert_eq!(tracker.state(), PlayerState::Idle);
        tracker.load_sent(clip());
        assert_eq!(tracker.state(), PlayerState::Loading { path: clip() });
        let state = fed(
            &mut tracker,
            &[
                PlayerEvent::PropertyChanged(PropertyChange::IdleActive(false)),
                PlayerEvent::StartFile { entry_id: Some(1) },
                PlayerEvent::FileLoaded,
            ],
        );
        assert_eq!(state, PlayerState::Loading { path: clip() });
        let state = fed(&mut tracker, &[PlayerEvent::PlaybackRestart]);
        assert_eq!(state, PlayerState::Playing { path: clip() });
    }

    #[test]
    fn events_of_the_previous_file_do_not_end_the_load() {
        let mut tracker = Tracker::new();
        tracker.load_sent(PathBuf::from("/clips/old.mkv"));
        fed(
            &mut tracker,
            &[
                PlayerEvent::StartFile { entry_id: Some(1) },
                PlayerEvent::PlaybackRestart,
            ],
        );
        tracker.load_sent(clip());
        // A seek of the old file and its end, still in flight when the new load was written.
        let state = fed(
            &mut tracker,
            &[
                PlayerEvent::PlaybackRestart,
                PlayerEvent::EndFile {
                    entry_id: Some(1),
                    reason: EndFileReason::Stop,
                    error: None,
                },
                PlayerEvent::Idle,
            ],
        );
        assert_eq!(state, PlayerState::Loading { path: clip() });
        let state = fed(
            &mut tracker,
            &[
                PlayerEvent::StartFile { entry_id: Some(2) },
                PlayerEvent::PlaybackRestart,
            ],
        );
        assert_eq!(state, PlayerState::Playing { path: clip() });
    }

    #[test]
    fn pause_eof_and_idle_show_in_the_state() {
        let mut tracker = Tracker::new();
        tracker.load_sent(clip());
        fed(
            &mut tracker,
            &[
                PlayerEvent::StartFile { entry_id: Some(1) },
                PlayerEvent::PlaybackRestart,
            ],
        );
        let paused = fed(
            &mut tracker,
            &[PlayerEvent::PropertyChanged(PropertyChange::Pause(true))],
        );
        assert_eq!(paused, PlayerState::Paused { path: clip() });
        let ended = fed(
            &mut tracker,
            &[PlayerEvent::PropertyChanged(PropertyChange::EofReached(
                true,
            ))],
        );
        assert_eq!(ended, PlayerState::Ended { path: clip() });
        let idle = fed(
            &mut tracker,
            &[
                PlayerEvent::EndFile {
                    entry_id: Some(1),
                    reason: EndFileReason::Stop,
                    error: None,
                },
                PlayerEvent::Idle,
            ],
        );
        assert_eq!(idle, PlayerState::Idle);
    }

    #[test]
    fn a_failed_load_ends_idle() {
        let mut tracker = Tracker::new();
        tracker.load_sent(clip());
        let state = fed(
            &mut tracker,
            &[
                PlayerEvent::StartFile { entry_id: Some(1) },
                PlayerEvent::EndFile {
                    entry_id: Some(1),
                    reason: EndFileReason::Error,
                    error: Some("loading failed".into()),
                },
                PlayerEvent::Idle,
            ],
        );
        assert_eq!(state, PlayerState::Idle);
    }
}
