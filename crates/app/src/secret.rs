//! [`SecretKey`]: seals OBS passwords before they go to the store, so no password is kept in
//! plain text at rest.
//!
//! The key is 32 random bytes in `<data-dir>/secret.key`, created on first use with mode 0600
//! (owner only) on Unix. Each password is sealed with ChaCha20-Poly1305 under a fresh random
//! 96-bit nonce; the stored value is `nonce || ciphertext || tag`. The database alone (a copied
//! file, a backup) therefore gives no password; the key file and the database together do, which
//! is the most a program that must reconnect unattended can offer without an OS keyring (the
//! ringside laptop may have none, and the tests must run headless).

use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// File name of the key inside the data folder.
pub const SECRET_KEY_FILE: &str = "secret.key";

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// Why a key could not be had or a password not be unsealed.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The key file could not be read or created.
    #[error("cannot use the secret key file {}: {reason}", path.display())]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The system has no random numbers to give.
    #[error("no random numbers from the system: {0}")]
    Random(String),
    /// The sealed bytes were not made with this key, or are damaged.
    #[error("the stored password cannot be unsealed (another secret.key, or a damaged value)")]
    Unseal,
}

/// The key that seals and unseals stored passwords. `Debug` does not show it.
#[derive(Clone)]
pub struct SecretKey {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// Reads the key at `path`, creating it (0600) with 32 random bytes when it is missing.
    pub fn open_or_create(path: &Path) -> Result<SecretKey, SecretError> {
        let key_error = |reason: String| SecretError::KeyFile {
            path: path.to_owned(),
            reason,
        };
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == KEY_LEN => return Ok(SecretKey::from_bytes(&bytes)),
            Ok(bytes) => {
                return Err(key_error(format!(
                    "holds {} bytes, a key has {KEY_LEN}",
                    bytes.len()
                )))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(key_error(err.to_string())),
        }
        let mut bytes = [0u8; KEY_LEN];
        getrandom::fill(&mut bytes).map_err(|err| SecretError::Random(err.to_string()))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(mut file) => {
                file.write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|err| key_error(err.to_string()))?;
                tracing::info!(path = %path.display(), "secret key created");
                Ok(SecretKey::from_bytes(&bytes))
            }
            // Another process created it first: use theirs.
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                SecretKey::open_or_create(path)
            }
            Err(err) => Err(key_error(err.to_string())),
        }
    }

    fn from_bytes(bytes: &[u8]) -> SecretKey {
        SecretKey {
            cipher: ChaCha20Poly1305::new(Key::from_slice(bytes)),
        }
    }

    /// Seals `text` under a fresh nonce: `nonce || ciphertext || tag`.
    pub fn seal(&self, text: &str) -> Result<Vec<u8>, SecretError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|err| SecretError::Random(err.to_string()))?;
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), text.as_bytes())
            .map_err(|_| SecretError::Unseal)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The text that [`SecretKey::seal`] sealed.
    pub fn unseal(&self, sealed: &[u8]) -> Result<String, SecretError> {
        if sealed.len() < NONCE_LEN {
            return Err(SecretError::Unseal);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let text = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| SecretError::Unseal)?;
        String::from_utf8(text).map_err(|_| SecretError::Unseal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_password_is_not_plain_and_unseals_with_the_same_key_only() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(SECRET_KEY_FILE);
        let key = SecretKey::open_or_create(&path).unwrap();
        let sealed = key.seal("hunter2").unwrap();
        assert!(!sealed.windows(7).any(|window| window == b"hunter2"));
        assert_ne!(
            sealed,
            key.seal("hunter2").unwrap(),
            "fresh nonce each time"
        );
        let again = SecretKey::open_or_create(&path).unwrap();
        assert_eq!(again.unseal(&sealed).unwrap(), "hunter2");

        let other = SecretKey::open_or_create(&folder.path().join("other.key")).unwrap();
        assert!(matches!(other.unseal(&sealed), Err(SecretError::Unseal)));
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(matches!(key.unseal(&damaged), Err(SecretError::Unseal)));
        assert!(matches!(key.unseal(b"short"), Err(SecretError::Unseal)));
        assert_eq!(format!("{key:?}"), "SecretKey(***)");
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_for_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(SECRET_KEY_FILE);
        SecretKey::open_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).unwrap().len(), KEY_LEN);
    }

    #[test]
    fn a_key_file_of_the_wrong_size_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(SECRET_KEY_FILE);
        std::fs::write(&path, b"too short").unwrap();
        let error = SecretKey::open_or_create(&path).unwrap_err();
        assert!(error.to_string().contains("holds 9 bytes"), "{error}");
    }
}
