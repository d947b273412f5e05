//! Judging a licence: signature, machine, expiry.

use ed25519_dalek::VerifyingKey;

use crate::date::Date;
use crate::file::{LicenceError, LicenceFile, Terms};
use crate::machine::{Fingerprint, MachineIdError};

/// The vendor's public key, compiled in. This is a placeholder: its private half was thrown
/// away when it was made, so no licence verifies against it. The vendor puts its own public key
/// here at release (see the crate's README).
pub const VENDOR_PUBLIC_KEY: [u8; 32] = [
    0x2d, 0x30, 0xd6, 0xfe, 0x9a, 0x38, 0xe3, 0x5c, 0xde, 0x94, 0x4b, 0x21, 0x8a, 0x83, 0xf2, 0x84,
    0x32, 0x32, 0xf2, 0x3a, 0x5e, 0xa4, 0x5e, 0xb7, 0xef, 0x4a, 0xb3, 0xe4, 0x11, 0x7b, 0x43, 0xd3,
];

/// Checks licence files against one public key.
#[derive(Debug, Clone)]
pub struct Verifier {
    key: VerifyingKey,
}

/// What a licence check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Signed by the vendor, for this machine, not expired.
    Valid(Terms),
    /// No licence file.
    Missing,
    /// Genuine and for this machine, but its last day has passed.
    Expired(Terms),
    /// Genuine, but for another machine.
    WrongMachine(Terms),
    /// Unusable: unreadable, altered, not from the vendor, or this machine's id is unknown.
    Invalid(String),
}

/// The kind of a [`Check`], as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `valid`.
    Valid,
    /// `missing`.
    Missing,
    /// `expired`.
    Expired,
    /// `wrong_machine`.
    WrongMachine,
    /// `invalid`.
    Invalid,
}

impl Verifier {
    /// The verifier of the vendor's licences ([`VENDOR_PUBLIC_KEY`]).
    pub fn vendor() -> Verifier {
        // A constant checked by the test `the_vendor_key_is_a_valid_point`.
        let key = VerifyingKey::from_bytes(&VENDOR_PUBLIC_KEY)
            .expect("the compiled-in vendor key is a valid Ed25519 public key");
        Verifier::new(key)
    }

    /// A verifier for licences signed by the private half of `key`.
    pub fn new(key: VerifyingKey) -> Verifier {
        Verifier { key }
    }

    /// The terms of a genuine licence file, whatever machine or date it is for.
    pub fn verify(&self, text: &str) -> Result<Terms, LicenceError> {
        let file = LicenceFile::parse(text)?;
        let signature = file.signature()?;
        self.key
            .verify_strict(&file.licence.signed_message(), &signature)
            .map_err(|_| LicenceError::BadSignature)?;
        let terms = file.licence;
        if terms.expires < terms.issued {
            return Err(LicenceError::Dates {
                issued: terms.issued,
                expires: terms.expires,
            });
        }
        Ok(terms)
    }

    /// Judges a licence file's text (`None`: there is no file) for `machine` on `today`.
    pub fn check(
        &self,
        text: Option<&str>,
        machine: Result<&Fingerprint, &MachineIdError>,
        today: Date,
    ) -> Check {
        let Some(text) = text else {
            return Check::Missing;
        };
        match self.verify(text) {
            Ok(terms) => Check::of_terms(terms, machine, today),
            Err(err) => Check::Invalid(err.to_string()),
        }
    }
}

impl Check {
    /// Judges genuine `terms` for `machine` on `today`: the machine first, then the date.
    pub fn of_terms(
        terms: Terms,
        machine: Result<&Fingerprint, &MachineIdError>,
        today: Date,
    ) -> Check {
        match machine {
            Err(err) => Check::Invalid(err.to_string()),
            Ok(machine) if *machine != terms.machine => Check::WrongMachine(terms),
            Ok(_) if today > terms.expires => Check::Expired(terms),
            Ok(_) => Check::Valid(terms),
        }
    }

    /// The kind of result.
    pub fn status(&self) -> Status {
        match self {
            Check::Valid(_) => Status::Valid,
            Check::Missing => Status::Missing,
            Check::Expired(_) => Status::Expired,
            Check::WrongMachine(_) => Status::WrongMachine,
            Check::Invalid(_) => Status::Invalid,
        }
    }

    /// The licence's terms, when it is genuine.
    pub fn terms(&self) -> Option<&Terms> {
        match self {
            Check::Valid(terms) | Check::Expired(terms) | Check::WrongMachine(terms) => Some(terms),
            Check::Missing | Check::Invalid(_) => None,
        }
    }

    /// Why the licence is not valid, in words an operator can act on (`None` when valid).
    pub fn reason(&self, machine: Option<&Fingerprint>) -> Option<String> {
        match self {
            Check::Valid(_) => None,
            Check::Missing => Some("no licence is installed".to_owned()),
            Check::Expired(terms) => Some(format!("the licence expired on {}", terms.expires)),
            Check::WrongMachine(terms) => Some(match machine {
                Some(machine) => format!(
                    "the licence is for the machine {}, this one is {machine}",
                    terms.machine
                ),
                None => format!("the licence is for the machine {}", terms.machine),
            }),
            Check::Invalid(reason) => Some(reason.clone()),
        }
    }
}

impl Status {
    /// The API's name: `valid`, `missing`, `expired`, `wrong_machine`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Missing => "missing",
            Status::Expired => "expired",
            Status::WrongMachine => "wrong_machine",
            Status::Invalid => "invalid",
        }
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;
    use crate::file::sign;

    /// A key pair made for this test run only.
    fn throw_away_key() -> SigningKey {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("random seed");
        SigningKey::from_bytes(&seed)
    }

    fn machine() -> Fingerprint {
        Fingerprint::of_machine_id("0123456789abcdef0123456789abcdef")
    }

    fn terms() -> Terms {
        Terms {
            licensee: "Dojang Open 2027".into(),
            machine: machine(),
            issued: date("2026-12-01"),
            expires: date("2027-06-30"),
            features: vec!["overlays".into()],
        }
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn check(verifier: &Verifier, text: &str, today: &str) -> Check {
        verifier.check(Some(text), Ok(&machine()), date(today))
    }

    #[test]
    fn a_signed_licence_is_valid_on_its_machine_through_its_last_day() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let text = sign(&terms(), &key);
        assert_eq!(check(&verifier, &text, "2026-12-01"), Check::Valid(terms()));
        let last_day = check(&verifier, &text, "2027-06-30");
        assert_eq!(last_day.status(), Status::Valid);
        assert_eq!(last_day.reason(Some(&machine())), None);
        assert_eq!(last_day.terms(), Some(&terms()));
    }

    #[test]
    fn no_file_is_missing() {
        let verifier = Verifier::new(throw_away_key().verifying_key());
        let found = verifier.check(None, Ok(&machine()), date("2027-01-01"));
        assert_eq!(found, Check::Missing);
        assert_eq!(found.status().as_str(), "missing");
    }

    #[test]
    fn after_its_last_day_it_is_expired() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let found = check(&verifier, &sign(&terms(), &key), "2027-07-01");
        assert_eq!(found, Check::Expired(terms()));
        assert_eq!(
            found.reason(None).as_deref(),
            Some("the licence expired on 2027-06-30")
        );
    }

    #[test]
    fn a_licence_for_another_machine_is_refused_even_in_date() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let other = Terms {
            machine: Fingerprint::of_machine_id("ffffffffffffffffffffffffffffffff"),
            ..terms()
        };
        let found = check(&verifier, &sign(&other, &key), "2027-01-01");
        assert_eq!(found.status(), Status::WrongMachine);
        let reason = found.reason(Some(&machine())).unwrap();
        assert!(reason.contains(other.machine.as_str()), "{reason}");
        assert!(reason.contains(machine().as_str()), "{reason}");
    }

    #[test]
    fn a_tampered_file_is_invalid() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let text = sign(&terms(), &key);
        for (from, to) in [
            ("2027-06-30", "2099-06-30"),
            ("Dojang Open 2027", "Someone Else"),
            ("\"overlays\"", "\"everything\""),
        ] {
            let tampered = text.replace(from, to);
            assert_ne!(tampered, text);
            assert_eq!(
                check(&verifier, &tampered, "2027-01-01"),
                Check::Invalid(LicenceError::BadSignature.to_string()),
                "{from} -> {to}"
            );
        }
        // Another machine's code written over this one's.
        let moved = text.replace(
            terms().machine.as_str(),
            Fingerprint::of_machine_id("other").as_str(),
        );
        assert_eq!(verifier.verify(&moved), Err(LicenceError::BadSignature));
    }

    #[test]
    fn a_file_signed_by_another_key_is_invalid() {
        let verifier = Verifier::new(throw_away_key().verifying_key());
        let text = sign(&terms(), &throw_away_key());
        assert_eq!(verifier.verify(&text), Err(LicenceError::BadSignature));
        // Nor does any test licence verify against the vendor's placeholder key.
        assert_eq!(
            Verifier::vendor().verify(&text),
            Err(LicenceError::BadSignature)
        );
    }

    #[test]
    fn layout_and_key_order_do_not_matter() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let text = sign(&terms(), &key);
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let reordered = format!(
            r#"{{"signature":{},"licence":{{"features":["overlays"],"expires":"2027-06-30","issued":"2026-12-01","machine":"{}","licensee":"Dojang Open 2027"}}}}"#,
            file["signature"],
            machine()
        );
        assert_eq!(verifier.verify(&reordered), Ok(terms()));
    }

    #[test]
    fn unreadable_files_are_invalid_with_the_reason_and_never_panic() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let text = sign(&terms(), &key);
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut extra = file.clone();
        extra["licence"]["seats"] = 10.into();
        let mut bad_date = file.clone();
        bad_date["licence"]["expires"] = "2027-02-30".into();
        let mut bad_machine = file.clone();
        bad_machine["licence"]["machine"] = "ABC".into();
        let mut short_signature = file.clone();
        short_signature["signature"] = "AAAA".into();
        let mut not_base64 = file.clone();
        not_base64["signature"] = "**".into();
        let cases = [
            ("".to_owned(), "not a licence file"),
            ("{".to_owned(), "not a licence file"),
            ("[1, 2]".to_owned(), "not a licence file"),
            ("\u{feff}\u{0}".to_owned(), "not a licence file"),
            (extra.to_string(), "unknown field `seats`"),
            (bad_date.to_string(), "`2027-02-30` is not a date"),
            (bad_machine.to_string(), "`ABC` is not a machine code"),
            (short_signature.to_string(), "signature is not base64"),
            (not_base64.to_string(), "signature is not base64"),
        ];
        for (text, expected) in cases {
            let found = check(&verifier, &text, "2027-01-01");
            assert_eq!(found.status(), Status::Invalid, "{text}");
            let reason = found.reason(None).unwrap();
            assert!(reason.contains(expected), "{text}: {reason}");
        }
    }

    #[test]
    fn a_licence_that_ends_before_it_starts_is_invalid() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let backwards = Terms {
            issued: date("2027-07-01"),
            ..terms()
        };
        let found = check(&verifier, &sign(&backwards, &key), "2027-01-01");
        assert_eq!(found.status(), Status::Invalid);
    }

    #[test]
    fn an_unknown_machine_id_makes_any_licence_invalid() {
        let key = throw_away_key();
        let verifier = Verifier::new(key.verifying_key());
        let err = MachineIdError {
            source_name: "/etc/machine-id".into(),
            reason: "No such file or directory".into(),
        };
        let found = verifier.check(Some(&sign(&terms(), &key)), Err(&err), date("2027-01-01"));
        assert_eq!(
            found.reason(None).as_deref(),
            Some("cannot read this machine's id (/etc/machine-id): No such file or directory")
        );
    }

    #[test]
    fn the_vendor_key_is_a_valid_point() {
        assert_eq!(Verifier::vendor().key.to_bytes(), VENDOR_PUBLIC_KEY);
    }
}
