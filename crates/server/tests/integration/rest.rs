//! REST routes against a live ingest and store.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::common::{start, MATCH};

#[tokio::test]
async fn state_shows_the_live_match() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    fixture.feed(&[b"sc1;3;sc2;0;", b"ch2;"]).await;
    let (status, body) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(status, StatusCode::OK);
    let state = &body["state"];
    assert_eq!(state["match_id"], 1);
    assert_eq!(state["number"], "101");
    assert_eq!(state["blue"]["short_name"], "N. DESMOND");
    assert_eq!(state["blue"]["background"], "#0000FF");
    assert_eq!(state["blue"]["score"], 3);
    assert_eq!(state["clock"]["text"], "1:59");
    assert_eq!(state["open_challenge"], 0);
    assert_eq!(state["challenges"][0]["side"], "red");
    assert_eq!(body["counters"]["datagrams"], 7);
    assert_eq!(body["protocol_version"], "2.3");
    fixture.stop().await;
}

#[tokio::test]
async fn archive_lists_matches_and_filters_events() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    let (status, matches) = fixture
        .call(Method::GET, "/api/matches?q=thibault", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(matches.as_array().map(Vec::len), Some(1), "{matches}");
    assert_eq!(matches[0]["match_number"], "101");
    assert_eq!(matches[0]["red"]["ioc"], "SUI");
    let (_, none) = fixture
        .call(Method::GET, "/api/matches?q=nobody", None)
        .await;
    assert_eq!(none, json!([]));
    let (status, one) = fixture.call(Method::GET, "/api/matches/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["id"], 1);
    let (status, missing) = fixture.call(Method::GET, "/api/matches/999", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["error"]["code"], "not_found");

    let (_, points) = fixture
        .call(Method::GET, "/api/events?match_id=1&kind=point", None)
        .await;
    assert_eq!(points.as_array().map(Vec::len), Some(1), "{points}");
    assert_eq!(points[0]["side"], "blue");
    assert_eq!(points[0]["value"], 3);
    let (_, page) = fixture.call(Method::GET, "/api/events?limit=2", None).await;
    assert_eq!(page.as_array().map(Vec::len), Some(2));
    fixture.stop().await;
}

#[tokio::test]
async fn a_broken_protocol_is_refused_at_its_line_and_a_good_one_is_saved() {
    let fixture = start().await;
    let (_, current) = fixture.call(Method::GET, "/api/protocol", None).await;
    let text = current["text"].as_str().expect("schema text").to_owned();
    let broken = format!("{text}\nnot a schema line\n");
    let line = broken.lines().count();
    for uri in ["/api/protocol/validate", "/api/protocol"] {
        let method = if uri.ends_with("validate") {
            Method::POST
        } else {
            Method::PUT
        };
        let (status, body) = fixture
            .call(method, uri, Some(json!({ "text": broken })))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["line"], line, "{body}");
    }
    assert!(!fixture.dir.path().join("protocol.schema").exists());

    let renamed = text.replace("\nstream sup ", "\nstream supx ");
    assert_ne!(renamed, text, "the schema has a `sup` line to rename");
    let (status, body) = fixture
        .call(
            Method::PUT,
            "/api/protocol",
            Some(json!({ "text": renamed })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved = std::fs::read_to_string(fixture.dir.path().join("protocol.schema")).expect("saved");
    assert_eq!(saved, renamed);
    // The listener reads with the new schema from now on.
    fixture.feed(&[b"supx;7;"]).await;
    let (_, others) = fixture
        .call(Method::GET, "/api/events?kind=other", None)
        .await;
    assert_eq!(others[0]["data"]["code"], "supx", "{others}");
    fixture.stop().await;
}

#[tokio::test]
async fn the_udp_listener_moves_and_a_taken_port_is_a_conflict() {
    let fixture = start().await;
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let (status, body) = fixture
        .call(Method::PUT, "/api/udp", Some(json!({ "bind": addr })))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains(&addr),
        "{body}"
    );
    let (status, _) = fixture
        .call(
            Method::PUT,
            "/api/udp",
            Some(json!({ "bind": "not an address" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = fixture
        .call(
            Method::PUT,
            "/api/udp",
            Some(json!({ "bind": "127.0.0.1:0" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, now) = fixture.call(Method::GET, "/api/udp", None).await;
    assert_eq!(now["bind"], body["bind"]);
    assert_eq!(now["bind"], fixture.ingest.local_addr().to_string());
    fixture.stop().await;
}

#[tokio::test]
async fn the_operator_stops_and_starts_the_udp_listener() {
    let fixture = start().await;
    let first = fixture.ingest.local_addr().to_string();
    let (status, body) = fixture.call(Method::GET, "/api/udp", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({ "bind": first, "listening": true }));
    fixture.feed(&[b"pre;FightLoaded;"]).await;

    let (status, body) = fixture.call(Method::POST, "/api/udp/stop", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "bind": first, "listening": false }));
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["udp"], json!({ "bind": first, "listening": false }));
    assert_eq!(state["state"]["match_id"], 1, "the live match is kept");
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    socket
        .send_to(b"pt1;1;", fixture.ingest.local_addr())
        .await
        .expect("send");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(fixture.ingest.counters().datagrams, 1, "nothing received");

    // Starting on a taken address is a conflict and the listener stays stopped.
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let taken_addr = taken.local_addr().expect("addr").to_string();
    let (status, body) = fixture
        .call(
            Method::POST,
            "/api/udp/start",
            Some(json!({ "bind": taken_addr })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains(&taken_addr),
        "{body}"
    );
    let (_, body) = fixture.call(Method::GET, "/api/udp", None).await;
    assert_eq!(body, json!({ "bind": first, "listening": false }));
    for refused in [json!({ "bind": "eth0" }), json!({ "port": 6000 })] {
        let (status, body) = fixture
            .call(Method::POST, "/api/udp/start", Some(refused))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "bad_request");
    }

    // `{}` (or no body) starts again where it listened.
    let (status, body) = fixture
        .call(Method::POST, "/api/udp/start", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "bind": first, "listening": true }));
    fixture.feed(&[b"pt1;2;"]).await;
    let (status, body) = fixture.call(Method::POST, "/api/udp/start", None).await;
    assert_eq!(
        (status, body["listening"].clone()),
        (StatusCode::OK, json!(true))
    );

    // PUT starts a stopped listener on the new address.
    fixture.call(Method::POST, "/api/udp/stop", None).await;
    let (status, body) = fixture
        .call(
            Method::PUT,
            "/api/udp",
            Some(json!({ "bind": "127.0.0.1:0" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["listening"], true);
    assert_ne!(body["bind"], json!(first));
    assert_eq!(body["bind"], fixture.ingest.local_addr().to_string());
    fixture.feed(&[b"pt1;3;"]).await;
    assert_eq!(fixture.ingest.counters().datagrams, 3);
    fixture.stop().await;
}

#[tokio::test]
async fn the_network_interfaces_are_listed_with_their_addresses() {
    let fixture = start().await;
    let (status, body) = fixture
        .call(Method::GET, "/api/network/interfaces", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let interfaces = body.as_array().expect("a list");
    let loopback = interfaces
        .iter()
        .find(|i| i["loopback"] == true)
        .expect("the loopback interface is listed");
    assert!(
        loopback["addresses"]
            .as_array()
            .expect("addresses")
            .contains(&json!("127.0.0.1")),
        "{body}"
    );
    for interface in interfaces {
        assert!(interface["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(interface["up"].is_boolean(), "{interface}");
        for address in interface["addresses"].as_array().expect("addresses") {
            let text = address.as_str().expect("text");
            assert!(
                text.parse::<std::net::IpAddr>().is_ok(),
                "{text} is not an IP address"
            );
        }
    }
    fixture.stop().await;
}

#[tokio::test]
async fn openapi_describes_every_route_and_unknown_api_paths_are_json_404() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    let (status, doc) = fixture.call(Method::GET, "/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/health",
        "/api/state",
        "/api/counters",
        "/api/matches",
        "/api/matches/{id}",
        "/api/events",
        "/api/udp",
        "/api/udp/start",
        "/api/udp/stop",
        "/api/network/interfaces",
        "/api/protocol",
        "/api/protocol/validate",
        "/api/ws",
        "/api/replay/start",
        "/api/replay/close",
        "/api/replay/speed",
        "/api/replay/step",
        "/api/replay/seek",
        "/api/openapi.json",
        "/api/obs/connections",
        "/api/obs/connections/{name}",
        "/api/obs/connections/{name}/connect",
        "/api/obs/connections/{name}/disconnect",
        "/api/obs/connections/{name}/test",
        "/api/obs/record",
        "/api/obs/replay-buffer",
        "/api/obs/scenes",
        "/api/obs/scene",
        "/api/recordings",
        "/api/replay/play",
        "/api/replay/loop",
        "/api/logs",
        "/api/licence",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
        let probe = path.replace("{id}", "1").replace("{name}", "court-1");
        let (status, _) = fixture.call(Method::GET, &probe, None).await;
        assert_ne!(
            status,
            StatusCode::NOT_FOUND,
            "{path} is documented but not routed"
        );
    }
    let (status, body) = fixture.call(Method::GET, "/api/nothing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    fixture.stop().await;
}

#[tokio::test]
async fn replay_controls_check_their_input_and_say_when_replay_is_off() {
    let fixture = start().await;
    let (status, body) = fixture
        .call(
            Method::POST,
            "/api/replay/speed",
            Some(json!({ "speed": 9.0 })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/step",
            Some(json!({ "frames": 3 })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = fixture
        .call(Method::POST, "/api/replay/start", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("--no-replay"),
        "{body}"
    );
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/seek",
            Some(json!({ "seconds": -2.0 })),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    fixture.stop().await;
}
