//! Random credential values and the one-way digest they are kept under.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Bytes of randomness in a token or session id (256 bits: a digest is enough to keep it).
const RANDOM_BYTES: usize = 32;

/// A new random value with `prefix` (`vta_t_` for tokens, `vta_s_` for sessions).
pub(crate) fn new_value(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut bytes).map_err(|err| Error::Random(err.to_string()))?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The digest a value is stored and looked up under. A random 256-bit value needs no slow
/// hash: nobody can guess it from its digest.
pub(crate) fn digest(value: &str) -> Vec<u8> {
    Sha256::digest(value.as_bytes()).to_vec()
}
