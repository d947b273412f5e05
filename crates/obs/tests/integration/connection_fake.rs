//! The connection supervisor against the fake server: state re-read, reconnect, no retry storm
//! on 4009 / 4011, heartbeat against a half-open peer, backoff cap, shutdown.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use obs::{Backoff, Connection, ConnectionConfig, ConnectionStatus, Error, Event, ObsControl};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::common::{spawn_connection, wait_for_status};
use crate::fake_v5::{self, default_reply, Reply};

fn config(port: u16) -> ConnectionConfig {
    let mut config = ConnectionConfig::new("REC", "127.0.0.1", port);
    config.request_timeout = Duration::from_millis(500);
    config.heartbeat_interval = Duration::from_millis(100);
    config.heartbeat_timeout = Duration::from_millis(200);
    config.backoff = Backoff {
        initial: Duration::from_millis(20),
        max: Duration::from_millis(100),
    };
    config
}

#[tokio::test]
async fn connects_and_reads_the_obs_state() {
    let server = fake_v5::start(Some("pw"), fake_v5::defaults()).await;
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config(server.port).password("pw"), &cancel);
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let state = connection.state().borrow().clone();
    assert_eq!(state.program_scene.as_deref(), Some("LIVE_SCENE"));
    assert_eq!(state.replay_buffer_active, Some(true));
    assert_eq!(state.recording, Some(false));
    assert_eq!(state.streaming, Some(false));
    assert_eq!(connection.program_scene().await.unwrap(), "LIVE_SCENE");
    // The heartbeat (every 100 ms here) measures the round trip.
    tokio::time::timeout(Duration::from_secs(2), async {
        while connection.rtt().is_none() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("a heartbeat round trip within 2 s");
    assert!(connection.rtt().unwrap() < Duration::from_millis(200));
    cancel.cancel();
}

#[tokio::test]
async fn wrong_password_stops_with_an_error_and_no_retries() {
    let server = fake_v5::start(Some("pw"), fake_v5::defaults()).await;
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config(server.port).password("wrong"), &cancel);
    let status = wait_for_status(&connection, Duration::from_secs(2), |status| {
        matches!(status, ConnectionStatus::Error { .. })
    })
    .await
    .unwrap();
    assert!(
        matches!(&status, ConnectionStatus::Error { reason } if reason.contains("authentication failed")),
        "{status:?}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(connection.connect_attempts(), 1);
    assert_eq!(server.connections(), 1);
    cancel.cancel();
}

#[tokio::test]
async fn kicked_session_stops_with_an_error_and_no_retries() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config(server.port), &cancel);
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    server.close_all(4011);
    let status = wait_for_status(&connection, Duration::from_secs(2), |status| {
        matches!(status, ConnectionStatus::Error { .. })
    })
    .await
    .unwrap();
    assert!(
        matches!(&status, ConnectionStatus::Error { reason } if reason.contains("kicked")),
        "{status:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.connections(), 1);
    cancel.cancel();
}

#[tokio::test]
async fn a_closed_session_is_reconnected_and_events_keep_flowing() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config(server.port), &cancel);
    let mut events = connection.events();
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let mut status = connection.status();
    server.close_all(1000);
    status
        .wait_for(|status| *status != ConnectionStatus::Connected)
        .await
        .unwrap();
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    assert_eq!(server.connections(), 2);
    server.emit(
        "CurrentProgramSceneChanged",
        json!({"sceneName": "IVR_SCENE"}),
    );
    let event = tokio::time::timeout(Duration::from_secs(2), events.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        event,
        Event::CurrentProgramSceneChanged {
            scene_name: "IVR_SCENE".into()
        }
    );
    let mut state = connection.state();
    state
        .wait_for(|state| state.program_scene.as_deref() == Some("IVR_SCENE"))
        .await
        .unwrap();
    cancel.cancel();
}

#[tokio::test]
async fn heartbeat_finds_a_half_open_session() {
    let silent = Arc::new(AtomicBool::new(false));
    let flag = silent.clone();
    let handler: fake_v5::Handler = Arc::new(move |request_type, _| {
        if flag.load(Ordering::SeqCst) {
            return Reply::Silent;
        }
        default_reply(request_type)
    });
    let server = fake_v5::start(None, handler).await;
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config(server.port), &cancel);
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let mut status = connection.status();
    silent.store(true, Ordering::SeqCst);
    let began = Instant::now();
    tokio::time::timeout(
        Duration::from_secs(1),
        status.wait_for(|status| *status != ConnectionStatus::Connected),
    )
    .await
    .expect("heartbeat noticed the silent peer")
    .unwrap();
    // interval 100 ms + timeout 200 ms, plus scheduling.
    assert!(
        began.elapsed() < Duration::from_millis(600),
        "{:?}",
        began.elapsed()
    );
    cancel.cancel();
}

#[tokio::test]
async fn reconnect_backoff_is_capped() {
    // Nothing listens: every attempt fails at once. With 10 ms doubling to a 40 ms cap, 600 ms
    // hold about 10 + 20 + 40 + 40 * 13 attempts; without the cap only 6 would fit.
    let port = crate::common::free_port();
    let mut config = config(port);
    config.backoff = Backoff {
        initial: Duration::from_millis(10),
        max: Duration::from_millis(40),
    };
    let cancel = CancellationToken::new();
    let connection = spawn_connection(config, &cancel);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let attempts = connection.connect_attempts();
    assert!((9..=30).contains(&attempts), "{attempts} attempts");
    assert_eq!(
        *connection.status().borrow(),
        ConnectionStatus::Disconnected
    );
    cancel.cancel();
}

#[tokio::test]
async fn cancel_closes_the_session_and_calls_fail_as_disconnected() {
    let server = fake_v5::start(None, fake_v5::defaults()).await;
    let cancel = CancellationToken::new();
    let connection = Connection::new(config(server.port));
    let task = tokio::spawn({
        let connection = connection.clone();
        let cancel = cancel.clone();
        async move { connection.run(cancel).await }
    });
    wait_for_status(&connection, Duration::from_secs(2), |status| {
        *status == ConnectionStatus::Connected
    })
    .await
    .unwrap();
    let session = connection.session().expect("session while connected");
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(2), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        *connection.status().borrow(),
        ConnectionStatus::Disconnected
    );
    assert!(session.is_closed());
    let error = connection.start_record().await.unwrap_err();
    assert!(matches!(error, Error::Disconnected), "{error:?}");
}
