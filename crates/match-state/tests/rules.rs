//! One test per fold rule, with the exact messages (wire text in the comments).

use match_state::{DomainEvent, MatchPhase, MatchState, SenderLink};
use pss::{BreakAction, InjuryAction, Message, PointKind};

use crate::util::*;

#[test]
fn fight_loaded_starts_a_fresh_match_and_keeps_the_sender_link() {
    let mut state = MatchState::new();
    assert_eq!(state.phase, MatchPhase::Idle);
    // Udp Port 6000 connected;
    state.apply(&Message::UdpConnected { port: 6000 }, 1);
    let mut messages = running_match();
    messages.extend([pt(BLUE, 3), sc(BLUE, 3), wg(RED, 1), win(BLUE)]);
    fold(&mut state, &messages, 10);
    assert_eq!(state.phase, MatchPhase::Finished);

    // pre;FightLoaded;
    let events = state.apply(&pre(), 5_000);
    assert_eq!(events, vec![DomainEvent::MatchLoaded]);
    let mut fresh = MatchState::new();
    fresh.phase = MatchPhase::Loaded;
    fresh.loaded_at_us = Some(5_000);
    fresh.sender = SenderLink {
        connected: true,
        port: Some(6000),
    };
    assert_eq!(state, fresh);
}

#[test]
fn re_sent_total_score_emits_nothing() {
    let mut state = folded(&running_match());
    // sc1;3;
    assert_eq!(
        state.apply(&sc(BLUE, 3), 1),
        vec![DomainEvent::ScoreChanged {
            side: BLUE,
            total: 3
        }]
    );
    // sc1;3; again
    assert!(state.apply(&sc(BLUE, 3), 2).is_empty());
    assert_eq!(state.blue.score, 3);
}

#[test]
fn partial_score_update_changes_only_the_side_it_names() {
    let mut state = folded(&running_match());
    fold(&mut state, &[sc(BLUE, 4), sc(RED, 2)], 1);
    // sc1;7; alone says nothing about red.
    state.apply(&sc(BLUE, 7), 10);
    assert_eq!((state.blue.score, state.red.score), (7, 2));
}

#[test]
fn round_scores_follow_the_s_fields() {
    let mut state = folded(&running_match());
    // s11;0;s21;0;s12;0;s22;0;s13;0;s23;0; changes nothing on a fresh match.
    let zeros: Vec<Message> = (1..=3)
        .flat_map(|round| [s(BLUE, round, 0), s(RED, round, 0)])
        .collect();
    assert!(fold(&mut state, &zeros, 1).is_empty());
    // s11;3;s21;0;...
    let events = fold(&mut state, &[s(BLUE, 1, 3), s(RED, 1, 0), s(RED, 2, 5)], 10);
    assert_eq!(
        events,
        vec![
            DomainEvent::RoundScoreChanged {
                side: BLUE,
                round: 1,
                score: 3
            },
            DomainEvent::RoundScoreChanged {
                side: RED,
                round: 2,
                score: 5
            },
        ]
    );
    assert_eq!(state.blue.round_scores, [3, 0, 0, 0]);
    assert_eq!(state.red.round_scores, [0, 5, 0, 0]);
    // A round outside 1..=4 is ignored.
    assert!(fold(&mut state, &[s(BLUE, 0, 9), s(BLUE, 5, 9)], 20).is_empty());
    assert_eq!(state.blue.round_scores, [3, 0, 0, 0]);
}

#[test]
fn every_point_is_reported_with_its_value() {
    let mut state = folded(&running_match());
    let events = fold(
        &mut state,
        &(1..=5).map(|code| pt(RED, code)).collect::<Vec<_>>(),
        1,
    );
    let kinds_and_points: Vec<(PointKind, u32)> = events
        .iter()
        .map(|event| match *event {
            DomainEvent::PointScored {
                side: RED,
                kind,
                points,
            } => (kind, points),
            other => panic!("unexpected event {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds_and_points,
        vec![
            (PointKind::Punch, 1),
            (PointKind::Body, 2),
            (PointKind::Head, 3),
            (PointKind::TechnicalBody, 4),
            (PointKind::TechnicalHead, 5),
        ]
    );
    // pt2;3; twice is two head kicks.
    assert_eq!(fold(&mut state, &[pt(RED, 3), pt(RED, 3)], 10).len(), 2);
    // Outside the golden round points do not touch the round scores: the s fields do.
    assert_eq!(state.red.round_scores, [0; 4]);
}

#[test]
fn every_hit_is_reported_and_the_last_level_kept() {
    let mut state = folded(&running_match());
    assert_eq!(state.blue.last_hit_level, None);
    // hl1;25; hl1;25; hl2;80;
    let events = fold(&mut state, &[hl(BLUE, 25), hl(BLUE, 25), hl(RED, 80)], 1);
    assert_eq!(
        events,
        vec![
            DomainEvent::HitRegistered {
                side: BLUE,
                level: 25
            },
            DomainEvent::HitRegistered {
                side: BLUE,
                level: 25
            },
            DomainEvent::HitRegistered {
                side: RED,
                level: 80
            },
        ]
    );
    assert_eq!(
        (state.blue.last_hit_level, state.red.last_hit_level),
        (Some(25), Some(80))
    );
}

#[test]
fn gam_jeom_given_and_taken_back() {
    let mut state = folded(&running_match());
    // wg1;0;wg2;0; on a fresh match changes nothing.
    assert!(fold(&mut state, &[wg(BLUE, 0), wg(RED, 0)], 1).is_empty());
    // wg1;0;wg2;1;
    assert_eq!(
        fold(&mut state, &[wg(BLUE, 0), wg(RED, 1)], 10),
        vec![DomainEvent::WarningGiven {
            side: RED,
            count: 1
        }]
    );
    // wg1;0;wg2;2; then the referee takes one back: wg1;0;wg2;1;
    let events = fold(&mut state, &[wg(RED, 2), wg(RED, 2), wg(RED, 1)], 20);
    assert_eq!(
        events,
        vec![
            DomainEvent::WarningGiven {
                side: RED,
                count: 2
            },
            DomainEvent::WarningRemoved {
                side: RED,
                count: 1
            },
        ]
    );
    assert_eq!((state.blue.gam_jeom, state.red.gam_jeom), (0, 1));
}

#[test]
fn match_config_while_idle_loads_the_match() {
    let mut state = MatchState::new();
    // The load was missed: at1;... then mch;... arrive first.
    let events = fold(&mut state, &[at_desmond(), mch("101", "a14ddd5c")], 100);
    assert_eq!(
        kinds(&events),
        ["athlete_set", "match_loaded", "match_configured"]
    );
    assert_eq!(state.phase, MatchPhase::Loaded);
    assert_eq!(state.loaded_at_us, Some(1_100));
    assert!(
        state.blue.athlete.is_some(),
        "athlete sent before mch is kept"
    );
    assert_eq!(
        state.config.as_ref().map(|config| config.number.as_str()),
        Some("101")
    );
}

#[test]
fn re_sent_match_config_emits_nothing_and_a_changed_one_reconfigures() {
    let mut state = folded(&ready_match());
    assert!(state.apply(&mch("101", "a14ddd5c"), 1).is_empty());
    let mut changed = config("101", "a14ddd5c");
    changed.round_seconds = Some(90);
    let events = state.apply(&Message::MatchConfig(Box::new(changed)), 2);
    assert_eq!(events, vec![DomainEvent::MatchConfigured]);
    assert_eq!(
        state
            .config
            .as_ref()
            .and_then(|config| config.round_seconds),
        Some(90)
    );
    assert_eq!(state.phase, MatchPhase::Ready);
}

#[test]
fn match_config_of_another_match_before_play_only_reconfigures() {
    let mut state = folded(&ready_match());
    let events = state.apply(&mch("102", "b25eee6d"), 1);
    assert_eq!(events, vec![DomainEvent::MatchConfigured]);
    assert_eq!(state.phase, MatchPhase::Ready);
    assert!(state.blue.athlete.is_some());
}

#[test]
fn match_config_of_another_match_past_ready_starts_a_new_match() {
    let mut state = folded(&running_match());
    fold(
        &mut state,
        &[pt(BLUE, 2), sc(BLUE, 2), clk_stop(ms(1, 10))],
        1_000,
    );
    // tkStrike loads match 102 and its pre;FightLoaded is lost: only at1 changes here.
    let events = fold(
        &mut state,
        &[at(BLUE, "K. LEE", "Kim LEE", "KOR"), mch("102", "b25eee6d")],
        50_000,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::AthleteSet { side: BLUE },
            DomainEvent::MatchLoaded,
            DomainEvent::AthleteSet { side: BLUE },
            DomainEvent::MatchConfigured,
        ]
    );
    assert_eq!(state.phase, MatchPhase::Loaded);
    assert_eq!(state.loaded_at_us, Some(51_000));
    assert_eq!(state.blue.score, 0);
    assert_eq!(state.clock, None);
    assert_eq!(
        state
            .blue
            .athlete
            .as_ref()
            .map(|athlete| athlete.ioc.as_str()),
        Some("KOR")
    );
    assert_eq!(
        state.red.athlete, None,
        "red was not re-sent, the old name is dropped"
    );
    assert_eq!(
        state.config.as_ref().map(|config| config.match_id.as_str()),
        Some("b25eee6d")
    );
}

#[test]
fn match_config_with_another_number_only_is_another_match() {
    let mut state = folded(&running_match());
    let events = state.apply(&mch("101.A", "a14ddd5c"), 1);
    assert_eq!(kinds(&events), ["match_loaded", "match_configured"]);
}

#[test]
fn athlete_set_only_on_change() {
    let mut state = MatchState::new();
    assert_eq!(
        state.apply(&at_thibault(), 1),
        vec![DomainEvent::AthleteSet { side: RED }]
    );
    assert!(state.apply(&at_thibault(), 2).is_empty());
    // Outside play, at2;;;; keeps empty fields as empty strings and is a change.
    assert_eq!(state.apply(&at(RED, "", "", ""), 3).len(), 1);
    assert_eq!(
        state
            .red
            .athlete
            .as_ref()
            .map(|athlete| athlete.ioc.as_str()),
        Some("")
    );
}

/// Issue #20: `at1;;;;at2;;;;` in play names nobody; the fight's athletes stay.
#[test]
fn athletes_with_every_field_empty_in_play_are_ignored() {
    let mut state = folded(&running_match());
    let before = state.clone();
    let messages = pss::Schema::v2_3().parse(b"at1;;;;at2;;;;").messages;
    assert_eq!(messages, [at(BLUE, "", "", ""), at(RED, "", "", "")]);
    assert!(fold(&mut state, &messages, 10_000).is_empty());
    assert_eq!(state, before);
    // A named athlete in play is still taken.
    assert_eq!(
        kinds(&state.apply(&at(RED, "K. LEE", "Kim LEE", "KOR"), 20_000)),
        ["athlete_set"]
    );
}

#[test]
fn fight_ready_moves_a_loaded_match_to_ready_once() {
    let mut state = MatchState::new();
    fold(&mut state, &[pre(), at_desmond()], 0);
    // rdy;FightReady;
    assert_eq!(state.apply(&rdy(), 7_000), vec![DomainEvent::MatchReady]);
    assert_eq!(
        (state.phase, state.ready_at_us),
        (MatchPhase::Ready, Some(7_000))
    );
    assert!(state.apply(&rdy(), 8_000).is_empty());
    assert_eq!(state.ready_at_us, Some(7_000));
    // rdy while the clock runs changes nothing.
    state.apply(&clk_start(ms(2, 0)), 9_000);
    assert!(state.apply(&rdy(), 10_000).is_empty());
    assert_eq!(state.phase, MatchPhase::Running);
}

#[test]
fn clock_start_ticks_and_stop() {
    let mut state = folded(&ready_match());
    assert_eq!(
        (state.clock.map(|clock| clock.seconds), state.clock_running),
        (Some(120), false)
    );
    // clk;2:00;start;
    assert_eq!(
        state.apply(&clk_start(120), 1_000),
        vec![DomainEvent::ClockStarted { seconds: 120 }]
    );
    assert_eq!(
        (state.phase, state.clock_running, state.started_at_us),
        (MatchPhase::Running, true, Some(1_000))
    );
    // clk;1:59; clk;1:59; clk;1:58;
    let events = fold(&mut state, &[clk(119), clk(119), clk(118)], 2_000);
    assert_eq!(
        events,
        vec![
            DomainEvent::ClockTick { seconds: 119 },
            DomainEvent::ClockTick { seconds: 118 }
        ]
    );
    // A start re-sent while running is only a time.
    assert!(state.apply(&clk_start(118), 3_000).is_empty());
    // clk;1:50;stop; (time-out)
    assert_eq!(
        state.apply(&clk_stop(110), 4_000),
        vec![DomainEvent::ClockStopped { seconds: 110 }]
    );
    assert_eq!(
        (state.phase, state.clock_running),
        (MatchPhase::Paused, false)
    );
    assert!(state.apply(&clk_stop(110), 4_500).is_empty());
    // The referee corrects the clock while stopped: clk;1:51;stop;
    assert_eq!(
        state.apply(&clk_stop(111), 4_600),
        vec![DomainEvent::ClockTick { seconds: 111 }]
    );
    // clk;1:51;start; keeps the first start time.
    assert_eq!(
        state.apply(&clk_start(111), 5_000),
        vec![DomainEvent::ClockStarted { seconds: 111 }]
    );
    assert_eq!(
        (state.phase, state.started_at_us),
        (MatchPhase::Running, Some(1_000))
    );
}

#[test]
fn round_changes_and_the_golden_round_counts_points() {
    let mut state = folded(&running_match());
    // rnd;1; again is nothing; rnd;4; is the golden round.
    assert!(state.apply(&rnd(1), 1).is_empty());
    assert!(!state.is_golden_round());
    assert_eq!(
        state.apply(&rnd(4), 2),
        vec![DomainEvent::RoundChanged { round: 4 }]
    );
    assert!(state.is_golden_round());
    // pt1;2; in the golden round counts into round 4; the s fields have no round 4.
    let events = fold(&mut state, &[pt(BLUE, 2), pt(BLUE, 1)], 10);
    assert_eq!(
        events,
        vec![
            DomainEvent::PointScored {
                side: BLUE,
                kind: PointKind::Body,
                points: 2
            },
            DomainEvent::RoundScoreChanged {
                side: BLUE,
                round: 4,
                score: 2
            },
            DomainEvent::PointScored {
                side: BLUE,
                kind: PointKind::Punch,
                points: 1
            },
            DomainEvent::RoundScoreChanged {
                side: BLUE,
                round: 4,
                score: 3
            },
        ]
    );
    assert_eq!(state.blue.round_scores, [0, 0, 0, 3]);
    // A sender that sends a round-4 score is believed: s14;2; replaces the count.
    assert_eq!(
        state.apply(&s(BLUE, 4, 2), 20),
        vec![DomainEvent::RoundScoreChanged {
            side: BLUE,
            round: 4,
            score: 2
        }]
    );
    assert_eq!(state.blue.round_scores[3], 2);
}

#[test]
fn injury_show_tick_hide_and_reset() {
    let mut state = folded(&running_match());
    state.apply(&clk_stop(100), 1);
    // ij1;1:00;show;
    assert_eq!(
        state.apply(&ij(Some(BLUE), 60, Some(InjuryAction::Show)), 10),
        vec![DomainEvent::InjuryStarted { side: Some(BLUE) }]
    );
    assert!(state.blue.injury.shown);
    // ij1;0:59; ij1;0:59;
    let events = fold(
        &mut state,
        &[ij(Some(BLUE), 59, None), ij(Some(BLUE), 59, None)],
        20,
    );
    assert_eq!(
        events,
        vec![DomainEvent::InjuryTick {
            side: Some(BLUE),
            seconds: 59
        }]
    );
    // ij1;0:40;hide;
    assert_eq!(
        state.apply(&ij(Some(BLUE), 40, Some(InjuryAction::Hide)), 30),
        vec![DomainEvent::InjuryEnded { side: Some(BLUE) }]
    );
    assert_eq!(state.blue.injury.time.map(|time| time.seconds), Some(40));
    assert!(!state.blue.injury.shown);
    // ij2;1:00;show; then ij2;1:00;reset; ends it too; red and blue are apart.
    let events = fold(
        &mut state,
        &[
            ij(Some(RED), 60, Some(InjuryAction::Show)),
            ij(Some(RED), 60, Some(InjuryAction::Reset)),
        ],
        40,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::InjuryStarted { side: Some(RED) },
            DomainEvent::InjuryEnded { side: Some(RED) }
        ]
    );
    // ij0;1:00;show; is for no athlete in particular.
    assert_eq!(
        state.apply(&ij(None, 60, Some(InjuryAction::Show)), 50),
        vec![DomainEvent::InjuryStarted { side: None }]
    );
    assert!(state.injury_unknown.shown && !state.red.injury.shown);
    assert_eq!(
        state.phase,
        MatchPhase::Paused,
        "an injury does not change the phase"
    );
}

#[test]
fn break_starts_ticks_stops_and_ends() {
    let mut state = folded(&running_match());
    state.apply(&clk_stop(0), 1);
    // brk;1:00; brk;0:59; brk;0:59;
    let events = fold(
        &mut state,
        &[brk(60, None), brk(59, None), brk(59, None)],
        10,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::BreakStarted { seconds: 60 },
            DomainEvent::BreakTick { seconds: 59 }
        ]
    );
    assert_eq!(
        (state.phase, state.break_timer.running),
        (MatchPhase::Break, true)
    );
    // brk;0:30;stop; then the break clock runs again: brk;0:30;
    let events = fold(
        &mut state,
        &[brk(30, Some(BreakAction::Stop)), brk(30, None)],
        20,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::BreakStopped { seconds: 30 },
            DomainEvent::BreakTick { seconds: 30 }
        ]
    );
    // brk;0:00;stopEnd;
    assert_eq!(
        state.apply(&brk(0, Some(BreakAction::StopEnd)), 30),
        vec![DomainEvent::BreakEnded]
    );
    assert_eq!(
        (state.phase, state.break_timer.running),
        (MatchPhase::Paused, false)
    );
    assert!(state
        .apply(&brk(0, Some(BreakAction::StopEnd)), 31)
        .is_empty());
}

#[test]
fn clock_start_ends_a_break_without_stop_end() {
    let mut state = folded(&running_match());
    fold(
        &mut state,
        &[clk_stop(0), brk(60, None), brk(1, None), rnd(2), clk(120)],
        1,
    );
    let events = state.apply(&clk_start(120), 100);
    assert_eq!(
        events,
        vec![
            DomainEvent::BreakEnded,
            DomainEvent::ClockStarted { seconds: 120 }
        ]
    );
    assert_eq!(
        (state.phase, state.break_timer.running),
        (MatchPhase::Running, false)
    );
}

#[test]
fn break_outside_play_only_moves_the_break_time() {
    let mut state = folded(&ready_match());
    // brk;1:00; before the clock ever started.
    assert_eq!(
        state.apply(&brk(60, None), 1),
        vec![DomainEvent::BreakTick { seconds: 60 }]
    );
    assert_eq!(state.phase, MatchPhase::Ready);
}

#[test]
fn round_winners_report_newly_decided_rounds() {
    let mut state = folded(&running_match());
    // wrd;rd1;0;rd2;0;rd3;0;
    assert!(state.apply(&wrd([None, None, None]), 1).is_empty());
    // wrd;rd1;1;rd2;0;rd3;0;
    assert_eq!(
        state.apply(&wrd([Some(BLUE), None, None]), 2),
        vec![DomainEvent::RoundEnded {
            round: 1,
            winner: BLUE
        }]
    );
    // wrd;rd1;1;rd2;2;rd3;0; reports round 2 only.
    assert_eq!(
        state.apply(&wrd([Some(BLUE), Some(RED), None]), 3),
        vec![DomainEvent::RoundEnded {
            round: 2,
            winner: RED
        }]
    );
    assert!(state
        .apply(&wrd([Some(BLUE), Some(RED), None]), 4)
        .is_empty());
    // A correction of round 2 is reported; a round taken back is recorded silently.
    assert_eq!(
        state.apply(&wrd([None, Some(BLUE), None]), 5),
        vec![DomainEvent::RoundEnded {
            round: 2,
            winner: BLUE
        }]
    );
    assert_eq!(state.round_winners, [None, Some(BLUE), None]);
}

#[test]
fn win_finishes_the_match() {
    let mut state = folded(&running_match());
    state.apply(&clk_stop(0), 1);
    // win;BLUE;
    assert_eq!(
        state.apply(&win(BLUE), 9_000),
        vec![DomainEvent::MatchWon { side: BLUE }]
    );
    assert_eq!(
        (state.phase, state.winner, state.ended_at_us),
        (MatchPhase::Finished, Some(BLUE), Some(9_000))
    );
    assert!(state.apply(&win(BLUE), 9_500).is_empty());
    // A corrected winner is reported; the end time stays the first.
    assert_eq!(
        state.apply(&win(RED), 10_000),
        vec![DomainEvent::MatchWon { side: RED }]
    );
    assert_eq!(state.ended_at_us, Some(9_000));
    // The clock starting again after the winner does not reopen the match.
    state.apply(&clk_start(10), 11_000);
    assert_eq!(state.phase, MatchPhase::Finished);
}

#[test]
fn winner_shown_names_the_winner_when_win_did_not_come() {
    let mut state = folded(&running_match());
    // wmh;Nicolas DESMOND;
    let events = state.apply(&wmh("Nicolas DESMOND", None), 5_000);
    assert_eq!(
        events,
        vec![
            DomainEvent::WinnerShown,
            DomainEvent::MatchWon { side: BLUE }
        ]
    );
    assert_eq!(state.winner_name.as_deref(), Some("Nicolas DESMOND"));
    assert_eq!(
        (state.phase, state.ended_at_us),
        (MatchPhase::Finished, Some(5_000))
    );
    // Re-sent with the classification: wmh;Nicolas DESMOND;2-1 PTF;
    assert_eq!(
        state.apply(&wmh("Nicolas DESMOND", Some("2-1 PTF")), 6_000),
        vec![DomainEvent::WinnerShown]
    );
    assert_eq!(state.classification.as_deref(), Some("2-1 PTF"));
    // Re-sent without it keeps it.
    assert!(state.apply(&wmh("Nicolas DESMOND", None), 7_000).is_empty());
    assert_eq!(state.classification.as_deref(), Some("2-1 PTF"));
}

#[test]
fn winner_shown_matches_short_names_ignoring_case_and_spaces() {
    let mut state = folded(&running_match());
    let events = state.apply(&wmh(" m. thibault ", None), 1);
    assert_eq!(
        events,
        vec![
            DomainEvent::WinnerShown,
            DomainEvent::MatchWon { side: RED }
        ]
    );
}

#[test]
fn winner_shown_does_not_override_win_nor_guess_an_unknown_name() {
    let mut state = folded(&running_match());
    fold(
        &mut state,
        &[win(RED), wmh("Nicolas DESMOND", Some("2-1 PTF"))],
        1,
    );
    assert_eq!(state.winner, Some(RED));

    let mut state = folded(&running_match());
    assert_eq!(
        kinds(&state.apply(&wmh("Somebody ELSE", None), 1)),
        ["winner_shown"]
    );
    assert_eq!((state.winner, state.phase), (None, MatchPhase::Finished));
}

#[test]
fn video_time_changes() {
    let mut state = MatchState::new();
    // avt;0; avt;0; avt;1;
    let events = fold(
        &mut state,
        &[
            Message::VideoTime { value: 0 },
            Message::VideoTime { value: 0 },
            Message::VideoTime { value: 1 },
        ],
        0,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::VideoTimeChanged { value: 0 },
            DomainEvent::VideoTimeChanged { value: 1 }
        ]
    );
    assert_eq!(state.video_time, Some(1));
}

#[test]
fn sender_connected_and_disconnected() {
    let mut state = MatchState::new();
    let connected = Message::UdpConnected { port: 6000 };
    let disconnected = Message::UdpDisconnected { port: 6000 };
    let events = fold(
        &mut state,
        &[
            connected.clone(),
            connected,
            disconnected.clone(),
            disconnected,
        ],
        0,
    );
    assert_eq!(
        events,
        vec![
            DomainEvent::SenderConnected { port: 6000 },
            DomainEvent::SenderDisconnected { port: 6000 }
        ]
    );
    assert_eq!(
        state.sender,
        SenderLink {
            connected: false,
            port: Some(6000)
        }
    );
}

#[test]
fn other_and_raw_messages_change_nothing() {
    let mut state = folded(&running_match());
    let before = state.clone();
    let messages = [
        // sup;1;
        Message::Other {
            code: "sup".to_owned(),
            fields: vec!["1".to_owned()],
        },
        // hel;
        Message::Other {
            code: "hel".to_owned(),
            fields: Vec::new(),
        },
        Message::Raw {
            text: "xyz;1;".to_owned(),
            reason: "unknown stream \"xyz\"".to_owned(),
        },
    ];
    assert!(fold(&mut state, &messages, 1).is_empty());
    assert_eq!(state, before);
}

#[test]
fn event_kinds_are_stable_unique_snake_case() {
    use match_state::ChallengeOutcome;
    use pss::{ChallengeBy, Side};
    let every = [
        DomainEvent::MatchLoaded,
        DomainEvent::MatchConfigured,
        DomainEvent::AthleteSet { side: Side::Blue },
        DomainEvent::MatchReady,
        DomainEvent::ClockStarted { seconds: 1 },
        DomainEvent::ClockStopped { seconds: 1 },
        DomainEvent::ClockTick { seconds: 1 },
        DomainEvent::RoundChanged { round: 1 },
        DomainEvent::PointScored {
            side: Side::Red,
            kind: PointKind::Head,
            points: 3,
        },
        DomainEvent::HitRegistered {
            side: Side::Red,
            level: 1,
        },
        DomainEvent::ScoreChanged {
            side: Side::Red,
            total: 1,
        },
        DomainEvent::RoundScoreChanged {
            side: Side::Red,
            round: 1,
            score: 1,
        },
        DomainEvent::WarningGiven {
            side: Side::Red,
            count: 1,
        },
        DomainEvent::WarningRemoved {
            side: Side::Red,
            count: 0,
        },
        DomainEvent::InjuryStarted { side: None },
        DomainEvent::InjuryTick {
            side: None,
            seconds: 1,
        },
        DomainEvent::InjuryEnded { side: None },
        DomainEvent::BreakStarted { seconds: 1 },
        DomainEvent::BreakTick { seconds: 1 },
        DomainEvent::BreakStopped { seconds: 1 },
        DomainEvent::BreakEnded,
        DomainEvent::ChallengeRequested {
            by: ChallengeBy::Referee,
            index: 0,
        },
        DomainEvent::ChallengeResolved {
            by: ChallengeBy::Athlete(Side::Blue),
            index: 0,
            outcome: ChallengeOutcome::Accepted,
            won: Some(true),
        },
        DomainEvent::RoundEnded {
            round: 1,
            winner: Side::Blue,
        },
        DomainEvent::MatchWon { side: Side::Blue },
        DomainEvent::WinnerShown,
        DomainEvent::VideoTimeChanged { value: 1 },
        DomainEvent::SenderConnected { port: 6000 },
        DomainEvent::SenderDisconnected { port: 6000 },
    ];
    let mut names: Vec<&str> = every.iter().map(DomainEvent::kind).collect();
    assert_eq!(
        names[..4],
        [
            "match_loaded",
            "match_configured",
            "athlete_set",
            "match_ready"
        ]
    );
    for name in &names {
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name} is not snake_case"
        );
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), every.len(), "kinds are unique");

    assert_eq!(every[2].side(), Some(Side::Blue));
    assert_eq!(
        every[21].side(),
        None,
        "a referee challenge is about no athlete"
    );
    assert_eq!(every[22].side(), Some(Side::Blue));
    assert_eq!(every[23].side(), Some(Side::Blue));
    assert_eq!(every[0].side(), None);
}

#[test]
fn phase_names() {
    let names: Vec<&str> = [
        MatchPhase::Idle,
        MatchPhase::Loaded,
        MatchPhase::Ready,
        MatchPhase::Running,
        MatchPhase::Paused,
        MatchPhase::Break,
        MatchPhase::Finished,
    ]
    .into_iter()
    .map(MatchPhase::as_str)
    .collect();
    assert_eq!(
        names,
        ["idle", "loaded", "ready", "running", "paused", "break", "finished"]
    );
}
