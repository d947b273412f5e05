//! The operator's tables: settings kept as JSON text under a key, marks, and the `folded` flag
//! of datagrams ignored in manual mode (or from a source not followed, and taken into the live
//! match when it is); across a close and a reopen of the file.

use std::sync::Arc;

use store::{
    AdoptedDatagram, AdoptedMatch, EventContext, EventFilter, MarkFilter, MarkStart, MatchSnapshot,
    Reader, Store, StoreConfig,
};

use crate::common::{opening, start_store, tick, T0_US};

fn mark(match_id: Option<i64>, at_us: i64, note: &str) -> MarkStart {
    MarkStart {
        match_id,
        at_us,
        round: match_id.map(|_| 2),
        clock_seconds: match_id.map(|_| 83),
        note: note.into(),
    }
}

#[tokio::test]
async fn a_setting_is_replaced_and_survives_a_reopen() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let reader = test.store.reader().unwrap();
    assert_eq!(reader.setting("settings").unwrap(), None);
    handle
        .save_setting("settings", r#"{"replay":{"lead_seconds":10.0}}"#)
        .await
        .unwrap();
    handle.save_setting("manual_mode", "true").await.unwrap();
    handle
        .save_setting("settings", r#"{"replay":{"lead_seconds":6.5}}"#)
        .await
        .unwrap();
    assert_eq!(
        reader.setting("settings").unwrap().as_deref(),
        Some(r#"{"replay":{"lead_seconds":6.5}}"#)
    );
    let path = test.path.clone();
    test.store.close().unwrap();

    let reopened = Store::open(StoreConfig::new(&path)).unwrap();
    let reader = reopened.reader().unwrap();
    assert_eq!(
        reader.setting("manual_mode").unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        reader.setting("settings").unwrap().as_deref(),
        Some(r#"{"replay":{"lead_seconds":6.5}}"#)
    );
    reopened.close().unwrap();
}

#[tokio::test]
async fn marks_are_listed_oldest_first_by_match_and_paged() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let first = handle.mark(mark(None, T0_US, "")).await.unwrap();
    let second = handle
        .mark(mark(Some(7), T0_US + 1, "kick to the head?"))
        .await
        .unwrap();
    let third = handle
        .mark(mark(Some(7), T0_US + 2, "coach"))
        .await
        .unwrap();
    handle
        .mark(mark(Some(9), T0_US + 3, "other match"))
        .await
        .unwrap();
    assert!(first < second && second < third);

    let reader = test.store.reader().unwrap();
    let all = reader.marks(&MarkFilter::default()).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].match_id, None);
    assert_eq!((all[0].round, all[0].clock_seconds), (None, None));
    let of_seven = reader
        .marks(&MarkFilter {
            match_id: Some(7),
            ..MarkFilter::default()
        })
        .unwrap();
    let notes: Vec<&str> = of_seven.iter().map(|m| m.note.as_str()).collect();
    assert_eq!(notes, ["kick to the head?", "coach"]);
    assert_eq!(
        (of_seven[0].round, of_seven[0].clock_seconds),
        (Some(2), Some(83))
    );
    let page = reader
        .marks(&MarkFilter {
            match_id: None,
            limit: Some(2),
            offset: 1,
        })
        .unwrap();
    assert_eq!(
        page.iter().map(|m| m.id).collect::<Vec<_>>(),
        [second, third]
    );
    assert_eq!(
        reader.mark(third).unwrap().map(|m| m.at_us),
        Some(T0_US + 2)
    );
    assert_eq!(reader.mark(999).unwrap(), None);
    test.store.close().unwrap();
}

#[tokio::test]
async fn a_datagram_keeps_whether_it_was_folded() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    handle.append(tick(1, 100)).await.unwrap();
    let mut ignored = tick(2, 99);
    ignored.folded = false;
    handle.append(ignored).await.unwrap();
    handle.flush().await.unwrap();
    let path = test.path.clone();
    test.store.close().unwrap();
    let stored = Reader::open(&path).unwrap().datagrams_from(0).unwrap();
    assert_eq!(
        stored.iter().map(|d| (d.seq, d.folded)).collect::<Vec<_>>(),
        [(1, true), (2, false)]
    );
}

/// Issue #20: a source's datagrams, stored unfolded while another was followed, are taken
/// into the live match when the operator follows it.
#[tokio::test]
async fn adopted_datagrams_join_their_match_with_their_events_context() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (live, records) = opening(1);
    // Received while another source was followed: unfolded, in no match.
    for mut record in records {
        record.folded = false;
        record.match_snapshot = None;
        for event in &mut record.events {
            (event.match_id, event.round, event.clock_seconds) = (None, None, None);
        }
        handle.append(record).await.unwrap();
    }
    let context = |seq: u64| EventContext {
        match_id: Some(1),
        round: (seq >= 4).then_some(1),
        clock_seconds: (seq >= 6).then_some(120),
    };
    let datagrams = (1..=6)
        .map(|seq| AdoptedDatagram {
            seq,
            received_at_us: T0_US + seq as i64 * 1_000,
            events: vec![context(seq); if seq == 2 { 2 } else { 1 }],
        })
        .collect();
    let adopted = AdoptedMatch {
        datagrams,
        snapshot: Some(MatchSnapshot {
            match_id: 1,
            state: Arc::new(live.state.clone()),
        }),
    };
    assert_eq!(handle.adopt(adopted).await.unwrap(), 6);
    let path = test.path.clone();
    test.store.close().unwrap();

    let reader = Reader::open(&path).unwrap();
    let stored = reader.datagrams_from(0).unwrap();
    assert!(stored.iter().all(|d| d.folded && d.match_id == Some(1)));
    let events = reader
        .events(EventFilter {
            match_id: Some(1),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 7);
    let last = events.last().unwrap();
    assert_eq!(
        (last.seq, last.round, last.clock_seconds),
        (6, Some(1), Some(120))
    );
    let row = reader.match_by_id(1).unwrap().expect("the match is stored");
    assert_eq!(row.number.as_deref(), Some("101"));
    assert_eq!(row.blue.ioc.as_deref(), Some("MRN"));
    assert_eq!(row.updated_seq, 6);
}
