//! [`AuditTrail`]: one row for every configuration change and every sign-in, kept in the
//! database beside the credentials. A row names who (a session, a token's name, `cli`,
//! `local`), from where, when and what (the route, a setting key or a connection name), and
//! never a secret value: callers pass names and routes only.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection};

use crate::credentials::{now_us, open_connection};
use crate::Result;

/// What happened, as the caller tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Who: `session:<8 hex>`, `token:<name>`, `cli`, `local`, `anonymous`.
    pub actor: String,
    /// From where: the client's IP address; `None` for the command line.
    pub address: Option<String>,
    /// What: `PUT /api/settings`, `sign_in`, `sign_in_failed`, `token_created`, ...
    pub action: String,
    /// On what: the concrete path, a connection's or token's name.
    pub target: Option<String>,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Its number, in the order written.
    pub id: i64,
    /// When, µs since the Unix epoch.
    pub at_us: i64,
    /// The entry.
    pub entry: AuditEntry,
}

/// The audit table of one database file; cheap to clone.
#[derive(Clone)]
pub struct AuditTrail {
    connection: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for AuditTrail {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("AuditTrail")
    }
}

impl AuditTrail {
    /// Opens the audit table of the database at `path`, which `store` has migrated.
    pub fn open(path: &Path) -> Result<AuditTrail> {
        Ok(AuditTrail {
            connection: Arc::new(Mutex::new(open_connection(path, &["audit"])?)),
        })
    }

    /// Writes one entry now.
    pub fn record(&self, entry: &AuditEntry) -> Result<()> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        connection.execute(
            "INSERT INTO audit (at_us, actor, address, action, target) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                now_us(),
                entry.actor,
                entry.address,
                entry.action,
                entry.target
            ],
        )?;
        Ok(())
    }

    /// The newest `limit` entries, newest first.
    pub fn newest(&self, limit: usize) -> Result<Vec<AuditRow>> {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let mut statement = connection.prepare(
            "SELECT id, at_us, actor, address, action, target FROM audit ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |row| {
            Ok(AuditRow {
                id: row.get(0)?,
                at_us: row.get(1)?,
                entry: AuditEntry {
                    actor: row.get(2)?,
                    address: row.get(3)?,
                    action: row.get(4)?,
                    target: row.get(5)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
