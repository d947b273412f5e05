//! Who may use a reStrike VTA served on the venue network, and as what.
//!
//! - [`Credentials`] keeps the operator password (Argon2id), device tokens with a [`Role`]
//!   and browser sessions in the program's SQLite file (tables of the `store` crate's schema);
//!   tokens and sessions are kept only as the SHA-256 of their random value, so the file
//!   alone lets nobody in.
//! - [`SignInLimiter`] refuses a flood of failed sign-ins from one address.
//! - [`AuditTrail`] keeps one row per configuration change and sign-in: who, from where,
//!   when, what; never a secret.
//!
//! The server decides which route needs which role; this crate only says who a credential is.
//! The CLI (`vta auth ...`) and the running server share the file, so a token revoked from a
//! shell is refused by the server at its next request.

mod audit;
mod credentials;
mod limiter;
mod password;
mod random;

pub use audit::{AuditEntry, AuditRow, AuditTrail};
pub use credentials::{Caller, Credentials, TokenInfo, LAUNCHER_ACTOR, SESSION_LIFETIME};
pub use limiter::{SignInLimiter, SignInRefused};
pub use password::MIN_PASSWORD_CHARS;

/// What a credential may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads the state, the feed and the overlays; changes nothing.
    Viewer,
    /// Everything the operator can do.
    Operator,
}

impl Role {
    /// The stored and displayed name: `viewer` or `operator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
        }
    }

    /// Reads `viewer` or `operator`.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

/// Why a credential could not be made, checked or kept.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be read or written.
    #[error("credentials database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The database has no credential tables (opened before `store` migrated it).
    #[error("the database at {0} has no credential tables; open it with vta once to migrate it")]
    NotMigrated(String),
    /// The system gave no random numbers.
    #[error("no random numbers from the system: {0}")]
    Random(String),
    /// A new password is too short.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    /// The stored password hash cannot be read (edited by hand, or damaged).
    #[error("the stored operator password cannot be read: {0}; set it again with `vta auth set-password`")]
    StoredHash(String),
    /// Hashing failed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
    /// A token name is empty, too long or has characters other than letters, digits, `-_. `.
    #[error("a token name has 1 to 64 letters, digits, spaces or - _ .")]
    BadTokenName,
    /// A token of that name exists already.
    #[error("a token named {0:?} exists already")]
    TokenNameTaken(String),
}

/// Result of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
