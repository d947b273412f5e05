//! Video replay challenges through their whole life, per side and for the referee.

use match_state::{ChallengeOutcome, ChallengeRecord, DomainEvent, MatchState};
use pss::{ChallengeBy, ChallengeStage};

use crate::util::*;

const BLUE_COACH: ChallengeBy = ChallengeBy::Athlete(BLUE);
const RED_COACH: ChallengeBy = ChallengeBy::Athlete(RED);
const REFEREE: ChallengeBy = ChallengeBy::Referee;

fn accepted(won: Option<bool>) -> ChallengeStage {
    ChallengeStage::Accepted { won }
}

/// A running match whose clock stopped at 1:20 in round 1.
fn stopped_at_1_20() -> MatchState {
    let mut messages = running_match();
    messages.push(clk_stop(ms(1, 20)));
    folded(&messages)
}

#[test]
fn request_then_accepted_and_won() {
    let mut state = stopped_at_1_20();
    // ch1;
    assert_eq!(
        state.apply(&ch_request(BLUE), 10_000),
        vec![DomainEvent::ChallengeRequested {
            by: BLUE_COACH,
            index: 0
        }]
    );
    assert_eq!(state.open_challenge(BLUE_COACH), Some(0));
    assert!(state.challenges[0].is_open());
    // ch1;1;1;
    assert_eq!(
        state.apply(&ch(BLUE_COACH, accepted(Some(true))), 25_000),
        vec![DomainEvent::ChallengeResolved {
            by: BLUE_COACH,
            index: 0,
            outcome: ChallengeOutcome::Accepted,
            won: Some(true),
        }]
    );
    assert_eq!(
        state.challenges,
        vec![ChallengeRecord {
            by: BLUE_COACH,
            requested_at_us: 10_000,
            round: 1,
            clock_seconds: Some(80),
            outcome: ChallengeOutcome::Accepted,
            won: Some(true),
            resolved_at_us: Some(25_000),
            resolved_round: Some(1),
        }]
    );
    assert_eq!(state.open_challenge(BLUE_COACH), None);
    // ch1;1;1; re-sent is nothing.
    assert!(state
        .apply(&ch(BLUE_COACH, accepted(Some(true))), 26_000)
        .is_empty());
    assert_eq!(state.challenges.len(), 1);
}

#[test]
fn denied_and_cancelled() {
    let mut state = stopped_at_1_20();
    // ch2; ch2;0; then ch2; ch2;-1;
    let events = fold(
        &mut state,
        &[
            ch_request(RED),
            ch(RED_COACH, ChallengeStage::Denied),
            ch_request(RED),
            ch(RED_COACH, ChallengeStage::Cancelled),
        ],
        1_000,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::ChallengeRequested {
                by: RED_COACH,
                index: 0
            },
            DomainEvent::ChallengeResolved {
                by: RED_COACH,
                index: 0,
                outcome: ChallengeOutcome::Denied,
                won: None,
            },
            DomainEvent::ChallengeRequested {
                by: RED_COACH,
                index: 1
            },
            DomainEvent::ChallengeResolved {
                by: RED_COACH,
                index: 1,
                outcome: ChallengeOutcome::Cancelled,
                won: None,
            },
        ]
    );
    let outcomes: Vec<ChallengeOutcome> = state
        .challenges
        .iter()
        .map(|record| record.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [ChallengeOutcome::Denied, ChallengeOutcome::Cancelled]
    );
    assert_eq!(
        outcomes
            .iter()
            .map(|outcome| outcome.as_str())
            .collect::<Vec<_>>(),
        ["denied", "cancelled"]
    );
}

#[test]
fn second_request_while_open_is_a_re_send() {
    let mut state = stopped_at_1_20();
    // ch1; ch1;
    let events = fold(&mut state, &[ch_request(BLUE), ch_request(BLUE)], 1_000);
    assert_eq!(events.len(), 1);
    assert_eq!(state.challenges.len(), 1);
    assert_eq!(
        state.challenges[0].requested_at_us, 1_000,
        "the first request time stays"
    );
}

#[test]
fn sides_and_referee_are_apart() {
    let mut state = stopped_at_1_20();
    // ch1; ch2; ch0; ch2;0; ch0;1; ch1;-1;
    let events = fold(
        &mut state,
        &[
            ch_request(BLUE),
            ch_request(RED),
            ch(REFEREE, ChallengeStage::Requested),
            ch(RED_COACH, ChallengeStage::Denied),
            ch(REFEREE, accepted(None)),
            ch(BLUE_COACH, ChallengeStage::Cancelled),
        ],
        1_000,
    );
    let resolved: Vec<(ChallengeBy, usize)> = events
        .iter()
        .filter_map(|event| match *event {
            DomainEvent::ChallengeResolved { by, index, .. } => Some((by, index)),
            _ => None,
        })
        .collect();
    assert_eq!(resolved, [(RED_COACH, 1), (REFEREE, 2), (BLUE_COACH, 0)]);
    let summary: Vec<(&str, &str, Option<bool>)> = state
        .challenges
        .iter()
        .map(|record| (record.by.as_str(), record.outcome.as_str(), record.won))
        .collect();
    assert_eq!(
        summary,
        [
            ("blue", "cancelled", None),
            ("red", "denied", None),
            ("referee", "accepted", None)
        ]
    );
}

#[test]
fn resolution_without_request_is_recorded_resolved_at_once() {
    let mut state = stopped_at_1_20();
    // ch2;1;0; with no ch2; before it (the listener started late).
    let events = state.apply(&ch(RED_COACH, accepted(Some(false))), 40_000);
    assert_eq!(
        events,
        vec![DomainEvent::ChallengeResolved {
            by: RED_COACH,
            index: 0,
            outcome: ChallengeOutcome::Accepted,
            won: Some(false),
        }]
    );
    let record = state.challenges[0];
    assert_eq!(
        (record.requested_at_us, record.resolved_at_us),
        (40_000, Some(40_000))
    );
    assert_eq!((record.round, record.clock_seconds), (1, Some(80)));
}

#[test]
fn won_result_arriving_after_acceptance_completes_the_record() {
    let mut state = stopped_at_1_20();
    // ch1; ch1;1; ch1;1; ch1;1;0;
    let events = fold(
        &mut state,
        &[
            ch_request(BLUE),
            ch(BLUE_COACH, accepted(None)),
            ch(BLUE_COACH, accepted(None)),
            ch(BLUE_COACH, accepted(Some(false))),
        ],
        1_000,
    );
    assert_eq!(
        kinds(&events),
        [
            "challenge_requested",
            "challenge_resolved",
            "challenge_resolved"
        ]
    );
    assert_eq!(
        events[2],
        DomainEvent::ChallengeResolved {
            by: BLUE_COACH,
            index: 0,
            outcome: ChallengeOutcome::Accepted,
            won: Some(false),
        }
    );
    assert_eq!(state.challenges.len(), 1);
    assert_eq!(
        state.challenges[0].resolved_at_us,
        Some(2_000),
        "first resolution time stays"
    );
    // ch1;1; re-sent without the result does not erase it.
    assert!(state
        .apply(&ch(BLUE_COACH, accepted(None)), 9_000)
        .is_empty());
    assert_eq!(state.challenges[0].won, Some(false));
}

#[test]
fn same_resolution_in_a_later_round_is_a_new_challenge() {
    let mut state = stopped_at_1_20();
    // ch1; ch1;0; then in round 2 a lone ch1;0;
    fold(
        &mut state,
        &[
            ch_request(BLUE),
            ch(BLUE_COACH, ChallengeStage::Denied),
            rnd(2),
        ],
        1_000,
    );
    let events = state.apply(&ch(BLUE_COACH, ChallengeStage::Denied), 9_000);
    assert_eq!(kinds(&events), ["challenge_resolved"]);
    assert_eq!(state.challenges.len(), 2);
    assert_eq!(state.challenges[1].round, 2);
}

#[test]
fn re_sent_resolution_after_the_round_changed_is_still_a_re_send() {
    // Found by the property test: ch1; in round 1, rnd;2; before the jury decides, ch1;0;
    // then ch1;0; again.
    let mut state = stopped_at_1_20();
    fold(
        &mut state,
        &[
            ch_request(BLUE),
            rnd(2),
            ch(BLUE_COACH, ChallengeStage::Denied),
        ],
        1_000,
    );
    assert!(state
        .apply(&ch(BLUE_COACH, ChallengeStage::Denied), 9_000)
        .is_empty());
    assert_eq!(state.challenges.len(), 1);
    assert_eq!(
        (
            state.challenges[0].round,
            state.challenges[0].resolved_round
        ),
        (1, Some(2))
    );
}

#[test]
fn a_new_match_clears_the_challenges() {
    let mut state = stopped_at_1_20();
    state.apply(&ch_request(BLUE), 1_000);
    state.apply(&pre(), 2_000);
    assert!(state.challenges.is_empty());
    assert_eq!(state.open_challenge(BLUE_COACH), None);
}
