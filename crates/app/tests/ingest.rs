//! The UDP listener through its public API: real sockets on loopback, a real SQLite store.

use std::sync::Arc;
use std::time::Duration;

use app::bus::{AppEvent, Bus};
use app::ingest::{self, IngestConfig};
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
    start_in(tempfile::tempdir().expect("temp dir"))
}

/// A listener on the store in `dir`, the match rebuilt from it as at a restart.
fn start_in(dir: tempfile::TempDir) -> Fixture {
    let database = dir.path().join("t.sqlite3");
    let store = store::Store::open(store::StoreConfig::new(&database)).expect("open store");
    let bus = Bus::new();
    let tracker = TaskTracker::new();
    let cancel = CancellationToken::new();
    let reader = store.reader().expect("reader");
    let following = ingest::load_following(&reader);
    let pipeline = app::resume::resume(&reader, Arc::new(pss::Schema::v2_3().clone()), &following)
        .expect("resume");
    let config = IngestConfig {
        bind: ([127, 0, 0, 1], 0).into(),
        following,
        database: Some(database),
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

/// Sends each of `texts` from `socket`, one datagram each, and waits until counted.
async fn send_all(fixture: &Fixture, socket: &tokio::net::UdpSocket, texts: &[&str]) {
    let target = fixture.handle.local_addr();
    for text in texts {
        let before = fixture.handle.counters().datagrams;
        socket.send_to(text.as_bytes(), target).await.expect("send");
        wait_for_count(&fixture.handle, before + 1).await;
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

/// Court A's fight, as tkStrike sends it.
const COURT_A: &[&str] = &[
    "pre;FightLoaded;",
    "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    "rdy;FightReady;",
    "sc1;3;sc2;0;",
];

/// Court B's fight on the same port.
const COURT_B: &[&str] = &[
    "pre;FightLoaded;",
    "at1;K. LEE;Kim LEE;KOR;at2;C. RAVET;Cyrian RAVET;FRA;",
    "mch;202;Final;F- 49 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;b25eee6d;Junior;3;90;cntDown;0;1;",
    "rdy;FightReady;",
    "sc1;1;sc2;7;",
];

fn blue_ioc(live: &ingest::LiveMatch) -> Option<String> {
    live.state
        .blue
        .athlete
        .as_ref()
        .map(|athlete| athlete.ioc.clone())
}

/// Issue #20: two scoring PCs on one port. Auto follows the first that loads a fight; the
/// other's datagrams are stored with their source, unfolded, unpublished; following it
/// rebuilds its match from those; a restart follows the same one and rebuilds the same match.
#[tokio::test]
async fn two_scoring_pcs_auto_follows_the_first_and_the_operator_switches() {
    let fixture = start();
    let mut events = fixture.bus.subscribe();
    let court_a = tokio::net::UdpSocket::bind("127.0.0.2:0")
        .await
        .expect("bind a");
    let court_b = tokio::net::UdpSocket::bind("127.0.0.3:0")
        .await
        .expect("bind b");
    send_all(&fixture, &court_b, &["Udp Port 6000 connected;"]).await;
    assert_eq!(
        fixture.handle.following().followed,
        None,
        "a hello loads no fight"
    );
    for (a, b) in COURT_A.iter().zip(COURT_B) {
        send_all(&fixture, &court_a, &[a]).await;
        send_all(&fixture, &court_b, &[b]).await;
    }
    let following = fixture.handle.following();
    assert_eq!(
        following.followed.map(|f| f.to_string()).as_deref(),
        Some("127.0.0.2")
    );
    assert_eq!(following.rule, ingest::PssSource::Auto);
    let live = fixture.handle.live().borrow().clone();
    assert_eq!(
        live.match_id,
        Some(2),
        "court A's pre;FightLoaded was seq 2"
    );
    assert_eq!(blue_ioc(&live).as_deref(), Some("MRN"));
    assert_eq!((live.state.blue.score, live.state.red.score), (3, 0));

    // Only court A's datagrams went on the bus.
    let mut published = Vec::new();
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await
    {
        if let AppEvent::EventParsed(parsed) = event {
            published.push(parsed.source.ip().to_string());
        }
    }
    assert_eq!(published, vec!["127.0.0.2"; COURT_A.len()]);
    let counters = fixture.handle.counters();
    let per_ip = |ip: &str| {
        counters
            .per_source
            .iter()
            .find(|(addr, _)| addr.ip().to_string() == ip)
            .map(|(_, c)| (c.datagrams, c.last_match.clone()))
    };
    assert_eq!(per_ip("127.0.0.2"), Some((5, Some("101".into()))));
    assert_eq!(per_ip("127.0.0.3"), Some((6, Some("202".into()))));

    // The operator follows court B: its match is rebuilt from its stored datagrams.
    let switched = fixture
        .handle
        .follow("127.0.0.3".parse().expect("source"))
        .await
        .expect("follow");
    assert_eq!(
        switched.followed.map(|f| f.to_string()).as_deref(),
        Some("127.0.0.3")
    );
    let live = fixture.handle.live().borrow().clone();
    assert_eq!(
        live.match_id,
        Some(3),
        "court B's pre;FightLoaded was seq 3"
    );
    assert_eq!(blue_ioc(&live).as_deref(), Some("KOR"));
    assert_eq!((live.state.blue.score, live.state.red.score), (1, 7));
    // From now on B's datagrams fold and A's are only stored.
    send_all(&fixture, &court_b, &["sc1;2;"]).await;
    send_all(&fixture, &court_a, &["sc1;9;"]).await;
    let live = fixture.handle.live().borrow().clone();
    assert_eq!((live.state.blue.score, live.state.red.score), (2, 7));
    let expected = live.state.clone();

    let (store, dir) = fixture.stop().await;
    let reader = store.reader().expect("reader");
    let datagrams = reader.datagrams_from(1).expect("datagrams");
    assert_eq!(datagrams.len(), 13);
    // A's datagrams of its match up to the switch, and B's from its fight's load on (taken
    // into its match at the switch, and received after it), are folded, each in its own
    // court's match; B's hello before its load and A's after the switch stay apart.
    for datagram in &datagrams {
        let from_b = datagram.source.ip().to_string() == "127.0.0.3";
        let expected = match (from_b, datagram.seq) {
            (true, 1) => None,
            (true, _) => Some(3),
            (false, seq) if seq <= 11 => Some(2),
            (false, _) => None,
        };
        assert_eq!(datagram.match_id, expected, "datagram {}", datagram.seq);
        assert_eq!(
            datagram.folded,
            expected.is_some(),
            "datagram {}",
            datagram.seq
        );
    }
    // B's events have its match and the round and clock of the fold.
    let b_events = reader
        .events(store::EventFilter {
            match_id: Some(3),
            ..Default::default()
        })
        .expect("events");
    assert_eq!(
        b_events.iter().map(|event| event.seq).collect::<Vec<_>>(),
        [3, 5, 5, 7, 9, 11, 11, 12]
    );
    let matches = reader.matches().expect("matches");
    let numbers: Vec<_> = matches
        .iter()
        .map(|m| (m.id, m.number.clone(), m.blue.ioc.clone()))
        .collect();
    assert_eq!(
        numbers,
        [
            (3, Some("202".into()), Some("KOR".into())),
            (2, Some("101".into()), Some("MRN".into()))
        ],
        "one row per court, never mixed"
    );
    drop(reader);
    store.close().expect("close");

    // A restart follows court B and rebuilds the same match.
    let restarted = start_in(dir);
    assert_eq!(
        restarted
            .handle
            .following()
            .followed
            .map(|f| f.to_string())
            .as_deref(),
        Some("127.0.0.3")
    );
    let live = restarted.handle.live().borrow().clone();
    assert_eq!(live.match_id, Some(3));
    assert_eq!(*live.state, *expected);
    restarted.stop().await.0.close().expect("close store");
}

fn number(live: &ingest::LiveMatch) -> Option<String> {
    live.state
        .config
        .as_ref()
        .map(|config| config.number.clone())
}

/// Issue #20, manual mode per followed source: following court B while the operator's match
/// is live keeps that match; when manual mode goes off, B's match becomes live (and stays
/// after a restart).
#[tokio::test]
async fn following_another_pc_in_manual_mode_waits_for_manual_mode_to_go_off() {
    let fixture = start();
    let court_a = tokio::net::UdpSocket::bind("127.0.0.2:0")
        .await
        .expect("bind a");
    let court_b = tokio::net::UdpSocket::bind("127.0.0.3:0")
        .await
        .expect("bind b");
    send_all(&fixture, &court_a, COURT_A).await;
    fixture
        .handle
        .set_manual_mode(true)
        .await
        .expect("manual on");
    let manual = ingest::ManualMatch {
        number: "M-1".into(),
        blue: ingest::ManualAthlete {
            name: "KIM Tae-hun".into(),
            ioc: "KOR".into(),
        },
        red: ingest::ManualAthlete {
            name: "Cyrian RAVET".into(),
            ioc: "FRA".into(),
        },
        weight_class: String::new(),
        phase: String::new(),
    };
    fixture
        .handle
        .load_manual_match(manual)
        .await
        .expect("manual match");
    send_all(&fixture, &court_b, COURT_B).await;

    let following = fixture
        .handle
        .follow("127.0.0.3".parse().expect("source"))
        .await
        .expect("follow");
    assert!(following.rebuild_pending);
    assert_eq!(
        number(&fixture.handle.live().borrow()).as_deref(),
        Some("M-1")
    );

    fixture
        .handle
        .set_manual_mode(false)
        .await
        .expect("manual off");
    let live = fixture.handle.live().borrow().clone();
    assert_eq!(number(&live).as_deref(), Some("202"));
    assert_eq!((live.state.blue.score, live.state.red.score), (1, 7));
    assert!(!fixture.handle.following().rebuild_pending);
    let expected = live.state.clone();

    // Back to auto: the live match stays B's, also across a restart.
    let auto = fixture
        .handle
        .follow(ingest::PssSource::Auto)
        .await
        .expect("auto");
    assert_eq!(auto.followed, None);
    assert_eq!(
        number(&fixture.handle.live().borrow()).as_deref(),
        Some("202")
    );
    let (store, dir) = fixture.stop().await;
    store.close().expect("close");
    let restarted = start_in(dir);
    let live = restarted.handle.live().borrow().clone();
    assert_eq!(*live.state, *expected);
    assert_eq!(restarted.handle.following().rule, ingest::PssSource::Auto);
    restarted.stop().await.0.close().expect("close store");
}
