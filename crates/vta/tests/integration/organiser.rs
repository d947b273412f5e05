//! Tournaments and days from a shell against a real `vta run` recording on a real OBS: a day
//! chosen mid-day takes the next match (its recording goes to the new day's folder and it is
//! listed under that day), a restart keeps the tournament and day, and every refusal is one
//! clear line with nothing changed.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{add_obs_connection, real_obs, vta, RunningVta};

fn run(dir: &Path, args: &[&str]) -> Output {
    vta()
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .expect("vta runs")
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let output = run(dir, &all);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn refused(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(!output.status.success(), "{args:?} was accepted");
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    text
}

/// Plays the `basic` match to the running vta, fast, and waits until `count` matches are
/// stored and the newest has a recording; returns that recording's folder.
fn play_a_match(vta: &RunningVta, dir: &Path, count: usize) -> String {
    let target = format!("127.0.0.1:{}", vta.port);
    let played = vta_sim(&target);
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let matches = json(dir, &["matches"]);
        if matches.as_array().map_or(0, Vec::len) == count {
            let newest = matches[0]["id"].as_i64().expect("id");
            let folder: Option<String> = rusqlite::Connection::open(dir.join("vta.sqlite3"))
                .expect("database")
                .query_row(
                    "SELECT directory FROM recordings WHERE match_id = ?1",
                    [newest],
                    |row| row.get(0),
                )
                .ok();
            if let Some(folder) = folder {
                return folder;
            }
        }
        if Instant::now() > deadline {
            let recordings: Vec<(Option<i64>, String)> =
                rusqlite::Connection::open(dir.join("vta.sqlite3"))
                    .expect("database")
                    .prepare("SELECT match_id, directory FROM recordings")
                    .and_then(|mut statement| {
                        statement
                            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                            .collect()
                    })
                    .expect("recordings");
            panic!("match {count} or its recording never came: {matches}\n{recordings:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn vta_sim(target: &str) -> Output {
    vta()
        .args([
            "sim",
            "--target",
            target,
            "play",
            "--scenario",
            "basic",
            "--speed",
            "400",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("vta sim runs")
}

#[tokio::test]
async fn a_day_chosen_mid_day_takes_the_next_match_and_a_restart_keeps_it() {
    let Some((_turn, obs)) = real_obs().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    add_obs_connection(&data, obs.port, &obs.password);
    let recordings = dir.path().join("recordings");
    let args = [
        "--tournament",
        "Open Riga 2026",
        "--record-root",
        recordings.to_str().expect("utf-8"),
        "--stop-delay",
        "0",
    ];
    let vta = RunningVta::start_serving_with(&data, "127.0.0.1:0", &[], &args);
    let first_folder = play_a_match(&vta, &data, 1);
    let first = json(&data, &["matches"])[0].clone();
    assert_eq!(first["tournament"]["name"], "Open Riga 2026");
    let date = first["day"]["date"].as_str().expect("a date").to_owned();
    assert_eq!(
        first["day"]["name"],
        date.as_str(),
        "a day made by itself is named by its date"
    );
    assert!(
        first_folder.ends_with(&format!("Open Riga 2026/{date}")),
        "{first_folder}"
    );

    let finals = json(&data, &["days", "create", "Day 2 – Finals"]);
    let finals_id = finals["id"].as_i64().expect("id").to_string();
    json(&data, &["days", "activate", &finals_id]);
    let second_folder = play_a_match(&vta, &data, 2);
    assert!(
        second_folder.ends_with("Open Riga 2026/Day 2 – Finals"),
        "{second_folder}"
    );
    let second = json(&data, &["matches"])[0].clone();
    assert_eq!(second["day"]["name"], "Day 2 – Finals");
    let under_finals = json(&data, &["matches", "--day", &finals_id]);
    assert_eq!(under_finals.as_array().map(Vec::len), Some(1));
    assert_eq!(under_finals[0]["id"], second["id"]);
    vta.stop();

    // Another --tournament on a later start names nothing: the day chosen stays.
    let mut later = args;
    later[1] = "Something Else";
    let vta = RunningVta::start_serving_with(&data, "127.0.0.1:0", &[], &later);
    let third_folder = play_a_match(&vta, &data, 3);
    assert_eq!(third_folder, second_folder);
    let days = json(&data, &["days", "list"]);
    let active: Vec<&Value> = days
        .as_array()
        .expect("days")
        .iter()
        .filter(|day| day["active"] == true)
        .collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["name"], "Day 2 – Finals");
    assert_eq!(active[0]["matches"], 2, "the second and the third");
    vta.stop();

    // Refusals, each one line, nothing changed.
    let before = (
        json(&data, &["tournaments", "list"]),
        json(&data, &["days", "list"]),
    );
    let taken = refused(&data, &["tournaments", "create", "Open Riga 2026"]);
    assert!(
        taken.contains("a tournament named \"Open Riga 2026\" already exists"),
        "{taken}"
    );
    let empty = refused(&data, &["tournaments", "rename", "Open Riga 2026", "  "]);
    assert!(empty.contains("name: must not be empty"), "{empty}");
    let path = refused(
        &data,
        &["tournaments", "rename", "Open Riga 2026", "Riga/2026"],
    );
    assert!(path.contains("must not contain '/'"), "{path}");
    let has_matches = refused(&data, &["days", "delete", &finals_id]);
    assert!(
        has_matches.contains("has 2 match(es) and 2 recording(s) or clip(s): close it instead"),
        "{has_matches}"
    );
    let unknown = refused(&data, &["days", "activate", "999"]);
    assert!(unknown.contains("day 999 does not exist"), "{unknown}");
    let after = (
        json(&data, &["tournaments", "list"]),
        json(&data, &["days", "list"]),
    );
    assert_eq!(after, before);

    // Closing the day: no match goes to it, and it cannot be chosen again.
    let closed = json(&data, &["days", "close", &finals_id]);
    assert_eq!(closed["closed"], true);
    assert_eq!(closed["active"], false);
    let again = refused(&data, &["days", "activate", &finals_id]);
    assert!(
        again.contains("day \"Day 2 – Finals\" is closed"),
        "{again}"
    );
}
