//! The OBS manager against the fake OBS: connections added, changed, disconnected and removed
//! at runtime, kept in the store (sealed passwords) and reloaded at start, status on the bus,
//! the REC / STR lookups, and stream sessions.

use std::time::Duration;

use app::bus::AppEvent;
use app::obs_manager::ManagerError;
use obs::{ConnectionStatus, Protocol, Role};

use crate::common::{free_port, obs_status, spec, wait_bus, Harness};
use crate::fake_obs::FakeObs;

const WAIT: Duration = Duration::from_secs(5);

fn connected(status: &ConnectionStatus) -> bool {
    *status == ConnectionStatus::Connected
}

#[tokio::test]
async fn connections_change_at_runtime_and_come_back_from_the_store() {
    let rec = FakeObs::start().await;
    let stream = FakeObs::start().await;
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    let obs = harness.obs.clone();

    obs.add(spec("REC", rec.port, Role::Rec, Some("s3cret")))
        .await
        .unwrap();
    obs.add(spec("STR", stream.port, Role::Str, None))
        .await
        .unwrap();
    let status = obs_status(&mut events, "REC", WAIT, connected)
        .await
        .unwrap();
    assert_eq!(status, ConnectionStatus::Connected);
    obs_status(&mut events, "STR", WAIT, connected)
        .await
        .unwrap();
    let duplicate = obs.add(spec("REC", 1, Role::Rec, None)).await.unwrap_err();
    assert!(matches!(duplicate, ManagerError::Exists(_)), "{duplicate}");

    let names = |connections: Vec<obs::Connection>| -> Vec<String> {
        connections
            .iter()
            .map(|connection| connection.config().name.clone())
            .collect()
    };
    assert_eq!(names(obs.rec_connections()), ["REC"]);
    assert_eq!(names(obs.str_connections()), ["STR"]);
    assert_eq!(obs.rec_control().unwrap().0, "REC");

    let rows = harness.store.reader().unwrap().obs_connections().unwrap();
    assert_eq!(rows.len(), 2);
    let sealed = rows[0].password_sealed.clone().expect("sealed password");
    assert!(!String::from_utf8_lossy(&sealed).contains("s3cret"));

    // Role change at runtime: STR becomes BOTH and counts as REC too.
    let mut both = spec("STR", stream.port, Role::Both, None);
    both.protocol = Protocol::V5;
    obs.update(both).await.unwrap();
    obs_status(&mut events, "STR", WAIT, connected)
        .await
        .unwrap();
    assert_eq!(names(obs.rec_connections()), ["REC", "STR"]);

    obs.disconnect("REC").await.unwrap();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status == ConnectionStatus::Disconnected
    })
    .await
    .unwrap();
    assert_eq!(names(obs.rec_connections()), ["STR"]);
    let listed = obs.list();
    assert_eq!(listed.len(), 2);
    assert!(!listed[0].enabled && listed[0].has_password, "{listed:?}");
    assert_eq!(listed[1].status, ConnectionStatus::Connected);

    // A restart reads the store: REC stays disabled, STR (BOTH) connects again.
    let folder = harness.stop().await;
    let harness = Harness::start_in(folder, Duration::from_secs(30)).await;
    let listed = harness.obs.list();
    let summary: Vec<(&str, Role, bool, bool)> = listed
        .iter()
        .map(|info| {
            (
                info.name.as_str(),
                info.role,
                info.enabled,
                info.has_password,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("REC", Role::Rec, false, true),
            ("STR", Role::Both, true, false)
        ]
    );
    harness.obs.connect("REC").await.unwrap();
    let connection = harness.obs.connection("REC").unwrap();
    let mut status = connection.status();
    tokio::time::timeout(WAIT, status.wait_for(connected))
        .await
        .unwrap()
        .unwrap();

    harness.obs.remove("REC").await.unwrap();
    assert!(harness.obs.connection("REC").is_none());
    let missing = harness.obs.remove("REC").await.unwrap_err();
    assert_eq!(missing.to_string(), "no obs connection named \"REC\"");
    let rows = harness.store.reader().unwrap().obs_connections().unwrap();
    assert_eq!(rows.len(), 1);
    harness.stop().await;
}

#[tokio::test]
async fn status_reaches_the_bus_when_obs_goes_away_and_comes_back() {
    let port = free_port();
    let fake = FakeObs::stopped(port);
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .obs
        .add(spec("REC", port, Role::Rec, None))
        .await
        .unwrap();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status == ConnectionStatus::Connecting
    })
    .await
    .unwrap();
    fake.bring_up().await;
    obs_status(&mut events, "REC", WAIT, connected)
        .await
        .unwrap();
    fake.take_down();
    obs_status(&mut events, "REC", WAIT, |status| {
        *status != ConnectionStatus::Connected
    })
    .await
    .unwrap();
    fake.bring_up().await;
    obs_status(&mut events, "REC", WAIT, connected)
        .await
        .unwrap();
    harness.stop().await;
}

#[tokio::test]
async fn stream_start_stop_and_status_are_stored_as_sessions() {
    let fake = FakeObs::start().await;
    let harness = Harness::start(Duration::from_secs(30)).await;
    let mut events = harness.bus.subscribe();
    harness
        .add_connected(&mut events, spec("STR", fake.port, Role::Str, None), WAIT)
        .await;
    let no_rec = harness.obs.rec_control();
    assert!(no_rec.is_none(), "an STR connection is not REC");

    harness.obs.start_stream(None).await.unwrap();
    let status = harness.obs.stream_status(Some("STR")).await.unwrap();
    assert!(status.output_active);
    assert_eq!(status.output_timecode.as_deref(), Some("00:00:01.000"));
    let reader = harness.store.reader().unwrap();
    let opened = wait_rows(&reader, |sessions| sessions.len() == 1).await;
    assert_eq!(opened[0].connection, "STR");
    assert_eq!(opened[0].stopped_at_us, None);
    assert!(opened[0].origin_at_us <= opened[0].started_at_us - 1_000_000 + 1_000);

    harness.obs.stop_stream(None).await.unwrap();
    let closed = wait_rows(&reader, |sessions| sessions[0].stopped_at_us.is_some()).await;
    assert_eq!(closed[0].end_reason.as_deref(), Some("stopped"));

    harness.obs.start_stream(Some("STR")).await.unwrap();
    wait_rows(&reader, |sessions| sessions.len() == 2).await;
    fake.take_down();
    let interrupted = wait_rows(&reader, |sessions| {
        sessions.len() == 2 && sessions[1].stopped_at_us.is_some()
    })
    .await;
    assert_eq!(
        interrupted[1].end_reason.as_deref(),
        Some("obs connection lost")
    );

    let missing = harness.obs.start_stream(Some("NOPE")).await.unwrap_err();
    assert!(matches!(missing, ManagerError::NotFound(_)), "{missing}");
    // Nothing else happened on the bus that the recorder would have acted on.
    let recorder = wait_bus(&mut events, Duration::from_millis(200), |event| {
        matches!(event, AppEvent::Recorder(_)).then_some(())
    })
    .await;
    assert!(recorder.is_err());
    harness.stop().await;
}

/// Polls the stream sessions until `done` holds (within 5 s).
async fn wait_rows(
    reader: &store::Reader,
    done: impl Fn(&[store::StreamSessionRow]) -> bool,
) -> Vec<store::StreamSessionRow> {
    for _ in 0..500 {
        let sessions = reader.stream_sessions().unwrap();
        if !sessions.is_empty() && done(&sessions) {
            return sessions;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("stream sessions: {:?}", reader.stream_sessions().unwrap());
}
