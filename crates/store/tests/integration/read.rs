//! The read side: a reader beside a busy writer, event filters, byte-exact datagrams, parse
//! status, the integrity check and the active tournament day.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use pss::Message;
use store::{EventFilter, ParseStatus, Reader, Store, StoreConfig};

use crate::common::{blue_head_kick, opening, record, start_store, tick, T0_US, UNDO_V9_V10};

#[tokio::test]
async fn a_reader_queries_while_the_writer_writes() {
    let test = start_store(|config| config.batch_max = 64);
    let handle = test.store.handle();
    let reader = test.store.reader().unwrap();
    let writing = Arc::new(AtomicBool::new(true));
    let still_writing = Arc::clone(&writing);
    let watcher = std::thread::spawn(move || {
        let mut counts = Vec::new();
        while still_writing.load(Ordering::Relaxed) {
            counts.push(reader.datagram_count().expect("count while writing"));
            std::thread::sleep(Duration::from_millis(1));
        }
        counts.push(reader.datagram_count().expect("count after writing"));
        counts
    });
    for seq in 1..=20_000 {
        handle.append(tick(seq, 60)).await.unwrap();
    }
    handle.flush().await.unwrap();
    writing.store(false, Ordering::Relaxed);
    let counts = watcher.join().unwrap();
    assert!(
        counts.windows(2).all(|pair| pair[0] <= pair[1]),
        "counts never go back"
    );
    assert_eq!(counts.last(), Some(&20_000));
    assert!(
        counts.iter().any(|&count| 0 < count && count < 20_000),
        "saw the store mid-write: {counts:?}"
    );
    test.store.close().unwrap();
}

#[tokio::test]
async fn events_filter_by_match_and_kind_with_limit_and_offset() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    for seq in 7..=11 {
        handle.append(blue_head_kick(&mut live, seq)).await.unwrap();
    }
    handle.append(tick(12, 50)).await.unwrap();
    handle.flush().await.unwrap();
    let reader = test.store.reader().unwrap();

    let all = reader.events(EventFilter::default()).unwrap();
    assert_eq!(all.len(), 7 + 10 + 1);
    assert!(all
        .windows(2)
        .all(|pair| (pair[0].seq, pair[0].idx) < (pair[1].seq, pair[1].idx)));
    let in_match = reader
        .events(EventFilter {
            match_id: Some(1),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(in_match.len(), 17, "the tick outside any match is left out");
    let points = EventFilter {
        match_id: Some(1),
        kind: Some("point".into()),
        limit: Some(2),
        offset: 1,
    };
    let seqs: Vec<u64> = reader
        .events(points)
        .unwrap()
        .iter()
        .map(|event| event.seq)
        .collect();
    assert_eq!(seqs, vec![8, 9]);
    let none = reader
        .events(EventFilter {
            match_id: Some(2),
            ..EventFilter::default()
        })
        .unwrap();
    assert!(none.is_empty());
    test.store.close().unwrap();
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_stored_byte_exact() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let bytes = b"at1;A. M\xfcLLER;Anna M\xfcller;GER;\xff\x00\r\n".to_vec();
    let raw = Message::Raw {
        text: "\u{fffd}".into(),
        reason: "unknown stream".into(),
    };
    let mut sent = record(1, &bytes, vec![raw]);
    sent.received_at_us = T0_US;
    handle.append(sent).await.unwrap();
    handle.flush().await.unwrap();
    let stored = test.store.reader().unwrap().datagrams_from(1).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].bytes, bytes);
    assert_eq!(stored[0].received_at_us, T0_US);
    test.store.close().unwrap();
}

#[tokio::test]
async fn parse_status_follows_the_raw_messages() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let raw = || Message::Raw {
        text: "xyz;1;".into(),
        reason: "unknown stream \"xyz\"".into(),
    };
    let video = || Message::VideoTime { value: 0 };
    handle
        .append(record(1, b"avt;0;", vec![video()]))
        .await
        .unwrap();
    handle
        .append(record(2, b"avt;0;xyz;1;", vec![video(), raw()]))
        .await
        .unwrap();
    handle
        .append(record(3, b"xyz;1;", vec![raw()]))
        .await
        .unwrap();
    handle.append(record(4, b"", vec![])).await.unwrap();
    handle.flush().await.unwrap();
    let reader = test.store.reader().unwrap();
    let statuses: Vec<ParseStatus> = reader
        .datagrams_from(0)
        .unwrap()
        .iter()
        .map(|d| d.parse_status)
        .collect();
    assert_eq!(
        statuses,
        vec![
            ParseStatus::Ok,
            ParseStatus::Partial,
            ParseStatus::Error,
            ParseStatus::Error
        ]
    );
    let raw_events = reader
        .events(EventFilter {
            kind: Some("raw".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(raw_events.len(), 2);
    let data: serde_json::Value =
        serde_json::from_str(raw_events[0].data.as_deref().unwrap()).unwrap();
    assert_eq!(
        data,
        serde_json::json!({"text": "xyz;1;", "reason": "unknown stream \"xyz\""})
    );
    test.store.close().unwrap();
}

#[tokio::test]
async fn integrity_check_is_ok_after_writing() {
    let test = start_store(|config| config.batch_max = 100);
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    for seq in 7..=2_000 {
        let record = if seq % 10 == 0 {
            blue_head_kick(&mut live, seq)
        } else {
            tick(seq, 60)
        };
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    assert_eq!(
        test.store.reader().unwrap().integrity_check().unwrap(),
        "ok"
    );
    test.store.close().unwrap();
    assert_eq!(
        Reader::open(&test.path).unwrap().integrity_check().unwrap(),
        "ok"
    );
}

#[tokio::test]
async fn the_first_match_creates_the_active_day_of_the_tournament_named_at_the_first_start() {
    let test = start_store(|config| config.tournament = "Open Riga 2026".into());
    let handle = test.store.handle();
    handle.append(tick(1, 60)).await.unwrap();
    handle.flush().await.unwrap();
    assert_eq!(
        test.store.reader().unwrap().active_day().unwrap(),
        None,
        "no match, no day"
    );

    let (_, records) = opening(2);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    let day = test
        .store
        .reader()
        .unwrap()
        .active_day()
        .unwrap()
        .expect("a day");
    assert_eq!(day.tournament, "Open Riga 2026");
    assert!(day.active);
    assert_eq!(
        day.created_at_us,
        T0_US + 2_000,
        "created by the receive time of the loading datagram"
    );
    let is_date = day.day.len() == 10
        && day.day.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    assert!(is_date, "{:?}", day.day);
    test.store.close().unwrap();

    // `--tournament` names only the first tournament: a later start with another name files
    // the next match under the tournament and day in force.
    let mut config = StoreConfig::new(&test.path);
    config.tournament = "Dutch Open".into();
    let store = Store::open(config).unwrap();
    let handle = store.handle();
    let (_, records) = opening(100);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    let reader = store.reader().unwrap();
    let still = reader.active_day().unwrap().expect("a day");
    assert_eq!(still.tournament, "Open Riga 2026");
    assert_eq!(still.id, day.id);
    let days: Vec<Option<i64>> = reader
        .matches()
        .unwrap()
        .iter()
        .map(|row| row.tournament_day_id)
        .collect();
    assert_eq!(days, vec![Some(day.id), Some(day.id)]);
    store.close().unwrap();
}

#[tokio::test]
async fn a_match_loaded_on_a_later_date_opens_a_new_day() {
    const DAY_US: i64 = 86_400_000_000;
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    let first_day = test
        .store
        .reader()
        .unwrap()
        .active_day()
        .unwrap()
        .expect("a day");

    // The next morning: match 1 still gets a late update, then match 100 loads.
    let mut late_update = blue_head_kick(&mut live, 99);
    late_update.received_at_us += DAY_US;
    handle.append(late_update).await.unwrap();
    handle.flush().await.unwrap();
    let (_, records) = opening(100);
    for mut record in records {
        record.received_at_us += DAY_US;
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();

    let reader = test.store.reader().unwrap();
    let second_day = reader.active_day().unwrap().expect("a day");
    assert_ne!(second_day.id, first_day.id);
    assert_ne!(second_day.day, first_day.day);
    assert_eq!(second_day.tournament, first_day.tournament);
    let days: Vec<(i64, Option<i64>)> = reader
        .matches()
        .unwrap()
        .iter()
        .map(|row| (row.id, row.tournament_day_id))
        .collect();
    assert_eq!(
        days,
        vec![(100, Some(second_day.id)), (1, Some(first_day.id))]
    );
    test.store.close().unwrap();
}

#[tokio::test]
async fn matches_stored_before_named_days_keep_their_tournament_and_day() {
    let test = start_store(|config| config.tournament = "Open Riga 2026".into());
    let handle = test.store.handle();
    let (_, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    let path = test.path.clone();
    test.store.close().unwrap();
    // The file as version 8 left it: no names, marks, tallies or days on the media.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(UNDO_V9_V10).unwrap();
    conn.pragma_update(None, "user_version", 8).unwrap();
    drop(conn);

    let store = Store::open(StoreConfig::new(&path)).expect("migrates from 8");
    let reader = store.reader().unwrap();
    let matches = reader.matches().unwrap();
    let filed = matches[0].filed.clone().expect("still filed");
    assert_eq!(filed.tournament, "Open Riga 2026");
    assert_eq!(
        filed.day, filed.date,
        "a day from before is named by its date"
    );
    let day = reader.active_day().unwrap().expect("the day stays active");
    assert_eq!(
        (day.id, day.tournament.as_str()),
        (filed.day_id, "Open Riga 2026")
    );
    // The tallies were counted from the events already stored.
    let counted: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT sum(n) FROM event_tallies", [], |row| row.get(0))
        .unwrap();
    let events: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM events WHERE match_id IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(counted, events);
    store.close().unwrap();
}
