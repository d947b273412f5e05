//! A generated tournament: random matches written by [`ScriptBuilder`] (so each keeps its own
//! tally) between athletes of a fixed pool, for analytics checks and `vta bench analytics`.

use std::time::Duration;

use pss::{AthleteInfo, ChallengeBy, MatchConfig, PointKind, Side};

use crate::feed::XorShift;
use crate::script::{ExpectedOutcome, ExpectedResult, ScriptBuilder, Step};

const KINDS: [PointKind; 5] = [
    PointKind::Punch,
    PointKind::Body,
    PointKind::Head,
    PointKind::TechnicalBody,
    PointKind::TechnicalHead,
];

const COUNTRIES: [&str; 16] = [
    "KOR", "FRA", "ITA", "GBR", "CHN", "IRI", "TUR", "MEX", "BRA", "USA", "ESP", "SRB", "THA",
    "JOR", "CRO", "GER",
];

/// The size of a generated tournament.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TournamentPlan {
    /// Tournament days.
    pub days: u32,
    /// Courts fighting each day.
    pub courts: u32,
    /// Matches per court and day.
    pub matches_per_court: u32,
    /// Athletes in the pool.
    pub athletes: u32,
    /// Seed of the generator.
    pub seed: u64,
}

impl TournamentPlan {
    /// 4 days × 8 courts × 47 matches (1,504 matches, over 1 M events) among 256 athletes.
    pub fn championship(seed: u64) -> TournamentPlan {
        TournamentPlan {
            days: 4,
            courts: 8,
            matches_per_court: 47,
            athletes: 256,
            seed,
        }
    }
}

/// One generated match: the day it belongs to (0-based), its datagrams, its tally.
#[derive(Debug, Clone)]
pub struct PlannedMatch {
    /// Day index, 0-based.
    pub day: u32,
    /// Court, 1-based.
    pub court: u32,
    /// The datagrams, with their delays.
    pub steps: Vec<Step>,
    /// What the script counted.
    pub expected: ExpectedResult,
}

/// Every match of `plan`, day by day (court after court within a day).
pub fn generate(plan: TournamentPlan) -> impl Iterator<Item = PlannedMatch> {
    let per_day = plan.courts * plan.matches_per_court;
    (0..plan.days * per_day).map(move |index| {
        let day = index / per_day;
        let court = index % plan.courts + 1;
        let seed = plan
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(u64::from(index));
        let (steps, expected) = random_match(seed, index as usize + 1, 10, plan.athletes);
        PlannedMatch {
            day,
            court,
            steps,
            expected,
        }
    })
}

/// The athlete number `n` of the pool.
fn pool_athlete(n: u32) -> AthleteInfo {
    let ioc = COUNTRIES[(n as usize) % COUNTRIES.len()];
    AthleteInfo {
        short_name: format!("A. {n:03}"),
        long_name: format!("Athlete {n:03}"),
        ioc: ioc.into(),
    }
}

/// A random three-round match number `number` chosen by `seed`: `actions` scoring, penalty or
/// challenge moments per round, between two athletes of a pool of `athletes`.
pub fn random_match(
    seed: u64,
    number: usize,
    actions: usize,
    athletes: u32,
) -> (Vec<Step>, ExpectedResult) {
    let mut random = XorShift::new(seed);
    let blue = random.below(u64::from(athletes.max(2))) as u32;
    let red = (blue + 1 + random.below(u64::from(athletes.max(2) - 1)) as u32) % athletes.max(2);
    let config = MatchConfig {
        number: format!("{number}"),
        phase: "Pool".into(),
        weight_class: "M- 68 kg".into(),
        total_rounds: Some(3),
        round_seconds: Some(120),
        ..MatchConfig::default()
    };
    let mut b = ScriptBuilder::new(config, pool_athlete(blue), pool_athlete(red));
    b.load();
    let actions = actions.max(1);
    for round in 1..=3u8 {
        b.start_round(round);
        for step in 0..actions {
            let side = if random.below(2) == 0 {
                Side::Blue
            } else {
                Side::Red
            };
            b.run_clock_to(118u32.saturating_sub((step as u32 + 1) * 110 / actions as u32));
            match random.below(12) {
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
        b.run_clock_to(0);
        b.end_round(Side::Blue);
        if round < 3 {
            b.wait(Duration::from_secs(30));
        }
    }
    b.finish();
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_championship_plan_makes_fifteen_hundred_matches_between_two_athletes_each() {
        let plan = TournamentPlan::championship(7);
        let mut count = 0;
        for planned in generate(plan) {
            assert_ne!(
                planned.expected.blue.long_name,
                planned.expected.red.long_name
            );
            assert!(planned.court >= 1 && planned.court <= plan.courts);
            assert!(planned.day < plan.days);
            count += 1;
        }
        assert_eq!(count, 1504);
    }
}
