//! The event WebSocket on a real port with a real client.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

use crate::common::start;

type Client =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(http: std::net::SocketAddr, query: &str) -> Client {
    let (client, _) = tokio_tungstenite::connect_async(format!("ws://{http}/api/ws{query}"))
        .await
        .expect("websocket connects");
    client
}

/// The next JSON message of type `kind`, skipping others (counters arrive once a second).
async fn next_of(client: &mut Client, kind: &str) -> Value {
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let frame = client.next().await.expect("open").expect("frame");
            if let Message::Text(text) = frame {
                let message: Value = serde_json::from_str(&text).expect("JSON");
                if message["type"] == kind {
                    return message;
                }
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {kind} message"))
}

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
