//! The data key of reStrike VTA: every secret the program must keep (OBS passwords today;
//! stream keys and service tokens as they come) is sealed with one data key, and the data key
//! is stored only wrapped under a [`Protection`]: a 0600 key file, a passphrase, or the Windows
//! user's DPAPI.
//!
//! [`Vault`] owns the `data_key` table (created by the store's migration v8) and the list of
//! sealed columns ([`SEALED_COLUMNS`]), so that a rotation re-seals every secret in one
//! transaction. A wrong key, a wrong passphrase or a tampered value is one [`VaultError`]:
//! never a panic, never a silently empty secret.

mod cipher;
#[cfg(windows)]
mod dpapi;
mod protection;
mod vault;

pub use cipher::{SecretKey, KEY_LEN};
pub use protection::{key_file_path, PassphraseKdf, Protection, KEY_FILE};
pub use vault::{SealedColumn, Unlock, Vault, VaultStatus, SEALED_COLUMNS};

/// The environment variable that gives the passphrase when the data key is protected by one.
pub const PASSPHRASE_ENV: &str = "VTA_SECRETS_PASSPHRASE";

/// Why the data key or a secret could not be had.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The key file could not be read or created.
    #[error("cannot use the key file {}: {reason}", path.display())]
    KeyFile {
        /// The key file.
        path: std::path::PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The system has no random numbers to give.
    #[error("no random numbers from the system: {0}")]
    Random(String),
    /// A sealed value was not made with this key, or is damaged.
    #[error(
        "a sealed value cannot be unsealed: it was sealed under another key, or it is damaged"
    )]
    Unseal,
    /// A stored secret does not unseal with the data key.
    #[error("the {what} of {name:?} cannot be unsealed with the data key: it is damaged or was sealed under another key; set it again")]
    Secret {
        /// What the secret is (`OBS password`).
        what: &'static str,
        /// Whose it is (the connection's name).
        name: String,
    },
    /// The data key is protected by a passphrase and none was given.
    #[error("the secrets are protected by a passphrase: give it in {PASSPHRASE_ENV}")]
    PassphraseNeeded,
    /// The passphrase does not open the data key.
    #[error("wrong passphrase: it does not open the data key")]
    WrongPassphrase,
    /// The key file or the Windows user does not open the data key.
    #[error("the data key cannot be unwrapped with {0}")]
    WrongKey(String),
    /// The stored data key or its parameters are damaged.
    #[error("the stored data key is damaged: {0}")]
    Damaged(String),
    /// This protection does not exist on this system.
    #[error("{} protection is not available on this system", .0.as_str())]
    Unavailable(Protection),
    /// DPAPI refused to protect the key.
    #[error("DPAPI: {0}")]
    Dpapi(String),
    /// The database could not be read or written.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database has no `data_key` table: the store has not migrated it.
    #[error("{0} has no data_key table: open it with the store first")]
    NotMigrated(String),
}
