//! [`Store`] (opens the database and owns the writer thread) and [`StoreHandle`] (the cheap
//! clone every task uses to append datagrams and watch what is committed).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::{oneshot, watch};

use crate::archive;
use crate::config::StoreConfig;
use crate::error::{Error, Result};
use crate::ivr_tables::{IvrChallengeProgress, IvrChallengeStart};
use crate::obs_tables::{
    ControlItem, ControlWrite, ObsConnectionRow, RecordingStart, RecordingStop, StreamSessionStart,
    StreamSessionStop,
};
use crate::operator_tables::MarkStart;
use crate::queue::{Queue, StoreMetrics};
use crate::reader::Reader;
use crate::record::{AdoptedMatch, IngestRecord};
use crate::schema;
use crate::writer::Writer;

/// The open database and its writer thread.
///
/// Dropping it closes it like [`Store::close`], logging instead of returning an error.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    handle: StoreHandle,
    /// The writer thread; taken by `close` or drop.
    writer: Option<JoinHandle<Result<()>>>,
}

/// A cheap, cloneable handle to the writer: append datagrams, flush, watch commits, read
/// counters.
#[derive(Clone)]
pub struct StoreHandle {
    queue: Arc<Queue>,
    committed: watch::Receiver<u64>,
}

impl Store {
    /// Opens (creating, migrating) the database at `config.path` and starts the writer.
    ///
    /// A missing folder is created. A folder or file that cannot be written gives
    /// [`Error::Open`] naming the path.
    pub fn open(config: StoreConfig) -> Result<Store> {
        config.validate()?;
        let conn = schema::open_writer(&config.path)?;
        let tournament = archive::active_tournament(&conn)?;
        let max_seq: Option<u64> =
            conn.query_row("SELECT max(seq) FROM datagrams", [], |row| row.get(0))?;
        let (committed_tx, committed_rx) = watch::channel(max_seq.unwrap_or(0));
        let queue = Arc::new(Queue::new(config.queue_capacity));
        let writer = Writer::new(
            conn,
            Arc::clone(&queue),
            committed_tx,
            config.batch_max,
            config.batch_interval,
            config.tournament.clone(),
        );
        let writer_queue = Arc::clone(&queue);
        let thread = std::thread::Builder::new()
            .name("store-writer".to_owned())
            .spawn(move || {
                // Whether the writer returns or panics, nobody may wait on the queue after it.
                let _abandon = AbandonOnExit(writer_queue);
                writer.run()
            })
            .map_err(Error::Spawn)?;
        tracing::info!(
            path = %config.path.display(),
            tournament = tournament.as_deref().unwrap_or(&config.tournament),
            "store open"
        );
        Ok(Store {
            path: config.path,
            handle: StoreHandle {
                queue,
                committed: committed_rx,
            },
            writer: Some(thread),
        })
    }

    /// A handle for appending and watching commits.
    pub fn handle(&self) -> StoreHandle {
        self.handle.clone()
    }

    /// A new read-only connection.
    pub fn reader(&self) -> Result<Reader> {
        Reader::open(&self.path)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops accepting datagrams, commits everything queued, and stops the writer.
    pub fn close(mut self) -> Result<()> {
        self.stop_writer()
    }

    fn stop_writer(&mut self) -> Result<()> {
        let Some(thread) = self.writer.take() else {
            return Ok(());
        };
        self.handle.queue.close();
        let result = thread.join().unwrap_or(Err(Error::WriterGone));
        tracing::info!(path = %self.path.display(), "store closed");
        result
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(err) = self.stop_writer() {
            tracing::error!(error = %err, path = %self.path.display(), "store closed with an error");
        }
    }
}

impl StoreHandle {
    /// Queues one datagram for the writer. Waits while the queue is full (counted in
    /// [`StoreMetrics::backpressure_waits`]); fails only when the writer has stopped.
    ///
    /// Returning `Ok` means queued, not committed: watch [`StoreHandle::committed`] for that.
    pub async fn append(&self, record: IngestRecord) -> Result<()> {
        self.queue.push_record(record).await
    }

    /// Commits everything queued before this call and waits until it is committed.
    pub async fn flush(&self) -> Result<()> {
        let (answer, answered) = oneshot::channel();
        self.queue.push_flush(answer)?;
        answered.await.map_err(|_| Error::WriterGone)
    }

    /// The highest sequence number durably committed, updated after each COMMIT returns.
    /// Starts at the highest stored one (0 for an empty store).
    pub fn committed(&self) -> watch::Receiver<u64> {
        self.committed.clone()
    }

    /// The counters now.
    pub fn metrics(&self) -> StoreMetrics {
        self.queue.metrics()
    }

    /// Adds or replaces the OBS connection named `row.name`.
    pub async fn save_obs_connection(&self, row: ObsConnectionRow) -> Result<()> {
        self.control(ControlWrite::SaveConnection(row))
            .await
            .map(drop)
    }

    /// Removes the OBS connection named `name`; false when there was none.
    pub async fn delete_obs_connection(&self, name: &str) -> Result<bool> {
        let n_deleted = self
            .control(ControlWrite::DeleteConnection(name.to_owned()))
            .await?;
        Ok(n_deleted > 0)
    }

    /// Stores a recording that started; returns its row id.
    pub async fn recording_started(&self, start: RecordingStart) -> Result<i64> {
        self.control(ControlWrite::RecordingStarted(start)).await
    }

    /// Stores the end of a recording.
    pub async fn recording_stopped(&self, stop: RecordingStop) -> Result<()> {
        self.control(ControlWrite::RecordingStopped(stop))
            .await
            .map(drop)
    }

    /// Stores a stream session that started; returns its row id.
    pub async fn stream_session_started(&self, start: StreamSessionStart) -> Result<i64> {
        self.control(ControlWrite::StreamStarted(start)).await
    }

    /// Stores the end of a stream session.
    pub async fn stream_session_stopped(&self, stop: StreamSessionStop) -> Result<()> {
        self.control(ControlWrite::StreamStopped(stop))
            .await
            .map(drop)
    }

    /// Stores a replay that was asked for; returns its row id.
    pub async fn ivr_challenge_started(&self, start: IvrChallengeStart) -> Result<i64> {
        self.control(ControlWrite::IvrStarted(start)).await
    }

    /// Stores how far a replay got (the `Some` fields of `progress`).
    pub async fn ivr_challenge_progress(&self, progress: IvrChallengeProgress) -> Result<()> {
        self.control(ControlWrite::IvrProgress(Box::new(progress)))
            .await
            .map(drop)
    }

    /// Stores `value` (JSON text) under `key` in `settings`, replacing what was there.
    pub async fn save_setting(&self, key: &str, value: &str) -> Result<()> {
        self.control(ControlWrite::SaveSetting {
            key: key.to_owned(),
            value: value.to_owned(),
        })
        .await
        .map(drop)
    }

    /// Takes already stored datagrams into the live match (their source is followed now):
    /// marks them folded, gives them and their events their match, round and clock, and
    /// stores the match, in one transaction behind the datagrams queued so far. Returns how
    /// many datagrams were taken in.
    pub async fn adopt(&self, adopted: AdoptedMatch) -> Result<u64> {
        self.control(ControlWrite::Adopt(Box::new(adopted)))
            .await
            .map(|n| n as u64)
    }

    /// Stores an operator's mark; returns its row id.
    pub async fn mark(&self, mark: MarkStart) -> Result<i64> {
        self.control(ControlWrite::Mark(mark)).await
    }

    /// Queues `write` behind the datagrams queued so far and waits for its outcome.
    async fn control(&self, write: ControlWrite) -> Result<i64> {
        let (answer, answered) = oneshot::channel();
        self.queue.push_control(ControlItem { write, answer })?;
        answered.await.map_err(|_| Error::WriterGone)?
    }
}

impl std::fmt::Debug for StoreHandle {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StoreHandle")
            .field("metrics", &self.metrics())
            .finish()
    }
}

/// Abandons the queue when the writer thread ends, even by a panic.
struct AbandonOnExit(Arc<Queue>);

impl Drop for AbandonOnExit {
    fn drop(&mut self) {
        self.0.abandon();
    }
}
