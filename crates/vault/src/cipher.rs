//! [`SecretKey`]: a 256-bit ChaCha20-Poly1305 key that seals and unseals values.
//!
//! Each value is sealed under a fresh random 96-bit nonce; the sealed bytes are
//! `nonce || ciphertext || tag`, so a changed byte, a cut value or another key is refused by the
//! tag, never read as a wrong or empty text.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::VaultError;

/// Length of a key, bytes.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// A key that seals values (the data key, or a key that wraps it). `Debug` does not show it.
#[derive(Clone)]
pub struct SecretKey {
    bytes: [u8; KEY_LEN],
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// A new key of random bytes from the system.
    pub fn generate() -> Result<SecretKey, VaultError> {
        Ok(SecretKey::from_bytes(random_bytes::<KEY_LEN>()?))
    }

    /// The key made of these bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey {
            bytes,
            cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
        }
    }

    /// The key's bytes, for wrapping it under another key.
    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// Seals `text` under a fresh nonce: `nonce || ciphertext || tag`.
    pub fn seal(&self, text: &str) -> Result<Vec<u8>, VaultError> {
        self.seal_bytes(text.as_bytes(), b"")
    }

    /// The text that [`SecretKey::seal`] sealed; [`VaultError::Unseal`] for another key or a
    /// damaged value.
    pub fn unseal(&self, sealed: &[u8]) -> Result<String, VaultError> {
        let bytes = self.unseal_bytes(sealed, b"")?;
        String::from_utf8(bytes).map_err(|_| VaultError::Unseal)
    }

    /// Seals `bytes`, bound to `context` (which unsealing must give again).
    pub fn seal_bytes(&self, bytes: &[u8], context: &[u8]) -> Result<Vec<u8>, VaultError> {
        let nonce = random_bytes::<NONCE_LEN>()?;
        let payload = Payload {
            msg: bytes,
            aad: context,
        };
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .map_err(|_| VaultError::Unseal)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The bytes that [`SecretKey::seal_bytes`] sealed with the same `context`.
    pub fn unseal_bytes(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, VaultError> {
        if sealed.len() < NONCE_LEN {
            return Err(VaultError::Unseal);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context,
        };
        self.cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| VaultError::Unseal)
    }
}

/// `N` random bytes from the system.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| VaultError::Random(err.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_is_not_plain_and_unseals_with_the_same_key_only() {
        let key = SecretKey::generate().unwrap();
        let sealed = key.seal("hunter2").unwrap();
        assert!(!sealed.windows(7).any(|window| window == b"hunter2"));
        assert_ne!(
            sealed,
            key.seal("hunter2").unwrap(),
            "fresh nonce each time"
        );
        assert_eq!(key.unseal(&sealed).unwrap(), "hunter2");

        let other = SecretKey::generate().unwrap();
        assert!(matches!(other.unseal(&sealed), Err(VaultError::Unseal)));
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(matches!(key.unseal(&damaged), Err(VaultError::Unseal)));
        assert!(matches!(key.unseal(b"short"), Err(VaultError::Unseal)));
        assert_eq!(format!("{key:?}"), "SecretKey(***)");
    }

    #[test]
    fn a_value_sealed_for_one_context_does_not_unseal_for_another() {
        let key = SecretKey::generate().unwrap();
        let sealed = key.seal_bytes(b"data key", b"key_file").unwrap();
        assert_eq!(key.unseal_bytes(&sealed, b"key_file").unwrap(), b"data key");
        assert!(key.unseal_bytes(&sealed, b"passphrase").is_err());
    }
}
