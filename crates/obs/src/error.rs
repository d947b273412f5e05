//! The one error type of the `obs` crate: a variant per failure a caller can act on.
//!
//! Foreign errors (tungstenite, serde_json) are kept as text so that those crates do not leak into
//! the public API.

/// A result whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while talking to OBS.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The TCP or WebSocket connection could not be opened.
    #[error("cannot connect to obs-websocket at {address}: {reason}")]
    Connect {
        /// `host:port` that was dialled.
        address: String,
        /// What the network layer said.
        reason: String,
    },
    /// The server answered, but not with the obs-websocket handshake we expect.
    #[error("obs-websocket handshake failed: {0}")]
    Handshake(String),
    /// The password was wrong or missing (close code 4009 in v5).
    #[error("obs-websocket authentication failed (wrong or missing password)")]
    AuthFailed,
    /// OBS ended this session on purpose (close code 4011, e.g. the user kicked the client).
    #[error("obs-websocket session was closed by OBS (kicked)")]
    Kicked,
    /// No answer arrived within the request timeout.
    #[error("obs-websocket request {request} timed out after {timeout_ms} ms")]
    Timeout {
        /// The request type, e.g. `GetVersion`.
        request: String,
        /// The timeout that ran out.
        timeout_ms: u64,
    },
    /// The connection is gone (closed, reset, or never established on this handle).
    #[error("obs-websocket connection is closed")]
    Disconnected,
    /// OBS answered the request with a failure status.
    #[error("obs-websocket request {request} failed with code {code}: {message}")]
    Api {
        /// The request type, e.g. `SaveReplayBuffer`.
        request: String,
        /// The obs-websocket request status code (e.g. 501 when the output is not running).
        code: u16,
        /// The comment OBS attached, or an empty string.
        message: String,
    },
    /// This OBS does not know the request (not in `availableRequests`, or status 204).
    #[error("request {name} is not supported by this obs-websocket server")]
    RequestUnsupported {
        /// The request type that is missing.
        name: String,
    },
    /// A message broke the protocol (bad JSON, missing field, unexpected op code).
    #[error("obs-websocket protocol error: {0}")]
    Protocol(String),
}
