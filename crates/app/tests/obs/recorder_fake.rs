//! The recorder against the stateful fake OBS, fed real datagrams over UDP: naming, the stop
//! delay, the next match cancelling it, OBS down at ready, and a lost connection resumed into
//! a second file. Real time with short delays: the store's writer is a thread, so paused tokio
//! time would fire timers while a test waits for a commit.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use app::automation::recorder::RecorderError;
use app::bus::RecorderEvent;
use obs::{ConnectionStatus, Role};

use crate::common::{free_port, match_opening, obs_status, recorder_event, spec, Harness};
use crate::fake_obs::FakeObs;

const WAIT: Duration = Duration::from_secs(5);

async fn send_opening(harness: &Harness, number: &str, blue: (&str, &str), red: (&str, &str)) {
    let opening = match_opening(number, blue, red);
    let texts: Vec<&str> = opening.iter().map(String::as_str).collect();
    harness.send(&texts).await;
}

/// `<root>/Tournament/<active day>`.
fn day_folder(harness: &Harness) -> PathBuf {
    let day = harness
        .store
        .reader()
        .unwrap()
        .active_day()
        .unwrap()
        .expect("active day");
    harness.record_root.join(day.tournament).join(day.day)
}

fn started(event: RecorderEvent) -> (Option<i64>, i64, PathBuf) {
    match event {
        RecorderEvent::Started {
            match_id,
            recording_id,
            path,
        } => (match_id, recording_id, path.expect("OBS gave the path")),
        other => panic!("expected Started, got {other:?}"),
    }
}

#[tokio::test]
async fn a_ready_match_is_recorded_under_its_name_and_stops_after_the_delay() {
    let fake = FakeObs::start().await;
    let harness = Harness::start(Duration::from_millis(600)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", fake.port, Role::Rec, None))
        .await
        .unwrap();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();

    send_opening(&harness, "42", ("K. KIM", "KOR"), ("J. LEE", "USA")).await;
    let (match_id, recording_id, path) = started(recorder_event(&mut events, WAIT).await.unwrap());
    let folder = day_folder(&harness);
    assert_eq!(path, folder.join("42_K. KIM_KOR_vs_J. LEE_USA.mkv"));
    assert!(
        folder.is_dir(),
        "the recorder makes the folder when OBS is local"
    );
    let state = fake.state();
    assert!(state.recording && state.replay_buffer, "{state:?}");
    assert_eq!(state.record_directory, folder.to_string_lossy());
    let order: Vec<&str> = state
        .requests
        .iter()
        .map(String::as_str)
        .filter(|request| {
            [
                "SetRecordDirectory",
                "SetProfileParameter",
                "StartReplayBuffer",
                "StartRecord",
            ]
            .contains(request)
        })
        .collect();
    assert_eq!(
        order,
        [
            "SetRecordDirectory",
            "SetProfileParameter",
            "StartReplayBuffer",
            "StartRecord"
        ],
        "folder and name are set before the replay buffer and the recording start"
    );

    harness.send(&["win;BLUE;"]).await;
    let won = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(fake.state().recording, "still recording inside the delay");
    let stopped = recorder_event(&mut events, WAIT).await.unwrap();
    let after = won.elapsed();
    assert!(
        after >= Duration::from_millis(600),
        "stopped after {after:?}"
    );
    assert!(
        after < Duration::from_millis(1_500),
        "stopped after {after:?}"
    );
    assert_eq!(
        stopped,
        RecorderEvent::Stopped {
            match_id,
            recording_id,
            path: Some(path.clone()),
            reason: "match over".into()
        }
    );
    assert!(!fake.state().recording);

    let rows = harness
        .store
        .reader()
        .unwrap()
        .recordings(match_id)
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row.path.as_deref(), Some(path.to_string_lossy().as_ref()));
    assert_eq!(row.file_name, "42_K. KIM_KOR_vs_J. LEE_USA");
    assert_eq!(row.end_reason.as_deref(), Some("match over"));
    assert_eq!(row.duration_ms, Some(40), "OBS's own duration at the stop");
    assert_eq!(row.timecode.as_deref(), Some("00:00:00.040"));
    assert!(row.origin_at_us <= row.started_at_us);
    assert!(row.stopped_at_us.unwrap() > row.started_at_us);
    harness.stop().await;
}

#[tokio::test]
async fn the_next_match_cancels_the_delay_stops_at_once_and_records_the_next_with_a_safe_name() {
    let fake = FakeObs::start().await;
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", fake.port, Role::Both, None))
        .await
        .unwrap();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    send_opening(&harness, "1", ("A", "KOR"), ("B", "USA")).await;
    let (first_match, first_id, _) = started(recorder_event(&mut events, WAIT).await.unwrap());
    harness.send(&["win;RED;"]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(fake.state().recording, "the 30 s delay runs");

    let loaded = Instant::now();
    send_opening(&harness, "2/100%", ("C:D", "ESP"), ("E*F?", "<FRA>")).await;
    let stopped = recorder_event(&mut events, WAIT).await.unwrap();
    assert!(
        loaded.elapsed() < Duration::from_secs(2),
        "{:?}",
        loaded.elapsed()
    );
    assert!(
        matches!(&stopped, RecorderEvent::Stopped { recording_id, reason, .. }
            if *recording_id == first_id && reason == "next match"),
        "{stopped:?}"
    );
    let (second_match, second_id, path) = started(recorder_event(&mut events, WAIT).await.unwrap());
    assert_ne!(second_match, first_match);
    assert_ne!(second_id, first_id);
    let expected_name = "2-100%_C-D_ESP_vs_E-F-_-FRA-";
    assert_eq!(
        fake.state().filename_format,
        "2-100%%_C-D_ESP_vs_E-F-_-FRA-",
        "% escaped for OBS's FilenameFormatting"
    );
    assert_eq!(
        path.file_name().unwrap(),
        Path::new(&format!("{expected_name}.mkv"))
    );
    let reader = harness.store.reader().unwrap();
    assert_eq!(reader.recordings(first_match).unwrap().len(), 1);
    assert_eq!(reader.recordings(second_match).unwrap().len(), 1);
    harness.stop().await;
}

#[tokio::test]
async fn obs_down_when_the_match_is_ready_records_as_soon_as_it_is_back() {
    let port = free_port();
    let fake = FakeObs::stopped(port);
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", port, Role::Rec, None))
        .await
        .unwrap();

    send_opening(&harness, "7", ("A", "KOR"), ("B", "USA")).await;
    let waiting = recorder_event(&mut events, WAIT).await.unwrap();
    assert!(
        matches!(&waiting, RecorderEvent::Waiting { reason, .. } if reason.contains("closed")),
        "{waiting:?}"
    );
    fake.bring_up().await;
    let back = Instant::now();
    let (_, _, path) = started(recorder_event(&mut events, WAIT).await.unwrap());
    assert!(
        back.elapsed() < Duration::from_secs(3),
        "{:?}",
        back.elapsed()
    );
    assert_eq!(path.file_name().unwrap(), "7_A_KOR_vs_B_USA.mkv");
    assert!(fake.state().recording);
    harness.stop().await;
}

#[tokio::test]
async fn a_lost_connection_closes_the_row_and_a_second_file_follows_for_the_same_match() {
    let fake = FakeObs::start().await;
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", fake.port, Role::Rec, None))
        .await
        .unwrap();
    send_opening(&harness, "9", ("A", "KOR"), ("B", "USA")).await;
    let (match_id, first_id, first_path) =
        started(recorder_event(&mut events, WAIT).await.unwrap());

    fake.take_down();
    let lost = recorder_event(&mut events, WAIT).await.unwrap();
    assert!(
        matches!(&lost, RecorderEvent::Stopped { recording_id, reason, .. }
            if *recording_id == first_id && reason == "obs connection lost"),
        "{lost:?}"
    );
    fake.bring_up().await;
    let (again_match, second_id, second_path) =
        started(recorder_event(&mut events, WAIT).await.unwrap());
    assert_eq!(again_match, match_id);
    assert_ne!(second_id, first_id);
    assert_eq!(first_path.file_name().unwrap(), "9_A_KOR_vs_B_USA.mkv");
    assert_eq!(
        second_path.file_name().unwrap(),
        "9_A_KOR_vs_B_USA_part2.mkv"
    );
    let rows = harness
        .store
        .reader()
        .unwrap()
        .recordings(match_id)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].end_reason.as_deref(), Some("obs connection lost"));
    assert_eq!(rows[1].stopped_at_us, None);
    harness.stop().await;
}

#[tokio::test]
async fn without_any_rec_connection_nothing_is_recorded_and_nothing_waits() {
    let harness = Harness::start(Duration::from_millis(100)).await;
    let mut events = harness.bus.subscribe();
    send_opening(&harness, "5", ("A", "KOR"), ("B", "USA")).await;
    harness.send(&["win;BLUE;"]).await;
    let none = recorder_event(&mut events, Duration::from_millis(500)).await;
    assert!(none.is_err(), "{none:?}");
    assert!(harness
        .store
        .reader()
        .unwrap()
        .recordings(None)
        .unwrap()
        .is_empty());
    harness.stop().await;
}

#[tokio::test]
async fn the_operator_starts_and_stops_a_recording_named_from_the_live_match() {
    let fake = FakeObs::start().await;
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    // A loaded match, not yet ready: nothing records by itself.
    let opening = match_opening("77", ("A. ALI", "EGY"), ("B. BOS", "NED"));
    let texts: Vec<&str> = opening[..3].iter().map(String::as_str).collect();
    harness.send(&texts).await;
    let live = || {
        let live = harness.ingest.live().borrow().clone();
        (live.match_id, live.state.as_ref().clone())
    };
    tokio::time::timeout(WAIT, async {
        while live().1.config.is_none() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the match config arrives");
    harness.store.handle().flush().await.unwrap();
    let (match_id, state) = live();
    let refused = harness
        .recorder
        .start(match_id, state.clone())
        .await
        .unwrap_err();
    assert!(matches!(refused, RecorderError::NoConnection), "{refused}");
    assert!(matches!(
        harness.recorder.stop().await.unwrap_err(),
        RecorderError::NotRecording
    ));

    harness
        .obs
        .add(spec("REC", fake.port, Role::Rec, None))
        .await
        .unwrap();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let id = harness
        .recorder
        .start(match_id, state.clone())
        .await
        .unwrap();
    let (started_match, recording_id, path) =
        started(recorder_event(&mut events, WAIT).await.unwrap());
    assert_eq!((started_match, recording_id), (match_id, id));
    assert_eq!(
        path,
        day_folder(&harness).join("77_A. ALI_EGY_vs_B. BOS_NED.mkv")
    );
    assert!(fake.state().recording);
    let again = harness.recorder.start(match_id, state).await.unwrap_err();
    assert!(matches!(again, RecorderError::AlreadyRecording(running) if running == id));

    assert_eq!(harness.recorder.stop().await.unwrap(), id);
    assert!(!fake.state().recording);
    harness.store.handle().flush().await.unwrap();
    let row = harness
        .store
        .reader()
        .unwrap()
        .recording(id)
        .unwrap()
        .unwrap();
    assert_eq!(row.end_reason.as_deref(), Some("operator"));
    assert_eq!(row.match_id, match_id);
    harness.stop().await;
}
