//! `vta run`: listen, parse, store and log until Ctrl-C or SIGTERM.

use anyhow::Result;
use app::automation::ivr::IvrStatus;
use tokio::sync::watch;
use tracing::info;

use crate::cli::RunArgs;
use crate::config::{Config, ExplicitFlags};
use crate::logging;
use crate::service::{self, Services};

/// Runs the pipeline until a shutdown signal, then stops it cleanly. `explicit` names the
/// settings flags that win over the stored settings for this run.
pub async fn run(args: RunArgs, explicit: ExplicitFlags) -> Result<()> {
    let config = Config::from_args(&args.pipeline)?
        .with_recorder(&args.recorder)?
        .with_replay(&args.replay)?
        .with_explicit(explicit);
    let _log_guard = logging::init_with_file(&config.log_filter, &config.log_dir())?;
    info!(data_dir = %config.data_dir.display(), protocol = config.schema.version(), "vta run");
    let services = Services::start(&config)?;
    if let Some(http) = services.http {
        println!("reStrike VTA: operator UI at http://{http}/");
    }
    if let Some(ivr) = &services.ivr {
        tokio::spawn(print_replay_problems(ivr.status()));
    }
    service::shutdown_signal().await;
    info!("shutting down");
    let counters = services.ingest.counters();
    services.shutdown().await?;
    info!(
        datagrams = counters.datagrams,
        parse_errors = counters.parse_errors,
        "stopped"
    );
    Ok(())
}

/// Prints failed replays and replay warnings on the console, where the operator of a bare
/// `vta run` looks; ends when the replay flow stops.
async fn print_replay_problems(mut status: watch::Receiver<IvrStatus>) {
    while status.changed().await.is_ok() {
        match &*status.borrow_and_update() {
            IvrStatus::Failed { replay_id, reason } => {
                println!("replay {replay_id} failed: {reason} (REPLAY to try again)");
            }
            IvrStatus::Warning { replay_id, message } => {
                println!("replay {replay_id}: {message}");
            }
            _ => {}
        }
    }
}
