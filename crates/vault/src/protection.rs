//! How the data key is protected at rest: [`Protection`], and wrapping the key under it.
//!
//! - [`Protection::KeyFile`]: a 32-byte key-encryption key in `<data-dir>/secret.key`, created
//!   with mode 0600 (owner only) on Unix. The database alone (a copied file, a backup) gives no
//!   secret; the key file and the database together do. The default on Linux.
//! - [`Protection::Passphrase`]: a key derived from a passphrase the operator chooses, with
//!   Argon2id (64 MiB, 3 passes); the salt and the parameters are kept beside the wrapped key.
//!   Nothing on disk opens the secrets; the passphrase must be given at every start.
//! - [`Protection::Dpapi`]: the Windows user's DPAPI (`CryptProtectData`), so only the same
//!   user on the same machine unwraps it. The default on Windows.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cipher::{random_bytes, SecretKey, KEY_LEN};
use crate::VaultError;

/// File name of the key-encryption key inside the data folder ([`Protection::KeyFile`]).
pub const KEY_FILE: &str = "secret.key";

/// Argon2id memory for a passphrase, KiB (OWASP's first choice is 46 MiB or more).
const PASSPHRASE_MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes for a passphrase.
const PASSPHRASE_PASSES: u32 = 3;
/// Salt length for a passphrase, bytes.
const SALT_LEN: usize = 16;

/// What protects the data key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// A 0600 key file in the data folder.
    KeyFile,
    /// A passphrase the operator gives at each start.
    Passphrase,
    /// The Windows user (DPAPI).
    Dpapi,
}

impl Protection {
    /// The name stored and shown: `key_file`, `passphrase` or `dpapi`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protection::KeyFile => "key_file",
            Protection::Passphrase => "passphrase",
            Protection::Dpapi => "dpapi",
        }
    }

    /// The protection named `text` ([`Protection::as_str`]).
    pub fn parse(text: &str) -> Result<Protection, VaultError> {
        match text {
            "key_file" => Ok(Protection::KeyFile),
            "passphrase" => Ok(Protection::Passphrase),
            "dpapi" => Ok(Protection::Dpapi),
            other => Err(VaultError::Damaged(format!("unknown protection {other:?}"))),
        }
    }

    /// What a new data folder uses: DPAPI on Windows, the key file elsewhere.
    pub fn default_here() -> Protection {
        if cfg!(windows) {
            Protection::Dpapi
        } else {
            Protection::KeyFile
        }
    }
}

/// Argon2id parameters and salt of a passphrase-derived key, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassphraseKdf {
    /// Random salt.
    pub salt: Vec<u8>,
    /// Memory, KiB.
    pub memory_kib: u32,
    /// Passes.
    pub passes: u32,
}

impl PassphraseKdf {
    /// New parameters with a fresh salt.
    pub fn fresh() -> Result<PassphraseKdf, VaultError> {
        Ok(PassphraseKdf {
            salt: random_bytes::<SALT_LEN>()?.to_vec(),
            memory_kib: PASSPHRASE_MEMORY_KIB,
            passes: PASSPHRASE_PASSES,
        })
    }

    /// The stored text of the parameters: `argon2id;m=65536;t=3;p=1`.
    pub fn params_text(&self) -> String {
        format!("argon2id;m={};t={};p=1", self.memory_kib, self.passes)
    }

    /// The parameters of a stored text and salt.
    pub fn from_stored(params: &str, salt: Vec<u8>) -> Result<PassphraseKdf, VaultError> {
        let damaged = || VaultError::Damaged(format!("passphrase parameters {params:?}"));
        let mut parts = params.split(';');
        if parts.next() != Some("argon2id") {
            return Err(damaged());
        }
        let mut value = |name: &str| -> Result<u32, VaultError> {
            parts
                .next()
                .and_then(|part| part.strip_prefix(name))
                .and_then(|number| number.parse().ok())
                .ok_or_else(damaged)
        };
        let memory_kib = value("m=")?;
        let passes = value("t=")?;
        if value("p=")? != 1 || salt.len() < 8 {
            return Err(damaged());
        }
        Ok(PassphraseKdf {
            salt,
            memory_kib,
            passes,
        })
    }

    /// The key `passphrase` gives with these parameters (slow on purpose).
    pub fn derive(&self, passphrase: &str) -> Result<SecretKey, VaultError> {
        let params = argon2::Params::new(self.memory_kib, self.passes, 1, Some(KEY_LEN))
            .map_err(|err| VaultError::Damaged(format!("passphrase parameters: {err}")))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut bytes = [0u8; KEY_LEN];
        argon
            .hash_password_into(passphrase.as_bytes(), &self.salt, &mut bytes)
            .map_err(|err| VaultError::Damaged(format!("passphrase key: {err}")))?;
        Ok(SecretKey::from_bytes(bytes))
    }
}

/// Reads the key file at `path`, creating it (0600) with 32 random bytes when `create` and it
/// is missing.
pub fn key_file(path: &Path, create: bool) -> Result<SecretKey, VaultError> {
    let key_error = |reason: String| VaultError::KeyFile {
        path: path.to_owned(),
        reason,
    };
    match std::fs::read(path) {
        Ok(bytes) => {
            let bytes: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| {
                key_error(format!("holds {} bytes, a key has {KEY_LEN}", bytes.len()))
            })?;
            return Ok(SecretKey::from_bytes(bytes));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && create => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(key_error(
            "it is missing: restore it from where it was kept, or import a configuration backup"
                .to_owned(),
        )),
        Err(err) => return Err(key_error(err.to_string())),
    }
    let bytes = random_bytes::<KEY_LEN>()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(&bytes)
                .and_then(|()| file.sync_all())
                .map_err(|err| key_error(err.to_string()))?;
            tracing::info!(path = %path.display(), "key file created");
            Ok(SecretKey::from_bytes(bytes))
        }
        // Another process created it first: use theirs.
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => key_file(path, false),
        Err(err) => Err(key_error(err.to_string())),
    }
}

/// Where the key file of the data folder `data_dir` is.
pub fn key_file_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// The data key wrapped under the user's DPAPI.
#[cfg(windows)]
pub(crate) fn dpapi_wrap(key: &SecretKey) -> Result<Vec<u8>, VaultError> {
    crate::dpapi::protect(key.bytes())
}

/// The data key that [`dpapi_wrap`] wrapped.
#[cfg(windows)]
pub(crate) fn dpapi_unwrap(wrapped: &[u8]) -> Result<SecretKey, VaultError> {
    let bytes = crate::dpapi::unprotect(wrapped)?;
    let bytes: [u8; KEY_LEN] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| VaultError::Unseal)?;
    Ok(SecretKey::from_bytes(bytes))
}

/// DPAPI is Windows' own; elsewhere it cannot be used.
#[cfg(not(windows))]
pub(crate) fn dpapi_wrap(_key: &SecretKey) -> Result<Vec<u8>, VaultError> {
    Err(VaultError::Unavailable(Protection::Dpapi))
}

/// DPAPI is Windows' own; elsewhere it cannot be used.
#[cfg(not(windows))]
pub(crate) fn dpapi_unwrap(_wrapped: &[u8]) -> Result<SecretKey, VaultError> {
    Err(VaultError::Unavailable(Protection::Dpapi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_for_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let path = key_file_path(folder.path());
        key_file(&path, true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read(&path).unwrap().len(), KEY_LEN);
    }

    #[test]
    fn a_key_file_of_the_wrong_size_or_a_missing_one_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let path = key_file_path(folder.path());
        let missing = key_file(&path, false).unwrap_err();
        assert!(missing.to_string().contains("missing"), "{missing}");
        std::fs::write(&path, b"too short").unwrap();
        let error = key_file(&path, true).unwrap_err();
        assert!(error.to_string().contains("holds 9 bytes"), "{error}");
    }

    #[test]
    fn passphrase_parameters_round_trip_and_damaged_ones_are_refused() {
        let kdf = PassphraseKdf::fresh().unwrap();
        let again = PassphraseKdf::from_stored(&kdf.params_text(), kdf.salt.clone()).unwrap();
        assert_eq!(again, kdf);
        for bad in [
            "scrypt;m=1;t=1;p=1",
            "argon2id;m=x;t=3;p=1",
            "argon2id;m=65536;t=3",
        ] {
            assert!(
                PassphraseKdf::from_stored(bad, kdf.salt.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
