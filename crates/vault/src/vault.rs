//! [`Vault`]: the data key of one data folder, kept wrapped in the `data_key` table, and the
//! secrets sealed under it.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::cipher::{SecretKey, KEY_LEN};
use crate::protection::{self, key_file, key_file_path, PassphraseKdf, Protection};
use crate::VaultError;

/// How long a write waits for another writer (the running `vta` and a shell share the file).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A column that holds values sealed under the data key; a rotation re-seals every one.
#[derive(Debug, Clone, Copy)]
pub struct SealedColumn {
    /// The table.
    pub table: &'static str,
    /// Its key column (unique).
    pub key: &'static str,
    /// The sealed column (a BLOB, NULL when unset).
    pub column: &'static str,
    /// What the secret is, for errors: `OBS password`.
    pub what: &'static str,
}

/// Every column of sealed secrets. A new kind of secret adds its column here, so that
/// rotation and the first upgrade re-seal it with the others.
pub const SEALED_COLUMNS: &[SealedColumn] = &[SealedColumn {
    table: "obs_connections",
    key: "name",
    column: "password_sealed",
    what: "OBS password",
}];

/// What opens the data key besides what is on disk: the passphrase, when one protects it.
#[derive(Clone, Default)]
pub struct Unlock {
    /// The passphrase, when the operator gave one.
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for Unlock {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.passphrase.as_ref().map(|_| "***");
        formatter
            .debug_struct("Unlock")
            .field("passphrase", &shown)
            .finish()
    }
}

/// What `vta secrets status` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultStatus {
    /// What protects the data key.
    pub protection: Protection,
    /// When the data key was made, µs since the Unix epoch.
    pub created_at_us: i64,
    /// How many secrets are sealed under it.
    pub sealed_secrets: usize,
}

/// The data key of one database and data folder.
pub struct Vault {
    connection: Connection,
    data_dir: PathBuf,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Vault")
    }
}

/// The `data_key` row.
struct StoredKey {
    protection: Protection,
    wrapped: Vec<u8>,
    kdf: Option<PassphraseKdf>,
    created_at_us: i64,
}

/// A data key wrapped for storage.
struct Wrapped {
    protection: Protection,
    wrapped: Vec<u8>,
    kdf: Option<PassphraseKdf>,
}

impl Vault {
    /// Opens the vault of the database at `database` (which the store has migrated) with its
    /// key file, if any, in `data_dir`.
    pub fn open(database: &Path, data_dir: &Path) -> Result<Vault, VaultError> {
        let connection = Connection::open(database)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        let found: i64 = connection.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'data_key'",
            [],
            |row| row.get(0),
        )?;
        if found != 1 {
            return Err(VaultError::NotMigrated(database.display().to_string()));
        }
        Ok(Vault {
            connection,
            data_dir: data_dir.to_owned(),
        })
    }

    /// The data key, unwrapped with `unlock`. The first time, it is made: protected by the
    /// passphrase when one is given, else as [`Protection::default_here`]. A folder from before
    /// the data key (secrets sealed straight under `secret.key`) is upgraded in the same
    /// transaction: every secret is re-sealed under the new data key.
    pub fn data_key(&mut self, unlock: &Unlock) -> Result<SecretKey, VaultError> {
        if let Some(stored) = stored_key(&self.connection)? {
            return self.unwrap(&stored, unlock);
        }
        let data_dir = self.data_dir.clone();
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have made it meanwhile.
        if let Some(stored) = stored_key(&transaction)? {
            drop(transaction);
            return self.unwrap(&stored, unlock);
        }
        let legacy_path = key_file_path(&data_dir);
        let sealed = sealed_values(&transaction)?;
        // Secrets sealed before v8 were sealed straight under the key file; a fresh folder
        // has neither.
        let legacy = match key_file(&legacy_path, false) {
            Ok(key) => Some(key),
            Err(_) if sealed.is_empty() && !legacy_path.exists() => None,
            Err(err) => return Err(err),
        };
        let key = SecretKey::generate()?;
        if let Some(legacy) = &legacy {
            reseal(&transaction, &sealed, legacy, &key)?;
        }
        let protection = match unlock.passphrase {
            Some(_) => Protection::Passphrase,
            None => Protection::default_here(),
        };
        let wrapped = wrap(&key, protection, unlock, &legacy_path, false)?;
        save_key(&transaction, &wrapped, true)?;
        transaction.commit()?;
        if legacy.is_some() && protection != Protection::KeyFile {
            remove_key_file(&legacy_path);
        }
        tracing::info!(
            protection = protection.as_str(),
            resealed = if legacy.is_some() { sealed.len() } else { 0 },
            "data key made"
        );
        Ok(key)
    }

    /// What protects the data key and how many secrets it seals; `None` before it is made.
    pub fn status(&self) -> Result<Option<VaultStatus>, VaultError> {
        let Some(stored) = stored_key(&self.connection)? else {
            return Ok(None);
        };
        Ok(Some(VaultStatus {
            protection: stored.protection,
            created_at_us: stored.created_at_us,
            sealed_secrets: sealed_values(&self.connection)?.len(),
        }))
    }

    /// Makes a new data key and re-seals every secret under it in one transaction, under the
    /// same protection (with a new key file, or a new salt). Returns how many were re-sealed.
    pub fn rotate(&mut self, unlock: &Unlock) -> Result<usize, VaultError> {
        let old = self.data_key(unlock)?;
        let key_path = key_file_path(&self.data_dir);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored = stored_key(&transaction)?.ok_or(VaultError::Unseal)?;
        let sealed = sealed_values(&transaction)?;
        let key = SecretKey::generate()?;
        reseal(&transaction, &sealed, &old, &key)?;
        let wrapped = wrap(&key, stored.protection, unlock, &key_path, true)?;
        save_key(&transaction, &wrapped, false)?;
        transaction.commit()?;
        if stored.protection == Protection::KeyFile {
            promote_next_key_file(&key_path)?;
        }
        tracing::info!(resealed = sealed.len(), "data key rotated");
        Ok(sealed.len())
    }

    /// Wraps the same data key under another protection; `next` gives the new passphrase when
    /// `protection` is [`Protection::Passphrase`]. No secret changes.
    pub fn protect(
        &mut self,
        unlock: &Unlock,
        protection: Protection,
        next: &Unlock,
    ) -> Result<(), VaultError> {
        let key = self.data_key(unlock)?;
        let key_path = key_file_path(&self.data_dir);
        let wrapped = wrap(&key, protection, next, &key_path, true)?;
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        save_key(&transaction, &wrapped, false)?;
        transaction.commit()?;
        if protection == Protection::KeyFile {
            promote_next_key_file(&key_path)?;
        } else {
            remove_key_file(&key_path);
        }
        tracing::info!(
            protection = protection.as_str(),
            "data key protection changed"
        );
        Ok(())
    }

    fn unwrap(&self, stored: &StoredKey, unlock: &Unlock) -> Result<SecretKey, VaultError> {
        let context = context(stored.protection);
        let bytes = match stored.protection {
            Protection::KeyFile => {
                let path = key_file_path(&self.data_dir);
                let current = key_file(&path, false)?;
                match current.unseal_bytes(&stored.wrapped, &context) {
                    Ok(bytes) => bytes,
                    // A rotation that committed but did not get to rename its new key file.
                    Err(_) if next_key_file(&path).exists() => {
                        let next = key_file(&next_key_file(&path), false)?;
                        let bytes = next
                            .unseal_bytes(&stored.wrapped, &context)
                            .map_err(|_| wrong_key_file(&path))?;
                        promote_next_key_file(&path)?;
                        bytes
                    }
                    Err(_) => return Err(wrong_key_file(&path)),
                }
            }
            Protection::Passphrase => {
                let passphrase = unlock
                    .passphrase
                    .as_deref()
                    .ok_or(VaultError::PassphraseNeeded)?;
                let kdf = stored
                    .kdf
                    .as_ref()
                    .ok_or_else(|| VaultError::Damaged("no passphrase parameters".into()))?;
                kdf.derive(passphrase)?
                    .unseal_bytes(&stored.wrapped, &context)
                    .map_err(|_| VaultError::WrongPassphrase)?
            }
            Protection::Dpapi => {
                return protection::dpapi_unwrap(&stored.wrapped).map_err(|err| match err {
                    VaultError::Unseal => VaultError::WrongKey(
                        "this Windows user's DPAPI (another user or machine?)".into(),
                    ),
                    other => other,
                })
            }
        };
        let bytes: [u8; KEY_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Damaged(format!("the data key has {} bytes", bytes.len())))?;
        Ok(SecretKey::from_bytes(bytes))
    }
}

fn wrong_key_file(path: &Path) -> VaultError {
    VaultError::WrongKey(format!(
        "the key file {} (a key file of another data folder?)",
        path.display()
    ))
}

/// What a wrapped data key is bound to, so a wrapping is never read as another kind.
fn context(protection: Protection) -> Vec<u8> {
    format!("vta data key;{}", protection.as_str()).into_bytes()
}

/// Wraps `key` under `protection`. A key file is made at `key_path` when missing, or, when
/// `fresh`, at its `.next` path (renamed over it once the transaction committed).
fn wrap(
    key: &SecretKey,
    protection: Protection,
    unlock: &Unlock,
    key_path: &Path,
    fresh: bool,
) -> Result<Wrapped, VaultError> {
    let context = context(protection);
    let (wrapped, kdf) = match protection {
        Protection::KeyFile => {
            let wrapping = if fresh {
                let next = next_key_file(key_path);
                let _ = std::fs::remove_file(&next);
                key_file(&next, true)?
            } else {
                key_file(key_path, true)?
            };
            (wrapping.seal_bytes(key.bytes(), &context)?, None)
        }
        Protection::Passphrase => {
            let passphrase = unlock
                .passphrase
                .as_deref()
                .ok_or(VaultError::PassphraseNeeded)?;
            let kdf = PassphraseKdf::fresh()?;
            let wrapped = kdf.derive(passphrase)?.seal_bytes(key.bytes(), &context)?;
            (wrapped, Some(kdf))
        }
        Protection::Dpapi => (protection::dpapi_wrap(key)?, None),
    };
    Ok(Wrapped {
        protection,
        wrapped,
        kdf,
    })
}

fn next_key_file(path: &Path) -> PathBuf {
    path.with_extension("key.next")
}

/// Puts a new key file made by a rotation in place of the old one.
fn promote_next_key_file(path: &Path) -> Result<(), VaultError> {
    let next = next_key_file(path);
    if !next.exists() {
        return Ok(());
    }
    std::fs::rename(&next, path).map_err(|err| VaultError::KeyFile {
        path: path.to_owned(),
        reason: format!("cannot put the new key file in place: {err}"),
    })
}

/// Removes a key file that nothing is wrapped under any more.
fn remove_key_file(path: &Path) {
    if let Err(err) = std::fs::remove_file(path) {
        if err.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), error = %err, "cannot remove the unused key file");
        }
    }
}

fn stored_key(connection: &Connection) -> Result<Option<StoredKey>, VaultError> {
    let row = connection
        .query_row(
            "SELECT protection, wrapped, kdf_params, kdf_salt, created_at_us
             FROM data_key WHERE id = 1",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Vec<u8>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<Vec<u8>>>(3)?,
                    row.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((protection, wrapped, params, salt, created_at_us)) = row else {
        return Ok(None);
    };
    let kdf = match (params, salt) {
        (Some(params), Some(salt)) => Some(PassphraseKdf::from_stored(&params, salt)?),
        _ => None,
    };
    Ok(Some(StoredKey {
        protection: Protection::parse(&protection)?,
        wrapped,
        kdf,
        created_at_us,
    }))
}

fn save_key(transaction: &Transaction<'_>, wrapped: &Wrapped, new: bool) -> Result<(), VaultError> {
    let now = now_us();
    let params = wrapped.kdf.as_ref().map(PassphraseKdf::params_text);
    let salt = wrapped.kdf.as_ref().map(|kdf| kdf.salt.clone());
    let sql = if new {
        "INSERT INTO data_key (id, protection, wrapped, kdf_params, kdf_salt, created_at_us)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)"
    } else {
        "UPDATE data_key SET protection = ?1, wrapped = ?2, kdf_params = ?3, kdf_salt = ?4,
             changed_at_us = ?5
         WHERE id = 1"
    };
    transaction.execute(
        sql,
        params![
            wrapped.protection.as_str(),
            wrapped.wrapped,
            params,
            salt,
            now
        ],
    )?;
    Ok(())
}

/// A sealed value and where it is.
struct SealedValue {
    column: &'static SealedColumn,
    key: String,
    sealed: Vec<u8>,
}

fn sealed_values(connection: &Connection) -> Result<Vec<SealedValue>, VaultError> {
    let mut values = Vec::new();
    for column in SEALED_COLUMNS {
        let sql = format!(
            "SELECT {key}, {sealed} FROM {table} WHERE {sealed} IS NOT NULL",
            key = column.key,
            sealed = column.column,
            table = column.table
        );
        let mut statement = connection.prepare(&sql)?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        for row in rows {
            let (key, sealed) = row?;
            values.push(SealedValue {
                column,
                key,
                sealed,
            });
        }
    }
    Ok(values)
}

/// Re-seals every value from `old` to `new`; the first that does not unseal stops it all.
fn reseal(
    transaction: &Transaction<'_>,
    values: &[SealedValue],
    old: &SecretKey,
    new: &SecretKey,
) -> Result<(), VaultError> {
    for value in values {
        let text = old.unseal(&value.sealed).map_err(|_| VaultError::Secret {
            what: value.column.what,
            name: value.key.clone(),
        })?;
        let sql = format!(
            "UPDATE {table} SET {sealed} = ?1 WHERE {key} = ?2",
            table = value.column.table,
            sealed = value.column.column,
            key = value.column.key
        );
        transaction.execute(&sql, params![new.seal(&text)?, value.key])?;
    }
    Ok(())
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_micros() as i64)
}
