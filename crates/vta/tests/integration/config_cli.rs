//! `vta config export|import` from a shell with a real OBS: export, empty the data folder,
//! import; the settings and connections are the same and OBS connects with the restored
//! password. A wrong passphrase, a cut file and an import under a running `vta` change nothing.

use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::{add_obs_connection, real_obs, vta, RunningVta};

const PASSPHRASE: &str = "court one backup";

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `vta <args> --data-dir dir` with the backup passphrase in `BACKUP_PASSPHRASE`.
fn run(dir: &Path, passphrase: &str, args: &[&str]) -> Output {
    vta()
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("BACKUP_PASSPHRASE", passphrase)
        .stdin(Stdio::null())
        .output()
        .expect("vta runs")
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", text(&output));
    text(&output)
}

fn settings_row(dir: &Path) -> Option<String> {
    rusqlite::Connection::open(dir.join("vta.sqlite3"))
        .expect("database")
        .query_row(
            "SELECT value FROM settings WHERE key = 'settings'",
            [],
            |row| row.get(0),
        )
        .ok()
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn a_backup_restores_an_emptied_folder_and_obs_connects_with_the_restored_password() {
    let Some((_turn, obs)) = real_obs().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    add_obs_connection(&data, obs.port, &obs.password);
    let settings = r#"{"recording": {"root": "/srv/recordings"}, "replay": {"lead_seconds": 7.5}}"#;
    rusqlite::Connection::open(data.join("vta.sqlite3"))
        .expect("database")
        .execute(
            "INSERT INTO settings (key, value) VALUES ('settings', ?1)",
            [settings],
        )
        .expect("settings");
    let listed_before = ok(run(&data, PASSPHRASE, &["obs", "list"]));
    assert!(listed_before.contains("connected"), "{listed_before}");

    let file = dir.path().join("court-1.vta-backup");
    let out = file.to_str().expect("utf-8");
    ok(run(
        &data,
        PASSPHRASE,
        &[
            "config",
            "export",
            "--out",
            out,
            "--passphrase-env",
            "BACKUP_PASSPHRASE",
        ],
    ));
    let bytes = std::fs::read(&file).expect("backup");
    assert!(
        !contains(&bytes, &obs.password),
        "the OBS password is in the backup"
    );
    assert!(!contains(&bytes, PASSPHRASE));

    std::fs::remove_dir_all(&data).expect("empty the data folder");
    let imported = ok(run(
        &data,
        PASSPHRASE,
        &[
            "config",
            "import",
            out,
            "--passphrase-env",
            "BACKUP_PASSPHRASE",
        ],
    ));
    assert!(imported.contains("1 OBS connection(s)"), "{imported}");
    assert_eq!(settings_row(&data).as_deref(), Some(settings));
    let listed_after = ok(run(&data, PASSPHRASE, &["obs", "list"]));
    assert_eq!(listed_after, listed_before);
    ok(run(&data, PASSPHRASE, &["obs", "test", "REC"]));
}

#[test]
fn a_wrong_passphrase_a_cut_file_or_a_running_vta_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    add_obs_connection(&data, 4455, "ringside-secret");
    let file = dir.path().join("backup.json");
    let out = file.to_str().expect("utf-8");
    let import = [
        "config",
        "import",
        out,
        "--passphrase-env",
        "BACKUP_PASSPHRASE",
    ];
    ok(run(
        &data,
        PASSPHRASE,
        &[
            "config",
            "export",
            "--out",
            out,
            "--passphrase-env",
            "BACKUP_PASSPHRASE",
        ],
    ));
    let listed = ok(run(&data, PASSPHRASE, &["obs", "list"]));

    let wrong = run(&data, "another passphrase", &import);
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("wrong passphrase for this backup"),
        "{}",
        text(&wrong)
    );
    assert!(text(&wrong).contains("nothing changed"), "{}", text(&wrong));

    let bytes = std::fs::read(&file).expect("backup");
    std::fs::write(&file, &bytes[..bytes.len() - 40]).expect("cut");
    let cut = run(&data, PASSPHRASE, &import);
    assert!(text(&cut).contains("cut short"), "{}", text(&cut));
    std::fs::write(&file, &bytes).expect("restore");

    let running = RunningVta::start(&data);
    let refused = run(&data, PASSPHRASE, &import);
    assert!(
        text(&refused).contains("another vta is using the data folder"),
        "{}",
        text(&refused)
    );
    running.stop();

    assert_eq!(ok(run(&data, PASSPHRASE, &["obs", "list"])), listed);
    assert!(
        !data.join("backups").exists(),
        "no refused import got as far as its copy"
    );
}
