//! The shell's error type: one variant per failure the operator (or a test) can act on.
//!
//! The shell is a binary, but its modules are tested on their own, so failures stay typed
//! values with lowercase messages that name what failed; `main` turns them into one log line
//! and an exit code.

use std::path::PathBuf;

/// What went wrong in the shell.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No `vta` executable was found where the shell looks for it.
    #[error("no VTA backend executable at {0} (pass --backend PATH or set VTA_BIN)")]
    BackendMissing(PathBuf),
    /// The backend process could not be started.
    #[error("cannot start the VTA backend {program}: {source}")]
    BackendSpawn {
        /// The executable that was started.
        program: PathBuf,
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// The backend process ended while the shell still needed it.
    #[error("the VTA backend exited ({status})")]
    BackendExited {
        /// Its exit status, as the operating system reports it.
        status: String,
    },
    /// The backend did not answer `/api/health` in time.
    #[error("the VTA backend at {url} did not answer /api/health within {seconds} s")]
    BackendTimeout {
        /// The base URL that was polled.
        url: String,
        /// How long the shell waited.
        seconds: u64,
    },
    /// A request to the backend failed before an HTTP answer arrived.
    #[error("request {method} {url} failed: {reason}")]
    Http {
        /// `GET` or `POST`.
        method: &'static str,
        /// The full URL.
        url: String,
        /// What the HTTP client reported.
        reason: String,
    },
    /// The dock preferences file could not be read or written.
    #[error("settings file {path}: {reason}")]
    Settings {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// A shortcut (from the backend's settings or a flag) is not a key combination the shell
    /// understands, or is used twice.
    #[error("shortcut {action}={keys} is not valid: {reason}")]
    Shortcut {
        /// The action it was meant for.
        action: String,
        /// The key combination as written.
        keys: String,
        /// Why it was refused.
        reason: String,
    },
    /// A command-line value was refused.
    #[error("{0}")]
    Usage(String),
    /// Tauri (the window system) failed.
    #[error("window system: {0}")]
    Tauri(#[from] tauri::Error),
    /// Local I/O failed.
    #[error("{what}: {source}")]
    Io {
        /// What the shell was doing.
        what: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The shell's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
