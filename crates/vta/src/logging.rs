//! Logging: tracing to the console and, for long-running commands, to a daily rotating file
//! and to the operator's live log (the last lines in memory, [`server::logs::LogBook`]).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// How many daily log files are kept.
const KEPT_LOG_FILES: usize = 14;

/// The live log's lines, once [`init_with_file`] set it up (logging is global, so is this).
static LOG_BOOK: OnceLock<server::logs::LogBook> = OnceLock::new();

/// The live log of this process, when logging keeps one.
pub fn log_book() -> Option<server::logs::LogBook> {
    LOG_BOOK.get().cloned()
}

/// Logs to stderr only.
pub fn init_console(filter: &str) -> Result<()> {
    let filter = parse_filter(filter)?;
    tracing_subscriber::registry()
        .with(console_layer().with_filter(filter))
        .try_init()
        .context("logging was already set up")
}

/// Logs to stderr, to `vta.log.<date>` files in `dir` and to the live log ([`log_book`]).
/// Keep the guard alive: dropping it flushes the file.
pub fn init_with_file(filter: &str, dir: &Path) -> Result<WorkerGuard> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the log folder {}", dir.display()))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("vta.log")
        .max_log_files(KEPT_LOG_FILES)
        .build(dir)
        .with_context(|| format!("cannot write logs in {}", dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let book = LOG_BOOK
        .get_or_init(|| server::logs::LogBook::new(server::logs::DEFAULT_CAPACITY))
        .clone();
    tracing_subscriber::registry()
        .with(console_layer().with_filter(parse_filter(filter)?))
        .with(book.layer().with_filter(parse_filter(filter)?))
        .with(
            fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(parse_filter(filter)?),
        )
        .try_init()
        .context("logging was already set up")?;
    Ok(guard)
}

/// The stderr layer; colours only on a terminal, so captured logs stay plain text.
fn console_layer<S>(
) -> fmt::Layer<S, fmt::format::DefaultFields, fmt::format::Format, fn() -> std::io::Stderr> {
    fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr as fn() -> std::io::Stderr)
}

fn parse_filter(filter: &str) -> Result<EnvFilter> {
    EnvFilter::try_new(filter).with_context(|| format!("bad log filter {filter:?}"))
}
