//! The offline, hardware-locked licence of reStrike VTA.
//!
//! A licence file is JSON: the [`Terms`] (licensee, the machine's [`Fingerprint`], issued and
//! expiry [`Date`]s, optional features) and an Ed25519 signature over them by the vendor. A
//! [`Verifier`] holds the vendor's public key (compiled in, see [`Verifier::vendor`]) and turns
//! a file's text, this machine's fingerprint and today's date into a [`Check`]: valid, missing,
//! expired, for another machine, or invalid with the reason.
//!
//! The crate reads no clock and no licence file: the caller passes today's date and the text.
//! Its one edge is [`Fingerprint::of_this_machine`], which reads the operating system's machine
//! id. Nothing here ever needs the vendor's private key except [`sign`], which the vendor's own
//! tool and the tests (with a throw-away key) call.
//!
//! ```
//! use licence::{sign, Check, Date, Fingerprint, SigningKey, Terms, Verifier};
//!
//! let key = SigningKey::from_bytes(&[7; 32]); // a test key; the vendor's never leaves the vendor
//! let machine = Fingerprint::of_machine_id("4c4c4544-0042-3510-8052-b4c04f564433");
//! let terms = Terms {
//!     licensee: "Dojang Open".into(),
//!     machine: machine.clone(),
//!     issued: "2026-01-01".parse().unwrap(),
//!     expires: "2027-06-30".parse().unwrap(),
//!     features: Vec::new(),
//! };
//! let text = sign(&terms, &key);
//! let verifier = Verifier::new(key.verifying_key());
//! let today: Date = "2026-11-26".parse().unwrap();
//! assert!(matches!(verifier.check(Some(&text), Ok(&machine), today), Check::Valid(_)));
//! ```

#![deny(missing_docs)]

mod check;
mod date;
mod file;
mod machine;

pub use check::{Check, Status, Verifier, VENDOR_PUBLIC_KEY};
pub use date::{Date, DateError};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use file::{sign, LicenceError, Terms};
pub use machine::{Fingerprint, MachineIdError};
