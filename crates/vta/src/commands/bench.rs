//! `vta bench ingest`: the real UDP path under a steady load, measured end to end.
//!
//! A second socket in this process sends the championship datagram mix at the asked rate to
//! the real listener; the store's commit mark tells when each datagram became durable. Loss is
//! what was sent but is not in the database afterwards. Peak RSS is the whole process (sender
//! included) from `/proc/self/status`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::time::Instant;

use crate::cli::{DataArgs, PipelineArgs};
use crate::config::Config;
use crate::service::Services;

/// Runs the ingest benchmark and prints its figures.
pub async fn ingest(
    rate: u32,
    duration: Duration,
    data_dir: Option<std::path::PathBuf>,
) -> Result<()> {
    let temp = tempfile::TempDir::new().context("cannot make a temporary folder")?;
    let data_dir = data_dir.unwrap_or_else(|| temp.path().to_owned());
    let args = PipelineArgs {
        data: DataArgs {
            data_dir: Some(data_dir),
        },
        bind: ([127, 0, 0, 1], 0).into(),
        listen: ([127, 0, 0, 1], 0).into(),
        behind_proxy: false,
        protocol: None,
        pss_source: None,
        batch_max: 1024,
        batch_ms: 1,
        tournament: "Bench".into(),
        log: "warn".into(),
    };
    let mut config = Config::from_args(&args)?;
    // The HTTP feed would serialise every datagram; the bench measures ingest alone.
    config.listen = None;
    let services = Services::start(&config)?;
    let target = services.ingest.local_addr();
    let reader = services.store.reader()?;
    let first_seq = reader.max_seq()?.map_or(1, |seq| seq + 1);
    let stored_before = reader.datagram_count()?;

    let expected = (f64::from(rate) * duration.as_secs_f64()).round() as usize;
    let sent_at: Arc<Vec<AtomicU64>> = Arc::new((0..expected).map(|_| AtomicU64::new(0)).collect());
    let origin = Instant::now();
    let watcher = tokio::spawn(watch_commits(
        services.store.handle().committed(),
        Arc::clone(&sent_at),
        origin,
        first_seq,
    ));

    let sender = sim::Sender::new(target).await?;
    let mix = sim::load_mix();
    let started = Instant::now();
    let sent = sender
        .load(&mix, rate, duration, |n| {
            if let Some(slot) = sent_at.get(n as usize) {
                slot.store(origin.elapsed().as_nanos() as u64 + 1, Ordering::Relaxed);
            }
        })
        .await?;
    let send_time = started.elapsed();
    // Give the last datagrams time to arrive, then make everything durable.
    let deadline = Instant::now() + Duration::from_secs(5);
    while services.ingest.counters().datagrams < sent && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    services.flush().await?;
    let drain_time = started.elapsed();
    let stored = reader.datagram_count()? - stored_before;
    let metrics = services.store.handle().metrics();
    services.shutdown().await?;
    let mut latencies = watcher.await.context("commit watcher failed")?;
    latencies.sort_unstable();

    let received = sent.min(stored);
    println!(
        "vta bench ingest: rate {rate}/s for {:.1} s, mix of {} datagram kinds",
        duration.as_secs_f64(),
        mix.len()
    );
    println!(
        "  sent        {sent} in {:.2} s ({:.0}/s)",
        send_time.as_secs_f64(),
        sent as f64 / send_time.as_secs_f64()
    );
    println!(
        "  stored      {stored} ({:.0}/s until the last commit)",
        received as f64 / drain_time.as_secs_f64()
    );
    println!("  lost        {}", sent.saturating_sub(stored));
    println!(
        "  send->commit latency  p50 {}  p99 {}  max {}  (n={})",
        fmt_us(percentile(&latencies, 0.50)),
        fmt_us(percentile(&latencies, 0.99)),
        fmt_us(latencies.last().copied()),
        latencies.len()
    );
    println!(
        "  store       {} batches, max queue {}, back-pressure waits {}",
        metrics.committed_batches, metrics.max_queue_depth, metrics.backpressure_waits
    );
    println!(
        "  peak RSS    {}",
        peak_rss().map_or("unknown".into(), |kb| format!(
            "{:.1} MB",
            kb as f64 / 1024.0
        ))
    );
    if sent != stored {
        anyhow::bail!("{} datagrams lost", sent.saturating_sub(stored));
    }
    Ok(())
}

/// Collects, for every datagram the commit mark passes, the time from its send to the commit.
async fn watch_commits(
    mut committed: tokio::sync::watch::Receiver<u64>,
    sent_at: Arc<Vec<AtomicU64>>,
    origin: Instant,
    first_seq: u64,
) -> Vec<u64> {
    let mut latencies = Vec::with_capacity(sent_at.len());
    let mut next = first_seq;
    while committed.changed().await.is_ok() {
        let mark = *committed.borrow_and_update();
        let now = origin.elapsed().as_nanos() as u64;
        while next <= mark {
            let idx = (next - first_seq) as usize;
            if let Some(sent) = sent_at.get(idx).map(|slot| slot.load(Ordering::Relaxed)) {
                if sent > 0 {
                    latencies.push(now.saturating_sub(sent - 1) / 1000);
                }
            }
            next += 1;
        }
    }
    latencies
}

fn percentile(sorted_us: &[u64], q: f64) -> Option<u64> {
    if sorted_us.is_empty() {
        return None;
    }
    let idx = ((sorted_us.len() - 1) as f64 * q).round() as usize;
    sorted_us.get(idx).copied()
}

fn fmt_us(us: Option<u64>) -> String {
    match us {
        Some(us) if us >= 1000 => format!("{:.2} ms", us as f64 / 1000.0),
        Some(us) => format!("{us} µs"),
        None => "-".into(),
    }
}

/// Peak resident set size of this process in kB (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
