//! `vta matches` and `vta events`: the store read from a shell, as text or JSON.
//!
//! The JSON is the API's own shape (`server::dto`), so a script reading `vta matches --json`
//! and the UI reading `/api/matches` see the same thing.

use anyhow::Result;
use pss::{ChallengeBy, Side};
use serde_json::Value;
use store::{EventFilter, MatchRow, MatchSideRow, Reader};

use crate::cli::{EventsArgs, MatchesArgs};
use crate::config::existing_database;

/// Prints the stored matches, newest first.
pub fn matches(args: MatchesArgs) -> Result<()> {
    let database = existing_database(args.query.data.data_dir.clone())?;
    let reader = Reader::open(&database)?;
    let tournament_id = match &args.tournament {
        Some(key) => Some(
            organiser::Organiser::open(&database)?
                .find_tournament(key)?
                .id,
        ),
        None => None,
    };
    let matches = reader.matches_filed(store::MatchFilter {
        tournament_id,
        day_id: args.day,
        athlete_id: None,
    })?;
    let args = args.query;
    if args.json {
        let list: Vec<Value> = matches.iter().map(server::dto::stored_match).collect();
        println!("{}", serde_json::to_string_pretty(&Value::from(list))?);
    } else if matches.is_empty() {
        println!("no matches stored");
    } else {
        for row in &matches {
            print!("{}", describe_match(row));
        }
    }
    Ok(())
}

/// Prints the stored events, newest first.
pub fn events(args: EventsArgs) -> Result<()> {
    let reader = Reader::open(existing_database(args.query.data.data_dir)?)?;
    let filter = EventFilter {
        match_id: args.match_id,
        kind: args.kind,
        limit: Some(u64::from(args.limit)),
        offset: 0,
    };
    let events = reader.events(filter)?;
    if args.query.json {
        let list: Vec<Value> = events.iter().map(server::dto::event).collect();
        println!("{}", serde_json::to_string_pretty(&Value::from(list))?);
    } else {
        for e in &events {
            println!(
                "#{:<7} R{} {:>5}  {:<15} {:<6} {}",
                e.seq,
                e.round.map_or("-".into(), |r| r.to_string()),
                e.clock_seconds
                    .map_or("-".into(), |s| format!("{}:{:02}", s / 60, s % 60)),
                e.kind,
                e.side.as_deref().unwrap_or(""),
                e.data.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}

/// A few lines describing one stored match for a person.
pub fn describe_match(row: &MatchRow) -> String {
    let name = |side: &MatchSideRow| {
        format!(
            "{} ({})",
            side.long_name.as_deref().unwrap_or("?"),
            side.ioc.as_deref().unwrap_or("?")
        )
    };
    let rounds: Vec<String> = (0..3)
        .map(|r| format!("{}-{}", row.blue.round_scores[r], row.red.round_scores[r]))
        .collect();
    let winners: Vec<&str> = row
        .round_winners
        .iter()
        .map(|w| w.map_or("-", Side::as_str))
        .collect();
    let challenges: Vec<String> = row
        .challenges
        .iter()
        .map(|c| {
            let won = match c.won {
                Some(true) => " won",
                Some(false) => " lost",
                None => "",
            };
            format!("{} {}{won}", c.by.as_str(), c.outcome.as_str())
        })
        .collect();
    format!(
        "match {} (#{}) {} {} {}\n  blue {}  {} : {}  red {}\n  rounds {}  round winners {}  \
         gam-jeom {}-{}  winner {}{}\n  challenges: {}\n",
        row.number.as_deref().unwrap_or("?"),
        row.id,
        row.phase.as_deref().unwrap_or(""),
        row.weight_class.as_deref().unwrap_or(""),
        row.division.as_deref().unwrap_or(""),
        name(&row.blue),
        row.blue.score,
        row.red.score,
        name(&row.red),
        rounds.join(" "),
        winners.join(" "),
        row.blue.gamjeom,
        row.red.gamjeom,
        row.winner.map_or("none", Side::as_str),
        row.classification
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default(),
        if challenges.is_empty() {
            "none".into()
        } else {
            challenges.join(", ")
        },
    )
}

/// Every way the stored match differs from what the scenario expects; empty when equal.
pub fn compare_with_expected(row: &MatchRow, expected: &sim::ExpectedResult) -> Vec<String> {
    let mut differences = Vec::new();
    let mut check = |what: &str, stored: String, wanted: String| {
        if stored != wanted {
            differences.push(format!("{what}: stored {stored}, expected {wanted}"));
        }
    };
    check(
        "match number",
        format!("{:?}", row.number),
        format!("{:?}", Some(&expected.match_number)),
    );
    for (side, athlete) in [(Side::Blue, &expected.blue), (Side::Red, &expected.red)] {
        let stored = row.side(side);
        check(
            &format!("{} athlete", side.as_str()),
            format!(
                "{:?} {:?} {:?}",
                stored.short_name, stored.long_name, stored.ioc
            ),
            format!(
                "{:?} {:?} {:?}",
                Some(&athlete.short_name),
                Some(&athlete.long_name),
                Some(&athlete.ioc)
            ),
        );
    }
    check(
        "total",
        format!("{}-{}", row.blue.score, row.red.score),
        format!("{}-{}", expected.total[0], expected.total[1]),
    );
    for round in 0..3 {
        check(
            &format!("round {} score", round + 1),
            format!(
                "{}-{}",
                row.blue.round_scores[round], row.red.round_scores[round]
            ),
            format!(
                "{}-{}",
                expected.round_scores[0][round], expected.round_scores[1][round]
            ),
        );
    }
    check(
        "gam-jeom",
        format!("{}-{}", row.blue.gamjeom, row.red.gamjeom),
        format!("{}-{}", expected.gam_jeom[0], expected.gam_jeom[1]),
    );
    check(
        "round winners",
        format!("{:?}", row.round_winners),
        format!("{:?}", expected.round_winners),
    );
    check(
        "winner",
        format!("{:?}", row.winner),
        format!("{:?}", expected.winner),
    );
    let stored: Vec<String> = row
        .challenges
        .iter()
        .map(|c| format!("{} {} {:?}", c.by.as_str(), c.outcome.as_str(), c.won))
        .collect();
    let wanted: Vec<String> = expected
        .challenges
        .iter()
        .map(|c| {
            let by = match c.by {
                ChallengeBy::Referee => "referee",
                ChallengeBy::Athlete(side) => side.as_str(),
            };
            let (outcome, won) = match c.outcome {
                sim::ExpectedOutcome::Accepted { won } => ("accepted", Some(won)),
                sim::ExpectedOutcome::Denied => ("denied", None),
                sim::ExpectedOutcome::Cancelled => ("cancelled", None),
            };
            format!("{by} {outcome} {won:?}")
        })
        .collect();
    check("challenges", stored.join(", "), wanted.join(", "));
    differences
}
