//! The media archive through the API, playing a moment of a recording and the A-B loop (on a
//! real mpv when `VTA_TEST_MPV=1`).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use app::automation::ivr::ReplayScreen;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use store::RecordingStart;

use crate::common::{start, start_with, Fixture};
use crate::player_common::{real_mpv, start_player};

const MATCH: [&[u8]; 4] = [
    b"pre;FightLoaded;",
    b"at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    b"mch;101;Final;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    b"pt1;3;",
];

/// Stores a recording of match `match_id` in `path`, its time 0 at `origin_at_us`; its id.
async fn add_recording(fixture: &Fixture, match_id: i64, path: &Path, origin_at_us: i64) -> i64 {
    let handle = fixture.store.handle();
    let id = handle
        .recording_started(RecordingStart {
            match_id: Some(match_id),
            connection: "court-1".into(),
            directory: "/rec".into(),
            file_name: "101".into(),
            path: Some(path.to_string_lossy().into_owned()),
            started_at_us: origin_at_us,
            origin_at_us,
        })
        .await
        .expect("recording stored");
    handle.flush().await.expect("flush");
    id
}

/// `POST /api/replay/play` with `body`.
async fn play(fixture: &Fixture, body: Value) -> (StatusCode, Value) {
    fixture
        .call(Method::POST, "/api/replay/play", Some(body))
        .await
}

/// `POST /api/replay/loop` setting (`a`, `b`) or clearing (`clear`) a point of the A-B loop.
async fn set_loop(fixture: &Fixture, point: &str) -> (StatusCode, Value) {
    fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({ "point": point })),
        )
        .await
}

#[tokio::test]
async fn recordings_are_listed_newest_first_filtered_and_paged() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    let file = fixture.dir.path().join("101.mkv");
    std::fs::write(&file, b"video").unwrap();
    let first = add_recording(&fixture, 1, &file, 1_000).await;
    let second = add_recording(&fixture, 1, Path::new("/gone/101_part2.mkv"), 2_000).await;

    let (status, all) = fixture.call(Method::GET, "/api/recordings", None).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    assert_eq!(all[0]["id"], second);
    assert_eq!(all[0]["exists"], false);
    let row = &all[1];
    assert_eq!(row["id"], first);
    assert_eq!(row["kind"], "recording");
    assert_eq!(row["exists"], true);
    assert_eq!(row["match_number"], "101");
    assert_eq!(row["phase"], "Final");
    assert_eq!(
        row["blue"],
        json!({"name": "Nicolas DESMOND", "ioc": "MRN"})
    );
    assert_eq!(row["event_kinds"], json!(["point"]));

    let count = |body: &serde_json::Value| body.as_array().map_or(0, Vec::len);
    for (query, expected) in [
        ("?kind=clip", 0),
        ("?kind=recording&match_id=1", 2),
        ("?match_id=2", 0),
        ("?q=thibault", 2),
        ("?q=KOR", 0),
        ("?event_kind=point", 2),
        ("?event_kind=gam_jeom", 0),
        ("?limit=1&offset=1", 1),
        ("?limit=1&offset=2", 0),
    ] {
        let (status, body) = fixture
            .call(Method::GET, &format!("/api/recordings{query}"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(count(&body), expected, "{query}: {body}");
    }
    let (_, paged) = fixture
        .call(Method::GET, "/api/recordings?limit=1&offset=1", None)
        .await;
    assert_eq!(paged[0]["id"], first);
    let (status, _) = fixture
        .call(Method::GET, "/api/recordings?kind=video", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    fixture.stop().await;
}

#[tokio::test]
async fn a_moment_without_a_recording_is_a_404_and_without_replay_a_503() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    let (status, body) = play(&fixture, json!({"match_id": 1, "at_us": 5_000_000})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "no_recording");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("match 1"),
        "{body}"
    );
    let file = fixture.dir.path().join("101.mkv");
    std::fs::write(&file, b"video").unwrap();
    let id = add_recording(&fixture, 1, &file, 1_000_000).await;
    let (status, body) = play(&fixture, json!({"match_id": 1, "at_us": 5_000_000})).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (status, _) = play(&fixture, json!({"recording_id": id + 1})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = play(&fixture, json!({"match_id": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = set_loop(&fixture, "a").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    fixture.stop().await;
}

#[tokio::test]
async fn a_moment_plays_on_real_mpv_at_the_offset_and_the_ab_loop_reaches_mpv() {
    let Some((_guard, clip)) = real_mpv().await else {
        return;
    };
    let test_player = start_player().await.expect("mpv starts");
    let player = test_player.player.clone();
    let fixture = start_with(Arc::new(player.clone()) as Arc<dyn ReplayScreen>).await;
    fixture.feed(&MATCH).await;
    let origin_at_us = 1_000_000_000;
    add_recording(&fixture, 1, &clip, origin_at_us).await;

    // 8 s into the recording: playback from 5 s.
    let (status, played) = play(
        &fixture,
        json!({"match_id": 1, "at_us": origin_at_us + 8_000_000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{played}");
    assert_eq!(played["offset_seconds"], 5.0);
    assert_eq!(played["path"], clip.to_string_lossy().as_ref());
    let position = player.position().await.unwrap().expect("a position");
    assert!((4.0..6.5).contains(&position), "at {position} s");

    player.pause().await.unwrap();
    let (status, a_only) = set_loop(&fixture, "a").await;
    assert_eq!(status, StatusCode::OK, "{a_only}");
    let a = a_only["a"].as_f64().expect("a set");
    assert!(a_only["b"].is_null());
    fixture
        .call(
            Method::POST,
            "/api/replay/seek",
            Some(json!({"seconds": 2.0})),
        )
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, both) = set_loop(&fixture, "b").await;
    let b = both["b"].as_f64().expect("b set");
    assert!(b > a + 1.0, "{both}");
    let (looped_a, looped_b) = player.ab_loop().await.unwrap().expect("mpv loops");
    assert!((looped_a - a).abs() < 1e-3 && (looped_b - b).abs() < 1e-3);
    let (_, cleared) = set_loop(&fixture, "clear").await;
    assert_eq!(cleared, json!({"a": null, "b": null}));
    assert_eq!(player.ab_loop().await.unwrap(), None);

    // A moment before the file's start plays from its start.
    let (_, clamped) = play(
        &fixture,
        json!({"match_id": 1, "at_us": origin_at_us + 1_000_000}),
    )
    .await;
    assert_eq!(clamped["offset_seconds"], 0.0, "{clamped}");
    let (status, _) = fixture
        .call(Method::POST, "/api/replay/close", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = set_loop(&fixture, "a").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "nothing on screen after the close"
    );
    fixture.stop().await;
}
