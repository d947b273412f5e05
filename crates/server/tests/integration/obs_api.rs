//! OBS connections and the OBS buttons through the API, against the stateful fake
//! obs-websocket server: the password goes in and never comes out.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{start, Fixture};
use crate::fake_obs::FakeObs;

const MATCH: [&[u8]; 3] = [
    b"pre;FightLoaded;",
    b"at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    b"mch;101;Final;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
];

/// Polls `GET /api/obs/connections` until the connection `name` satisfies `wanted`.
async fn wait_connection(fixture: &Fixture, name: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    let waiting = async {
        loop {
            let (_, list) = fixture
                .call(Method::GET, "/api/obs/connections", None)
                .await;
            if let Some(found) = list
                .as_array()
                .and_then(|list| list.iter().find(|c| c["name"] == name))
            {
                if wanted(found) {
                    return found.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap_or_else(|_| panic!("connection {name} not as wanted within 5 s"))
}

fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn connections_are_added_changed_tested_and_removed_and_the_password_never_comes_back() {
    let fake = FakeObs::start().await;
    let fixture = start().await;
    let body = json!({
        "name": "court-1", "host": "127.0.0.1", "port": fake.port, "protocol": "v5",
        "role": "both", "enabled": true, "password": "s3cret",
    });
    let (status, created) = fixture
        .call(Method::POST, "/api/obs/connections", Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["has_password"], true);
    assert_eq!(created["protocol"], "v5");
    assert!(created.get("password").is_none(), "{created}");
    assert!(!created.to_string().contains("s3cret"));
    let (status, taken) = fixture
        .call(Method::POST, "/api/obs/connections", Some(body))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(taken["error"]["code"], "name_taken");
    for (bad, field) in [
        (json!({"name": "x", "host": "h", "port": 0}), "port"),
        (
            json!({"name": "x", "host": "h", "port": 1, "role": "record"}),
            "role",
        ),
        (json!({"name": "x", "port": 1}), "host"),
    ] {
        let (status, refused) = fixture
            .call(Method::POST, "/api/obs/connections", Some(bad))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["error"]["code"], "invalid_connection");
        assert_eq!(refused["error"]["field"], field, "{refused}");
    }

    let connected = wait_connection(&fixture, "court-1", |c| {
        c["status"] == "connected" && c["rtt_ms"].is_number()
    })
    .await;
    assert!(
        connected["rtt_ms"].as_f64().unwrap() < 1000.0,
        "{connected}"
    );
    let (_, list) = fixture
        .call(Method::GET, "/api/obs/connections", None)
        .await;
    assert!(!list.to_string().contains("s3cret"));
    let stored = fixture.store.reader().unwrap().obs_connections().unwrap();
    let sealed = stored[0].password_sealed.clone().expect("sealed");
    assert!(!String::from_utf8_lossy(&sealed).contains("s3cret"));

    // No password in a change keeps it; "" removes it.
    let change = json!({"host": "127.0.0.1", "port": fake.port, "role": "rec"});
    let (status, changed) = fixture
        .call(Method::PUT, "/api/obs/connections/court-1", Some(change))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(
        (&changed["role"], &changed["has_password"]),
        (&json!("rec"), &json!(true))
    );
    let change = json!({"host": "127.0.0.1", "port": fake.port, "role": "rec", "password": ""});
    let (_, changed) = fixture
        .call(Method::PUT, "/api/obs/connections/court-1", Some(change))
        .await;
    assert_eq!(changed["has_password"], false);

    let (status, off) = fixture
        .call(
            Method::POST,
            "/api/obs/connections/court-1/disconnect",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&off["enabled"], &off["status"]),
        (&json!(false), &json!("disconnected"))
    );
    let (_, on) = fixture
        .call(
            Method::POST,
            "/api/obs/connections/court-1/connect",
            Some(json!({})),
        )
        .await;
    assert_eq!(on["enabled"], true);
    wait_connection(&fixture, "court-1", |c| c["status"] == "connected").await;

    let (status, tested) = fixture
        .call(
            Method::POST,
            "/api/obs/connections/court-1/test",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tested["ok"], true, "{tested}");
    assert_eq!(tested["obs_version"], "30.0.0");
    assert_eq!(tested["websocket_version"], "5.3.0");
    assert!(
        tested["rtt_ms"].is_number() && tested["error"].is_null(),
        "{tested}"
    );

    let port = closed_port();
    let nothing = json!({"name": "gone", "host": "127.0.0.1", "port": port, "enabled": false});
    fixture
        .call(Method::POST, "/api/obs/connections", Some(nothing))
        .await;
    let (status, failed) = fixture
        .call(
            Method::POST,
            "/api/obs/connections/gone/test",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(failed["ok"], false);
    let error = failed["error"].as_str().unwrap_or_default();
    assert!(error.contains(&port.to_string()), "{failed}");

    let (status, _) = fixture
        .call(Method::DELETE, "/api/obs/connections/gone", None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, missing) = fixture
        .call(Method::DELETE, "/api/obs/connections/gone", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
    let (status, _) = fixture
        .call(
            Method::PUT,
            "/api/obs/connections/gone",
            Some(json!({"host": "h", "port": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/obs/connections/gone/test",
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    fixture.stop().await;
}

#[tokio::test]
async fn record_replay_buffer_and_scenes_work_on_the_rec_and_str_connection() {
    let fixture = start().await;
    let (status, none) = fixture
        .call(
            Method::POST,
            "/api/obs/record",
            Some(json!({"action": "start"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{none}");
    assert_eq!(none["error"]["code"], "no_rec_connection");
    let (status, none) = fixture.call(Method::GET, "/api/obs/scenes", None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(none["error"]["code"], "no_str_connection");

    let fake = FakeObs::start().await;
    let body = json!({"name": "court-1", "host": "127.0.0.1", "port": fake.port, "role": "both"});
    fixture
        .call(Method::POST, "/api/obs/connections", Some(body))
        .await;
    wait_connection(&fixture, "court-1", |c| c["status"] == "connected").await;
    fixture.feed(&MATCH).await;

    let (status, recording) = fixture
        .call(
            Method::POST,
            "/api/obs/record",
            Some(json!({"action": "start"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{recording}");
    assert_eq!(recording["kind"], "recording");
    assert_eq!(recording["match_number"], "101");
    assert_eq!(recording["blue"]["ioc"], "MRN");
    assert!(recording["stopped_at_us"].is_null());
    let path = recording["path"].as_str().unwrap_or_default();
    assert!(
        path.ends_with("101_N. DESMOND_MRN_vs_M. THIBAULT_SUI.mkv"),
        "named from the live match: {recording}"
    );
    assert!(fake.state().recording);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/obs/record",
            Some(json!({"action": "start"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already recording");
    let (status, stopped) = fixture
        .call(
            Method::POST,
            "/api/obs/record",
            Some(json!({"action": "stop"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stopped}");
    assert_eq!(stopped["id"], recording["id"]);
    assert!(stopped["stopped_at_us"].is_number(), "{stopped}");
    assert!(!fake.state().recording);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/obs/record",
            Some(json!({"action": "stop"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "not recording");

    // The recorder restarted the replay buffer at the start; stop it, start it, save a clip.
    let buffer = |action: &str| json!({ "action": action });
    let (status, _) = fixture
        .call(Method::POST, "/api/obs/replay-buffer", Some(buffer("stop")))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = fixture
        .call(Method::POST, "/api/obs/replay-buffer", Some(buffer("save")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["error"]["code"], "obs_refused");
    fixture
        .call(
            Method::POST,
            "/api/obs/replay-buffer",
            Some(buffer("start")),
        )
        .await;
    let (status, saved) = fixture
        .call(Method::POST, "/api/obs/replay-buffer", Some(buffer("save")))
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["ok"], true);
    assert!(
        saved["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("Replay 1.mkv"),
        "{saved}"
    );

    let (status, scenes) = fixture.call(Method::GET, "/api/obs/scenes", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        scenes,
        json!({"connection": "court-1", "current": "LIVE_SCENE", "scenes": ["LIVE_SCENE", "IVR_SCENE"]})
    );
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/obs/scene",
            Some(json!({"scene": "IVR_SCENE"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, scenes) = fixture.call(Method::GET, "/api/obs/scenes", None).await;
    assert_eq!(scenes["current"], "IVR_SCENE");
    let (status, unknown) = fixture
        .call(
            Method::POST,
            "/api/obs/scene",
            Some(json!({"scene": "NOPE"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{unknown}");
    fixture.stop().await;
}
