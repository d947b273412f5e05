//! What queries return: typed rows, decoded from the stored text and JSON so callers never
//! parse SQL values themselves.

use std::net::SocketAddr;

use match_state::{ChallengeOutcome, MatchPhase};
use pss::{ChallengeBy, CountDirection, Rgb, Side};

use crate::record::ParseStatus;

/// One stored datagram, for rebuilding the match state after a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatagramRow {
    /// Sequence number given by ingest.
    pub seq: u64,
    /// Receive wall time, µs since the Unix epoch.
    pub received_at_us: i64,
    /// The sender.
    pub source: SocketAddr,
    /// The bytes exactly as received.
    pub bytes: Vec<u8>,
    /// How well they were understood.
    pub parse_status: ParseStatus,
    /// The match they belong to.
    pub match_id: Option<i64>,
    /// Whether they were folded into the live match (false: ignored in manual mode).
    pub folded: bool,
}

/// One stored message. The meaning of `side`, `value` and `data` per kind is in the table of
/// the `event_columns` module (and in the crate docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Row id; ascending ids are arrival order.
    pub id: i64,
    /// The datagram it came in.
    pub seq: u64,
    /// Its position within that datagram.
    pub idx: u32,
    /// `pss::Message::kind`, e.g. `point`.
    pub kind: String,
    /// `blue`, `red`, `referee` (challenges) or none.
    pub side: Option<String>,
    /// The kind's main number (point kind, count, score, seconds, ...).
    pub value: Option<i64>,
    /// The round when it arrived.
    pub round: Option<u8>,
    /// The match clock when it arrived, in seconds.
    pub clock_seconds: Option<u32>,
    /// The match it belongs to.
    pub match_id: Option<i64>,
    /// Receive wall time of its datagram, µs since the Unix epoch.
    pub received_at_us: i64,
    /// The remaining fields as a JSON object.
    pub data: Option<String>,
}

/// Which events [`Reader::events`](crate::Reader::events) returns, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Only this match's events.
    pub match_id: Option<i64>,
    /// Only this kind, e.g. `point`.
    pub kind: Option<String>,
    /// At most this many; all when `None`.
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: u64,
}

/// The tournament and day a match, a recording or a clip is filed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// The tournament's row id.
    pub tournament_id: i64,
    /// The tournament's name.
    pub tournament: String,
    /// The day's row id.
    pub day_id: i64,
    /// The day's name (`Day 2 – Finals`, or its date).
    pub day: String,
    /// The day's date, `YYYY-MM-DD`.
    pub date: String,
}

/// Which matches [`crate::Reader::matches_filed`] lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchFilter {
    /// Only those of this tournament.
    pub tournament_id: Option<i64>,
    /// Only those of this day.
    pub day_id: Option<i64>,
    /// Only those of this athlete (either side).
    pub athlete_id: Option<i64>,
}

/// One match as archived: the `mch` configuration, both sides, times, results and challenges.
///
/// Configuration fields are `None` until an `mch` came for the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRow {
    /// The match key: the sequence number of the datagram that loaded it.
    pub id: i64,
    /// The tournament day it was filed under.
    pub tournament_day_id: Option<i64>,
    /// That day and its tournament, named.
    pub filed: Option<Filing>,
    /// Match number, text (`245.A` occurs).
    pub number: Option<String>,
    /// Phase, e.g. `Round of 16`.
    pub phase: Option<String>,
    /// Weight class, e.g. `M- 80 kg`.
    pub weight_class: Option<String>,
    /// The `mch` round field as sent.
    pub rounds: Option<u32>,
    /// Blue background colour.
    pub blue_background: Option<Rgb>,
    /// Blue foreground colour.
    pub blue_foreground: Option<Rgb>,
    /// Red background colour.
    pub red_background: Option<Rgb>,
    /// Red foreground colour.
    pub red_foreground: Option<Rgb>,
    /// The scoring software's match id.
    pub pss_match_id: Option<String>,
    /// Division, e.g. `Senior`.
    pub division: Option<String>,
    /// Number of rounds.
    pub total_rounds: Option<u32>,
    /// Round length in seconds.
    pub round_seconds: Option<u32>,
    /// Which way the clock counts.
    pub count_direction: Option<CountDirection>,
    /// Count-up value.
    pub count_up: Option<u32>,
    /// Match format code.
    pub format: Option<u32>,
    /// Where the match stood at its last stored change.
    pub status: MatchPhase,
    /// Athlete 1, chong.
    pub blue: MatchSideRow,
    /// Athlete 2, hong.
    pub red: MatchSideRow,
    /// When the match was loaded.
    pub loaded_at_us: Option<i64>,
    /// When it was ready.
    pub ready_at_us: Option<i64>,
    /// When its clock first started.
    pub started_at_us: Option<i64>,
    /// When the winner was known.
    pub ended_at_us: Option<i64>,
    /// Winner of rounds 1 to 3.
    pub round_winners: [Option<Side>; 3],
    /// Match winner.
    pub winner: Option<Side>,
    /// Winner's name as shown.
    pub winner_name: Option<String>,
    /// Classification, e.g. `2-1 PTF`.
    pub classification: Option<String>,
    /// Every video replay challenge, in order of request.
    pub challenges: Vec<ChallengeRow>,
    /// The datagram that last changed the row.
    pub updated_seq: u64,
    /// Its receive time.
    pub updated_at_us: i64,
}

impl MatchRow {
    /// One side of the match.
    pub fn side(&self, side: Side) -> &MatchSideRow {
        match side {
            Side::Blue => &self.blue,
            Side::Red => &self.red,
        }
    }
}

/// One athlete's part of an archived match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatchSideRow {
    /// The `athletes` row; none when no name or country was sent.
    pub athlete_id: Option<i64>,
    /// Short name; none until `at` came.
    pub short_name: Option<String>,
    /// Long name.
    pub long_name: Option<String>,
    /// IOC country code.
    pub ioc: Option<String>,
    /// Total score.
    pub score: u32,
    /// Score per round; index 3 is the golden round.
    pub round_scores: [u32; 4],
    /// Gam-jeom count.
    pub gamjeom: u32,
}

/// One video replay challenge of an archived match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChallengeRow {
    /// Who raised the card: the referee, blue or red.
    pub by: ChallengeBy,
    /// Where it ended up.
    pub outcome: ChallengeOutcome,
    /// For an accepted challenge, whether the challenger won, when sent.
    pub won: Option<bool>,
    /// When it was requested.
    pub requested_at_us: i64,
    /// When it was decided.
    pub resolved_at_us: Option<i64>,
    /// The round at the request.
    pub round: u8,
    /// The match clock at the request.
    pub clock_seconds: Option<u32>,
}

/// A tournament day; new matches are filed under the active one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TournamentDay {
    /// Row id.
    pub id: i64,
    /// The tournament's row id.
    pub tournament_id: i64,
    /// The tournament's name.
    pub tournament: String,
    /// Local date, `YYYY-MM-DD`.
    pub day: String,
    /// Its name (`Day 2 – Finals`; its date unless the organiser named it).
    pub name: String,
    /// Whether new matches go here.
    pub active: bool,
    /// When it was created (the receive time of the datagram that needed it).
    pub created_at_us: i64,
}
