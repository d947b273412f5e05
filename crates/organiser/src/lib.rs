//! The organiser's records: tournaments and days that the operator names, dates, chooses and
//! closes ([`Organiser`]), and the athletes ([`Athlete`]).
//!
//! The tables are the store's (`tournaments`, `tournament_days`, `athletes`; migration v9 adds
//! names, dates, venue and the active and closed marks). The store's writer files each new
//! match under the active day of the active tournament; this crate changes which one that is.
//! Like `auth`, it has its own rusqlite connection, so `vta tournaments` in a shell and the
//! running server share the file: the next match goes where the last change said.

mod check;
mod records;

pub use check::{check_date, check_name};
pub use records::{Athlete, Day, Organiser, Tournament, TournamentFields};

/// Why an organiser's change was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum OrganiserError {
    /// A field is refused.
    #[error("{field}: {message}")]
    Invalid {
        /// The field (`name`, `starts_on`, ...).
        field: &'static str,
        /// Why.
        message: String,
    },
    /// Another record has that name.
    #[error("{0} already exists")]
    Duplicate(String),
    /// No such record.
    #[error("{0} does not exist")]
    NotFound(String),
    /// A day with matches, recordings or clips cannot be deleted.
    #[error("day {day:?} has {matches} match(es) and {media} recording(s) or clip(s): close it instead of deleting it")]
    HasMatches {
        /// The day's name.
        day: String,
        /// How many matches are filed under it.
        matches: i64,
        /// How many recordings and clips.
        media: i64,
    },
    /// A closed day cannot be made active or renamed.
    #[error("day {0:?} is closed")]
    Closed(String),
    /// The database could not be read or written.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database has not been migrated by the store.
    #[error("{0} has no organiser tables (schema v9): open it with the store first")]
    NotMigrated(String),
}
