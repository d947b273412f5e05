//! What ingest hands the store: one [`IngestRecord`] per received datagram, with its parsed
//! events and, when the datagram changed the match, a snapshot of the match.

use std::net::SocketAddr;
use std::sync::Arc;

use match_state::MatchState;

/// One received datagram and everything ingest made of it.
#[derive(Debug, Clone)]
pub struct IngestRecord {
    /// Monotonic sequence number given by ingest; the datagram's primary key.
    pub seq: u64,
    /// Receive wall time, µs since the Unix epoch.
    pub received_at_us: i64,
    /// The sender.
    pub source: SocketAddr,
    /// The datagram exactly as received (not necessarily UTF-8).
    pub bytes: Vec<u8>,
    /// The messages parsed from it, in wire order.
    pub events: Vec<EventRecord>,
    /// Present when this datagram changed the match (not for a plain clock tick).
    pub match_snapshot: Option<MatchSnapshot>,
    /// Whether it was folded into the live match; false when manual mode ignored the PSS, so
    /// that rebuilding the match after a restart skips it too.
    pub folded: bool,
}

impl IngestRecord {
    /// How well the datagram was understood: any raw message makes it partial, only raw
    /// messages (or none at all) make it an error.
    pub fn parse_status(&self) -> ParseStatus {
        let n_raw = self
            .events
            .iter()
            .filter(|event| event.message.is_raw())
            .count();
        if n_raw == self.events.len() {
            ParseStatus::Error
        } else if n_raw > 0 {
            ParseStatus::Partial
        } else {
            ParseStatus::Ok
        }
    }

    /// The match the datagram belongs to: the snapshot's, else the first event's.
    pub fn match_id(&self) -> Option<i64> {
        match &self.match_snapshot {
            Some(snapshot) => Some(snapshot.match_id),
            None => self.events.iter().find_map(|event| event.match_id),
        }
    }
}

/// One parsed message with the match context at the moment it was folded.
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// The message.
    pub message: pss::Message,
    /// The match it belongs to, if any was loaded.
    pub match_id: Option<i64>,
    /// The round at that moment.
    pub round: Option<u8>,
    /// The match clock at that moment, in seconds.
    pub clock_seconds: Option<u32>,
}

/// Datagrams already stored unfolded (their source was not followed) that the live match now
/// holds: the operator followed their source, and its last match was rebuilt from them.
/// [`StoreHandle::adopt`](crate::StoreHandle::adopt) marks them folded, gives them and their
/// events the match context a fold gives, and stores the match.
#[derive(Debug, Clone)]
pub struct AdoptedMatch {
    /// Each datagram taken in, in sequence order.
    pub datagrams: Vec<AdoptedDatagram>,
    /// The match after the last of them; none when they opened no match.
    pub snapshot: Option<MatchSnapshot>,
}

/// One stored datagram taken into the live match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedDatagram {
    /// Its sequence number.
    pub seq: u64,
    /// Its receive time, µs since the Unix epoch.
    pub received_at_us: i64,
    /// The context of each of its events, in wire order (as `events.idx`).
    pub events: Vec<EventContext>,
}

/// The match context of one event, as the fold gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventContext {
    /// The match it belongs to.
    pub match_id: Option<i64>,
    /// The round at that moment.
    pub round: Option<u8>,
    /// The match clock at that moment, in seconds.
    pub clock_seconds: Option<u32>,
}

/// The state of a match after a datagram changed it.
#[derive(Debug, Clone)]
pub struct MatchSnapshot {
    /// The match key: the sequence number of the datagram that loaded it.
    pub match_id: i64,
    /// The whole state, shared with the bus without a copy.
    pub state: Arc<MatchState>,
}

/// How well a datagram was understood, as stored in `datagrams.parse_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseStatus {
    /// Every part was read.
    Ok,
    /// Some parts were kept as raw text.
    Partial,
    /// Nothing was read.
    Error,
}

impl ParseStatus {
    /// The stored spelling: `ok`, `partial`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParseStatus::Ok => "ok",
            ParseStatus::Partial => "partial",
            ParseStatus::Error => "error",
        }
    }

    /// The status for a stored spelling.
    pub fn from_stored(text: &str) -> Option<ParseStatus> {
        Some(match text {
            "ok" => ParseStatus::Ok,
            "partial" => ParseStatus::Partial,
            "error" => ParseStatus::Error,
            _ => return None,
        })
    }
}
