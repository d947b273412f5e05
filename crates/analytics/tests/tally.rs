//! Analytics checked against an independent count: each built-in scenario and random matches
//! written by the simulator's `ScriptBuilder` (which keeps its own tally, not `match-state`'s)
//! go through the real pipeline into a real SQLite file; every count of points by kind and
//! side, gam-jeom and challenge outcomes equals the simulator's.

use std::net::SocketAddr;
use std::sync::Arc;

use analytics::{Analytics, KindCounts, Outcomes};
use app::ingest::{Pipeline, Received};
use proptest::prelude::*;
use pss::{ChallengeBy, Side};
use sim::{ExpectedOutcome, ExpectedResult, Step, TournamentPlan};
use store::{Store, StoreConfig};

/// Plays `matches` one after another into a store in `dir`; returns the database path.
fn store_matches(dir: &std::path::Path, matches: &[Vec<Step>]) -> std::path::PathBuf {
    let path = dir.join("vta.sqlite3");
    append_matches(&path, matches);
    path
}

/// Plays `matches` one after another into the store at `path`, after what it holds.
fn append_matches(path: &std::path::Path, matches: &[Vec<Step>]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let store = Store::open(StoreConfig::new(path)).unwrap();
    let handle = store.handle();
    let schema = Arc::new(pss::Schema::v2_3().clone());
    let next_seq = store::Reader::open(path).unwrap().datagram_count().unwrap() + 1;
    let mut pipeline = Pipeline::new(Arc::clone(&schema), next_seq);
    let source: SocketAddr = "10.0.0.5:6000".parse().unwrap();
    // Later calls continue later: a second per datagram already stored.
    let mut at_us = 1_764_000_000_000_000_i64 + i64::try_from(next_seq).unwrap() * 1_000_000;
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
    // The tallies the triggers keep say what the events say.
    let db = rusqlite_connection(database);
    let mut statement = db
        .prepare("SELECT kind, count(*) FROM events WHERE match_id IS NOT NULL GROUP BY kind")
        .unwrap();
    let counted: std::collections::BTreeMap<String, u64> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tournament.summary.events_by_kind, counted);
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_matches_count_as_the_simulator_says(seed in 1u64.., matches in 1usize..4, actions in 1usize..12) {
        let dir = tempfile::tempdir().unwrap();
        let scripted: Vec<(Vec<Step>, ExpectedResult)> =
            (0..matches).map(|n| sim::random_match(seed.wrapping_add(n as u64), n, actions, 1000)).collect();
        let steps: Vec<Vec<Step>> = scripted.iter().map(|(steps, _)| steps.clone()).collect();
        let expected: Vec<ExpectedResult> = scripted.into_iter().map(|(_, expected)| expected).collect();
        let database = store_matches(dir.path(), &steps);
        check(&database, &expected);
    }
}

#[test]
fn a_generated_tournament_counts_as_the_simulator_says_per_match_day_and_tournament() {
    let dir = tempfile::tempdir().unwrap();
    let plan = TournamentPlan {
        days: 2,
        courts: 2,
        matches_per_court: 3,
        athletes: 8,
        seed: 42,
    };
    let planned: Vec<sim::PlannedMatch> = sim::generate(plan).collect();
    let database = dir.path().join("vta.sqlite3");
    let mut day_ids = Vec::new();
    for day in 0..plan.days {
        let of_day: Vec<&sim::PlannedMatch> = planned.iter().filter(|m| m.day == day).collect();
        if day > 0 {
            let mut records = organiser::Organiser::open(&database).unwrap();
            let tournament = records.active_day().unwrap().unwrap().tournament_id;
            let created = records
                .create_day(tournament, &format!("Day {}", day + 1), None)
                .unwrap();
            records.activate_day(created.id).unwrap();
        }
        let steps: Vec<Vec<Step>> = of_day.iter().map(|m| m.steps.clone()).collect();
        append_matches(&database, &steps);
        day_ids.push(
            store::Reader::open(&database)
                .unwrap()
                .active_day()
                .unwrap()
                .unwrap()
                .id,
        );
    }
    let analytics = Analytics::open(&database).unwrap();
    let reader = store::Reader::open(&database).unwrap();
    let mut ids: Vec<i64> = reader.matches().unwrap().iter().map(|m| m.id).collect();
    ids.sort_unstable();
    assert_eq!(ids.len(), planned.len());
    let mut per_day = vec![
        (
            KindCounts::default(),
            KindCounts::default(),
            Outcomes::default()
        );
        day_ids.len()
    ];
    for (id, planned) in ids.iter().zip(&planned) {
        let view = analytics.match_view(*id).unwrap();
        assert_eq!(view.points.blue, kinds(planned.expected.point_kinds[0]));
        assert_eq!(view.points.red, kinds(planned.expected.point_kinds[1]));
        assert_eq!(view.challenges.all, outcomes(&planned.expected, None));
        let entry = &mut per_day[planned.day as usize];
        entry.0 = add(entry.0, view.points.blue);
        entry.1 = add(entry.1, view.points.red);
        entry.2 = sum(entry.2, outcomes(&planned.expected, None));
    }
    for (day_id, (blue, red, challenges)) in day_ids.iter().zip(&per_day) {
        let view = analytics.day_view(*day_id).unwrap();
        assert_eq!(
            (view.summary.points.blue, view.summary.points.red),
            (*blue, *red)
        );
        assert_eq!(view.summary.challenges.all, *challenges);
        assert_eq!(
            view.summary.durations.matches,
            u64::from(plan.courts * plan.matches_per_court)
        );
    }
    let tournament_id = reader.active_day().unwrap().unwrap().tournament_id;
    let tournament = analytics.tournament_view(tournament_id).unwrap();
    let all_blue = per_day
        .iter()
        .fold(KindCounts::default(), |total, day| add(total, day.0));
    assert_eq!(tournament.summary.points.blue, all_blue);
    assert_eq!(tournament.summary.durations.matches, planned.len() as u64);
    assert!(tournament.top_by_points.len() <= 10 && !tournament.top_by_points.is_empty());
}

fn sum(a: Outcomes, b: Outcomes) -> Outcomes {
    Outcomes {
        requested: a.requested + b.requested,
        accepted: a.accepted + b.accepted,
        denied: a.denied + b.denied,
        cancelled: a.cancelled + b.cancelled,
        won: a.won + b.won,
        lost: a.lost + b.lost,
    }
}
