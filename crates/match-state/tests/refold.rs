//! Property tests: any message sequence folds without panic, refolds to an equal state, and a
//! re-sent message (other than a point, a hit or a load) changes nothing.

use match_state::{DomainEvent, MatchState};
use proptest::prelude::*;
use pss::{
    AthleteInfo, BreakAction, ChallengeBy, ChallengeStage, ClockAction, ClockTime, InjuryAction,
    Message, PointKind, Side, TimeFormat,
};

use crate::util::*;

fn side() -> impl Strategy<Value = Side> + Clone {
    prop_oneof![Just(Side::Blue), Just(Side::Red)]
}

/// Small ranges, so that repeats and collisions (same score, same time) are frequent.
fn clock_time() -> impl Strategy<Value = ClockTime> {
    (
        0u32..6,
        prop_oneof![Just(TimeFormat::MinSec), Just(TimeFormat::Seconds)],
    )
        .prop_map(|(seconds, format)| ClockTime { seconds, format })
}

fn challenge_by() -> impl Strategy<Value = ChallengeBy> {
    prop_oneof![
        Just(ChallengeBy::Referee),
        side().prop_map(ChallengeBy::Athlete)
    ]
}

fn challenge_stage() -> impl Strategy<Value = ChallengeStage> {
    prop_oneof![
        Just(ChallengeStage::Requested),
        proptest::option::of(any::<bool>()).prop_map(|won| ChallengeStage::Accepted { won }),
        Just(ChallengeStage::Denied),
        Just(ChallengeStage::Cancelled),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("N. DESMOND".to_owned()),
        Just("Nicolas DESMOND".to_owned()),
        Just("M. THIBAULT".to_owned()),
        Just("Müller".to_owned()),
    ]
}

fn athlete() -> impl Strategy<Value = AthleteInfo> {
    (
        name(),
        name(),
        prop_oneof![Just("MRN"), Just("SUI"), Just("")],
    )
        .prop_map(|(short_name, long_name, ioc)| AthleteInfo {
            short_name,
            long_name,
            ioc: ioc.to_owned(),
        })
}

/// Any message the parser can produce, every variant reachable.
fn message() -> impl Strategy<Value = Message> {
    let round_winner = proptest::option::of(side());
    prop_oneof![
        (side(), 1u8..=5).prop_map(|(side, code)| Message::Point {
            side,
            kind: PointKind::from_code(code).expect("1..=5"),
        }),
        (side(), any::<u8>()).prop_map(|(side, level)| Message::HitLevel { side, level }),
        (side(), 0u32..4).prop_map(|(side, count)| Message::GamJeom { side, count }),
        (
            proptest::option::of(side()),
            clock_time(),
            proptest::option::of(prop_oneof![
                Just(InjuryAction::Show),
                Just(InjuryAction::Hide),
                Just(InjuryAction::Reset),
            ])
        )
            .prop_map(|(side, time, action)| Message::Injury { side, time, action }),
        (challenge_by(), challenge_stage())
            .prop_map(|(by, stage)| Message::Challenge { by, stage }),
        (
            clock_time(),
            proptest::option::of(prop_oneof![
                Just(BreakAction::Stop),
                Just(BreakAction::StopEnd)
            ])
        )
            .prop_map(|(time, action)| Message::Break { time, action }),
        [round_winner.clone(), round_winner.clone(), round_winner]
            .prop_map(|rounds| Message::RoundWinners { rounds }),
        (
            name(),
            proptest::option::of(prop_oneof![
                Just("2-1 PTF".to_owned()),
                Just("DSQ".to_owned())
            ])
        )
            .prop_map(|(name, classification)| Message::WinnerShown {
                name,
                classification
            }),
        side().prop_map(|side| Message::Winner { side }),
        (side(), athlete()).prop_map(|(side, info)| Message::Athlete { side, info }),
        (
            prop_oneof![Just("101"), Just("245.A")],
            prop_oneof![Just("a14ddd5c"), Just("b25eee6d")]
        )
            .prop_map(|(number, match_id)| mch(number, match_id)),
        (side(), any::<u8>(), 0u32..4).prop_map(|(side, round, score)| Message::RoundScore {
            side,
            round,
            score,
        }),
        (side(), prop_oneof![0u32..4, Just(u32::MAX)])
            .prop_map(|(side, score)| Message::TotalScore { side, score }),
        (0u32..3).prop_map(|value| Message::VideoTime { value }),
        (
            clock_time(),
            proptest::option::of(prop_oneof![
                Just(ClockAction::Start),
                Just(ClockAction::Stop)
            ])
        )
            .prop_map(|(time, action)| Message::Clock { time, action }),
        prop_oneof![0u8..=5, any::<u8>()].prop_map(|round| Message::Round { round }),
        Just(Message::FightLoaded),
        Just(Message::FightReady),
        prop_oneof![Just(6000u16), Just(8888)].prop_map(|port| Message::UdpConnected { port }),
        prop_oneof![Just(6000u16), Just(8888)].prop_map(|port| Message::UdpDisconnected { port }),
        Just(Message::Other {
            code: "sup".to_owned(),
            fields: vec!["1".to_owned()]
        }),
        Just(Message::Raw {
            text: "xyz;".to_owned(),
            reason: "unknown stream \"xyz\"".to_owned()
        }),
    ]
}

/// Messages with non-decreasing receive times, some equal.
fn script() -> impl Strategy<Value = Vec<(Message, i64)>> {
    proptest::collection::vec((message(), 0i64..2_000_000), 0..200).prop_map(|steps| {
        let mut at_us = 1_764_000_000_000_000;
        steps
            .into_iter()
            .map(|(message, gap)| {
                at_us += gap;
                (message, at_us)
            })
            .collect()
    })
}

fn fold_script(script: &[(Message, i64)]) -> (MatchState, Vec<DomainEvent>) {
    let mut state = MatchState::new();
    let mut events = Vec::new();
    for (message, at_us) in script {
        state.apply_into(message, *at_us, &mut events);
    }
    (state, events)
}

/// Messages whose every copy is a new action, not a repeat of a state.
fn is_action(message: &Message) -> bool {
    matches!(
        message,
        Message::Point { .. } | Message::HitLevel { .. } | Message::FightLoaded
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_script_folds_and_refolds_to_an_equal_state(script in script()) {
        let (state, events) = fold_script(&script);
        let (again, again_events) = fold_script(&script);
        prop_assert_eq!(&state, &again);
        prop_assert_eq!(&events, &again_events);

        // `apply` and `apply_into` agree.
        let mut by_apply = MatchState::new();
        let mut apply_events = Vec::new();
        for (message, at_us) in &script {
            apply_events.extend(by_apply.apply(message, *at_us));
        }
        prop_assert_eq!(&state, &by_apply);
        prop_assert_eq!(&events, &apply_events);
    }

    #[test]
    fn challenge_events_point_at_their_record(script in script()) {
        let mut state = MatchState::new();
        for (message, at_us) in &script {
            for event in state.apply(message, *at_us) {
                match event {
                    DomainEvent::ChallengeRequested { by, index } => {
                        let record = state.challenges[index];
                        prop_assert_eq!(record.by, by);
                        prop_assert!(record.is_open());
                    }
                    DomainEvent::ChallengeResolved { by, index, outcome, won } => {
                        let record = state.challenges[index];
                        prop_assert_eq!((record.by, record.outcome, record.won), (by, outcome, won));
                        prop_assert!(record.resolved_at_us.is_some());
                    }
                    _ => {}
                }
            }
            // At most one open challenge per challenger.
            for by in [ChallengeBy::Referee, ChallengeBy::Athlete(Side::Blue), ChallengeBy::Athlete(Side::Red)] {
                let open = state.challenges.iter().filter(|record| record.by == by && record.is_open()).count();
                prop_assert!(open <= 1, "{} open challenges for {}", open, by.as_str());
            }
        }
    }

    #[test]
    fn a_re_sent_message_changes_nothing(script in script(), last in message()) {
        prop_assume!(!is_action(&last));
        let (mut state, _) = fold_script(&script);
        state.apply(&last, 1_800_000_000_000_000);
        let before = state.clone();
        let events = state.apply(&last, 1_800_000_000_001_000);
        prop_assert!(events.is_empty(), "re-sent {:?} emitted {:?}", last, events);
        prop_assert_eq!(state, before);
    }
}
