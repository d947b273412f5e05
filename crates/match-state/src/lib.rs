//! Live match model: folds WT_UDP [`pss::Message`]s into a [`MatchState`] and reports each real
//! change as a [`DomainEvent`].
//!
//! Pure: no I/O, no clock, no async. The receive time of every message comes in as `at_us`
//! (wall microseconds since the Unix epoch), so folding the stored datagrams again after a
//! restart rebuilds an equal state.
//!
//! # Rules
//!
//! Only a real change emits an event: a re-sent `sc1;3` emits nothing. A point (`pt`), a
//! sensor hit (`hl`) and a load (`pre`) are actions and are reported every time.
//!
//! ## Match life
//!
//! - `pre;FightLoaded` resets the state to a fresh match in [`MatchPhase::Loaded`] (the sender
//!   link is kept) and emits [`DomainEvent::MatchLoaded`].
//! - `mch` sets the configuration. It also starts a match when the state is idle (the load was
//!   missed: phase `Loaded`, nothing reset), and it starts a new match (reset, then
//!   `MatchLoaded`) when its match id or number differs from the current configuration while the
//!   current match is past ready: tkStrike loaded the next match and its `pre` was not seen.
//!   Athletes sent after the old match went past ready are kept through that reset, since
//!   tkStrike sends `at1`/`at2` just before `mch`.
//! - `rdy;FightReady` moves an idle or loaded match to [`MatchPhase::Ready`].
//! - `win` sets the winner and finishes the match. `wmh` shows the winner's name and
//!   classification, finishes the match and, when no winner is known yet, takes as winner the
//!   one athlete whose long or short name equals the shown name (trimmed, case-insensitive).
//! - `wrd` sets the round winners and emits [`DomainEvent::RoundEnded`] for each round whose
//!   winner appeared or changed; a winner taken back (`0`) is recorded without an event.
//!
//! Scores: `sc` and `sXY` set totals and round scores (`sXY` rounds outside 1..=4 are
//! ignored); in the golden round `pt` also counts into round 4, see [`SideState::round_scores`].
//! `Other` and `Raw` messages change nothing.
//!
//! ## Clocks
//!
//! - `clk;t;start` runs the clock and moves the match to [`MatchPhase::Running`] (a finished
//!   match stays finished); the first start sets [`MatchState::started_at_us`]; a start
//!   during the break ends the break. `clk;t;stop` stops it; a running match becomes [`MatchPhase::Paused`]. A start while
//!   running or a stop while stopped is only a new time. A plain `clk;t` is a tick: an event
//!   only when the seconds changed.
//! - `ij;t;show` shows an injury timer, `hide` and `reset` take it off; a plain `ij;t` only
//!   moves the time. Each athlete (and `ij0`, no athlete) has its own timer.
//! - The first `brk` (without `stopEnd`) while the match is running or paused starts the break
//!   ([`MatchPhase::Break`]); `brk;t;stop` stops the break clock, a plain `brk;t` runs it,
//!   `brk;t;stopEnd` ends the break (the match is then paused until the clock starts). Outside
//!   the play (before ready, after the winner) `brk` only moves the break time.
//!
//! ## Challenges
//!
//! Per challenger (blue coach, red coach, referee):
//!
//! - `chN;` opens a record. A second `chN;` while that challenger's record is still open is a
//!   re-send of the same request (one card at a time): no new record, no event.
//! - `chN;1[;won]`, `chN;0` and `chN;-1` resolve that challenger's open record.
//! - A resolution with no open record first looks at the challenger's last record: when it
//!   was resolved in the current round with the same outcome, the message is a re-send
//!   (nothing happens) or brings the won/lost result of an accepted review (the record takes it and a
//!   [`DomainEvent::ChallengeResolved`] repeats with it). A re-send without the result never
//!   erases a result already known.
//! - Otherwise the request was missed (for example the listener started late): a new record
//!   is created and resolved at once, its request time being the resolution time.
//!
//! # Layout
//!
//! - `state`: [`MatchState`], its per-side part [`SideState`], the [`MatchPhase`] and the
//!   injury, break and sender records. Plain data with public fields.
//! - `event`: [`DomainEvent`], what changed, with stable snake_case names for logs and storage.
//! - `challenge`: [`ChallengeRecord`] and the life of a video replay challenge.
//! - `fold`: [`MatchState::apply`] and [`MatchState::apply_into`], one rule per stream.
//! - `timers`: the match clock, injury timers and the break clock.
//!
//! # Example
//!
//! ```
//! use match_state::{DomainEvent, MatchPhase, MatchState};
//! use pss::{Message, PointKind, Side};
//!
//! let mut state = MatchState::new();
//! let events = state.apply(&Message::FightLoaded, 1_000);
//! assert_eq!(events, vec![DomainEvent::MatchLoaded]);
//! assert_eq!(state.phase, MatchPhase::Loaded);
//!
//! let point = Message::Point { side: Side::Blue, kind: PointKind::Head };
//! let events = state.apply(&point, 2_000);
//! assert_eq!(events[0].kind(), "point_scored");
//!
//! // A re-sent total that changes nothing emits nothing.
//! let total = Message::TotalScore { side: Side::Blue, score: 3 };
//! assert_eq!(state.apply(&total, 3_000).len(), 1);
//! assert!(state.apply(&total, 3_001).is_empty());
//! assert_eq!(state.blue.score, 3);
//! ```
#![warn(missing_docs)]

mod challenge;
mod event;
mod fold;
mod state;
mod timers;

pub use challenge::{ChallengeOutcome, ChallengeRecord};
pub use event::DomainEvent;
pub use state::{BreakTimer, InjuryTimer, MatchPhase, MatchState, SenderLink, SideState};
