//! Every view as named tables, for CSV export ([`Table::csv`]).

use crate::figures::{ChallengeStats, KindCounts, Outcomes, SidePoints};
use crate::views::{AthleteRank, AthleteView, DayView, MatchSummary, MatchView, TournamentView};

/// One table of a view: a name, a header and rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's name (`points`, `timeline`, ...).
    pub name: &'static str,
    /// Column names.
    pub header: Vec<&'static str>,
    /// Rows, as many cells as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(name: &'static str, header: &[&'static str]) -> Table {
        Table {
            name,
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// RFC 4180 text: a header line, then one line per row; a cell with a comma, a quote or
    /// a line break is quoted, its quotes doubled.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
            let cells: Vec<String> = cells.map(quote).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        };
        line(&mut self.header.iter().copied(), &mut out);
        for row in &self.rows {
            line(&mut row.iter().map(String::as_str), &mut out);
        }
        out
    }
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

const KINDS: [&str; 5] = ["punch", "body", "head", "technical_body", "technical_head"];

fn kind_values(counts: &KindCounts) -> [u64; 5] {
    [
        counts.punch,
        counts.body,
        counts.head,
        counts.technical_body,
        counts.technical_head,
    ]
}

fn points_table(points: &SidePoints) -> Table {
    let mut table = Table::new("points", &["side", "kind", "count"]);
    for (side, counts) in [("blue", &points.blue), ("red", &points.red)] {
        for (kind, count) in KINDS.iter().zip(kind_values(counts)) {
            table.row(vec![side.into(), (*kind).into(), count.to_string()]);
        }
    }
    table
}

fn challenges_table(stats: &ChallengeStats) -> Table {
    let mut table = Table::new(
        "challenges",
        &[
            "by",
            "requested",
            "accepted",
            "denied",
            "cancelled",
            "won",
            "lost",
        ],
    );
    let row = |by: &str, o: &Outcomes| {
        vec![
            by.to_owned(),
            o.requested.to_string(),
            o.accepted.to_string(),
            o.denied.to_string(),
            o.cancelled.to_string(),
            o.won.to_string(),
            o.lost.to_string(),
        ]
    };
    for (by, outcomes) in [
        ("blue", &stats.blue),
        ("red", &stats.red),
        ("referee", &stats.referee),
        ("all", &stats.all),
    ] {
        table.row(row(by, outcomes));
    }
    table
}

fn summary_tables(summary: &MatchSummary) -> Vec<Table> {
    let mut figures = Table::new("summary", &["figure", "value"]);
    let d = &summary.durations;
    for (name, value) in [
        ("matches", Some(d.matches as f64)),
        ("finished", Some(d.finished as f64)),
        ("completion_rate", d.completion_rate),
        ("average_wall_seconds", d.average_wall_seconds),
        ("average_clock_seconds", d.average_clock_seconds),
        ("events_per_minute", d.events_per_minute),
        ("gamjeom_blue", Some(summary.gamjeom.blue as f64)),
        ("gamjeom_red", Some(summary.gamjeom.red as f64)),
        ("overturn_rate", summary.challenges.overturn_rate),
        ("replay_p50_ms", summary.challenges.replay.p50_ms),
        ("replay_p95_ms", summary.challenges.replay.p95_ms),
    ] {
        figures.row(vec![name.into(), text(value)]);
    }
    let mut kinds = Table::new("events_by_kind", &["kind", "count"]);
    for (kind, count) in &summary.events_by_kind {
        kinds.row(vec![kind.clone(), count.to_string()]);
    }
    vec![
        figures,
        points_table(&summary.points),
        challenges_table(&summary.challenges),
        kinds,
    ]
}

fn ranking_table(name: &'static str, ranks: &[AthleteRank]) -> Table {
    let mut table = Table::new(
        name,
        &[
            "rank",
            "athlete_id",
            "name",
            "ioc",
            "matches",
            "wins",
            "points",
            "win_rate",
        ],
    );
    for (rank, athlete) in ranks.iter().enumerate() {
        table.row(vec![
            (rank + 1).to_string(),
            athlete.athlete_id.to_string(),
            athlete.name.clone(),
            athlete.ioc.clone(),
            athlete.matches.to_string(),
            athlete.wins.to_string(),
            athlete.points.to_string(),
            text(athlete.win_rate),
        ]);
    }
    table
}

/// The tables of a match view.
pub fn match_tables(view: &MatchView) -> Vec<Table> {
    let mut rounds = Table::new("points_by_round", &["round", "side", "kind", "count"]);
    for round in &view.points_by_round {
        for (side, counts) in [("blue", &round.blue), ("red", &round.red)] {
            for (kind, count) in KINDS.iter().zip(kind_values(counts)) {
                rounds.row(vec![
                    round.round.to_string(),
                    side.into(),
                    (*kind).into(),
                    count.to_string(),
                ]);
            }
        }
    }
    let mut timeline = Table::new(
        "timeline",
        &["at_us", "round", "clock_seconds", "kind", "side", "value"],
    );
    for event in &view.timeline {
        timeline.row(vec![
            event.at_us.to_string(),
            text(event.round),
            text(event.clock_seconds),
            event.kind.clone(),
            event.side.clone().unwrap_or_default(),
            text(event.value),
        ]);
    }
    vec![
        points_table(&view.points),
        rounds,
        challenges_table(&view.challenges),
        timeline,
    ]
}

/// The tables of an athlete view.
pub fn athlete_tables(view: &AthleteView) -> Vec<Table> {
    let mut points = Table::new("points", &["kind", "for", "against"]);
    for ((kind, scored), conceded) in KINDS
        .iter()
        .zip(kind_values(&view.points_for))
        .zip(kind_values(&view.points_against))
    {
        points.row(vec![
            (*kind).into(),
            scored.to_string(),
            conceded.to_string(),
        ]);
    }
    let mut rounds = Table::new("points_per_round", &["round", "kind", "count"]);
    for (round, counts) in &view.points_per_round {
        for (kind, count) in KINDS.iter().zip(kind_values(counts)) {
            rounds.row(vec![round.to_string(), (*kind).into(), count.to_string()]);
        }
    }
    let r = &view.record;
    let mut record = Table::new("record", &["figure", "value"]);
    for (name, value) in [
        ("matches", Some(r.matches as f64)),
        ("wins", Some(r.wins as f64)),
        ("losses", Some(r.losses as f64)),
        ("win_rate", r.win_rate),
        ("score_for", Some(r.score_for as f64)),
        ("score_against", Some(r.score_against as f64)),
        ("points_per_match", view.points_per_match),
        ("gamjeom", Some(r.gamjeom as f64)),
        ("injuries", Some(r.injuries as f64)),
        ("challenges_requested", Some(r.challenges.requested as f64)),
        ("challenges_won", Some(r.challenges.won as f64)),
    ] {
        record.row(vec![name.into(), text(value)]);
    }
    vec![record, points, rounds]
}

/// The tables of a day view.
pub fn day_tables(view: &DayView) -> Vec<Table> {
    let mut tables = summary_tables(&view.summary);
    let mut hourly = Table::new("hourly", &["hour", "events"]);
    for hour in &view.hourly {
        hourly.row(vec![hour.hour.to_string(), hour.events.to_string()]);
    }
    tables.push(hourly);
    tables.push(ranking_table("top_athletes", &view.top_athletes));
    tables
}

/// The tables of a tournament view.
pub fn tournament_tables(view: &TournamentView) -> Vec<Table> {
    let mut tables = summary_tables(&view.summary);
    tables.push(ranking_table("top_by_points", &view.top_by_points));
    tables.push(ranking_table("top_by_win_rate", &view.top_by_win_rate));
    let mut countries = Table::new("top_countries", &["rank", "ioc", "wins", "points"]);
    for (rank, country) in view.top_countries.iter().enumerate() {
        countries.row(vec![
            (rank + 1).to_string(),
            country.ioc.clone(),
            country.wins.to_string(),
            country.points.to_string(),
        ]);
    }
    tables.push(countries);
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_or_line_breaks_are_quoted() {
        let mut table = Table::new("t", &["a", "b"]);
        table.row(vec!["KIM, Tae-hun".into(), "say \"hi\"".into()]);
        table.row(vec!["plain".into(), "two\nlines".into()]);
        assert_eq!(
            table.csv(),
            "a,b\r\n\"KIM, Tae-hun\",\"say \"\"hi\"\"\"\r\nplain,\"two\nlines\"\r\n"
        );
    }
}
