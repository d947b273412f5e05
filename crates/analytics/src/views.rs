//! The four views the organiser reads, each put together from [`crate::figures`].

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::figures::{
    self, athlete_points, athlete_points_by_round, athlete_record, AthleteRecord, ChallengeStats,
    Durations, KindCounts, Scope, SidePoints,
};
use crate::AnalyticsError;

/// How long a read waits for a lock (a checkpoint).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Points of each side in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundPoints {
    /// The round (0 when the PSS sent none).
    pub round: u32,
    /// Blue's by kind.
    pub blue: KindCounts,
    /// Red's by kind.
    pub red: KindCounts,
}

/// A scoring or penalty moment of a match, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// When it was received, µs since the Unix epoch.
    pub at_us: i64,
    /// The round.
    pub round: Option<u32>,
    /// The fight clock, seconds.
    pub clock_seconds: Option<u32>,
    /// `point`, `gam_jeom`, `challenge` or `injury`.
    pub kind: String,
    /// Whose.
    pub side: Option<String>,
    /// The point's kind (`head`, ...), the gam-jeom count, the injury seconds.
    pub value: Option<i64>,
}

/// Both sides' figures of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BySide {
    /// Blue's.
    pub blue: u64,
    /// Red's.
    pub red: u64,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchView {
    /// The match's id.
    pub match_id: i64,
    /// Its number.
    pub number: Option<String>,
    /// Wall time from the first clock start to the end, seconds.
    pub wall_seconds: Option<f64>,
    /// Fight-clock time, seconds.
    pub clock_seconds: Option<f64>,
    /// Stored events per minute of wall time.
    pub events_per_minute: Option<f64>,
    /// Final scores.
    pub score: BySide,
    /// Points by side and kind.
    pub points: SidePoints,
    /// Points by round, side and kind.
    pub points_by_round: Vec<RoundPoints>,
    /// Gam-jeom by side.
    pub gamjeom: BySide,
    /// Challenges by side and outcome, and the replay times.
    pub challenges: ChallengeStats,
    /// How often the lead passed from one side to the other.
    pub lead_changes: u64,
    /// Points, gam-jeom, challenges and injuries in order.
    pub timeline: Vec<TimelineEvent>,
}

/// An athlete.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AthleteView {
    /// The athlete's id.
    pub athlete_id: i64,
    /// Long name.
    pub name: String,
    /// IOC code.
    pub ioc: String,
    /// Matches, wins, losses, scores, gam-jeom, injuries, challenges.
    #[serde(flatten)]
    pub record: AthleteRecord,
    /// Points they scored, by kind.
    pub points_for: KindCounts,
    /// Points their opponents scored, by kind.
    pub points_against: KindCounts,
    /// Points they scored in each round, by kind.
    pub points_per_round: BTreeMap<u32, KindCounts>,
    /// Their mean score per match.
    pub points_per_match: Option<f64>,
    /// The match they won by most (or lost by least).
    pub best_performance: Option<Performance>,
}

/// One match of an athlete's, by margin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Performance {
    /// The match's id.
    pub match_id: i64,
    /// Its number.
    pub number: Option<String>,
    /// Their score.
    pub score_for: u64,
    /// The opponent's.
    pub score_against: u64,
}

/// An athlete in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AthleteRank {
    /// The athlete's id.
    pub athlete_id: i64,
    /// Long name.
    pub name: String,
    /// IOC code.
    pub ioc: String,
    /// Matches in scope.
    pub matches: u64,
    /// Won.
    pub wins: u64,
    /// Score summed.
    pub points: u64,
    /// Wins over decided matches.
    pub win_rate: Option<f64>,
}

/// A country in a ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryRank {
    /// IOC code.
    pub ioc: String,
    /// Wins of its athletes.
    pub wins: u64,
    /// Their score summed.
    pub points: u64,
}

/// Stored events in one local hour of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourCount {
    /// 0..23, local time.
    pub hour: u32,
    /// Events.
    pub events: u64,
}

/// What every day and tournament view says about its matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchSummary {
    /// Matches, completion, durations, intensity.
    #[serde(flatten)]
    pub durations: Durations,
    /// Points by side and kind.
    pub points: SidePoints,
    /// Gam-jeom by side.
    pub gamjeom: BySide,
    /// Challenge statistics.
    pub challenges: ChallengeStats,
    /// Stored events by kind.
    pub events_by_kind: BTreeMap<String, u64>,
}

/// One tournament day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayView {
    /// The day's id.
    pub day_id: i64,
    /// Its name.
    pub name: String,
    /// Its date.
    pub date: String,
    /// What its matches add up to.
    #[serde(flatten)]
    pub summary: MatchSummary,
    /// Events by local hour.
    pub hourly: Vec<HourCount>,
    /// The hour with most events.
    pub peak_hour: Option<u32>,
    /// The day's best athletes: wins, then points.
    pub top_athletes: Vec<AthleteRank>,
}

/// One tournament.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TournamentView {
    /// The tournament's id.
    pub tournament_id: i64,
    /// Its name.
    pub name: String,
    /// What its matches add up to.
    #[serde(flatten)]
    pub summary: MatchSummary,
    /// Top 10 athletes by points.
    pub top_by_points: Vec<AthleteRank>,
    /// Top 10 athletes by win rate (then wins).
    pub top_by_win_rate: Vec<AthleteRank>,
    /// Top 10 countries by wins (then points).
    pub top_countries: Vec<CountryRank>,
}

/// Read-only analytics over one database file.
pub struct Analytics {
    db: Connection,
}

impl std::fmt::Debug for Analytics {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Analytics")
    }
}

impl Analytics {
    /// Opens the database at `path` read-only.
    pub fn open(path: &Path) -> Result<Analytics, AnalyticsError> {
        let db = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        db.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Analytics { db })
    }

    /// The view of the match `id`.
    pub fn match_view(&self, id: i64) -> Result<MatchView, AnalyticsError> {
        let found: Option<(Option<String>, u64, u64, u64, u64)> = self
            .db
            .query_row(
                "SELECT number, blue_score, red_score, blue_gamjeom, red_gamjeom
                 FROM matches WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
            .optional()?;
        let (number, blue_score, red_score, blue_gamjeom, red_gamjeom) =
            found.ok_or_else(|| AnalyticsError::NotFound(format!("match {id}")))?;
        let scope = Scope::Match(id);
        let durations = figures::durations(&self.db, scope)?;
        Ok(MatchView {
            match_id: id,
            number,
            wall_seconds: durations.average_wall_seconds,
            clock_seconds: durations.average_clock_seconds,
            events_per_minute: durations.events_per_minute,
            score: BySide {
                blue: blue_score,
                red: red_score,
            },
            points: figures::points(&self.db, scope)?,
            points_by_round: figures::points_by_round(&self.db, scope)?
                .into_iter()
                .map(|(round, points)| RoundPoints {
                    round,
                    blue: points.blue,
                    red: points.red,
                })
                .collect(),
            gamjeom: BySide {
                blue: blue_gamjeom,
                red: red_gamjeom,
            },
            challenges: figures::challenges(&self.db, scope)?,
            lead_changes: self.lead_changes(id)?,
            timeline: self.timeline(id)?,
        })
    }

    /// The view of the athlete `id`.
    pub fn athlete_view(&self, id: i64) -> Result<AthleteView, AnalyticsError> {
        let (name, ioc): (String, String) = self
            .db
            .query_row(
                "SELECT long_name, ioc FROM athletes WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| AnalyticsError::NotFound(format!("athlete {id}")))?;
        let record = athlete_record(&self.db, id)?;
        let (points_for, points_against) = athlete_points(&self.db, id)?;
        let best_performance = self
            .db
            .query_row(
                "SELECT id, number,
                        CASE WHEN blue_athlete_id = ?1 THEN blue_score ELSE red_score END AS own,
                        CASE WHEN blue_athlete_id = ?1 THEN red_score ELSE blue_score END AS other
                 FROM matches WHERE blue_athlete_id = ?1 OR red_athlete_id = ?1
                 ORDER BY own - other DESC, own DESC, id LIMIT 1",
                [id],
                |row| {
                    Ok(Performance {
                        match_id: row.get(0)?,
                        number: row.get(1)?,
                        score_for: row.get(2)?,
                        score_against: row.get(3)?,
                    })
                },
            )
            .optional()?;
        Ok(AthleteView {
            athlete_id: id,
            name,
            ioc,
            points_per_match: (record.matches > 0)
                .then(|| record.score_for as f64 / record.matches as f64),
            record,
            points_for,
            points_against,
            points_per_round: athlete_points_by_round(&self.db, id)?,
            best_performance,
        })
    }

    /// The view of the tournament day `id`.
    pub fn day_view(&self, id: i64) -> Result<DayView, AnalyticsError> {
        let (name, date): (String, String) = self
            .db
            .query_row(
                "SELECT name, day FROM tournament_days WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| AnalyticsError::NotFound(format!("day {id}")))?;
        let scope = Scope::Day(id);
        let hourly = self.hourly(scope)?;
        let peak_hour = hourly
            .iter()
            .max_by_key(|hour| (hour.events, std::cmp::Reverse(hour.hour)))
            .map(|hour| hour.hour);
        Ok(DayView {
            day_id: id,
            name,
            date,
            summary: self.summary(scope)?,
            hourly,
            peak_hour,
            top_athletes: self.ranking(scope, "wins DESC, points DESC, name", 10)?,
        })
    }

    /// The view of the tournament `id`.
    pub fn tournament_view(&self, id: i64) -> Result<TournamentView, AnalyticsError> {
        let name: String = self
            .db
            .query_row("SELECT name FROM tournaments WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or_else(|| AnalyticsError::NotFound(format!("tournament {id}")))?;
        let scope = Scope::Tournament(id);
        Ok(TournamentView {
            tournament_id: id,
            name,
            summary: self.summary(scope)?,
            top_by_points: self.ranking(scope, "points DESC, wins DESC, name", 10)?,
            top_by_win_rate: self.ranking(
                scope,
                "coalesce(1.0 * wins / nullif(decided, 0), -1) DESC, wins DESC, name",
                10,
            )?,
            top_countries: self.countries(scope, 10)?,
        })
    }

    fn summary(&self, scope: Scope) -> Result<MatchSummary, AnalyticsError> {
        let (blue, red) = figures::gamjeom(&self.db, scope)?;
        let tally = figures::tally(&self.db, scope)?;
        Ok(MatchSummary {
            durations: figures::durations(&self.db, scope)?,
            points: figures::points_of(&tally),
            gamjeom: BySide { blue, red },
            challenges: figures::challenges(&self.db, scope)?,
            events_by_kind: figures::events_by_kind_of(&tally),
        })
    }

    /// The lead passes from one side to the other: along the total scores in the order sent.
    fn lead_changes(&self, id: i64) -> rusqlite::Result<u64> {
        let mut statement = self.db.prepare_cached(
            "SELECT side, value FROM events
             WHERE match_id = ?1 AND kind = 'total_score' ORDER BY seq, idx",
        )?;
        let mut rows = statement.query([id])?;
        let (mut blue, mut red) = (0i64, 0i64);
        let mut leader: Option<bool> = None;
        let mut changes = 0;
        while let Some(row) = rows.next()? {
            let side: Option<String> = row.get(0)?;
            let value: Option<i64> = row.get(1)?;
            match (side.as_deref(), value) {
                (Some("blue"), Some(value)) => blue = value,
                (Some("red"), Some(value)) => red = value,
                _ => continue,
            }
            let now = match blue.cmp(&red) {
                std::cmp::Ordering::Greater => Some(true),
                std::cmp::Ordering::Less => Some(false),
                std::cmp::Ordering::Equal => None,
            };
            if let Some(now) = now {
                if leader.is_some_and(|before| before != now) {
                    changes += 1;
                }
                leader = Some(now);
            }
        }
        Ok(changes)
    }

    fn timeline(&self, id: i64) -> rusqlite::Result<Vec<TimelineEvent>> {
        let mut statement = self.db.prepare_cached(
            "SELECT received_at_us, round, clock_seconds, kind, side, value FROM events
             WHERE match_id = ?1 AND (kind IN ('point', 'gam_jeom', 'challenge')
                   OR (kind = 'injury' AND json_extract(data, '$.action') = 'show'))
             ORDER BY seq, idx",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(TimelineEvent {
                at_us: row.get(0)?,
                round: row.get(1)?,
                clock_seconds: row.get(2)?,
                kind: row.get(3)?,
                side: row.get(4)?,
                value: row.get(5)?,
            })
        })?;
        rows.collect()
    }

    fn hourly(&self, scope: Scope) -> rusqlite::Result<Vec<HourCount>> {
        let sql = format!(
            "SELECT hour, sum(n) FROM event_tallies WHERE match_id IN ({})
             GROUP BY hour ORDER BY hour",
            scope.match_ids()
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map([scope.id()], |row| {
            Ok(HourCount {
                hour: row.get(0)?,
                events: row.get(1)?,
            })
        })?;
        rows.collect()
    }

    /// Athletes of the matches in scope, ordered by `order` (a fixed SQL text), at most `limit`.
    fn ranking(&self, scope: Scope, order: &str, limit: u32) -> rusqlite::Result<Vec<AthleteRank>> {
        let sql = format!(
            "WITH sides AS (
                 SELECT blue_athlete_id AS athlete_id, blue_score AS score,
                        winner = 'blue' AS won, winner IS NOT NULL AS decided
                 FROM matches WHERE id IN ({ids})
                 UNION ALL
                 SELECT red_athlete_id, red_score, winner = 'red', winner IS NOT NULL
                 FROM matches WHERE id IN ({ids}))
             SELECT a.id, a.long_name AS name, a.ioc, count(*) AS matches,
                    coalesce(sum(s.won), 0) AS wins, coalesce(sum(s.score), 0) AS points,
                    coalesce(sum(s.decided), 0) AS decided
             FROM sides s JOIN athletes a ON a.id = s.athlete_id
             GROUP BY a.id ORDER BY {order} LIMIT ?2",
            ids = scope.match_ids()
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map((scope.id(), limit), |row| {
            let wins: u64 = row.get(4)?;
            let decided: u64 = row.get(6)?;
            Ok(AthleteRank {
                athlete_id: row.get(0)?,
                name: row.get(1)?,
                ioc: row.get(2)?,
                matches: row.get(3)?,
                wins,
                points: row.get(5)?,
                win_rate: figures::ratio(wins, decided),
            })
        })?;
        rows.collect()
    }

    fn countries(&self, scope: Scope, limit: u32) -> rusqlite::Result<Vec<CountryRank>> {
        let sql = format!(
            "WITH sides AS (
                 SELECT blue_ioc AS ioc, blue_score AS score, winner = 'blue' AS won
                 FROM matches WHERE id IN ({ids}) AND blue_ioc IS NOT NULL
                 UNION ALL
                 SELECT red_ioc, red_score, winner = 'red'
                 FROM matches WHERE id IN ({ids}) AND red_ioc IS NOT NULL)
             SELECT ioc, coalesce(sum(won), 0) AS wins, coalesce(sum(score), 0) AS points
             FROM sides GROUP BY ioc ORDER BY wins DESC, points DESC, ioc LIMIT ?2",
            ids = scope.match_ids()
        );
        let mut statement = self.db.prepare_cached(&sql)?;
        let rows = statement.query_map((scope.id(), limit), |row| {
            Ok(CountryRank {
                ioc: row.get(0)?,
                wins: row.get(1)?,
                points: row.get(2)?,
            })
        })?;
        rows.collect()
    }
}
