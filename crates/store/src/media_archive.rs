//! The media archive: match recordings (`recordings`) and challenge clips (`ivr_challenges`
//! with a clip) in one list, joined to their match, filtered and paged, newest first.
//!
//! A clip starts `clip_duration_ms` before the moment OBS answered the save
//! (`clip_end_at_us`); while its length is unknown it counts from the request. What it leaves
//! out: whether the file is still on disk (the caller looks) and playing it.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::obs_tables::RecordingRow;

/// The event kinds an archive row lists for its match (the others are too common to say
/// anything: clock ticks, scores, hit levels).
pub const NOTABLE_EVENT_KINDS: [&str; 5] = ["point", "gam_jeom", "challenge", "injury", "winner"];

/// What an archive row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// A recording of a match (`recordings`).
    Recording,
    /// A replay-buffer clip of a challenge (`ivr_challenges`).
    Clip,
}

impl MediaKind {
    /// `recording` or `clip`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Recording => "recording",
            MediaKind::Clip => "clip",
        }
    }

    /// The kind named `text` (`recording` or `clip`).
    pub fn parse(text: &str) -> Option<MediaKind> {
        match text {
            "recording" => Some(MediaKind::Recording),
            "clip" => Some(MediaKind::Clip),
            _ => None,
        }
    }
}

/// Which archive rows to read. Every `None` keeps all rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaFilter {
    /// Only recordings or only clips.
    pub kind: Option<MediaKind>,
    /// Only this match's.
    pub match_id: Option<i64>,
    /// Text found (ASCII case ignored) in the match number, an athlete's name or IOC code.
    pub text: Option<String>,
    /// Only rows whose match has an event of this kind (`point`, `gam_jeom`, ...).
    pub event_kind: Option<String>,
    /// Only the row with this id (with `kind`, one recording or one clip).
    pub id: Option<i64>,
    /// Only those of this tournament.
    pub tournament_id: Option<i64>,
    /// Only those of this tournament day.
    pub day_id: Option<i64>,
    /// Page size.
    pub limit: u64,
    /// Rows skipped before the page.
    pub offset: u64,
}

/// One athlete of an archive row's match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MediaAthlete {
    /// Long name, or the short one when the long one is missing.
    pub name: Option<String>,
    /// IOC code.
    pub ioc: Option<String>,
}

/// One recording or clip with its match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRow {
    /// Recording or clip.
    pub kind: MediaKind,
    /// Row id in `recordings` or `ivr_challenges` (the two count apart).
    pub id: i64,
    /// The file, when OBS said it.
    pub path: Option<String>,
    /// The match, when one was loaded.
    pub match_id: Option<i64>,
    /// Match number.
    pub match_number: Option<String>,
    /// Phase, e.g. `Final`.
    pub phase: Option<String>,
    /// Weight class.
    pub weight_class: Option<String>,
    /// Blue athlete.
    pub blue: MediaAthlete,
    /// Red athlete.
    pub red: MediaAthlete,
    /// Wall time of the file's start, µs since the Unix epoch.
    pub started_at_us: i64,
    /// Wall time of its end, when known.
    pub stopped_at_us: Option<i64>,
    /// The notable event kinds of its match ([`NOTABLE_EVENT_KINDS`] order).
    pub event_kinds: Vec<String>,
    /// The tournament and day it was made on.
    pub filed: Option<crate::rows::Filing>,
}

const ARCHIVE_SQL: &str = "
    SELECT a.kind, a.id, a.path, a.match_id, a.started_at_us, a.stopped_at_us,
           m.number, m.phase, m.weight_class,
           COALESCE(m.blue_long_name, m.blue_short_name) AS blue_name, m.blue_ioc,
           COALESCE(m.red_long_name, m.red_short_name) AS red_name, m.red_ioc,
           a.tournament_day_id, d.name AS day_name, d.day AS day_date,
           t.id AS tournament_id, t.name AS tournament_name
    FROM (
        SELECT 'recording' AS kind, r.id, r.path, r.match_id,
               r.started_at_us, r.stopped_at_us, r.tournament_day_id
        FROM recordings r
        UNION ALL
        SELECT 'clip' AS kind, c.id, c.clip_path AS path, c.match_id,
               COALESCE(c.clip_end_at_us - c.clip_duration_ms * 1000, c.requested_at_us)
                   AS started_at_us,
               c.clip_end_at_us AS stopped_at_us, c.tournament_day_id
        FROM ivr_challenges c
        WHERE c.clip_path IS NOT NULL
    ) a
    LEFT JOIN matches m ON m.id = a.match_id
    LEFT JOIN tournament_days d ON d.id = a.tournament_day_id
    LEFT JOIN tournaments t ON t.id = d.tournament_id
    WHERE (?1 IS NULL OR a.kind = ?1)
      AND (?8 IS NULL OR t.id = ?8)
      AND (?9 IS NULL OR a.tournament_day_id = ?9)
      AND (?2 IS NULL OR a.match_id = ?2)
      AND (?3 IS NULL OR m.number LIKE ?3 ESCAPE '\\'
           OR m.blue_long_name LIKE ?3 ESCAPE '\\' OR m.blue_short_name LIKE ?3 ESCAPE '\\'
           OR m.blue_ioc LIKE ?3 ESCAPE '\\'
           OR m.red_long_name LIKE ?3 ESCAPE '\\' OR m.red_short_name LIKE ?3 ESCAPE '\\'
           OR m.red_ioc LIKE ?3 ESCAPE '\\')
      AND (?4 IS NULL OR EXISTS (
           SELECT 1 FROM events e WHERE e.match_id = a.match_id AND e.kind = ?4))
      AND (?7 IS NULL OR a.id = ?7)
    ORDER BY a.started_at_us DESC, a.kind DESC, a.id DESC
    LIMIT ?5 OFFSET ?6";

/// The archive rows `filter` selects, newest first.
pub(crate) fn archive(conn: &Connection, filter: &MediaFilter) -> Result<Vec<MediaRow>> {
    let pattern = filter.text.as_deref().map(like_pattern);
    let mut statement = conn.prepare_cached(ARCHIVE_SQL)?;
    let rows = statement.query_map(
        rusqlite::params![
            filter.kind.map(MediaKind::as_str),
            filter.match_id,
            pattern,
            filter.event_kind,
            i64::try_from(filter.limit).unwrap_or(i64::MAX),
            i64::try_from(filter.offset).unwrap_or(i64::MAX),
            filter.id,
            filter.tournament_id,
            filter.day_id,
        ],
        media_row,
    )?;
    let mut rows: Vec<MediaRow> = rows.collect::<rusqlite::Result<_>>()?;
    let mut kinds_by_match: Vec<(i64, Vec<String>)> = Vec::new();
    for row in &mut rows {
        let Some(match_id) = row.match_id else {
            continue;
        };
        if let Some((_, kinds)) = kinds_by_match.iter().find(|(id, _)| *id == match_id) {
            row.event_kinds = kinds.clone();
            continue;
        }
        let kinds = notable_kinds(conn, match_id)?;
        row.event_kinds = kinds.clone();
        kinds_by_match.push((match_id, kinds));
    }
    Ok(rows)
}

/// The recording of `match_id` that was running at `at_us` (the newest when several were).
pub(crate) fn recording_at(
    conn: &Connection,
    match_id: i64,
    at_us: i64,
) -> Result<Option<RecordingRow>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM recordings
             WHERE match_id = ?1 AND origin_at_us <= ?2
               AND (stopped_at_us IS NULL OR ?2 <= stopped_at_us)
             ORDER BY origin_at_us DESC, id DESC LIMIT 1",
        )?
        .query_row(rusqlite::params![match_id, at_us], |row| row.get(0))
        .optional()?;
    match id {
        Some(id) => crate::obs_tables::recording(conn, id),
        None => Ok(None),
    }
}

fn notable_kinds(conn: &Connection, match_id: i64) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare_cached("SELECT 1 FROM events WHERE match_id = ?1 AND kind = ?2 LIMIT 1")?;
    let mut kinds = Vec::new();
    for kind in NOTABLE_EVENT_KINDS {
        if statement
            .query_row(rusqlite::params![match_id, kind], |_| Ok(()))
            .optional()?
            .is_some()
        {
            kinds.push(kind.to_owned());
        }
    }
    Ok(kinds)
}

/// `%text%` with LIKE's wildcards in `text` escaped.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

fn media_row(row: &Row<'_>) -> rusqlite::Result<MediaRow> {
    let kind: String = row.get("kind")?;
    Ok(MediaRow {
        kind: MediaKind::parse(&kind).unwrap_or(MediaKind::Recording),
        id: row.get("id")?,
        path: row.get("path")?,
        match_id: row.get("match_id")?,
        match_number: row.get("number")?,
        phase: row.get("phase")?,
        weight_class: row.get("weight_class")?,
        blue: MediaAthlete {
            name: row.get("blue_name")?,
            ioc: row.get("blue_ioc")?,
        },
        red: MediaAthlete {
            name: row.get("red_name")?,
            ioc: row.get("red_ioc")?,
        },
        started_at_us: row.get("started_at_us")?,
        stopped_at_us: row.get("stopped_at_us")?,
        event_kinds: Vec::new(),
        filed: crate::reader::filing(row)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_the_search_text_are_taken_literally() {
        assert_eq!(like_pattern("kim"), "%kim%");
        assert_eq!(like_pattern("10%_a\\"), "%10\\%\\_a\\\\%");
    }
}
