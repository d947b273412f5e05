//! [`LicenceHandle`]: this machine's licence, read from `<data-dir>/licence.json` once at start
//! and again when one is installed. Judging it (signature, machine, date) is the `licence`
//! crate's; this module owns the file and today's date.
//!
//! A missing or unusable licence never stops anything: the caller shows and logs it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use licence::{Check, Date, Fingerprint, MachineIdError, Terms, Verifier};

/// File name of the installed licence inside the data folder.
pub const LICENCE_FILE: &str = "licence.json";

/// A licence that was not installed, and why.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// Not a genuine licence for this machine today; the reason says which.
    #[error("the licence is refused: {0}")]
    Refused(String),
    /// It could not be saved.
    #[error("the licence cannot be saved to {}: {reason}", path.display())]
    Save {
        /// Where it was to go.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// This machine's licence; cheap to clone.
#[derive(Debug, Clone)]
pub struct LicenceHandle {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    verifier: Verifier,
    machine: Result<Fingerprint, MachineIdError>,
    path: PathBuf,
    // std RwLock: read or replaced in a moment, never held across an await.
    loaded: RwLock<Loaded>,
}

/// What the file held when it was last read; judged against today's date at each look.
#[derive(Debug, Clone)]
enum Loaded {
    Missing,
    Genuine(Terms),
    Unusable(String),
}

impl LicenceHandle {
    /// The vendor's licence for this machine, read from `data_dir`.
    pub fn for_this_machine(data_dir: &Path) -> LicenceHandle {
        LicenceHandle::load(Verifier::vendor(), Fingerprint::of_this_machine(), data_dir)
    }

    /// Reads `<data_dir>/licence.json` once and judges it with `verifier` for `machine`.
    pub fn load(
        verifier: Verifier,
        machine: Result<Fingerprint, MachineIdError>,
        data_dir: &Path,
    ) -> LicenceHandle {
        let path = data_dir.join(LICENCE_FILE);
        let loaded = match std::fs::read_to_string(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Loaded::Missing,
            Err(err) => Loaded::Unusable(format!("cannot read {}: {err}", path.display())),
            Ok(text) => match verifier.verify(&text) {
                Ok(terms) => Loaded::Genuine(terms),
                Err(err) => Loaded::Unusable(err.to_string()),
            },
        };
        LicenceHandle {
            shared: Arc::new(Shared {
                verifier,
                machine,
                path,
                loaded: RwLock::new(loaded),
            }),
        }
    }

    /// The licence judged today.
    pub fn check(&self) -> Check {
        self.check_on(today())
    }

    /// The licence judged on `day`.
    pub fn check_on(&self, day: Date) -> Check {
        let loaded = self
            .shared
            .loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match loaded {
            Loaded::Missing => Check::Missing,
            Loaded::Unusable(reason) => Check::Invalid(reason),
            Loaded::Genuine(terms) => Check::of_terms(terms, self.shared.machine.as_ref(), day),
        }
    }

    /// This machine's code, when its id could be read.
    pub fn fingerprint(&self) -> Option<&Fingerprint> {
        self.shared.machine.as_ref().ok()
    }

    /// Where the licence is kept.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// Checks `text` and, when it is a valid licence for this machine today, saves it as the
    /// licence (replacing the old one whole) and puts it in force.
    pub fn install(&self, text: &str) -> Result<Check, InstallError> {
        let terms = self
            .shared
            .verifier
            .verify(text)
            .map_err(|err| InstallError::Refused(err.to_string()))?;
        let check = Check::of_terms(terms.clone(), self.shared.machine.as_ref(), today());
        if !matches!(check, Check::Valid(_)) {
            let reason = check.reason(self.fingerprint()).unwrap_or_default();
            return Err(InstallError::Refused(reason));
        }
        self.save(text)?;
        *self
            .shared
            .loaded
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Loaded::Genuine(terms);
        Ok(check)
    }

    /// Writes `text` beside the licence, then renames it over, so a crash leaves the old file
    /// or the new one, never half of one.
    fn save(&self, text: &str) -> Result<(), InstallError> {
        let path = &self.shared.path;
        let failed = |err: std::io::Error| InstallError::Save {
            path: path.clone(),
            reason: err.to_string(),
        };
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, text).map_err(failed)?;
        std::fs::rename(&partial, path).map_err(failed)
    }
}

/// Today in UTC, by the system clock.
fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    Date::from_unix_seconds(seconds)
}

#[cfg(test)]
mod tests {
    use licence::{sign, SigningKey, Status};

    use super::*;

    fn key() -> SigningKey {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("random seed");
        SigningKey::from_bytes(&seed)
    }

    fn terms(machine: &Fingerprint, expires: Date) -> Terms {
        Terms {
            licensee: "Test Club".into(),
            machine: machine.clone(),
            issued: "2026-01-01".parse().unwrap(),
            expires,
            features: Vec::new(),
        }
    }

    fn days_from_now(days: u64) -> Date {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        Date::from_unix_seconds(now.as_secs() + days * 86_400)
    }

    fn in_a_year() -> Date {
        days_from_now(365)
    }

    #[test]
    fn installs_a_valid_licence_and_reads_it_back_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let key = key();
        let machine = Fingerprint::of_machine_id("machine-a");
        let handle = LicenceHandle::load(
            Verifier::new(key.verifying_key()),
            Ok(machine.clone()),
            dir.path(),
        );
        assert_eq!(handle.check(), Check::Missing);
        let text = sign(&terms(&machine, in_a_year()), &key);
        assert_eq!(handle.install(&text).unwrap().status(), Status::Valid);
        assert_eq!(handle.check().status(), Status::Valid);
        assert_eq!(std::fs::read_to_string(handle.path()).unwrap(), text);

        let again =
            LicenceHandle::load(Verifier::new(key.verifying_key()), Ok(machine), dir.path());
        assert_eq!(again.check().status(), Status::Valid);
        // The same file judged after its last day.
        let after = days_from_now(400);
        assert_eq!(again.check_on(after).status(), Status::Expired);
    }

    #[test]
    fn refuses_another_machines_or_an_expired_licence_and_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = key();
        let machine = Fingerprint::of_machine_id("machine-a");
        let handle = LicenceHandle::load(
            Verifier::new(key.verifying_key()),
            Ok(machine.clone()),
            dir.path(),
        );
        let good = sign(&terms(&machine, in_a_year()), &key);
        handle.install(&good).unwrap();

        let other = sign(
            &terms(&Fingerprint::of_machine_id("machine-b"), in_a_year()),
            &key,
        );
        let err = handle.install(&other).unwrap_err().to_string();
        assert!(err.contains("is for the machine"), "{err}");
        let expired = sign(&terms(&machine, "2026-06-30".parse().unwrap()), &key);
        let err = handle.install(&expired).unwrap_err().to_string();
        assert!(err.contains("expired on 2026-06-30"), "{err}");
        let err = handle.install("{}").unwrap_err().to_string();
        assert!(
            err.starts_with("the licence is refused: not a licence file"),
            "{err}"
        );

        assert_eq!(std::fs::read_to_string(handle.path()).unwrap(), good);
        assert_eq!(handle.check().status(), Status::Valid);
    }

    #[test]
    fn a_damaged_file_is_invalid_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LICENCE_FILE), b"\xff\xfe not text").unwrap();
        let handle = LicenceHandle::load(
            Verifier::new(key().verifying_key()),
            Ok(Fingerprint::of_machine_id("machine-a")),
            dir.path(),
        );
        let check = handle.check();
        assert_eq!(check.status(), Status::Invalid);
        assert!(check.reason(None).unwrap().starts_with("cannot read"));
    }
}
