//! A full championship match, from `Udp Port 6000 connected;` to the winner, folded and checked.
//!
//! Blue N. DESMOND (MRN) against red M. THIBAULT (SUI), three rounds of 2:00: all five point
//! kinds, sensor hits, a gam-jeom each, a blue injury, two breaks, a red challenge accepted
//! and lost, a referee review, a blue challenge denied, one cancelled and one accepted and won,
//! round winners blue, red, blue and the winner blue `2-1 PTF`.

use std::collections::BTreeMap;

use match_state::{ChallengeOutcome, DomainEvent, MatchPhase, MatchState};
use pss::{BreakAction, ChallengeBy, ChallengeStage, InjuryAction, Message};

use crate::util::*;

/// Every message of the match, in wire order.
pub fn championship() -> Vec<Message> {
    let blue_coach = ChallengeBy::Athlete(BLUE);
    let red_coach = ChallengeBy::Athlete(RED);
    let mut messages = vec![
        Message::UdpConnected { port: 6000 },
        pre(),
        at_desmond(),
        at_thibault(),
        mch("101", "a14ddd5c"),
        wg(BLUE, 0),
        wg(RED, 0),
        wrd([None, None, None]),
    ];
    messages.extend((1..=3).flat_map(|round| [s(BLUE, round, 0), s(RED, round, 0)]));
    messages.extend([
        sc(BLUE, 0),
        sc(RED, 0),
        Message::VideoTime { value: 0 },
        clk(ms(2, 0)),
        rnd(1),
        rdy(),
        rnd(1),
        clk(ms(2, 0)),
        // Round 1.
        clk_start(ms(2, 0)),
    ]);
    messages.extend(ticks(ms(1, 59), ms(1, 45)));
    messages.extend([
        hl(BLUE, 25),
        hl(BLUE, 38),
        pt(BLUE, 2),
        s(BLUE, 1, 2),
        sc(BLUE, 2),
        clk(ms(1, 44)),
        pt(RED, 1),
        s(RED, 1, 1),
        sc(RED, 1),
        clk_stop(ms(1, 40)),
        wg(BLUE, 0),
        wg(RED, 1),
        s(BLUE, 1, 3),
        sc(BLUE, 3),
        clk_start(ms(1, 40)),
        hl(BLUE, 61),
        pt(BLUE, 3),
        s(BLUE, 1, 6),
        sc(BLUE, 6),
        clk_stop(ms(1, 20)),
        ch_request(RED),
        ch(red_coach, ChallengeStage::Accepted { won: Some(false) }),
        clk_start(ms(1, 20)),
    ]);
    messages.extend(ticks(ms(1, 19), ms(0, 1)));
    messages.extend([clk_stop(0), wrd([Some(BLUE), None, None])]);
    messages.extend((0..=60).rev().map(|seconds| brk(seconds, None)));
    messages.extend([
        brk(0, Some(BreakAction::StopEnd)),
        // Round 2.
        rnd(2),
        clk(ms(2, 0)),
        clk_start(ms(2, 0)),
        hl(RED, 70),
        pt(RED, 4),
        s(RED, 2, 4),
        sc(RED, 5),
        clk(ms(1, 30)),
        pt(RED, 5),
        s(RED, 2, 9),
        sc(RED, 10),
        clk_stop(ms(1, 10)),
        ij(Some(BLUE), ms(1, 0), Some(InjuryAction::Show)),
        ij(Some(BLUE), ms(0, 59), None),
        ij(Some(BLUE), ms(0, 58), None),
        ij(Some(BLUE), ms(0, 45), Some(InjuryAction::Hide)),
        wg(BLUE, 1),
        wg(RED, 1),
        s(RED, 2, 10),
        sc(RED, 11),
        ch(ChallengeBy::Referee, ChallengeStage::Requested),
        ch(ChallengeBy::Referee, ChallengeStage::Accepted { won: None }),
        ch_request(BLUE),
        ch(blue_coach, ChallengeStage::Denied),
        clk_start(ms(1, 10)),
    ]);
    messages.extend(ticks(ms(1, 9), ms(0, 1)));
    messages.extend([clk_stop(0), wrd([Some(BLUE), Some(RED), None])]);
    messages.extend([
        brk(60, None),
        brk(59, None),
        brk(30, Some(BreakAction::Stop)),
    ]);
    messages.extend([
        // Round 3: the break clock was stopped and the match clock starts.
        rnd(3),
        clk(ms(2, 0)),
        clk_start(ms(2, 0)),
        clk_stop(ms(1, 50)),
        ch_request(BLUE),
        ch(blue_coach, ChallengeStage::Cancelled),
        clk_start(ms(1, 50)),
        pt(BLUE, 3),
        s(BLUE, 3, 3),
        sc(BLUE, 9),
        pt(BLUE, 5),
        s(BLUE, 3, 8),
        sc(BLUE, 14),
        clk_stop(ms(1, 0)),
        ch_request(BLUE),
        ch(blue_coach, ChallengeStage::Accepted { won: Some(true) }),
        s(BLUE, 3, 11),
        sc(BLUE, 17),
        clk_start(ms(1, 0)),
        pt(RED, 1),
        s(RED, 3, 1),
        sc(RED, 12),
    ]);
    messages.extend(ticks(ms(0, 59), ms(0, 1)));
    messages.extend([
        clk_stop(0),
        wrd([Some(BLUE), Some(RED), Some(BLUE)]),
        win(BLUE),
        wmh("Nicolas DESMOND", None),
        wmh("Nicolas DESMOND", Some("2-1 PTF")),
        Message::UdpDisconnected { port: 6000 },
    ]);
    messages
}

/// Who challenged, in which round, at which clock second, with what outcome and result.
type ChallengeSummary = (
    &'static str,
    u8,
    Option<u32>,
    ChallengeOutcome,
    Option<bool>,
);

/// Receive time of the first message; later ones follow 1 ms apart.
const START_US: i64 = 1_764_000_000_000_000;

fn count_kinds(events: &[DomainEvent]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for event in events {
        *counts.entry(event.kind()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn championship_match_folds_to_the_expected_result() {
    let messages = championship();
    let mut state = MatchState::new();
    let events = fold(&mut state, &messages, START_US);

    assert_eq!(state.phase, MatchPhase::Finished);
    assert_eq!(
        state.config.as_ref().map(|config| config.number.as_str()),
        Some("101")
    );
    let names = [&state.blue, &state.red].map(|side| {
        side.athlete
            .as_ref()
            .map(|athlete| athlete.short_name.as_str())
    });
    assert_eq!(names, [Some("N. DESMOND"), Some("M. THIBAULT")]);
    assert_eq!((state.blue.score, state.red.score), (17, 12));
    assert_eq!(state.blue.round_scores, [6, 0, 11, 0]);
    assert_eq!(state.red.round_scores, [1, 10, 1, 0]);
    assert_eq!((state.blue.gam_jeom, state.red.gam_jeom), (1, 1));
    assert_eq!(
        (state.blue.last_hit_level, state.red.last_hit_level),
        (Some(61), Some(70))
    );
    assert_eq!(state.blue.injury.time.map(|time| time.seconds), Some(45));
    assert!(!state.blue.injury.shown);
    assert_eq!(state.round, 3);
    assert_eq!(
        (state.clock.map(|clock| clock.seconds), state.clock_running),
        (Some(0), false)
    );
    assert_eq!(state.round_winners, [Some(BLUE), Some(RED), Some(BLUE)]);
    assert_eq!(state.winner, Some(BLUE));
    assert_eq!(state.winner_name.as_deref(), Some("Nicolas DESMOND"));
    assert_eq!(state.classification.as_deref(), Some("2-1 PTF"));
    assert!(!state.sender.connected);

    let challenges: Vec<ChallengeSummary> = state
        .challenges
        .iter()
        .map(|record| {
            (
                record.by.as_str(),
                record.round,
                record.clock_seconds,
                record.outcome,
                record.won,
            )
        })
        .collect();
    assert_eq!(
        challenges,
        [
            ("red", 1, Some(80), ChallengeOutcome::Accepted, Some(false)),
            ("referee", 2, Some(70), ChallengeOutcome::Accepted, None),
            ("blue", 2, Some(70), ChallengeOutcome::Denied, None),
            ("blue", 3, Some(110), ChallengeOutcome::Cancelled, None),
            ("blue", 3, Some(60), ChallengeOutcome::Accepted, Some(true)),
        ]
    );
    assert!(state
        .challenges
        .iter()
        .all(|record| record.resolved_at_us.is_some()));

    // Times: message i arrives at START_US + i ms.
    let at = |wanted: &Message| {
        let index = messages
            .iter()
            .position(|message| message == wanted)
            .expect("in the script");
        START_US + 1_000 * i64::try_from(index).expect("small index")
    };
    assert_eq!(state.loaded_at_us, Some(at(&pre())));
    assert_eq!(state.ready_at_us, Some(at(&rdy())));
    assert_eq!(state.started_at_us, Some(at(&clk_start(ms(2, 0)))));
    assert_eq!(state.ended_at_us, Some(at(&win(BLUE))));

    let counts = count_kinds(&events);
    let expected = [
        ("sender_connected", 1),
        ("match_loaded", 1),
        ("athlete_set", 2),
        ("match_configured", 1),
        ("match_ready", 1),
        ("video_time_changed", 1),
        ("round_changed", 3),
        ("clock_started", 8),
        ("clock_stopped", 8),
        ("point_scored", 8),
        ("hit_registered", 4),
        ("warning_given", 2),
        ("injury_started", 1),
        ("injury_tick", 2),
        ("injury_ended", 1),
        ("break_started", 2),
        ("break_stopped", 1),
        ("break_ended", 2),
        ("challenge_requested", 5),
        ("challenge_resolved", 5),
        ("round_ended", 3),
        ("match_won", 1),
        ("winner_shown", 2),
        ("sender_disconnected", 1),
    ];
    for (kind, count) in expected {
        assert_eq!(counts.get(kind).copied().unwrap_or(0), count, "{kind}");
    }
    assert_eq!(
        counts.get("break_tick"),
        Some(&61),
        "60 ticks then the restart after stop"
    );
    assert!(!counts.contains_key("warning_removed"));
    let last: Vec<&str> = kinds(&events[events.len() - 5..]);
    assert_eq!(
        last,
        [
            "round_ended",
            "match_won",
            "winner_shown",
            "winner_shown",
            "sender_disconnected"
        ]
    );
}

#[test]
fn championship_refolds_to_an_equal_state_and_the_same_events() {
    let messages = championship();
    let mut first = MatchState::new();
    let first_events = fold(&mut first, &messages, START_US);
    let mut again = MatchState::new();
    let again_events = fold(&mut again, &messages, START_US);
    assert_eq!(first, again);
    assert_eq!(first_events, again_events);
}

#[test]
fn next_match_after_the_championship_starts_clean() {
    let mut state = MatchState::new();
    fold(&mut state, &championship(), START_US);
    state.apply(&Message::UdpConnected { port: 6000 }, START_US + 10_000_000);
    let events = fold(&mut state, &ready_match(), START_US + 20_000_000);
    assert_eq!(
        kinds(&events),
        [
            "match_loaded",
            "athlete_set",
            "athlete_set",
            "match_configured",
            "clock_tick",
            "round_changed",
            "match_ready"
        ]
    );
    assert_eq!(state.phase, MatchPhase::Ready);
    assert_eq!(
        (state.blue.score, state.challenges.len(), state.winner),
        (0, 0, None)
    );
    assert!(state.sender.connected);
}
