//! `vta sim`: a standalone tkStrike stand-in.

use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use sim::interactive::{self, Command};

use crate::cli::{SimArgs, SimMode};

/// Sends the chosen feed to `--target`.
pub async fn run(args: SimArgs) -> Result<()> {
    let sender = match args.from {
        Some(ip) => sim::Sender::from_address((ip, 0).into(), args.target).await?,
        None => sim::Sender::new(args.target).await?,
    };
    match args.mode {
        SimMode::Play { scenario, speed } => {
            let scenario = sim::Scenario::new(scenario);
            eprintln!(
                "playing {} ({} datagrams, {:.0} s) to {}",
                scenario.name,
                scenario.steps.len(),
                scenario.duration().as_secs_f64() / speed,
                args.target
            );
            sender.play(&scenario.steps, speed, |_, _| {}).await?;
        }
        SimMode::Random {
            duration,
            seed,
            speed,
        } => {
            let steps = sim::random_steps(seed, duration);
            eprintln!(
                "sending {} random datagrams to {}",
                steps.len(),
                args.target
            );
            sender.play(&steps, speed, |_, _| {}).await?;
        }
        SimMode::Load { rate, duration } => {
            let sent = sender
                .load(&sim::load_mix(), rate, duration, |_| {})
                .await?;
            eprintln!("sent {sent} datagrams to {} at {rate}/s", args.target);
        }
        SimMode::Interactive => interactive_prompt(&sender).await?,
    }
    Ok(())
}

/// Reads commands from standard input and sends each as one datagram.
async fn interactive_prompt(sender: &sim::Sender) -> Result<()> {
    let schema = pss::Schema::v2_3();
    let (lines_tx, mut lines) = tokio::sync::mpsc::channel::<String>(16);
    // Standard input blocks, so it is read on its own thread.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if lines_tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    eprintln!("{}", interactive::HELP);
    loop {
        eprint!("pss> ");
        std::io::stderr()
            .flush()
            .context("cannot write the prompt")?;
        let Some(line) = lines.recv().await else {
            break;
        };
        let text = match interactive::parse_line(&line) {
            Ok(Command::Send(messages)) => schema.encode_datagram(&messages),
            Ok(Command::Raw(text)) => text,
            Ok(Command::Help) => {
                eprintln!("{}", interactive::HELP);
                continue;
            }
            Ok(Command::Quit) => break,
            Err(reason) => {
                eprintln!("{reason}");
                continue;
            }
        };
        sender.send_text(&text).await?;
        eprintln!("sent {text}");
    }
    Ok(())
}
