//! The backup file: a JSON envelope around the content.
//!
//! ```json
//! { "format": "restrike-vta-config", "version": 1, "created_at_us": 0, "program": "vta 0.1.0",
//!   "kdf": { "algorithm": "argon2id", "memory_kib": 65536, "passes": 3, "salt": "<base64>" },
//!   "check": "<base64>", "content": { ... }, "seal": "<base64>" }
//! ```
//!
//! The key is derived from the passphrase with the `kdf` parameters. `check` is a known text
//! sealed under it (a wrong passphrase fails there); `seal` is an empty message sealed with
//! the serialized `content` as associated data (any change to the content fails there). Each
//! OBS password in the content is sealed under the same key, bound to its connection's name.
//! A reader checks `format` and `version` before anything else, so a newer file is refused by
//! its version, not by a field it does not know.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use vault::{PassphraseKdf, SecretKey};

use crate::BackupError;

/// The `format` of every backup file.
pub const FORMAT: &str = "restrike-vta-config";
/// The newest format version this program writes and reads.
pub const VERSION: u32 = 1;
/// Shortest passphrase accepted for a new backup.
pub const MIN_PASSPHRASE: usize = 8;

/// Most Argon2id memory a backup may ask for, KiB (1 GiB).
const MAX_MEMORY_KIB: u32 = 1 << 20;
/// Most Argon2id passes a backup may ask for.
const MAX_PASSES: u32 = 64;

const CHECK_TEXT: &[u8] = b"restrike-vta-config passphrase check";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Every row of the settings table, by key (`settings` is the settings JSON).
    pub settings: BTreeMap<String, String>,
    /// The OBS connections, by name.
    pub obs_connections: Vec<ConnectionEntry>,
    /// The edited protocol schema, when one replaces the built-in one.
    pub protocol_schema: Option<String>,
}

/// One OBS connection in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionEntry {
    /// Unique name.
    pub name: String,
    /// Host name or address.
    pub host: String,
    /// obs-websocket port.
    pub port: u16,
    /// `auto`, `v5` or `v4`.
    pub protocol: String,
    /// `rec`, `str` or `both`.
    pub role: String,
    /// Whether it connects at start.
    pub enabled: bool,
    /// The password sealed under the backup's key (base64), if any.
    pub password: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u32,
    created_at_us: i64,
    program: String,
    kdf: Kdf,
    check: String,
    content: serde_json::Value,
    seal: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kdf {
    algorithm: String,
    memory_kib: u32,
    passes: u32,
    salt: String,
}

/// The key of one backup, derived from its passphrase.
#[derive(Debug)]
pub struct BackupKey {
    key: SecretKey,
    kdf: PassphraseKdf,
}

impl BackupKey {
    /// A new key for a backup: a fresh salt, and `passphrase` of at least [`MIN_PASSPHRASE`]
    /// characters.
    pub fn new(passphrase: &str) -> Result<BackupKey, BackupError> {
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(BackupError::WeakPassphrase(MIN_PASSPHRASE));
        }
        let kdf = PassphraseKdf::fresh()?;
        Ok(BackupKey {
            key: kdf.derive(passphrase)?,
            kdf,
        })
    }

    /// `password` of the connection `name`, sealed for the file.
    pub fn seal_password(&self, name: &str, password: &str) -> Result<String, BackupError> {
        let sealed = self
            .key
            .seal_bytes(password.as_bytes(), &password_context(name))?;
        Ok(BASE64.encode(sealed))
    }

    /// The password of `entry`, unsealed.
    pub fn unseal_password(&self, entry: &ConnectionEntry) -> Result<Option<String>, BackupError> {
        let Some(text) = &entry.password else {
            return Ok(None);
        };
        let sealed = BASE64.decode(text).map_err(|_| BackupError::Tampered)?;
        let bytes = self
            .key
            .unseal_bytes(&sealed, &password_context(&entry.name))
            .map_err(|_| BackupError::Tampered)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| BackupError::Tampered)
    }

    /// The file for `content`, made at `created_at_us` by `program`.
    pub fn write(
        &self,
        content: &Content,
        created_at_us: i64,
        program: &str,
    ) -> Result<Vec<u8>, BackupError> {
        let content =
            serde_json::to_value(content).map_err(|err| BackupError::Invalid(err.to_string()))?;
        let envelope = Envelope {
            format: FORMAT.to_owned(),
            version: VERSION,
            created_at_us,
            program: program.to_owned(),
            kdf: Kdf {
                algorithm: "argon2id".to_owned(),
                memory_kib: self.kdf.memory_kib,
                passes: self.kdf.passes,
                salt: BASE64.encode(&self.kdf.salt),
            },
            check: BASE64.encode(self.key.seal_bytes(CHECK_TEXT, b"check")?),
            seal: BASE64.encode(self.key.seal_bytes(b"", &canonical(&content))?),
            content,
        };
        serde_json::to_vec_pretty(&envelope).map_err(|err| BackupError::Invalid(err.to_string()))
    }
}

/// Reads and checks a backup file: its format and version, the passphrase, the seal over its
/// content; then the content and the key that unseals its passwords.
pub fn open(bytes: &[u8], passphrase: &str) -> Result<(Content, BackupKey), BackupError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|err| {
        if err.is_eof() {
            BackupError::Truncated(err.to_string())
        } else {
            BackupError::NotABackup(err.to_string())
        }
    })?;
    if value.get("format").and_then(|format| format.as_str()) != Some(FORMAT) {
        return Err(BackupError::NotABackup(format!(
            "no \"format\": {FORMAT:?}"
        )));
    }
    let version = value
        .get("version")
        .and_then(|version| version.as_u64())
        .ok_or_else(|| BackupError::NotABackup("no version".into()))?;
    if version > u64::from(VERSION) {
        return Err(BackupError::Newer {
            found: u32::try_from(version).unwrap_or(u32::MAX),
            supported: VERSION,
        });
    }
    let envelope: Envelope = serde_json::from_value(value).map_err(|_| BackupError::Tampered)?;
    // Bounds before the key is derived, so a crafted file cannot ask for all the memory.
    if envelope.version != VERSION
        || envelope.kdf.algorithm != "argon2id"
        || envelope.kdf.memory_kib > MAX_MEMORY_KIB
        || envelope.kdf.passes > MAX_PASSES
    {
        return Err(BackupError::Tampered);
    }
    let salt = BASE64
        .decode(&envelope.kdf.salt)
        .map_err(|_| BackupError::Tampered)?;
    let kdf = PassphraseKdf::from_stored(
        &format!(
            "argon2id;m={};t={};p=1",
            envelope.kdf.memory_kib, envelope.kdf.passes
        ),
        salt,
    )
    .map_err(|_| BackupError::Tampered)?;
    let key = kdf.derive(passphrase).map_err(|_| BackupError::Tampered)?;
    let check = BASE64
        .decode(&envelope.check)
        .map_err(|_| BackupError::Tampered)?;
    if key.unseal_bytes(&check, b"check").ok().as_deref() != Some(CHECK_TEXT) {
        return Err(BackupError::WrongPassphrase);
    }
    let seal = BASE64
        .decode(&envelope.seal)
        .map_err(|_| BackupError::Tampered)?;
    key.unseal_bytes(&seal, &canonical(&envelope.content))
        .map_err(|_| BackupError::Tampered)?;
    let content: Content = serde_json::from_value(envelope.content)
        .map_err(|err| BackupError::Invalid(err.to_string()))?;
    Ok((content, BackupKey { key, kdf }))
}

/// The bytes the seal covers: the content as compact JSON.
fn canonical(content: &serde_json::Value) -> Vec<u8> {
    content.to_string().into_bytes()
}

fn password_context(name: &str) -> Vec<u8> {
    format!("obs password;{name}").into_bytes()
}
