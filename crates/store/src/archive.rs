//! Writing a match snapshot: the athletes, the active tournament day, and the `matches` row.
//!
//! A match row is rewritten whole from the newest snapshot (an upsert keyed by the match id
//! ingest gave it), so it always equals the live state after the last stored datagram that
//! changed the match. Lists (round scores, round winners, challenges) are small JSON arrays;
//! SQLite's `json_each` queries them when needed.
//!
//! [`adopt`] takes datagrams stored unfolded (another source was followed) into the live
//! match once the operator follows their source: they and their events get the context a fold
//! gives, and the match row is written from the rebuilt state.

use match_state::{ChallengeRecord, MatchState, SideState};
use pss::{AthleteInfo, MatchConfig, Side};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::event_columns::{count_direction_text, rgb_text};
use crate::record::{AdoptedMatch, MatchSnapshot};

const UPSERT_ATHLETE: &str = "
    INSERT INTO athletes (ioc, long_name, short_name) VALUES (?1, ?2, ?3)
    ON CONFLICT (ioc, long_name) DO UPDATE SET short_name = excluded.short_name
    RETURNING id";

const UPSERT_MATCH: &str = "
    INSERT INTO matches (
        id, tournament_day_id, number, phase, weight_class, rounds,
        blue_background, blue_foreground, red_background, red_foreground,
        pss_match_id, division, total_rounds, round_seconds, count_direction, count_up, format,
        status,
        blue_athlete_id, blue_short_name, blue_long_name, blue_ioc,
        red_athlete_id, red_short_name, red_long_name, red_ioc,
        loaded_at_us, ready_at_us, started_at_us, ended_at_us,
        blue_score, red_score, blue_round_scores, red_round_scores, blue_gamjeom, red_gamjeom,
        round_winners, winner, winner_name, classification, challenges,
        updated_seq, updated_at_us
    ) VALUES (
        :id, :tournament_day_id, :number, :phase, :weight_class, :rounds,
        :blue_background, :blue_foreground, :red_background, :red_foreground,
        :pss_match_id, :division, :total_rounds, :round_seconds, :count_direction, :count_up, :format,
        :status,
        :blue_athlete_id, :blue_short_name, :blue_long_name, :blue_ioc,
        :red_athlete_id, :red_short_name, :red_long_name, :red_ioc,
        :loaded_at_us, :ready_at_us, :started_at_us, :ended_at_us,
        :blue_score, :red_score, :blue_round_scores, :red_round_scores, :blue_gamjeom, :red_gamjeom,
        :round_winners, :winner, :winner_name, :classification, :challenges,
        :updated_seq, :updated_at_us
    )
    ON CONFLICT (id) DO UPDATE SET
        number = excluded.number, phase = excluded.phase, weight_class = excluded.weight_class,
        rounds = excluded.rounds,
        blue_background = excluded.blue_background, blue_foreground = excluded.blue_foreground,
        red_background = excluded.red_background, red_foreground = excluded.red_foreground,
        pss_match_id = excluded.pss_match_id, division = excluded.division,
        total_rounds = excluded.total_rounds, round_seconds = excluded.round_seconds,
        count_direction = excluded.count_direction, count_up = excluded.count_up,
        format = excluded.format, status = excluded.status,
        blue_athlete_id = excluded.blue_athlete_id, blue_short_name = excluded.blue_short_name,
        blue_long_name = excluded.blue_long_name, blue_ioc = excluded.blue_ioc,
        red_athlete_id = excluded.red_athlete_id, red_short_name = excluded.red_short_name,
        red_long_name = excluded.red_long_name, red_ioc = excluded.red_ioc,
        loaded_at_us = excluded.loaded_at_us, ready_at_us = excluded.ready_at_us,
        started_at_us = excluded.started_at_us, ended_at_us = excluded.ended_at_us,
        blue_score = excluded.blue_score, red_score = excluded.red_score,
        blue_round_scores = excluded.blue_round_scores,
        red_round_scores = excluded.red_round_scores,
        blue_gamjeom = excluded.blue_gamjeom, red_gamjeom = excluded.red_gamjeom,
        round_winners = excluded.round_winners, winner = excluded.winner,
        winner_name = excluded.winner_name, classification = excluded.classification,
        challenges = excluded.challenges,
        updated_seq = excluded.updated_seq, updated_at_us = excluded.updated_at_us
    WHERE excluded.updated_seq >= matches.updated_seq";

/// The active tournament's name; with tournaments but none active, the newest becomes active.
/// `None` on a fresh database (the first match creates one).
pub(crate) fn active_tournament(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let active: Option<String> = conn
        .query_row("SELECT name FROM tournaments WHERE active = 1", [], |row| {
            row.get(0)
        })
        .optional()?;
    if active.is_some() {
        return Ok(active);
    }
    conn.query_row(
        "UPDATE tournaments SET active = 1 WHERE id = (SELECT max(id) FROM tournaments)
         RETURNING name",
        [],
        |row| row.get(0),
    )
    .optional()
}

/// The active tournament's id; on a fresh database, a tournament named `first` is created and
/// made active.
fn ensure_active_tournament(conn: &Connection, first: &str, now_us: i64) -> rusqlite::Result<i64> {
    let active: Option<i64> = conn
        .prepare_cached("SELECT id FROM tournaments WHERE active = 1")?
        .query_row([], |row| row.get(0))
        .optional()?;
    if let Some(id) = active {
        return Ok(id);
    }
    if active_tournament(conn)?.is_none() {
        conn.execute(
            "INSERT INTO tournaments (name, created_at_us, active) VALUES (?1, ?2, 1)",
            (first, now_us),
        )?;
    }
    conn.query_row("SELECT id FROM tournaments WHERE active = 1", [], |row| {
        row.get(0)
    })
}

/// The day new matches are filed under, for a match first seen at `at_us`: the active day of
/// the active tournament (on a fresh database, one named `first_tournament`) when the organiser chose it (until it is closed or another is chosen)
/// or when it is of that local date; otherwise the open day of that date, made active, or a
/// new one named after the date.
pub(crate) fn ensure_active_day(
    conn: &Connection,
    first_tournament: &str,
    at_us: i64,
) -> rusqlite::Result<i64> {
    let tournament_id = ensure_active_tournament(conn, first_tournament, at_us)?;
    let active: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM tournament_days
             WHERE active = 1 AND tournament_id = ?1 AND closed_at_us IS NULL
               AND (chosen = 1 OR day = date(?2 / 1000000, 'unixepoch', 'localtime'))",
        )?
        .query_row((tournament_id, at_us), |row| row.get(0))
        .optional()?;
    if let Some(day_id) = active {
        return Ok(day_id);
    }
    let open: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM tournament_days
             WHERE tournament_id = ?1 AND closed_at_us IS NULL AND chosen = 0
               AND day = date(?2 / 1000000, 'unixepoch', 'localtime')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row((tournament_id, at_us), |row| row.get(0))
        .optional()?;
    conn.execute("UPDATE tournament_days SET active = 0 WHERE active = 1", [])?;
    if let Some(day_id) = open {
        conn.execute(
            "UPDATE tournament_days SET active = 1 WHERE id = ?1",
            [day_id],
        )?;
        return Ok(day_id);
    }
    // Named after its date; `(2)`, `(3)` ... when another day of the tournament has the name.
    let date: String = conn.query_row(
        "SELECT date(?1 / 1000000, 'unixepoch', 'localtime')",
        [at_us],
        |row| row.get(0),
    )?;
    let mut name = date.clone();
    let mut taken = conn.prepare_cached(
        "SELECT count(*) FROM tournament_days WHERE tournament_id = ?1 AND name = ?2",
    )?;
    for copy in 2.. {
        let count: i64 = taken.query_row((tournament_id, &name), |row| row.get(0))?;
        if count == 0 {
            break;
        }
        name = format!("{date} ({copy})");
    }
    conn.query_row(
        "INSERT INTO tournament_days (tournament_id, day, name, active, created_at_us)
         VALUES (?1, ?2, ?3, 1, ?4) RETURNING id",
        (tournament_id, &date, &name, at_us),
        |row| row.get(0),
    )
}

/// Writes one snapshot into `matches` (and its athletes into `athletes`), filed under
/// `day_id` when the match is new. `seq` and `at_us` are those of the datagram that made it.
pub(crate) fn upsert_match(
    conn: &Connection,
    snapshot: &MatchSnapshot,
    day_id: i64,
    seq: u64,
    at_us: i64,
) -> rusqlite::Result<()> {
    let state: &MatchState = &snapshot.state;
    let blue_athlete_id = upsert_athlete(conn, state.blue.athlete.as_ref())?;
    let red_athlete_id = upsert_athlete(conn, state.red.athlete.as_ref())?;
    let config = state.config.as_ref();
    let config_text =
        |field: fn(&MatchConfig) -> &String| config.map(|config| field(config).as_str());
    conn.prepare_cached(UPSERT_MATCH)?.execute(named_params! {
        ":id": snapshot.match_id,
        ":tournament_day_id": day_id,
        ":number": config_text(|config| &config.number),
        ":phase": config_text(|config| &config.phase),
        ":weight_class": config_text(|config| &config.weight_class),
        ":rounds": config.and_then(|config| config.rounds),
        ":blue_background": config.and_then(|config| config.blue_background).map(rgb_text),
        ":blue_foreground": config.and_then(|config| config.blue_foreground).map(rgb_text),
        ":red_background": config.and_then(|config| config.red_background).map(rgb_text),
        ":red_foreground": config.and_then(|config| config.red_foreground).map(rgb_text),
        ":pss_match_id": config_text(|config| &config.match_id),
        ":division": config_text(|config| &config.division),
        ":total_rounds": config.and_then(|config| config.total_rounds),
        ":round_seconds": config.and_then(|config| config.round_seconds),
        ":count_direction": config.and_then(|config| config.count_direction).map(count_direction_text),
        ":count_up": config.and_then(|config| config.count_up),
        ":format": config.and_then(|config| config.format),
        ":status": state.phase.as_str(),
        ":blue_athlete_id": blue_athlete_id,
        ":blue_short_name": athlete_text(&state.blue, |athlete| &athlete.short_name),
        ":blue_long_name": athlete_text(&state.blue, |athlete| &athlete.long_name),
        ":blue_ioc": athlete_text(&state.blue, |athlete| &athlete.ioc),
        ":red_athlete_id": red_athlete_id,
        ":red_short_name": athlete_text(&state.red, |athlete| &athlete.short_name),
        ":red_long_name": athlete_text(&state.red, |athlete| &athlete.long_name),
        ":red_ioc": athlete_text(&state.red, |athlete| &athlete.ioc),
        ":loaded_at_us": state.loaded_at_us,
        ":ready_at_us": state.ready_at_us,
        ":started_at_us": state.started_at_us,
        ":ended_at_us": state.ended_at_us,
        ":blue_score": state.blue.score,
        ":red_score": state.red.score,
        ":blue_round_scores": json!(state.blue.round_scores).to_string(),
        ":red_round_scores": json!(state.red.round_scores).to_string(),
        ":blue_gamjeom": state.blue.gam_jeom,
        ":red_gamjeom": state.red.gam_jeom,
        ":round_winners": round_winners_json(&state.round_winners),
        ":winner": state.winner.map(Side::as_str),
        ":winner_name": state.winner_name,
        ":classification": state.classification,
        ":challenges": challenges_json(&state.challenges),
        ":updated_seq": seq,
        ":updated_at_us": at_us,
    })?;
    Ok(())
}

/// The athlete's id, inserting them or updating their short name; none when nothing
/// identifies them (no `at` yet, or all its fields empty).
/// Writes an [`AdoptedMatch`] in `conn` (a transaction): each datagram folded with its match,
/// each event with its match, round and clock, and the match row. Returns how many datagrams
/// were taken in.
pub(crate) fn adopt(
    conn: &Connection,
    adopted: &AdoptedMatch,
    first_tournament: &str,
) -> rusqlite::Result<i64> {
    let mut datagram =
        conn.prepare_cached("UPDATE datagrams SET folded = 1, match_id = ?2 WHERE seq = ?1")?;
    let mut event = conn.prepare_cached(
        "UPDATE events SET match_id = ?3, round = ?4, clock_seconds = ?5
         WHERE seq = ?1 AND idx = ?2",
    )?;
    let mut n_datagrams = 0;
    for adopted_datagram in &adopted.datagrams {
        // As ingest does: the datagram's match is its first event's.
        let match_id = adopted_datagram
            .events
            .iter()
            .find_map(|context| context.match_id);
        n_datagrams += datagram.execute((adopted_datagram.seq, match_id))? as i64;
        for (idx, context) in adopted_datagram.events.iter().enumerate() {
            event.execute((
                adopted_datagram.seq,
                idx,
                context.match_id,
                context.round,
                context.clock_seconds,
            ))?;
        }
    }
    let (first, last) = (adopted.datagrams.first(), adopted.datagrams.last());
    if let (Some(snapshot), Some(first), Some(last)) = (&adopted.snapshot, first, last) {
        // The day is that of the datagram that loaded the match, as for a match folded live.
        let day_id = ensure_active_day(conn, first_tournament, first.received_at_us)?;
        upsert_match(conn, snapshot, day_id, last.seq, last.received_at_us)?;
    }
    Ok(n_datagrams)
}

fn upsert_athlete(
    conn: &Connection,
    athlete: Option<&AthleteInfo>,
) -> rusqlite::Result<Option<i64>> {
    let Some(athlete) =
        athlete.filter(|athlete| !(athlete.long_name.is_empty() && athlete.ioc.is_empty()))
    else {
        return Ok(None);
    };
    conn.prepare_cached(UPSERT_ATHLETE)?
        .query_row(
            (&athlete.ioc, &athlete.long_name, &athlete.short_name),
            |row| row.get(0),
        )
        .map(Some)
}

/// One text field of a side's athlete; none before `at` came.
fn athlete_text(side: &SideState, field: fn(&AthleteInfo) -> &String) -> Option<&str> {
    side.athlete.as_ref().map(|athlete| field(athlete).as_str())
}

/// `["blue",null,"red"]`.
fn round_winners_json(round_winners: &[Option<Side>; 3]) -> String {
    let names: Vec<Option<&str>> = round_winners
        .iter()
        .map(|side| side.map(Side::as_str))
        .collect();
    json!(names).to_string()
}

/// Every challenge, in request order, as the `matches.challenges` JSON array.
fn challenges_json(challenges: &[ChallengeRecord]) -> String {
    let rows: Vec<Value> = challenges
        .iter()
        .map(|challenge| {
            json!({
                "by": challenge.by.as_str(),
                "outcome": challenge.outcome.as_str(),
                "won": challenge.won,
                "requested_at_us": challenge.requested_at_us,
                "resolved_at_us": challenge.resolved_at_us,
                "round": challenge.round,
                "clock_seconds": challenge.clock_seconds,
            })
        })
        .collect();
    Value::Array(rows).to_string()
}
