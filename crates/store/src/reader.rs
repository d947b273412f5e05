//! [`Reader`]: a read-only connection for queries. WAL lets any number of readers run while
//! the writer writes; each query sees the last committed state.

use std::path::{Path, PathBuf};

use match_state::{ChallengeOutcome, MatchPhase};
use pss::{ChallengeBy, CountDirection, Rgb, Side};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ivr_tables::{self, EventIvrLink, IvrChallengeRow};
use crate::media_archive::{self, MediaFilter, MediaRow};
use crate::obs_tables::{
    self, EventRecordingOffset, ObsConnectionRow, RecordingRow, StreamSessionRow,
};
use crate::operator_tables::{self, MarkFilter, MarkRow};
use crate::record::ParseStatus;
use crate::rows::{
    ChallengeRow, DatagramRow, EventFilter, EventRow, Filing, MatchFilter, MatchRow, MatchSideRow,
    TournamentDay,
};
use crate::schema;

const MATCH_COLUMNS: &str = "
    id, tournament_day_id, number, phase, weight_class, rounds,
    blue_background, blue_foreground, red_background, red_foreground,
    pss_match_id, division, total_rounds, round_seconds, count_direction, count_up, format,
    status,
    blue_athlete_id, blue_short_name, blue_long_name, blue_ioc,
    red_athlete_id, red_short_name, red_long_name, red_ioc,
    loaded_at_us, ready_at_us, started_at_us, ended_at_us,
    blue_score, red_score, blue_round_scores, red_round_scores, blue_gamjeom, red_gamjeom,
    round_winners, winner, winner_name, classification, challenges,
    updated_seq, updated_at_us";

/// The filing columns of the `filed_matches` view.
const FILING_COLUMNS: &str = "tournament_id, tournament_name, day_name, day_date";

const EVENT_COLUMNS: &str =
    "id, seq, idx, kind, side, value, round, clock_seconds, match_id, received_at_us, data";

/// A read-only connection to the database.
#[derive(Debug)]
pub struct Reader {
    conn: Connection,
    path: PathBuf,
}

impl Reader {
    /// Opens the database at `path` for reading. It must exist and be at this program's schema
    /// version (open it once with [`Store::open`](crate::Store::open) to create or migrate it).
    pub fn open(path: impl AsRef<Path>) -> Result<Reader> {
        let path = path.as_ref();
        Ok(Reader {
            conn: schema::open_reader(path)?,
            path: path.to_owned(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every match, newest first.
    pub fn matches(&self) -> Result<Vec<MatchRow>> {
        self.matches_filed(MatchFilter::default())
    }

    /// The stored matches `filter` keeps, newest first.
    pub fn matches_filed(&self, filter: MatchFilter) -> Result<Vec<MatchRow>> {
        let sql = format!(
            "SELECT {MATCH_COLUMNS}, {FILING_COLUMNS} FROM filed_matches
             WHERE (?1 IS NULL OR tournament_id = ?1) AND (?2 IS NULL OR tournament_day_id = ?2)
               AND (?3 IS NULL OR blue_athlete_id = ?3 OR red_athlete_id = ?3)
             ORDER BY id DESC"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(
            (filter.tournament_id, filter.day_id, filter.athlete_id),
            |row| Ok(match_row(row)),
        )?;
        rows.map(|row| row?).collect()
    }

    /// The match with this key.
    pub fn match_by_id(&self, id: i64) -> Result<Option<MatchRow>> {
        let sql =
            format!("SELECT {MATCH_COLUMNS}, {FILING_COLUMNS} FROM filed_matches WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        statement
            .query_row([id], |row| Ok(match_row(row)))
            .optional()?
            .transpose()
    }

    /// Stored messages matching `filter`, in arrival order.
    pub fn events(&self, filter: EventFilter) -> Result<Vec<EventRow>> {
        let mut conditions = Vec::new();
        let mut params: Vec<(&str, &dyn ToSql)> = Vec::new();
        if let Some(match_id) = &filter.match_id {
            conditions.push("match_id = :match_id");
            params.push((":match_id", match_id));
        }
        if let Some(kind) = &filter.kind {
            conditions.push("kind = :kind");
            params.push((":kind", kind));
        }
        // SQLite reads a negative limit as "no limit".
        let limit = filter
            .limit
            .map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
        params.push((":limit", &limit));
        params.push((":offset", &offset));
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events {where_clause} ORDER BY id LIMIT :limit OFFSET :offset"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params.as_slice(), |row| {
            Ok(EventRow {
                id: row.get(0)?,
                seq: row.get(1)?,
                idx: row.get(2)?,
                kind: row.get(3)?,
                side: row.get(4)?,
                value: row.get(5)?,
                round: row.get(6)?,
                clock_seconds: row.get(7)?,
                match_id: row.get(8)?,
                received_at_us: row.get(9)?,
                data: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every datagram from sequence number `seq` on, in order.
    pub fn datagrams_from(&self, seq: u64) -> Result<Vec<DatagramRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT seq, received_at_us, source, bytes, parse_status, match_id, folded
             FROM datagrams WHERE seq >= ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map([seq], |row| {
            let source: String = row.get(2)?;
            let parse_status: String = row.get(4)?;
            let datagram = || -> Result<DatagramRow> {
                Ok(DatagramRow {
                    seq: row.get(0)?,
                    received_at_us: row.get(1)?,
                    source: source
                        .parse()
                        .map_err(|_| decode_error("datagrams.source", &source))?,
                    bytes: row.get(3)?,
                    parse_status: ParseStatus::from_stored(&parse_status)
                        .ok_or_else(|| decode_error("datagrams.parse_status", &parse_status))?,
                    match_id: row.get(5)?,
                    folded: row.get(6)?,
                })
            };
            Ok(datagram())
        })?;
        rows.map(|row| row?).collect()
    }

    /// The newest match's key.
    pub fn last_match_id(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT max(id) FROM matches", [], |row| row.get(0))?)
    }

    /// The highest stored sequence number; none for an empty store.
    pub fn max_seq(&self) -> Result<Option<u64>> {
        Ok(self
            .conn
            .query_row("SELECT max(seq) FROM datagrams", [], |row| row.get(0))?)
    }

    /// How many events are stored.
    pub fn event_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))?)
    }

    /// How many datagrams are stored.
    pub fn datagram_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM datagrams", [], |row| row.get(0))?)
    }

    /// `PRAGMA integrity_check`: `ok`, or the problems found, one per line.
    pub fn integrity_check(&self) -> Result<String> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(lines.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }

    /// The active tournament day; none before the first match was stored.
    pub fn active_day(&self) -> Result<Option<TournamentDay>> {
        let day = self
            .conn
            .query_row(
                "SELECT d.id, d.tournament_id, t.name, d.day, d.active, d.created_at_us, d.name
                 FROM tournament_days d JOIN tournaments t ON t.id = d.tournament_id
                 WHERE d.active = 1",
                [],
                |row| {
                    Ok(TournamentDay {
                        id: row.get(0)?,
                        tournament_id: row.get(1)?,
                        tournament: row.get(2)?,
                        day: row.get(3)?,
                        active: row.get(4)?,
                        created_at_us: row.get(5)?,
                        name: row.get(6)?,
                    })
                },
            )
            .optional()?;
        Ok(day)
    }
}

/// The OBS tables.
impl Reader {
    /// Every stored OBS connection, by name.
    pub fn obs_connections(&self) -> Result<Vec<ObsConnectionRow>> {
        obs_tables::connections(&self.conn)
    }

    /// The stored OBS connection named `name`.
    pub fn obs_connection(&self, name: &str) -> Result<Option<ObsConnectionRow>> {
        obs_tables::connection(&self.conn, name)
    }

    /// Instant video replays, oldest first; only those of one match when `match_id` is given.
    pub fn ivr_challenges(&self, match_id: Option<i64>) -> Result<Vec<IvrChallengeRow>> {
        ivr_tables::challenges(&self.conn, match_id)
    }

    /// The replay with this id.
    pub fn ivr_challenge(&self, id: i64) -> Result<Option<IvrChallengeRow>> {
        ivr_tables::challenge(&self.conn, id)
    }

    /// The events of a match that lie in a replay's link window, with the clip (`ivr_link`)
    /// and their offset inside it.
    pub fn event_ivr_links(&self, match_id: i64) -> Result<Vec<EventIvrLink>> {
        ivr_tables::event_links(&self.conn, match_id)
    }

    /// Recordings, oldest first; only those of one match when `match_id` is given.
    pub fn recordings(&self, match_id: Option<i64>) -> Result<Vec<RecordingRow>> {
        obs_tables::recordings(&self.conn, match_id)
    }

    /// The recording with this id.
    pub fn recording(&self, id: i64) -> Result<Option<RecordingRow>> {
        obs_tables::recording(&self.conn, id)
    }

    /// The text stored under `key` in `settings`.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        operator_tables::setting(&self.conn, key)
    }

    /// The operator's marks matching `filter`, oldest first.
    pub fn marks(&self, filter: &MarkFilter) -> Result<Vec<MarkRow>> {
        operator_tables::marks(&self.conn, filter)
    }

    /// The mark with this id.
    pub fn mark(&self, id: i64) -> Result<Option<MarkRow>> {
        operator_tables::mark(&self.conn, id)
    }

    /// Every stream session, oldest first.
    pub fn stream_sessions(&self) -> Result<Vec<StreamSessionRow>> {
        obs_tables::stream_sessions(&self.conn)
    }

    /// Where each event of the match lies inside the match's recordings (`rec_timestamp`):
    /// one entry per event and recording that was running when the event arrived.
    pub fn event_recording_offsets(&self, match_id: i64) -> Result<Vec<EventRecordingOffset>> {
        obs_tables::event_offsets(&self.conn, match_id)
    }
}

/// The media archive (recordings and clips).
impl Reader {
    /// Recordings and clips with their match, filtered and paged, newest first.
    pub fn media_archive(&self, filter: &MediaFilter) -> Result<Vec<MediaRow>> {
        media_archive::archive(&self.conn, filter)
    }

    /// The recording of `match_id` that was running at `at_us`, µs since the Unix epoch.
    pub fn recording_at(&self, match_id: i64, at_us: i64) -> Result<Option<RecordingRow>> {
        media_archive::recording_at(&self.conn, match_id, at_us)
    }
}

/// Decodes one `matches` row selected with [`MATCH_COLUMNS`].
/// The tournament and day of a `filed_matches` row, when it has a day.
pub(crate) fn filing(row: &Row<'_>) -> rusqlite::Result<Option<Filing>> {
    let day_id: Option<i64> = row.get("tournament_day_id")?;
    let tournament_id: Option<i64> = row.get("tournament_id")?;
    Ok(match (day_id, tournament_id) {
        (Some(day_id), Some(tournament_id)) => Some(Filing {
            tournament_id,
            tournament: row.get("tournament_name")?,
            day_id,
            day: row.get("day_name")?,
            date: row.get("day_date")?,
        }),
        _ => None,
    })
}

fn match_row(row: &Row<'_>) -> Result<MatchRow> {
    Ok(MatchRow {
        id: row.get("id")?,
        tournament_day_id: row.get("tournament_day_id")?,
        filed: filing(row)?,
        number: row.get("number")?,
        phase: row.get("phase")?,
        weight_class: row.get("weight_class")?,
        rounds: row.get("rounds")?,
        blue_background: optional_rgb(row, "blue_background", "matches.blue_background")?,
        blue_foreground: optional_rgb(row, "blue_foreground", "matches.blue_foreground")?,
        red_background: optional_rgb(row, "red_background", "matches.red_background")?,
        red_foreground: optional_rgb(row, "red_foreground", "matches.red_foreground")?,
        pss_match_id: row.get("pss_match_id")?,
        division: row.get("division")?,
        total_rounds: row.get("total_rounds")?,
        round_seconds: row.get("round_seconds")?,
        count_direction: row
            .get::<_, Option<String>>("count_direction")?
            .map(|text| match text.as_str() {
                "down" => Ok(CountDirection::Down),
                "up" => Ok(CountDirection::Up),
                _ => Err(decode_error("matches.count_direction", &text)),
            })
            .transpose()?,
        count_up: row.get("count_up")?,
        format: row.get("format")?,
        status: phase_from_text(&row.get::<_, String>("status")?)?,
        blue: side_row(row, Side::Blue)?,
        red: side_row(row, Side::Red)?,
        loaded_at_us: row.get("loaded_at_us")?,
        ready_at_us: row.get("ready_at_us")?,
        started_at_us: row.get("started_at_us")?,
        ended_at_us: row.get("ended_at_us")?,
        round_winners: round_winners(&row.get::<_, String>("round_winners")?)?,
        winner: row
            .get::<_, Option<String>>("winner")?
            .map(|text| side_from_text(&text, "matches.winner"))
            .transpose()?,
        winner_name: row.get("winner_name")?,
        classification: row.get("classification")?,
        challenges: challenges(&row.get::<_, String>("challenges")?)?,
        updated_seq: row.get("updated_seq")?,
        updated_at_us: row.get("updated_at_us")?,
    })
}

/// Decodes the `blue_*` or `red_*` columns.
fn side_row(row: &Row<'_>, side: Side) -> Result<MatchSideRow> {
    let (prefix, scores_column) = match side {
        Side::Blue => ("blue", "matches.blue_round_scores"),
        Side::Red => ("red", "matches.red_round_scores"),
    };
    let column = |name: &str| format!("{prefix}_{name}");
    let round_scores_text: String = row.get(column("round_scores").as_str())?;
    let round_scores = serde_json::from_str::<[u32; 4]>(&round_scores_text)
        .map_err(|_| decode_error(scores_column, &round_scores_text))?;
    Ok(MatchSideRow {
        athlete_id: row.get(column("athlete_id").as_str())?,
        short_name: row.get(column("short_name").as_str())?,
        long_name: row.get(column("long_name").as_str())?,
        ioc: row.get(column("ioc").as_str())?,
        score: row.get(column("score").as_str())?,
        round_scores,
        gamjeom: row.get(column("gamjeom").as_str())?,
    })
}

fn optional_rgb(row: &Row<'_>, name: &str, column: &'static str) -> Result<Option<Rgb>> {
    row.get::<_, Option<String>>(name)?
        .map(|text| rgb_from_text(&text, column))
        .transpose()
}

/// `#rrggbb` back to a colour.
fn rgb_from_text(text: &str, column: &'static str) -> Result<Rgb> {
    let hex = text
        .strip_prefix('#')
        .filter(|hex| hex.len() == 6 && hex.is_ascii());
    let channel = |range: std::ops::Range<usize>| {
        hex.and_then(|hex| u8::from_str_radix(&hex[range], 16).ok())
    };
    match (channel(0..2), channel(2..4), channel(4..6)) {
        (Some(r), Some(g), Some(b)) => Ok(Rgb { r, g, b }),
        _ => Err(decode_error(column, text)),
    }
}

fn side_from_text(text: &str, column: &'static str) -> Result<Side> {
    match text {
        "blue" => Ok(Side::Blue),
        "red" => Ok(Side::Red),
        _ => Err(decode_error(column, text)),
    }
}

fn phase_from_text(text: &str) -> Result<MatchPhase> {
    Ok(match text {
        "idle" => MatchPhase::Idle,
        "loaded" => MatchPhase::Loaded,
        "ready" => MatchPhase::Ready,
        "running" => MatchPhase::Running,
        "paused" => MatchPhase::Paused,
        "break" => MatchPhase::Break,
        "finished" => MatchPhase::Finished,
        _ => return Err(decode_error("matches.status", text)),
    })
}

/// `["blue",null,"red"]` back to round winners.
fn round_winners(text: &str) -> Result<[Option<Side>; 3]> {
    let column = "matches.round_winners";
    let names: [Option<String>; 3] =
        serde_json::from_str(text).map_err(|_| decode_error(column, text))?;
    let mut winners = [None; 3];
    for (winner, name) in winners.iter_mut().zip(names) {
        *winner = name.map(|name| side_from_text(&name, column)).transpose()?;
    }
    Ok(winners)
}

/// The `matches.challenges` JSON array back to rows.
fn challenges(text: &str) -> Result<Vec<ChallengeRow>> {
    let column = "matches.challenges";
    let bad = || decode_error(column, text);
    let Value::Array(items) = serde_json::from_str::<Value>(text).map_err(|_| bad())? else {
        return Err(bad());
    };
    items
        .iter()
        .map(|item| {
            let by = match item["by"].as_str() {
                Some("referee") => ChallengeBy::Referee,
                Some(name) => ChallengeBy::Athlete(side_from_text(name, column)?),
                None => return Err(bad()),
            };
            let outcome = match item["outcome"].as_str() {
                Some("requested") => ChallengeOutcome::Requested,
                Some("accepted") => ChallengeOutcome::Accepted,
                Some("denied") => ChallengeOutcome::Denied,
                Some("cancelled") => ChallengeOutcome::Cancelled,
                _ => return Err(bad()),
            };
            Ok(ChallengeRow {
                by,
                outcome,
                won: item["won"].as_bool(),
                requested_at_us: item["requested_at_us"].as_i64().ok_or_else(bad)?,
                resolved_at_us: item["resolved_at_us"].as_i64(),
                round: item["round"]
                    .as_u64()
                    .and_then(|round| u8::try_from(round).ok())
                    .ok_or_else(bad)?,
                clock_seconds: item["clock_seconds"]
                    .as_u64()
                    .and_then(|seconds| u32::try_from(seconds).ok()),
            })
        })
        .collect()
}

fn decode_error(column: &'static str, text: &str) -> Error {
    Error::Decode {
        column,
        reason: format!("unexpected value {text:?}"),
    }
}
