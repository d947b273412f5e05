//! `vta demo` stores the scenario's match exactly as the scenario expects.

use pss::{ChallengeBy, Side};
use serde_json::Value;
use sim::{ExpectedOutcome, Scenario, ScenarioName};

use crate::common::vta_output;

#[test]
fn demo_stores_the_expected_championship_match() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().to_str().expect("utf-8 path");
    let demo = vta_output(&[
        "demo",
        "--speed",
        "400",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data_dir,
    ]);
    let stdout = String::from_utf8_lossy(&demo.stdout);
    let stderr = String::from_utf8_lossy(&demo.stderr);
    assert!(demo.status.success(), "demo failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("equals the scenario's expected result"),
        "{stdout}"
    );

    let listed = vta_output(&["matches", "--json", "--data-dir", data_dir]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let matches: Value = serde_json::from_slice(&listed.stdout).expect("matches --json is JSON");
    let matches = matches.as_array().expect("a JSON array");
    assert_eq!(matches.len(), 1, "{matches:#?}");
    check_match(
        &matches[0],
        &Scenario::new(ScenarioName::Championship).expected,
    );
}

fn side_name(side: Option<Side>) -> Value {
    side.map_or(Value::Null, |side| Value::from(side.as_str()))
}

/// Compares one element of `vta matches --json` with the scenario's expectation, field by field.
pub(crate) fn check_match(stored: &Value, expected: &sim::ExpectedResult) {
    assert_eq!(stored["match_number"], expected.match_number);
    for (key, athlete) in [("blue", &expected.blue), ("red", &expected.red)] {
        assert_eq!(
            stored[key]["short_name"],
            athlete.short_name.as_str(),
            "{key}"
        );
        assert_eq!(
            stored[key]["long_name"],
            athlete.long_name.as_str(),
            "{key}"
        );
        assert_eq!(stored[key]["ioc"], athlete.ioc.as_str(), "{key}");
    }
    assert_eq!(stored["score"]["blue"], expected.total[0]);
    assert_eq!(stored["score"]["red"], expected.total[1]);
    for round in 0..3 {
        assert_eq!(
            stored["round_scores"][round]["blue"],
            expected.round_scores[0][round]
        );
        assert_eq!(
            stored["round_scores"][round]["red"],
            expected.round_scores[1][round]
        );
    }
    assert_eq!(stored["gamjeom"]["blue"], expected.gam_jeom[0]);
    assert_eq!(stored["gamjeom"]["red"], expected.gam_jeom[1]);
    let winners: Vec<Value> = expected
        .round_winners
        .iter()
        .map(|w| side_name(*w))
        .collect();
    assert_eq!(stored["round_winners"], Value::from(winners));
    assert_eq!(stored["winner"], side_name(expected.winner));
    let challenges = stored["challenges"].as_array().expect("challenges array");
    assert_eq!(
        challenges.len(),
        expected.challenges.len(),
        "{challenges:#?}"
    );
    for (stored, expected) in challenges.iter().zip(&expected.challenges) {
        let side = match expected.by {
            ChallengeBy::Referee => "referee",
            ChallengeBy::Athlete(side) => side.as_str(),
        };
        assert_eq!(stored["side"], side);
        let (outcome, won) = match expected.outcome {
            ExpectedOutcome::Accepted { won } => ("accepted", Value::from(won)),
            ExpectedOutcome::Denied => ("denied", Value::Null),
            ExpectedOutcome::Cancelled => ("cancelled", Value::Null),
        };
        assert_eq!(stored["outcome"], outcome, "{stored}");
        assert_eq!(stored["won"], won, "{stored}");
    }
}
