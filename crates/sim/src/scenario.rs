//! The built-in matches: `championship` (the demo), `basic` and `training`.

use std::fmt;
use std::str::FromStr;

use pss::{AthleteInfo, ChallengeBy, CountDirection, MatchConfig, PointKind, Rgb, Side};

use crate::script::{ExpectedOutcome, ExpectedResult, ScriptBuilder, Step};

/// A named, scripted match and the result it must produce.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario's name (`championship`, `basic`, `training`).
    pub name: ScenarioName,
    /// The datagrams to send, in order, with their delays.
    pub steps: Vec<Step>,
    /// What a correct listener stores once every step was received.
    pub expected: ExpectedResult,
}

/// The built-in scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioName {
    /// A full championship bout: three rounds, all five point kinds, hit levels, gam-jeom, an
    /// injury, breaks, challenges accepted and won, denied, cancelled, a referee review.
    Championship,
    /// A short, clean three-round match: points and round winners only.
    Basic,
    /// A training bout of two short rounds with a referee review and no breaks to speak of.
    Training,
}

impl ScenarioName {
    /// Every built-in scenario.
    pub const ALL: [ScenarioName; 3] = [
        ScenarioName::Championship,
        ScenarioName::Basic,
        ScenarioName::Training,
    ];

    /// The scenario's command-line name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioName::Championship => "championship",
            ScenarioName::Basic => "basic",
            ScenarioName::Training => "training",
        }
    }
}

impl fmt::Display for ScenarioName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ScenarioName {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ScenarioName::ALL
            .into_iter()
            .find(|name| name.as_str() == text)
            .ok_or_else(|| format!("unknown scenario {text:?} (championship, basic, training)"))
    }
}

impl Scenario {
    /// Builds the named scenario.
    pub fn new(name: ScenarioName) -> Scenario {
        let builder = match name {
            ScenarioName::Championship => championship(),
            ScenarioName::Basic => basic(),
            ScenarioName::Training => training(),
        };
        let (steps, expected) = builder.build();
        Scenario {
            name,
            steps,
            expected,
        }
    }

    /// How long the scenario takes at real speed.
    pub fn duration(&self) -> std::time::Duration {
        self.steps.iter().map(|step| step.delay).sum()
    }
}

fn athlete(short: &str, long: &str, ioc: &str) -> AthleteInfo {
    AthleteInfo {
        short_name: short.into(),
        long_name: long.into(),
        ioc: ioc.into(),
    }
}

fn rgb(r: u8, g: u8, b: u8) -> Option<Rgb> {
    Some(Rgb { r, g, b })
}

fn config(number: &str, phase: &str, weight: &str, rounds: u32, seconds: u32) -> MatchConfig {
    MatchConfig {
        number: number.into(),
        phase: phase.into(),
        weight_class: weight.into(),
        rounds: Some(1),
        blue_background: rgb(0, 0, 255),
        blue_foreground: rgb(255, 255, 255),
        red_background: rgb(255, 0, 0),
        red_foreground: rgb(255, 255, 255),
        match_id: format!(
            "{:08x}",
            number
                .bytes()
                .map(u32::from)
                .sum::<u32>()
                .wrapping_mul(2_654_435_761)
        ),
        division: "Senior".into(),
        total_rounds: Some(rounds),
        round_seconds: Some(seconds),
        count_direction: Some(CountDirection::Down),
        count_up: Some(18),
        format: Some(1),
    }
}

/// The demo's match: see [`ScenarioName::Championship`].
fn championship() -> ScriptBuilder {
    use PointKind::*;
    use Side::*;
    let mut b = ScriptBuilder::new(
        config("101", "Round of 16", "M- 80 kg", 3, 120),
        athlete("N. DESMOND", "Nicolas DESMOND", "FRA"),
        athlete("M. MÜLLER", "Marcel MÜLLER", "SUI"),
    );
    b.load();

    // Round 1: blue wins 8-4.
    b.start_round(1).run_clock_to(112).point(Blue, Body, 38);
    b.run_clock_to(101).point(Red, Punch, 0);
    b.run_clock_to(95)
        .stop_clock()
        .wait(std::time::Duration::from_secs(5))
        .resume_clock();
    b.run_clock_to(87).point(Blue, Head, 61);
    b.run_clock_to(80)
        .challenge(ChallengeBy::Athlete(Red), ExpectedOutcome::Denied, None);
    b.run_clock_to(66).gam_jeom(Red);
    b.run_clock_to(52)
        .point(Red, Body, 27)
        .point(Blue, Punch, 0);
    b.run_clock_to(40).injury(Red, 8);
    b.run_clock_to(23).point(Blue, Punch, 0);
    b.run_clock_to(9).point(Red, Punch, 0);
    b.end_round(Blue).break_time(60);

    // Round 2: red wins 9-5, with a challenge accepted and won by red.
    b.start_round(2)
        .run_clock_to(110)
        .point(Red, TechnicalBody, 44);
    b.run_clock_to(97).point(Blue, Body, 31);
    b.run_clock_to(85).challenge(
        ChallengeBy::Athlete(Red),
        ExpectedOutcome::Accepted { won: true },
        Some(Head),
    );
    b.run_clock_to(70).gam_jeom(Blue).gam_jeom(Red);
    b.run_clock_to(58).point(Blue, Punch, 0);
    b.run_clock_to(44)
        .challenge(ChallengeBy::Athlete(Blue), ExpectedOutcome::Cancelled, None);
    b.run_clock_to(30)
        .point(Blue, Punch, 0)
        .point(Red, Punch, 0);
    b.end_round(Red).break_time(60);

    // Round 3: blue wins 11-3 with a turning head kick and a won challenge.
    b.start_round(3)
        .run_clock_to(105)
        .point(Blue, TechnicalHead, 88);
    b.run_clock_to(92).challenge(
        ChallengeBy::Athlete(Blue),
        ExpectedOutcome::Accepted { won: true },
        Some(Body),
    );
    b.run_clock_to(77).point(Red, Body, 29);
    b.run_clock_to(60).challenge(
        ChallengeBy::Referee,
        ExpectedOutcome::Accepted { won: false },
        None,
    );
    b.run_clock_to(48).gam_jeom(Red).point(Blue, Head, 72);
    b.run_clock_to(20).point(Red, Punch, 0);
    b.end_round(Blue).finish();
    b
}

/// A short clean match: see [`ScenarioName::Basic`].
fn basic() -> ScriptBuilder {
    use PointKind::*;
    use Side::*;
    let mut b = ScriptBuilder::new(
        config("245.A", "Final", "W- 57 kg", 3, 60),
        athlete("A. KIM", "Ana KIM", "KOR"),
        athlete("L. ROSSI", "Lucia ROSSI", "ITA"),
    );
    b.load();
    b.start_round(1).run_clock_to(40).point(Blue, Body, 35);
    b.run_clock_to(20).point(Red, Head, 50);
    b.end_round(Red).break_time(30);
    b.start_round(2).run_clock_to(45).point(Blue, Head, 66);
    b.end_round(Blue).break_time(30);
    b.start_round(3).run_clock_to(30).point(Blue, Punch, 0);
    b.end_round(Blue).finish();
    b
}

/// A training bout: see [`ScenarioName::Training`].
fn training() -> ScriptBuilder {
    use PointKind::*;
    use Side::*;
    let mut b = ScriptBuilder::new(
        config("T1", "Training", "Open", 2, 45),
        athlete("BLUE", "Blue Trainee", "GBR"),
        athlete("RED", "Red Trainee", "GBR"),
    );
    b.load();
    b.start_round(1).run_clock_to(30).point(Red, Body, 25);
    b.run_clock_to(20).challenge(
        ChallengeBy::Referee,
        ExpectedOutcome::Accepted { won: true },
        None,
    );
    b.end_round(Blue).break_time(10);
    b.start_round(2)
        .run_clock_to(15)
        .point(Blue, Head, 40)
        .point(Blue, Punch, 0);
    b.end_round(Blue).finish();
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn championship_covers_the_demo_requirements() {
        let scenario = Scenario::new(ScenarioName::Championship);
        let expected = &scenario.expected;
        assert_eq!(
            expected.round_winners,
            [Some(Side::Blue), Some(Side::Red), Some(Side::Blue)]
        );
        assert_eq!(expected.winner, Some(Side::Blue));
        assert_eq!(expected.total, [24, 16]);
        assert_eq!(expected.gam_jeom, [1, 3]);
        let outcomes: Vec<_> = expected.challenges.iter().map(|c| c.outcome).collect();
        assert!(outcomes.contains(&ExpectedOutcome::Accepted { won: true }));
        assert!(outcomes.contains(&ExpectedOutcome::Denied));
        assert!(outcomes.contains(&ExpectedOutcome::Cancelled));
        let kinds: std::collections::HashSet<_> = scenario
            .steps
            .iter()
            .flat_map(|step| &step.messages)
            .filter_map(|m| match m {
                pss::Message::Point { kind, .. } => Some(kind.code()),
                _ => None,
            })
            .collect();
        assert_eq!(kinds.len(), 5, "all five point kinds are played");
    }

    #[test]
    fn wire_times_are_real_countdowns() {
        let schema = pss::Schema::v2_3();
        for name in ScenarioName::ALL {
            for step in Scenario::new(name).steps {
                let text = schema.encode_datagram(&step.messages);
                for field in text.split(';') {
                    if let Some((minutes, seconds)) = field.split_once(':') {
                        if minutes.bytes().all(|b| b.is_ascii_digit()) && !minutes.is_empty() {
                            let seconds: u32 = seconds.parse().expect("seconds are digits");
                            assert!(seconds < 60, "{name}: {text}");
                            assert_eq!(seconds_len(field), 2, "{name}: {text}");
                        }
                    }
                }
            }
        }
    }

    fn seconds_len(field: &str) -> usize {
        field.split_once(':').map_or(0, |(_, s)| s.len())
    }

    #[test]
    fn scenario_names_round_trip() {
        for name in ScenarioName::ALL {
            assert_eq!(name.as_str().parse::<ScenarioName>(), Ok(name));
        }
        assert!("final".parse::<ScenarioName>().is_err());
    }
}
