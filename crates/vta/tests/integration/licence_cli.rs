//! `vta licence ...` from a shell, and `vta run` with no valid licence: the code for the
//! vendor, the status, a file not signed by the vendor refused and not installed, and the
//! pipeline running all the same with one warning.

use std::process::Output;
use std::time::Duration;

use licence::{sign, Fingerprint, SigningKey, Terms};

use crate::common::{sender, vta_output, RunningVta};

fn licence(data_dir: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["licence", "--data-dir", data_dir.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    vta_output(&all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A licence for this machine, signed by a key made for this test (not the vendor's).
fn licence_not_from_the_vendor() -> String {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("random seed");
    let terms = Terms {
        licensee: "Not The Vendor".into(),
        machine: Fingerprint::of_this_machine().expect("machine id"),
        issued: "2026-01-01".parse().expect("date"),
        expires: "2099-12-31".parse().expect("date"),
        features: Vec::new(),
    };
    sign(&terms, &SigningKey::from_bytes(&seed))
}

#[test]
fn the_fingerprint_is_this_machines_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = licence(dir.path(), &["fingerprint"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let code = stdout(&output);
    let expected = Fingerprint::of_this_machine().expect("machine id");
    assert_eq!(code.trim(), expected.as_str());
    assert!(code.trim().parse::<Fingerprint>().is_ok(), "{code}");
}

#[test]
fn without_a_licence_the_status_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = licence(dir.path(), &["status"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("status: missing\n"), "{text}");
    assert!(text.contains("reason: no licence is installed\n"), "{text}");
    let code = Fingerprint::of_this_machine().expect("machine id");
    assert!(text.contains(&format!("machine: {code}\n")), "{text}");
}

#[test]
fn files_not_from_the_vendor_are_refused_and_not_installed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("from-someone.json");
    std::fs::write(&file, licence_not_from_the_vendor()).expect("write");
    let output = licence(dir.path(), &["install", file.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).trim(),
        "error: the licence is refused: the signature does not match: the file was altered or is not from the vendor"
    );

    std::fs::write(&file, "not json").expect("write");
    let output = licence(dir.path(), &["install", file.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: the licence is refused: not a licence file"),
        "{}",
        stderr(&output)
    );

    let output = licence(dir.path(), &["install", "/nonexistent/licence.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .starts_with("error: cannot read the licence file /nonexistent/licence.json"),
        "{}",
        stderr(&output)
    );

    assert!(!dir.path().join("licence.json").exists());
    let status = licence(dir.path(), &["status"]);
    assert!(
        stdout(&status).contains("status: missing"),
        "{}",
        stdout(&status)
    );
}

#[test]
fn run_goes_on_with_an_invalid_licence_and_warns() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("licence.json"),
        licence_not_from_the_vendor(),
    )
    .expect("write");
    let status = licence(dir.path(), &["status"]);
    assert!(
        stdout(&status).contains("status: invalid"),
        "{}",
        stdout(&status)
    );

    let mut vta = RunningVta::start(dir.path());
    let warning = vta.wait_for("no valid licence", Duration::from_secs(10));
    assert!(warning.contains("WARN"), "{warning}");
    assert!(warning.contains("invalid"), "{warning}");
    assert!(warning.contains("signature does not match"), "{warning}");
    // The feed is still taken and stored.
    sender(vta.port).send(b"pre;FightLoaded;").expect("send");
    std::thread::sleep(Duration::from_millis(300));
    vta.stop();
    let reader = store::Reader::open(dir.path().join("vta.sqlite3")).expect("open store");
    let stored = reader.datagrams_from(0).expect("read datagrams");
    assert_eq!(stored.len(), 1, "the datagram is kept");
}
