//! `vta bench analytics`: a generated tournament goes through the real pipeline into a real
//! SQLite file (a day opened and chosen per tournament day, as the organiser would), then each
//! analytics view is read `reads` times on its read-only connection; p50, p95 and max per
//! view. A second pass reads tournament views while the store's writer commits more matches,
//! and reports the wait for each match's commit, so a read that held up the writer shows.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use analytics::Analytics;
use anyhow::{Context, Result};
use app::ingest::{Pipeline, Received};

/// Runs the benchmark and prints its figures.
pub async fn run(plan: sim::TournamentPlan, reads: usize, data_dir: Option<PathBuf>) -> Result<()> {
    let temp = tempfile::TempDir::new().context("cannot make a temporary folder")?;
    let folder = data_dir.unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&folder)?;
    let database = folder.join("vta.sqlite3");
    anyhow::ensure!(
        !database.exists(),
        "{} exists: give an empty --data-dir",
        database.display()
    );

    let built = Instant::now();
    let store = store::Store::open(store::StoreConfig::new(&database))?;
    let handle = store.handle();
    let schema = Arc::new(pss::Schema::v2_3().clone());
    let mut pipeline = Pipeline::new(Arc::clone(&schema), 1);
    let source = "10.0.0.5:6000".parse().context("source")?;
    let mut at_us: i64 = 1_764_000_000_000_000;
    let (mut matches, mut datagrams) = (0u64, 0u64);
    let mut current_day = None;
    let mut day_ids = Vec::new();
    for planned in sim::generate(plan) {
        if current_day != Some(planned.day) {
            handle.flush().await?;
            if current_day.is_some() {
                let mut records = organiser::Organiser::open(&database)?;
                let tournament = records.active_day()?.context("a day")?.tournament_id;
                let day =
                    records.create_day(tournament, &format!("Day {}", planned.day + 1), None)?;
                records.activate_day(day.id)?;
            }
            current_day = Some(planned.day);
        }
        for step in &planned.steps {
            at_us += i64::try_from(step.delay.as_micros()).unwrap_or(0).max(1);
            let processed = pipeline.process(Received {
                bytes: schema.encode_datagram(&step.messages).into_bytes(),
                source,
                received_at_us: at_us,
            });
            handle.append(processed.record).await?;
            datagrams += 1;
        }
        matches += 1;
        if planned.court == plan.courts && matches % u64::from(plan.courts) == 0 {
            handle.flush().await?;
            if let Some(day) = store.reader()?.active_day()? {
                if day_ids.last() != Some(&day.id) {
                    day_ids.push(day.id);
                }
            }
        }
    }
    handle.flush().await?;
    let reader = store.reader()?;
    let event_count = reader.event_count()?;
    println!(
        "built: {} day(s) x {} court(s), {matches} matches, {datagrams} datagrams, {event_count} events, {:.1} MiB, in {:.1} s",
        plan.days,
        plan.courts,
        file_mib(&database),
        built.elapsed().as_secs_f64()
    );

    let analytics = Analytics::open(&database)?;
    let match_ids: Vec<i64> = reader.matches()?.iter().map(|row| row.id).collect();
    let athlete_ids: Vec<i64> = organiser::Organiser::open(&database)?
        .athletes()?
        .iter()
        .map(|athlete| athlete.id)
        .collect();
    let tournament_id = reader.active_day()?.context("a day")?.tournament_id;
    anyhow::ensure!(
        !match_ids.is_empty() && !athlete_ids.is_empty() && !day_ids.is_empty(),
        "the plan made no match: give --days, --courts and --matches-per-court of 1 or more"
    );
    println!(
        "{:<32} {:>5} {:>8} {:>8} {:>8}",
        "view", "reads", "p50 ms", "p95 ms", "max ms"
    );
    report(
        "match",
        time(reads, |n| {
            analytics
                .match_view(match_ids[n % match_ids.len()])
                .map(drop)
        })?,
    );
    report(
        "athlete",
        time(reads, |n| {
            analytics
                .athlete_view(athlete_ids[n % athlete_ids.len()])
                .map(drop)
        })?,
    );
    report(
        "day",
        time(reads, |n| {
            analytics.day_view(day_ids[n % day_ids.len()]).map(drop)
        })?,
    );
    report(
        "tournament",
        time(reads, |_| {
            analytics.tournament_view(tournament_id).map(drop)
        })?,
    );

    // Reads beside a writer: the commit wait of the store while tournament views are read.
    let reading = std::thread::spawn({
        let database = database.clone();
        move || -> Result<Vec<Duration>> {
            let analytics = Analytics::open(&database)?;
            Ok(time(reads, |_| {
                analytics.tournament_view(tournament_id).map(drop)
            })?)
        }
    });
    let mut waits = Vec::new();
    for planned in sim::generate(sim::TournamentPlan {
        days: 1,
        seed: plan.seed + 1,
        ..plan
    })
    .take(40)
    {
        for step in &planned.steps {
            at_us += 1_000;
            let processed = pipeline.process(Received {
                bytes: schema.encode_datagram(&step.messages).into_bytes(),
                source,
                received_at_us: at_us,
            });
            handle.append(processed.record).await?;
        }
        let started = Instant::now();
        handle.flush().await?;
        waits.push(started.elapsed());
        if reading.is_finished() {
            break;
        }
    }
    let beside = reading
        .join()
        .map_err(|_| anyhow::anyhow!("the reading thread panicked"))??;
    report("tournament (beside the writer)", beside);
    report("writer commit (beside reads)", waits);
    store.close()?;
    Ok(())
}

/// The database's size with its WAL, MiB.
fn file_mib(database: &std::path::Path) -> f64 {
    let size = |path: std::path::PathBuf| std::fs::metadata(path).map_or(0, |meta| meta.len());
    let wal = database.with_extension("sqlite3-wal");
    (size(database.to_owned()) + size(wal)) as f64 / (1024.0 * 1024.0)
}

fn time(
    reads: usize,
    mut read: impl FnMut(usize) -> Result<(), analytics::AnalyticsError>,
) -> Result<Vec<Duration>, analytics::AnalyticsError> {
    let mut times = Vec::with_capacity(reads);
    for n in 0..reads.max(1) {
        let started = Instant::now();
        read(n)?;
        times.push(started.elapsed());
    }
    Ok(times)
}

fn report(view: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let ms = |fraction: f64| {
        let rank = ((fraction * times.len() as f64).ceil() as usize).clamp(1, times.len());
        times[rank - 1].as_secs_f64() * 1000.0
    };
    println!(
        "{view:<32} {:>5} {:>8.2} {:>8.2} {:>8.2}",
        times.len(),
        ms(0.50),
        ms(0.95),
        ms(1.0)
    );
}
