//! The replay screen of reStrike VTA: one warm mpv, controlled over its JSON IPC (a Unix
//! socket; a named pipe on Windows).
//!
//! - [`Player::start`] spawns mpv idle with a black window, connects to its IPC server, reads its
//!   version (mpv 0.38 moved `loadfile`'s options to the 4th argument) and returns a
//!   [`PlayerHandle`]. A supervisor task restarts mpv when it dies; mpv dies with the process
//!   that started it, even a killed one (`PR_SET_PDEATHSIG` on Linux, a kill-on-close job
//!   object on Windows).
//! - [`PlayerHandle`] (cheap to clone) loads a clip from an offset ([`Start`]), exactly or from
//!   the keyframe at or before it ([`StartPrecision`]), and resolves at its first frame
//!   ([`FirstFrame`], with where it started), plays, pauses, changes speed, steps frames, seeks, loops
//!   A-B, and closes back to idle.
//! - [`PlayerState`] (idle / loading / playing / paused / ended / error) is on a watch channel;
//!   mpv's events, typed as [`PlayerEvent`], on a broadcast channel.
//!
//! What to play and when (the challenge flow) is decided by the caller; this crate only drives
//! mpv.
//!
//! ```no_run
//! # async fn example() -> player::Result<()> {
//! use std::time::Duration;
//! use player::{Player, PlayerConfig, Start};
//! use tokio_util::sync::CancellationToken;
//!
//! let player = Player::start(PlayerConfig::default(), CancellationToken::new()).await?;
//! let first_frame = player
//!     .load("/replays/Replay 1.mkv", Start::BeforeEnd(Duration::from_secs(10)))
//!     .await?;
//! println!("on screen after {:?}", first_frame.latency);
//! player.set_speed(0.5).await?;
//! player.close().await?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod boost;
mod child;
mod config;
mod error;
mod event;
mod handle;
mod protocol;
mod session;
mod state;
mod supervisor;
mod transport;
mod version;

pub use config::PlayerConfig;
pub use error::{Error, Result};
pub use event::{EndFileReason, PlayerEvent, PropertyChange, ReceivedEvent};
pub use handle::{FirstFrame, Player, PlayerHandle, Start, StartPrecision};
pub use state::PlayerState;
pub use version::{LoadfileForm, MpvVersion};
