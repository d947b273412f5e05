//! `vta demo`: the real pipeline fed by the built-in simulator over real UDP on loopback.
//!
//! Plays a scripted match, shows the live scoreboard, then prints what the store holds and
//! checks it against the result the script expects. Exits non-zero when they differ.

use std::time::Duration;

use anyhow::{Context, Result};
use app::ingest::IngestConfig;

use crate::cli::{DataArgs, DemoArgs, PipelineArgs};
use crate::commands::{query, scoreboard};
use crate::config::{prepare_data_dir, Config};
use crate::logging;
use crate::service::{self, Services};

/// Plays the scenario through the pipeline and reports.
pub async fn run(args: DemoArgs) -> Result<()> {
    let data_dir = prepare_data_dir(args.data.data_dir.clone(), "demo")?;
    let pipeline_args = PipelineArgs {
        data: DataArgs {
            data_dir: Some(data_dir),
        },
        bind: ([127, 0, 0, 1], 0).into(),
        protocol: None,
        batch_max: 1024,
        batch_ms: 1,
        tournament: "Demo Open".into(),
        log: args.log.clone(),
    };
    let mut config = Config::from_args(&pipeline_args)?;
    config.ingest = IngestConfig {
        bind: pipeline_args.bind,
        ..IngestConfig::default()
    };
    let _log_guard = logging::init_with_file(&config.log_filter, &config.log_dir())?;

    let scenario = sim::Scenario::new(args.scenario);
    let services = Services::start(&config)?;
    let target = services.ingest.local_addr();
    println!(
        "reStrike VTA demo: {} match, {} datagrams to udp {target} at {}x ({:.0} s)",
        scenario.name,
        scenario.steps.len(),
        args.speed,
        scenario.duration().as_secs_f64() / args.speed
    );
    let board = tokio::spawn(scoreboard::print(services.bus.subscribe()));
    let sender = sim::Sender::new(target).await?;
    let before = services.ingest.counters().datagrams;
    sender.play(&scenario.steps, args.speed, |_, _| {}).await?;
    wait_for_datagrams(&services, before + scenario.steps.len() as u64).await?;
    services.flush().await?;
    board.abort();
    println!();

    let reader = services.store.reader()?;
    let match_id = reader
        .last_match_id()?
        .context("the demo match was not stored")?;
    let stored = reader
        .match_by_id(match_id)?
        .context("the demo match row is missing")?;
    let counters = services.ingest.counters();
    println!(
        "stored: {} datagrams ({} parse errors), {} events, database {}",
        counters.datagrams,
        counters.parse_errors,
        reader.events(store::EventFilter::default())?.len(),
        config.store.path.display()
    );
    print!("{}", query::describe_match(&stored));
    let differences = query::compare_with_expected(&stored, &scenario.expected);
    if differences.is_empty() {
        println!("check: the stored match equals the scenario's expected result");
    } else {
        for difference in &differences {
            println!("check FAILED: {difference}");
        }
    }
    println!(
        "query it: vta matches --data-dir {}",
        config.data_dir.display()
    );

    if args.keep_running {
        println!("listening on udp {target}; Ctrl-C to stop");
        service::shutdown_signal().await;
    }
    services.shutdown().await?;
    if differences.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} differences between the stored and the expected match",
            differences.len()
        )
    }
}

/// Waits until the listener has received `n` datagrams in all (loopback delivers them all;
/// the timeout only guards against a broken setup).
async fn wait_for_datagrams(services: &Services, n: u64) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while services.ingest.counters().datagrams < n {
        if tokio::time::Instant::now() > deadline {
            anyhow::bail!(
                "only {} of {n} datagrams arrived within 10 s",
                services.ingest.counters().datagrams
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}
