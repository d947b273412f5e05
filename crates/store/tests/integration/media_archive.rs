//! The media archive: recordings and challenge clips in one list with their match, filtered
//! and paged, and the recording that covers a moment.

use store::{
    IvrChallengeProgress, IvrChallengeStart, MediaFilter, MediaKind, RecordingStart, RecordingStop,
};

use crate::common::{blue_head_kick, opening, start_store, T0_US};

fn recording(match_id: i64, origin_at_us: i64) -> RecordingStart {
    RecordingStart {
        match_id: Some(match_id),
        connection: "REC".into(),
        directory: "/rec/Open/2026-11-25".into(),
        file_name: format!("{match_id}_DESMOND_MRN_vs_THIBAULT_SUI"),
        path: Some(format!("/rec/{match_id}.mkv")),
        started_at_us: origin_at_us + 100,
        origin_at_us,
    }
}

fn page(limit: u64) -> MediaFilter {
    MediaFilter {
        limit,
        ..MediaFilter::default()
    }
}

#[tokio::test]
async fn recordings_and_clips_are_listed_newest_first_with_their_match_and_filters() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut first, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.append(blue_head_kick(&mut first, 7)).await.unwrap();
    let (second, records) = opening(20);
    for record in records {
        handle.append(record).await.unwrap();
    }
    let first_recording = handle
        .recording_started(recording(first.match_id, T0_US + 2_000))
        .await
        .unwrap();
    handle
        .recording_stopped(RecordingStop {
            id: first_recording,
            stopped_at_us: T0_US + 9_000,
            path: None,
            duration_ms: Some(7),
            timecode: None,
            end_reason: "match over".into(),
        })
        .await
        .unwrap();
    let second_recording = handle
        .recording_started(recording(second.match_id, T0_US + 21_000))
        .await
        .unwrap();
    let clip = handle
        .ivr_challenge_started(IvrChallengeStart {
            match_id: Some(first.match_id),
            challenge_index: Some(0),
            trigger: "challenge".into(),
            side: Some("blue".into()),
            seq: Some(7),
            requested_at_us: T0_US + 7_000,
            link_window_ms: 20_000,
            lead_ms: 10_000,
            status: "saving".into(),
        })
        .await
        .unwrap();
    handle
        .ivr_challenge_progress(IvrChallengeProgress {
            id: clip,
            clip_path: Some("/rec/Replay 1.mkv".into()),
            clip_end_at_us: Some(T0_US + 8_000),
            clip_duration_ms: Some(4),
            ..Default::default()
        })
        .await
        .unwrap();
    handle.flush().await.unwrap();
    let reader = test.store.reader().unwrap();

    let all = reader.media_archive(&page(50)).unwrap();
    let listed: Vec<(MediaKind, i64, i64)> = all
        .iter()
        .map(|row| (row.kind, row.id, row.started_at_us))
        .collect();
    // The clip ends when OBS answered the save and is 4 ms long.
    assert_eq!(
        listed,
        vec![
            (MediaKind::Recording, second_recording, T0_US + 21_100),
            (MediaKind::Clip, clip, T0_US + 4_000),
            (MediaKind::Recording, first_recording, T0_US + 2_100),
        ]
    );
    let first_row = &all[2];
    assert_eq!(first_row.path.as_deref(), Some("/rec/1.mkv"));
    assert_eq!(first_row.match_number.as_deref(), Some("101"));
    assert_eq!(first_row.weight_class.as_deref(), Some("M- 80 kg"));
    assert_eq!(first_row.blue.name.as_deref(), Some("Nicolas DESMOND"));
    assert_eq!(first_row.red.ioc.as_deref(), Some("SUI"));
    assert_eq!(first_row.stopped_at_us, Some(T0_US + 9_000));
    assert_eq!(first_row.event_kinds, ["point"]);
    assert!(all[0].event_kinds.is_empty(), "match 20 has no point");
    assert_eq!(all[1].stopped_at_us, Some(T0_US + 8_000));

    let ids = |filter: MediaFilter| -> Vec<(MediaKind, i64)> {
        reader
            .media_archive(&filter)
            .unwrap()
            .iter()
            .map(|row| (row.kind, row.id))
            .collect()
    };
    let clips = ids(MediaFilter {
        kind: Some(MediaKind::Clip),
        ..page(50)
    });
    assert_eq!(clips, [(MediaKind::Clip, clip)]);
    let of_first = ids(MediaFilter {
        match_id: Some(first.match_id),
        kind: Some(MediaKind::Recording),
        ..page(50)
    });
    assert_eq!(of_first, [(MediaKind::Recording, first_recording)]);
    let with_points = ids(MediaFilter {
        event_kind: Some("point".into()),
        ..page(50)
    });
    assert_eq!(with_points.len(), 2, "the first match's recording and clip");
    assert_eq!(
        ids(MediaFilter {
            text: Some("thibault".into()),
            ..page(50)
        })
        .len(),
        3
    );
    assert_eq!(
        ids(MediaFilter {
            text: Some("sui".into()),
            ..page(50)
        })
        .len(),
        3,
        "IOC, any case"
    );
    assert!(ids(MediaFilter {
        text: Some("nobody".into()),
        ..page(50)
    })
    .is_empty());
    let one = ids(MediaFilter {
        kind: Some(MediaKind::Recording),
        id: Some(first_recording),
        ..page(50)
    });
    assert_eq!(one, [(MediaKind::Recording, first_recording)]);
    let second_page = ids(MediaFilter {
        offset: 1,
        ..page(1)
    });
    assert_eq!(second_page, [(MediaKind::Clip, clip)]);

    // The moment of the head kick (datagram 7) lies in the first recording, not after its stop.
    let covering = reader
        .recording_at(first.match_id, T0_US + 7_000)
        .unwrap()
        .expect("covered");
    assert_eq!(covering.id, first_recording);
    assert!(reader
        .recording_at(first.match_id, T0_US + 9_001)
        .unwrap()
        .is_none());
    assert!(reader
        .recording_at(first.match_id, T0_US + 1_000)
        .unwrap()
        .is_none());
    let running = reader
        .recording_at(second.match_id, T0_US + 90_000)
        .unwrap()
        .expect("a recording without a stop covers what follows");
    assert_eq!(running.id, second_recording);
}
