//! The writer thread: the only connection that writes. It takes batches off the [`Queue`],
//! writes each in one transaction, and publishes the highest committed sequence number.
//!
//! A failed transaction is rolled back, logged, counted in `write_errors` and retried with a
//! growing pause (10 ms doubling to 1 s), so a full disk or a lock held elsewhere holds ingest
//! back (the queue fills and senders wait) instead of dropping datagrams. Errors that no retry
//! can cure (a constraint, such as a sequence number stored twice) are handled by writing the
//! batch again one datagram at a time: the good ones commit, each refused one is logged with
//! its sequence number and counted in `rejected_datagrams`. Once the store is closing, a batch
//! that keeps failing is given up after a few attempts and `close` reports how many datagrams
//! were not committed.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, Statement, TransactionBehavior};
use tokio::sync::watch;

use crate::archive;
use crate::error::{Error, Result};
use crate::event_columns::EventColumns;
use crate::obs_tables;
use crate::queue::{BatchEnd, Queue};
use crate::record::{IngestRecord, MatchSnapshot};

const INSERT_DATAGRAM: &str = "
    INSERT INTO datagrams (seq, received_at_us, source, bytes, parse_status, match_id, folded)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

const INSERT_EVENT: &str = "
    INSERT INTO events (seq, idx, kind, side, value, round, clock_seconds, match_id,
                        received_at_us, data)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// First pause after a failed write.
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(10);

/// Longest pause between two attempts.
const LAST_RETRY_PAUSE: Duration = Duration::from_secs(1);

/// Attempts at one batch once the store is closing.
const ATTEMPTS_WHILE_CLOSING: u32 = 3;

/// The writer's state; lives on its own thread.
pub(crate) struct Writer {
    conn: Connection,
    queue: Arc<Queue>,
    committed: watch::Sender<u64>,
    batch_max: usize,
    batch_interval: Duration,
    /// The name of the tournament the first match creates on a fresh database.
    first_tournament: String,
}

/// The outcome of one write attempt that committed.
struct Committed {
    /// Datagrams refused for good.
    n_rejected: usize,
    /// Highest committed sequence number.
    max_seq: Option<u64>,
}

impl Writer {
    /// A writer over an open, migrated connection.
    pub fn new(
        conn: Connection,
        queue: Arc<Queue>,
        committed: watch::Sender<u64>,
        batch_max: usize,
        batch_interval: Duration,
        first_tournament: String,
    ) -> Writer {
        Writer {
            conn,
            queue,
            committed,
            batch_max,
            batch_interval,
            first_tournament,
        }
    }

    /// Writes batches until the queue is closed and drained.
    pub fn run(mut self) -> Result<()> {
        let mut batch = Vec::with_capacity(self.batch_max);
        loop {
            let end = self
                .queue
                .next_batch(&mut batch, self.batch_max, self.batch_interval);
            if !batch.is_empty() {
                self.commit(&batch)?;
                batch.clear();
            }
            match end {
                BatchEnd::Commit => {}
                BatchEnd::Flush(answer) => {
                    // The flusher may have stopped waiting; nothing to do then.
                    let _ = answer.send(());
                }
                BatchEnd::Control(item) => {
                    let outcome =
                        obs_tables::execute(&mut self.conn, &item.write, &self.first_tournament);
                    if let Err(err) = &outcome {
                        tracing::error!(error = %err, "control write failed");
                    }
                    let _ = item.answer.send(outcome.map_err(Error::from));
                }
                BatchEnd::Closed => return Ok(()),
            }
        }
    }

    /// Writes `batch` in one transaction, retrying until it commits (or, while closing, until
    /// the attempts run out).
    fn commit(&mut self, batch: &[IngestRecord]) -> Result<()> {
        let mut pause = FIRST_RETRY_PAUSE;
        let mut attempts_while_closing = 0;
        let mut one_by_one = false;
        loop {
            let attempt = if one_by_one {
                self.write_one_by_one(batch)
            } else {
                self.write(batch)
            };
            let err = match attempt {
                Ok(committed) => {
                    self.publish(batch.len(), committed);
                    return Ok(());
                }
                Err(err) => err,
            };
            self.queue.write_errors.fetch_add(1, Ordering::Relaxed);
            let first_seq = batch.first().map(|record| record.seq);
            let n_datagrams = batch.len();
            if !is_transient(&err) && !one_by_one {
                tracing::error!(
                    error = %err, first_seq, n_datagrams,
                    "store write refused; writing the batch one datagram at a time"
                );
                one_by_one = true;
                continue;
            }
            if self.queue.is_closed() {
                attempts_while_closing += 1;
                if attempts_while_closing >= ATTEMPTS_WHILE_CLOSING {
                    let uncommitted = n_datagrams + self.queue.metrics().queued;
                    tracing::error!(
                        error = %err, first_seq, uncommitted,
                        "store write failed while closing; giving up"
                    );
                    return Err(Error::Uncommitted {
                        uncommitted,
                        reason: err.to_string(),
                    });
                }
            }
            tracing::error!(
                error = %err, first_seq, n_datagrams, retry_in = ?pause,
                "store write failed; retrying"
            );
            std::thread::sleep(pause);
            pause = (pause * 2).min(LAST_RETRY_PAUSE);
        }
    }

    /// One transaction for the whole batch.
    fn write(&mut self, batch: &[IngestRecord]) -> rusqlite::Result<Committed> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut insert_datagram = tx.prepare_cached(INSERT_DATAGRAM)?;
            let mut insert_event = tx.prepare_cached(INSERT_EVENT)?;
            for record in batch {
                insert_record(&mut insert_datagram, &mut insert_event, record)?;
            }
        }
        write_snapshots(&tx, batch.iter(), &self.first_tournament)?;
        tx.commit()?;
        Ok(Committed {
            n_rejected: 0,
            max_seq: batch.iter().map(|record| record.seq).max(),
        })
    }

    /// One transaction, each datagram in its own savepoint: those the database refuses are
    /// logged and left out.
    fn write_one_by_one(&mut self, batch: &[IngestRecord]) -> rusqlite::Result<Committed> {
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stored = Vec::with_capacity(batch.len());
        for record in batch {
            let savepoint = tx.savepoint()?;
            let written = {
                let mut insert_datagram = savepoint.prepare_cached(INSERT_DATAGRAM)?;
                let mut insert_event = savepoint.prepare_cached(INSERT_EVENT)?;
                insert_record(&mut insert_datagram, &mut insert_event, record)
            };
            match written {
                Ok(()) => {
                    savepoint.commit()?;
                    stored.push(record);
                }
                Err(err) if !is_transient(&err) => {
                    // Dropping the savepoint rolls it back.
                    drop(savepoint);
                    tracing::error!(
                        error = %err, seq = record.seq, received_at_us = record.received_at_us,
                        "datagram refused by the database and not stored"
                    );
                }
                Err(err) => return Err(err),
            }
        }
        write_snapshots(&tx, stored.iter().copied(), &self.first_tournament)?;
        tx.commit()?;
        Ok(Committed {
            n_rejected: batch.len() - stored.len(),
            max_seq: stored.iter().map(|record| record.seq).max(),
        })
    }

    /// Counts a committed batch and tells the watchers.
    fn publish(&mut self, n_datagrams: usize, committed: Committed) {
        let n_stored = (n_datagrams - committed.n_rejected) as u64;
        self.queue
            .committed_datagrams
            .fetch_add(n_stored, Ordering::Relaxed);
        self.queue.committed_batches.fetch_add(1, Ordering::Relaxed);
        self.queue
            .last_batch_size
            .store(n_datagrams as u64, Ordering::Relaxed);
        self.queue
            .rejected_datagrams
            .fetch_add(committed.n_rejected as u64, Ordering::Relaxed);
        if let Some(max_seq) = committed.max_seq {
            self.committed.send_if_modified(|highest| {
                let raised = max_seq > *highest;
                *highest = (*highest).max(max_seq);
                raised
            });
        }
        tracing::trace!(
            n_datagrams,
            n_rejected = committed.n_rejected,
            "store batch committed"
        );
    }
}

/// Inserts one datagram row and one row per parsed message.
fn insert_record(
    insert_datagram: &mut Statement<'_>,
    insert_event: &mut Statement<'_>,
    record: &IngestRecord,
) -> rusqlite::Result<()> {
    insert_datagram.execute((
        record.seq,
        record.received_at_us,
        record.source.to_string(),
        &record.bytes,
        record.parse_status().as_str(),
        record.match_id(),
        record.folded,
    ))?;
    for (idx, event) in record.events.iter().enumerate() {
        let columns = EventColumns::of(&event.message);
        insert_event.execute((
            record.seq,
            idx,
            columns.kind,
            columns.side,
            columns.value,
            event.round,
            event.clock_seconds,
            event.match_id,
            record.received_at_us,
            columns.data.as_deref(),
        ))?;
    }
    Ok(())
}

/// Writes the newest snapshot of each match among `records`.
fn write_snapshots<'a>(
    conn: &Connection,
    records: impl Iterator<Item = &'a IngestRecord>,
    first_tournament: &str,
) -> rusqlite::Result<()> {
    // One per match, in the order matches first appear; a later snapshot replaces an earlier.
    let mut newest: Vec<(&MatchSnapshot, &IngestRecord)> = Vec::new();
    // The day is that of the first snapshot's datagram.
    let mut first_at_us = None;
    for record in records {
        let Some(snapshot) = &record.match_snapshot else {
            continue;
        };
        first_at_us.get_or_insert(record.received_at_us);
        match newest
            .iter_mut()
            .find(|(seen, _)| seen.match_id == snapshot.match_id)
        {
            Some(entry) => *entry = (snapshot, record),
            None => newest.push((snapshot, record)),
        }
    }
    let Some(first_at_us) = first_at_us else {
        return Ok(());
    };
    let day_id = archive::ensure_active_day(conn, first_tournament, first_at_us)?;
    for (snapshot, record) in &newest {
        archive::upsert_match(conn, snapshot, day_id, record.seq, record.received_at_us)?;
    }
    Ok(())
}

/// Whether another attempt may succeed: the disk, a lock or memory, not the data.
fn is_transient(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(
            ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::DiskFull
                | ErrorCode::SystemIoFailure
                | ErrorCode::CannotOpen
                | ErrorCode::ReadOnly
                | ErrorCode::OutOfMemory
                | ErrorCode::FileLockingProtocolFailed
        )
    )
}
