//! encode -> parse round trips for arbitrary messages of every kind.
//!
//! Texts avoid what the wire cannot carry inside a field: `;`, CR, LF, and a text that is
//! itself a stream code or a `Udp Port N connected` line.

use proptest::prelude::*;
use proptest::strategy::ValueTree;

use pss::{
    AthleteInfo, BreakAction, ChallengeBy, ChallengeStage, ClockAction, ClockTime, CountDirection,
    InjuryAction, MatchConfig, Message, PointKind, Rgb, Schema, Side, TimeFormat,
};

use crate::util::assert_covers;

fn is_wire_safe(text: &str) -> bool {
    !Schema::v2_3().codes().any(|code| code == text) && !text.starts_with("Udp Port ")
}

fn text() -> impl Strategy<Value = String> {
    "[^;\r\n]{0,12}".prop_filter("a stream code", |text| is_wire_safe(text))
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Blue), Just(Side::Red)]
}

fn time() -> impl Strategy<Value = ClockTime> {
    let format = prop_oneof![Just(TimeFormat::MinSec), Just(TimeFormat::Seconds)];
    (any::<u32>(), format).prop_map(|(seconds, format)| ClockTime { seconds, format })
}

fn rgb() -> impl Strategy<Value = Rgb> {
    any::<[u8; 3]>().prop_map(|[r, g, b]| Rgb { r, g, b })
}

/// A match number: never empty, since an `mch` without one is refused (`filled`).
fn match_number() -> impl Strategy<Value = String> {
    text().prop_filter("a match load names its match", |text| !text.is_empty())
}

fn match_config() -> impl Strategy<Value = MatchConfig> {
    let names = (match_number(), text(), text(), text(), text());
    let colours = proptest::array::uniform4(proptest::option::of(rgb()));
    let direction = proptest::option::of(prop_oneof![
        Just(CountDirection::Down),
        Just(CountDirection::Up)
    ]);
    let numbers = proptest::array::uniform5(proptest::option::of(any::<u32>()));
    (names, colours, direction, numbers).prop_map(
        |((number, phase, weight_class, match_id, division), colours, count_direction, numbers)| {
            MatchConfig {
                number,
                phase,
                weight_class,
                rounds: numbers[0],
                blue_background: colours[0],
                blue_foreground: colours[1],
                red_background: colours[2],
                red_foreground: colours[3],
                match_id,
                division,
                total_rounds: numbers[1],
                round_seconds: numbers[2],
                count_direction,
                count_up: numbers[3],
                format: numbers[4],
            }
        },
    )
}

fn challenge() -> impl Strategy<Value = Message> {
    let by = prop_oneof![
        Just(ChallengeBy::Referee),
        side().prop_map(ChallengeBy::Athlete)
    ];
    let stage = prop_oneof![
        Just(ChallengeStage::Requested),
        proptest::option::of(any::<bool>()).prop_map(|won| ChallengeStage::Accepted { won }),
        Just(ChallengeStage::Denied),
        Just(ChallengeStage::Cancelled),
    ];
    (by, stage).prop_map(|(by, stage)| Message::Challenge { by, stage })
}

fn other() -> impl Strategy<Value = Message> {
    let number = "[0-9]{1,6}".prop_map(|digits| vec![digits]);
    let sup = prop_oneof![Just(Vec::new()), number].prop_map(|fields| Message::Other {
        code: "sup".to_owned(),
        fields,
    });
    let code = prop_oneof![
        Just("ref"),
        Just("rst"),
        Just("rsr"),
        Just("hel"),
        Just("bye"),
        Just("hwt")
    ];
    let rest =
        (code, proptest::collection::vec(text(), 0..4)).prop_map(|(code, fields)| Message::Other {
            code: code.to_owned(),
            fields,
        });
    prop_oneof![sup, rest]
}

/// An arbitrary message of any kind but [`Message::Raw`].
fn message() -> impl Strategy<Value = Message> {
    let point_kind = (1u8..=5).prop_map(|code| PointKind::from_code(code).expect("1..=5"));
    let injury_action = proptest::option::of(prop_oneof![
        Just(InjuryAction::Show),
        Just(InjuryAction::Hide),
        Just(InjuryAction::Reset)
    ]);
    let break_action = proptest::option::of(prop_oneof![
        Just(BreakAction::Stop),
        Just(BreakAction::StopEnd)
    ]);
    let clock_action = proptest::option::of(prop_oneof![
        Just(ClockAction::Start),
        Just(ClockAction::Stop)
    ]);
    prop_oneof![
        (side(), point_kind).prop_map(|(side, kind)| Message::Point { side, kind }),
        (side(), 1u8..=100).prop_map(|(side, level)| Message::HitLevel { side, level }),
        (side(), any::<u32>()).prop_map(|(side, count)| Message::GamJeom { side, count }),
        (proptest::option::of(side()), time(), injury_action)
            .prop_map(|(side, time, action)| Message::Injury { side, time, action }),
        challenge(),
        (time(), break_action).prop_map(|(time, action)| Message::Break { time, action }),
        proptest::array::uniform3(proptest::option::of(side()))
            .prop_map(|rounds| Message::RoundWinners { rounds }),
        (text(), proptest::option::of(text())).prop_map(|(name, classification)| {
            Message::WinnerShown {
                name,
                classification,
            }
        }),
        side().prop_map(|side| Message::Winner { side }),
        (side(), text(), text(), text()).prop_map(|(side, short_name, long_name, ioc)| {
            Message::Athlete {
                side,
                info: AthleteInfo {
                    short_name,
                    long_name,
                    ioc,
                },
            }
        }),
        match_config().prop_map(|config| Message::MatchConfig(Box::new(config))),
        (side(), 1u8..=3, any::<u32>()).prop_map(|(side, round, score)| Message::RoundScore {
            side,
            round,
            score
        }),
        (side(), any::<u32>()).prop_map(|(side, score)| Message::TotalScore { side, score }),
        any::<u32>().prop_map(|value| Message::VideoTime { value }),
        (time(), clock_action).prop_map(|(time, action)| Message::Clock { time, action }),
        any::<u8>().prop_map(|round| Message::Round { round }),
        Just(Message::FightLoaded),
        Just(Message::FightReady),
        any::<u16>().prop_map(|port| Message::UdpConnected { port }),
        any::<u16>().prop_map(|port| Message::UdpDisconnected { port }),
        other(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn one_message_round_trips(message in message()) {
        let wire = Schema::v2_3().encode(&message);
        prop_assert!(wire.ends_with(';'), "{wire:?}");
        let parsed = pss::parse(wire.as_bytes());
        assert_covers(wire.as_bytes(), &parsed);
        prop_assert_eq!(parsed.messages, vec![message], "wire {:?}", wire);
    }

    #[test]
    fn datagrams_round_trip(messages in proptest::collection::vec(message(), 1..8)) {
        let wire = Schema::v2_3().encode_datagram(&messages);
        let parsed = pss::parse(wire.as_bytes());
        assert_covers(wire.as_bytes(), &parsed);
        prop_assert_eq!(parsed.messages, messages, "wire {:?}", wire);
    }

    #[test]
    fn lines_round_trip(messages in proptest::collection::vec(message(), 1..8)) {
        let schema = Schema::v2_3();
        let lines: Vec<String> = messages.iter().map(|message| schema.encode(message)).collect();
        let wire = lines.join("\r\n");
        let parsed = pss::parse(wire.as_bytes());
        prop_assert_eq!(parsed.messages, messages, "wire {:?}", wire);
    }
}

#[test]
fn every_kind_is_generated_and_named() {
    let kinds = [
        "point",
        "hit_level",
        "gam_jeom",
        "injury",
        "challenge",
        "break",
        "round_winners",
        "winner_shown",
        "winner",
        "athlete",
        "match_config",
        "round_score",
        "total_score",
        "video_time",
        "clock",
        "round",
        "fight_loaded",
        "fight_ready",
        "udp_connected",
        "udp_disconnected",
        "other",
    ];
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = message();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..5000 {
        let message = strategy.new_tree(&mut runner).expect("a message").current();
        seen.insert(message.kind());
    }
    assert_eq!(seen, kinds.into_iter().collect());
}
