//! The operator password as an Argon2id PHC string (`$argon2id$v=19$m=...`).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::{Error, Result};

/// Shortest operator password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Hashes `password` with Argon2id (the crate's defaults: 19 MiB, 2 passes, the OWASP
/// minimum) under a fresh random salt.
pub(crate) fn hash(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::PasswordTooShort);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|err| Error::Random(err.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|err| Error::Hash(err.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| Error::Hash(err.to_string()))
}

/// Whether `password` matches the stored PHC string (its own parameters are used).
pub(crate) fn verify(password: &str, stored: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|err| Error::StoredHash(err.to_string()))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse", &stored).unwrap());
        assert!(!verify("correct horsf", &stored).unwrap());
        assert_ne!(
            stored,
            hash("correct horse").unwrap(),
            "a fresh salt each time"
        );
    }

    #[test]
    fn a_short_password_or_a_damaged_hash_is_an_error() {
        assert!(matches!(hash("short"), Err(Error::PasswordTooShort)));
        assert!(matches!(
            verify("whatever1", "not a PHC string"),
            Err(Error::StoredHash(_))
        ));
    }
}
