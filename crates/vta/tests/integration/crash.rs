//! Crash safety: SIGKILL during a 10,000/s ingest loses nothing that was committed, the
//! database stays intact, and a restart rebuilds the match from the store.

use std::time::{Duration, Instant};

use crate::common::{sender, RunningVta};

#[test]
fn sigkill_during_ingest_loses_nothing_committed_and_restart_rebuilds_the_match() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("vta.sqlite3");
    let mut vta = RunningVta::start(dir.path());
    let socket = sender(vta.port);
    let mix = sim::load_mix();
    let rate = 10_000.0;

    // Send at 10,000/s; once at least 5,000 datagrams are committed (read from another
    // process's view), take what is committed and SIGKILL while datagrams keep coming.
    let start = Instant::now();
    let mut sent = 0usize;
    let mut committed_before_kill = None;
    let mut last_check = Instant::now();
    let mut killed_at = None;
    while killed_at.is_none_or(|at: Instant| at.elapsed() < Duration::from_millis(500)) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "ingest never reached 5,000 commits"
        );
        let due = (start.elapsed().as_secs_f64() * rate) as usize;
        while sent < due {
            // Once the process is gone the kernel answers "connection refused"; the sender
            // keeps going like tkStrike would.
            let _ = socket.send(&mix[sent % mix.len()]);
            sent += 1;
        }
        if killed_at.is_none() && last_check.elapsed() > Duration::from_millis(100) {
            last_check = Instant::now();
            let reader = store::Reader::open(&database).expect("open while running");
            if reader.datagram_count().expect("count") >= 5_000 {
                committed_before_kill = Some(reader.datagrams_from(0).expect("read"));
                vta.child.kill().expect("SIGKILL");
                vta.child.wait().expect("reap");
                killed_at = Some(Instant::now());
            }
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let committed_before_kill = committed_before_kill.expect("killed");
    assert!(
        sent > committed_before_kill.len(),
        "the kill came while datagrams were arriving"
    );

    let reader = store::Reader::open(&database).expect("reopen after the kill");
    assert_eq!(reader.integrity_check().expect("integrity_check"), "ok");
    let after = reader.datagrams_from(0).expect("read after");
    assert!(after.len() >= committed_before_kill.len());
    for (before, after) in committed_before_kill.iter().zip(&after) {
        assert_eq!(before, after, "a committed datagram changed or vanished");
    }
    // Commits are in order, so what is stored is the start of what was received, with no gap.
    for (idx, row) in after.iter().enumerate() {
        assert_eq!(row.seq, idx as u64 + 1);
        assert_eq!(
            row.bytes,
            mix[idx % mix.len()],
            "datagram {idx} stored as sent"
        );
    }
    let last_match = reader
        .last_match_id()
        .expect("query")
        .expect("a match was stored");
    let before_restart = reader.match_by_id(last_match).expect("query").expect("row");
    drop(reader);

    // Restart: the live match is rebuilt, so a new score lands in the same match.
    let mut vta = RunningVta::start(dir.path());
    let rebuilt = vta.wait_for(
        "match state rebuilt from the store",
        Duration::from_secs(10),
    );
    assert!(
        rebuilt.contains(&format!("match_id={last_match}")),
        "{rebuilt}"
    );
    sender(vta.port).send(b"sc1;99;").expect("send");
    std::thread::sleep(Duration::from_millis(300));
    vta.stop();

    let reader = store::Reader::open(&database).expect("reopen after restart");
    assert_eq!(reader.integrity_check().expect("integrity_check"), "ok");
    assert_eq!(
        reader.last_match_id().expect("query"),
        Some(last_match),
        "no new match opened"
    );
    let after_restart = reader.match_by_id(last_match).expect("query").expect("row");
    assert_eq!(after_restart.blue.score, 99);
    assert_eq!(
        after_restart.blue.short_name,
        before_restart.blue.short_name
    );
    assert_eq!(after_restart.red.long_name, before_restart.red.long_name);
    assert_eq!(after_restart.number, before_restart.number);
}
