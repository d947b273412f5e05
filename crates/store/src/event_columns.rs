//! How one parsed message is laid out in an `events` row: its kind, side and value as query
//! columns, and the rest as a small JSON object in `data`.
//!
//! The hot messages (clock ticks, hit levels, points, scores) need no JSON or a fixed string,
//! so writing them costs no serialisation; only rare messages with names or free text go
//! through `serde_json`.
//!
//! | kind | side | value | data |
//! |---|---|---|---|
//! | `point` | scorer | kind code 1..5 | `{"point":"head"}` |
//! | `hit_level` | hitter | level | — |
//! | `gam_jeom` | athlete | count | — |
//! | `injury` | athlete or — for `ij0` | seconds | `{"action":"show"}` when sent |
//! | `challenge` | `blue`, `red` or `referee` | — | `{"stage":"accepted","won":true}` |
//! | `break` | — | seconds | `{"action":"stop"}` when sent |
//! | `round_winners` | — | — | `{"rounds":["blue",null,"red"]}` |
//! | `winner_shown` | — | — | `{"name":..,"classification":..}` |
//! | `winner` | winner | — | — |
//! | `athlete` | athlete | — | `{"short_name":..,"long_name":..,"ioc":..}` |
//! | `match_config` | — | — | every `mch` field by name |
//! | `round_score` | athlete | score | `{"round":n}` |
//! | `total_score` | athlete | score | — |
//! | `video_time` | — | value | — |
//! | `clock` | — | seconds | `{"action":"start"}` when sent |
//! | `round` | — | round | — |
//! | `udp_connected`, `udp_disconnected` | — | port | — |
//! | `other` | — | — | `{"code":..,"fields":[..]}` |
//! | `raw` | — | — | `{"text":..,"reason":..}` |
//! | `fight_loaded`, `fight_ready` | — | — | — |

use std::borrow::Cow;

use pss::{
    BreakAction, ChallengeStage, ClockAction, CountDirection, InjuryAction, MatchConfig, Message,
    Rgb, Side,
};
use serde_json::{json, Value};

/// The columns of one `events` row that come from the message itself; public so that live
/// views (the server's WebSocket) show a message exactly as it will be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct EventColumns {
    /// [`Message::kind`].
    pub kind: &'static str,
    /// `blue`, `red`, `referee` (challenges only) or none.
    pub side: Option<&'static str>,
    /// The number queries filter on; see the table above.
    pub value: Option<i64>,
    /// The rest, as a JSON object.
    pub data: Option<Cow<'static, str>>,
}

impl EventColumns {
    /// Lays out `message`.
    pub fn of(message: &Message) -> EventColumns {
        let side = match message {
            Message::Challenge { by, .. } => Some(by.as_str()),
            _ => message.side().map(Side::as_str),
        };
        let (value, data) = value_and_data(message);
        EventColumns {
            kind: message.kind(),
            side,
            value,
            data,
        }
    }
}

fn value_and_data(message: &Message) -> (Option<i64>, Option<Cow<'static, str>>) {
    match message {
        Message::Point { kind, .. } => (
            Some(kind.code().into()),
            Some(Cow::Borrowed(point_data(kind.code()))),
        ),
        Message::HitLevel { level, .. } => (Some((*level).into()), None),
        Message::GamJeom { count, .. } => (Some((*count).into()), None),
        Message::Injury { time, action, .. } => (
            Some(time.seconds.into()),
            action.map(|action| Cow::Borrowed(injury_data(action))),
        ),
        Message::Challenge { stage, .. } => (None, Some(Cow::Borrowed(challenge_data(*stage)))),
        Message::Break { time, action } => (
            Some(time.seconds.into()),
            action.map(|action| Cow::Borrowed(break_data(action))),
        ),
        Message::RoundWinners { rounds } => {
            let rounds: Vec<Option<&str>> =
                rounds.iter().map(|side| side.map(Side::as_str)).collect();
            (None, Some(to_json(json!({ "rounds": rounds }))))
        }
        Message::WinnerShown {
            name,
            classification,
        } => (
            None,
            Some(to_json(
                json!({ "name": name, "classification": classification }),
            )),
        ),
        Message::Winner { .. } | Message::FightLoaded | Message::FightReady => (None, None),
        Message::Athlete { info, .. } => (
            None,
            Some(to_json(json!({
                "short_name": info.short_name,
                "long_name": info.long_name,
                "ioc": info.ioc,
            }))),
        ),
        Message::MatchConfig(config) => (None, Some(to_json(match_config_data(config)))),
        Message::RoundScore { round, score, .. } => {
            (Some((*score).into()), Some(round_score_data(*round)))
        }
        Message::TotalScore { score, .. } => (Some((*score).into()), None),
        Message::VideoTime { value } => (Some((*value).into()), None),
        Message::Clock { time, action } => (
            Some(time.seconds.into()),
            action.map(|action| Cow::Borrowed(clock_data(action))),
        ),
        Message::Round { round } => (Some((*round).into()), None),
        Message::UdpConnected { port } | Message::UdpDisconnected { port } => {
            (Some((*port).into()), None)
        }
        Message::Other { code, fields } => (
            None,
            Some(to_json(json!({ "code": code, "fields": fields }))),
        ),
        Message::Raw { text, reason } => (
            None,
            Some(to_json(json!({ "text": text, "reason": reason }))),
        ),
    }
}

fn point_data(code: u8) -> &'static str {
    match code {
        1 => r#"{"point":"punch"}"#,
        2 => r#"{"point":"body"}"#,
        3 => r#"{"point":"head"}"#,
        4 => r#"{"point":"technical_body"}"#,
        _ => r#"{"point":"technical_head"}"#,
    }
}

fn round_score_data(round: u8) -> Cow<'static, str> {
    match round {
        1 => Cow::Borrowed(r#"{"round":1}"#),
        2 => Cow::Borrowed(r#"{"round":2}"#),
        3 => Cow::Borrowed(r#"{"round":3}"#),
        4 => Cow::Borrowed(r#"{"round":4}"#),
        _ => Cow::Owned(format!("{{\"round\":{round}}}")),
    }
}

fn injury_data(action: InjuryAction) -> &'static str {
    match action {
        InjuryAction::Show => r#"{"action":"show"}"#,
        InjuryAction::Hide => r#"{"action":"hide"}"#,
        InjuryAction::Reset => r#"{"action":"reset"}"#,
    }
}

fn break_data(action: BreakAction) -> &'static str {
    match action {
        BreakAction::Stop => r#"{"action":"stop"}"#,
        BreakAction::StopEnd => r#"{"action":"stop_end"}"#,
    }
}

fn clock_data(action: ClockAction) -> &'static str {
    match action {
        ClockAction::Start => r#"{"action":"start"}"#,
        ClockAction::Stop => r#"{"action":"stop"}"#,
    }
}

fn challenge_data(stage: ChallengeStage) -> &'static str {
    match stage {
        ChallengeStage::Requested => r#"{"stage":"requested"}"#,
        ChallengeStage::Accepted { won: None } => r#"{"stage":"accepted","won":null}"#,
        ChallengeStage::Accepted { won: Some(true) } => r#"{"stage":"accepted","won":true}"#,
        ChallengeStage::Accepted { won: Some(false) } => r#"{"stage":"accepted","won":false}"#,
        ChallengeStage::Denied => r#"{"stage":"denied"}"#,
        ChallengeStage::Cancelled => r#"{"stage":"cancelled"}"#,
    }
}

fn match_config_data(config: &MatchConfig) -> Value {
    json!({
        "number": config.number,
        "phase": config.phase,
        "weight_class": config.weight_class,
        "rounds": config.rounds,
        "blue_background": config.blue_background.map(rgb_text),
        "blue_foreground": config.blue_foreground.map(rgb_text),
        "red_background": config.red_background.map(rgb_text),
        "red_foreground": config.red_foreground.map(rgb_text),
        "match_id": config.match_id,
        "division": config.division,
        "total_rounds": config.total_rounds,
        "round_seconds": config.round_seconds,
        "count_direction": config.count_direction.map(count_direction_text),
        "count_up": config.count_up,
        "format": config.format,
    })
}

/// `#rrggbb`, lower case, as stored everywhere.
pub(crate) fn rgb_text(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb.r, rgb.g, rgb.b)
}

/// The stored spelling of a count direction: `down` or `up`.
pub(crate) fn count_direction_text(direction: CountDirection) -> &'static str {
    match direction {
        CountDirection::Down => "down",
        CountDirection::Up => "up",
    }
}

fn to_json(value: Value) -> Cow<'static, str> {
    Cow::Owned(value.to_string())
}

#[cfg(test)]
mod tests {
    use pss::{AthleteInfo, ChallengeBy, ClockTime, PointKind};

    use super::*;

    fn data(message: &Message) -> Option<Value> {
        EventColumns::of(message)
            .data
            .map(|text| serde_json::from_str(&text).expect("valid JSON"))
    }

    #[test]
    fn point_keeps_kind_as_value_and_name() {
        let columns = EventColumns::of(&Message::Point {
            side: Side::Red,
            kind: PointKind::TechnicalHead,
        });
        assert_eq!(columns.kind, "point");
        assert_eq!(columns.side, Some("red"));
        assert_eq!(columns.value, Some(5));
        assert_eq!(
            data(&Message::Point {
                side: Side::Red,
                kind: PointKind::Punch
            }),
            Some(json!({"point": "punch"}))
        );
    }

    #[test]
    fn clock_tick_has_no_data() {
        let tick = Message::Clock {
            time: ClockTime::min_sec(83),
            action: None,
        };
        assert_eq!(
            EventColumns::of(&tick),
            EventColumns {
                kind: "clock",
                side: None,
                value: Some(83),
                data: None
            }
        );
    }

    #[test]
    fn referee_challenge_is_stored_with_side_referee() {
        let message = Message::Challenge {
            by: ChallengeBy::Referee,
            stage: ChallengeStage::Accepted { won: Some(false) },
        };
        let columns = EventColumns::of(&message);
        assert_eq!(columns.side, Some("referee"));
        assert_eq!(
            data(&message),
            Some(json!({"stage": "accepted", "won": false}))
        );
    }

    #[test]
    fn names_are_escaped_json() {
        let info = AthleteInfo {
            short_name: "A. \"Q\"".into(),
            long_name: "Anna Müller\\".into(),
            ioc: "GER".into(),
        };
        let message = Message::Athlete {
            side: Side::Blue,
            info,
        };
        assert_eq!(
            data(&message),
            Some(json!({"short_name": "A. \"Q\"", "long_name": "Anna Müller\\", "ioc": "GER"}))
        );
    }

    #[test]
    fn every_fixed_data_string_is_valid_json() {
        let stages = [
            ChallengeStage::Requested,
            ChallengeStage::Accepted { won: None },
            ChallengeStage::Accepted { won: Some(true) },
            ChallengeStage::Accepted { won: Some(false) },
            ChallengeStage::Denied,
            ChallengeStage::Cancelled,
        ];
        let texts = (1..=5)
            .map(point_data)
            .chain([InjuryAction::Show, InjuryAction::Hide, InjuryAction::Reset].map(injury_data))
            .chain([BreakAction::Stop, BreakAction::StopEnd].map(break_data))
            .chain([ClockAction::Start, ClockAction::Stop].map(clock_data))
            .chain(stages.map(challenge_data));
        for text in texts {
            serde_json::from_str::<Value>(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        }
    }

    #[test]
    fn round_score_data_names_its_round() {
        for round in 0..=9 {
            let text = round_score_data(round);
            let data: Value = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(data, json!({ "round": round }));
        }
    }
}
