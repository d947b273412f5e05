//! The OBS side of the database: stored connections, recordings and stream sessions.
//!
//! Writes arrive as [`ControlWrite`]s through the same queue as datagrams, so the writer thread
//! stays the only writer; each runs in its own small transaction after the batch before it is
//! committed, and its caller gets the new row id back. Reads are [`crate::Reader`] methods.
//!
//! The store keeps a connection's password only as the sealed bytes the application gives it
//! (`password_sealed`); it never sees the key or the text.

use rusqlite::{params, Connection, OptionalExtension, Row};
use tokio::sync::oneshot;

use crate::error::Result;

/// A stored OBS connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObsConnectionRow {
    /// Unique name, e.g. `REC`.
    pub name: String,
    /// Host name or IP address.
    pub host: String,
    /// obs-websocket port.
    pub port: u16,
    /// The password as sealed by the application (nonce and ciphertext), if any.
    pub password_sealed: Option<Vec<u8>>,
    /// `auto`, `v5` or `v4`.
    pub protocol: String,
    /// `rec`, `str` or `both`.
    pub role: String,
    /// Whether the program connects it at start.
    pub enabled: bool,
}

/// A recording that OBS started for a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingStart {
    /// The match it films, if one was loaded.
    pub match_id: Option<i64>,
    /// The OBS connection that records.
    pub connection: String,
    /// The folder asked for.
    pub directory: String,
    /// The file name asked for (without OBS's `%` escapes).
    pub file_name: String,
    /// The file OBS said it writes (`RecordStateChanged.outputPath`).
    pub path: Option<String>,
    /// Wall time the recording was seen started, µs since the Unix epoch.
    pub started_at_us: i64,
    /// Wall time at which OBS's record timecode was zero.
    pub origin_at_us: i64,
}

/// The end of a recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingStop {
    /// The recording's row id.
    pub id: i64,
    /// Wall time it was seen stopped (or lost).
    pub stopped_at_us: i64,
    /// The file OBS reported at the stop, when it did; kept as it was otherwise.
    pub path: Option<String>,
    /// OBS's last `outputDuration`, in ms.
    pub duration_ms: Option<u64>,
    /// OBS's last `outputTimecode`.
    pub timecode: Option<String>,
    /// Why it ended, e.g. `match over`, `next match`, `obs connection lost`.
    pub end_reason: String,
}

/// A stored recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingRow {
    /// Row id.
    pub id: i64,
    /// The match it films.
    pub match_id: Option<i64>,
    /// The OBS connection that recorded.
    pub connection: String,
    /// The folder asked for.
    pub directory: String,
    /// The file name asked for.
    pub file_name: String,
    /// The file OBS wrote.
    pub path: Option<String>,
    /// When it was seen started.
    pub started_at_us: i64,
    /// Wall time of OBS's timecode zero; event offsets count from here.
    pub origin_at_us: i64,
    /// When it was seen stopped; none while it runs.
    pub stopped_at_us: Option<i64>,
    /// OBS's last duration, in ms.
    pub duration_ms: Option<u64>,
    /// OBS's last timecode.
    pub timecode: Option<String>,
    /// Why it ended.
    pub end_reason: Option<String>,
}

/// A stream session that started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSessionStart {
    /// The OBS connection that streams.
    pub connection: String,
    /// Wall time it was seen started.
    pub started_at_us: i64,
    /// Wall time at which OBS's stream timecode was zero.
    pub origin_at_us: i64,
}

/// The end of a stream session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSessionStop {
    /// The session's row id.
    pub id: i64,
    /// Wall time it was seen stopped (or lost).
    pub stopped_at_us: i64,
    /// OBS's last `outputDuration`, in ms.
    pub duration_ms: Option<u64>,
    /// OBS's last `outputTimecode`.
    pub timecode: Option<String>,
    /// Why it ended: `stopped`, `obs connection lost`, ...
    pub end_reason: String,
}

/// A stored stream session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSessionRow {
    /// Row id.
    pub id: i64,
    /// The OBS connection that streamed.
    pub connection: String,
    /// When it was seen started.
    pub started_at_us: i64,
    /// Wall time of OBS's stream timecode zero.
    pub origin_at_us: i64,
    /// When it ended; none while it runs.
    pub stopped_at_us: Option<i64>,
    /// OBS's last duration, in ms.
    pub duration_ms: Option<u64>,
    /// OBS's last timecode.
    pub timecode: Option<String>,
    /// Why it ended.
    pub end_reason: Option<String>,
}

/// An event's place inside a recording of its match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRecordingOffset {
    /// `events.id`.
    pub event_id: i64,
    /// `recordings.id`.
    pub recording_id: i64,
    /// Milliseconds from the recording's timecode zero (`rec_timestamp`).
    pub rec_timestamp_ms: i64,
}

/// One write for the OBS tables.
#[derive(Debug)]
pub(crate) enum ControlWrite {
    SaveConnection(ObsConnectionRow),
    DeleteConnection(String),
    RecordingStarted(RecordingStart),
    RecordingStopped(RecordingStop),
    StreamStarted(StreamSessionStart),
    StreamStopped(StreamSessionStop),
    IvrStarted(crate::ivr_tables::IvrChallengeStart),
    IvrProgress(Box<crate::ivr_tables::IvrChallengeProgress>),
    SaveSetting {
        key: String,
        value: String,
    },
    Mark(crate::operator_tables::MarkStart),
    /// Datagrams taken into the live match afterwards (written by `archive::adopt`).
    Adopt(Box<crate::record::AdoptedMatch>),
}

/// A write and who waits for its outcome (a row id, or the number of rows changed).
#[derive(Debug)]
pub(crate) struct ControlItem {
    pub write: ControlWrite,
    pub answer: oneshot::Sender<Result<i64>>,
}

/// Runs one write in its own transaction; on a fresh database an adopted match is filed under
/// a new tournament named `first_tournament`.
pub(crate) fn execute(
    conn: &mut Connection,
    write: &ControlWrite,
    first_tournament: &str,
) -> rusqlite::Result<i64> {
    let tx = conn.transaction()?;
    let outcome = match write {
        ControlWrite::SaveConnection(row) => write_connection(&tx, row)? as i64,
        ControlWrite::DeleteConnection(name) => {
            tx.execute("DELETE FROM obs_connections WHERE name = ?1", [name])? as i64
        }
        ControlWrite::RecordingStarted(start) => tx.query_row(
            // Filed under its match's day, else the active day.
            "INSERT INTO recordings (match_id, connection, directory, file_name, path,
                                     started_at_us, origin_at_us, tournament_day_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                     coalesce((SELECT tournament_day_id FROM matches WHERE id = ?1),
                              (SELECT id FROM tournament_days WHERE active = 1)))
             RETURNING id",
            params![
                start.match_id,
                start.connection,
                start.directory,
                start.file_name,
                start.path,
                start.started_at_us,
                start.origin_at_us
            ],
            |row| row.get(0),
        )?,
        ControlWrite::RecordingStopped(stop) => tx.execute(
            "UPDATE recordings SET stopped_at_us = ?2, path = coalesce(?3, path),
                 duration_ms = ?4, timecode = ?5, end_reason = ?6
             WHERE id = ?1",
            params![
                stop.id,
                stop.stopped_at_us,
                stop.path,
                stop.duration_ms,
                stop.timecode,
                stop.end_reason
            ],
        )? as i64,
        ControlWrite::StreamStarted(start) => tx.query_row(
            "INSERT INTO stream_sessions (connection, started_at_us, origin_at_us,
                                          tournament_day_id)
             VALUES (?1, ?2, ?3, (SELECT id FROM tournament_days WHERE active = 1))
             RETURNING id",
            params![start.connection, start.started_at_us, start.origin_at_us],
            |row| row.get(0),
        )?,
        ControlWrite::StreamStopped(stop) => tx.execute(
            "UPDATE stream_sessions SET stopped_at_us = ?2, duration_ms = ?3, timecode = ?4,
                 end_reason = ?5
             WHERE id = ?1",
            params![
                stop.id,
                stop.stopped_at_us,
                stop.duration_ms,
                stop.timecode,
                stop.end_reason
            ],
        )? as i64,
        ControlWrite::IvrStarted(start) => crate::ivr_tables::insert(&tx, start)?,
        ControlWrite::IvrProgress(progress) => crate::ivr_tables::update(&tx, progress)?,
        ControlWrite::SaveSetting { key, value } => {
            crate::operator_tables::save_setting(&tx, key, value)?
        }
        ControlWrite::Mark(mark) => crate::operator_tables::insert_mark(&tx, mark)?,
        ControlWrite::Adopt(adopted) => crate::archive::adopt(&tx, adopted, first_tournament)?,
    };
    tx.commit()?;
    Ok(outcome)
}

/// Inserts the connection `row`, or replaces the one of the same name, in `conn`'s open
/// transaction (the writer's, or a configuration import's).
pub fn write_connection(conn: &Connection, row: &ObsConnectionRow) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO obs_connections
             (name, host, port, password_sealed, protocol, role, enabled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (name) DO UPDATE SET
             host = excluded.host, port = excluded.port,
             password_sealed = excluded.password_sealed,
             protocol = excluded.protocol, role = excluded.role,
             enabled = excluded.enabled",
        params![
            row.name,
            row.host,
            row.port,
            row.password_sealed,
            row.protocol,
            row.role,
            row.enabled
        ],
    )
}

/// Every stored connection, by name.
pub(crate) fn connections(conn: &Connection) -> Result<Vec<ObsConnectionRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT name, host, port, password_sealed, protocol, role, enabled
         FROM obs_connections ORDER BY name",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ObsConnectionRow {
            name: row.get(0)?,
            host: row.get(1)?,
            port: row.get(2)?,
            password_sealed: row.get(3)?,
            protocol: row.get(4)?,
            role: row.get(5)?,
            enabled: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored connection named `name`.
pub(crate) fn connection(conn: &Connection, name: &str) -> Result<Option<ObsConnectionRow>> {
    Ok(connections(conn)?.into_iter().find(|row| row.name == name))
}

const RECORDING_COLUMNS: &str = "id, match_id, connection, directory, file_name, path,
    started_at_us, origin_at_us, stopped_at_us, duration_ms, timecode, end_reason";

/// Recordings, oldest first; those of one match when `match_id` is given.
pub(crate) fn recordings(conn: &Connection, match_id: Option<i64>) -> Result<Vec<RecordingRow>> {
    let sql = format!(
        "SELECT {RECORDING_COLUMNS} FROM recordings
         WHERE ?1 IS NULL OR match_id = ?1 ORDER BY id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([match_id], recording_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The recording with this id.
pub(crate) fn recording(conn: &Connection, id: i64) -> Result<Option<RecordingRow>> {
    let sql = format!("SELECT {RECORDING_COLUMNS} FROM recordings WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], recording_row)
        .optional()?)
}

fn recording_row(row: &Row<'_>) -> rusqlite::Result<RecordingRow> {
    Ok(RecordingRow {
        id: row.get(0)?,
        match_id: row.get(1)?,
        connection: row.get(2)?,
        directory: row.get(3)?,
        file_name: row.get(4)?,
        path: row.get(5)?,
        started_at_us: row.get(6)?,
        origin_at_us: row.get(7)?,
        stopped_at_us: row.get(8)?,
        duration_ms: row.get(9)?,
        timecode: row.get(10)?,
        end_reason: row.get(11)?,
    })
}

/// Every stream session, oldest first.
pub(crate) fn stream_sessions(conn: &Connection) -> Result<Vec<StreamSessionRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, connection, started_at_us, origin_at_us, stopped_at_us, duration_ms,
                timecode, end_reason
         FROM stream_sessions ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(StreamSessionRow {
            id: row.get(0)?,
            connection: row.get(1)?,
            started_at_us: row.get(2)?,
            origin_at_us: row.get(3)?,
            stopped_at_us: row.get(4)?,
            duration_ms: row.get(5)?,
            timecode: row.get(6)?,
            end_reason: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The offsets of a match's events inside its recordings, in event order.
pub(crate) fn event_offsets(conn: &Connection, match_id: i64) -> Result<Vec<EventRecordingOffset>> {
    let mut statement = conn.prepare_cached(
        "SELECT o.event_id, o.recording_id, o.rec_timestamp_ms
         FROM event_rec_timestamps o JOIN recordings r ON r.id = o.recording_id
         WHERE r.match_id = ?1 ORDER BY o.event_id, o.recording_id",
    )?;
    let rows = statement.query_map([match_id], |row| {
        Ok(EventRecordingOffset {
            event_id: row.get(0)?,
            recording_id: row.get(1)?,
            rec_timestamp_ms: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
