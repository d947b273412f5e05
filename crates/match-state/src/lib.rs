//! Live match model: folds WT_UDP [`pss::Message`]s into a [`MatchState`] and reports each real
//! change as a [`DomainEvent`].
//!
//! Pure: no I/O, no clock, no async. The receive time of every message comes in as `at_us`
//! (wall microseconds since the Unix epoch), so folding the stored datagrams again after a
//! restart rebuilds an equal state.
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
