//! The OBS tables: stored connections, recordings with their `rec_timestamp` offsets, and
//! stream sessions, all written through the writer's queue.

use store::{
    ObsConnectionRow, RecordingStart, RecordingStop, StreamSessionStart, StreamSessionStop,
};

use crate::common::{blue_head_kick, opening, start_store, T0_US};

fn connection(name: &str, port: u16) -> ObsConnectionRow {
    ObsConnectionRow {
        name: name.into(),
        host: "127.0.0.1".into(),
        port,
        password_sealed: Some(vec![1, 2, 3, 4]),
        protocol: "auto".into(),
        role: "rec".into(),
        enabled: true,
    }
}

#[tokio::test]
async fn connections_are_saved_replaced_listed_and_deleted() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    handle
        .save_obs_connection(connection("STR", 4456))
        .await
        .unwrap();
    handle
        .save_obs_connection(connection("REC", 4455))
        .await
        .unwrap();
    let mut changed = connection("REC", 4460);
    changed.role = "both".into();
    changed.password_sealed = None;
    changed.enabled = false;
    handle.save_obs_connection(changed.clone()).await.unwrap();

    let reader = test.store.reader().unwrap();
    let rows = reader.obs_connections().unwrap();
    assert_eq!(rows, vec![changed.clone(), connection("STR", 4456)]);
    assert_eq!(reader.obs_connection("REC").unwrap(), Some(changed));

    assert!(handle.delete_obs_connection("REC").await.unwrap());
    assert!(!handle.delete_obs_connection("REC").await.unwrap());
    assert_eq!(reader.obs_connections().unwrap().len(), 1);

    let mut bad = connection("BAD", 4455);
    bad.role = "record".into();
    let refused = handle.save_obs_connection(bad).await.unwrap_err();
    assert!(refused.to_string().contains("CHECK"), "{refused}");
}

#[tokio::test]
async fn events_get_their_offset_inside_the_recordings_of_their_match() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    // Recording of match 1: OBS's timecode zero 2.5 ms after datagram 1 arrived.
    let origin_at_us = T0_US + 1_000 + 2_500;
    let recording_id = handle
        .recording_started(RecordingStart {
            match_id: Some(live.match_id),
            connection: "REC".into(),
            directory: "/rec/Open/2026-11-25".into(),
            file_name: "101_A_MRN_vs_B_SUI".into(),
            path: Some("/rec/Open/2026-11-25/101_A_MRN_vs_B_SUI.mkv".into()),
            started_at_us: origin_at_us + 100,
            origin_at_us,
        })
        .await
        .unwrap();
    handle.append(blue_head_kick(&mut live, 7)).await.unwrap();
    handle
        .recording_stopped(RecordingStop {
            id: recording_id,
            stopped_at_us: T0_US + 7_500,
            path: None,
            duration_ms: Some(4),
            timecode: Some("00:00:00.004".into()),
            end_reason: "match over".into(),
        })
        .await
        .unwrap();
    handle.append(blue_head_kick(&mut live, 8)).await.unwrap();
    handle.flush().await.unwrap();

    let reader = test.store.reader().unwrap();
    let recording = reader.recording(recording_id).unwrap().unwrap();
    assert_eq!(
        recording.path.as_deref(),
        Some("/rec/Open/2026-11-25/101_A_MRN_vs_B_SUI.mkv"),
        "a stop without a path keeps the one from the start"
    );
    assert_eq!(recording.end_reason.as_deref(), Some("match over"));
    assert_eq!(
        reader.recordings(Some(live.match_id)).unwrap(),
        vec![recording]
    );
    assert!(reader.recordings(Some(99)).unwrap().is_empty());

    let events = reader
        .events(store::EventFilter {
            match_id: Some(live.match_id),
            ..Default::default()
        })
        .unwrap();
    let offsets = reader.event_recording_offsets(live.match_id).unwrap();
    // Datagrams 4..=7 arrived inside the recording (3.5 ms .. 7.5 ms after T0); 8 after it.
    let covered: Vec<(u64, i64)> = offsets
        .iter()
        .map(|offset| {
            let event = events
                .iter()
                .find(|event| event.id == offset.event_id)
                .unwrap();
            assert_eq!(offset.recording_id, recording_id);
            (event.seq, offset.rec_timestamp_ms)
        })
        .collect();
    assert_eq!(
        covered,
        vec![(4, 0), (5, 1), (6, 2), (7, 3), (7, 3)],
        "offset = (received_at_us - origin_at_us) / 1000"
    );
}

#[tokio::test]
async fn stream_sessions_keep_start_stop_and_the_reason() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let id = handle
        .stream_session_started(StreamSessionStart {
            connection: "STR".into(),
            started_at_us: T0_US,
            origin_at_us: T0_US - 40_000,
        })
        .await
        .unwrap();
    let reader = test.store.reader().unwrap();
    assert_eq!(reader.stream_sessions().unwrap()[0].stopped_at_us, None);
    handle
        .stream_session_stopped(StreamSessionStop {
            id,
            stopped_at_us: T0_US + 5_000_000,
            duration_ms: Some(5_040),
            timecode: Some("00:00:05.040".into()),
            end_reason: "obs connection lost".into(),
        })
        .await
        .unwrap();
    let sessions = reader.stream_sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].stopped_at_us, Some(T0_US + 5_000_000));
    assert_eq!(
        sessions[0].end_reason.as_deref(),
        Some("obs connection lost")
    );
    assert_eq!(sessions[0].duration_ms, Some(5_040));
}
