//! The event WebSocket on a real port with a real client.

use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::common::{connect, next_of, start};

#[tokio::test]
async fn a_client_gets_a_snapshot_then_live_messages_and_can_resume() {
    let fixture = start().await;
    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(snapshot["state"]["phase"], "idle");

    fixture.feed(&[b"pre;FightLoaded;", b"pt2;4;"]).await;
    let datagram = next_of(&mut client, "datagram").await;
    assert_eq!(datagram["datagram_seq"], 1);
    assert_eq!(datagram["events"][0]["kind"], "fight_loaded");
    let state = next_of(&mut client, "state").await;
    assert_eq!(state["state"]["phase"], "loaded");
    let point = next_of(&mut client, "datagram").await;
    assert_eq!(point["events"][0]["kind"], "point");
    assert_eq!(point["events"][0]["side"], "red");
    assert_eq!(point["events"][0]["value"], 4);
    let stored = next_of(&mut client, "stored").await;
    assert!(stored["up_to_seq"].as_u64().unwrap_or(0) >= 1);
    let last_seen = point["seq"].as_u64().expect("seq");
    drop(client);

    // Datagrams while disconnected are replayed on resume, not replaced by a snapshot.
    fixture.feed(&[b"pt1;1;"]).await;
    let mut client = connect(fixture.http, &format!("?since={last_seen}")).await;
    let first: Value = match client.next().await.expect("open").expect("frame") {
        Message::Text(text) => serde_json::from_str(&text).expect("JSON"),
        other => panic!("unexpected frame {other:?}"),
    };
    assert_ne!(first["type"], "snapshot", "{first}");
    assert!(first["seq"].as_u64().expect("seq") > last_seen);
    let missed = next_of(&mut client, "datagram").await;
    assert_eq!(missed["events"][0]["kind"], "point");
    assert_eq!(missed["events"][0]["side"], "blue");

    // A seq the server never issued gets a snapshot.
    let mut stranger = connect(fixture.http, "?since=999999").await;
    next_of(&mut stranger, "snapshot").await;
    fixture.stop().await;
}

#[tokio::test]
async fn device_events_reach_clients_and_the_next_snapshot() {
    use app::bus::{AppEvent, RecorderEvent};
    use axum::http::Method;

    let fixture = start().await;
    let (status, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(status, 200);
    assert_eq!(state["obs"], serde_json::json!([]));
    assert_eq!(state["recording"]["active"], false);
    assert_eq!(state["recording"]["path"], Value::Null);
    assert_eq!(state["replay"]["status"], "idle");
    assert_eq!(state["replay"]["replay_id"], Value::Null);

    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(snapshot["obs"], serde_json::json!([]));
    assert_eq!(snapshot["recording"]["active"], false);
    assert_eq!(snapshot["replay"]["status"], "idle");

    fixture
        .bus
        .publish(AppEvent::Recorder(RecorderEvent::Started {
            match_id: Some(4),
            recording_id: 1,
            path: Some("/videos/match-101.mkv".into()),
        }));
    let recording = next_of(&mut client, "recording").await;
    assert_eq!(recording["recording"]["active"], true);
    assert_eq!(recording["recording"]["path"], "/videos/match-101.mkv");
    assert_eq!(recording["recording"]["match_id"], 4);
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["recording"]["active"], true);

    fixture.bus.publish(AppEvent::ObsStatus {
        name: "court-1".into(),
        role: obs::Role::Rec,
        status: obs::ConnectionStatus::Error {
            reason: "wrong password".into(),
        },
    });
    let message = next_of(&mut client, "obs").await;
    assert_eq!(
        message["obs"],
        serde_json::json!([{
            "name": "court-1", "host": null, "port": null, "protocol": null, "role": "rec",
            "enabled": null, "has_password": null, "status": "error", "reason": "wrong password",
            "rtt_ms": null,
        }]),
        "a connection known only from its status (not in the manager) still shows"
    );
    let mut late = connect(fixture.http, "").await;
    let snapshot = next_of(&mut late, "snapshot").await;
    assert_eq!(snapshot["obs"][0]["status"], "error");
    assert_eq!(snapshot["recording"]["active"], true);

    fixture.bus.publish(AppEvent::IvrStatus(
        app::automation::ivr::IvrStatus::Saving { replay_id: 9 },
    ));
    let replay = next_of(&mut client, "replay").await;
    assert_eq!(
        replay["replay"],
        serde_json::json!({"status": "saving", "replay_id": 9, "reason": null})
    );
    fixture.stop().await;
}

#[tokio::test]
async fn the_udp_listener_s_start_and_stop_reach_clients_and_the_snapshot() {
    use axum::http::Method;

    let fixture = start().await;
    let bind = fixture.ingest.local_addr().to_string();
    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(
        snapshot["udp"],
        serde_json::json!({ "bind": bind, "listening": true })
    );

    fixture.call(Method::POST, "/api/udp/stop", None).await;
    let stopped = next_of(&mut client, "udp").await;
    assert_eq!(
        stopped["udp"],
        serde_json::json!({ "bind": bind, "listening": false })
    );
    assert!(stopped["seq"].as_u64().is_some(), "{stopped}");
    let mut late = connect(fixture.http, "").await;
    let snapshot = next_of(&mut late, "snapshot").await;
    assert_eq!(snapshot["udp"]["listening"], false);

    fixture.call(Method::POST, "/api/udp/start", None).await;
    let started = next_of(&mut client, "udp").await;
    assert_eq!(
        started["udp"],
        serde_json::json!({ "bind": bind, "listening": true })
    );
    fixture.stop().await;
}
