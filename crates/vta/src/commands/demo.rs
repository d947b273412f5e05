//! `vta demo`: the real pipeline fed by the built-in simulator over real UDP on loopback.
//!
//! Plays a scripted match, shows the live scoreboard, then prints what the store holds and
//! checks it against the result the script expects. Exits non-zero when they differ.

use std::time::Duration;

use anyhow::{Context, Result};
use app::bus::{AppEvent, RecorderEvent};
use app::ingest::IngestConfig;
use app::obs_manager::ObsConnectionSpec;
use obs::{ConnectionStatus, Password};
use tokio::sync::broadcast;

use crate::cli::{DataArgs, DemoArgs, PipelineArgs};
use crate::commands::{query, scoreboard};
use crate::config::{prepare_data_dir, Config, ExplicitFlags};
use crate::logging;
use crate::service::{self, Services};

/// Plays the scenario through the pipeline and reports. `explicit` names the recorder flags
/// that win over the demo's stored settings.
pub async fn run(args: DemoArgs, explicit: ExplicitFlags) -> Result<()> {
    let data_dir = prepare_data_dir(args.data.data_dir.clone(), "demo")?;
    let pipeline_args = PipelineArgs {
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
        tournament: "Demo Open".into(),
        log: args.log.clone(),
    };
    let mut config = Config::from_args(&pipeline_args)?
        .with_recorder(&args.recorder)?
        .with_explicit(explicit);
    config.ingest = IngestConfig {
        bind: pipeline_args.bind,
        database: config.ingest.database.clone(),
        ..IngestConfig::default()
    };
    config.listen = Some(args.listen.unwrap_or_else(default_listen));
    // The demo keeps its data apart (`<data>/demo`) but shows this machine's installed licence.
    if args.data.data_dir.is_none() {
        if let Ok(dir) = crate::config::default_data_dir() {
            config.licence_dir = dir;
        }
    }
    let _log_guard = logging::init_with_file(&config.log_filter, &config.log_dir())?;

    let scenario = sim::Scenario::new(args.scenario);
    let services = Services::start(&config)?;
    let mut recorder_events = services.bus.subscribe();
    if let Some(address) = &args.obs {
        attach_obs(&services, address, args.obs_password_env.as_deref()).await?;
    }
    let target = services.ingest.local_addr();
    if let Some(http) = services.http {
        println!("operator UI: http://{http}/   overlays: http://{http}/overlay/scoreboard");
    }
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
    let mut listener = services.ingest.watch_status();
    listener.mark_unchanged();
    sender.play(&scenario.steps, args.speed, |_, _| {}).await?;
    // The operator may stop or move the listener from the UI meanwhile: what was sent then is
    // not received, and the match cannot equal the scenario's.
    let interrupted = listener.has_changed().unwrap_or(true);
    if interrupted {
        println!(
            "the UDP listener was stopped or moved during the demo: {} of {} datagrams received",
            services.ingest.counters().datagrams - before,
            scenario.steps.len()
        );
    } else {
        wait_for_datagrams(&services, before + scenario.steps.len() as u64).await?;
    }
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
    let differences = if interrupted {
        println!("check skipped: the listener did not hear the whole match");
        Vec::new()
    } else {
        query::compare_with_expected(&stored, &scenario.expected)
    };
    if !interrupted && differences.is_empty() {
        println!("check: the stored match equals the scenario's expected result");
    }
    for difference in &differences {
        println!("check FAILED: {difference}");
    }
    println!(
        "query it: vta matches --data-dir {}",
        config.data_dir.display()
    );
    if args.obs.is_some() {
        let limit = config.recorder.stop_delay + Duration::from_secs(15);
        println!(
            "waiting up to {:.0} s for the recording to stop (--stop-delay {:.0})",
            limit.as_secs_f64(),
            config.recorder.stop_delay.as_secs_f64()
        );
        match wait_for_recording_end(&mut recorder_events, limit).await {
            Some(path) => println!("recording: {path}"),
            None => println!("recording: none finished (see the log for OBS errors)"),
        }
    }

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

/// `127.0.0.1:8080` when it is free, else any free port (the demo must not fail because
/// another program holds 8080).
fn default_listen() -> std::net::SocketAddr {
    let preferred: std::net::SocketAddr = ([127, 0, 0, 1], 8080).into();
    match std::net::TcpListener::bind(preferred) {
        Ok(_) => preferred,
        Err(_) => ([127, 0, 0, 1], 0).into(),
    }
}

/// Adds the OBS at `address` (`HOST:PORT`) for this run only and waits a few seconds for it.
async fn attach_obs(services: &Services, address: &str, password_env: Option<&str>) -> Result<()> {
    let (host, port) = address
        .rsplit_once(':')
        .and_then(|(host, port)| Some((host, port.parse::<u16>().ok()?)))
        .with_context(|| format!("--obs wants HOST:PORT, got {address:?}"))?;
    let mut spec = ObsConnectionSpec::new("DEMO", host, port);
    if let Some(variable) = password_env {
        let password = std::env::var(variable).with_context(|| {
            format!("environment variable {variable} (--obs-password-env) is not set")
        })?;
        spec.password = Some(Password::new(password));
    }
    services.obs.attach(spec)?;
    let connection = services
        .obs
        .connection("DEMO")
        .context("the demo OBS connection did not start")?;
    let mut status = connection.status();
    let connected = tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|status| {
            matches!(
                status,
                ConnectionStatus::Connected | ConnectionStatus::Error { .. }
            )
        }),
    )
    .await;
    match connected
        .ok()
        .and_then(Result::ok)
        .map(|status| status.clone())
    {
        Some(ConnectionStatus::Connected) => println!("OBS at {address}: connected"),
        Some(ConnectionStatus::Error { reason }) => anyhow::bail!("OBS at {address}: {reason}"),
        _ => println!("OBS at {address}: not reachable yet; the match is recorded once it is"),
    }
    Ok(())
}

/// The path of the first recording that stops within `limit`.
async fn wait_for_recording_end(
    events: &mut broadcast::Receiver<AppEvent>,
    limit: Duration,
) -> Option<String> {
    let waiting = async {
        loop {
            match events.recv().await {
                Ok(AppEvent::Recorder(RecorderEvent::Stopped { path, .. })) => {
                    return Some(path.map_or_else(
                        || "(OBS gave no path)".to_owned(),
                        |path| path.display().to_string(),
                    ))
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    };
    tokio::time::timeout(limit, waiting).await.ok().flatten()
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
