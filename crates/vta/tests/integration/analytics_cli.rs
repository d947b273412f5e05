//! `vta analytics ...` after a real `vta run` stored the `basic` match played over UDP: the
//! match's points by side and kind, gam-jeom and challenges as JSON, a table as CSV, the day
//! and tournament views, and one clear line for an unknown match or table.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{vta, RunningVta};

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
    let output = run(dir, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn the_basic_match_counts_as_its_script_says_in_json_and_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let running = RunningVta::start(dir.path());
    let played = vta()
        .args(["sim", "--target", &format!("127.0.0.1:{}", running.port)])
        .args(["play", "--scenario", "basic", "--speed", "400"])
        .output()
        .expect("vta sim");
    assert!(
        played.status.success(),
        "{}",
        String::from_utf8_lossy(&played.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let id = loop {
        let matches = json(dir.path(), &["matches", "--json"]);
        if matches[0]["winner"].is_string() {
            break matches[0]["id"].as_i64().expect("id");
        }
        assert!(
            Instant::now() < deadline,
            "the match never finished: {matches}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    running.stop();

    let id_text = id.to_string();
    let view = json(
        dir.path(),
        &["analytics", "match", "--match", &id_text, "--json"],
    );
    // basic: blue body, red head, blue head, blue punch.
    let points = &view["points"];
    assert_eq!(points["blue"]["body"], 1, "{view}");
    assert_eq!(points["blue"]["head"], 1);
    assert_eq!(points["blue"]["punch"], 1);
    assert_eq!(points["blue"]["technical_head"], 0);
    assert_eq!(points["red"]["head"], 1);
    assert_eq!(view["gamjeom"]["blue"], 0);
    assert_eq!(view["challenges"]["all"]["requested"], 0);
    assert_eq!(view["score"]["blue"], 6);
    assert_eq!(view["score"]["red"], 3);

    let csv = run(
        dir.path(),
        &["analytics", "match", "--match", &id_text, "--csv", "points"],
    );
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(text.starts_with("side,kind,count\r\n"), "{text}");
    assert!(
        text.contains("blue,body,1\r\n") && text.contains("red,head,1\r\n"),
        "{text}"
    );

    let day_id = json(dir.path(), &["days", "list", "--json"])[0]["id"].to_string();
    let day = json(
        dir.path(),
        &["analytics", "day", "--day", &day_id, "--json"],
    );
    assert_eq!(day["matches"], 1, "{day}");
    assert_eq!(day["finished"], 1);
    assert_eq!(day["top_athletes"][0]["name"], "Ana KIM");
    let tournament = json(
        dir.path(),
        &[
            "analytics",
            "tournament",
            "--tournament",
            "Tournament",
            "--json",
        ],
    );
    assert_eq!(tournament["top_countries"][0]["ioc"], "KOR", "{tournament}");

    let unknown = run(
        dir.path(),
        &["analytics", "match", "--match", "999", "--json"],
    );
    assert!(!unknown.status.success());
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr).trim(),
        "error: match 999 does not exist"
    );
    let athlete = run(
        dir.path(),
        &["analytics", "athlete", "--athlete", "999", "--json"],
    );
    assert_eq!(
        String::from_utf8_lossy(&athlete.stderr).trim(),
        "error: athlete 999 does not exist"
    );
    let table = run(
        dir.path(),
        &["analytics", "match", "--match", &id_text, "--csv", "nope"],
    );
    assert!(
        String::from_utf8_lossy(&table.stderr).contains("no table \"nope\"; this view has points")
    );
}
