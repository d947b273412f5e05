//! The database file: opening it with the right settings, and the ordered schema migrations.
//!
//! `PRAGMA user_version` holds the schema version. At open the writer applies every migration
//! above it, all in one transaction, so a failed migration leaves the file as it was. Before
//! migrating an existing file it copies it (`VACUUM INTO`) to `backups/` beside it, named with
//! the old version and the time. Readers never migrate; they refuse a file at another version.
//!
//! # Durability
//!
//! The journal is WAL, so readers run while the writer writes. `synchronous = FULL` makes
//! every COMMIT wait for the WAL to reach the disk (one fsync per batch). WAL with
//! `synchronous = NORMAL` would already survive a killed process (our crash test is a SIGKILL),
//! but it can lose the last transactions on power loss or an OS crash, and the design says a
//! datagram acknowledged as committed is never lost. Batching keeps FULL cheap: one fsync per
//! batch, not per datagram (the `write` bench shows the rate).
//!
//! Events have one index, `(match_id, kind)`: a match's timeline, all of it or one kind. A
//! second index on `kind` alone would cost a fifth of the writer's time per datagram (measured
//! with the `write` bench: 5.3 against 4.2 µs), so a query for one kind across all matches
//! scans the table.
//!
//! Foreign keys are declared for readers and tools but not enforced (`PRAGMA foreign_keys`
//! stays off): checking them costs every insert, and the writer already writes a datagram
//! before its events, in the same transaction.
//!
//! # Recordings and `rec_timestamp`
//!
//! A recording row keeps `origin_at_us`: the wall time at which OBS's own record timecode was
//! zero, measured as "wall time when `GetRecordStatus` answered minus its `outputDuration`". An
//! event's offset inside a recording is computed at query time (view `event_rec_timestamps`)
//! as `received_at_us - origin_at_us`, for the recordings of its match that were running when
//! it arrived. Nothing is written to `events` afterwards, so the hot insert path stays as it
//! was, and a recording that starts late (OBS came back) still gets the events it covers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior, MAIN_DB};

use crate::error::{Error, Result};

/// The schema version this program reads and writes.
pub const SCHEMA_VERSION: u32 = 10;

/// One step of the schema's history. Never edit a published step; add a new one.
struct Migration {
    /// The version the file has after this step.
    version: u32,
    /// The statements of this step.
    sql: &'static str,
}

/// Every migration, oldest first; the last one's version is [`SCHEMA_VERSION`].
const MIGRATIONS: &[Migration] = &[
    // v1: the raw feed, every datagram and the messages parsed from it.
    Migration {
        version: 1,
        sql: "
            CREATE TABLE datagrams (
                seq            INTEGER PRIMARY KEY,
                received_at_us INTEGER NOT NULL,
                source         TEXT    NOT NULL,
                bytes          BLOB    NOT NULL,
                parse_status   TEXT    NOT NULL CHECK (parse_status IN ('ok', 'partial', 'error')),
                match_id       INTEGER
            );
            CREATE TABLE events (
                id             INTEGER PRIMARY KEY,
                seq            INTEGER NOT NULL REFERENCES datagrams (seq),
                idx            INTEGER NOT NULL,
                kind           TEXT    NOT NULL,
                side           TEXT,
                value          INTEGER,
                round          INTEGER,
                clock_seconds  INTEGER,
                match_id       INTEGER,
                received_at_us INTEGER NOT NULL,
                data           TEXT
            );
            CREATE INDEX events_by_match_kind ON events (match_id, kind);
        ",
    },
    // v2: the match archive (tournaments, days, athletes, matches).
    Migration {
        version: 2,
        sql: "
            CREATE TABLE tournaments (
                id            INTEGER PRIMARY KEY,
                name          TEXT    NOT NULL UNIQUE,
                created_at_us INTEGER NOT NULL
            );
            CREATE TABLE tournament_days (
                id            INTEGER PRIMARY KEY,
                tournament_id INTEGER NOT NULL REFERENCES tournaments (id),
                day           TEXT    NOT NULL,
                active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
                created_at_us INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX tournament_days_one_active ON tournament_days (active)
                WHERE active = 1;
            CREATE TABLE athletes (
                id         INTEGER PRIMARY KEY,
                ioc        TEXT NOT NULL,
                long_name  TEXT NOT NULL,
                short_name TEXT NOT NULL,
                UNIQUE (ioc, long_name)
            );
            CREATE TABLE matches (
                id                INTEGER PRIMARY KEY,
                tournament_day_id INTEGER REFERENCES tournament_days (id),
                number            TEXT,
                phase             TEXT,
                weight_class      TEXT,
                rounds            INTEGER,
                blue_background   TEXT,
                blue_foreground   TEXT,
                red_background    TEXT,
                red_foreground    TEXT,
                pss_match_id      TEXT,
                division          TEXT,
                total_rounds      INTEGER,
                round_seconds     INTEGER,
                count_direction   TEXT CHECK (count_direction IN ('down', 'up')),
                count_up          INTEGER,
                format            INTEGER,
                status            TEXT    NOT NULL,
                blue_athlete_id   INTEGER REFERENCES athletes (id),
                blue_short_name   TEXT,
                blue_long_name    TEXT,
                blue_ioc          TEXT,
                red_athlete_id    INTEGER REFERENCES athletes (id),
                red_short_name    TEXT,
                red_long_name     TEXT,
                red_ioc           TEXT,
                loaded_at_us      INTEGER,
                ready_at_us       INTEGER,
                started_at_us     INTEGER,
                ended_at_us       INTEGER,
                blue_score        INTEGER NOT NULL,
                red_score         INTEGER NOT NULL,
                blue_round_scores TEXT    NOT NULL,
                red_round_scores  TEXT    NOT NULL,
                blue_gamjeom      INTEGER NOT NULL,
                red_gamjeom       INTEGER NOT NULL,
                round_winners     TEXT    NOT NULL,
                winner            TEXT CHECK (winner IN ('blue', 'red')),
                winner_name       TEXT,
                classification    TEXT,
                challenges        TEXT    NOT NULL,
                updated_seq       INTEGER NOT NULL,
                updated_at_us     INTEGER NOT NULL
            );
            CREATE INDEX matches_by_day ON matches (tournament_day_id);
        ",
    },
    // v3: OBS connections, one row per recording and per stream session, and the view that
    // gives every stored event its offset inside the recording of its match.
    Migration {
        version: 3,
        sql: "
            CREATE TABLE obs_connections (
                name            TEXT    PRIMARY KEY,
                host            TEXT    NOT NULL,
                port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
                password_sealed BLOB,
                protocol        TEXT    NOT NULL CHECK (protocol IN ('auto', 'v5', 'v4')),
                role            TEXT    NOT NULL CHECK (role IN ('rec', 'str', 'both')),
                enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1))
            );
            CREATE TABLE recordings (
                id            INTEGER PRIMARY KEY,
                match_id      INTEGER REFERENCES matches (id),
                connection    TEXT    NOT NULL,
                directory     TEXT    NOT NULL,
                file_name     TEXT    NOT NULL,
                path          TEXT,
                started_at_us INTEGER NOT NULL,
                origin_at_us  INTEGER NOT NULL,
                stopped_at_us INTEGER,
                duration_ms   INTEGER,
                timecode      TEXT,
                end_reason    TEXT
            );
            CREATE INDEX recordings_by_match ON recordings (match_id);
            CREATE TABLE stream_sessions (
                id            INTEGER PRIMARY KEY,
                connection    TEXT    NOT NULL,
                started_at_us INTEGER NOT NULL,
                origin_at_us  INTEGER NOT NULL,
                stopped_at_us INTEGER,
                duration_ms   INTEGER,
                timecode      TEXT,
                end_reason    TEXT
            );
            CREATE VIEW event_rec_timestamps AS
                SELECT e.id AS event_id, r.id AS recording_id,
                       (e.received_at_us - r.origin_at_us) / 1000 AS rec_timestamp_ms
                FROM recordings r JOIN events e ON e.match_id = r.match_id
                WHERE e.received_at_us >= r.origin_at_us
                  AND (r.stopped_at_us IS NULL OR e.received_at_us <= r.stopped_at_us);
        ",
    },
    // v4: one row per instant video replay with the time of each stage, and the view that
    // links the events before a request to its clip (see `ivr_tables`).
    Migration {
        version: 4,
        sql: "
            CREATE TABLE ivr_challenges (
                id                   INTEGER PRIMARY KEY,
                match_id             INTEGER,
                challenge_index      INTEGER,
                trigger              TEXT    NOT NULL CHECK (trigger IN ('challenge', 'operator')),
                side                 TEXT    CHECK (side IN ('referee', 'blue', 'red')),
                seq                  INTEGER,
                requested_at_us      INTEGER NOT NULL,
                link_window_ms       INTEGER NOT NULL,
                lead_ms              INTEGER NOT NULL,
                status               TEXT    NOT NULL
                    CHECK (status IN ('queued', 'saving', 'playing', 'closed', 'failed')),
                rec_connection       TEXT,
                str_connection       TEXT,
                save_sent_at_us      INTEGER,
                clip_end_at_us       INTEGER,
                saved_at_us          INTEGER,
                clip_path            TEXT,
                clip_source          TEXT    CHECK (clip_source IN ('event', 'poll')),
                clip_duration_ms     INTEGER,
                clip_ready_at_us     INTEGER,
                start_offset_ms      INTEGER,
                first_frame_at_us    INTEGER,
                scene_switched_at_us INTEGER,
                resolved_at_us       INTEGER,
                outcome              TEXT    CHECK (outcome IN ('accepted', 'denied', 'cancelled')),
                won                  INTEGER CHECK (won IN (0, 1)),
                closed_at_us         INTEGER,
                close_reason         TEXT,
                failure              TEXT
            );
            CREATE INDEX ivr_challenges_by_match ON ivr_challenges (match_id);
            CREATE VIEW event_ivr_links AS
                SELECT e.id AS event_id, c.id AS challenge_id, c.clip_path AS ivr_link,
                       (e.received_at_us - (c.clip_end_at_us - c.clip_duration_ms * 1000)) / 1000
                           AS clip_offset_ms
                FROM ivr_challenges c JOIN events e ON e.match_id = c.match_id
                WHERE c.clip_path IS NOT NULL
                  AND e.received_at_us >= c.requested_at_us - c.link_window_ms * 1000
                  AND e.received_at_us <= c.requested_at_us;
        ",
    },
    // v5: the operator's settings (key -> JSON text), marks, and whether a datagram was
    // folded into the live match (not while manual mode ignored the PSS).
    Migration {
        version: 5,
        sql: "
            ALTER TABLE datagrams ADD COLUMN folded INTEGER NOT NULL DEFAULT 1
                CHECK (folded IN (0, 1));
            CREATE TABLE settings (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE marks (
                id            INTEGER PRIMARY KEY,
                match_id      INTEGER,
                at_us         INTEGER NOT NULL,
                round         INTEGER,
                clock_seconds INTEGER,
                note          TEXT    NOT NULL
            );
            CREATE INDEX marks_by_match ON marks (match_id);
        ",
    },
    // v6: the venue network's credentials (crates/auth): the operator password as an Argon2id
    // PHC string, device tokens and browser sessions by the SHA-256 of their random value only.
    Migration {
        version: 6,
        sql: "
            CREATE TABLE auth_operator (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                password_hash TEXT    NOT NULL,
                set_at_us     INTEGER NOT NULL
            );
            CREATE TABLE auth_tokens (
                name            TEXT    PRIMARY KEY,
                role            TEXT    NOT NULL CHECK (role IN ('operator', 'viewer')),
                token_hash      BLOB    NOT NULL UNIQUE,
                created_at_us   INTEGER NOT NULL,
                last_used_at_us INTEGER
            );
            CREATE TABLE auth_sessions (
                id_hash       BLOB    PRIMARY KEY,
                created_at_us INTEGER NOT NULL,
                expires_at_us INTEGER NOT NULL,
                address       TEXT
            );
        ",
    },
    // v7: the audit trail (crates/auth): every configuration change and sign-in, who, from
    // where, when, what; never a secret value.
    Migration {
        version: 7,
        sql: "
            CREATE TABLE audit (
                id      INTEGER PRIMARY KEY,
                at_us   INTEGER NOT NULL,
                actor   TEXT    NOT NULL,
                address TEXT,
                action  TEXT    NOT NULL,
                target  TEXT
            );
        ",
    },
    // v8: the data key (crates/vault), wrapped under its protection; every sealed secret
    // (obs_connections.password_sealed, ...) is sealed under it.
    Migration {
        version: 8,
        sql: "
            CREATE TABLE data_key (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                protection    TEXT    NOT NULL
                              CHECK (protection IN ('key_file', 'passphrase', 'dpapi')),
                wrapped       BLOB    NOT NULL,
                kdf_params    TEXT,
                kdf_salt      BLOB,
                created_at_us INTEGER NOT NULL,
                changed_at_us INTEGER
            );
        ",
    },
    // v9: tournaments and days the organiser names, dates and chooses (crates/organiser);
    // recordings, clips and stream sessions carry the day they were made on. What was stored
    // before keeps its tournament and day: the day's name is its date, and the tournament of
    // the active (else the newest) day becomes the active tournament.
    Migration {
        version: 9,
        sql: "
            ALTER TABLE tournaments ADD COLUMN venue TEXT;
            ALTER TABLE tournaments ADD COLUMN starts_on TEXT;
            ALTER TABLE tournaments ADD COLUMN ends_on TEXT;
            ALTER TABLE tournaments ADD COLUMN active INTEGER NOT NULL DEFAULT 0
                CHECK (active IN (0, 1));
            CREATE UNIQUE INDEX tournaments_one_active ON tournaments (active) WHERE active = 1;
            UPDATE tournaments SET active = 1 WHERE id = (
                SELECT tournament_id FROM tournament_days
                ORDER BY active DESC, id DESC LIMIT 1
            );
            UPDATE tournaments SET active = 1
                WHERE id = (SELECT max(id) FROM tournaments)
                  AND NOT EXISTS (SELECT 1 FROM tournaments WHERE active = 1);
            ALTER TABLE tournament_days ADD COLUMN name TEXT;
            UPDATE tournament_days SET name = day || coalesce(' (' || nullif(1 + (
                SELECT count(*) FROM tournament_days o
                WHERE o.tournament_id = tournament_days.tournament_id
                  AND o.day = tournament_days.day AND o.id < tournament_days.id
            ), 1) || ')', '');
            ALTER TABLE tournament_days ADD COLUMN chosen INTEGER NOT NULL DEFAULT 0
                CHECK (chosen IN (0, 1));
            ALTER TABLE tournament_days ADD COLUMN closed_at_us INTEGER;
            CREATE UNIQUE INDEX tournament_days_by_name ON tournament_days (tournament_id, name);
            ALTER TABLE recordings ADD COLUMN tournament_day_id INTEGER;
            UPDATE recordings SET tournament_day_id =
                (SELECT tournament_day_id FROM matches WHERE matches.id = recordings.match_id);
            ALTER TABLE ivr_challenges ADD COLUMN tournament_day_id INTEGER;
            UPDATE ivr_challenges SET tournament_day_id =
                (SELECT tournament_day_id FROM matches WHERE matches.id = ivr_challenges.match_id);
            ALTER TABLE stream_sessions ADD COLUMN tournament_day_id INTEGER;
            UPDATE stream_sessions SET tournament_day_id = (
                SELECT id FROM tournament_days
                WHERE created_at_us <= stream_sessions.started_at_us
                ORDER BY created_at_us DESC LIMIT 1
            );
            CREATE VIEW filed_matches AS
                SELECT m.*, d.name AS day_name, d.day AS day_date,
                       t.id AS tournament_id, t.name AS tournament_name
                FROM matches m
                LEFT JOIN tournament_days d ON d.id = m.tournament_day_id
                LEFT JOIN tournaments t ON t.id = d.tournament_id;
        ",
    },
    // v10: the analytics' tallies (crates/analytics): stored events counted per match, kind,
    // side, point kind, round and local hour, kept by triggers as events are stored or taken
    // into a match, so a day's or a tournament's figures add up a few thousand rows instead of
    // reading a million events; and the matches of an athlete by index.
    Migration {
        version: 10,
        sql: "
            CREATE TABLE event_tallies (
                match_id INTEGER NOT NULL,
                kind     TEXT    NOT NULL,
                side     TEXT    NOT NULL,
                value    INTEGER NOT NULL,
                round    INTEGER NOT NULL,
                hour     INTEGER NOT NULL,
                n        INTEGER NOT NULL,
                PRIMARY KEY (match_id, kind, side, value, round, hour)
            ) WITHOUT ROWID;
            INSERT INTO event_tallies
                SELECT match_id, kind, coalesce(side, ''),
                       CASE WHEN kind = 'point' THEN coalesce(value, -1) ELSE -1 END,
                       coalesce(round, 0),
                       CAST(strftime('%H', received_at_us / 1000000, 'unixepoch', 'localtime')
                            AS INTEGER),
                       count(*)
                FROM events WHERE match_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
            CREATE TRIGGER events_tally_insert AFTER INSERT ON events
            WHEN NEW.match_id IS NOT NULL BEGIN
                INSERT INTO event_tallies VALUES (NEW.match_id, NEW.kind, coalesce(NEW.side, ''), CASE WHEN NEW.kind = 'point' THEN coalesce(NEW.value, -1) ELSE -1 END, coalesce(NEW.round, 0), CAST(strftime('%H', NEW.received_at_us / 1000000, 'unixepoch', 'localtime') AS INTEGER), 1)
                    ON CONFLICT DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER events_tally_update AFTER UPDATE OF match_id, round ON events BEGIN
                UPDATE event_tallies SET n = n - 1
                    WHERE OLD.match_id IS NOT NULL AND match_id = OLD.match_id
                      AND (kind, side, value, round, hour) = (OLD.kind, coalesce(OLD.side, ''), CASE WHEN OLD.kind = 'point' THEN coalesce(OLD.value, -1) ELSE -1 END, coalesce(OLD.round, 0), CAST(strftime('%H', OLD.received_at_us / 1000000, 'unixepoch', 'localtime') AS INTEGER));
                INSERT INTO event_tallies
                    SELECT NEW.match_id, NEW.kind, coalesce(NEW.side, ''), CASE WHEN NEW.kind = 'point' THEN coalesce(NEW.value, -1) ELSE -1 END, coalesce(NEW.round, 0), CAST(strftime('%H', NEW.received_at_us / 1000000, 'unixepoch', 'localtime') AS INTEGER), 1 WHERE NEW.match_id IS NOT NULL
                    ON CONFLICT DO UPDATE SET n = n + 1;
            END;
            CREATE INDEX matches_by_blue_athlete ON matches (blue_athlete_id);
            CREATE INDEX matches_by_red_athlete ON matches (red_athlete_id);
        ",
    },
];

/// How long the writer waits for a lock before a write counts as failed and is retried.
const WRITER_BUSY_TIMEOUT: Duration = Duration::from_millis(250);

/// How long a reader waits for a lock.
const READER_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (creating when needed) the database for writing, sets WAL and FULL sync, and
/// migrates it to [`SCHEMA_VERSION`].
pub(crate) fn open_writer(path: &Path) -> Result<Connection> {
    let open_error = |reason: String| Error::Open {
        path: path.to_owned(),
        reason,
    };
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|err| {
            open_error(format!("cannot create folder {}: {err}", folder.display()))
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|err| open_error(err.to_string()))?;
    if conn
        .is_readonly(MAIN_DB)
        .map_err(|err| open_error(err.to_string()))?
    {
        return Err(open_error("the file is read-only".to_owned()));
    }
    let journal_mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(|err| open_error(err.to_string()))?;
    if !journal_mode.eq_ignore_ascii_case("wal") {
        return Err(open_error(format!(
            "cannot use WAL journal (got {journal_mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|err| open_error(err.to_string()))?;
    conn.busy_timeout(WRITER_BUSY_TIMEOUT)
        .map_err(|err| open_error(err.to_string()))?;
    conn.set_prepared_statement_cache_capacity(32);
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens an existing database read-only, refusing a file at another schema version.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    let open_error = |reason: String| Error::Open {
        path: path.to_owned(),
        reason,
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(path, flags).map_err(|err| open_error(err.to_string()))?;
    conn.busy_timeout(READER_BUSY_TIMEOUT)
        .map_err(|err| open_error(err.to_string()))?;
    let found = user_version(&conn).map_err(|err| open_error(err.to_string()))?;
    if found != SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            path: path.to_owned(),
            found,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(conn)
}

/// Brings the file from its version to [`SCHEMA_VERSION`] in one transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let from = user_version(conn).map_err(|err| Error::Open {
        path: path.to_owned(),
        reason: err.to_string(),
    })?;
    if from > SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            path: path.to_owned(),
            found: from,
            expected: SCHEMA_VERSION,
        });
    }
    if from == SCHEMA_VERSION {
        return Ok(());
    }
    let migrate_error = |source| Error::Migrate {
        path: path.to_owned(),
        from,
        to: SCHEMA_VERSION,
        source,
    };
    if from > 0 {
        copy_to_backups(conn, path, &format!("v{from}-before-migration")).map_err(migrate_error)?;
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(migrate_error)?;
    for migration in MIGRATIONS
        .iter()
        .filter(|migration| migration.version > from)
    {
        tx.execute_batch(migration.sql).map_err(migrate_error)?;
        tx.pragma_update(None, "user_version", migration.version)
            .map_err(migrate_error)?;
    }
    tx.commit().map_err(migrate_error)?;
    tracing::info!(from, to = SCHEMA_VERSION, path = %path.display(), "database schema migrated");
    Ok(())
}

/// The folder, beside the database, that keeps the copies made before each migration.
const BACKUP_FOLDER: &str = "backups";

/// Copies the database of `conn`, at `path`, as it is (`VACUUM INTO`) to
/// `backups/<stem>-<label>-<ms since the epoch>.sqlite3` beside it, so a migration or an import
/// can always be undone by hand. Returns the copy's path.
pub fn copy_to_backups(conn: &Connection, path: &Path, label: &str) -> rusqlite::Result<PathBuf> {
    let folder = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(BACKUP_FOLDER);
    std::fs::create_dir_all(&folder).map_err(|err| {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(format!("cannot create {}: {err}", folder.display())),
        )
    })?;
    let stamp_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    let stem = path
        .file_stem()
        .map_or("database".into(), |stem| stem.to_string_lossy());
    let copy = folder.join(format!("{stem}-{label}-{stamp_ms}.sqlite3"));
    conn.execute("VACUUM INTO ?1", [copy.to_string_lossy()])?;
    tracing::info!(copy = %copy.display(), label, "database copied to backups");
    Ok(copy)
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}
