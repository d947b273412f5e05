//! Real OBS and real mpv: each challenge opens the clip saved for it and the stream scene
//! follows; mpv killed during a replay; the replay buffer stopped at a challenge.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use app::automation::ivr::{IvrConfig, IvrStatus};
use player::PlayerState;

use crate::common::{next_saved_clip, real_obs, Harness, MATCH_OPENING};

/// The REC profile's keyframe interval (`keyint=30` at 30 fps, scripts/obs-headless).
const KEYFRAME_INTERVAL_MS: i64 = 1_000;
/// How late mpv's position may be read after the first frame (about three frames).
const READ_LATE_MS: i64 = 100;
/// Millisecond rounding of the row's times.
const ROUNDING_MS: i64 = 40;

/// A lead that fits in the few seconds of buffer the tests wait for.
fn config() -> IvrConfig {
    IvrConfig {
        lead: Duration::from_secs(3),
        ..IvrConfig::default()
    }
}

fn is_playing(status: &IvrStatus) -> bool {
    matches!(status, IvrStatus::Playing { .. })
}

fn is_closed(status: &IvrStatus) -> bool {
    matches!(status, IvrStatus::Closed { .. })
}

async fn program_scene(harness: &Harness) -> String {
    harness
        .observer
        .scenes()
        .current_program()
        .await
        .expect("program scene")
}

/// Waits until the player's state satisfies `done`.
async fn player_state(harness: &Harness, done: impl Fn(&PlayerState) -> bool) -> PlayerState {
    let mut state = harness.player.state();
    let reached = tokio::time::timeout(Duration::from_secs(3), state.wait_for(done)).await;
    match reached {
        Ok(Ok(state)) => state.clone(),
        _ => panic!("player state still {:?}", *harness.player.state().borrow()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_challenges_each_open_their_own_clip_and_the_stream_scene_follows() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let mut harness = Harness::start(obs, config(), Duration::from_secs(5)).await;
    harness.send(MATCH_OPENING).await;
    let mut obs_events = harness.observer.events();
    let mut previous: Option<PathBuf> = None;
    let mut saved_clips = Vec::new();
    let mut shown_starts = Vec::new();
    for index in 0..5 {
        let side = if index % 2 == 0 { 1 } else { 2 };
        let requested_at = SystemTime::now();
        harness
            .send(&["clk;1:40;stop;", &format!("ch{side};")])
            .await;
        let saved = next_saved_clip(&mut obs_events, Duration::from_secs(5))
            .await
            .expect("obs saves a clip");
        let playing = harness
            .status(Duration::from_secs(8), is_playing)
            .await
            .expect("the replay plays");
        let IvrStatus::Playing {
            path, start_offset, ..
        } = playing
        else {
            unreachable!()
        };
        shown_starts.push(start_offset);
        assert_eq!(path, saved, "challenge {index} opens the clip saved for it");
        assert_ne!(Some(&path), previous.as_ref(), "never the previous clip");
        let written = std::fs::metadata(&path)
            .and_then(|meta| meta.modified())
            .expect("the clip exists");
        assert!(
            written >= requested_at,
            "the clip was written after the request"
        );
        let duration = harness.player.duration().await.unwrap().unwrap();
        assert!((2.0..=25.0).contains(&duration), "clip of {duration} s");
        let shown = player_state(&harness, |state| {
            matches!(
                state,
                PlayerState::Playing { .. } | PlayerState::Ended { .. }
            )
        })
        .await;
        assert!(
            matches!(&shown, PlayerState::Playing { path: p } | PlayerState::Ended { path: p } if *p == path),
            "{shown:?}"
        );
        assert_eq!(program_scene(&harness).await, "IVR_SCENE");

        let resolution = if index % 2 == 0 {
            format!("ch{side};1;1;")
        } else {
            format!("ch{side};0;")
        };
        harness.send(&[&resolution]).await;
        let closed = harness
            .status(Duration::from_secs(3), is_closed)
            .await
            .expect("the replay closes");
        assert!(matches!(&closed, IvrStatus::Closed { reason, .. } if reason == "resolved"));
        assert_eq!(program_scene(&harness).await, "LIVE_SCENE");
        player_state(&harness, |state| *state == PlayerState::Idle).await;
        assert!(harness.observer.replay_buffer().status().await.unwrap());
        // The next challenge follows at once: OBS names clips to the second, so its save is
        // in the last clip's second and the flow must hold it until the next one.
        harness.send(&["clk;1:40;start;"]).await;
        previous = Some(path);
        saved_clips.push(saved);
    }

    let rows = harness.rows().await;
    assert_eq!(rows.len(), 5);
    let distinct: HashSet<_> = rows.iter().map(|row| row.clip_path.clone()).collect();
    assert_eq!(distinct.len(), 5, "five different clips");
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(
            row.clip_path.as_deref(),
            Some(saved_clips[index].to_string_lossy().as_ref())
        );
        assert_eq!(
            (row.status.as_str(), row.close_reason.as_deref()),
            ("closed", Some("resolved"))
        );
        assert_eq!(
            row.side.as_deref(),
            Some(if index % 2 == 0 { "blue" } else { "red" })
        );
        let expected = if index % 2 == 0 {
            ("accepted", Some(true))
        } else {
            ("denied", None)
        };
        assert_eq!((row.outcome.as_deref().unwrap(), row.won), expected);
        let stages = row.stage_times();
        assert!(stages.iter().all(Option::is_some), "incomplete row {row:?}");
        assert!(
            stages.windows(2).all(|pair| pair[0] <= pair[1]),
            "stages out of order: {row:?}"
        );
        // The lead (3 s) asks for a start that far before the request: the clip ends when OBS
        // answered the save, so that point lies (clip end - request) + lead before the clip's
        // end. Playback starts on the keyframe at or before it: up to one keyframe interval
        // earlier, never later (the row holds mpv's position read just after the first frame,
        // up to a frame or two late).
        let duration_ms = row.clip_duration_ms.expect("clip length");
        let from_end_ms = (row.clip_end_at_us.unwrap() - row.requested_at_us) / 1000 + 3_000;
        // A clip shorter than that (a challenge soon after the buffer started) starts at 0.
        let asked_start_ms = (duration_ms - from_end_ms).max(0);
        let start_ms = row.start_offset_ms.expect("start offset");
        assert_eq!(
            start_ms,
            shown_starts[index].as_millis() as i64,
            "the status says where playback started"
        );
        eprintln!("challenge {index}: started at {start_ms} ms, asked for {asked_start_ms} ms");
        assert!(
            start_ms <= asked_start_ms + READ_LATE_MS
                && start_ms >= asked_start_ms - KEYFRAME_INTERVAL_MS - ROUNDING_MS,
            "started at {start_ms} ms, asked for {asked_start_ms} ms: {row:?}"
        );
        assert_eq!(row.failure, None);
    }
    let match_id = rows[0].match_id.expect("the match");
    let links = harness
        .store
        .reader()
        .unwrap()
        .event_ivr_links(match_id)
        .unwrap();
    for row in &rows {
        let linked: Vec<_> = links
            .iter()
            .filter(|link| link.challenge_id == row.id)
            .collect();
        assert!(
            !linked.is_empty(),
            "events before challenge {} are linked",
            row.id
        );
        assert!(linked
            .iter()
            .all(|link| Some(&link.ivr_link) == row.clip_path.as_ref()));
        let duration_ms = row.clip_duration_ms.unwrap();
        assert!(linked.iter().all(|link| link
            .clip_offset_ms
            .is_some_and(|offset| (0..=duration_ms).contains(&offset))));
    }
    harness.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mpv_killed_during_a_replay_the_next_challenge_still_plays() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let mut harness = Harness::start(obs, config(), Duration::from_secs(5)).await;
    harness.send(MATCH_OPENING).await;
    harness.send(&["clk;1:30;stop;", "ch1;"]).await;
    let IvrStatus::Playing { path: first, .. } = harness
        .status(Duration::from_secs(8), is_playing)
        .await
        .expect("the first replay plays")
    else {
        unreachable!()
    };
    let pid = harness.player.process_id().expect("mpv pid");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    harness.send(&["ch1;0;"]).await;
    harness
        .status(Duration::from_secs(3), is_closed)
        .await
        .expect("the replay closes without mpv");
    assert_eq!(program_scene(&harness).await, "LIVE_SCENE");

    harness.send(&["ch2;"]).await;
    let IvrStatus::Playing { path: second, .. } = harness
        .status(Duration::from_secs(8), is_playing)
        .await
        .expect("the next replay plays on a new mpv")
    else {
        unreachable!()
    };
    assert_ne!(first, second);
    assert_ne!(harness.player.process_id(), Some(pid), "a new mpv");
    assert_eq!(program_scene(&harness).await, "IVR_SCENE");
    harness.send(&["ch2;-1;"]).await;
    harness
        .status(Duration::from_secs(3), is_closed)
        .await
        .unwrap();
    let rows = harness.rows().await;
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|row| row.status == "closed" && row.first_frame_at_us.is_some()));
    harness.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_replay_buffer_fails_clearly_within_the_timeout_and_is_started_again() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let mut harness = Harness::start(obs, config(), Duration::from_secs(2)).await;
    harness.send(MATCH_OPENING).await;
    harness
        .observer
        .replay_buffer()
        .stop()
        .await
        .expect("stop buffer");
    let stopped = tokio::time::timeout(Duration::from_secs(5), async {
        while harness.observer.replay_buffer().status().await.unwrap() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(stopped.is_ok(), "the replay buffer stops");

    let asked = std::time::Instant::now();
    harness.send(&["clk;1:20;stop;", "ch2;"]).await;
    let failed = harness
        .status(Duration::from_secs(6), |status| {
            matches!(status, IvrStatus::Failed { .. })
        })
        .await
        .expect("the operator is told");
    assert!(
        asked.elapsed() <= Duration::from_secs(5),
        "told after {:?}",
        asked.elapsed()
    );
    let IvrStatus::Failed { reason, .. } = failed else {
        unreachable!()
    };
    assert_eq!(
        reason,
        "the replay buffer is not running on obs connection \"OBS\""
    );
    let rows = harness.rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "failed");
    assert_eq!(rows[0].failure.as_deref(), Some(reason.as_str()));
    assert_eq!(program_scene(&harness).await, "LIVE_SCENE");
    let restarted = tokio::time::timeout(Duration::from_secs(15), async {
        while !harness.observer.replay_buffer().status().await.unwrap() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(restarted.is_ok(), "the flow starts the replay buffer again");

    // The operator's retry takes the same path and plays.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let retry = harness.ivr.replay_now().await.expect("replay now");
    let playing = harness
        .status(Duration::from_secs(8), is_playing)
        .await
        .expect("the retry plays");
    assert!(matches!(playing, IvrStatus::Playing { replay_id, .. } if replay_id == retry));
    assert!(harness.ivr.close().await.unwrap());
    harness
        .status(Duration::from_secs(3), is_closed)
        .await
        .unwrap();
    harness.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn obs_frozen_at_a_challenge_fails_clearly_within_the_timeout() {
    let Some((_guard, obs)) = real_obs().await else {
        return;
    };
    let mut harness = Harness::start(obs, config(), Duration::from_secs(2)).await;
    harness.send(MATCH_OPENING).await;
    obs.signal("STOP").expect("freeze OBS");
    let asked = std::time::Instant::now();
    harness.send(&["clk;1:10;stop;", "ch1;"]).await;
    let failed = harness
        .status(Duration::from_secs(7), |status| {
            matches!(status, IvrStatus::Failed { .. })
        })
        .await;
    let told_after = asked.elapsed();
    obs.signal("CONT").expect("thaw OBS");
    let IvrStatus::Failed { reason, .. } = failed.expect("the operator is told") else {
        unreachable!()
    };
    // Told within the 5 s clip timeout (plus the status round trips).
    assert!(
        told_after <= Duration::from_millis(5_500),
        "told after {told_after:?}"
    );
    assert!(
        reason.starts_with("obs connection \"OBS\"")
            || reason.starts_with("no replay clip from obs connection \"OBS\""),
        "{reason}"
    );
    let rows = harness.rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "failed");
    assert_eq!(rows[0].failure.as_deref(), Some(reason.as_str()));
    harness.stop().await;
}
