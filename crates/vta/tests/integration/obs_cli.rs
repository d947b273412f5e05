//! `vta obs ...` from a shell: connections added with a password from standard input, stored
//! sealed, listed (OBS not reachable here), refused twice, removed; one clear line for each
//! mistake.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::common::{vta, vta_output};

fn obs(data_dir: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["obs", "--data-dir", data_dir.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    vta_output(&all)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A TCP port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind")
        .port()
}

#[test]
fn connections_are_added_listed_and_removed_with_the_password_sealed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = closed_port().to_string();
    let mut add = vta()
        .args(["obs", "--data-dir"])
        .arg(dir.path())
        .args([
            "add",
            "REC",
            "--port",
            &port,
            "--role",
            "rec",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vta obs add starts");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"ringside-secret\n")
        .expect("write password");
    let added = add.wait_with_output().expect("vta obs add ends");
    assert!(added.status.success(), "{}", text(&added));
    assert!(
        text(&added).contains("password stored sealed"),
        "{}",
        text(&added)
    );

    let database = std::fs::read(dir.path().join("vta.sqlite3")).expect("database");
    let wal = std::fs::read(dir.path().join("vta.sqlite3-wal")).unwrap_or_default();
    for bytes in [&database, &wal] {
        assert!(
            !bytes.windows(15).any(|window| window == b"ringside-secret"),
            "the password is in the database in plain text"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("secret.key"))
            .expect("key")
            .len(),
        32
    );

    let listed = obs(dir.path(), &["list"]);
    assert!(listed.status.success(), "{}", text(&listed));
    let listing = text(&listed);
    assert!(listing.contains("REC"), "{listing}");
    assert!(listing.contains("role rec"), "{listing}");
    assert!(listing.contains("password yes"), "{listing}");
    assert!(listing.contains("not reachable"), "{listing}");
    assert!(!listing.contains("ringside-secret"), "{listing}");

    let again = obs(dir.path(), &["add", "REC", "--port", &port]);
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    let test = obs(dir.path(), &["test", "REC"]);
    assert!(!test.status.success());
    let error = text(&test);
    assert_eq!(
        error
            .lines()
            .filter(|line| line.starts_with("error:"))
            .count(),
        1,
        "{error}"
    );
    assert!(error.contains(&format!("127.0.0.1:{port}")), "{error}");
    assert!(!error.contains("panicked"), "{error}");

    let removed = obs(dir.path(), &["remove", "REC"]);
    assert!(removed.status.success(), "{}", text(&removed));
    let empty = obs(dir.path(), &["list"]);
    assert!(
        text(&empty).contains("no obs connections"),
        "{}",
        text(&empty)
    );
}

#[test]
fn mistakes_are_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown = obs(dir.path(), &["record", "start", "NOPE"]);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("no obs connection named \"NOPE\""),
        "{}",
        text(&unknown)
    );

    let no_variable = vta()
        .args(["obs", "--data-dir"])
        .arg(dir.path())
        .args(["add", "REC", "--password-env", "VTA_TEST_NO_SUCH_VARIABLE"])
        .env_remove("VTA_TEST_NO_SUCH_VARIABLE")
        .output()
        .expect("vta runs");
    assert!(!no_variable.status.success());
    assert!(
        text(&no_variable).contains("environment variable VTA_TEST_NO_SUCH_VARIABLE is not set"),
        "{}",
        text(&no_variable)
    );

    let plain = obs(dir.path(), &["add", "REC", "--password", "visible-in-ps"]);
    assert!(
        !plain.status.success(),
        "a password value on the command line is refused"
    );

    let removed = obs(dir.path(), &["remove", "NOPE"]);
    assert!(
        text(&removed).contains("no obs connection named \"NOPE\""),
        "{}",
        text(&removed)
    );
}
