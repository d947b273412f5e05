//! Ingest counters: totals as atomics, per-source figures behind a short lock.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Live counters of one UDP listener; shared between the listener task and readers.
#[derive(Debug, Default)]
pub struct Counters {
    datagrams: AtomicU64,
    bytes: AtomicU64,
    parse_errors: AtomicU64,
    store_errors: AtomicU64,
    receive_errors: AtomicU64,
    // std Mutex: held for one map update, never across an await.
    per_source: Mutex<HashMap<SocketAddr, SourceCounters>>,
}

/// Figures for one sender address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceCounters {
    /// Datagrams received from it.
    pub datagrams: u64,
    /// Bytes received from it.
    pub bytes: u64,
    /// Parts of its datagrams that could not be read.
    pub parse_errors: u64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountersSnapshot {
    /// Datagrams received.
    pub datagrams: u64,
    /// Bytes received.
    pub bytes: u64,
    /// Parts of datagrams that could not be read (kept as raw messages).
    pub parse_errors: u64,
    /// Datagrams the store refused (its writer was gone); they still went on the bus.
    pub store_errors: u64,
    /// Socket receive errors (e.g. ICMP port unreachable echoes), each logged.
    pub receive_errors: u64,
    /// Figures per sender address, sorted by address.
    pub per_source: Vec<(SocketAddr, SourceCounters)>,
}

impl Counters {
    pub(crate) fn record(&self, source: SocketAddr, n_bytes: usize, n_errors: usize) {
        self.datagrams.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n_bytes as u64, Ordering::Relaxed);
        self.parse_errors
            .fetch_add(n_errors as u64, Ordering::Relaxed);
        let mut per_source = self.per_source.lock().unwrap_or_else(|e| e.into_inner());
        let entry = per_source.entry(source).or_default();
        entry.datagrams += 1;
        entry.bytes += n_bytes as u64;
        entry.parse_errors += n_errors as u64;
    }

    pub(crate) fn store_error(&self) {
        self.store_errors.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn receive_error(&self) {
        self.receive_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> CountersSnapshot {
        let mut per_source: Vec<_> = {
            let map = self.per_source.lock().unwrap_or_else(|e| e.into_inner());
            map.iter()
                .map(|(addr, counters)| (*addr, *counters))
                .collect()
        };
        per_source.sort_by_key(|(addr, _)| *addr);
        CountersSnapshot {
            datagrams: self.datagrams.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            parse_errors: self.parse_errors.load(Ordering::Relaxed),
            store_errors: self.store_errors.load(Ordering::Relaxed),
            receive_errors: self.receive_errors.load(Ordering::Relaxed),
            per_source,
        }
    }
}
