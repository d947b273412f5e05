//! [`probe`]: a short-lived connection that says whether OBS answers, with which versions and
//! how fast, without touching the supervised [`crate::Connection`] of the same OBS.

use std::time::{Duration, Instant};

use crate::client::ConnectOptions;
use crate::session::{self, Protocol};
use crate::Result;

/// What one probe found.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// The protocol spoken (never [`Protocol::Auto`]).
    pub protocol: Protocol,
    /// The OBS Studio version, when OBS said it.
    pub obs_version: Option<String>,
    /// The obs-websocket version, when OBS said it.
    pub websocket_version: Option<String>,
    /// One request's round trip after the handshake.
    pub rtt: Duration,
}

/// Connects with `options`, times one cheap request, and closes the socket. Fails as
/// [`session::connect`] does (wrong password, nothing listening, handshake timeout).
pub async fn probe(options: ConnectOptions) -> Result<Probe> {
    let timeout = options.request_timeout;
    let session = session::connect(options).await?;
    let sent = Instant::now();
    let beat = session.heartbeat(timeout).await;
    let rtt = sent.elapsed();
    let probe = Probe {
        protocol: session.protocol(),
        obs_version: session.obs_version().map(str::to_owned),
        websocket_version: session.websocket_version().map(str::to_owned),
        rtt,
    };
    session.disconnect().await;
    beat.map(|()| probe)
}
