//! The v4 client, protocol auto-detection, and a supervised v4 connection against the fake
//! obs-websocket 4.9.1 server.

use std::time::Duration;

use obs::{
    connect, ConnectOptions, ConnectionStatus, Error, Event, ObsControl, OutputState, Protocol,
    Session,
};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::common::{spawn_connection, wait_for_status};
use crate::{fake_v4, fake_v5};

fn options(port: u16) -> ConnectOptions {
    ConnectOptions::new("127.0.0.1", port).request_timeout(Duration::from_millis(500))
}

async fn next_event<T>(
    events: &mut broadcast::Receiver<Event>,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let event = events.recv().await.expect("event channel open");
            if let Some(value) = pick(&event) {
                return value;
            }
        }
    })
    .await
    .expect("event within 5 s")
}

async fn v4_session(port: u16) -> obs::v4::Client {
    match connect(options(port).password("pw4")).await.unwrap() {
        Session::V4(client) => client,
        Session::V5(_) => panic!("a silent server must be taken for v4"),
    }
}

#[tokio::test]
async fn auto_picks_v4_for_a_silent_server_and_authenticates() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let client = v4_session(server.port).await;
    assert_eq!(client.version(), Some("4.9.1"));
}

#[tokio::test]
async fn auto_picks_v5_for_a_server_that_says_hello() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let session = connect(options(server.port)).await.unwrap();
    assert_eq!(session.protocol(), Protocol::V5);
}

#[tokio::test]
async fn forced_v4_skips_the_hello_wait() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(None, folder.path()).await;
    let mut options = options(server.port);
    options.protocol = Protocol::V4;
    let began = std::time::Instant::now();
    let session = connect(options).await.unwrap();
    assert_eq!(session.protocol(), Protocol::V4);
    assert!(
        began.elapsed() < Duration::from_millis(500),
        "{:?}",
        began.elapsed()
    );
}

#[tokio::test]
async fn wrong_or_missing_password_is_auth_failed() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let wrong = connect(options(server.port).password("nope"))
        .await
        .unwrap_err();
    assert!(matches!(wrong, Error::AuthFailed), "{wrong:?}");
    let missing = connect(options(server.port)).await.unwrap_err();
    assert!(matches!(missing, Error::AuthFailed), "{missing:?}");
}

#[tokio::test]
async fn recording_path_from_event_equals_stop_record_path() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let client = v4_session(server.port).await;
    let match_folder = folder.path().join("WT Open").join("day-1");
    std::fs::create_dir_all(&match_folder).unwrap();
    client.set_record_directory(&match_folder).await.unwrap();
    client
        .set_filename_format("0042_KIM_KOR_vs_LEE_USA")
        .await
        .unwrap();
    let mut events = client.events();
    client.start_record().await.unwrap();
    let started = next_event(&mut events, |event| match event {
        Event::RecordStateChanged {
            output_state: OutputState::Started,
            output_path: Some(path),
            output_active: true,
        } => Some(path.clone()),
        _ => None,
    })
    .await;
    assert_eq!(started, match_folder.join("0042_KIM_KOR_vs_LEE_USA.mkv"));
    assert!(client.record_status().await.unwrap().output_active);
    let stopped = client.stop_record().await.unwrap();
    assert_eq!(stopped, Some(started.clone()));
    assert!(std::fs::metadata(&started).unwrap().len() > 0);
    assert!(!client.record_status().await.unwrap().output_active);
}

#[tokio::test]
async fn saved_replay_is_found_in_the_record_folder() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("older.mkv"), b"older clip").unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let client = v4_session(server.port).await;
    let mut events = client.events();
    let before = client.last_replay().await.unwrap_err();
    assert!(
        matches!(before, Error::RequestUnsupported { .. }),
        "{before:?}"
    );
    client.start_replay_buffer().await.unwrap();
    next_event(&mut events, |event| match event {
        Event::ReplayBufferStateChanged {
            output_active: true,
            output_state: OutputState::Started,
        } => Some(()),
        _ => None,
    })
    .await;
    assert!(client.replay_buffer_active().await.unwrap());
    client.save_replay_buffer().await.unwrap();
    let saved = next_event(&mut events, |event| match event {
        Event::ReplayBufferSaved { saved_replay_path } => Some(saved_replay_path.clone()),
        _ => None,
    })
    .await;
    assert_eq!(saved, folder.path().join("Replay 1.mkv"));
    // The watcher waited for the file to stop growing: all four chunks are there.
    assert_eq!(std::fs::metadata(&saved).unwrap().len(), 4 * 4096);
    assert_eq!(client.last_replay().await.unwrap(), saved);
    client.stop_replay_buffer().await.unwrap();
    assert!(!client.replay_buffer_active().await.unwrap());
}

#[tokio::test]
async fn scene_switch_stream_and_unknown_requests() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let client = v4_session(server.port).await;
    let mut events = client.events();
    assert_eq!(client.program_scene().await.unwrap(), "LIVE_SCENE");
    client.set_program_scene("IVR_SCENE").await.unwrap();
    let scene = next_event(&mut events, |event| match event {
        Event::CurrentProgramSceneChanged { scene_name } => Some(scene_name.clone()),
        _ => None,
    })
    .await;
    assert_eq!(scene, "IVR_SCENE");
    assert_eq!(client.program_scene().await.unwrap(), "IVR_SCENE");

    client.start_stream().await.unwrap();
    let status = client.stream_status().await.unwrap();
    assert!(status.output_active);
    assert_eq!(status.output_timecode.as_deref(), Some("00:00:01.000"));
    client.stop_stream().await.unwrap();
    assert!(!client.stream_status().await.unwrap().output_active);

    let unknown = client
        .call("NoSuchRequest", serde_json::Value::Null)
        .await
        .unwrap_err();
    assert!(
        matches!(unknown, Error::RequestUnsupported { .. }),
        "{unknown:?}"
    );
    let failed = client.stop_record().await.unwrap_err();
    assert!(
        matches!(&failed, Error::Api { code: 0, message, .. } if message == "recording not active"),
        "{failed:?}"
    );
}

#[tokio::test]
async fn supervised_v4_connection_reads_state_and_reconnects() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let mut config = obs::ConnectionConfig::new("STR", "127.0.0.1", server.port).password("pw4");
    config.heartbeat_interval = Duration::from_millis(100);
    config.heartbeat_timeout = Duration::from_millis(200);
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config, &cancel);
    wait_for_status(&connection, Duration::from_secs(3), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    assert_eq!(connection.session().unwrap().protocol(), Protocol::V4);
    let state = connection.state().borrow().clone();
    assert_eq!(state.program_scene.as_deref(), Some("LIVE_SCENE"));
    assert_eq!(state.recording, Some(false));
    assert_eq!(state.replay_buffer_active, Some(false));

    let mut status = connection.status();
    server.close_all();
    status
        .wait_for(|status| *status != ConnectionStatus::Connected)
        .await
        .unwrap();
    wait_for_status(&connection, Duration::from_secs(3), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    assert_eq!(server.connections(), 2);
    connection.set_program_scene("IVR_SCENE").await.unwrap();
    let mut state = connection.state();
    tokio::time::timeout(
        Duration::from_secs(2),
        state.wait_for(|state| state.program_scene.as_deref() == Some("IVR_SCENE")),
    )
    .await
    .unwrap()
    .unwrap();
    cancel.cancel();
}

#[tokio::test]
async fn a_probe_reports_versions_and_a_round_trip_and_scenes_are_listed() {
    let folder = tempfile::tempdir().unwrap();
    let server = fake_v4::start(Some("pw4"), folder.path()).await;
    let probe = obs::probe(options(server.port).password("pw4"))
        .await
        .unwrap();
    assert_eq!(probe.protocol, Protocol::V4);
    assert_eq!(probe.obs_version.as_deref(), Some("27.2.4"));
    assert_eq!(probe.websocket_version.as_deref(), Some("4.9.1"));
    assert!(probe.rtt < Duration::from_millis(500), "{probe:?}");

    let session = connect(options(server.port).password("pw4")).await.unwrap();
    let scenes = session.scene_list().await.unwrap();
    assert_eq!(
        scenes.current_program_scene_name.as_deref(),
        Some("LIVE_SCENE")
    );
    let names: Vec<&str> = scenes
        .scenes
        .iter()
        .map(|s| s.scene_name.as_str())
        .collect();
    assert_eq!(names, ["LIVE_SCENE", "IVR_SCENE"]);

    let v5 = fake_v5::start(None, fake_v5::defaults()).await;
    let probe = obs::probe(options(v5.port)).await.unwrap();
    assert_eq!(probe.protocol, Protocol::V5);
    assert_eq!(probe.obs_version.as_deref(), Some("29.0.2"));
    assert_eq!(probe.websocket_version.as_deref(), Some("5.1.0"));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = obs::probe(options(port)).await.unwrap_err();
    assert!(matches!(refused, Error::Connect { .. }), "{refused}");
}
