//! Against a real OBS 29 (obs-websocket 5.1) under Xvfb: the championship scenario over UDP
//! recorded into one named file, OBS killed and restarted mid-match (a second file for the same
//! match), and a wrong password. Prints the reconnect and round-trip figures.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use app::bus::RecorderEvent;
use obs::{ConnectionStatus, ObsControl, Role};
use pss::Message;
use sim::{Scenario, ScenarioName};

use crate::common::{obs_status, real_obs, recorder_event, spec, Harness, HeadlessObs};

const WAIT: Duration = Duration::from_secs(10);
/// Fast enough to keep the test short, slow enough that the recording holds seconds of video.
const SPEED: f64 = 60.0;

async fn connected_harness(obs: &HeadlessObs, stop_delay: Duration) -> Harness {
    let harness = Harness::start(stop_delay).await;
    let mut events = harness.bus.subscribe();
    harness
        .add_connected(
            &mut events,
            spec("REC", obs.port, Role::Both, Some(&obs.password)),
            WAIT,
        )
        .await;
    harness
}

fn started_path(event: RecorderEvent) -> (Option<i64>, PathBuf) {
    match event {
        RecorderEvent::Started { match_id, path, .. } => {
            (match_id, path.expect("OBS gave the outputPath"))
        }
        other => panic!("expected Started, got {other:?}"),
    }
}

fn stopped_reason(event: RecorderEvent) -> (String, Option<PathBuf>) {
    match event {
        RecorderEvent::Stopped { reason, path, .. } => (reason, path),
        other => panic!("expected Stopped, got {other:?}"),
    }
}

/// Waits until `path` exists and is not empty.
async fn wait_for_bytes(path: &Path, timeout: Duration) {
    let began = Instant::now();
    while std::fs::metadata(path).map_or(true, |metadata| metadata.len() == 0) {
        assert!(
            began.elapsed() < timeout,
            "{} still empty after {timeout:?}",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn non_empty_file(path: &Path) {
    let size = std::fs::metadata(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .len();
    assert!(size > 0, "{} is empty", path.display());
}

#[tokio::test]
async fn the_championship_match_is_recorded_once_named_in_its_day_folder() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let stop_delay = Duration::from_secs(2);
    let harness = connected_harness(obs, stop_delay).await;
    let mut events = harness.bus.subscribe();
    let scenario = Scenario::new(ScenarioName::Championship);
    let sender = sim::Sender::new(harness.ingest.local_addr()).await.unwrap();
    let steps = scenario.steps.clone();
    let play = tokio::spawn(async move {
        sender.play(&steps, SPEED, |_, _| {}).await.unwrap();
        Instant::now()
    });

    let (match_id, started_path) = started_path(recorder_event(&mut events, WAIT).await.unwrap());
    let control = harness.obs.rec_control().unwrap().1;
    assert!(
        control.replay_buffer_active().await.unwrap(),
        "the replay buffer runs once the match is ready"
    );
    let played_at = play.await.unwrap();
    let (reason, stopped_path) = stopped_reason(
        recorder_event(&mut events, Duration::from_secs(20))
            .await
            .unwrap(),
    );
    let stop_took = played_at.elapsed();
    assert_eq!(reason, "match over");
    assert_eq!(stopped_path.as_ref(), Some(&started_path));
    // OBS's own status may say "active" for a moment after the recorder saw it stop (failed
    // once in CI); what matters is that it stops.
    let inactive = tokio::time::timeout(WAIT, async {
        while control.record_status().await.unwrap().output_active {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(inactive.is_ok(), "OBS stops recording");

    let reader = harness.store.reader().unwrap();
    let stored = reader.match_by_id(match_id.unwrap()).unwrap().unwrap();
    let recordings = reader.recordings(match_id).unwrap();
    assert_eq!(recordings.len(), 1, "exactly one recording: {recordings:?}");
    let recording = &recordings[0];
    let day = reader.active_day().unwrap().unwrap();
    let folder = harness.record_root.join(&day.tournament).join(&day.day);
    let expected_name = format!(
        "{}_{}_{}_vs_{}_{}",
        stored.number.as_deref().unwrap(),
        stored.blue.short_name.as_deref().unwrap(),
        stored.blue.ioc.as_deref().unwrap(),
        stored.red.short_name.as_deref().unwrap(),
        stored.red.ioc.as_deref().unwrap()
    );
    assert_eq!(started_path, folder.join(format!("{expected_name}.mkv")));
    assert_eq!(
        recording.path.as_deref(),
        Some(started_path.to_string_lossy().as_ref()),
        "the stored path is OBS's outputPath"
    );
    non_empty_file(&started_path);

    let ended_at_us = stored.ended_at_us.expect("the match has a winner");
    let stopped_at_us = recording.stopped_at_us.unwrap();
    let after_winner = Duration::from_micros((stopped_at_us - ended_at_us) as u64);
    assert!(
        after_winner >= stop_delay && after_winner < stop_delay + Duration::from_secs(1),
        "stopped {after_winner:?} after the winner"
    );
    let offsets = reader.event_recording_offsets(match_id.unwrap()).unwrap();
    assert!(!offsets.is_empty(), "events get a rec_timestamp");
    assert!(offsets.iter().all(|offset| offset.rec_timestamp_ms >= 0));
    eprintln!(
        "championship at {SPEED}x: recording {:?} ms long (OBS), stopped {after_winner:?} after \
         the winner, {stop_took:?} after the last datagram; {} events with a rec_timestamp",
        recording.duration_ms,
        offsets.len()
    );
    harness.stop().await;
}

#[tokio::test]
async fn obs_killed_mid_match_is_seen_and_the_recording_resumes_in_a_second_file() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let harness = connected_harness(obs, Duration::from_secs(1)).await;
    let mut events = harness.bus.subscribe();
    let scenario = Scenario::new(ScenarioName::Championship);
    let ready = scenario
        .steps
        .iter()
        .position(|step| step.messages.contains(&Message::FightReady))
        .expect("the scenario makes the match ready");
    let (opening, rest) = scenario.steps.split_at(ready + 1);
    harness
        .sender
        .play(opening, SPEED, |_, _| {})
        .await
        .unwrap();
    let (match_id, first_path) = started_path(recorder_event(&mut events, WAIT).await.unwrap());
    // OBS's muxer creates the file with the first encoded packets, which a loaded machine
    // may take a while to produce: kill OBS only once the file holds video.
    wait_for_bytes(&first_path, WAIT).await;

    obs.signal("KILL").unwrap();
    let killed = Instant::now();
    obs_status(&mut events, "REC", Duration::from_secs(3), |status| {
        *status != ConnectionStatus::Connected
    })
    .await
    .expect("status says disconnected within 3 s");
    let noticed = killed.elapsed();
    let (reason, _) = stopped_reason(recorder_event(&mut events, WAIT).await.unwrap());
    assert_eq!(reason, "obs connection lost");

    // xvfb-run takes Xvfb down after OBS; give it a moment before the restart.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let start_took = obs.launch().unwrap();
    let listening = Instant::now();
    obs_status(&mut events, "REC", Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .expect("connected within 2 s of OBS listening");
    let reconnected = listening.elapsed();
    let (again_match, second_path) = started_path(recorder_event(&mut events, WAIT).await.unwrap());
    let resumed = listening.elapsed();
    assert_eq!(
        again_match, match_id,
        "the second file belongs to the same match"
    );
    assert_ne!(second_path, first_path);
    assert!(
        second_path.to_string_lossy().ends_with("_part2.mkv"),
        "{}",
        second_path.display()
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    harness.sender.play(rest, SPEED, |_, _| {}).await.unwrap();
    let (reason, _) = stopped_reason(
        recorder_event(&mut events, Duration::from_secs(20))
            .await
            .unwrap(),
    );
    assert_eq!(reason, "match over");

    let recordings = harness
        .store
        .reader()
        .unwrap()
        .recordings(match_id)
        .unwrap();
    assert_eq!(recordings.len(), 2, "{recordings:?}");
    assert_eq!(
        recordings[0].end_reason.as_deref(),
        Some("obs connection lost")
    );
    assert_eq!(recordings[1].end_reason.as_deref(), Some("match over"));
    non_empty_file(&first_path);
    non_empty_file(&second_path);
    eprintln!(
        "SIGKILL noticed after {noticed:?}; OBS restart took {start_took:?}; connected \
         {reconnected:?} and recording again {resumed:?} after the port listened"
    );

    // Round trip through the supervised connection, for BENCHMARKS.md.
    let connection = harness.obs.connection("REC").unwrap();
    let mut round_trips = Vec::new();
    for _ in 0..200 {
        let began = Instant::now();
        connection.record_status().await.unwrap();
        round_trips.push(began.elapsed());
    }
    round_trips.sort();
    eprintln!(
        "GetRecordStatus through the manager's connection over 200: p50 {:?}, p99 {:?}, max {:?}",
        round_trips[100], round_trips[197], round_trips[199]
    );
    harness.stop().await;
}

#[tokio::test]
async fn a_wrong_password_is_a_clear_error_without_a_reconnect_storm() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", obs.port, Role::Rec, Some("not-the-password")))
        .await
        .unwrap();
    let status = obs_status(&mut events, "REC", Duration::from_secs(3), |status| {
        matches!(status, ConnectionStatus::Error { .. })
    })
    .await
    .unwrap();
    assert_eq!(
        status,
        ConnectionStatus::Error {
            reason: "obs-websocket authentication failed (wrong or missing password)".into()
        }
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let connection = harness.obs.connection("REC").unwrap();
    assert_eq!(connection.connect_attempts(), 1, "no retries after 4009");
    harness.stop().await;
}
