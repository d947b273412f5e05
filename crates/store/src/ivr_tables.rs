//! The instant video replay side of the database: one row per replay (a coach's or the
//! referee's challenge, or the operator's REPLAY), with the time of each stage, and the view
//! that links the events before a request to its clip.
//!
//! A row is inserted when the replay is asked for ([`IvrChallengeStart`]) and filled in as the
//! flow goes ([`IvrChallengeProgress`]: every field that is `Some` is written, the others are
//! kept). Writes go through the writer's queue like the OBS tables. `match_id` is the ingest
//! match key but declares no foreign key: a replay is stored even when its match row is not
//! (the operator's REPLAY before any match, a test without matches).
//!
//! # `ivr_link` and the offset inside the clip
//!
//! Nothing is written to `events`: the view `event_ivr_links` gives every event of the
//! challenge's match received in the `link_window_ms` before the request (the request itself
//! included) the clip path (`ivr_link`) and its offset inside the clip:
//! `clip_offset_ms = (received_at_us - (clip_end_at_us - clip_duration_ms * 1000)) / 1000`.
//! `clip_end_at_us` is the wall time OBS answered `SaveReplayBuffer` (the buffer's content ends
//! there), `clip_duration_ms` is the clip's length as the player read it. Until both are known
//! the offset is NULL. The receive stamp and the answer time come from the same host clock.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use crate::error::Result;

/// A replay that was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrChallengeStart {
    /// The match it belongs to (the ingest match key), if one is loaded.
    pub match_id: Option<i64>,
    /// The index of the challenge in the match state; `None` for the operator's REPLAY.
    pub challenge_index: Option<i64>,
    /// `challenge` or `operator`.
    pub trigger: String,
    /// Who asked: `referee`, `blue`, `red`; `None` for the operator.
    pub side: Option<String>,
    /// The datagram that carried the request, if any.
    pub seq: Option<u64>,
    /// When it was asked for (the datagram's receive stamp), µs since the Unix epoch.
    pub requested_at_us: i64,
    /// How far before the request events are linked to the clip, in ms.
    pub link_window_ms: i64,
    /// How far before the request playback starts, in ms.
    pub lead_ms: i64,
    /// `queued` (another replay is open) or `saving`.
    pub status: String,
}

/// What a replay reached; every `Some` field is written, every `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IvrChallengeProgress {
    /// The row.
    pub id: i64,
    /// `queued`, `saving`, `playing`, `closed` or `failed`.
    pub status: Option<String>,
    /// The OBS connection asked for the clip.
    pub rec_connection: Option<String>,
    /// The OBS connection whose scene was switched.
    pub str_connection: Option<String>,
    /// When `SaveReplayBuffer` was sent.
    pub save_sent_at_us: Option<i64>,
    /// When OBS answered it: the clip's content ends here.
    pub clip_end_at_us: Option<i64>,
    /// When the clip's path was known (`ReplayBufferSaved`, or the fallback poll).
    pub saved_at_us: Option<i64>,
    /// The clip.
    pub clip_path: Option<String>,
    /// How the path was learnt: `event` or `poll`.
    pub clip_source: Option<String>,
    /// The clip's length as the player read it, in ms.
    pub clip_duration_ms: Option<i64>,
    /// When `ClipReady` was published and the load sent.
    pub clip_ready_at_us: Option<i64>,
    /// Where in the clip playback started, in ms from its start.
    pub start_offset_ms: Option<i64>,
    /// When the first frame was on screen (mpv's `playback-restart`).
    pub first_frame_at_us: Option<i64>,
    /// When the stream's program scene was the replay scene.
    pub scene_switched_at_us: Option<i64>,
    /// When the challenge was resolved.
    pub resolved_at_us: Option<i64>,
    /// `accepted`, `denied` or `cancelled`.
    pub outcome: Option<String>,
    /// For an accepted challenge, whether the challenger won.
    pub won: Option<bool>,
    /// When the replay screen was closed and the stream back live.
    pub closed_at_us: Option<i64>,
    /// Why it closed: `resolved`, `clock started`, `operator`, `failed`, `shutdown`.
    pub close_reason: Option<String>,
    /// Why it failed, in the words the operator saw.
    pub failure: Option<String>,
}

/// A stored replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrChallengeRow {
    /// Row id.
    pub id: i64,
    /// The match.
    pub match_id: Option<i64>,
    /// The index of the challenge in the match state.
    pub challenge_index: Option<i64>,
    /// `challenge` or `operator`.
    pub trigger: String,
    /// `referee`, `blue`, `red`.
    pub side: Option<String>,
    /// The datagram that carried the request.
    pub seq: Option<u64>,
    /// When it was asked for.
    pub requested_at_us: i64,
    /// The event link window, in ms.
    pub link_window_ms: i64,
    /// The lead before the request, in ms.
    pub lead_ms: i64,
    /// `queued`, `saving`, `playing`, `closed` or `failed`.
    pub status: String,
    /// The REC connection.
    pub rec_connection: Option<String>,
    /// The STR connection.
    pub str_connection: Option<String>,
    /// When the save was sent.
    pub save_sent_at_us: Option<i64>,
    /// When OBS answered the save (the clip's end).
    pub clip_end_at_us: Option<i64>,
    /// When the path was known.
    pub saved_at_us: Option<i64>,
    /// The clip.
    pub clip_path: Option<String>,
    /// `event` or `poll`.
    pub clip_source: Option<String>,
    /// The clip's length, in ms.
    pub clip_duration_ms: Option<i64>,
    /// When the load was sent.
    pub clip_ready_at_us: Option<i64>,
    /// Where playback started in the clip, in ms.
    pub start_offset_ms: Option<i64>,
    /// When the first frame was on screen.
    pub first_frame_at_us: Option<i64>,
    /// When the replay scene was on air.
    pub scene_switched_at_us: Option<i64>,
    /// When it was resolved.
    pub resolved_at_us: Option<i64>,
    /// `accepted`, `denied` or `cancelled`.
    pub outcome: Option<String>,
    /// Won or lost.
    pub won: Option<bool>,
    /// When it was closed.
    pub closed_at_us: Option<i64>,
    /// Why it closed.
    pub close_reason: Option<String>,
    /// Why it failed.
    pub failure: Option<String>,
}

impl IvrChallengeRow {
    /// Each stage's time in the order of the replay's path: requested, save sent, clip end,
    /// saved, clip ready, first frame, scene switched, resolved, closed (`None` for a stage not
    /// reached).
    pub fn stage_times(&self) -> [Option<i64>; 9] {
        [
            Some(self.requested_at_us),
            self.save_sent_at_us,
            self.clip_end_at_us,
            self.saved_at_us,
            self.clip_ready_at_us,
            self.first_frame_at_us,
            self.scene_switched_at_us,
            self.resolved_at_us,
            self.closed_at_us,
        ]
    }
}

/// An event linked to a replay clip (view `event_ivr_links`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventIvrLink {
    /// `events.id`.
    pub event_id: i64,
    /// `ivr_challenges.id`.
    pub challenge_id: i64,
    /// The clip (`ivr_link`).
    pub ivr_link: String,
    /// The event's offset from the start of the clip, in ms, when the clip's length is known.
    pub clip_offset_ms: Option<i64>,
}

/// Inserts a new replay row; returns its id.
pub(crate) fn insert(tx: &Transaction<'_>, start: &IvrChallengeStart) -> rusqlite::Result<i64> {
    tx.query_row(
        "INSERT INTO ivr_challenges (match_id, challenge_index, trigger, side, seq,
                                     requested_at_us, link_window_ms, lead_ms, status,
                                     tournament_day_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                 coalesce((SELECT tournament_day_id FROM matches WHERE id = ?1),
                          (SELECT id FROM tournament_days WHERE active = 1)))
         RETURNING id",
        params![
            start.match_id,
            start.challenge_index,
            start.trigger,
            start.side,
            start.seq,
            start.requested_at_us,
            start.link_window_ms,
            start.lead_ms,
            start.status
        ],
        |row| row.get(0),
    )
}

/// Writes the `Some` fields of `progress`; returns the number of rows changed (0 or 1).
pub(crate) fn update(
    tx: &Transaction<'_>,
    progress: &IvrChallengeProgress,
) -> rusqlite::Result<i64> {
    let n_changed = tx.execute(
        "UPDATE ivr_challenges SET
             status               = coalesce(?2, status),
             rec_connection       = coalesce(?3, rec_connection),
             str_connection       = coalesce(?4, str_connection),
             save_sent_at_us      = coalesce(?5, save_sent_at_us),
             clip_end_at_us       = coalesce(?6, clip_end_at_us),
             saved_at_us          = coalesce(?7, saved_at_us),
             clip_path            = coalesce(?8, clip_path),
             clip_source          = coalesce(?9, clip_source),
             clip_duration_ms     = coalesce(?10, clip_duration_ms),
             clip_ready_at_us     = coalesce(?11, clip_ready_at_us),
             start_offset_ms      = coalesce(?12, start_offset_ms),
             first_frame_at_us    = coalesce(?13, first_frame_at_us),
             scene_switched_at_us = coalesce(?14, scene_switched_at_us),
             resolved_at_us       = coalesce(?15, resolved_at_us),
             outcome              = coalesce(?16, outcome),
             won                  = coalesce(?17, won),
             closed_at_us         = coalesce(?18, closed_at_us),
             close_reason         = coalesce(?19, close_reason),
             failure              = coalesce(?20, failure)
         WHERE id = ?1",
        params![
            progress.id,
            progress.status,
            progress.rec_connection,
            progress.str_connection,
            progress.save_sent_at_us,
            progress.clip_end_at_us,
            progress.saved_at_us,
            progress.clip_path,
            progress.clip_source,
            progress.clip_duration_ms,
            progress.clip_ready_at_us,
            progress.start_offset_ms,
            progress.first_frame_at_us,
            progress.scene_switched_at_us,
            progress.resolved_at_us,
            progress.outcome,
            progress.won,
            progress.closed_at_us,
            progress.close_reason,
            progress.failure
        ],
    )?;
    Ok(n_changed as i64)
}

const CHALLENGE_COLUMNS: &str = "id, match_id, challenge_index, trigger, side, seq,
    requested_at_us, link_window_ms, lead_ms, status, rec_connection, str_connection,
    save_sent_at_us, clip_end_at_us, saved_at_us, clip_path, clip_source, clip_duration_ms,
    clip_ready_at_us, start_offset_ms, first_frame_at_us, scene_switched_at_us, resolved_at_us,
    outcome, won, closed_at_us, close_reason, failure";

/// Replays, oldest first; those of one match when `match_id` is given.
pub(crate) fn challenges(
    conn: &rusqlite::Connection,
    match_id: Option<i64>,
) -> Result<Vec<IvrChallengeRow>> {
    let sql = format!(
        "SELECT {CHALLENGE_COLUMNS} FROM ivr_challenges
         WHERE ?1 IS NULL OR match_id = ?1 ORDER BY id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([match_id], challenge_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The replay with this id.
pub(crate) fn challenge(conn: &rusqlite::Connection, id: i64) -> Result<Option<IvrChallengeRow>> {
    let sql = format!("SELECT {CHALLENGE_COLUMNS} FROM ivr_challenges WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], challenge_row)
        .optional()?)
}

/// The events of a match linked to replay clips, in event order.
pub(crate) fn event_links(conn: &rusqlite::Connection, match_id: i64) -> Result<Vec<EventIvrLink>> {
    let mut statement = conn.prepare_cached(
        "SELECT l.event_id, l.challenge_id, l.ivr_link, l.clip_offset_ms
         FROM event_ivr_links l JOIN ivr_challenges c ON c.id = l.challenge_id
         WHERE c.match_id = ?1 ORDER BY l.event_id, l.challenge_id",
    )?;
    let rows = statement.query_map([match_id], |row| {
        Ok(EventIvrLink {
            event_id: row.get(0)?,
            challenge_id: row.get(1)?,
            ivr_link: row.get(2)?,
            clip_offset_ms: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn challenge_row(row: &Row<'_>) -> rusqlite::Result<IvrChallengeRow> {
    Ok(IvrChallengeRow {
        id: row.get(0)?,
        match_id: row.get(1)?,
        challenge_index: row.get(2)?,
        trigger: row.get(3)?,
        side: row.get(4)?,
        seq: row.get(5)?,
        requested_at_us: row.get(6)?,
        link_window_ms: row.get(7)?,
        lead_ms: row.get(8)?,
        status: row.get(9)?,
        rec_connection: row.get(10)?,
        str_connection: row.get(11)?,
        save_sent_at_us: row.get(12)?,
        clip_end_at_us: row.get(13)?,
        saved_at_us: row.get(14)?,
        clip_path: row.get(15)?,
        clip_source: row.get(16)?,
        clip_duration_ms: row.get(17)?,
        clip_ready_at_us: row.get(18)?,
        start_offset_ms: row.get(19)?,
        first_frame_at_us: row.get(20)?,
        scene_switched_at_us: row.get(21)?,
        resolved_at_us: row.get(22)?,
        outcome: row.get(23)?,
        won: row.get(24)?,
        closed_at_us: row.get(25)?,
        close_reason: row.get(26)?,
        failure: row.get(27)?,
    })
}
