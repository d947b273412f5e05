//! What the operator keeps in the database besides the feed: settings as JSON text under a key
//! (the application owns their shape; the store only keeps the text), and marks, a moment of
//! the live match the operator flagged with a note.
//!
//! Writes go through the writer's queue like the OBS tables; reads are [`crate::Reader`]
//! methods. `marks.match_id` is the ingest match key and declares no foreign key: a mark made
//! before any match is kept with none.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;

/// A mark the operator makes now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkStart {
    /// The live match, if one is loaded.
    pub match_id: Option<i64>,
    /// When it was made, µs since the Unix epoch.
    pub at_us: i64,
    /// The round at that moment.
    pub round: Option<u8>,
    /// The match clock at that moment, in seconds.
    pub clock_seconds: Option<u32>,
    /// The operator's words; may be empty.
    pub note: String,
}

/// A stored mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkRow {
    /// Row id; ascending ids are the order they were made in.
    pub id: i64,
    /// The live match when it was made.
    pub match_id: Option<i64>,
    /// When it was made, µs since the Unix epoch.
    pub at_us: i64,
    /// The round at that moment.
    pub round: Option<u8>,
    /// The match clock at that moment, in seconds.
    pub clock_seconds: Option<u32>,
    /// The operator's words.
    pub note: String,
}

/// Which marks [`Reader::marks`](crate::Reader::marks) returns, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkFilter {
    /// Only this match's marks.
    pub match_id: Option<i64>,
    /// At most this many (all when `None`).
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: u64,
}

/// Stores `value` under `key`, replacing what was there.
pub(crate) fn save_setting(tx: &Transaction<'_>, key: &str, value: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|n_rows| n_rows as i64)
}

/// Inserts a mark; returns its id.
pub(crate) fn insert_mark(tx: &Transaction<'_>, mark: &MarkStart) -> rusqlite::Result<i64> {
    tx.query_row(
        "INSERT INTO marks (match_id, at_us, round, clock_seconds, note)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![
            mark.match_id,
            mark.at_us,
            mark.round,
            mark.clock_seconds,
            mark.note
        ],
        |row| row.get(0),
    )
}

/// The text stored under `key`.
pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

/// Marks matching `filter`, oldest first.
pub(crate) fn marks(conn: &Connection, filter: &MarkFilter) -> Result<Vec<MarkRow>> {
    // SQLite reads a negative limit as "no limit".
    let limit = filter
        .limit
        .map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
    let mut statement = conn.prepare_cached(
        "SELECT id, match_id, at_us, round, clock_seconds, note FROM marks
         WHERE ?1 IS NULL OR match_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = statement.query_map(params![filter.match_id, limit, offset], mark_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The mark with this id.
pub(crate) fn mark(conn: &Connection, id: i64) -> Result<Option<MarkRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, match_id, at_us, round, clock_seconds, note FROM marks WHERE id = ?1",
        )?
        .query_row([id], mark_row)
        .optional()?)
}

fn mark_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MarkRow> {
    Ok(MarkRow {
        id: row.get(0)?,
        match_id: row.get(1)?,
        at_us: row.get(2)?,
        round: row.get(3)?,
        clock_seconds: row.get(4)?,
        note: row.get(5)?,
    })
}
