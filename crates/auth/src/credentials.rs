//! [`Credentials`]: the operator password, device tokens and browser sessions in SQLite.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};

use crate::random::{digest, new_value};
use crate::{password, Error, Result, Role};

/// How long a browser session lasts after sign-in (a long tournament day).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(16 * 3600);

/// How often a token's `last_used_at_us` is written at most, µs.
const LAST_USED_EVERY_US: i64 = 60_000_000;

/// How long a write waits for another writer (the running `vta` and a shell share the file).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Who made a request and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// For the audit trail: `session:<8 hex>` or `token:<name>`; never the credential itself.
    pub actor: String,
    /// What the credential may do.
    pub role: Role,
}

/// A device token as listed (its value is shown once, at creation, and never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The name it was created with (`obs-overlay-court-1`).
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was created, µs since the Unix epoch.
    pub created_at_us: i64,
    /// When a request last used it, µs since the Unix epoch.
    pub last_used_at_us: Option<i64>,
}

/// The credential tables of one database file; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Credentials {
    connection: Arc<Mutex<Connection>>,
    /// The digest of the launcher's token: the operator credential the desktop shell gave the
    /// sidecar it started, for this process only (never stored).
    launcher: Option<Arc<Vec<u8>>>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Credentials")
    }
}

/// The actor of the launcher's token in the audit trail.
pub const LAUNCHER_ACTOR: &str = "desktop";

impl Credentials {
    /// The same credentials, also accepting `token` as an operator's for the life of this
    /// process: the desktop shell hands it to the sidecar it starts, so its window needs no
    /// sign-in even when the sidecar serves the venue network. Only its digest is kept.
    pub fn with_launcher_token(mut self, token: &str) -> Credentials {
        self.launcher = Some(Arc::new(digest(token)));
        self
    }

    /// Opens the credential tables of the database at `path`, which `store` has migrated.
    pub fn open(path: &Path) -> Result<Credentials> {
        let connection = open_connection(path, &["auth_operator", "auth_tokens", "auth_sessions"])?;
        Ok(Credentials {
            connection: Arc::new(Mutex::new(connection)),
            launcher: None,
        })
    }

    fn with<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        work(&connection)
    }

    /// Whether an operator password has been set.
    pub fn password_is_set(&self) -> Result<bool> {
        self.with(|db| {
            Ok(db
                .query_row("SELECT 1 FROM auth_operator WHERE id = 1", [], |_| Ok(()))
                .optional()?
                .is_some())
        })
    }

    /// Sets (or replaces) the operator password, and ends every browser session, so a
    /// changed password signs everybody out. Slow on purpose (Argon2id).
    pub fn set_password(&self, new_password: &str) -> Result<()> {
        let hash = password::hash(new_password)?;
        self.with(|db| {
            db.execute_batch("BEGIN IMMEDIATE")?;
            let outcome = (|| {
                db.execute(
                    "INSERT INTO auth_operator (id, password_hash, set_at_us) VALUES (1, ?1, ?2) \
                     ON CONFLICT (id) DO UPDATE SET password_hash = ?1, set_at_us = ?2",
                    params![hash, now_us()],
                )?;
                db.execute("DELETE FROM auth_sessions", [])?;
                Ok(())
            })();
            finish(db, outcome)
        })
    }

    /// Whether `candidate` is the operator password; `false` when none is set. Slow on
    /// purpose (Argon2id): call it off the async runtime.
    pub fn check_password(&self, candidate: &str) -> Result<bool> {
        let stored: Option<String> = self.with(|db| {
            Ok(db
                .query_row(
                    "SELECT password_hash FROM auth_operator WHERE id = 1",
                    [],
                    |row| row.get(0),
                )
                .optional()?)
        })?;
        match stored {
            Some(stored) => password::verify(candidate, &stored),
            None => Ok(false),
        }
    }

    /// Creates a device token; returns its value, which is shown once and never stored.
    pub fn create_token(&self, name: &str, role: Role) -> Result<String> {
        check_token_name(name)?;
        let value = new_value("vta_t_")?;
        self.with(|db| {
            let inserted = db.execute(
                "INSERT INTO auth_tokens (name, role, token_hash, created_at_us) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING",
                params![name, role.as_str(), digest(&value), now_us()],
            )?;
            if inserted == 0 {
                return Err(Error::TokenNameTaken(name.to_owned()));
            }
            Ok(())
        })?;
        Ok(value)
    }

    /// Removes the token `name`; `false` when there is none. Refused from the next request on.
    pub fn revoke_token(&self, name: &str) -> Result<bool> {
        self.with(|db| Ok(db.execute("DELETE FROM auth_tokens WHERE name = ?1", [name])? > 0))
    }

    /// Every token, by name.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        self.with(|db| {
            let mut statement = db.prepare(
                "SELECT name, role, created_at_us, last_used_at_us FROM auth_tokens ORDER BY name",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                ))
            })?;
            let mut tokens = Vec::new();
            for row in rows {
                let (name, role, created_at_us, last_used_at_us) = row?;
                // The table's CHECK keeps other roles out; a damaged row reads as a viewer.
                let role = Role::parse(&role).unwrap_or(Role::Viewer);
                tokens.push(TokenInfo {
                    name,
                    role,
                    created_at_us,
                    last_used_at_us,
                });
            }
            Ok(tokens)
        })
    }

    /// Who a token value belongs to, and notes its use; `None` for an unknown or revoked one.
    pub fn caller_by_token(&self, value: &str) -> Result<Option<Caller>> {
        let hash = digest(value);
        if self.launcher.as_deref() == Some(&hash) {
            return Ok(Some(Caller {
                actor: LAUNCHER_ACTOR.to_owned(),
                role: Role::Operator,
            }));
        }
        self.with(|db| {
            let found: Option<(String, String)> = db
                .query_row(
                    "SELECT name, role FROM auth_tokens WHERE token_hash = ?1",
                    [&hash],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let Some((name, role)) = found else {
                return Ok(None);
            };
            // At most one write a minute per token: an overlay's requests must not queue
            // behind, or hold up, the store's writer.
            let now = now_us();
            db.execute(
                "UPDATE auth_tokens SET last_used_at_us = ?1 WHERE token_hash = ?2 \
                 AND (last_used_at_us IS NULL OR last_used_at_us < ?3)",
                params![now, hash, now - LAST_USED_EVERY_US],
            )?;
            Ok(Role::parse(&role).map(|role| Caller {
                actor: format!("token:{name}"),
                role,
            }))
        })
    }

    /// Opens an operator browser session for a good sign-in from `address`; returns the
    /// session id for the cookie (stored only as its digest) and who it is. Ended sessions
    /// are swept here.
    pub fn open_session(&self, address: &str) -> Result<(String, Caller)> {
        let value = new_value("vta_s_")?;
        let now = now_us();
        let expires = now + SESSION_LIFETIME.as_micros() as i64;
        self.with(|db| {
            db.execute("DELETE FROM auth_sessions WHERE expires_at_us <= ?1", [now])?;
            db.execute(
                "INSERT INTO auth_sessions (id_hash, created_at_us, expires_at_us, address) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![digest(&value), now, expires, address],
            )?;
            Ok(())
        })?;
        let caller = session_caller(&digest(&value));
        Ok((value, caller))
    }

    /// Who a session id belongs to; `None` for an unknown, ended or expired one.
    pub fn caller_by_session(&self, value: &str) -> Result<Option<Caller>> {
        let hash = digest(value);
        let live = self.with(|db| {
            Ok(db
                .query_row(
                    "SELECT 1 FROM auth_sessions WHERE id_hash = ?1 AND expires_at_us > ?2",
                    params![hash, now_us()],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })?;
        Ok(live.then(|| session_caller(&hash)))
    }

    /// Ends a session (sign-out); nothing happens for an unknown one.
    pub fn close_session(&self, value: &str) -> Result<()> {
        self.with(|db| {
            db.execute(
                "DELETE FROM auth_sessions WHERE id_hash = ?1",
                [digest(value)],
            )?;
            Ok(())
        })
    }
}

fn finish(db: &Connection, outcome: Result<()>) -> Result<()> {
    match outcome {
        Ok(()) => {
            db.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(err) => {
            // The error that matters is the first one; a failed rollback leaves SQLite to
            // roll back when the connection next begins.
            let _ = db.execute_batch("ROLLBACK");
            Err(err)
        }
    }
}

fn check_token_name(name: &str) -> Result<()> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ');
    let length = name.chars().count();
    if (1..=64).contains(&length) && name.chars().all(allowed) && name.trim() == name {
        Ok(())
    } else {
        Err(Error::BadTokenName)
    }
}

/// The caller of the session whose id has digest `hash`: always the operator.
fn session_caller(hash: &[u8]) -> Caller {
    Caller {
        actor: format!("session:{}", short_hex(hash)),
        role: Role::Operator,
    }
}

/// The first 4 bytes of a digest as hex: names a session in the audit trail.
fn short_hex(hash: &[u8]) -> String {
    hash.iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A connection to the database at `path` that has every table of `tables`.
pub(crate) fn open_connection(path: &Path, tables: &[&str]) -> Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    for table in tables {
        let found: i64 = connection.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |row| row.get(0),
        )?;
        if found != 1 {
            return Err(Error::NotMigrated(path.display().to_string()));
        }
    }
    Ok(connection)
}

/// Now, µs since the Unix epoch.
pub(crate) fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_micros() as i64)
}
