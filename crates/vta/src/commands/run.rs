//! `vta run`: listen, parse, store and log until Ctrl-C or SIGTERM.

use anyhow::Result;
use tracing::info;

use crate::cli::RunArgs;
use crate::config::Config;
use crate::logging;
use crate::service::{self, Services};

/// Runs the pipeline until a shutdown signal, then stops it cleanly.
pub async fn run(args: RunArgs) -> Result<()> {
    let config = Config::from_args(&args.pipeline)?.with_recorder(&args.recorder)?;
    let _log_guard = logging::init_with_file(&config.log_filter, &config.log_dir())?;
    info!(data_dir = %config.data_dir.display(), protocol = config.schema.version(), "vta run");
    let services = Services::start(&config)?;
    if let Some(http) = services.http {
        println!("reStrike VTA: operator UI at http://{http}/");
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
