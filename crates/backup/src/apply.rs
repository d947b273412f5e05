//! [`export`] and [`import`] against a data folder's database and protocol file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use app::ingest::{Following, PSS_SOURCE_KEY};
use app::obs_manager::{parse_protocol, parse_role, ObsConnectionSpec};
use app::settings::{Settings, MANUAL_MODE_KEY, SETTINGS_KEY};
use rusqlite::{params, Connection, TransactionBehavior};
use vault::SecretKey;

use crate::format::{self, BackupKey, ConnectionEntry, Content};
use crate::BackupError;

/// How long a write waits for another writer.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The configuration of one data folder.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The database (migrated by the store).
    pub database: &'a Path,
    /// Where an edited protocol schema is kept (`protocol.schema`).
    pub protocol_file: &'a Path,
}

/// What an import replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Settings rows written.
    pub settings: usize,
    /// OBS connections written (every other one was removed).
    pub obs_connections: usize,
    /// Whether an edited protocol schema was restored (else the built-in one is used).
    pub protocol_schema: bool,
    /// The copy of the database made before the import.
    pub copy: PathBuf,
}

/// The configuration of `target` as a backup file under `passphrase`; `data_key` unseals the
/// stored passwords, which the file holds sealed under the passphrase only.
pub fn export(
    target: Target<'_>,
    data_key: &SecretKey,
    passphrase: &str,
    program: &str,
) -> Result<Vec<u8>, BackupError> {
    let key = BackupKey::new(passphrase)?;
    let connection = open(target.database)?;
    let settings = read_settings(&connection)?;
    let mut obs_connections = Vec::new();
    let mut statement = connection.prepare(
        "SELECT name, host, port, password_sealed, protocol, role, enabled
         FROM obs_connections ORDER BY name",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            ConnectionEntry {
                name: row.get(0)?,
                host: row.get(1)?,
                port: row.get(2)?,
                protocol: row.get(4)?,
                role: row.get(5)?,
                enabled: row.get(6)?,
                password: None,
            },
            row.get::<_, Option<Vec<u8>>>(3)?,
        ))
    })?;
    for row in rows {
        let (mut entry, sealed) = row?;
        if let Some(sealed) = sealed {
            let password = data_key
                .unseal(&sealed)
                .map_err(|_| vault::VaultError::Secret {
                    what: "OBS password",
                    name: entry.name.clone(),
                })?;
            entry.password = Some(key.seal_password(&entry.name, &password)?);
        }
        obs_connections.push(entry);
    }
    let protocol_schema = match std::fs::read_to_string(target.protocol_file) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(file_error(target.protocol_file, err)),
    };
    let content = Content {
        settings,
        obs_connections,
        protocol_schema,
    };
    key.write(&content, now_us(), program)
}

/// Replaces the configuration of `target` with the backup `bytes`, all or nothing: the file
/// is read and every value checked first; then the database is copied to `backups/`; then
/// the settings and the OBS connections (their passwords sealed under `data_key`) are
/// replaced in one transaction, and the protocol file after it.
pub fn import(
    target: Target<'_>,
    data_key: &SecretKey,
    bytes: &[u8],
    passphrase: &str,
) -> Result<ImportSummary, BackupError> {
    let (content, key) = format::open(bytes, passphrase)?;
    check_settings(&content.settings)?;
    let mut rows = Vec::new();
    let mut names = BTreeSet::new();
    for entry in &content.obs_connections {
        if !names.insert(entry.name.as_str()) {
            return Err(BackupError::Invalid(format!(
                "two OBS connections are named {:?}",
                entry.name
            )));
        }
        let spec = spec_of(entry, &key)?;
        rows.push(
            spec.to_row(data_key)
                .map_err(|err| BackupError::Invalid(err.to_string()))?,
        );
    }
    if let Some(text) = &content.protocol_schema {
        pss::Schema::from_text(text)
            .map_err(|err| BackupError::Invalid(format!("protocol schema: {err}")))?;
    }

    let staged = target.protocol_file.with_extension("schema.importing");
    if let Some(text) = &content.protocol_schema {
        std::fs::write(&staged, text).map_err(|err| file_error(&staged, err))?;
    }
    let mut connection = open(target.database)?;
    let copy = store::copy_to_backups(&connection, target.database, "before-import")?;
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    transaction.execute("DELETE FROM settings", [])?;
    for (setting, value) in &content.settings {
        transaction.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            params![setting, value],
        )?;
    }
    transaction.execute("DELETE FROM obs_connections", [])?;
    for row in &rows {
        store::write_obs_connection(&transaction, row)?;
    }
    if let Err(err) = transaction.commit() {
        let _ = std::fs::remove_file(&staged);
        return Err(err.into());
    }
    let placed = match &content.protocol_schema {
        Some(_) => std::fs::rename(&staged, target.protocol_file),
        None => std::fs::remove_file(target.protocol_file).or_else(|err| {
            if err.kind() == std::io::ErrorKind::NotFound {
                Ok(())
            } else {
                Err(err)
            }
        }),
    };
    placed.map_err(|err| file_error(target.protocol_file, err))?;
    tracing::info!(
        settings = content.settings.len(),
        obs_connections = rows.len(),
        copy = %copy.display(),
        "configuration imported"
    );
    Ok(ImportSummary {
        settings: content.settings.len(),
        obs_connections: rows.len(),
        protocol_schema: content.protocol_schema.is_some(),
        copy,
    })
}

/// The connection an entry describes, its password unsealed from the backup.
fn spec_of(entry: &ConnectionEntry, key: &BackupKey) -> Result<ObsConnectionSpec, BackupError> {
    let invalid =
        |what: String| BackupError::Invalid(format!("OBS connection {:?}: {what}", entry.name));
    let spec = ObsConnectionSpec {
        name: entry.name.clone(),
        host: entry.host.clone(),
        port: entry.port,
        password: key.unseal_password(entry)?.map(obs::Password::new),
        protocol: parse_protocol(&entry.protocol)
            .ok_or_else(|| invalid(format!("unknown protocol {:?}", entry.protocol)))?,
        role: parse_role(&entry.role)
            .ok_or_else(|| invalid(format!("unknown role {:?}", entry.role)))?,
        enabled: entry.enabled,
    };
    spec.validate().map_err(|err| invalid(err.to_string()))?;
    Ok(spec)
}

/// Checks the settings rows the program reads; others are kept as they are.
fn check_settings(settings: &BTreeMap<String, String>) -> Result<(), BackupError> {
    if let Some(text) = settings.get(SETTINGS_KEY) {
        let value = serde_json::from_str(text)
            .map_err(|err| BackupError::Invalid(format!("settings: {err}")))?;
        Settings::from_json(value)
            .map_err(|err| BackupError::Invalid(format!("settings: {err}")))?;
    }
    if let Some(text) = settings.get(PSS_SOURCE_KEY) {
        Following::from_json(text)
            .map_err(|reason| BackupError::Invalid(format!("followed PSS source: {reason}")))?;
    }
    if let Some(text) = settings.get(MANUAL_MODE_KEY) {
        if text != "true" && text != "false" {
            return Err(BackupError::Invalid(format!("manual mode {text:?}")));
        }
    }
    Ok(())
}

fn read_settings(connection: &Connection) -> Result<BTreeMap<String, String>, BackupError> {
    let mut statement = connection.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn open(database: &Path) -> Result<Connection, BackupError> {
    let connection = Connection::open(database)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(connection)
}

fn file_error(path: &Path, err: std::io::Error) -> BackupError {
    BackupError::File {
        path: path.to_owned(),
        reason: err.to_string(),
    }
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_micros() as i64)
}
