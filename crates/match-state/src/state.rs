//! The live match as plain data: what the scoreboard, the recorder and the store read.
//!
//! Everything here is public and documented so readers need no getters; only the fold in
//! `fold.rs` writes it.

use pss::{AthleteInfo, ClockTime, MatchConfig, Side};

use crate::challenge::ChallengeRecord;

/// Where the match stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchPhase {
    /// No match loaded yet.
    #[default]
    Idle,
    /// `pre;FightLoaded` came (or an `mch` arrived while idle): a match is on the scoreboard.
    Loaded,
    /// `rdy;FightReady` came: the match is about to start.
    Ready,
    /// The match clock runs.
    Running,
    /// The match clock stopped inside the match (time-out, review, end of a round).
    Paused,
    /// Between rounds: the break clock is on.
    Break,
    /// The winner is known (`win` or `wmh`).
    Finished,
}

impl MatchPhase {
    /// Whether the match has been played in: the clock started at least once and the phase
    /// moved past [`MatchPhase::Ready`].
    pub fn is_past_ready(self) -> bool {
        matches!(
            self,
            MatchPhase::Running | MatchPhase::Paused | MatchPhase::Break | MatchPhase::Finished
        )
    }

    /// Lower-case name used in logs, JSON and SQL (`"idle"`, `"running"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchPhase::Idle => "idle",
            MatchPhase::Loaded => "loaded",
            MatchPhase::Ready => "ready",
            MatchPhase::Running => "running",
            MatchPhase::Paused => "paused",
            MatchPhase::Break => "break",
            MatchPhase::Finished => "finished",
        }
    }
}

/// An injury timer (`ij0` / `ij1` / `ij2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct InjuryTimer {
    /// Time last sent; `None` until the first `ij` for this athlete.
    pub time: Option<ClockTime>,
    /// Whether the timer is on the scoreboard (`show` until `hide` or `reset`).
    pub shown: bool,
}

/// The break clock between rounds (`brk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BreakTimer {
    /// Time last sent; `None` until the first `brk` of this match.
    pub time: Option<ClockTime>,
    /// Whether the break clock counts (it stops on `stop` and `stopEnd`).
    pub running: bool,
}

/// Whether tkStrike's UDP output is on (`Udp Port N connected;` / `disconnected;`).
///
/// This describes the sender, not the match, so loading a new match keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SenderLink {
    /// `true` after `connected`, `false` after `disconnected` or before either.
    pub connected: bool,
    /// The port named in the last such line.
    pub port: Option<u16>,
}

/// One athlete's part of the match.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SideState {
    /// Names and country from `at1` / `at2`; `None` until sent.
    pub athlete: Option<AthleteInfo>,
    /// Total score from `sc1` / `sc2`.
    pub score: u32,
    /// Score per round, index 0 is round 1 and index 3 the golden round.
    ///
    /// Rounds 1 to 3 come from the `sXY` fields. The wire has no `s` field for the golden round,
    /// so each `pt` point scored while the round is 4 adds its value to index 3; should a
    /// sender ever send a round-4 score, that value replaces the count. Penalty points given
    /// to this athlete for the opponent's gam-jeom are not `pt` messages and are not counted.
    pub round_scores: [u32; 4],
    /// Gam-jeom (penalty) count from `wg1` / `wg2`.
    pub gam_jeom: u32,
    /// Level of the last sensor hit (`hl1` / `hl2`); `None` until the first hit.
    pub last_hit_level: Option<u8>,
    /// Injury timer of this athlete.
    pub injury: InjuryTimer,
}

/// The live state of one match on one court.
///
/// Built by folding messages with [`MatchState::apply`]; folding the same messages with the
/// same receive times into a fresh state always gives an equal state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MatchState {
    /// The match configuration from the last `mch`.
    pub config: Option<MatchConfig>,
    /// Where the match stands.
    pub phase: MatchPhase,
    /// Current round from `rnd`: 0 before the first, 1 to 3, 4 for the golden round.
    pub round: u8,
    /// Match clock as last sent by `clk`.
    pub clock: Option<ClockTime>,
    /// Whether the match clock runs (between `clk;..;start` and `clk;..;stop`).
    pub clock_running: bool,
    /// Athlete 1, chong.
    pub blue: SideState,
    /// Athlete 2, hong.
    pub red: SideState,
    /// Injury timer sent for no athlete in particular (`ij0`).
    pub injury_unknown: InjuryTimer,
    /// Break clock between rounds.
    pub break_timer: BreakTimer,
    /// Every video replay challenge of the match, in order of request.
    pub challenges: Vec<ChallengeRecord>,
    /// Winner of rounds 1 to 3 from `wrd`; `None` while not decided or not played.
    pub round_winners: [Option<Side>; 3],
    /// Match winner from `win`, or from `wmh` when its name matches one athlete.
    pub winner: Option<Side>,
    /// Winner's name as shown by `wmh`.
    pub winner_name: Option<String>,
    /// Classification shown with the winner, e.g. `2-1 PTF`.
    pub classification: Option<String>,
    /// Athlete video time (`avt`) as sent.
    pub video_time: Option<u32>,
    /// When the match was loaded.
    pub loaded_at_us: Option<i64>,
    /// When `rdy;FightReady` came.
    pub ready_at_us: Option<i64>,
    /// When the match clock first started.
    pub started_at_us: Option<i64>,
    /// When the match ended: the first `win`, or the first `wmh` when no `win` came before it.
    pub ended_at_us: Option<i64>,
    /// tkStrike's UDP output status; kept across matches.
    pub sender: SenderLink,
    /// Per side (blue, red): `at` was sent after this match went past ready, so it most likely
    /// names the next match's athlete; kept when an `mch` then starts that next match.
    pub(crate) athlete_sent_in_play: [bool; 2],
}

impl MatchState {
    /// A state with no match loaded.
    pub fn new() -> MatchState {
        MatchState::default()
    }

    /// One athlete's part of the match.
    pub fn side(&self, side: Side) -> &SideState {
        match side {
            Side::Blue => &self.blue,
            Side::Red => &self.red,
        }
    }

    /// Whether the golden round (round 4) is being fought or was reached.
    pub fn is_golden_round(&self) -> bool {
        self.round == 4
    }

    pub(crate) fn side_mut(&mut self, side: Side) -> &mut SideState {
        match side {
            Side::Blue => &mut self.blue,
            Side::Red => &mut self.red,
        }
    }
}
