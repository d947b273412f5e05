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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCounters {
    /// Datagrams received from it.
    pub datagrams: u64,
    /// Bytes received from it.
    pub bytes: u64,
    /// Parts of its datagrams that could not be read.
    pub parse_errors: u64,
    /// When its last datagram was received, µs since the Unix epoch.
    pub last_seen_us: i64,
    /// The number of the match it last loaded (its last `mch`), if any.
    pub last_match: Option<String>,
}

/// One received datagram as the counters see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted<'a> {
    /// The sender.
    pub(crate) source: SocketAddr,
    /// Its size.
    pub(crate) n_bytes: usize,
    /// Its unreadable parts.
    pub(crate) n_errors: usize,
    /// Its receive time, µs since the Unix epoch.
    pub(crate) received_at_us: i64,
    /// The match number of the last `mch` it held.
    pub(crate) loaded_match: Option<&'a str>,
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
    pub(crate) fn record(&self, counted: Counted<'_>) {
        let (n_bytes, n_errors) = (counted.n_bytes as u64, counted.n_errors as u64);
        self.datagrams.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n_bytes, Ordering::Relaxed);
        self.parse_errors.fetch_add(n_errors, Ordering::Relaxed);
        let mut per_source = self.per_source.lock().unwrap_or_else(|e| e.into_inner());
        let entry = per_source.entry(counted.source).or_default();
        entry.datagrams += 1;
        entry.bytes += n_bytes;
        entry.parse_errors += n_errors;
        entry.last_seen_us = entry.last_seen_us.max(counted.received_at_us);
        if let Some(number) = counted.loaded_match {
            entry.last_match = Some(number.to_owned());
        }
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
                .map(|(addr, counters)| (*addr, counters.clone()))
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
