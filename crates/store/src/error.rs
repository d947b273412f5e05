//! The store's one error type: what went wrong opening, migrating, writing or reading the
//! database, each cause a variant the caller can act on.

use std::path::PathBuf;

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the store can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration cannot work (a zero batch size, a zero queue).
    #[error("invalid store configuration: {0}")]
    Config(&'static str),
    /// The database file (or its folder) cannot be created, opened or written.
    #[error("cannot open database at {}: {reason}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What the operating system or SQLite said.
        reason: String,
    },
    /// A schema migration failed; the database is left at `from` (migrations are one
    /// transaction).
    #[error("cannot migrate database at {} from schema version {from} to {to}: {source}", path.display())]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// The version found.
        from: u32,
        /// The version this program needs.
        to: u32,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer program, or was never migrated (a reader cannot
    /// migrate).
    #[error("database at {} has schema version {found}, this program reads version {expected}", path.display())]
    SchemaVersion {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: u32,
        /// The version this program reads and writes.
        expected: u32,
    },
    /// A query or statement failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored value does not read back as its type (the file was edited by hand or is
    /// damaged).
    #[error("cannot read column {column}: {reason}")]
    Decode {
        /// The column, as `table.column`.
        column: &'static str,
        /// Why the value does not fit.
        reason: String,
    },
    /// The writer thread has stopped: the store was closed, or the thread died.
    #[error("the store writer has stopped")]
    WriterGone,
    /// The writer thread could not be started.
    #[error("cannot start the store writer thread: {0}")]
    Spawn(#[source] std::io::Error),
    /// Closing gave up on records that could not be committed.
    #[error("{uncommitted} datagrams could not be committed before closing: {reason}")]
    Uncommitted {
        /// How many records were lost.
        uncommitted: usize,
        /// The last write error.
        reason: String,
    },
}
