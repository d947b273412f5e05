//! The bounded queue between the async senders and the writer thread, and the counters
//! [`StoreMetrics`] reads.
//!
//! Why not a channel: the writer is a plain thread that must wait for "a record, or the batch
//! deadline, or a flush", and tokio's `blocking_recv` has no timeout while std's `sync_channel`
//! has no async send. So the queue is a `VecDeque` under a `std::sync::Mutex` (held only to
//! push or to drain, never across an `.await`), a `Condvar` that wakes the writer, and a tokio
//! `Semaphore` with one permit per free slot, which gives senders an async wait when the queue
//! is full. The writer drains many records per lock, and a sender only signals the condvar
//! when the writer asked to be woken at that queue length, so a busy feed costs few wake-ups.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, Semaphore, TryAcquireError};

use crate::error::{Error, Result};
use crate::obs_tables::ControlItem;
use crate::record::IngestRecord;

/// A snapshot of the store's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreMetrics {
    /// Datagrams waiting for the writer now.
    pub queued: usize,
    /// The longest the queue has been.
    pub max_queue_depth: usize,
    /// How many appends had to wait because the queue was full.
    pub backpressure_waits: u64,
    /// Datagrams committed since the store opened.
    pub committed_datagrams: u64,
    /// Transactions committed since the store opened.
    pub committed_batches: u64,
    /// Datagrams in the last committed transaction.
    pub last_batch_size: u64,
    /// Failed write attempts (each failed batch is retried).
    pub write_errors: u64,
    /// Datagrams refused by the database for good (a duplicate sequence number), each logged.
    pub rejected_datagrams: u64,
}

/// What the writer takes off the queue.
pub(crate) enum Item {
    /// A datagram to store.
    Record {
        /// The datagram.
        record: IngestRecord,
        /// When it was queued; the batch deadline counts from its first record.
        queued_at: Instant,
    },
    /// Commit everything queued before this, then answer.
    Flush(oneshot::Sender<()>),
    /// Commit everything queued before this, then run this write for the OBS tables.
    Control(ControlItem),
}

/// Why [`Queue::next_batch`] returned.
pub(crate) enum BatchEnd {
    /// The batch is full or its time is up: commit it.
    Commit,
    /// A flush was queued after the batch's records: commit, then answer it.
    Flush(oneshot::Sender<()>),
    /// A write for the OBS tables was queued after the batch's records: commit, then run it.
    Control(ControlItem),
    /// The store is closing and the queue is empty: commit the batch and stop.
    Closed,
}

/// The queue and the writer's counters, shared by the handles and the writer thread.
pub(crate) struct Queue {
    state: Mutex<QueueState>,
    /// Wakes the writer.
    ready: Condvar,
    /// One permit per free slot; closed when the writer stops.
    slots: Semaphore,
    /// How many records the queue holds at most.
    capacity: usize,
    backpressure_waits: AtomicU64,
    pub(crate) committed_datagrams: AtomicU64,
    pub(crate) committed_batches: AtomicU64,
    pub(crate) last_batch_size: AtomicU64,
    pub(crate) write_errors: AtomicU64,
    pub(crate) rejected_datagrams: AtomicU64,
}

struct QueueState {
    items: VecDeque<Item>,
    /// Records (not flushes) in `items`.
    n_records: usize,
    max_depth: usize,
    /// No more items are accepted.
    closed: bool,
    /// Senders signal the writer once `n_records` reaches this; `usize::MAX` while the writer
    /// is busy and will look at the queue anyway.
    wake_at: usize,
}

impl Queue {
    /// An empty queue with room for `capacity` records.
    pub fn new(capacity: usize) -> Queue {
        Queue {
            state: Mutex::new(QueueState {
                items: VecDeque::new(),
                n_records: 0,
                max_depth: 0,
                closed: false,
                wake_at: usize::MAX,
            }),
            ready: Condvar::new(),
            slots: Semaphore::new(capacity),
            capacity,
            backpressure_waits: AtomicU64::new(0),
            committed_datagrams: AtomicU64::new(0),
            committed_batches: AtomicU64::new(0),
            last_batch_size: AtomicU64::new(0),
            write_errors: AtomicU64::new(0),
            rejected_datagrams: AtomicU64::new(0),
        }
    }

    /// Queues a record, waiting for a free slot when the queue is full.
    pub async fn push_record(&self, record: IngestRecord) -> Result<()> {
        let permit = match self.slots.try_acquire() {
            Ok(permit) => permit,
            Err(TryAcquireError::Closed) => return Err(Error::WriterGone),
            Err(TryAcquireError::NoPermits) => {
                self.backpressure_waits.fetch_add(1, Ordering::Relaxed);
                self.slots.acquire().await.map_err(|_| Error::WriterGone)?
            }
        };
        // The writer gives the slot back when it takes the record.
        permit.forget();
        let mut state = self.lock();
        if state.closed {
            return Err(Error::WriterGone);
        }
        state.items.push_back(Item::Record {
            record,
            queued_at: Instant::now(),
        });
        state.n_records += 1;
        state.max_depth = state.max_depth.max(state.n_records);
        if state.n_records >= state.wake_at {
            state.wake_at = usize::MAX;
            self.ready.notify_one();
        }
        Ok(())
    }

    /// Queues a flush behind every record queued so far (flushes take no slot).
    pub fn push_flush(&self, answer: oneshot::Sender<()>) -> Result<()> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::WriterGone);
        }
        state.items.push_back(Item::Flush(answer));
        self.ready.notify_one();
        Ok(())
    }

    /// Queues a write for the OBS tables behind every record queued so far (takes no slot).
    pub fn push_control(&self, item: ControlItem) -> Result<()> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::WriterGone);
        }
        state.items.push_back(Item::Control(item));
        self.ready.notify_one();
        Ok(())
    }

    /// Stops accepting items; the writer drains what is queued, then stops. Senders waiting
    /// for a slot get [`Error::WriterGone`].
    pub fn close(&self) {
        self.lock().closed = true;
        self.slots.close();
        self.ready.notify_one();
    }

    /// Whether [`Queue::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.lock().closed
    }

    /// Moves records into `batch` (which must be empty) until it holds `batch_max`, its first
    /// record has waited `batch_interval`, a flush comes up, or the queue is closed and empty.
    pub fn next_batch(
        &self,
        batch: &mut Vec<IngestRecord>,
        batch_max: usize,
        batch_interval: Duration,
    ) -> BatchEnd {
        let mut deadline: Option<Instant> = None;
        let mut state = self.lock();
        loop {
            let mut n_taken = 0;
            let mut stop = None;
            while batch.len() < batch_max {
                match state.items.pop_front() {
                    Some(Item::Record { record, queued_at }) => {
                        deadline.get_or_insert(queued_at + batch_interval);
                        batch.push(record);
                        n_taken += 1;
                    }
                    Some(Item::Flush(answer)) => {
                        stop = Some(BatchEnd::Flush(answer));
                        break;
                    }
                    Some(Item::Control(item)) => {
                        stop = Some(BatchEnd::Control(item));
                        break;
                    }
                    None => break,
                }
            }
            if n_taken > 0 {
                state.n_records -= n_taken;
                self.slots.add_permits(n_taken);
            }
            if let Some(end) = stop {
                return end;
            }
            if batch.len() >= batch_max {
                return BatchEnd::Commit;
            }
            if state.closed {
                return BatchEnd::Closed;
            }
            // The queue is empty and the batch has room: wait for more, or for the deadline.
            // An empty batch wakes on its first record, to start the deadline; a full queue
            // wakes the writer too, to free its slots.
            state.wake_at = if batch.is_empty() {
                1
            } else {
                (batch_max - batch.len()).min(self.capacity)
            };
            state = match deadline {
                None => self
                    .ready
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        state.wake_at = usize::MAX;
                        return BatchEnd::Commit;
                    }
                    self.ready
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .0
                }
            };
            state.wake_at = usize::MAX;
        }
    }

    /// The counters now.
    pub fn metrics(&self) -> StoreMetrics {
        let (queued, max_queue_depth) = {
            let state = self.lock();
            (state.n_records, state.max_depth)
        };
        StoreMetrics {
            queued,
            max_queue_depth,
            backpressure_waits: self.backpressure_waits.load(Ordering::Relaxed),
            committed_datagrams: self.committed_datagrams.load(Ordering::Relaxed),
            committed_batches: self.committed_batches.load(Ordering::Relaxed),
            last_batch_size: self.last_batch_size.load(Ordering::Relaxed),
            write_errors: self.write_errors.load(Ordering::Relaxed),
            rejected_datagrams: self.rejected_datagrams.load(Ordering::Relaxed),
        }
    }

    /// Drops every queued item (after the writer died): flush waiters see the writer gone.
    pub fn abandon(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.items.clear();
        state.n_records = 0;
        drop(state);
        self.slots.close();
    }

    /// The state lock. A panic while it is held cannot leave the state half-changed (every
    /// change is a single push, pop or assignment), so a poisoned lock is still used.
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
