//! `vta secrets ...` from a shell on a real data folder: the data key under its key file, then
//! under a passphrase (a clear error without it or with a wrong one), rotation re-sealing the
//! stored OBS password, and the refusal while a `vta run` holds the folder.

use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::{add_obs_connection, vta, RunningVta};

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `vta <args> --data-dir dir`, with `VTA_SECRETS_PASSPHRASE` set when `passphrase` is given.
fn run(dir: &Path, passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut command = vta();
    command.args(args).arg("--data-dir").arg(dir);
    if let Some(passphrase) = passphrase {
        command.env("VTA_SECRETS_PASSPHRASE", passphrase);
    }
    command.stdin(Stdio::null()).output().expect("vta runs")
}

fn sealed_password(dir: &Path) -> Vec<u8> {
    rusqlite::Connection::open(dir.join("vta.sqlite3"))
        .expect("database")
        .query_row(
            "SELECT password_sealed FROM obs_connections WHERE name = 'REC'",
            [],
            |row| row.get(0),
        )
        .expect("sealed password")
}

#[test]
fn the_data_key_moves_to_a_passphrase_is_rotated_and_every_mistake_is_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    add_obs_connection(dir.path(), 1, "ringside-secret");
    let status = run(dir.path(), None, &["secrets", "status", "--json"]);
    assert!(status.status.success(), "{}", text(&status));
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(status["protection"], "key_file");
    assert_eq!(status["sealed_secrets"], 1);

    let protect = vta()
        .args(["secrets", "protect", "--with", "passphrase"])
        .args(["--passphrase-env", "NEW_PASSPHRASE", "--data-dir"])
        .arg(dir.path())
        .env("NEW_PASSPHRASE", "court one")
        .output()
        .expect("vta secrets protect");
    assert!(protect.status.success(), "{}", text(&protect));
    assert!(!dir.path().join("secret.key").exists());

    let locked = run(dir.path(), None, &["obs", "list"]);
    assert!(!locked.status.success());
    assert!(
        text(&locked).contains("protected by a passphrase: give it in VTA_SECRETS_PASSPHRASE"),
        "{}",
        text(&locked)
    );
    let wrong = run(dir.path(), Some("court two"), &["obs", "list"]);
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("wrong passphrase"),
        "{}",
        text(&wrong)
    );
    let listed = run(dir.path(), Some("court one"), &["obs", "list"]);
    assert!(listed.status.success(), "{}", text(&listed));
    assert!(text(&listed).contains("password yes"), "{}", text(&listed));

    let before = sealed_password(dir.path());
    let rotated = run(dir.path(), Some("court one"), &["secrets", "rotate"]);
    assert!(rotated.status.success(), "{}", text(&rotated));
    assert!(
        text(&rotated).contains("1 secret(s) re-sealed"),
        "{}",
        text(&rotated)
    );
    assert_ne!(sealed_password(dir.path()), before);
    let listed = run(dir.path(), Some("court one"), &["obs", "list"]);
    assert!(listed.status.success(), "{}", text(&listed));

    // A tampered password is named, never read as empty.
    let mut tampered = sealed_password(dir.path());
    *tampered.last_mut().expect("bytes") ^= 1;
    rusqlite::Connection::open(dir.path().join("vta.sqlite3"))
        .expect("database")
        .execute(
            "UPDATE obs_connections SET password_sealed = ?1",
            [&tampered],
        )
        .expect("tamper");
    let refused = run(dir.path(), Some("court one"), &["secrets", "rotate"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("the OBS password of \"REC\" cannot be unsealed"),
        "{}",
        text(&refused)
    );
    assert_eq!(sealed_password(dir.path()), tampered, "nothing changed");
}

#[test]
fn the_key_is_not_rotated_under_a_running_vta() {
    let dir = tempfile::tempdir().expect("temp dir");
    let running = RunningVta::start(dir.path());
    let refused = run(dir.path(), None, &["secrets", "rotate"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("another vta is using the data folder"),
        "{}",
        text(&refused)
    );
    running.stop();
    let rotated = run(dir.path(), None, &["secrets", "rotate"]);
    assert!(rotated.status.success(), "{}", text(&rotated));
}
