//! Against a real OBS 29 (obs-websocket 5.1) under Xvfb: authentication, version, recording and
//! replay paths, scenes, file name format, the fallback for the record folder, and OBS killed and
//! restarted under a supervised connection. Also prints the round-trip and reconnect figures.
//!
//! One OBS serves the whole binary (see `common::real_obs`); the tests take turns.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use obs::{Client, ConnectionStatus, Error, Event, ObsControl, OutputState};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::common::{real_obs, spawn_connection, wait_for_status, HeadlessObs, ObsTarget};

/// Waits for the first event that `pick` maps to a value.
async fn wait_event<T>(
    events: &mut broadcast::Receiver<Event>,
    timeout: Duration,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = tokio::time::timeout(left, events.recv())
            .await
            .expect("event within the timeout")
            .expect("event channel open");
        if let Some(value) = pick(&event) {
            return value;
        }
    }
}

async fn connect(obs: &HeadlessObs) -> Client {
    Client::connect(obs.connect_options())
        .await
        .expect("connect to OBS")
}

/// Records for `seconds` and returns (path from RecordStateChanged STARTED, path from StopRecord).
async fn record_for(client: &Client, seconds: u64) -> (PathBuf, PathBuf) {
    let mut events = client.events();
    client.record().start().await.unwrap();
    let started = wait_event(&mut events, Duration::from_secs(10), |event| match event {
        Event::RecordStateChanged {
            output_state: OutputState::Started,
            output_path: Some(path),
            ..
        } => Some(path.clone()),
        _ => None,
    })
    .await;
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let stopped = client
        .record()
        .stop()
        .await
        .unwrap()
        .expect("StopRecord gives outputPath");
    wait_event(&mut events, Duration::from_secs(10), |event| match event {
        Event::RecordStateChanged {
            output_state: OutputState::Stopped,
            ..
        } => Some(()),
        _ => None,
    })
    .await;
    (started, stopped)
}

#[tokio::test]
async fn version_stats_and_simple_requests() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = connect(obs).await;
    let version = client.general().version().await.unwrap();
    assert!(
        version
            .obs_web_socket_version
            .as_deref()
            .unwrap()
            .starts_with('5'),
        "{version:?}"
    );
    assert_eq!(version.rpc_version, Some(1));
    assert!(version
        .available_requests
        .iter()
        .any(|name| name == "SaveReplayBuffer"));
    assert_eq!(
        client.supports("SetRecordDirectory"),
        version
            .available_requests
            .iter()
            .any(|name| name == "SetRecordDirectory")
    );
    let stats = client.general().stats().await.unwrap();
    assert!(stats.active_fps.unwrap() > 0.0, "{stats:?}");

    let scenes = client.scenes().list().await.unwrap();
    let names: Vec<&str> = scenes
        .scenes
        .iter()
        .map(|scene| scene.scene_name.as_str())
        .collect();
    assert!(
        names.contains(&"LIVE_SCENE") && names.contains(&"IVR_SCENE"),
        "{names:?}"
    );
    assert_eq!(client.record().directory().await.unwrap(), obs.record_dir());
    assert!(!client.stream().status().await.unwrap().output_active);

    let item_id = client
        .scenes()
        .item_id("LIVE_SCENE", "TEST_VIDEO")
        .await
        .unwrap();
    client
        .scenes()
        .set_item_enabled("LIVE_SCENE", item_id, false)
        .await
        .unwrap();
    client
        .scenes()
        .set_item_enabled("LIVE_SCENE", item_id, true)
        .await
        .unwrap();
    let missing = client
        .scenes()
        .item_id("LIVE_SCENE", "NO_SUCH_SOURCE")
        .await
        .unwrap_err();
    assert!(
        matches!(missing, Error::Api { code: 600, .. }),
        "{missing:?}"
    );

    client.inputs().set_mute("TEST_VIDEO", true).await.unwrap();
    assert!(client.inputs().mute("TEST_VIDEO").await.unwrap());
    client.inputs().set_mute("TEST_VIDEO", false).await.unwrap();
    assert!(!client.inputs().mute("TEST_VIDEO").await.unwrap());

    client.ui().set_studio_mode_enabled(true).await.unwrap();
    assert!(client.ui().studio_mode_enabled().await.unwrap());
    client.ui().set_studio_mode_enabled(false).await.unwrap();
    assert!(!client.ui().studio_mode_enabled().await.unwrap());

    let unknown = client.call("NoSuchRequest", None).await.unwrap_err();
    assert!(
        matches!(unknown, Error::RequestUnsupported { .. }),
        "{unknown:?}"
    );

    // Round trip, for BENCHMARKS.md.
    let mut round_trips = Vec::new();
    for _ in 0..200 {
        let began = Instant::now();
        client.general().version().await.unwrap();
        round_trips.push(began.elapsed());
    }
    round_trips.sort();
    eprintln!(
        "GetVersion round trip over 200: p50 {:?}, p99 {:?}, max {:?}",
        round_trips[100], round_trips[197], round_trips[199]
    );
}

#[tokio::test]
async fn wrong_password_fails_fast_and_does_not_retry() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let began = Instant::now();
    let options = obs.connect_options().password("not-the-password");
    let error = Client::connect(options).await.unwrap_err();
    assert!(matches!(error, Error::AuthFailed), "{error:?}");
    assert!(
        began.elapsed() < Duration::from_secs(2),
        "{:?}",
        began.elapsed()
    );

    let cancel = CancellationToken::new();
    let connection = spawn_connection(obs.connection_config("REC").password("nope"), &cancel);
    let status = wait_for_status(&connection, Duration::from_secs(3), |status| {
        matches!(status, ConnectionStatus::Error { .. })
    })
    .await
    .unwrap();
    assert!(
        matches!(&status, ConnectionStatus::Error { reason } if reason.contains("authentication")),
        "{status:?}"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(connection.connect_attempts(), 1);
    cancel.cancel();
}

#[tokio::test]
async fn recording_path_from_event_equals_stop_record_path() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = connect(obs).await;
    let (started, stopped) = record_for(&client, 2).await;
    assert_eq!(started, stopped);
    assert!(
        stopped.starts_with(obs.record_dir()),
        "{}",
        stopped.display()
    );
    let size = std::fs::metadata(&stopped).unwrap().len();
    assert!(size > 100_000, "{} has {size} bytes", stopped.display());
}

#[tokio::test]
async fn saved_replay_path_matches_last_replay() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = connect(obs).await;
    let mut events = client.events();
    if !client.replay_buffer().status().await.unwrap() {
        client.replay_buffer().start().await.unwrap();
        // StartReplayBuffer answers before the output runs; the event says when it does.
        wait_event(&mut events, Duration::from_secs(10), |event| match event {
            Event::ReplayBufferStateChanged {
                output_active: true,
                ..
            } => Some(()),
            _ => None,
        })
        .await;
    }
    assert!(client.replay_buffer().status().await.unwrap());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let asked = Instant::now();
    client.replay_buffer().save().await.unwrap();
    let saved = wait_event(&mut events, Duration::from_secs(10), |event| match event {
        Event::ReplayBufferSaved { saved_replay_path } => Some(saved_replay_path.clone()),
        _ => None,
    })
    .await;
    eprintln!(
        "SaveReplayBuffer to ReplayBufferSaved: {:?}",
        asked.elapsed()
    );
    assert!(
        std::fs::metadata(&saved).unwrap().len() > 0,
        "{}",
        saved.display()
    );
    assert_eq!(client.replay_buffer().last_replay().await.unwrap(), saved);
    client.replay_buffer().stop().await.unwrap();
    wait_event(&mut events, Duration::from_secs(10), |event| match event {
        Event::ReplayBufferStateChanged {
            output_active: false,
            output_state: OutputState::Stopped,
        } => Some(()),
        _ => None,
    })
    .await;
    assert!(!client.replay_buffer().status().await.unwrap());
}

#[tokio::test]
async fn program_scene_switch_and_back() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = connect(obs).await;
    let mut events = client.events();
    client
        .scenes()
        .set_current_program("IVR_SCENE")
        .await
        .unwrap();
    let scene = wait_event(&mut events, Duration::from_secs(5), |event| match event {
        Event::CurrentProgramSceneChanged { scene_name } => Some(scene_name.clone()),
        _ => None,
    })
    .await;
    assert_eq!(scene, "IVR_SCENE");
    assert_eq!(
        client.scenes().current_program().await.unwrap(),
        "IVR_SCENE"
    );
    client.set_program_scene("LIVE_SCENE").await.unwrap();
    let scene = wait_event(&mut events, Duration::from_secs(5), |event| match event {
        Event::CurrentProgramSceneChanged { scene_name } => Some(scene_name.clone()),
        _ => None,
    })
    .await;
    assert_eq!(scene, "LIVE_SCENE");
    let missing = client
        .scenes()
        .set_current_program("NO_SUCH_SCENE")
        .await
        .unwrap_err();
    assert!(
        matches!(missing, Error::Api { code: 600, .. }),
        "{missing:?}"
    );
}

#[tokio::test]
async fn filename_format_and_record_folder_shape_the_next_recording() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let client = connect(obs).await;
    let folder = obs.record_dir().join("WT Open 2026").join("day-1");
    std::fs::create_dir_all(&folder).unwrap();
    let format = "0042_KIM_KOR_vs_LEE_USA";
    client.set_record_directory(&folder).await.unwrap();
    client.set_filename_format(format).await.unwrap();
    let parameter = client
        .profile()
        .parameter("Output", "FilenameFormatting")
        .await
        .unwrap();
    assert_eq!(parameter.parameter_value.as_deref(), Some(format));

    let (started, stopped) = record_for(&client, 1).await;
    assert_eq!(started, stopped);
    assert_eq!(stopped, folder.join(format!("{format}.mkv")));
    assert!(std::fs::metadata(&stopped).unwrap().len() > 0);

    client.set_record_directory(obs.record_dir()).await.unwrap();
    client
        .set_filename_format("%CCYY-%MM-%DD %hh-%mm-%ss")
        .await
        .unwrap();
}

#[tokio::test]
async fn killed_obs_shows_disconnected_and_reconnects_after_restart() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let cancel = CancellationToken::new();
    let connection = spawn_connection(obs.connection_config("REC"), &cancel);
    wait_for_status(&connection, Duration::from_secs(5), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let mut state = connection.state();
    state
        .wait_for(|state| state.program_scene.is_some())
        .await
        .unwrap();

    // Three cycles, so the figures show the spread that the backoff phase causes.
    for cycle in 1..=3 {
        obs.signal("KILL").unwrap();
        let killed = Instant::now();
        wait_for_status(&connection, Duration::from_secs(3), |status| {
            *status != ConnectionStatus::Connected
        })
        .await
        .unwrap();
        let noticed = killed.elapsed();
        assert!(matches!(
            connection.start_record().await,
            Err(Error::Disconnected)
        ));

        // xvfb-run notices OBS is gone and takes Xvfb down; give it a moment before the restart.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let start_took = obs.launch().unwrap();
        let listening = Instant::now();
        wait_for_status(&connection, Duration::from_secs(2), |status| {
            *status == ConnectionStatus::Connected
        })
        .await
        .unwrap();
        eprintln!(
            "cycle {cycle}: SIGKILL noticed after {noticed:?}; OBS restart took {start_took:?}; \
             connected {:?} after the port listened",
            listening.elapsed()
        );
        state
            .wait_for(|state| state.program_scene.as_deref() == Some("LIVE_SCENE"))
            .await
            .unwrap();
    }
    assert_eq!(connection.program_scene().await.unwrap(), "LIVE_SCENE");
    cancel.cancel();
}

#[tokio::test]
async fn a_frozen_obs_is_found_by_the_heartbeat() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let cancel = CancellationToken::new();
    let connection = spawn_connection(obs.connection_config("REC"), &cancel);
    wait_for_status(&connection, Duration::from_secs(5), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    // SIGSTOP keeps the socket open but nothing answers: only the heartbeat can notice.
    obs.signal("STOP").unwrap();
    let frozen = Instant::now();
    let noticed = wait_for_status(&connection, Duration::from_secs(3), |status| {
        *status != ConnectionStatus::Connected
    })
    .await;
    let noticed_after = frozen.elapsed();
    obs.signal("CONT").unwrap();
    noticed.unwrap();
    eprintln!("SIGSTOP to status not connected: {noticed_after:?}");
    wait_for_status(&connection, Duration::from_secs(10), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    cancel.cancel();
}

#[tokio::test]
async fn a_probe_reads_the_versions_and_the_session_lists_the_scenes() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let probe = obs::probe(obs.connect_options()).await.unwrap();
    assert_eq!(probe.protocol, obs::Protocol::V5);
    assert!(
        probe
            .obs_version
            .as_deref()
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit())),
        "{probe:?}"
    );
    assert!(
        probe
            .websocket_version
            .as_deref()
            .is_some_and(|version| version.starts_with('5')),
        "{probe:?}"
    );
    assert!(probe.rtt < Duration::from_secs(1), "{probe:?}");
    eprintln!("probe round trip: {:?}", probe.rtt);

    let session = obs::connect(obs.connect_options()).await.unwrap();
    let list = session.scene_list().await.unwrap();
    let names: Vec<&str> = list.scenes.iter().map(|s| s.scene_name.as_str()).collect();
    assert!(
        names.contains(&"LIVE_SCENE") && names.contains(&"IVR_SCENE"),
        "{names:?}"
    );
    assert_eq!(
        list.current_program_scene_name,
        Some(session.program_scene().await.unwrap())
    );
    session.disconnect().await;
}
