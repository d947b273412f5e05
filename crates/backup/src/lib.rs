//! Configuration backup and restore: [`export`] writes a data folder's configuration to one
//! versioned file, [`import`] puts it back, all or nothing.
//!
//! The file is JSON (see [`format`]): the settings, the OBS connections (each password sealed
//! under a key derived from the backup's passphrase with Argon2id, never under the data key
//! and never in plain text), and the edited protocol schema when there is one. A check value
//! tells a wrong passphrase from a file changed after it was made, and a seal over the whole
//! content refuses a file edited by hand. Before an import replaces anything, the database is
//! copied to `backups/`.

mod apply;
pub mod format;

use std::path::PathBuf;

pub use apply::{export, import, ImportSummary, Target};
pub use format::{FORMAT, VERSION};

/// Why a backup could not be made or read; every refusal leaves the data folder unchanged.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file ends before its JSON does.
    #[error("the backup is cut short (truncated): {0}")]
    Truncated(String),
    /// The file is not a configuration backup of this program.
    #[error("not a reStrike VTA configuration backup: {0}")]
    NotABackup(String),
    /// A newer program made the file.
    #[error("the backup has format version {found}, newer than this program reads ({supported}): import it with a newer vta")]
    Newer {
        /// The file's version.
        found: u32,
        /// The newest this program reads.
        supported: u32,
    },
    /// The passphrase does not open the file.
    #[error("wrong passphrase for this backup")]
    WrongPassphrase,
    /// The file was changed after it was made.
    #[error("the backup was changed after it was made (edited by hand, or damaged): its seal does not match")]
    Tampered,
    /// A value in the file is refused.
    #[error("the backup holds a value this program refuses: {0}")]
    Invalid(String),
    /// The passphrase is too short to protect the secrets.
    #[error("the backup passphrase must have at least {0} characters")]
    WeakPassphrase(usize),
    /// The data key or a stored secret could not be used.
    #[error(transparent)]
    Vault(#[from] vault::VaultError),
    /// The database could not be read or written.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{}: {reason}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}
