//! The typed event bus every part of the application meets on.
//!
//! A `tokio::sync::broadcast` channel: publishing never waits, so a slow subscriber never slows
//! ingest; a subscriber that falls more than [`BUS_CAPACITY`] events behind gets
//! `RecvError::Lagged` with the number it missed and carries on.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use match_state::{DomainEvent, MatchState};
use tokio::sync::broadcast;

use crate::automation::ivr::{ClipSource, IvrStatus};

/// How many events a subscriber may fall behind before it misses some.
pub const BUS_CAPACITY: usize = 16_384;

/// One datagram after parsing and folding, as the bus carries it.
#[derive(Debug, Clone)]
pub struct ParsedDatagram {
    /// Monotonic sequence number given on receipt; the datagram's key in the store.
    pub seq: u64,
    /// Receive wall time, µs since the Unix epoch.
    pub received_at_us: i64,
    /// Who sent it.
    pub source: SocketAddr,
    /// Every message it held, unknown text included as `Message::Raw`.
    pub messages: Vec<pss::Message>,
    /// What changed in the match because of it.
    pub domain_events: Vec<DomainEvent>,
    /// The match it belongs to (the seq of the datagram that loaded that match).
    pub match_id: Option<i64>,
    /// The match state after it, when it changed anything.
    pub state: Option<Arc<MatchState>>,
}

/// Everything that travels on the bus.
#[derive(Debug, Clone)]
pub enum AppEvent {
    /// A datagram was received, parsed and folded into the match (`EventParsed`).
    EventParsed(Arc<ParsedDatagram>),
    /// Every datagram up to and including `up_to_seq` is durably stored (`EventStored`).
    EventStored {
        /// Highest committed sequence number.
        up_to_seq: u64,
    },
    /// An OBS connection changed status (`ObsStatus`).
    ObsStatus {
        /// The connection's name.
        name: String,
        /// What it is used for.
        role: obs::Role,
        /// Its new status (an error carries the reason).
        status: obs::ConnectionStatus,
    },
    /// The recorder started, stopped or could not start a match's recording.
    Recorder(RecorderEvent),
    /// The clip of a replay is saved; the player loads it next (`ClipReady`).
    ClipReady {
        /// The replay (its `ivr_challenges` row id).
        replay_id: i64,
        /// The clip, as OBS named it.
        path: PathBuf,
        /// How its path was learnt.
        source: ClipSource,
        /// When the path was known, µs since the Unix epoch.
        saved_at_us: i64,
    },
    /// The replay flow changed state, for the operator.
    IvrStatus(IvrStatus),
}

/// What the recorder did, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecorderEvent {
    /// OBS records the match into `path`.
    Started {
        /// The match.
        match_id: Option<i64>,
        /// The `recordings` row.
        recording_id: i64,
        /// The file OBS writes, as OBS said it.
        path: Option<PathBuf>,
    },
    /// A recording ended.
    Stopped {
        /// The match.
        match_id: Option<i64>,
        /// The `recordings` row.
        recording_id: i64,
        /// The file OBS wrote.
        path: Option<PathBuf>,
        /// Why: `match over`, `next match`, `obs connection lost`, ...
        reason: String,
    },
    /// A match should be recorded but cannot be now; recording starts when OBS is back.
    Waiting {
        /// The match.
        match_id: Option<i64>,
        /// Why it cannot record now.
        reason: String,
    },
}

/// The sending side of the bus; cheap to clone.
#[derive(Debug, Clone)]
pub struct Bus {
    sender: broadcast::Sender<AppEvent>,
}

impl Bus {
    /// A new bus with room for [`BUS_CAPACITY`] events per subscriber.
    pub fn new() -> Bus {
        let (sender, _) = broadcast::channel(BUS_CAPACITY);
        Bus { sender }
    }

    /// Publishes an event to every current subscriber; never waits.
    pub fn publish(&self, event: AppEvent) {
        // An error only means nobody is subscribed right now, which is fine.
        let _ = self.sender.send(event);
    }

    /// A new subscriber that sees every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.sender.subscribe()
    }
}

impl Default for Bus {
    fn default() -> Self {
        Bus::new()
    }
}
