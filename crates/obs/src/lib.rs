//! obs-websocket clients for reStrike VTA: drive OBS Studio's recording, replay buffer, scenes and
//! stream from Rust.
//!
//! - [`Client`]: one obs-websocket v5 session (OBS 28+, websocket 5.0 to 5.7). Requests are
//!   grouped by area (`client.record().start()`, `client.replay_buffer().save()`), events arrive
//!   typed ([`Event`]) on a broadcast channel.
//! - [`v4::Client`]: one obs-websocket 4.x session (OBS 27), tested against a fake server only.
//! - [`connect`] returns a [`Session`] of either version; with [`Protocol::Auto`] a server that
//!   sends Hello is v5, one that stays silent is v4.
//! - [`Connection`]: a named connection (role REC / STR / BOTH) that keeps a session connected:
//!   reconnect with capped backoff, a heartbeat, the status on a watch channel, and the OBS state
//!   re-read after each reconnect.
//! - [`probe`]: a short-lived connection that reports the versions and a round trip.
//! - [`ObsControl`]: the operations the recorder and replay flows need, implemented by all of
//!   them, so callers hold an `Arc<dyn ObsControl>`.
//!
//! ```no_run
//! # async fn example() -> obs::Result<()> {
//! use obs::{Client, ConnectOptions};
//!
//! let client = Client::connect(ConnectOptions::new("127.0.0.1", 4455).password("secret")).await?;
//! let mut events = client.events();
//! client.replay_buffer().save().await?;
//! while let Ok(event) = events.recv().await {
//!     if let obs::Event::ReplayBufferSaved { saved_replay_path } = event {
//!         println!("clip at {}", saved_replay_path.display());
//!         break;
//!     }
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod client;
mod connection;
mod control;
mod error;
mod event;
mod password;
mod probe;
pub mod protocol;
mod session;
mod transport;
pub mod v4;

pub use client::{BatchRequest, BatchResult, Client, ConnectOptions};
pub use connection::{Backoff, Connection, ConnectionConfig, ConnectionStatus, ObsState, Role};
pub use control::ObsControl;
pub use error::{Error, Result};
pub use event::{wait_for_event, Event, OutputState};
pub use password::Password;
pub use probe::{probe, Probe};
pub use session::{connect, Protocol, Session};
