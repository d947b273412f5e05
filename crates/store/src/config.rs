//! [`StoreConfig`]: where the database lives and how the writer batches.
//!
//! Only typed values; reading them from a file, the environment or the command line is the
//! binary's job.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};

/// How the store is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// The SQLite file. Its folder is created when missing.
    pub path: PathBuf,
    /// The writer commits once a batch holds this many datagrams.
    pub batch_max: usize,
    /// The writer commits a batch at the latest this long after its first datagram was queued.
    pub batch_interval: Duration,
    /// How many datagrams may wait for the writer before
    /// [`StoreHandle::append`](crate::StoreHandle::append) waits (back-pressure).
    pub queue_capacity: usize,
    /// Name of the tournament new matches are filed under.
    pub tournament: String,
}

impl StoreConfig {
    /// The defaults for a database at `path`: batches of up to 1024 datagrams or 5 ms, a queue
    /// of 65,536, tournament `"Tournament"`.
    pub fn new(path: impl Into<PathBuf>) -> StoreConfig {
        StoreConfig {
            path: path.into(),
            batch_max: 1024,
            batch_interval: Duration::from_millis(5),
            queue_capacity: 65_536,
            tournament: "Tournament".to_owned(),
        }
    }

    /// Refuses values the writer cannot work with.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.batch_max == 0 {
            return Err(Error::Config("batch_max must be at least 1"));
        }
        if self.queue_capacity == 0 {
            return Err(Error::Config("queue_capacity must be at least 1"));
        }
        if self.queue_capacity > tokio::sync::Semaphore::MAX_PERMITS {
            return Err(Error::Config("queue_capacity is too large"));
        }
        if self.tournament.trim().is_empty() {
            return Err(Error::Config("tournament name must not be empty"));
        }
        Ok(())
    }
}
