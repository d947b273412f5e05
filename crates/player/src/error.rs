//! The one error type of the `player` crate: a variant per failure a caller can act on.
//!
//! Foreign errors (serde_json, the IPC transport) are kept as text so that those crates do not
//! leak into the public API; only the spawn failure keeps its `io::Error`, because "not found"
//! and "permission denied" call for different fixes.

use std::path::PathBuf;

/// A result whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while driving mpv.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The mpv program could not be started (missing, not executable, bad path).
    #[error("cannot start mpv from `{}` (is mpv installed, on PATH, or is mpv_path right?): {source}", path.display())]
    Spawn {
        /// The program that was started.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// mpv started but its IPC socket did not become usable (it exited early, or the startup
    /// timeout ran out).
    #[error("mpv did not become ready: {reason}")]
    Startup {
        /// Why, in words.
        reason: String,
    },
    /// The IPC socket failed or carried something that is not mpv's JSON protocol.
    #[error("mpv ipc error: {0}")]
    Ipc(String),
    /// No reply arrived within the time allowed for the command.
    #[error("mpv command {command} timed out after {timeout_ms} ms")]
    Timeout {
        /// The command, e.g. `loadfile`.
        command: String,
        /// The limit that ran out.
        timeout_ms: u64,
    },
    /// mpv answered the command with an error.
    #[error("mpv rejected {command}: {error}")]
    Mpv {
        /// The command, e.g. `set_property speed`.
        command: String,
        /// mpv's error text, e.g. `property unavailable`.
        error: String,
    },
    /// mpv accepted `loadfile` but could not open or play the file.
    #[error("mpv could not play `{}`: {reason}", path.display())]
    Load {
        /// The file that was asked for.
        path: PathBuf,
        /// mpv's `file_error`, or how the file ended before its first frame.
        reason: String,
    },
    /// mpv died (or its socket closed) while the command was pending; the supervisor restarts it.
    #[error("mpv went away during {command} ({reason}); it is being restarted")]
    Crashed {
        /// The command that was pending.
        command: String,
        /// How mpv went away, e.g. `mpv exited: signal: 9 (SIGKILL)`.
        reason: String,
    },
    /// mpv is being restarted after a crash and cannot take commands yet.
    #[error("mpv is restarting after: {reason}")]
    Restarting {
        /// How the previous mpv went away.
        reason: String,
    },
    /// A value was out of the range this player accepts.
    #[error("invalid {what}: {value}")]
    InvalidArgument {
        /// What was wrong, e.g. `speed`.
        what: &'static str,
        /// The value that was given.
        value: String,
    },
    /// The player was shut down (its token cancelled); no mpv will run again.
    #[error("the player is shut down")]
    Closed,
}
