//! The demo's live one-line scoreboard, drawn from bus events.

use std::io::{IsTerminal, Write};

use app::bus::AppEvent;
use match_state::{DomainEvent, MatchState};
use pss::Side;
use tokio::sync::broadcast;

/// One line that says where the match stands.
pub fn line(state: &MatchState) -> String {
    let clock = state.clock.map_or("-:--".to_owned(), |clock| {
        format!("{}:{:02}", clock.seconds / 60, clock.seconds % 60)
    });
    let running = if state.clock_running { '>' } else { '|' };
    let round = if state.is_golden_round() {
        "GR".to_owned()
    } else {
        format!("R{}", state.round)
    };
    let side = |side: Side| {
        let part = state.side(side);
        let name = part.athlete.as_ref().map_or("?", |a| a.short_name.as_str());
        let ioc = part.athlete.as_ref().map_or("", |a| a.ioc.as_str());
        format!("{name} {ioc} {:>2} gj{}", part.score, part.gam_jeom)
    };
    let number = state.config.as_ref().map_or("-", |c| c.number.as_str());
    let mut text = format!(
        "#{number} {round} {clock}{running}  BLUE {}  :  RED {}  [{}]",
        side(Side::Blue),
        side(Side::Red),
        state.phase.as_str()
    );
    if let Some(open) = state.challenges.iter().rev().find(|c| c.is_open()) {
        text.push_str(&format!("  CHALLENGE {}", open.by.as_str()));
    }
    if let Some(winner) = state.winner {
        text.push_str(&format!("  WINNER {}", winner.as_str()));
    }
    text
}

/// Prints the scoreboard as the match changes until the bus closes. On a terminal the line is
/// redrawn in place; elsewhere a line is printed only when something other than the clock
/// changed, so a captured log stays readable.
pub async fn print(mut events: broadcast::Receiver<AppEvent>) {
    let terminal = std::io::stdout().is_terminal();
    let mut last_line = String::new();
    loop {
        let parsed = match events.recv().await {
            Ok(AppEvent::EventParsed(parsed)) => parsed,
            Ok(_) => continue,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => break,
        };
        let Some(state) = &parsed.state else { continue };
        let only_ticks = parsed
            .domain_events
            .iter()
            .all(|e| matches!(e, DomainEvent::ClockTick { .. }));
        let text = line(state);
        if text == last_line || (!terminal && only_ticks) {
            continue;
        }
        let mut out = std::io::stdout().lock();
        let _ = if terminal {
            write!(out, "\r\x1b[2K{text}")
        } else {
            writeln!(out, "{text}")
        };
        last_line = text;
        let _ = out.flush();
    }
}
