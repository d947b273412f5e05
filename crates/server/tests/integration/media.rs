//! The media archive through the API, playing a moment of a recording and the A-B loop (on a
//! real mpv when `VTA_TEST_MPV=1`).

use std::sync::Arc;
use std::time::Duration;

use app::automation::ivr::ReplayScreen;
use axum::http::{Method, StatusCode};
use serde_json::json;
use store::RecordingStart;

use crate::common::{start, start_with};
use crate::player_common::{real_mpv, start_player};

const MATCH: [&[u8]; 4] = [
    b"pre;FightLoaded;",
    b"at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    b"mch;101;Final;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    b"pt1;3;",
];

fn recording(match_id: i64, path: &str, origin_at_us: i64) -> RecordingStart {
    RecordingStart {
        match_id: Some(match_id),
        connection: "court-1".into(),
        directory: "/rec".into(),
        file_name: "101".into(),
        path: Some(path.into()),
        started_at_us: origin_at_us,
        origin_at_us,
    }
}

#[tokio::test]
async fn recordings_are_listed_newest_first_filtered_and_paged() {
    let fixture = start().await;
    fixture.feed(&MATCH).await;
    let file = fixture.dir.path().join("101.mkv");
    std::fs::write(&file, b"video").unwrap();
    let handle = fixture.store.handle();
    let first = handle
        .recording_started(recording(1, &file.to_string_lossy(), 1_000))
        .await
        .unwrap();
    let second = handle
        .recording_started(recording(1, "/gone/101_part2.mkv", 2_000))
        .await
        .unwrap();
    handle.flush().await.unwrap();

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
    let (status, body) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"match_id": 1, "at_us": 5_000_000})),
        )
        .await;
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
    let handle = fixture.store.handle();
    let id = handle
        .recording_started(recording(1, &file.to_string_lossy(), 1_000_000))
        .await
        .unwrap();
    handle.flush().await.unwrap();
    let (status, body) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"match_id": 1, "at_us": 5_000_000})),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"recording_id": id + 1})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"match_id": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({"point": "a"})),
        )
        .await;
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
    let handle = fixture.store.handle();
    handle
        .recording_started(recording(1, &clip.to_string_lossy(), origin_at_us))
        .await
        .unwrap();
    handle.flush().await.unwrap();

    // 8 s into the recording: playback from 5 s.
    let (status, played) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"match_id": 1, "at_us": origin_at_us + 8_000_000})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{played}");
    assert_eq!(played["offset_seconds"], 5.0);
    assert_eq!(played["path"], clip.to_string_lossy().as_ref());
    let position = player.position().await.unwrap().expect("a position");
    assert!((4.0..6.5).contains(&position), "at {position} s");

    player.pause().await.unwrap();
    let (status, a_only) = fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({"point": "a"})),
        )
        .await;
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
    let (_, both) = fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({"point": "b"})),
        )
        .await;
    let b = both["b"].as_f64().expect("b set");
    assert!(b > a + 1.0, "{both}");
    let (looped_a, looped_b) = player.ab_loop().await.unwrap().expect("mpv loops");
    assert!((looped_a - a).abs() < 1e-3 && (looped_b - b).abs() < 1e-3);
    let (_, cleared) = fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({"point": "clear"})),
        )
        .await;
    assert_eq!(cleared, json!({"a": null, "b": null}));
    assert_eq!(player.ab_loop().await.unwrap(), None);

    // A moment before the file's start plays from its start.
    let (_, clamped) = fixture
        .call(
            Method::POST,
            "/api/replay/play",
            Some(json!({"match_id": 1, "at_us": origin_at_us + 1_000_000})),
        )
        .await;
    assert_eq!(clamped["offset_seconds"], 0.0, "{clamped}");
    let (status, _) = fixture
        .call(Method::POST, "/api/replay/close", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = fixture
        .call(
            Method::POST,
            "/api/replay/loop",
            Some(json!({"point": "a"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "nothing on screen after the close"
    );
    fixture.stop().await;
}
