//! [`Organiser`]: reads and changes tournaments, days and athletes in one database file.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use crate::check::{check_date, check_name};
use crate::OrganiserError;

/// How long a write waits for another writer (the store's, or a shell's).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A tournament as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tournament {
    /// Row id.
    pub id: i64,
    /// Unique name, e.g. `Open Riga 2026`.
    pub name: String,
    /// Where it is held.
    pub venue: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// Whether new matches go to it.
    pub active: bool,
    /// How many days it has.
    pub days: i64,
    /// How many matches are filed under it.
    pub matches: i64,
}

/// What the organiser sets on a tournament.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TournamentFields {
    /// Its name.
    pub name: String,
    /// Where it is held.
    pub venue: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
}

/// A tournament day as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// Row id.
    pub id: i64,
    /// Its tournament's row id.
    pub tournament_id: i64,
    /// Its name, unique in the tournament (`Day 2 – Finals`; its date when made by itself).
    pub name: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Whether new matches go to it.
    pub active: bool,
    /// Whether the organiser chose it (it then stays active past midnight).
    pub chosen: bool,
    /// When it was closed, µs since the Unix epoch.
    pub closed_at_us: Option<i64>,
    /// How many matches are filed under it.
    pub matches: i64,
}

/// An athlete: one per IOC code and long name, whatever short name the PSS sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Athlete {
    /// Row id.
    pub id: i64,
    /// IOC country code.
    pub ioc: String,
    /// Long name.
    pub name: String,
    /// The short name last seen.
    pub short_name: String,
    /// How many stored matches they fought.
    pub matches: i64,
}

const TOURNAMENT_SQL: &str = "
    SELECT t.id, t.name, t.venue, t.starts_on, t.ends_on, t.active,
           (SELECT count(*) FROM tournament_days d WHERE d.tournament_id = t.id) AS days,
           (SELECT count(*) FROM matches m JOIN tournament_days d ON d.id = m.tournament_day_id
            WHERE d.tournament_id = t.id) AS matches
    FROM tournaments t";

const DAY_SQL: &str = "
    SELECT d.id, d.tournament_id, d.name, d.day, d.active, d.chosen, d.closed_at_us,
           (SELECT count(*) FROM matches m WHERE m.tournament_day_id = d.id) AS matches
    FROM tournament_days d";

/// The organiser's records of one database file.
pub struct Organiser {
    connection: Connection,
}

impl std::fmt::Debug for Organiser {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Organiser")
    }
}

impl Organiser {
    /// Opens the records of the database at `path`, which the store has migrated.
    pub fn open(path: &Path) -> Result<Organiser, OrganiserError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        let migrated: i64 = connection.query_row(
            "SELECT count(*) FROM pragma_table_info('tournament_days') WHERE name = 'chosen'",
            [],
            |row| row.get(0),
        )?;
        if migrated != 1 {
            return Err(OrganiserError::NotMigrated(path.display().to_string()));
        }
        Ok(Organiser { connection })
    }

    /// Every tournament, newest first.
    pub fn tournaments(&self) -> Result<Vec<Tournament>, OrganiserError> {
        let sql = format!("{TOURNAMENT_SQL} ORDER BY t.id DESC");
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], tournament_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tournament with this id.
    pub fn tournament(&self, id: i64) -> Result<Tournament, OrganiserError> {
        let sql = format!("{TOURNAMENT_SQL} WHERE t.id = ?1");
        self.connection
            .query_row(&sql, [id], tournament_row)
            .optional()?
            .ok_or_else(|| OrganiserError::NotFound(format!("tournament {id}")))
    }

    /// The tournament named `key`, or with the id `key` when it is a number.
    pub fn find_tournament(&self, key: &str) -> Result<Tournament, OrganiserError> {
        if let Ok(id) = key.parse::<i64>() {
            return self.tournament(id);
        }
        let id: Option<i64> = self
            .connection
            .query_row(
                "SELECT id FROM tournaments WHERE name = ?1",
                [key.trim()],
                |row| row.get(0),
            )
            .optional()?;
        self.tournament(id.ok_or_else(|| OrganiserError::NotFound(format!("tournament {key:?}")))?)
    }

    /// A new tournament (not active until chosen).
    pub fn create_tournament(
        &self,
        fields: &TournamentFields,
    ) -> Result<Tournament, OrganiserError> {
        let fields = checked(fields)?;
        self.refuse_taken_name(&fields.name, None)?;
        let id: i64 = self.connection.query_row(
            "INSERT INTO tournaments (name, venue, starts_on, ends_on, created_at_us, active)
             VALUES (?1, ?2, ?3, ?4, ?5, 0) RETURNING id",
            params![
                fields.name,
                fields.venue,
                fields.starts_on,
                fields.ends_on,
                now_us()
            ],
            |row| row.get(0),
        )?;
        tracing::info!(tournament = %fields.name, "tournament created");
        self.tournament(id)
    }

    /// Renames the tournament and sets its venue and dates. Recordings made before keep the
    /// folder they were written to.
    pub fn update_tournament(
        &self,
        id: i64,
        fields: &TournamentFields,
    ) -> Result<Tournament, OrganiserError> {
        let fields = checked(fields)?;
        self.tournament(id)?;
        self.refuse_taken_name(&fields.name, Some(id))?;
        self.connection.execute(
            "UPDATE tournaments SET name = ?2, venue = ?3, starts_on = ?4, ends_on = ?5
             WHERE id = ?1",
            params![
                id,
                fields.name,
                fields.venue,
                fields.starts_on,
                fields.ends_on
            ],
        )?;
        tracing::info!(tournament = %fields.name, "tournament changed");
        self.tournament(id)
    }

    /// Makes `id` the tournament new matches go to. No day is active then: the next match
    /// opens (or reopens) the day of its date, unless the organiser chooses one first.
    pub fn activate_tournament(&mut self, id: i64) -> Result<Tournament, OrganiserError> {
        self.tournament(id)?;
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute("UPDATE tournaments SET active = 0 WHERE active = 1", [])?;
        transaction.execute("UPDATE tournaments SET active = 1 WHERE id = ?1", [id])?;
        transaction.execute(
            "UPDATE tournament_days SET active = 0 WHERE active = 1 AND tournament_id <> ?1",
            [id],
        )?;
        transaction.commit()?;
        let tournament = self.tournament(id)?;
        tracing::info!(tournament = %tournament.name, "tournament activated");
        Ok(tournament)
    }

    /// The days of a tournament, oldest first.
    pub fn days(&self, tournament_id: i64) -> Result<Vec<Day>, OrganiserError> {
        self.tournament(tournament_id)?;
        let sql = format!("{DAY_SQL} WHERE d.tournament_id = ?1 ORDER BY d.day, d.id");
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([tournament_id], day_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The day with this id.
    pub fn day(&self, id: i64) -> Result<Day, OrganiserError> {
        let sql = format!("{DAY_SQL} WHERE d.id = ?1");
        self.connection
            .query_row(&sql, [id], day_row)
            .optional()?
            .ok_or_else(|| OrganiserError::NotFound(format!("day {id}")))
    }

    /// The active day, when there is one.
    pub fn active_day(&self) -> Result<Option<Day>, OrganiserError> {
        let sql = format!("{DAY_SQL} WHERE d.active = 1");
        Ok(self.connection.query_row(&sql, [], day_row).optional()?)
    }

    /// A new day of the tournament, on `date` (today, local time, when `None`).
    pub fn create_day(
        &self,
        tournament_id: i64,
        name: &str,
        date: Option<&str>,
    ) -> Result<Day, OrganiserError> {
        self.tournament(tournament_id)?;
        let name = check_name("name", name)?;
        let date = match date {
            Some(date) => check_date("date", date)?,
            None => self
                .connection
                .query_row("SELECT date('now', 'localtime')", [], |row| row.get(0))?,
        };
        self.refuse_taken_day_name(tournament_id, &name, None)?;
        let id: i64 = self.connection.query_row(
            "INSERT INTO tournament_days (tournament_id, day, name, active, created_at_us)
             VALUES (?1, ?2, ?3, 0, ?4) RETURNING id",
            params![tournament_id, date, name, now_us()],
            |row| row.get(0),
        )?;
        tracing::info!(day = %name, %date, "day created");
        self.day(id)
    }

    /// Renames a day (not a closed one). Recordings made before keep their folder.
    pub fn rename_day(&self, id: i64, name: &str) -> Result<Day, OrganiserError> {
        let day = self.day(id)?;
        if day.closed_at_us.is_some() {
            return Err(OrganiserError::Closed(day.name));
        }
        let name = check_name("name", name)?;
        self.refuse_taken_day_name(day.tournament_id, &name, Some(id))?;
        self.connection.execute(
            "UPDATE tournament_days SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        tracing::info!(day = %name, "day renamed");
        self.day(id)
    }

    /// Makes the day the one new matches go to, and its tournament the active one; it stays
    /// so past midnight until closed or another is chosen.
    pub fn activate_day(&mut self, id: i64) -> Result<Day, OrganiserError> {
        let day = self.day(id)?;
        if day.closed_at_us.is_some() {
            return Err(OrganiserError::Closed(day.name));
        }
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute("UPDATE tournaments SET active = 0 WHERE active = 1", [])?;
        transaction.execute(
            "UPDATE tournaments SET active = 1 WHERE id = ?1",
            [day.tournament_id],
        )?;
        transaction.execute("UPDATE tournament_days SET active = 0 WHERE active = 1", [])?;
        transaction.execute(
            "UPDATE tournament_days SET active = 1, chosen = 1 WHERE id = ?1",
            [id],
        )?;
        transaction.commit()?;
        tracing::info!(day = %day.name, "day activated");
        self.day(id)
    }

    /// Closes the day: no match goes to it any more (the next one opens a day of its date,
    /// unless another is chosen).
    pub fn close_day(&self, id: i64) -> Result<Day, OrganiserError> {
        let day = self.day(id)?;
        if day.closed_at_us.is_some() {
            return Err(OrganiserError::Closed(day.name));
        }
        self.connection.execute(
            "UPDATE tournament_days SET closed_at_us = ?2, active = 0 WHERE id = ?1",
            params![id, now_us()],
        )?;
        tracing::info!(day = %day.name, "day closed");
        self.day(id)
    }

    /// Deletes a day that has no match, recording or clip.
    pub fn delete_day(&self, id: i64) -> Result<(), OrganiserError> {
        let day = self.day(id)?;
        let media: i64 = self.connection.query_row(
            "SELECT (SELECT count(*) FROM recordings WHERE tournament_day_id = ?1)
                  + (SELECT count(*) FROM ivr_challenges WHERE tournament_day_id = ?1)",
            [id],
            |row| row.get(0),
        )?;
        if day.matches > 0 || media > 0 {
            return Err(OrganiserError::HasMatches {
                day: day.name,
                matches: day.matches,
                media,
            });
        }
        self.connection
            .execute("DELETE FROM tournament_days WHERE id = ?1", [id])?;
        tracing::info!(day = %day.name, "day deleted");
        Ok(())
    }

    /// Every athlete, by name.
    pub fn athletes(&self) -> Result<Vec<Athlete>, OrganiserError> {
        let mut statement = self
            .connection
            .prepare(&format!("{ATHLETE_SQL} ORDER BY a.long_name, a.ioc"))?;
        let rows = statement.query_map([], athlete_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The athlete with this id.
    pub fn athlete(&self, id: i64) -> Result<Athlete, OrganiserError> {
        self.connection
            .query_row(&format!("{ATHLETE_SQL} WHERE a.id = ?1"), [id], athlete_row)
            .optional()?
            .ok_or_else(|| OrganiserError::NotFound(format!("athlete {id}")))
    }

    fn refuse_taken_name(&self, name: &str, except: Option<i64>) -> Result<(), OrganiserError> {
        let taken: i64 = self.connection.query_row(
            "SELECT count(*) FROM tournaments WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |row| row.get(0),
        )?;
        if taken > 0 {
            return Err(OrganiserError::Duplicate(format!(
                "a tournament named {name:?}"
            )));
        }
        Ok(())
    }

    fn refuse_taken_day_name(
        &self,
        tournament_id: i64,
        name: &str,
        except: Option<i64>,
    ) -> Result<(), OrganiserError> {
        let taken: i64 = self.connection.query_row(
            "SELECT count(*) FROM tournament_days
             WHERE tournament_id = ?1 AND name = ?2 AND id IS NOT ?3",
            params![tournament_id, name, except],
            |row| row.get(0),
        )?;
        if taken > 0 {
            return Err(OrganiserError::Duplicate(format!(
                "a day named {name:?} in this tournament"
            )));
        }
        Ok(())
    }
}

const ATHLETE_SQL: &str = "
    SELECT a.id, a.ioc, a.long_name, a.short_name,
           (SELECT count(*) FROM matches m
            WHERE m.blue_athlete_id = a.id OR m.red_athlete_id = a.id) AS matches
    FROM athletes a";

/// The fields checked: names trimmed, optional texts empty as `None`, dates of the calendar
/// and in order.
fn checked(fields: &TournamentFields) -> Result<TournamentFields, OrganiserError> {
    let optional = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let starts_on = optional(&fields.starts_on)
        .map(|date| check_date("starts_on", &date))
        .transpose()?;
    let ends_on = optional(&fields.ends_on)
        .map(|date| check_date("ends_on", &date))
        .transpose()?;
    if let (Some(starts), Some(ends)) = (&starts_on, &ends_on) {
        if ends < starts {
            return Err(OrganiserError::Invalid {
                field: "ends_on",
                message: format!("{ends} is before the first day {starts}"),
            });
        }
    }
    let venue = optional(&fields.venue);
    if venue
        .as_ref()
        .is_some_and(|venue| venue.chars().count() > 120)
    {
        return Err(OrganiserError::Invalid {
            field: "venue",
            message: "must be 120 characters or fewer".into(),
        });
    }
    Ok(TournamentFields {
        name: check_name("name", &fields.name)?,
        venue,
        starts_on,
        ends_on,
    })
}

fn tournament_row(row: &Row<'_>) -> rusqlite::Result<Tournament> {
    Ok(Tournament {
        id: row.get("id")?,
        name: row.get("name")?,
        venue: row.get("venue")?,
        starts_on: row.get("starts_on")?,
        ends_on: row.get("ends_on")?,
        active: row.get("active")?,
        days: row.get("days")?,
        matches: row.get("matches")?,
    })
}

fn day_row(row: &Row<'_>) -> rusqlite::Result<Day> {
    Ok(Day {
        id: row.get("id")?,
        tournament_id: row.get("tournament_id")?,
        name: row.get("name")?,
        date: row.get("day")?,
        active: row.get("active")?,
        chosen: row.get("chosen")?,
        closed_at_us: row.get("closed_at_us")?,
        matches: row.get("matches")?,
    })
}

fn athlete_row(row: &Row<'_>) -> rusqlite::Result<Athlete> {
    Ok(Athlete {
        id: row.get("id")?,
        ioc: row.get("ioc")?,
        name: row.get("long_name")?,
        short_name: row.get("short_name")?,
        matches: row.get("matches")?,
    })
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_micros() as i64)
}
