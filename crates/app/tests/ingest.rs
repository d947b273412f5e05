//! The UDP listener through its public API: real sockets on loopback, a real SQLite store.

use std::sync::Arc;
use std::time::Duration;

use app::bus::{AppEvent, Bus};
use app::ingest::{self, IngestConfig, Pipeline};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

struct Fixture {
    dir: tempfile::TempDir,
    store: store::Store,
    bus: Bus,
    handle: ingest::IngestHandle,
    tracker: TaskTracker,
    cancel: CancellationToken,
}

fn start() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store::Store::open(store::StoreConfig::new(dir.path().join("t.sqlite3")))
        .expect("open store");
    let bus = Bus::new();
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let pipeline = Pipeline::new(Arc::new(pss::Schema::v2_3().clone()), 1);
    let config = IngestConfig {
        bind: ([127, 0, 0, 1], 0).into(),
        ..IngestConfig::default()
    };
    ingest::spawn_commit_notifier(&store.handle(), bus.clone(), &tracker, cancel.child_token());
    let handle = ingest::start(
        &config,
        pipeline,
        store.handle(),
        bus.clone(),
        &tracker,
        cancel.child_token(),
    )
    .expect("listener starts");
    Fixture {
        dir,
        store,
        bus,
        handle,
        tracker,
        cancel,
    }
}

impl Fixture {
    /// Stops the listener and commits what it handed over; the folder lives as long as the
    /// returned guard.
    async fn stop(self) -> (store::Store, tempfile::TempDir) {
        self.cancel.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        self.store.handle().flush().await.expect("flush");
        (self.store, self.dir)
    }
}

async fn wait_for_count(handle: &ingest::IngestHandle, n: u64) {
    tokio::time::timeout(Duration::from_secs(5), async {
        while handle.counters().datagrams < n {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("datagrams arrive");
}

#[tokio::test]
async fn parsed_then_stored_events_reach_the_bus_and_counters_count_per_source() {
    let fixture = start();
    let mut events = fixture.bus.subscribe();
    let target = fixture.handle.local_addr();
    let a = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind a");
    let b = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind b");
    a.send_to(b"pre;FightLoaded;", target).await.expect("send");
    a.send_to(b"sc1;3;", target).await.expect("send");
    b.send_to(b"nonsense", target).await.expect("send");
    wait_for_count(&fixture.handle, 3).await;

    let mut parsed = Vec::new();
    let mut stored_up_to = 0;
    while stored_up_to < 3 {
        match tokio::time::timeout(Duration::from_secs(5), events.recv()).await {
            Ok(Ok(AppEvent::EventParsed(datagram))) => parsed.push(datagram),
            Ok(Ok(AppEvent::EventStored { up_to_seq })) => stored_up_to = up_to_seq,
            other => panic!("unexpected bus outcome {other:?}"),
        }
    }
    assert_eq!(parsed.iter().map(|p| p.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        parsed[1].match_id,
        Some(1),
        "the score belongs to the match loaded at seq 1"
    );

    let counters = fixture.handle.counters();
    assert_eq!(counters.datagrams, 3);
    assert_eq!(counters.parse_errors, 1);
    let by_source: Vec<_> = counters
        .per_source
        .iter()
        .map(|(_, c)| c.datagrams)
        .collect();
    assert_eq!(by_source.iter().sum::<u64>(), 3);
    assert!(
        by_source.contains(&2) && by_source.contains(&1),
        "{counters:?}"
    );
    fixture.stop().await.0.close().expect("close store");
}

#[tokio::test]
async fn the_listener_moves_at_runtime_and_a_failed_move_keeps_the_old_socket() {
    let fixture = start();
    let old = fixture.handle.local_addr();
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    socket.send_to(b"rnd;1;", old).await.expect("send");
    wait_for_count(&fixture.handle, 1).await;

    let taken = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind taken");
    let refused = fixture
        .handle
        .rebind(taken.local_addr().expect("addr"))
        .await;
    assert!(refused.is_err(), "binding a taken port must fail");
    assert_eq!(fixture.handle.local_addr(), old);
    socket.send_to(b"rnd;2;", old).await.expect("send");
    wait_for_count(&fixture.handle, 2).await;

    let new = fixture
        .handle
        .rebind(([127, 0, 0, 1], 0).into())
        .await
        .expect("rebind");
    assert_ne!(new, old);
    assert_eq!(fixture.handle.local_addr(), new);
    socket.send_to(b"rnd;3;", new).await.expect("send");
    wait_for_count(&fixture.handle, 3).await;
    fixture.stop().await.0.close().expect("close store");
}

#[tokio::test]
async fn a_subscriber_that_never_reads_does_not_slow_ingest() {
    let fixture = start();
    let _idle = fixture.bus.subscribe();
    let target = fixture.handle.local_addr();
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let n = app::bus::BUS_CAPACITY as u64 + 500;
    for i in 0..n {
        socket
            .send_to(format!("hl1;{};", 1 + i % 100).as_bytes(), target)
            .await
            .expect("send");
        if i % 50 == 0 {
            tokio::task::yield_now().await;
        }
    }
    wait_for_count(&fixture.handle, n).await;
    let (store, _dir) = fixture.stop().await;
    let reader = store.reader().expect("reader");
    assert_eq!(reader.datagram_count().expect("count"), n);
    store.close().expect("close store");
}

#[tokio::test]
async fn a_stopped_listener_receives_nothing_and_starts_again_on_the_same_or_a_new_address() {
    let fixture = start();
    let mut status = fixture.handle.watch_status();
    let first = fixture.handle.local_addr();
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    socket
        .send_to(b"pre;FightLoaded;", first)
        .await
        .expect("send");
    wait_for_count(&fixture.handle, 1).await;

    let stopped = fixture.handle.stop_listening().await.expect("stop");
    assert_eq!(
        stopped,
        ingest::ListenerStatus {
            bind: first,
            listening: false
        }
    );
    assert!(status.has_changed().expect("watch open"));
    assert!(!status.borrow_and_update().listening);
    assert_eq!(
        fixture.handle.stop_listening().await.expect("stop again"),
        stopped,
        "stopping twice changes nothing"
    );
    // The port is free again: another program can bind it while we are stopped.
    drop(std::net::UdpSocket::bind(first).expect("the port was released"));
    socket.send_to(b"rnd;1;", first).await.expect("send");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fixture.handle.counters().datagrams, 1, "nothing received");

    let again = fixture
        .handle
        .start_listening(first)
        .await
        .expect("start on the same address");
    assert_eq!(again, first);
    assert!(fixture.handle.status().listening);
    assert_eq!(
        fixture
            .handle
            .start_listening(first)
            .await
            .expect("already there"),
        first,
        "starting where it listens changes nothing"
    );
    socket.send_to(b"rnd;2;", first).await.expect("send");
    wait_for_count(&fixture.handle, 2).await;

    fixture.handle.stop_listening().await.expect("stop");
    let moved = fixture
        .handle
        .start_listening(([127, 0, 0, 1], 0).into())
        .await
        .expect("start on a new address");
    assert_ne!(moved, first);
    assert_eq!(
        fixture.handle.status(),
        ingest::ListenerStatus {
            bind: moved,
            listening: true
        }
    );
    socket.send_to(b"rnd;3;", moved).await.expect("send");
    wait_for_count(&fixture.handle, 3).await;
    assert_eq!(
        fixture.handle.live().borrow().match_id,
        Some(1),
        "the live match is kept across the stop"
    );

    let (store, _dir) = fixture.stop().await;
    let reader = store.reader().expect("reader");
    assert_eq!(
        reader.datagram_count().expect("count"),
        3,
        "every datagram received is stored, the one sent while stopped is not"
    );
    store.close().expect("close store");
}

#[tokio::test]
async fn starting_on_a_taken_address_fails_clearly_and_stays_stopped() {
    let fixture = start();
    let first = fixture.handle.local_addr();
    fixture.handle.stop_listening().await.expect("stop");
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind taken");
    let taken_addr = taken.local_addr().expect("addr");

    let refused = fixture
        .handle
        .start_listening(taken_addr)
        .await
        .expect_err("the address is taken");
    let message = refused.to_string();
    assert!(matches!(refused, ingest::Error::Bind { addr, .. } if addr == taken_addr));
    assert!(
        message.contains(&taken_addr.to_string()) && message.contains("cannot listen"),
        "{message}"
    );
    assert_eq!(
        fixture.handle.status(),
        ingest::ListenerStatus {
            bind: first,
            listening: false
        },
        "still stopped, still remembering where it listened"
    );

    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");
    socket.send_to(b"rnd;1;", first).await.expect("send");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(fixture.handle.counters().datagrams, 0);
    fixture
        .handle
        .start_listening(first)
        .await
        .expect("the old address is free");
    socket.send_to(b"rnd;2;", first).await.expect("send");
    wait_for_count(&fixture.handle, 1).await;
    fixture.stop().await.0.close().expect("close store");
}

#[tokio::test]
async fn the_listener_moves_between_every_interface_and_one_on_the_same_port() {
    let fixture = start();
    let loopback = fixture.handle.local_addr();
    let port = loopback.port();
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0")
        .await
        .expect("bind");

    // Our own socket holds 127.0.0.1:port; 0.0.0.0:port is still reachable by releasing it.
    let everywhere = fixture
        .handle
        .start_listening(([0, 0, 0, 0], port).into())
        .await
        .expect("move to every interface on the same port");
    assert_eq!(everywhere, ([0, 0, 0, 0], port).into());
    socket.send_to(b"rnd;1;", loopback).await.expect("send");
    wait_for_count(&fixture.handle, 1).await;
    let back = fixture
        .handle
        .start_listening(loopback)
        .await
        .expect("back to the loopback interface");
    assert_eq!(back, loopback);

    // Another program holds 127.0.0.2:port: the move to 0.0.0.0:port is refused and the
    // listener is back on 127.0.0.1:port.
    let other = std::net::UdpSocket::bind(("127.0.0.2", port)).expect("bind 127.0.0.2");
    let refused = fixture
        .handle
        .start_listening(([0, 0, 0, 0], port).into())
        .await
        .expect_err("127.0.0.2 holds the port");
    assert!(matches!(refused, ingest::Error::Bind { .. }), "{refused}");
    assert_eq!(
        fixture.handle.status(),
        ingest::ListenerStatus {
            bind: loopback,
            listening: true
        }
    );
    socket.send_to(b"rnd;2;", loopback).await.expect("send");
    wait_for_count(&fixture.handle, 2).await;
    drop(other);
    fixture.stop().await.0.close().expect("close store");
}
