//! The licence file: its terms and the vendor's signature over them, as JSON.
//!
//! ```json
//! {
//!   "licence": {
//!     "licensee": "Dojang Open 2027",
//!     "machine": "VTA-1A2B-3C4D-5E6F-7A8B",
//!     "issued": "2026-12-01",
//!     "expires": "2027-06-30",
//!     "features": ["overlays"]
//!   },
//!   "signature": "<base64 of 64 bytes>"
//! }
//! ```
//!
//! The signature covers [`SIGNED_PREFIX`] followed by the terms serialised by this crate
//! (fields in the order above, `features` left out when empty, no spaces), so white space,
//! key order and escapes in the file do not matter, while any change of a value does.
//! Unknown fields are refused: a field no signature covers must not look meaningful.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::machine::Fingerprint;

/// Put before the terms in the signed message, so a signature made for anything else (another
/// product, another format version) never verifies as a licence.
pub(crate) const SIGNED_PREFIX: &[u8] = b"reStrike VTA licence v1\n";

/// What the vendor grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// Who the licence is for (a club, an event, an organiser).
    pub licensee: String,
    /// The one machine it runs on.
    pub machine: Fingerprint,
    /// The day it was made.
    pub issued: Date,
    /// The last day it is valid (inclusive, UTC).
    pub expires: Date,
    /// Optional extras by name; none today changes what the program does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

/// A licence file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenceError {
    /// Not the JSON of a licence file (a field missing, unknown or of the wrong kind).
    #[error("not a licence file: {0}")]
    Format(String),
    /// The signature is not base64 of 64 bytes.
    #[error("the signature is not base64 of an Ed25519 signature")]
    SignatureEncoding,
    /// The signature does not match the terms under the vendor's key.
    #[error("the signature does not match: the file was altered or is not from the vendor")]
    BadSignature,
    /// A machine code that is not `VTA-XXXX-XXXX-XXXX-XXXX`.
    #[error("`{0}` is not a machine code VTA-XXXX-XXXX-XXXX-XXXX")]
    Fingerprint(String),
    /// The licence expires before it was issued.
    #[error("the licence expires ({expires}) before it was issued ({issued})")]
    Dates {
        /// The issue day.
        issued: Date,
        /// The expiry day.
        expires: Date,
    },
}

/// The file as written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LicenceFile {
    pub(crate) licence: Terms,
    pub(crate) signature: String,
}

impl LicenceFile {
    /// Reads a file's text (no signature check yet).
    pub(crate) fn parse(text: &str) -> Result<LicenceFile, LicenceError> {
        serde_json::from_str(text).map_err(|err| LicenceError::Format(err.to_string()))
    }

    /// The signature's bytes.
    pub(crate) fn signature(&self) -> Result<Signature, LicenceError> {
        let bytes = BASE64
            .decode(self.signature.trim())
            .map_err(|_| LicenceError::SignatureEncoding)?;
        Signature::from_slice(&bytes).map_err(|_| LicenceError::SignatureEncoding)
    }
}

impl Terms {
    /// The bytes the signature covers.
    pub(crate) fn signed_message(&self) -> Vec<u8> {
        let mut message = SIGNED_PREFIX.to_vec();
        // Serialising plain strings and a string list cannot fail.
        message.extend(serde_json::to_vec(self).unwrap_or_default());
        message
    }
}

/// A licence file's text for `terms`, signed with `key`: the vendor's tool, and the tests with
/// a throw-away key. The program itself never holds a signing key.
pub fn sign(terms: &Terms, key: &SigningKey) -> String {
    let signature = key.sign(&terms.signed_message());
    let file = LicenceFile {
        licence: terms.clone(),
        signature: BASE64.encode(signature.to_bytes()),
    };
    // As above: plain strings only.
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}
