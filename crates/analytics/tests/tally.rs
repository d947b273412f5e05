//! Analytics checked against an independent count: each built-in scenario and random matches
//! written by the simulator's `ScriptBuilder` (which keeps its own tally, not `match-state`'s)
//! go through the real pipeline into a real SQLite file; every count of points by kind and
//! side, gam-jeom and challenge outcomes equals the simulator's.

use std::net::SocketAddr;
use std::sync::Arc;

use analytics::{Analytics, KindCounts, Outcomes};
use app::ingest::{Pipeline, Received};
use proptest::prelude::*;
use pss::{AthleteInfo, ChallengeBy, MatchConfig, PointKind, Side};
use sim::{ExpectedOutcome, ExpectedResult, ScriptBuilder, Step, XorShift};
use store::{Store, StoreConfig};

/// Plays `matches` one after another into a store in `dir`; returns the database path.
fn store_matches(dir: &std::path::Path, matches: &[Vec<Step>]) -> std::path::PathBuf {
    let path = dir.join("vta.sqlite3");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let store = Store::open(StoreConfig::new(&path)).unwrap();
    let handle = store.handle();
    let schema = Arc::new(pss::Schema::v2_3().clone());
    let mut pipeline = Pipeline::new(Arc::clone(&schema), 1);
    let source: SocketAddr = "10.0.0.5:6000".parse().unwrap();
    let mut at_us = 1_764_000_000_000_000_i64;
    runtime.block_on(async {
        for steps in matches {
            for step in steps {
                at_us += i64::try_from(step.delay.as_micros()).unwrap().max(1);
                let bytes = schema.encode_datagram(&step.messages).into_bytes();
                let processed = pipeline.process(Received {
                    bytes,
                    source,
                    received_at_us: at_us,
                });
                handle.append(processed.record).await.unwrap();
            }
        }
        handle.flush().await.unwrap();
    });
    store.close().unwrap();
    path
}

fn kinds(counts: [u32; 5]) -> KindCounts {
    KindCounts {
        punch: counts[0].into(),
        body: counts[1].into(),
        head: counts[2].into(),
        technical_body: counts[3].into(),
        technical_head: counts[4].into(),
    }
}

/// The outcomes the simulator raised for `by`.
fn outcomes(expected: &ExpectedResult, by: Option<ChallengeBy>) -> Outcomes {
    let mut outcomes = Outcomes::default();
    for challenge in expected
        .challenges
        .iter()
        .filter(|c| by.is_none_or(|by| c.by == by))
    {
        outcomes.requested += 1;
        match challenge.outcome {
            ExpectedOutcome::Accepted { won } => {
                outcomes.accepted += 1;
                if won {
                    outcomes.won += 1;
                } else {
                    outcomes.lost += 1;
                }
            }
            ExpectedOutcome::Denied => outcomes.denied += 1,
            ExpectedOutcome::Cancelled => outcomes.cancelled += 1,
        }
    }
    outcomes
}

/// Checks the view of each stored match, newest last, and the day's and tournament's sums.
fn check(database: &std::path::Path, expected: &[ExpectedResult]) {
    let analytics = Analytics::open(database).unwrap();
    let reader = store::Reader::open(database).unwrap();
    let mut ids: Vec<i64> = reader.matches().unwrap().iter().map(|m| m.id).collect();
    ids.sort_unstable();
    assert_eq!(
        ids.len(),
        expected.len(),
        "one stored match per scripted match"
    );
    let (mut day_blue, mut day_red, mut gamjeom, mut all) = (
        KindCounts::default(),
        KindCounts::default(),
        (0, 0),
        Outcomes::default(),
    );
    for (id, expected) in ids.iter().zip(expected) {
        let view = analytics.match_view(*id).unwrap();
        assert_eq!(
            view.points.blue,
            kinds(expected.point_kinds[0]),
            "match {id} blue"
        );
        assert_eq!(
            view.points.red,
            kinds(expected.point_kinds[1]),
            "match {id} red"
        );
        assert_eq!(
            (view.gamjeom.blue, view.gamjeom.red),
            (expected.gam_jeom[0].into(), expected.gam_jeom[1].into())
        );
        assert_eq!(
            (view.score.blue, view.score.red),
            (expected.total[0].into(), expected.total[1].into())
        );
        let by = |side| Some(ChallengeBy::Athlete(side));
        assert_eq!(view.challenges.blue, outcomes(expected, by(Side::Blue)));
        assert_eq!(view.challenges.red, outcomes(expected, by(Side::Red)));
        assert_eq!(
            view.challenges.referee,
            outcomes(expected, Some(ChallengeBy::Referee))
        );
        assert_eq!(view.challenges.all, outcomes(expected, None));
        day_blue = add(day_blue, view.points.blue);
        day_red = add(day_red, view.points.red);
        gamjeom = (gamjeom.0 + view.gamjeom.blue, gamjeom.1 + view.gamjeom.red);
        all = Outcomes {
            requested: all.requested + view.challenges.all.requested,
            accepted: all.accepted + view.challenges.all.accepted,
            denied: all.denied + view.challenges.all.denied,
            cancelled: all.cancelled + view.challenges.all.cancelled,
            won: all.won + view.challenges.all.won,
            lost: all.lost + view.challenges.all.lost,
        };
    }
    let day_id = reader.active_day().unwrap().expect("a day").id;
    let day = analytics.day_view(day_id).unwrap();
    assert_eq!(
        (day.summary.points.blue, day.summary.points.red),
        (day_blue, day_red)
    );
    assert_eq!((day.summary.gamjeom.blue, day.summary.gamjeom.red), gamjeom);
    assert_eq!(day.summary.challenges.all, all);
    assert_eq!(day.summary.durations.matches, expected.len() as u64);
    let tournament_id = reader.active_day().unwrap().expect("a day").tournament_id;
    let tournament = analytics.tournament_view(tournament_id).unwrap();
    assert_eq!(tournament.summary.points, day.summary.points);
    assert_eq!(tournament.summary.challenges, day.summary.challenges);
}

fn add(a: KindCounts, b: KindCounts) -> KindCounts {
    KindCounts {
        punch: a.punch + b.punch,
        body: a.body + b.body,
        head: a.head + b.head,
        technical_body: a.technical_body + b.technical_body,
        technical_head: a.technical_head + b.technical_head,
    }
}

#[test]
fn the_built_in_scenarios_count_as_their_scripts_say() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios: Vec<sim::Scenario> = sim::ScenarioName::ALL
        .iter()
        .map(|name| sim::Scenario::new(*name))
        .collect();
    let steps: Vec<Vec<Step>> = scenarios.iter().map(|s| s.steps.clone()).collect();
    let expected: Vec<ExpectedResult> = scenarios.iter().map(|s| s.expected.clone()).collect();
    let database = store_matches(dir.path(), &steps);
    check(&database, &expected);
    // The athlete view of the championship's blue agrees with its match.
    let analytics = Analytics::open(&database).unwrap();
    let athletes = organiser_athletes(&database);
    let (id, _) = athletes
        .iter()
        .find(|(_, name)| *name == expected[0].blue.long_name)
        .expect("the championship's blue athlete");
    let view = analytics.athlete_view(*id).unwrap();
    assert_eq!(view.record.matches, 1);
    assert_eq!(view.points_for, kinds(expected[0].point_kinds[0]));
    assert_eq!(view.points_against, kinds(expected[0].point_kinds[1]));
    assert_eq!(view.record.gamjeom, u64::from(expected[0].gam_jeom[0]));
}

fn organiser_athletes(database: &std::path::Path) -> Vec<(i64, String)> {
    let db = rusqlite_connection(database);
    let mut statement = db.prepare("SELECT id, long_name FROM athletes").unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn rusqlite_connection(database: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(database).unwrap()
}

/// A random match by the simulator: `actions` points, gam-jeom and challenges over three
/// rounds, chosen by `seed`.
fn random_match(seed: u64, number: usize, actions: usize) -> (Vec<Step>, ExpectedResult) {
    let mut random = XorShift::new(seed);
    let config = MatchConfig {
        number: format!("R{number}"),
        phase: "Pool".into(),
        weight_class: "M- 68 kg".into(),
        total_rounds: Some(3),
        round_seconds: Some(120),
        ..MatchConfig::default()
    };
    let athlete = |name: String, ioc: &str| AthleteInfo {
        short_name: name.clone(),
        long_name: name,
        ioc: ioc.into(),
    };
    let mut b = ScriptBuilder::new(
        config,
        athlete(format!("Blue {number}"), "KOR"),
        athlete(format!("Red {number}"), "FRA"),
    );
    b.load();
    const KINDS: [PointKind; 5] = [
        PointKind::Punch,
        PointKind::Body,
        PointKind::Head,
        PointKind::TechnicalBody,
        PointKind::TechnicalHead,
    ];
    for round in 1..=3u8 {
        b.start_round(round);
        for step in 0..actions {
            let side = if random.below(2) == 0 {
                Side::Blue
            } else {
                Side::Red
            };
            b.run_clock_to(110u32.saturating_sub((step as u32 + 1) * 100 / actions as u32));
            match random.below(10) {
                0 => {
                    b.gam_jeom(side);
                }
                1 => {
                    let outcome = match random.below(4) {
                        0 => ExpectedOutcome::Accepted { won: true },
                        1 => ExpectedOutcome::Accepted { won: false },
                        2 => ExpectedOutcome::Denied,
                        _ => ExpectedOutcome::Cancelled,
                    };
                    let by = if random.below(5) == 0 {
                        ChallengeBy::Referee
                    } else {
                        ChallengeBy::Athlete(side)
                    };
                    b.challenge(by, outcome, Some(KINDS[random.below(5) as usize]));
                }
                _ => {
                    b.point(
                        side,
                        KINDS[random.below(5) as usize],
                        random.below(100) as u8,
                    );
                }
            }
        }
        b.end_round(Side::Blue);
    }
    b.finish();
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_matches_count_as_the_simulator_says(seed in 1u64.., matches in 1usize..4, actions in 1usize..12) {
        let dir = tempfile::tempdir().unwrap();
        let scripted: Vec<(Vec<Step>, ExpectedResult)> =
            (0..matches).map(|n| random_match(seed.wrapping_add(n as u64), n, actions)).collect();
        let steps: Vec<Vec<Step>> = scripted.iter().map(|(steps, _)| steps.clone()).collect();
        let expected: Vec<ExpectedResult> = scripted.into_iter().map(|(_, expected)| expected).collect();
        let database = store_matches(dir.path(), &steps);
        check(&database, &expected);
    }
}
