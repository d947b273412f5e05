//! The interactive prompt's language: wire text as it is, or a short command for a person.

use pss::{ChallengeBy, ChallengeStage, Message, PointKind, Side};

/// What one line typed at the prompt asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Send these messages as one datagram.
    Send(Vec<Message>),
    /// Send this wire text exactly as typed.
    Raw(String),
    /// Print the help text.
    Help,
    /// Leave the prompt.
    Quit,
}

/// Help text for the prompt.
pub const HELP: &str = "\
commands:
  point blue|red 1..5     a point (1 punch, 2 body, 3 head, 4 turning body, 5 turning head)
  hit blue|red 1..100     a sensor hit level
  gamjeom blue|red N      gam-jeom count
  challenge blue|red|referee [accept|deny|cancel] [won|lost]
  clock M:SS [start|stop] the match clock
  round N                 the current round
  load | ready            pre;FightLoaded / rdy;FightReady
  winner blue|red         win;BLUE / win;RED
  help | quit
anything else containing ';' is sent as wire text, e.g. sc1;3;sc2;0;";

/// Reads one prompt line.
pub fn parse_line(line: &str) -> Result<Command, String> {
    let line = line.trim();
    if line.contains(';') {
        return Ok(Command::Raw(line.to_owned()));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let side = |idx: usize| -> Result<Side, String> {
        match words.get(idx).copied() {
            Some("blue" | "1") => Ok(Side::Blue),
            Some("red" | "2") => Ok(Side::Red),
            other => Err(format!("expected blue or red, got {other:?}")),
        }
    };
    let number = |idx: usize| -> Result<u32, String> {
        words
            .get(idx)
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| format!("expected a number after {:?}", words.first()))
    };
    let message = match words.first().copied() {
        None | Some("help" | "?") => return Ok(Command::Help),
        Some("quit" | "exit" | "q") => return Ok(Command::Quit),
        Some("point") => {
            let code = number(2)?;
            let kind = u8::try_from(code)
                .ok()
                .and_then(PointKind::from_code)
                .ok_or_else(|| format!("point kind {code} not in 1..5"))?;
            Message::Point {
                side: side(1)?,
                kind,
            }
        }
        Some("hit") => Message::HitLevel {
            side: side(1)?,
            level: u8::try_from(number(2)?).map_err(|_| "hit level above 255".to_owned())?,
        },
        Some("gamjeom") => Message::GamJeom {
            side: side(1)?,
            count: number(2)?,
        },
        Some("challenge") => {
            let by = match words.get(1).copied() {
                Some("referee" | "0") => ChallengeBy::Referee,
                _ => ChallengeBy::Athlete(side(1)?),
            };
            let won = match words.get(3).copied() {
                Some("won") => Some(true),
                Some("lost") => Some(false),
                _ => None,
            };
            let stage = match words.get(2).copied() {
                None => ChallengeStage::Requested,
                Some("accept") => ChallengeStage::Accepted { won },
                Some("deny") => ChallengeStage::Denied,
                Some("cancel") => ChallengeStage::Cancelled,
                Some(other) => return Err(format!("unknown challenge stage {other:?}")),
            };
            Message::Challenge { by, stage }
        }
        Some("clock") => {
            let text = words.get(1).ok_or("expected a time such as 1:59")?;
            let (minutes, seconds) = text.split_once(':').ok_or("time must look like 1:59")?;
            let minutes: u32 = minutes.parse().map_err(|_| "bad minutes".to_owned())?;
            let seconds: u32 = seconds.parse().map_err(|_| "bad seconds".to_owned())?;
            if seconds >= 60 {
                return Err("seconds must be below 60".into());
            }
            let action = match words.get(2).copied() {
                None => None,
                Some("start") => Some(pss::ClockAction::Start),
                Some("stop") => Some(pss::ClockAction::Stop),
                Some(other) => return Err(format!("unknown clock action {other:?}")),
            };
            Message::Clock {
                time: pss::ClockTime::min_sec(minutes * 60 + seconds),
                action,
            }
        }
        Some("round") => Message::Round {
            round: u8::try_from(number(1)?).map_err(|_| "round above 255".to_owned())?,
        },
        Some("load") => Message::FightLoaded,
        Some("ready") => Message::FightReady,
        Some("winner") => Message::Winner { side: side(1)? },
        Some(other) => return Err(format!("unknown command {other:?}; type help")),
    };
    Ok(Command::Send(vec![message]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_become_messages() {
        assert_eq!(
            parse_line("point red 3"),
            Ok(Command::Send(vec![Message::Point {
                side: Side::Red,
                kind: PointKind::Head
            }]))
        );
        assert_eq!(
            parse_line("challenge blue accept won"),
            Ok(Command::Send(vec![Message::Challenge {
                by: ChallengeBy::Athlete(Side::Blue),
                stage: ChallengeStage::Accepted { won: Some(true) }
            }]))
        );
        assert_eq!(parse_line("sc1;3;"), Ok(Command::Raw("sc1;3;".into())));
        assert_eq!(parse_line("quit"), Ok(Command::Quit));
        assert!(parse_line("point green 3").is_err());
        assert!(parse_line("clock 1:60").is_err());
        assert!(parse_line("point blue 9").is_err());
    }
}
