//! Domain events: what a message changed in the match, in words the rest of the program reacts to.
//!
//! An event is emitted only on a real change; a re-sent identical message emits nothing.
//! Actions that are events by nature (a point, a sensor hit) are reported every time.

use pss::{ChallengeBy, PointKind, Side};

use crate::challenge::ChallengeOutcome;

/// One change to the match, in the order it happened.
///
/// Events carry the little data a reactor needs at once; the full picture is in
/// [`MatchState`](crate::MatchState) after the fold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DomainEvent {
    /// A new match started: the state was reset (on `pre;FightLoaded`, on an `mch` for a
    /// different match once the current one is past ready, or on the first `mch` while idle).
    MatchLoaded,
    /// The match configuration (`mch`) was set or changed.
    MatchConfigured,
    /// An athlete's names or country were set or changed.
    AthleteSet {
        /// Which athlete.
        side: Side,
    },
    /// `rdy;FightReady`: the match is about to start.
    MatchReady,
    /// The match clock started.
    ClockStarted {
        /// Time on the clock when it started.
        seconds: u32,
    },
    /// The match clock stopped.
    ClockStopped {
        /// Time on the clock when it stopped.
        seconds: u32,
    },
    /// The time on the match clock changed without a start or stop.
    ClockTick {
        /// Time now on the clock.
        seconds: u32,
    },
    /// The current round changed.
    RoundChanged {
        /// The new round; 4 is the golden round.
        round: u8,
    },
    /// An athlete scored (`pt1` / `pt2`); reported for every point message.
    PointScored {
        /// Who scored.
        side: Side,
        /// What technique.
        kind: PointKind,
        /// Its value, 1 to 5.
        points: u32,
    },
    /// A sensor hit (`hl1` / `hl2`); reported for every hit message.
    HitRegistered {
        /// Whose hit.
        side: Side,
        /// Hit level as sent.
        level: u8,
    },
    /// An athlete's total score changed.
    ScoreChanged {
        /// Whose score.
        side: Side,
        /// New total.
        total: u32,
    },
    /// An athlete's score in one round changed.
    RoundScoreChanged {
        /// Whose score.
        side: Side,
        /// Round 1 to 4.
        round: u8,
        /// New score in that round.
        score: u32,
    },
    /// An athlete's gam-jeom count went up.
    WarningGiven {
        /// Who was penalised.
        side: Side,
        /// New count.
        count: u32,
    },
    /// An athlete's gam-jeom count went down (the referee took a penalty back).
    WarningRemoved {
        /// Whose count.
        side: Side,
        /// New count.
        count: u32,
    },
    /// An injury timer appeared on the scoreboard; `side` is `None` for `ij0`.
    InjuryStarted {
        /// Who is injured, when known.
        side: Option<Side>,
    },
    /// The time on an injury timer changed.
    InjuryTick {
        /// Who is injured, when known.
        side: Option<Side>,
        /// Time now on the injury timer.
        seconds: u32,
    },
    /// An injury timer left the scoreboard (`hide` or `reset`).
    InjuryEnded {
        /// Who was injured, when known.
        side: Option<Side>,
    },
    /// The break between rounds began.
    BreakStarted {
        /// Time on the break clock.
        seconds: u32,
    },
    /// The time on the break clock changed.
    BreakTick {
        /// Time now on the break clock.
        seconds: u32,
    },
    /// The break clock stopped (`brk;..;stop`); the break goes on.
    BreakStopped {
        /// Time on the break clock.
        seconds: u32,
    },
    /// The break is over (`brk;..;stopEnd`, or the match clock started again).
    BreakEnded,
    /// A video replay was asked for.
    ChallengeRequested {
        /// Who asked.
        by: ChallengeBy,
        /// Index of the record in [`MatchState::challenges`](crate::MatchState::challenges).
        index: usize,
    },
    /// A challenge was accepted, denied or cancelled, or its won/lost result came.
    ChallengeResolved {
        /// Who asked.
        by: ChallengeBy,
        /// Index of the record in [`MatchState::challenges`](crate::MatchState::challenges).
        index: usize,
        /// Accepted, denied or cancelled.
        outcome: ChallengeOutcome,
        /// For an accepted challenge: won or lost, when the sender said so.
        won: Option<bool>,
    },
    /// `wrd` named the winner of a round that had none (or a different one) before.
    RoundEnded {
        /// Round 1 to 3.
        round: u8,
        /// Who won it.
        winner: Side,
    },
    /// The match winner became known or changed.
    MatchWon {
        /// The winning side.
        side: Side,
    },
    /// `wmh` showed the winner's name or a new classification.
    WinnerShown,
    /// The athlete video time (`avt`) changed.
    VideoTimeChanged {
        /// The value as sent.
        value: u32,
    },
    /// tkStrike started its UDP output.
    SenderConnected {
        /// The port it named.
        port: u16,
    },
    /// tkStrike stopped its UDP output.
    SenderDisconnected {
        /// The port it named.
        port: u16,
    },
}

impl DomainEvent {
    /// Stable snake_case name of the event, for logs, JSON and SQL.
    pub fn kind(&self) -> &'static str {
        match self {
            DomainEvent::MatchLoaded => "match_loaded",
            DomainEvent::MatchConfigured => "match_configured",
            DomainEvent::AthleteSet { .. } => "athlete_set",
            DomainEvent::MatchReady => "match_ready",
            DomainEvent::ClockStarted { .. } => "clock_started",
            DomainEvent::ClockStopped { .. } => "clock_stopped",
            DomainEvent::ClockTick { .. } => "clock_tick",
            DomainEvent::RoundChanged { .. } => "round_changed",
            DomainEvent::PointScored { .. } => "point_scored",
            DomainEvent::HitRegistered { .. } => "hit_registered",
            DomainEvent::ScoreChanged { .. } => "score_changed",
            DomainEvent::RoundScoreChanged { .. } => "round_score_changed",
            DomainEvent::WarningGiven { .. } => "warning_given",
            DomainEvent::WarningRemoved { .. } => "warning_removed",
            DomainEvent::InjuryStarted { .. } => "injury_started",
            DomainEvent::InjuryTick { .. } => "injury_tick",
            DomainEvent::InjuryEnded { .. } => "injury_ended",
            DomainEvent::BreakStarted { .. } => "break_started",
            DomainEvent::BreakTick { .. } => "break_tick",
            DomainEvent::BreakStopped { .. } => "break_stopped",
            DomainEvent::BreakEnded => "break_ended",
            DomainEvent::ChallengeRequested { .. } => "challenge_requested",
            DomainEvent::ChallengeResolved { .. } => "challenge_resolved",
            DomainEvent::RoundEnded { .. } => "round_ended",
            DomainEvent::MatchWon { .. } => "match_won",
            DomainEvent::WinnerShown => "winner_shown",
            DomainEvent::VideoTimeChanged { .. } => "video_time_changed",
            DomainEvent::SenderConnected { .. } => "sender_connected",
            DomainEvent::SenderDisconnected { .. } => "sender_disconnected",
        }
    }

    /// The athlete this event is about, when it is about one.
    pub fn side(&self) -> Option<Side> {
        match *self {
            DomainEvent::AthleteSet { side }
            | DomainEvent::PointScored { side, .. }
            | DomainEvent::HitRegistered { side, .. }
            | DomainEvent::ScoreChanged { side, .. }
            | DomainEvent::RoundScoreChanged { side, .. }
            | DomainEvent::WarningGiven { side, .. }
            | DomainEvent::WarningRemoved { side, .. }
            | DomainEvent::MatchWon { side } => Some(side),
            DomainEvent::RoundEnded { winner, .. } => Some(winner),
            DomainEvent::InjuryStarted { side }
            | DomainEvent::InjuryTick { side, .. }
            | DomainEvent::InjuryEnded { side } => side,
            DomainEvent::ChallengeRequested { by, .. }
            | DomainEvent::ChallengeResolved { by, .. } => match by {
                ChallengeBy::Athlete(side) => Some(side),
                ChallengeBy::Referee => None,
            },
            DomainEvent::MatchLoaded
            | DomainEvent::MatchConfigured
            | DomainEvent::MatchReady
            | DomainEvent::ClockStarted { .. }
            | DomainEvent::ClockStopped { .. }
            | DomainEvent::ClockTick { .. }
            | DomainEvent::RoundChanged { .. }
            | DomainEvent::BreakStarted { .. }
            | DomainEvent::BreakTick { .. }
            | DomainEvent::BreakStopped { .. }
            | DomainEvent::BreakEnded
            | DomainEvent::WinnerShown
            | DomainEvent::VideoTimeChanged { .. }
            | DomainEvent::SenderConnected { .. }
            | DomainEvent::SenderDisconnected { .. } => None,
        }
    }
}
