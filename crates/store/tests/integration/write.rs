//! The write path: append, batch, commit, back-pressure, coalescing of match snapshots,
//! retries after failed writes, refused datagrams, and closing.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use match_state::{ChallengeOutcome, MatchPhase};
use pss::{ChallengeBy, ChallengeStage, CountDirection, Message, Rgb, Side};
use store::{Error, EventFilter, ParseStatus, Reader};

use crate::common::{
    blue_head_kick, committed_up_to, opening, record, start_store, tick, LiveMatch,
};

#[tokio::test]
async fn appended_records_read_back_after_flush() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    let sent = records.clone();
    for record in records {
        handle.append(record).await.expect("append");
    }
    handle
        .append(blue_head_kick(&mut live, 7))
        .await
        .expect("append");
    handle
        .append(live.datagram(
            8,
            "ch2;",
            vec![challenge(Side::Red, ChallengeStage::Requested)],
        ))
        .await
        .unwrap();
    handle
        .append(live.datagram(
            9,
            "ch2;1;0;",
            vec![challenge(
                Side::Red,
                ChallengeStage::Accepted { won: Some(false) },
            )],
        ))
        .await
        .unwrap();
    handle.flush().await.expect("flush");
    assert_eq!(*handle.committed().borrow(), 9);

    let reader = test.store.reader().expect("reader");
    let datagrams = reader.datagrams_from(1).expect("datagrams");
    assert_eq!(datagrams.len(), 9);
    for (stored, sent) in datagrams.iter().zip(&sent) {
        assert_eq!(stored.seq, sent.seq);
        assert_eq!(stored.bytes, sent.bytes);
        assert_eq!(stored.received_at_us, sent.received_at_us);
        assert_eq!(stored.source, sent.source);
        assert_eq!(stored.parse_status, ParseStatus::Ok);
        assert_eq!(stored.match_id, Some(1));
    }
    assert_eq!(reader.max_seq().unwrap(), Some(9));
    assert_eq!(reader.datagram_count().unwrap(), 9);
    assert_eq!(reader.last_match_id().unwrap(), Some(1));

    let points = reader
        .events(EventFilter {
            kind: Some("point".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(points.len(), 1);
    let point = &points[0];
    assert_eq!(
        (point.seq, point.idx, point.side.as_deref(), point.value),
        (7, 0, Some("blue"), Some(3))
    );
    assert_eq!(
        (point.round, point.clock_seconds, point.match_id),
        (Some(1), Some(120), Some(1))
    );
    assert_eq!(point.data.as_deref(), Some(r#"{"point":"head"}"#));
    let total = reader
        .events(EventFilter {
            kind: Some("total_score".into()),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(
        (total[0].seq, total[0].idx, total[0].value),
        (7, 1, Some(3))
    );

    let row = reader.match_by_id(1).unwrap().expect("match 1 stored");
    assert_eq!(row.number.as_deref(), Some("101"));
    assert_eq!(row.phase.as_deref(), Some("Round of 16"));
    assert_eq!(row.weight_class.as_deref(), Some("M- 80 kg"));
    assert_eq!(row.rounds, Some(1));
    assert_eq!(row.blue_background, Some(Rgb { r: 0, g: 0, b: 255 }));
    assert_eq!(
        row.red_foreground,
        Some(Rgb {
            r: 255,
            g: 255,
            b: 255
        })
    );
    assert_eq!(row.pss_match_id.as_deref(), Some("a14ddd5c"));
    assert_eq!(row.division.as_deref(), Some("Senior"));
    assert_eq!(
        (
            row.total_rounds,
            row.round_seconds,
            row.count_up,
            row.format
        ),
        (Some(3), Some(120), Some(18), Some(1))
    );
    assert_eq!(row.count_direction, Some(CountDirection::Down));
    assert_eq!(row.status, MatchPhase::Running);
    assert_eq!(row.blue.short_name.as_deref(), Some("N. DESMOND"));
    assert_eq!(row.blue.long_name.as_deref(), Some("Nicolas DESMOND"));
    assert_eq!(row.red.ioc.as_deref(), Some("SUI"));
    assert!(row.blue.athlete_id.is_some() && row.red.athlete_id.is_some());
    assert_ne!(row.blue.athlete_id, row.red.athlete_id);
    assert_eq!((row.blue.score, row.red.score), (3, 0));
    assert_eq!(
        row.blue.round_scores,
        [0, 0, 0, 0],
        "no s11 was sent, and round 1 is not golden"
    );
    assert_eq!(row.loaded_at_us, Some(sent[0].received_at_us));
    assert_eq!(row.ready_at_us, Some(sent[4].received_at_us));
    assert_eq!(row.started_at_us, Some(sent[5].received_at_us));
    assert_eq!((row.ended_at_us, row.winner), (None, None));
    assert_eq!(row.challenges.len(), 1);
    let challenge_row = row.challenges[0];
    assert_eq!(challenge_row.by, ChallengeBy::Athlete(Side::Red));
    assert_eq!(challenge_row.outcome, ChallengeOutcome::Accepted);
    assert_eq!(challenge_row.won, Some(false));
    assert_eq!(
        (challenge_row.round, challenge_row.clock_seconds),
        (1, Some(120))
    );
    assert!(challenge_row.requested_at_us < challenge_row.resolved_at_us.unwrap());
    assert_eq!(row.updated_seq, 9);
    assert_eq!(
        row.tournament_day_id,
        reader.active_day().unwrap().map(|day| day.id)
    );

    let metrics = handle.metrics();
    assert_eq!(metrics.committed_datagrams, 9);
    assert_eq!(
        (
            metrics.queued,
            metrics.write_errors,
            metrics.rejected_datagrams
        ),
        (0, 0, 0)
    );
    test.store.close().expect("close");
}

#[tokio::test]
async fn a_finished_match_keeps_results_winners_and_every_challenge() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    let (mut live, records) = opening(1);
    for record in records {
        handle.append(record).await.unwrap();
    }
    let wrd = Message::RoundWinners {
        rounds: [Some(Side::Blue), Some(Side::Red), Some(Side::Blue)],
    };
    let finish = vec![
        live.datagram(
            10,
            "ch0;",
            vec![Message::Challenge {
                by: ChallengeBy::Referee,
                stage: ChallengeStage::Requested,
            }],
        ),
        live.datagram(
            11,
            "ch0;0;",
            vec![Message::Challenge {
                by: ChallengeBy::Referee,
                stage: ChallengeStage::Denied,
            }],
        ),
        live.datagram(
            12,
            "ch1;",
            vec![challenge(Side::Blue, ChallengeStage::Requested)],
        ),
        live.datagram(
            13,
            "ch1;-1;",
            vec![challenge(Side::Blue, ChallengeStage::Cancelled)],
        ),
        live.datagram(
            14,
            "wg1;0;wg2;2;",
            vec![
                Message::GamJeom {
                    side: Side::Blue,
                    count: 0,
                },
                Message::GamJeom {
                    side: Side::Red,
                    count: 2,
                },
            ],
        ),
        live.datagram(
            15,
            "s11;5;s21;2;",
            vec![
                Message::RoundScore {
                    side: Side::Blue,
                    round: 1,
                    score: 5,
                },
                Message::RoundScore {
                    side: Side::Red,
                    round: 1,
                    score: 2,
                },
            ],
        ),
        live.datagram(16, "wrd;rd1;1;rd2;2;rd3;1;", vec![wrd]),
        live.datagram(17, "win;BLUE;", vec![Message::Winner { side: Side::Blue }]),
        live.datagram(
            18,
            "wmh;Nicolas DESMOND;2-1 PTF;",
            vec![Message::WinnerShown {
                name: "Nicolas DESMOND".into(),
                classification: Some("2-1 PTF".into()),
            }],
        ),
    ];
    for record in finish {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();

    let row = test
        .store
        .reader()
        .unwrap()
        .match_by_id(1)
        .unwrap()
        .unwrap();
    assert_eq!(row.status, MatchPhase::Finished);
    assert_eq!(
        row.round_winners,
        [Some(Side::Blue), Some(Side::Red), Some(Side::Blue)]
    );
    assert_eq!(row.winner, Some(Side::Blue));
    assert_eq!(row.winner_name.as_deref(), Some("Nicolas DESMOND"));
    assert_eq!(row.classification.as_deref(), Some("2-1 PTF"));
    assert_eq!(row.ended_at_us, Some(live.state.ended_at_us.unwrap()));
    assert_eq!((row.blue.gamjeom, row.red.gamjeom), (0, 2));
    assert_eq!((row.blue.round_scores[0], row.red.round_scores[0]), (5, 2));
    let outcomes: Vec<_> = row
        .challenges
        .iter()
        .map(|c| (c.by, c.outcome, c.won))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (ChallengeBy::Referee, ChallengeOutcome::Denied, None),
            (
                ChallengeBy::Athlete(Side::Blue),
                ChallengeOutcome::Cancelled,
                None
            ),
        ]
    );
    test.store.close().unwrap();
}

#[tokio::test]
async fn a_batch_commits_when_full() {
    let test = start_store(|config| {
        config.batch_max = 10;
        config.batch_interval = Duration::from_secs(30);
    });
    let handle = test.store.handle();
    for seq in 1..=25 {
        handle.append(tick(seq, 120 - seq as u32)).await.unwrap();
    }
    committed_up_to(&handle, 20, Duration::from_secs(10)).await;
    // The last 5 wait for a full batch or the 30 s deadline; give the writer a moment to be
    // wrong before looking.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let metrics = handle.metrics();
    assert_eq!(*handle.committed().borrow(), 20);
    assert_eq!(
        (
            metrics.committed_batches,
            metrics.last_batch_size,
            metrics.committed_datagrams
        ),
        (2, 10, 20)
    );
    assert_eq!(test.store.reader().unwrap().datagram_count().unwrap(), 20);

    handle.flush().await.unwrap();
    assert_eq!(*handle.committed().borrow(), 25);
    assert_eq!(
        (
            handle.metrics().committed_batches,
            handle.metrics().last_batch_size
        ),
        (3, 5)
    );
    test.store.close().unwrap();
}

#[tokio::test]
async fn a_batch_commits_when_its_time_is_up() {
    let interval = Duration::from_millis(150);
    let test = start_store(|config| {
        config.batch_max = 1000;
        config.batch_interval = interval;
    });
    let handle = test.store.handle();
    let started = Instant::now();
    for seq in 1..=3 {
        handle.append(tick(seq, 100)).await.unwrap();
    }
    committed_up_to(&handle, 3, Duration::from_secs(10)).await;
    let waited = started.elapsed();
    assert!(
        waited >= interval,
        "committed after {waited:?}, before the {interval:?} deadline"
    );
    let metrics = handle.metrics();
    assert_eq!((metrics.committed_batches, metrics.last_batch_size), (1, 3));
    test.store.close().unwrap();
}

#[tokio::test]
async fn a_tiny_queue_makes_senders_wait_and_counts_it() {
    let test = start_store(|config| {
        config.queue_capacity = 1;
        config.batch_max = 1;
    });
    let handle = test.store.handle();
    // Each commit waits for the disk (synchronous = FULL); appends take microseconds.
    for seq in 1..=200 {
        handle.append(tick(seq, 60)).await.unwrap();
    }
    handle.flush().await.unwrap();
    let metrics = handle.metrics();
    assert!(metrics.backpressure_waits > 0, "{metrics:?}");
    assert_eq!(metrics.max_queue_depth, 1);
    assert_eq!(metrics.committed_datagrams, 200);
    assert_eq!(test.store.reader().unwrap().datagram_count().unwrap(), 200);
    test.store.close().unwrap();
}

#[tokio::test]
async fn a_locked_database_fails_writes_that_are_retried_and_nothing_is_lost() {
    let test = start_store(|config| {
        config.queue_capacity = 2;
        config.batch_max = 1;
    });
    let handle = test.store.handle();
    let (locked_tx, locked_rx) = mpsc::channel();
    let path = test.path.clone();
    // Another process's write transaction holds the lock for 1.2 s (longer than the writer's
    // busy timeout), so the writer's commits fail until it ends.
    let locker = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).expect("second connection");
        conn.execute_batch("BEGIN IMMEDIATE").expect("lock");
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1200));
        conn.execute_batch("COMMIT").expect("unlock");
    });
    locked_rx.recv().unwrap();
    for seq in 1..=10 {
        handle.append(tick(seq, 60)).await.unwrap();
    }
    handle.flush().await.unwrap();
    locker.join().unwrap();

    let metrics = handle.metrics();
    assert!(metrics.write_errors >= 1, "{metrics:?}");
    assert!(metrics.backpressure_waits >= 1, "{metrics:?}");
    assert_eq!(metrics.max_queue_depth, 2);
    assert_eq!(
        (metrics.committed_datagrams, metrics.rejected_datagrams),
        (10, 0)
    );
    let seqs: Vec<u64> = test
        .store
        .reader()
        .unwrap()
        .datagrams_from(0)
        .unwrap()
        .iter()
        .map(|d| d.seq)
        .collect();
    assert_eq!(seqs, (1..=10).collect::<Vec<_>>());
    test.store.close().unwrap();
}

#[tokio::test]
async fn only_the_newest_snapshot_per_match_is_written_in_a_batch() {
    // One batch: nothing commits before the flush.
    let test = start_store(|config| config.batch_interval = Duration::from_secs(30));
    // Count every write to `matches` with a trigger added beside the store's schema.
    test.store.handle().flush().await.unwrap();
    let counter = rusqlite::Connection::open(&test.path).unwrap();
    counter
        .execute_batch(
            "CREATE TABLE match_writes (match_id INTEGER, blue_score INTEGER);
             CREATE TRIGGER count_insert AFTER INSERT ON matches
                 BEGIN INSERT INTO match_writes VALUES (new.id, new.blue_score); END;
             CREATE TRIGGER count_update AFTER UPDATE ON matches
                 BEGIN INSERT INTO match_writes VALUES (new.id, new.blue_score); END;",
        )
        .unwrap();

    let handle = test.store.handle();
    let (mut first, records) = opening(1);
    let mut second = LiveMatch::new(100);
    let mut batch = records;
    batch.push(blue_head_kick(&mut first, 7));
    batch.push(second.datagram(100, "pre;FightLoaded;", vec![Message::FightLoaded]));
    batch.push(blue_head_kick(&mut first, 101));
    batch.push(blue_head_kick(&mut second, 102));
    batch.push(blue_head_kick(&mut first, 103));
    batch.push(tick(104, 100));
    for record in batch {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();

    let writes: Vec<(i64, u32)> = counter
        .prepare("SELECT match_id, blue_score FROM match_writes ORDER BY rowid")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        writes,
        vec![(1, 9), (100, 3)],
        "one write per match, with its newest state"
    );
    assert_eq!(handle.metrics().committed_batches, 1);
    let reader = test.store.reader().unwrap();
    assert_eq!(reader.match_by_id(1).unwrap().unwrap().updated_seq, 103);
    let newest_first: Vec<i64> = reader.matches().unwrap().iter().map(|row| row.id).collect();
    assert_eq!(newest_first, vec![100, 1]);
    test.store.close().unwrap();
}

#[tokio::test]
async fn close_commits_what_is_queued_and_later_appends_fail() {
    let test = start_store(|config| config.batch_interval = Duration::from_secs(30));
    let handle = test.store.handle();
    for seq in 1..=50 {
        handle.append(tick(seq, 90)).await.unwrap();
    }
    test.store.close().expect("close");
    assert_eq!(*handle.committed().borrow(), 50);
    assert!(matches!(
        handle.append(tick(51, 89)).await,
        Err(Error::WriterGone)
    ));
    assert!(matches!(handle.flush().await, Err(Error::WriterGone)));
    assert_eq!(
        Reader::open(&test.path).unwrap().datagram_count().unwrap(),
        50
    );
}

#[tokio::test]
async fn a_reopened_store_starts_committed_at_the_highest_stored_seq() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    for seq in [5, 6, 7] {
        handle.append(tick(seq, 90)).await.unwrap();
    }
    test.store.close().unwrap();
    let reopened = store::Store::open(store::StoreConfig::new(&test.path)).unwrap();
    assert_eq!(*reopened.handle().committed().borrow(), 7);
    reopened.close().unwrap();
}

#[tokio::test]
async fn a_sequence_number_stored_twice_is_refused_counted_and_the_rest_stored() {
    let test = start_store(|_| {});
    let handle = test.store.handle();
    handle
        .append(record(1, b"avt;0;", vec![Message::VideoTime { value: 0 }]))
        .await
        .unwrap();
    handle.flush().await.unwrap();
    handle
        .append(record(1, b"avt;9;", vec![Message::VideoTime { value: 9 }]))
        .await
        .unwrap();
    handle
        .append(record(2, b"avt;1;", vec![Message::VideoTime { value: 1 }]))
        .await
        .unwrap();
    handle.flush().await.unwrap();

    let metrics = handle.metrics();
    assert_eq!(
        (metrics.committed_datagrams, metrics.rejected_datagrams),
        (2, 1)
    );
    assert!(metrics.write_errors >= 1);
    let reader = test.store.reader().unwrap();
    let datagrams = reader.datagrams_from(0).unwrap();
    let stored: Vec<(u64, &[u8])> = datagrams
        .iter()
        .map(|d| (d.seq, d.bytes.as_slice()))
        .collect();
    assert_eq!(stored, vec![(1, &b"avt;0;"[..]), (2, &b"avt;1;"[..])]);
    let values: Vec<Option<i64>> = reader
        .events(EventFilter::default())
        .unwrap()
        .iter()
        .map(|e| e.value)
        .collect();
    assert_eq!(
        values,
        vec![Some(0), Some(1)],
        "the refused datagram's events are not stored either"
    );
    assert_eq!(*handle.committed().borrow(), 2);
    test.store.close().unwrap();
}

fn challenge(side: Side, stage: ChallengeStage) -> Message {
    Message::Challenge {
        by: ChallengeBy::Athlete(side),
        stage,
    }
}

#[tokio::test]
async fn close_gives_up_on_a_batch_that_keeps_failing_and_says_how_many_were_lost() {
    let test = start_store(|config| config.batch_interval = Duration::from_secs(30));
    let handle = test.store.handle();
    let (locked_tx, locked_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let path = test.path.clone();
    let locker = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).expect("second connection");
        conn.execute_batch("BEGIN IMMEDIATE").expect("lock");
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        conn.execute_batch("ROLLBACK").expect("unlock");
    });
    locked_rx.recv().unwrap();
    for seq in 1..=5 {
        handle.append(tick(seq, 60)).await.unwrap();
    }
    let err = test.store.close().expect_err("the lock outlives the close");
    release_tx.send(()).unwrap();
    locker.join().unwrap();
    assert!(
        matches!(err, Error::Uncommitted { uncommitted: 5, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("5 datagrams could not be committed before closing: "),
        "{err}"
    );
    assert!(handle.metrics().write_errors >= 3);
    assert_eq!(
        Reader::open(&test.path).unwrap().datagram_count().unwrap(),
        0
    );
}

#[tokio::test]
async fn a_queue_smaller_than_a_batch_still_fills_the_batch() {
    let interval = Duration::from_secs(1);
    let test = start_store(|config| {
        config.queue_capacity = 4;
        config.batch_max = 1000;
        config.batch_interval = interval;
    });
    let handle = test.store.handle();
    let started = Instant::now();
    for seq in 1..=100 {
        handle.append(tick(seq, 60)).await.unwrap();
    }
    assert!(
        started.elapsed() < interval,
        "appends waited for the batch deadline"
    );
    committed_up_to(&handle, 100, Duration::from_secs(10)).await;
    let metrics = handle.metrics();
    assert_eq!(
        (metrics.committed_batches, metrics.last_batch_size),
        (1, 100)
    );
    assert!(metrics.max_queue_depth <= 4);
    test.store.close().unwrap();
}
