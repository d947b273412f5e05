//! Between schema fields and typed messages: building a [`Message`] from the values of one
//! stream, and reading a message's values back out for the encoder.
//!
//! Fields are found through the stream's slots (the field positions of the names its kind
//! reads), so a schema may reorder or rename codes without this module knowing.

use crate::kind::{Kind, SideRule};
use crate::message::{
    AthleteInfo, BreakAction, ChallengeBy, ChallengeStage, ClockAction, ClockTime, CountDirection,
    InjuryAction, MatchConfig, Message, PointKind, Rgb, Side,
};
use crate::parse::Value;
use crate::schema::Stream;

/// One typed value as the encoder writes it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wire<'m> {
    Int(i64),
    Text(&'m str),
    Time(ClockTime),
    Colour(Rgb),
    /// The index of the enum word.
    Word(usize),
}

/// The message of a `line` pattern.
pub(crate) fn line_message(kind: Kind, port: u16) -> Message {
    match kind {
        Kind::UdpDisconnected => Message::UdpDisconnected { port },
        _ => Message::UdpConnected { port },
    }
}

/// The values of one stream, looked up by the name its kind reads.
struct Fields<'v, 'a> {
    stream: &'v Stream,
    values: &'v [Value<'a>],
}

impl<'a> Fields<'_, 'a> {
    fn value(&self, slot: usize) -> Value<'a> {
        self.stream
            .slots
            .get(slot)
            .and_then(|index| self.values.get(*index))
            .copied()
            .unwrap_or(Value::Absent)
    }

    fn name(&self, slot: usize) -> String {
        self.stream
            .kind
            .slots()
            .get(slot)
            .map_or("field", |slot| slot.name)
            .replace('_', " ")
    }

    fn int(&self, slot: usize) -> Option<i64> {
        match self.value(slot) {
            Value::Int(number) => Some(number),
            _ => None,
        }
    }

    /// A number that must fit the typed field, e.g. a `u8` hit level.
    fn number<T: TryFrom<i64>>(&self, slot: usize) -> Result<Option<T>, String> {
        match self.int(slot) {
            None => Ok(None),
            Some(number) => T::try_from(number).map(Some).map_err(|_| {
                format!(
                    "{}: {} {number} out of range",
                    self.stream.code,
                    self.name(slot)
                )
            }),
        }
    }

    fn required<T: TryFrom<i64>>(&self, slot: usize) -> Result<T, String> {
        self.number(slot)?
            .ok_or_else(|| format!("{}: missing {}", self.stream.code, self.name(slot)))
    }

    fn text(&self, slot: usize) -> Option<String> {
        match self.value(slot) {
            Value::Text(text) => Some(text.to_owned()),
            _ => None,
        }
    }

    fn time(&self, slot: usize) -> Result<ClockTime, String> {
        match self.value(slot) {
            Value::Time(time) => Ok(time),
            _ => Err(format!("{}: missing {}", self.stream.code, self.name(slot))),
        }
    }

    fn colour(&self, slot: usize) -> Option<Rgb> {
        match self.value(slot) {
            Value::Colour(colour) => Some(colour),
            _ => None,
        }
    }

    fn word<T: Copy>(&self, slot: usize, typed: &[T]) -> Option<T> {
        match self.value(slot) {
            Value::Word(index) => typed.get(index).copied(),
            _ => None,
        }
    }

    fn side(&self) -> Result<Side, String> {
        self.stream
            .side
            .ok_or_else(|| format!("{}: the stream names no athlete", self.stream.code))
    }

    fn fault(&self, what: String) -> String {
        format!("{}: {what}", self.stream.code)
    }
}

/// Builds the typed message of one stream; the error is the reason for a [`Message::Raw`].
///
/// `tokens` are the stream's fields as sent, for kind `other`.
pub(crate) fn build(
    stream: &Stream,
    values: &[Value<'_>],
    tokens: &[&str],
) -> Result<Message, String> {
    let fields = Fields { stream, values };
    Ok(match stream.kind {
        Kind::Point => {
            let code: i64 = fields.required(0)?;
            let kind = u8::try_from(code).ok().and_then(PointKind::from_code);
            let kind =
                kind.ok_or_else(|| fields.fault(format!("point kind {code} not in 1..5")))?;
            Message::Point {
                side: fields.side()?,
                kind,
            }
        }
        Kind::HitLevel => Message::HitLevel {
            side: fields.side()?,
            level: fields.required(0)?,
        },
        Kind::GamJeom => Message::GamJeom {
            side: fields.side()?,
            count: fields.required(0)?,
        },
        Kind::Injury => Message::Injury {
            side: stream.side,
            time: fields.time(0)?,
            action: fields.word(
                1,
                &[InjuryAction::Show, InjuryAction::Hide, InjuryAction::Reset],
            ),
        },
        Kind::Challenge => {
            let by = stream
                .side
                .map_or(ChallengeBy::Referee, ChallengeBy::Athlete);
            let won = match fields.int(1) {
                None => None,
                Some(0) => Some(false),
                Some(1) => Some(true),
                Some(other) => return Err(fields.fault(format!("won {other} not in 0..1"))),
            };
            let stage = match (fields.int(0), won) {
                (None, _) => ChallengeStage::Requested,
                (Some(1), won) => ChallengeStage::Accepted { won },
                (Some(0), None) => ChallengeStage::Denied,
                (Some(-1), None) => ChallengeStage::Cancelled,
                (Some(0 | -1), Some(_)) => {
                    return Err(fields.fault("won given for a challenge not accepted".to_owned()))
                }
                (Some(other), _) => {
                    return Err(fields.fault(format!("decision {other} not in -1..1")))
                }
            };
            Message::Challenge { by, stage }
        }
        Kind::Break => Message::Break {
            time: fields.time(0)?,
            action: fields.word(1, &[BreakAction::Stop, BreakAction::StopEnd]),
        },
        Kind::RoundWinners => {
            let mut rounds = [None; 3];
            for (slot, round) in rounds.iter_mut().enumerate() {
                *round = match fields.int(slot) {
                    Some(0) | None => None,
                    Some(1) => Some(Side::Blue),
                    Some(2) => Some(Side::Red),
                    Some(other) => {
                        let name = fields.name(slot);
                        return Err(fields.fault(format!("{name} winner {other} not in 0..2")));
                    }
                };
            }
            Message::RoundWinners { rounds }
        }
        Kind::WinnerShown => Message::WinnerShown {
            name: fields.text(0).unwrap_or_default(),
            classification: fields.text(1),
        },
        Kind::Winner => {
            let side = fields.word(0, &[Side::Blue, Side::Red]);
            Message::Winner {
                side: side.ok_or_else(|| fields.fault("missing side".to_owned()))?,
            }
        }
        Kind::Athlete => Message::Athlete {
            side: fields.side()?,
            info: AthleteInfo {
                short_name: fields.text(0).unwrap_or_default(),
                long_name: fields.text(1).unwrap_or_default(),
                ioc: fields.text(2).unwrap_or_default(),
            },
        },
        Kind::MatchConfig => Message::MatchConfig(Box::new(MatchConfig {
            number: fields.text(0).unwrap_or_default(),
            phase: fields.text(1).unwrap_or_default(),
            weight_class: fields.text(2).unwrap_or_default(),
            rounds: fields.number(3)?,
            blue_background: fields.colour(4),
            blue_foreground: fields.colour(5),
            red_background: fields.colour(6),
            red_foreground: fields.colour(7),
            match_id: fields.text(8).unwrap_or_default(),
            division: fields.text(9).unwrap_or_default(),
            total_rounds: fields.number(10)?,
            round_seconds: fields.number(11)?,
            count_direction: fields.word(12, &[CountDirection::Down, CountDirection::Up]),
            count_up: fields.number(13)?,
            format: fields.number(14)?,
        })),
        Kind::RoundScore => Message::RoundScore {
            side: fields.side()?,
            round: stream.round,
            score: fields.required(0)?,
        },
        Kind::TotalScore => Message::TotalScore {
            side: fields.side()?,
            score: fields.required(0)?,
        },
        Kind::VideoTime => Message::VideoTime {
            value: fields.required(0)?,
        },
        Kind::Clock => Message::Clock {
            time: fields.time(0)?,
            action: fields.word(1, &[ClockAction::Start, ClockAction::Stop]),
        },
        Kind::Round => Message::Round {
            round: fields.required(0)?,
        },
        Kind::FightLoaded => Message::FightLoaded,
        Kind::FightReady => Message::FightReady,
        Kind::UdpConnected | Kind::UdpDisconnected | Kind::Other => Message::Other {
            code: stream.code.clone(),
            fields: tokens.iter().map(|token| (*token).to_owned()).collect(),
        },
    })
}

/// Which stream a typed message is written as: its kind, side and round.
pub(crate) fn stream_key(message: &Message) -> Option<(Kind, Option<Side>, u8)> {
    let kind = match message {
        Message::Point { .. } => Kind::Point,
        Message::HitLevel { .. } => Kind::HitLevel,
        Message::GamJeom { .. } => Kind::GamJeom,
        Message::Injury { .. } => Kind::Injury,
        Message::Challenge { .. } => Kind::Challenge,
        Message::Break { .. } => Kind::Break,
        Message::RoundWinners { .. } => Kind::RoundWinners,
        Message::WinnerShown { .. } => Kind::WinnerShown,
        Message::Winner { .. } => Kind::Winner,
        Message::Athlete { .. } => Kind::Athlete,
        Message::MatchConfig(_) => Kind::MatchConfig,
        Message::RoundScore { side, round, .. } => {
            return Some((Kind::RoundScore, Some(*side), *round))
        }
        Message::TotalScore { .. } => Kind::TotalScore,
        Message::VideoTime { .. } => Kind::VideoTime,
        Message::Clock { .. } => Kind::Clock,
        Message::Round { .. } => Kind::Round,
        Message::FightLoaded => Kind::FightLoaded,
        Message::FightReady => Kind::FightReady,
        Message::UdpConnected { .. }
        | Message::UdpDisconnected { .. }
        | Message::Other { .. }
        | Message::Raw { .. } => return None,
    };
    // `win;BLUE` names its side in a field, not in the stream code.
    let side = match kind.side_rule() {
        SideRule::Forbidden => None,
        SideRule::Required | SideRule::Optional => message.side(),
    };
    Some((kind, side, 0))
}

/// The value a typed message holds for slot `slot` of its kind; `None` when it is absent.
pub(crate) fn slot_value(message: &Message, slot: usize) -> Option<Wire<'_>> {
    let int = |number: u32| Some(Wire::Int(i64::from(number)));
    match (message, slot) {
        (Message::Point { kind, .. }, 0) => Some(Wire::Int(i64::from(kind.code()))),
        (Message::HitLevel { level, .. }, 0) => Some(Wire::Int(i64::from(*level))),
        (Message::GamJeom { count, .. }, 0) => int(*count),
        (Message::Injury { time, .. }, 0)
        | (Message::Break { time, .. }, 0)
        | (Message::Clock { time, .. }, 0) => Some(Wire::Time(*time)),
        (Message::Injury { action, .. }, 1) => action.map(|action| {
            Wire::Word(match action {
                InjuryAction::Show => 0,
                InjuryAction::Hide => 1,
                InjuryAction::Reset => 2,
            })
        }),
        (Message::Challenge { stage, .. }, 0) => match stage {
            ChallengeStage::Requested => None,
            ChallengeStage::Accepted { .. } => Some(Wire::Int(1)),
            ChallengeStage::Denied => Some(Wire::Int(0)),
            ChallengeStage::Cancelled => Some(Wire::Int(-1)),
        },
        (
            Message::Challenge {
                stage: ChallengeStage::Accepted { won },
                ..
            },
            1,
        ) => won.map(|won| Wire::Int(i64::from(won))),
        (Message::Break { action, .. }, 1) => action.map(|action| {
            Wire::Word(match action {
                BreakAction::Stop => 0,
                BreakAction::StopEnd => 1,
            })
        }),
        (Message::Clock { action, .. }, 1) => action.map(|action| {
            Wire::Word(match action {
                ClockAction::Start => 0,
                ClockAction::Stop => 1,
            })
        }),
        (Message::RoundWinners { rounds }, slot) => rounds
            .get(slot)
            .map(|winner| Wire::Int(winner.map_or(0, |side| i64::from(side.wire_digit())))),
        (Message::WinnerShown { name, .. }, 0) => Some(Wire::Text(name)),
        (Message::WinnerShown { classification, .. }, 1) => {
            classification.as_deref().map(Wire::Text)
        }
        (Message::Winner { side }, 0) => Some(Wire::Word(usize::from(side.wire_digit() - 1))),
        (Message::Athlete { info, .. }, 0) => Some(Wire::Text(&info.short_name)),
        (Message::Athlete { info, .. }, 1) => Some(Wire::Text(&info.long_name)),
        (Message::Athlete { info, .. }, 2) => Some(Wire::Text(&info.ioc)),
        (Message::MatchConfig(config), slot) => match_config_value(config, slot),
        (Message::RoundScore { score, .. }, 0) | (Message::TotalScore { score, .. }, 0) => {
            int(*score)
        }
        (Message::VideoTime { value }, 0) => int(*value),
        (Message::Round { round }, 0) => Some(Wire::Int(i64::from(*round))),
        _ => None,
    }
}

/// The `mch` fields in slot order.
fn match_config_value(config: &MatchConfig, slot: usize) -> Option<Wire<'_>> {
    let int = |number: Option<u32>| number.map(|number| Wire::Int(i64::from(number)));
    match slot {
        0 => Some(Wire::Text(&config.number)),
        1 => Some(Wire::Text(&config.phase)),
        2 => Some(Wire::Text(&config.weight_class)),
        3 => int(config.rounds),
        4 => config.blue_background.map(Wire::Colour),
        5 => config.blue_foreground.map(Wire::Colour),
        6 => config.red_background.map(Wire::Colour),
        7 => config.red_foreground.map(Wire::Colour),
        8 => Some(Wire::Text(&config.match_id)),
        9 => Some(Wire::Text(&config.division)),
        10 => int(config.total_rounds),
        11 => int(config.round_seconds),
        12 => config.count_direction.map(|direction| {
            Wire::Word(match direction {
                CountDirection::Down => 0,
                CountDirection::Up => 1,
            })
        }),
        13 => int(config.count_up),
        14 => int(config.format),
        _ => None,
    }
}
