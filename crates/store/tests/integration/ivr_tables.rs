//! The instant video replay table: a row per replay filled in stage by stage, and the
//! `event_ivr_links` view that gives the events before a request the clip and their offset.

use store::{IvrChallengeProgress, IvrChallengeStart};

use crate::common::{blue_head_kick, opening, start_store, T0_US};

fn challenge_start(match_id: i64, requested_at_us: i64) -> IvrChallengeStart {
    IvrChallengeStart {
        match_id: Some(match_id),
        challenge_index: Some(0),
        trigger: "challenge".into(),
        side: Some("blue".into()),
        seq: Some(7),
        requested_at_us,
        link_window_ms: 3,
        lead_ms: 10_000,
        status: "saving".into(),
    }
}

#[tokio::test]
async fn a_replay_row_is_filled_in_stage_by_stage_and_links_the_events_before_it() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.append(blue_head_kick(&mut live, 7)).await.unwrap();
    handle.append(blue_head_kick(&mut live, 8)).await.unwrap();
    // Datagram n arrives at T0 + n ms; the request is datagram 7.
    let id = handle
        .ivr_challenge_started(challenge_start(live.match_id, T0_US + 7_000))
        .await
        .unwrap();
    let mut progress = IvrChallengeProgress {
        id,
        rec_connection: Some("REC".into()),
        save_sent_at_us: Some(T0_US + 7_100),
        clip_end_at_us: Some(T0_US + 9_000),
        ..Default::default()
    };
    handle
        .ivr_challenge_progress(progress.clone())
        .await
        .unwrap();
    progress = IvrChallengeProgress {
        id,
        status: Some("playing".into()),
        clip_path: Some("/rec/Replay 1.mkv".into()),
        clip_source: Some("event".into()),
        saved_at_us: Some(T0_US + 9_700),
        clip_duration_ms: Some(20),
        ..Default::default()
    };
    handle.ivr_challenge_progress(progress).await.unwrap();
    handle
        .ivr_challenge_progress(IvrChallengeProgress {
            id,
            status: Some("closed".into()),
            outcome: Some("accepted".into()),
            won: Some(true),
            close_reason: Some("resolved".into()),
            closed_at_us: Some(T0_US + 20_000),
            ..Default::default()
        })
        .await
        .unwrap();
    handle.flush().await.unwrap();

    let reader = test.store.reader().unwrap();
    let row = reader.ivr_challenge(id).unwrap().unwrap();
    assert_eq!(row.status, "closed");
    assert_eq!(
        row.rec_connection.as_deref(),
        Some("REC"),
        "kept from the first update"
    );
    assert_eq!(row.clip_end_at_us, Some(T0_US + 9_000));
    assert_eq!(row.clip_path.as_deref(), Some("/rec/Replay 1.mkv"));
    assert_eq!(
        (row.outcome.as_deref(), row.won),
        (Some("accepted"), Some(true))
    );
    assert_eq!(row.first_frame_at_us, None);
    assert_eq!(
        reader.ivr_challenges(Some(live.match_id)).unwrap(),
        vec![row]
    );
    assert!(reader.ivr_challenges(Some(99)).unwrap().is_empty());

    let events = reader
        .events(store::EventFilter {
            match_id: Some(live.match_id),
            ..Default::default()
        })
        .unwrap();
    // Window: 3 ms before the request, so datagrams 4..=7; the clip (20 ms) starts at T0 - 11 ms.
    let linked: Vec<(u64, Option<i64>)> = reader
        .event_ivr_links(live.match_id)
        .unwrap()
        .iter()
        .map(|link| {
            assert_eq!(link.challenge_id, id);
            assert_eq!(link.ivr_link, "/rec/Replay 1.mkv");
            let event = events
                .iter()
                .find(|event| event.id == link.event_id)
                .unwrap();
            (event.seq, link.clip_offset_ms)
        })
        .collect();
    assert_eq!(
        linked,
        vec![
            (4, Some(15)),
            (5, Some(16)),
            (6, Some(17)),
            (7, Some(18)),
            (7, Some(18))
        ]
    );
}

#[tokio::test]
async fn a_failed_replay_keeps_its_reason_and_links_nothing() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    let id = handle
        .ivr_challenge_started(challenge_start(live.match_id, T0_US + 6_000))
        .await
        .unwrap();
    handle
        .ivr_challenge_progress(IvrChallengeProgress {
            id,
            status: Some("failed".into()),
            failure: Some("the replay buffer is not running on obs connection \"REC\"".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut bad = challenge_start(live.match_id, T0_US);
    bad.status = "lost".into();
    let refused = handle.ivr_challenge_started(bad).await.unwrap_err();
    assert!(refused.to_string().contains("CHECK"), "{refused}");
    handle.flush().await.unwrap();

    let reader = test.store.reader().unwrap();
    let row = reader.ivr_challenge(id).unwrap().unwrap();
    assert_eq!(row.status, "failed");
    assert!(row
        .failure
        .unwrap()
        .contains("replay buffer is not running"));
    assert!(reader.event_ivr_links(live.match_id).unwrap().is_empty());
}
