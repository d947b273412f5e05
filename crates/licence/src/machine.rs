//! The machine fingerprint: a short code derived from the operating system's machine id, the
//! one thing a licence is bound to. This module is the crate's only I/O (reading that id).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::file::LicenceError;

/// Mixed into the hash so the code says nothing about the machine id to anyone else and
/// differs from other products' fingerprints of the same machine.
const PRODUCT_SALT: &[u8] = b"reStrike VTA machine fingerprint v1\0";

/// How the codes start.
const PREFIX: &str = "VTA-";

/// A machine's code, `VTA-XXXX-XXXX-XXXX-XXXX` (16 upper-case hex digits of
/// SHA-256(salt, machine id)): what the operator sends the vendor, what a licence names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint(String);

/// This machine's id could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read this machine's id ({source_name}): {reason}")]
pub struct MachineIdError {
    /// Where it was looked for (a file, a registry value).
    pub source_name: String,
    /// Why it failed.
    pub reason: String,
}

impl Fingerprint {
    /// The fingerprint of a machine id as the operating system gives it (surrounding white
    /// space and letter case do not matter).
    pub fn of_machine_id(machine_id: &str) -> Fingerprint {
        let mut hash = Sha256::new();
        hash.update(PRODUCT_SALT);
        hash.update(machine_id.trim().to_ascii_lowercase().as_bytes());
        let digest = hash.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02X}")).collect();
        let groups: Vec<&str> = (0..4).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        Fingerprint(format!("{PREFIX}{}", groups.join("-")))
    }

    /// The fingerprint of this machine: Linux `/etc/machine-id` (else
    /// `/var/lib/dbus/machine-id`), Windows `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`.
    pub fn of_this_machine() -> Result<Fingerprint, MachineIdError> {
        read_machine_id().map(|id| Fingerprint::of_machine_id(&id))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Fingerprint {
    type Err = LicenceError;

    /// Reads a code `VTA-XXXX-XXXX-XXXX-XXXX` (hex digits in either case).
    fn from_str(code: &str) -> Result<Fingerprint, LicenceError> {
        let refused = || LicenceError::Fingerprint(code.to_owned());
        let groups = code.strip_prefix(PREFIX).ok_or_else(refused)?;
        let parts: Vec<&str> = groups.split('-').collect();
        let well_formed = parts.len() == 4
            && parts
                .iter()
                .all(|part| part.len() == 4 && part.bytes().all(|b| b.is_ascii_hexdigit()));
        if !well_formed {
            return Err(refused());
        }
        Ok(Fingerprint(code.to_ascii_uppercase()))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

/// The first readable, non-empty machine id file.
#[cfg(not(windows))]
fn read_machine_id() -> Result<String, MachineIdError> {
    const FILES: [&str; 2] = ["/etc/machine-id", "/var/lib/dbus/machine-id"];
    let mut reasons = Vec::new();
    for file in FILES {
        match std::fs::read_to_string(file) {
            Ok(text) if !text.trim().is_empty() => return Ok(text.trim().to_owned()),
            Ok(_) => reasons.push(format!("{file} is empty")),
            Err(err) => reasons.push(format!("{file}: {err}")),
        }
    }
    Err(MachineIdError {
        source_name: FILES.join(" or "),
        reason: reasons.join("; "),
    })
}

/// `MachineGuid` from the registry, read through `reg query` (no unsafe registry calls).
#[cfg(windows)]
fn read_machine_id() -> Result<String, MachineIdError> {
    const KEY: &str = r"HKLM\SOFTWARE\Microsoft\Cryptography";
    let failed = |reason: String| MachineIdError {
        source_name: format!(r"{KEY}\MachineGuid"),
        reason,
    };
    use std::os::windows::process::CommandExt;
    /// No console window flashes up when vta runs without one (the desktop shell's sidecar).
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let output = std::process::Command::new("reg")
        .args(["query", KEY, "/v", "MachineGuid"])
        .creation_flags(CREATE_NO_WINDOW)
        .output()
        .map_err(|err| failed(format!("`reg query` did not run: {err}")))?;
    if !output.status.success() {
        return Err(failed(format!("`reg query` failed: {}", output.status)));
    }
    parse_reg_query(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| failed("`reg query` printed no MachineGuid value".to_owned()))
}

/// The value of `MachineGuid` in `reg query` output
/// (`    MachineGuid    REG_SZ    6a1b...`).
#[cfg(any(windows, test))]
fn parse_reg_query(output: &str) -> Option<String> {
    output.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(name), Some("REG_SZ"), Some(value))
                if name.eq_ignore_ascii_case("MachineGuid") =>
            {
                Some(value.to_owned())
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_id_gives_a_stable_short_code() {
        let code = Fingerprint::of_machine_id("4c4c4544004235108052b4c04f564433");
        assert_eq!(
            code,
            Fingerprint::of_machine_id(" 4C4C4544004235108052B4C04F564433\n")
        );
        assert_ne!(
            code,
            Fingerprint::of_machine_id("4c4c4544004235108052b4c04f564434")
        );
        assert_eq!(code.as_str().len(), "VTA-XXXX-XXXX-XXXX-XXXX".len());
        assert_eq!(code.as_str().parse::<Fingerprint>(), Ok(code.clone()));
        // The salt is part of it: not the plain hash of the id.
        let plain = Sha256::digest(b"4c4c4544004235108052b4c04f564433");
        assert_ne!(
            &code.as_str()[4..8],
            format!("{:02X}{:02X}", plain[0], plain[1])
        );
    }

    #[test]
    fn codes_are_read_strictly() {
        assert_eq!(
            "vta-0000-1111-2222-3333".parse::<Fingerprint>(),
            Err(LicenceError::Fingerprint("vta-0000-1111-2222-3333".into()))
        );
        for code in [
            "VTA-0000-1111-2222",
            "VTA-0000-1111-2222-333G",
            "0000-1111-2222-3333-4444",
        ] {
            assert!(code.parse::<Fingerprint>().is_err(), "{code} accepted");
        }
        assert_eq!(
            "VTA-abcd-1111-2222-3333"
                .parse::<Fingerprint>()
                .unwrap()
                .as_str(),
            "VTA-ABCD-1111-2222-3333"
        );
    }

    #[test]
    fn this_machine_has_a_code_here() {
        // The test machines (Linux with systemd or dbus, Windows) all have a machine id.
        let code = Fingerprint::of_this_machine().expect("machine id");
        assert!(code.as_str().starts_with("VTA-"));
    }

    #[test]
    fn reg_query_output_is_parsed() {
        let output = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    6a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b\r\n\r\n";
        assert_eq!(
            parse_reg_query(output).as_deref(),
            Some("6a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b")
        );
        assert_eq!(parse_reg_query("ERROR: nothing"), None);
    }
}
