//! A tkStrike stand-in: plays WT_UDP feeds over real UDP, for the demo, tests and benchmarks.
//!
//! - [`Scenario`]: a built-in scripted match ([`ScenarioName`]) with the result it expects,
//!   written by [`ScriptBuilder`], which keeps its own tally independently of `match-state`.
//! - [`Sender`]: sends a script at a speed factor, or a steady load at a rate.
//! - [`random_steps`], [`load_mix`]: feeds that are not a fixed script.
//! - [`interactive`]: the prompt language of `vta sim interactive`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sim::Error> {
//! let scenario = sim::Scenario::new(sim::ScenarioName::Basic);
//! let sender = sim::Sender::new("127.0.0.1:6000".parse().unwrap()).await?;
//! sender.play(&scenario.steps, 50.0, |_, _| {}).await?;
//! # Ok(()) }
//! ```

mod feed;
pub mod interactive;
mod play;
mod scenario;
mod script;
mod tournament;

pub use feed::{load_mix, random_steps, XorShift};
pub use play::{Error, Sender};
pub use scenario::{Scenario, ScenarioName};
pub use script::{ExpectedChallenge, ExpectedOutcome, ExpectedResult, ScriptBuilder, Step};
pub use tournament::{generate, random_match, PlannedMatch, TournamentPlan};
