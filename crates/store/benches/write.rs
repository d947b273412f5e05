//! Append throughput of the store: records of a realistic feed mix appended through a
//! `StoreHandle` and flushed, with `synchronous = FULL` on a real file.
//!
//! The mix, per 10 datagrams: 5 clock ticks (no snapshot), 2 hit levels, a point with its
//! total, the six round scores, and both gam-jeom counts; every datagram that is not a tick
//! carries a match snapshot, as ingest sends them. A second group measures the latency from
//! append to announced commit for a lone datagram. Run with `cargo bench -p store`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use match_state::MatchState;
use pss::{ClockAction, ClockTime, Message, PointKind, Side};
use store::{EventRecord, IngestRecord, MatchSnapshot, Store, StoreConfig};

/// Datagrams appended per measured iteration.
const N_DATAGRAMS: u64 = 20_000;

fn append_throughput(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(StoreConfig::new(folder.path().join("bench.sqlite"))).expect("store");
    let handle = store.handle();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mix = FeedMix::new();
    let mut next_seq = 1;

    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(N_DATAGRAMS));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("append_and_flush_realistic_mix", |bench| {
        bench.iter_batched(
            || {
                let records = mix.records(next_seq, N_DATAGRAMS);
                next_seq += N_DATAGRAMS;
                records
            },
            |records| {
                runtime.block_on(async {
                    for record in records {
                        handle.append(record).await.expect("append");
                    }
                    handle.flush().await.expect("flush");
                })
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    let metrics = handle.metrics();
    eprintln!(
        "store metrics: {} datagrams in {} batches, max queue depth {}, back-pressure waits {}",
        metrics.committed_datagrams,
        metrics.committed_batches,
        metrics.max_queue_depth,
        metrics.backpressure_waits
    );
    // Wall time varies with whatever else the machine runs; the writer thread's own CPU time
    // says what one free core could sustain.
    if let Some(cpu_seconds) = writer_cpu_seconds() {
        let per_datagram_us = cpu_seconds * 1e6 / metrics.committed_datagrams as f64;
        eprintln!(
            "store-writer thread: {cpu_seconds:.2} s CPU, {per_datagram_us:.2} µs per datagram \
             ({:.0} datagrams/s on one free core)",
            1e6 / per_datagram_us
        );
    }
    store.close().expect("close");
}

/// CPU time (user + system) of the `store-writer` thread, from Linux's `/proc`; none
/// elsewhere.
fn writer_cpu_seconds() -> Option<f64> {
    // /proc reports times in USER_HZ, which is 100 on Linux.
    const TICKS_PER_SECOND: f64 = 100.0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let task = task.ok()?.path();
        if std::fs::read_to_string(task.join("comm")).ok()?.trim() != "store-writer" {
            continue;
        }
        let stat = std::fs::read_to_string(task.join("stat")).ok()?;
        // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let utime: f64 = fields.get(11)?.parse().ok()?;
        let stime: f64 = fields.get(12)?.parse().ok()?;
        return Some((utime + stime) / TICKS_PER_SECOND);
    }
    None
}

/// Ten datagram templates of a match in progress.
struct FeedMix {
    templates: Vec<(Vec<u8>, Vec<Message>)>,
    snapshot: Arc<MatchState>,
}

impl FeedMix {
    fn new() -> FeedMix {
        let tick = |seconds: u32| {
            let text = format!("clk;{}:{:02};", seconds / 60, seconds % 60).into_bytes();
            (
                text,
                vec![Message::Clock {
                    time: ClockTime::min_sec(seconds),
                    action: None,
                }],
            )
        };
        let templates = vec![
            tick(100),
            (
                b"hl1;45;".to_vec(),
                vec![Message::HitLevel {
                    side: Side::Blue,
                    level: 45,
                }],
            ),
            tick(99),
            (
                b"pt1;3;sc1;3;".to_vec(),
                vec![
                    Message::Point {
                        side: Side::Blue,
                        kind: PointKind::Head,
                    },
                    Message::TotalScore {
                        side: Side::Blue,
                        score: 3,
                    },
                ],
            ),
            tick(98),
            (
                b"s11;3;s21;0;s12;0;s22;0;s13;0;s23;0;".to_vec(),
                [
                    (Side::Blue, 1, 3),
                    (Side::Red, 1, 0),
                    (Side::Blue, 2, 0),
                    (Side::Red, 2, 0),
                    (Side::Blue, 3, 0),
                    (Side::Red, 3, 0),
                ]
                .map(|(side, round, score)| Message::RoundScore { side, round, score })
                .to_vec(),
            ),
            tick(97),
            (
                b"hl2;30;".to_vec(),
                vec![Message::HitLevel {
                    side: Side::Red,
                    level: 30,
                }],
            ),
            tick(96),
            (
                b"wg1;0;wg2;1;".to_vec(),
                vec![
                    Message::GamJeom {
                        side: Side::Blue,
                        count: 0,
                    },
                    Message::GamJeom {
                        side: Side::Red,
                        count: 1,
                    },
                ],
            ),
        ];
        let mut state = MatchState::new();
        let opening = [
            Message::FightLoaded,
            Message::Round { round: 1 },
            Message::FightReady,
            Message::Clock {
                time: ClockTime::min_sec(120),
                action: Some(ClockAction::Start),
            },
        ];
        for (at_us, message) in (1..).zip(
            opening
                .iter()
                .chain(templates.iter().flat_map(|(_, messages)| messages)),
        ) {
            state.apply(message, at_us);
        }
        FeedMix {
            templates,
            snapshot: Arc::new(state),
        }
    }

    /// `n` records from `first_seq` on, cycling through the templates.
    fn records(&self, first_seq: u64, n: u64) -> Vec<IngestRecord> {
        let source: SocketAddr = "192.168.1.20:50123".parse().expect("address");
        (first_seq..first_seq + n)
            .zip(self.templates.iter().cycle())
            .map(|(seq, (bytes, messages))| {
                let is_tick = matches!(messages[0], Message::Clock { .. });
                IngestRecord {
                    seq,
                    received_at_us: 1_795_608_000_000_000 + seq as i64 * 10,
                    source,
                    bytes: bytes.clone(),
                    events: messages
                        .iter()
                        .map(|message| EventRecord {
                            message: message.clone(),
                            match_id: Some(1),
                            round: Some(1),
                            clock_seconds: Some(96),
                        })
                        .collect(),
                    match_snapshot: (!is_tick).then(|| MatchSnapshot {
                        match_id: 1,
                        state: Arc::clone(&self.snapshot),
                    }),
                    folded: true,
                }
            })
            .collect()
    }
}

/// Time from appending one datagram to its commit being announced, on an idle store: the
/// latency a lone datagram sees at a low rate, for a few batch intervals.
fn commit_latency(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mix = FeedMix::new();
    let mut group = c.benchmark_group("store_commit_latency");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    for interval_ms in [0, 1, 5] {
        let folder = tempfile::tempdir().expect("temporary folder");
        let mut config = StoreConfig::new(folder.path().join("latency.sqlite"));
        config.batch_interval = Duration::from_millis(interval_ms);
        let store = Store::open(config).expect("store");
        let handle = store.handle();
        let mut committed = handle.committed();
        let mut next_seq = 1;
        group.bench_function(format!("batch_interval_{interval_ms}ms"), |bench| {
            bench.iter_batched(
                || {
                    let record = mix.records(next_seq, 1).pop().expect("one record");
                    next_seq += 1;
                    record
                },
                |record| {
                    let seq = record.seq;
                    runtime.block_on(async {
                        handle.append(record).await.expect("append");
                        committed
                            .wait_for(|highest| *highest >= seq)
                            .await
                            .expect("writer alive");
                    })
                },
                BatchSize::PerIteration,
            )
        });
        store.close().expect("close");
    }
    group.finish();
}

criterion_group!(benches, append_throughput, commit_latency);
criterion_main!(benches);
