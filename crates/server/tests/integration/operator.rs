//! Settings, manual mode and marks through the real router, a real UDP listener and a real
//! SQLite store; restarts reopen the same database file.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{connect, next_of, start, start_in, Fixture, MATCH};

fn settings(root: &str) -> Value {
    json!({
        "replay": {"mpv_path": "/usr/bin/mpv", "mpv_args": ["--vo=gpu"], "screen": 1,
                   "fullscreen": true, "lead_seconds": 6.5, "exact_start": true,
                   "clip_timeout_seconds": 4.0,
                   "link_window_seconds": 15.0, "ivr_scene": "REPLAY", "live_scene": "COURT"},
        "recording": {"root": root, "stop_delay_seconds": 12.0,
                      "name_template": "{date}_{number}_{blue}_vs_{red}"},
        "hotkeys": {"replay": "F9", "toggle_dock": "F10", "mark": "F11", "close_replay": "F12"}
    })
}

fn manual_match() -> Value {
    json!({
        "number": "A-17",
        "blue": {"name": "KIM Tae-hun", "ioc": "KOR"},
        "red": {"name": "Cyrian RAVET", "ioc": "fra"},
        "weight_class": "M-58kg",
        "phase": "Final"
    })
}

async fn stored_datagrams(fixture: &Fixture) -> u64 {
    fixture.store.handle().flush().await.expect("flush");
    fixture
        .store
        .reader()
        .expect("reader")
        .datagram_count()
        .expect("count")
}

#[tokio::test]
async fn settings_are_put_read_back_sent_to_clients_and_survive_a_restart() {
    let fixture = start().await;
    let (status, defaults) = fixture.call(Method::GET, "/api/settings", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(defaults["replay"]["lead_seconds"], 10.0);
    assert_eq!(defaults["replay"]["exact_start"], false);
    assert_eq!(
        defaults["recording"]["name_template"],
        "{number}_{blue}_{blue_ioc}_vs_{red}_{red_ioc}"
    );
    let root = fixture.dir.path().join("videos");
    assert_eq!(
        defaults["recording"]["root"],
        fixture
            .dir
            .path()
            .join("recordings")
            .to_string_lossy()
            .as_ref()
    );
    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(snapshot["settings"], defaults);

    let wanted = settings(&root.to_string_lossy());
    let (status, saved) = fixture
        .call(Method::PUT, "/api/settings", Some(wanted.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved, wanted);
    let message = next_of(&mut client, "settings").await;
    assert_eq!(message["settings"], wanted);
    let (_, read_back) = fixture.call(Method::GET, "/api/settings", None).await;
    assert_eq!(read_back, wanted);
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["settings"]["replay"]["ivr_scene"], "REPLAY");

    let dir = fixture.stop_keeping_files().await;
    let again = start_in(dir).await;
    let (_, after_restart) = again.call(Method::GET, "/api/settings", None).await;
    assert_eq!(after_restart, wanted);
    again.stop().await;
}

#[tokio::test]
async fn a_refused_setting_is_422_with_its_field_and_changes_nothing() {
    let fixture = start().await;
    let (_, before) = fixture.call(Method::GET, "/api/settings", None).await;
    let root = fixture.dir.path().to_string_lossy().into_owned();
    let cases = [
        (
            "/recording/name_template",
            json!("{number}_{coach}"),
            "recording.name_template",
        ),
        ("/replay/lead_seconds", json!(-3), "replay.lead_seconds"),
        ("/replay/lead_seconds", json!("ten"), "replay.lead_seconds"),
        ("/replay/exact_start", json!("yes"), "replay.exact_start"),
        ("/recording/root", json!("relative"), "recording.root"),
        ("/hotkeys/mark", json!("F9"), "hotkeys.mark"),
    ];
    for (pointer, value, field) in cases {
        let mut body = settings(&root);
        *body.pointer_mut(pointer).expect("pointer") = value;
        let (status, error) = fixture.call(Method::PUT, "/api/settings", Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{pointer}: {error}"
        );
        assert_eq!(error["error"]["code"], "invalid_setting");
        assert_eq!(error["error"]["field"], field, "{error}");
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(field)),
            "{error}"
        );
    }
    let (_, unknown) = fixture
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({"replay": {"lead": 3}})),
        )
        .await;
    assert_eq!(unknown["error"]["field"], "replay.lead");
    assert!(
        unknown["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown placeholder") || m.contains("unknown field")),
        "{unknown}"
    );
    let (_, after) = fixture.call(Method::GET, "/api/settings", None).await;
    assert_eq!(after, before);
    fixture.stop().await;
}

#[tokio::test]
async fn manual_mode_stores_and_counts_the_pss_but_does_not_follow_it_until_it_is_off() {
    let fixture = start().await;
    let (_, mode) = fixture.call(Method::GET, "/api/manual", None).await;
    assert_eq!(mode, json!({ "enabled": false }));
    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(snapshot["manual_mode"], false);

    let (status, body) = fixture
        .call(Method::PUT, "/api/manual", Some(json!({ "enabled": true })))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "enabled": true })));
    let message = next_of(&mut client, "manual").await;
    assert_eq!(message["enabled"], true);
    fixture.feed(&MATCH).await;
    assert_eq!(fixture.ingest.counters().datagrams, 5);
    assert_eq!(stored_datagrams(&fixture).await, 5);
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["manual_mode"], true);
    assert_eq!(state["state"]["phase"], "idle", "{state}");
    assert_eq!(state["state"]["match_id"], Value::Null);
    let (_, matches) = fixture.call(Method::GET, "/api/matches", None).await;
    assert_eq!(
        matches,
        json!([]),
        "no match is made from ignored datagrams"
    );
    let (_, events) = fixture.call(Method::GET, "/api/events", None).await;
    assert_eq!(events.as_array().map(Vec::len), Some(6), "{events}");
    assert!(events
        .as_array()
        .is_some_and(|all| all.iter().all(|event| event["match_id"].is_null())));

    let (_, off) = fixture
        .call(
            Method::PUT,
            "/api/manual",
            Some(json!({ "enabled": false })),
        )
        .await;
    assert_eq!(off, json!({ "enabled": false }));
    fixture.feed(&MATCH).await;
    let (_, state) = fixture.call(Method::GET, "/api/state", None).await;
    assert_eq!(state["state"]["number"], "101");
    assert_eq!(state["state"]["match_id"], 6);
    assert_eq!(state["state"]["blue"]["short_name"], "N. DESMOND");
    assert_eq!(state["state"]["clock"]["text"], "1:59");
    assert_eq!(fixture.ingest.counters().datagrams, 10);
    fixture.stop().await;
}

#[tokio::test]
async fn a_match_made_by_hand_is_live_stored_named_and_survives_a_restart() {
    let fixture = start().await;
    let (status, refused) = fixture
        .call(Method::POST, "/api/manual/match", Some(manual_match()))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["error"]["code"], "not_manual");

    fixture
        .call(Method::PUT, "/api/manual", Some(json!({ "enabled": true })))
        .await;
    let mut bad = manual_match();
    bad["blue"]["ioc"] = json!("Korea");
    let (status, error) = fixture
        .call(Method::POST, "/api/manual/match", Some(bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "blue.ioc", "{error}");

    let mut client = connect(fixture.http, "").await;
    next_of(&mut client, "snapshot").await;
    let (status, created) = fixture
        .call(Method::POST, "/api/manual/match", Some(manual_match()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let match_id = created["match_id"].as_i64().expect("match_id");
    let state = next_of(&mut client, "state").await;
    assert_eq!(state["state"]["match_id"], match_id);
    // A PSS datagram while manual mode is on does not touch the match made by hand.
    fixture.feed(&[b"pre;FightLoaded;", b"sc1;9;"]).await;
    assert_eq!(
        fixture.ingest.counters().datagrams,
        2,
        "operator datagrams are not counted"
    );

    let (_, live) = fixture.call(Method::GET, "/api/state", None).await;
    let live = &live["state"];
    assert_eq!(live["match_id"], match_id);
    assert_eq!(live["number"], "A-17");
    assert_eq!(live["phase_name"], "Final");
    assert_eq!(live["weight_class"], "M-58kg");
    assert_eq!(live["blue"]["short_name"], "KIM Tae-hun");
    assert_eq!(live["red"]["ioc"], "FRA");
    assert_eq!(live["blue"]["score"], 0);
    let (status, stored) = fixture
        .call(Method::GET, &format!("/api/matches/{match_id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored["match_number"], "A-17");
    assert_eq!(stored["red"]["long_name"], "Cyrian RAVET");
    let named = app::automation::naming::match_file_name(&fixture.ingest.live().borrow().state);
    assert_eq!(named, "A-17_KIM Tae-hun_KOR_vs_Cyrian RAVET_FRA");

    let dir = fixture.stop_keeping_files().await;
    let again = start_in(dir).await;
    let (_, mode) = again.call(Method::GET, "/api/manual", None).await;
    assert_eq!(
        mode,
        json!({ "enabled": true }),
        "manual mode survives a restart"
    );
    let (_, live) = again.call(Method::GET, "/api/state", None).await;
    assert_eq!(live["state"]["match_id"], match_id);
    assert_eq!(live["state"]["number"], "A-17");
    assert_eq!(
        live["state"]["blue"]["score"], 0,
        "the ignored sc1;9 stays ignored"
    );
    again.stop().await;
}

#[tokio::test]
async fn a_mark_is_stored_with_the_live_moment_and_sent_to_clients() {
    let fixture = start().await;
    let (status, early) = fixture
        .call(Method::POST, "/api/mark", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{early}");
    assert_eq!(
        (&early["match_id"], &early["round"], &early["note"]),
        (&Value::Null, &Value::Null, &json!(""))
    );
    fixture.feed(&MATCH).await;
    fixture.feed(&[b"rnd;2;", b"clk;1:23;"]).await;
    let mut client = connect(fixture.http, "").await;
    next_of(&mut client, "snapshot").await;
    let (status, mark) = fixture
        .call(
            Method::POST,
            "/api/mark",
            Some(json!({ "note": "head kick not given?" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{mark}");
    assert_eq!(mark["match_id"], 1);
    assert_eq!(mark["round"], 2);
    assert_eq!(mark["clock_seconds"], 83);
    assert_eq!(mark["note"], "head kick not given?");
    assert!(mark["at_us"]
        .as_i64()
        .is_some_and(|at| at > early["at_us"].as_i64().unwrap_or(0)));
    let message = next_of(&mut client, "mark").await;
    assert_eq!(message["mark"], mark);

    let (_, all) = fixture.call(Method::GET, "/api/marks", None).await;
    assert_eq!(all, json!([early, mark]));
    let (_, of_match) = fixture
        .call(Method::GET, "/api/marks?match_id=1", None)
        .await;
    assert_eq!(of_match, json!([mark]));
    let (_, page) = fixture
        .call(Method::GET, "/api/marks?limit=1&offset=1", None)
        .await;
    assert_eq!(page, json!([mark]));
    let long = "x".repeat(1001);
    let (status, error) = fixture
        .call(Method::POST, "/api/mark", Some(json!({ "note": long })))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["field"], "note");
    fixture.stop().await;
}

#[tokio::test]
async fn openapi_describes_the_settings_manual_and_mark_routes() {
    let fixture = start().await;
    let (_, doc) = fixture.call(Method::GET, "/api/openapi.json", None).await;
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/settings", "get"),
        ("/api/settings", "put"),
        ("/api/manual", "get"),
        ("/api/manual", "put"),
        ("/api/manual/match", "post"),
        ("/api/mark", "post"),
        ("/api/marks", "get"),
    ] {
        assert!(
            paths.get(path).is_some_and(|p| p.get(method).is_some()),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    for schema in ["Settings", "Mark", "ManualMatch"] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema} missing"
        );
    }
    for path in ["/api/settings", "/api/manual", "/api/marks"] {
        let (status, _) = fixture.call(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    fixture.stop().await;
}
