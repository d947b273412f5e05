//! [`PlayerEvent`]: what mpv reports without being asked, typed, plus the one event the
//! supervisor adds itself ([`PlayerEvent::Exited`]).
//!
//! Only the events and observed properties the player reasons about get their own variant; any
//! other event keeps its name in [`PlayerEvent::Other`] so nothing is silently dropped.

use std::fmt;
use std::time::Instant;

/// An event as it left the socket reader, stamped when its line was read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedEvent {
    /// When the reader took the line off the socket; the first-frame time of a load.
    pub at: Instant,
    /// What happened.
    pub event: PlayerEvent,
}

/// One event from mpv.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    /// mpv starts opening a playlist entry (`start-file`).
    StartFile {
        /// The entry, as returned by `loadfile`.
        entry_id: Option<i64>,
    },
    /// The file is open and its tracks are known (`file-loaded`).
    FileLoaded,
    /// Playback (re)started after a load or a seek: a frame is on screen (`playback-restart`).
    PlaybackRestart,
    /// A seek began (`seek`).
    Seek,
    /// A playlist entry ended (`end-file`).
    EndFile {
        /// The entry that ended.
        entry_id: Option<i64>,
        /// Why it ended.
        reason: EndFileReason,
        /// mpv's `file_error` when the reason is an error, e.g. `loading failed`.
        error: Option<String>,
    },
    /// mpv has nothing to play and waits (`idle`).
    Idle,
    /// An observed property changed (`property-change`).
    PropertyChanged(PropertyChange),
    /// Any other event, by name (e.g. `video-reconfig`).
    Other {
        /// The `event` field.
        name: String,
    },
    /// The mpv process died or its socket closed; the supervisor restarts it. Not from mpv.
    Exited {
        /// How it went away.
        reason: String,
    },
}

/// Why a playlist entry ended (`end-file`'s `reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndFileReason {
    /// The end of the file was reached (not sent with `keep-open`, which pauses instead).
    Eof,
    /// Stopped by a command (`stop`, or a `loadfile ... replace`).
    Stop,
    /// mpv is quitting.
    Quit,
    /// The file could not be opened or played.
    Error,
    /// The file was a playlist or redirect and was replaced by its entries.
    Redirect,
    /// A reason this crate does not know.
    Unknown(String),
}

impl EndFileReason {
    /// Reads mpv's reason text.
    pub fn from_mpv(reason: &str) -> Self {
        match reason {
            "eof" => Self::Eof,
            "stop" => Self::Stop,
            "quit" => Self::Quit,
            "error" => Self::Error,
            "redirect" => Self::Redirect,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl fmt::Display for EndFileReason {
    /// mpv's own word for the reason.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Eof => "eof",
            Self::Stop => "stop",
            Self::Quit => "quit",
            Self::Error => "error",
            Self::Redirect => "redirect",
            Self::Unknown(reason) => reason,
        })
    }
}

/// A change of one of the properties the player observes.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyChange {
    /// `pause`.
    Pause(bool),
    /// `idle-active`: no file is loaded.
    IdleActive(bool),
    /// `eof-reached`: with `keep-open`, the last frame is shown and playback paused. mpv sends
    /// no value while no file is loaded; that reads as `false`.
    EofReached(bool),
    /// `speed`, the playback speed factor.
    Speed(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_file_reasons_read_and_print_mpv_words() {
        for word in ["eof", "stop", "quit", "error", "redirect", "something-new"] {
            assert_eq!(EndFileReason::from_mpv(word).to_string(), word);
        }
        assert_eq!(
            EndFileReason::from_mpv("something-new"),
            EndFileReason::Unknown("something-new".into())
        );
    }
}
