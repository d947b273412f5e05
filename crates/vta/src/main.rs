//! `vta`: the one binary of reStrike VTA. `main` only turns the outcome of [`run`] into an exit
//! status; each subcommand is a function in `commands/`.

mod cli;
mod commands;
mod config;
mod launcher;
mod lock;
mod logging;
mod service;

use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{BenchCommand, Cli, Command};
use crate::config::ExplicitFlags;

fn main() -> ExitCode {
    // Before any thread starts: the token leaves the environment, so no child inherits it.
    launcher::take_token_from_env();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses the command line and runs the subcommand on a tokio runtime.
fn run() -> Result<()> {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    // Which settings flags were typed, so they win over the stored settings for this run.
    let explicit = ExplicitFlags::of_subcommand(&matches);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Run(args) => commands::run::run(args, explicit).await,
            Command::Demo(args) => commands::demo::run(args, explicit).await,
            Command::Sim(args) => {
                logging::init_console("warn")?;
                commands::sim::run(args).await
            }
            Command::Matches(args) => commands::query::matches(args),
            Command::Events(args) => commands::query::events(args),
            Command::Obs(args) => {
                logging::init_console("warn")?;
                commands::obs::run(args).await
            }
            Command::Licence(args) => commands::licence::run(args),
            Command::Auth(args) => commands::auth::run(args),
            Command::Audit(args) => commands::auth::audit(args),
            Command::Secrets(args) => commands::secrets::run(args),
            Command::Config(args) => commands::config::run(args),
            Command::Tournaments(command) => commands::organiser::tournaments(command),
            Command::Days(command) => commands::organiser::days(command),
            Command::Analytics(command) => commands::analytics::run(command),
            Command::Replay(args) => {
                logging::init_console("warn")?;
                commands::replay::run(args).await
            }
            Command::Bench(BenchCommand::Analytics {
                seed,
                days,
                courts,
                matches_per_court,
                reads,
                data_dir,
            }) => {
                logging::init_console("warn")?;
                let plan = sim::TournamentPlan {
                    days,
                    courts,
                    matches_per_court,
                    athletes: 256,
                    seed,
                };
                commands::bench_analytics::run(plan, reads, data_dir).await
            }
            Command::Bench(BenchCommand::Ingest {
                rate,
                duration,
                data_dir,
            }) => {
                logging::init_console("warn")?;
                commands::bench::ingest(rate, duration, data_dir).await
            }
            Command::Bench(BenchCommand::Ivr {
                n,
                fill,
                mpv,
                mpv_args,
                obs_script,
                keep,
                exact_start,
                no_boost,
            }) => {
                logging::init_console("warn")?;
                let args = commands::bench_ivr::IvrBenchArgs {
                    n,
                    fill,
                    mpv,
                    mpv_args,
                    obs_script,
                    keep,
                    exact_start,
                    boost: !no_boost,
                };
                commands::bench_ivr::ivr(args).await
            }
        }
    })
}
