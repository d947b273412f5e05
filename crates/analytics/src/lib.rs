//! The organiser's analytics: what the stored events and matches say about one match
//! ([`Analytics::match_view`]), an athlete ([`Analytics::athlete_view`]), a day
//! ([`Analytics::day_view`]) and a tournament ([`Analytics::tournament_view`]), with the
//! challenge statistics of each.
//!
//! [`tables`] gives every view as named tables for CSV.
//!
//! Every figure is one SQL definition in [`figures`], over the store's tables; the views only
//! put figures together, so a number means the same in every view. Reads use their own
//! read-only connection (WAL readers never hold up the store's writer).

pub mod figures;
pub mod tables;
mod views;

pub use figures::{
    AthleteRecord, ChallengeStats, Durations, KindCounts, Outcomes, ReplayTimes, Scope, SidePoints,
};
pub use views::{
    Analytics, AthleteRank, AthleteView, BySide, CountryRank, DayView, HourCount, MatchSummary,
    MatchView, Performance, RoundPoints, TimelineEvent, TournamentView,
};

/// Why a view could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    /// No such match, athlete, day or tournament.
    #[error("{0} does not exist")]
    NotFound(String),
    /// The database could not be read.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
}
