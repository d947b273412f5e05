//! Each figure once: a SQL definition over a [`Scope`] of stored matches, and the type it
//! fills. The views of `views` only call these.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

/// Which stored matches a figure counts: `?1` is the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One match.
    Match(i64),
    /// The matches of one tournament day.
    Day(i64),
    /// The matches of every day of one tournament.
    Tournament(i64),
}

impl Scope {
    /// The ids of the matches in scope, as a subquery on `?1`.
    pub fn match_ids(self) -> &'static str {
        match self {
            Scope::Match(_) => "SELECT id FROM matches WHERE id = ?1",
            Scope::Day(_) => "SELECT id FROM matches WHERE tournament_day_id = ?1",
            Scope::Tournament(_) => {
                "SELECT m.id FROM matches m JOIN tournament_days d ON d.id = m.tournament_day_id
                 WHERE d.tournament_id = ?1"
            }
        }
    }

    /// The id `?1` stands for.
    pub fn id(self) -> i64 {
        match self {
            Scope::Match(id) | Scope::Day(id) | Scope::Tournament(id) => id,
        }
    }
}

/// Counts of the protocol's five kinds of point (`pt<side>;<code>;`, codes 1..5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Code 1.
    pub punch: u64,
    /// Code 2.
    pub body: u64,
    /// Code 3.
    pub head: u64,
    /// Code 4.
    pub technical_body: u64,
    /// Code 5.
    pub technical_head: u64,
}

impl KindCounts {
    /// Adds `count` points of wire code `code`; other codes are not points.
    pub fn add(&mut self, code: i64, count: u64) {
        match code {
            1 => self.punch += count,
            2 => self.body += count,
            3 => self.head += count,
            4 => self.technical_body += count,
            5 => self.technical_head += count,
            _ => {}
        }
    }
}

/// Point counts by kind for each side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SidePoints {
    /// Blue's.
    pub blue: KindCounts,
    /// Red's.
    pub red: KindCounts,
}

impl SidePoints {
    fn side(&mut self, side: &str) -> Option<&mut KindCounts> {
        match side {
            "blue" => Some(&mut self.blue),
            "red" => Some(&mut self.red),
            _ => None,
        }
    }
}

/// The stored events of the matches in scope, counted by kind, side and point kind (`-1`
/// for what is not a point); points and events by kind both come from it. The tallies'
/// rows (per round and hour too) are summed here: for a tournament that is a hundred
/// thousand rows, which SQLite would sort to group.
pub fn tally(db: &Connection, scope: Scope) -> rusqlite::Result<Vec<(String, String, i64, u64)>> {
    let sql = format!(
        "SELECT kind, side, value, n FROM event_tallies WHERE match_id IN ({})",
        scope.match_ids()
    );
    let mut statement = db.prepare_cached(&sql)?;
    let mut rows = statement.query([scope.id()])?;
    // A few dozen distinct keys: a list searched without allocating beats a hash map here.
    let mut sums: Vec<(String, String, i64, u64)> = Vec::new();
    while let Some(row) = rows.next()? {
        let kind = row.get_ref(0)?.as_str()?;
        let side = row.get_ref(1)?.as_str()?;
        let value: i64 = row.get(2)?;
        let n: u64 = row.get(3)?;
        match sums
            .iter_mut()
            .find(|(k, s, v, _)| *v == value && k == kind && s == side)
        {
            Some(sum) => sum.3 += n,
            None => sums.push((kind.to_owned(), side.to_owned(), value, n)),
        }
    }
    Ok(sums)
}

/// Points by kind and side, from a [`tally`].
pub fn points_of(tally: &[(String, String, i64, u64)]) -> SidePoints {
    let mut points = SidePoints::default();
    for (kind, side, code, count) in tally {
        if kind == "point" {
            if let Some(counts) = points.side(side) {
                counts.add(*code, *count);
            }
        }
    }
    points
}

/// Stored events by kind, from a [`tally`].
pub fn events_by_kind_of(tally: &[(String, String, i64, u64)]) -> BTreeMap<String, u64> {
    let mut kinds = BTreeMap::new();
    for (kind, _, _, count) in tally {
        *kinds.entry(kind.clone()).or_insert(0) += count;
    }
    kinds
}

/// Points by kind and side: every `point` event of the matches in scope.
pub fn points(db: &Connection, scope: Scope) -> rusqlite::Result<SidePoints> {
    Ok(points_of(&tally(db, scope)?))
}

/// Points by kind and side in each round (rounds as the PSS numbered them).
pub fn points_by_round(
    db: &Connection,
    scope: Scope,
) -> rusqlite::Result<BTreeMap<u32, SidePoints>> {
    let sql = format!(
        "SELECT round, side, value, sum(n) FROM event_tallies
         WHERE kind = 'point' AND match_id IN ({}) GROUP BY round, side, value",
        scope.match_ids()
    );
    let mut rounds: BTreeMap<u32, SidePoints> = BTreeMap::new();
    let mut statement = db.prepare_cached(&sql)?;
    let mut rows = statement.query([scope.id()])?;
    while let Some(row) = rows.next()? {
        let round: u32 = row.get(0)?;
        let side: Option<String> = row.get(1)?;
        let code: Option<i64> = row.get(2)?;
        let count: u64 = row.get(3)?;
        let entry = rounds.entry(round).or_default();
        if let (Some(counts), Some(code)) = (side.as_deref().and_then(|s| entry.side(s)), code) {
            counts.add(code, count);
        }
    }
    Ok(rounds)
}

/// Gam-jeom by side: the final count of each match in scope, summed.
pub fn gamjeom(db: &Connection, scope: Scope) -> rusqlite::Result<(u64, u64)> {
    let sql = format!(
        "SELECT coalesce(sum(blue_gamjeom), 0), coalesce(sum(red_gamjeom), 0) FROM matches
         WHERE id IN ({})",
        scope.match_ids()
    );
    db.query_row(&sql, [scope.id()], |row| Ok((row.get(0)?, row.get(1)?)))
}

/// How the challenges of one side (or all) ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Raised.
    pub requested: u64,
    /// Accepted by the jury.
    pub accepted: u64,
    /// Denied.
    pub denied: u64,
    /// Withdrawn.
    pub cancelled: u64,
    /// Accepted and won by the challenger (the call was overturned).
    pub won: u64,
    /// Accepted and lost.
    pub lost: u64,
}

/// Replay time from the request to the first frame on the review screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ReplayTimes {
    /// Replays that reached the screen.
    pub count: u64,
    /// Median, ms.
    pub p50_ms: Option<f64>,
    /// 95th percentile, ms.
    pub p95_ms: Option<f64>,
}

/// Challenge statistics: by who raised them, in all, the overturn rate, the replay times.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChallengeStats {
    /// Blue's challenges.
    pub blue: Outcomes,
    /// Red's challenges.
    pub red: Outcomes,
    /// The referee's reviews.
    pub referee: Outcomes,
    /// Every challenge.
    pub all: Outcomes,
    /// Won over accepted (none when none was accepted).
    pub overturn_rate: Option<f64>,
    /// From the replay records.
    pub replay: ReplayTimes,
}

/// The challenges of the matches in scope (from each match's stored list) and the replay
/// times of their replays.
pub fn challenges(db: &Connection, scope: Scope) -> rusqlite::Result<ChallengeStats> {
    let sql = format!(
        "SELECT json_extract(c.value, '$.by'), json_extract(c.value, '$.outcome'),
                json_extract(c.value, '$.won')
         FROM matches m, json_each(m.challenges) c WHERE m.id IN ({})",
        scope.match_ids()
    );
    let mut stats = ChallengeStats::default();
    let mut statement = db.prepare_cached(&sql)?;
    let mut rows = statement.query([scope.id()])?;
    while let Some(row) = rows.next()? {
        let by: String = row.get(0)?;
        let outcome: String = row.get(1)?;
        let won: Option<bool> = row.get(2)?;
        let side = match by.as_str() {
            "blue" => &mut stats.blue,
            "red" => &mut stats.red,
            _ => &mut stats.referee,
        };
        count_outcome(side, &outcome, won);
        count_outcome(&mut stats.all, &outcome, won);
    }
    stats.overturn_rate = ratio(stats.all.won, stats.all.accepted);
    stats.replay = replay_times(db, scope)?;
    Ok(stats)
}

fn count_outcome(outcomes: &mut Outcomes, outcome: &str, won: Option<bool>) {
    outcomes.requested += 1;
    match outcome {
        "accepted" => {
            outcomes.accepted += 1;
            match won {
                Some(true) => outcomes.won += 1,
                Some(false) => outcomes.lost += 1,
                None => {}
            }
        }
        "denied" => outcomes.denied += 1,
        "cancelled" => outcomes.cancelled += 1,
        _ => {}
    }
}

/// Request to first frame of the replays of the matches in scope.
pub fn replay_times(db: &Connection, scope: Scope) -> rusqlite::Result<ReplayTimes> {
    let sql = format!(
        "SELECT (first_frame_at_us - requested_at_us) / 1000.0 FROM ivr_challenges
         WHERE first_frame_at_us IS NOT NULL AND match_id IN ({}) ORDER BY 1",
        scope.match_ids()
    );
    let mut statement = db.prepare_cached(&sql)?;
    let times: Vec<f64> = statement
        .query_map([scope.id()], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ReplayTimes {
        count: times.len() as u64,
        p50_ms: percentile(&times, 0.50),
        p95_ms: percentile(&times, 0.95),
    })
}

/// The nearest-rank percentile of sorted `values`.
pub fn percentile(sorted: &[f64], fraction: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// `part / whole`, none for an empty whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Matches, finished ones, and their wall and clock time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Durations {
    /// Matches in scope.
    pub matches: u64,
    /// Those with a winner.
    pub finished: u64,
    /// Finished over all.
    pub completion_rate: Option<f64>,
    /// Mean wall time from the first clock start to the end, seconds (matches that have both).
    pub average_wall_seconds: Option<f64>,
    /// Mean fight-clock time, seconds: the clock messages, one per second of fight time.
    pub average_clock_seconds: Option<f64>,
    /// Stored events per minute of wall time.
    pub events_per_minute: Option<f64>,
}

/// Durations of the matches in scope.
pub fn durations(db: &Connection, scope: Scope) -> rusqlite::Result<Durations> {
    let sql = format!(
        "SELECT count(*), count(winner),
                avg((ended_at_us - started_at_us) / 1e6),
                sum(CASE WHEN ended_at_us IS NOT NULL AND started_at_us IS NOT NULL
                         THEN (ended_at_us - started_at_us) / 6e7 END)
         FROM matches WHERE id IN ({0})",
        scope.match_ids()
    );
    let (matches, finished, average_wall_seconds, wall_minutes): (
        u64,
        u64,
        Option<f64>,
        Option<f64>,
    ) = db.query_row(&sql, [scope.id()], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    })?;
    // Per match: its clock messages (tkStrike sends the clock once a second of fight time)
    // and, when it has a wall time, all its events; each a lookup on the tallies' key.
    let tally_sql = format!(
        "SELECT avg(clock), coalesce(sum(timed), 0) FROM (
             SELECT (SELECT sum(n) FROM event_tallies t
                     WHERE t.match_id = m.id AND t.kind = 'clock') AS clock,
                    CASE WHEN m.ended_at_us IS NOT NULL AND m.started_at_us IS NOT NULL
                         THEN (SELECT sum(n) FROM event_tallies t WHERE t.match_id = m.id)
                    END AS timed
             FROM matches m WHERE m.id IN ({}))",
        scope.match_ids()
    );
    let (average_clock_seconds, timed_events): (Option<f64>, u64) =
        db.query_row(&tally_sql, [scope.id()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    Ok(Durations {
        matches,
        finished,
        completion_rate: ratio(finished, matches),
        average_wall_seconds,
        average_clock_seconds,
        events_per_minute: wall_minutes
            .filter(|minutes| *minutes > 0.0)
            .map(|minutes| timed_events as f64 / minutes),
    })
}

/// The side of the athlete `?1` in the match `m`, as SQL.
const ATHLETE_SIDE: &str = "CASE WHEN m.blue_athlete_id = ?1 THEN 'blue' ELSE 'red' END";

/// An athlete's points by kind: scored (`for`) and conceded (`against`), over their matches.
pub fn athlete_points(
    db: &Connection,
    athlete_id: i64,
) -> rusqlite::Result<(KindCounts, KindCounts)> {
    let sql = format!(
        "SELECT e.value, e.side = {ATHLETE_SIDE}, sum(e.n) FROM matches m
         CROSS JOIN event_tallies e ON e.match_id = m.id AND e.kind = 'point'
         WHERE m.blue_athlete_id = ?1 OR m.red_athlete_id = ?1
         GROUP BY 1, 2"
    );
    let (mut scored, mut conceded) = (KindCounts::default(), KindCounts::default());
    let mut statement = db.prepare_cached(&sql)?;
    let mut rows = statement.query([athlete_id])?;
    while let Some(row) = rows.next()? {
        let code: Option<i64> = row.get(0)?;
        let own: bool = row.get(1)?;
        let count: u64 = row.get(2)?;
        let target = if own { &mut scored } else { &mut conceded };
        if let Some(code) = code {
            target.add(code, count);
        }
    }
    Ok((scored, conceded))
}

/// An athlete's points scored in each round, by kind.
pub fn athlete_points_by_round(
    db: &Connection,
    athlete_id: i64,
) -> rusqlite::Result<BTreeMap<u32, KindCounts>> {
    let sql = format!(
        "SELECT e.round, e.value, sum(e.n) FROM matches m
         CROSS JOIN event_tallies e ON e.match_id = m.id AND e.kind = 'point'
         WHERE (m.blue_athlete_id = ?1 OR m.red_athlete_id = ?1) AND e.side = {ATHLETE_SIDE}
         GROUP BY 1, 2"
    );
    let mut rounds: BTreeMap<u32, KindCounts> = BTreeMap::new();
    let mut statement = db.prepare_cached(&sql)?;
    let mut rows = statement.query([athlete_id])?;
    while let Some(row) = rows.next()? {
        let round: u32 = row.get(0)?;
        let code: Option<i64> = row.get(1)?;
        let count: u64 = row.get(2)?;
        if let Some(code) = code {
            rounds.entry(round).or_default().add(code, count);
        }
    }
    Ok(rounds)
}

/// An athlete's record: matches, wins, losses, gam-jeom received, injury time-outs, the
/// challenges they raised (from each match's stored list).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AthleteRecord {
    /// Matches fought.
    pub matches: u64,
    /// Won.
    pub wins: u64,
    /// Lost (a winner was declared, not them).
    pub losses: u64,
    /// Wins over decided matches.
    pub win_rate: Option<f64>,
    /// Their score, summed over their matches.
    pub score_for: u64,
    /// Their opponents' score, summed.
    pub score_against: u64,
    /// Gam-jeom they received.
    pub gamjeom: u64,
    /// Injury time-outs they took.
    pub injuries: u64,
    /// Challenges they raised, and how they ended.
    pub challenges: Outcomes,
}

/// The record of the athlete `athlete_id`.
pub fn athlete_record(db: &Connection, athlete_id: i64) -> rusqlite::Result<AthleteRecord> {
    let sql = format!(
        "SELECT count(*),
                coalesce(sum(m.winner = {ATHLETE_SIDE}), 0),
                coalesce(sum(m.winner IS NOT NULL AND m.winner <> {ATHLETE_SIDE}), 0),
                coalesce(sum(CASE WHEN m.blue_athlete_id = ?1 THEN m.blue_score ELSE m.red_score END), 0),
                coalesce(sum(CASE WHEN m.blue_athlete_id = ?1 THEN m.red_score ELSE m.blue_score END), 0),
                coalesce(sum(CASE WHEN m.blue_athlete_id = ?1 THEN m.blue_gamjeom ELSE m.red_gamjeom END), 0)
         FROM matches m WHERE m.blue_athlete_id = ?1 OR m.red_athlete_id = ?1"
    );
    let mut record = db.query_row(&sql, [athlete_id], |row| {
        Ok(AthleteRecord {
            matches: row.get(0)?,
            wins: row.get(1)?,
            losses: row.get(2)?,
            score_for: row.get(3)?,
            score_against: row.get(4)?,
            gamjeom: row.get(5)?,
            ..AthleteRecord::default()
        })
    })?;
    record.win_rate = ratio(record.wins, record.wins + record.losses);
    let injuries = format!(
        "SELECT count(*) FROM matches m
         CROSS JOIN events e ON e.match_id = m.id AND e.kind = 'injury'
         WHERE json_extract(e.data, '$.action') = 'show'
           AND (m.blue_athlete_id = ?1 OR m.red_athlete_id = ?1) AND e.side = {ATHLETE_SIDE}"
    );
    record.injuries = db.query_row(&injuries, [athlete_id], |row| row.get(0))?;
    let challenges = format!(
        "SELECT json_extract(c.value, '$.outcome'), json_extract(c.value, '$.won')
         FROM matches m, json_each(m.challenges) c
         WHERE (m.blue_athlete_id = ?1 OR m.red_athlete_id = ?1)
           AND json_extract(c.value, '$.by') = {ATHLETE_SIDE}"
    );
    let mut statement = db.prepare_cached(&challenges)?;
    let mut rows = statement.query([athlete_id])?;
    while let Some(row) = rows.next()? {
        let outcome: String = row.get(0)?;
        let won: Option<bool> = row.get(1)?;
        count_outcome(&mut record.challenges, &outcome, won);
    }
    Ok(record)
}
