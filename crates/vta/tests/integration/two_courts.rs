//! Issue #20: two courts' scoring PCs broadcast to the same port. Two real UDP senders, bound
//! to `127.0.0.2` and `127.0.0.3` (both loopback), play different fights at the same time to
//! one real `vta run`: the followed court's match is stored once and right, no stored match
//! mixes the courts, and the other court's datagrams are all stored with their source. A
//! restart while both send keeps following the same one, and `--pss-source` names the PC to
//! follow from the start, kept for later runs.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use sim::{Scenario, ScenarioName};

use crate::common::{free_udp_port, vta_output, RunningVta};
use crate::demo::check_match;

/// Court A, followed: the championship bout.
const COURT_A: &str = "127.0.0.2";
/// Court B, on the same port: the basic bout.
const COURT_B: &str = "127.0.0.3";

/// Plays `scenario` from `from` to the vta on `port`, taking about `seconds`; returns the
/// texts sent.
fn play(
    from: &str,
    port: u16,
    scenario: &Scenario,
    seconds: f64,
) -> tokio::task::JoinHandle<Vec<String>> {
    let speed = scenario.duration().as_secs_f64() / seconds;
    play_steps(from, port, scenario.steps.clone(), speed)
}

/// Plays `steps` from `from` to the vta on `port` at `speed`; returns the texts sent.
fn play_steps(
    from: &str,
    port: u16,
    steps: Vec<sim::Step>,
    speed: f64,
) -> tokio::task::JoinHandle<Vec<String>> {
    let local: SocketAddr = format!("{from}:0").parse().expect("local address");
    let target: SocketAddr = ([127, 0, 0, 1], port).into();
    tokio::spawn(async move {
        let sender = sim::Sender::from_address(local, target)
            .await
            .expect("sender binds");
        sender.play(&steps, speed, |_, _| {}).await.expect("plays");
        let schema = pss::Schema::v2_3();
        steps
            .iter()
            .map(|step| schema.encode_datagram(&step.messages))
            .collect()
    })
}

/// The stored datagrams' texts from the sender with IP `ip`, in order, with whether each was
/// folded and whether it has a match.
fn stored_from(datagrams: &[store::DatagramRow], ip: &str) -> Vec<(String, bool, bool)> {
    datagrams
        .iter()
        .filter(|datagram| datagram.source.ip().to_string() == ip)
        .map(|datagram| {
            (
                String::from_utf8(datagram.bytes.clone()).expect("utf-8"),
                datagram.folded,
                datagram.match_id.is_some(),
            )
        })
        .collect()
}

/// Waits until `n` datagrams are stored in the database of `data_dir`.
fn wait_stored(data_dir: &std::path::Path, n: u64) {
    let database = data_dir.join("vta.sqlite3");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let count = store::Reader::open(&database)
            .and_then(|reader| reader.datagram_count())
            .unwrap_or(0);
        if count >= n {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{count} of {n} datagrams stored"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The stored matches as `vta matches --json` gives them.
fn matches_json(data_dir: &std::path::Path) -> Vec<Value> {
    let data_dir = data_dir.to_str().expect("utf-8 path");
    let listed = vta_output(&["matches", "--json", "--data-dir", data_dir]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let matches: Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    matches.as_array().expect("an array").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_scoring_pcs_at_once_the_followed_courts_match_is_stored_once_and_right() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_udp_port();
    let mut vta = RunningVta::start_with(dir.path(), "127.0.0.1:0", port, &[]);
    let (court_a, court_b) = (
        Scenario::new(ScenarioName::Championship),
        Scenario::new(ScenarioName::Basic),
    );
    // Court A loads its fight first; court B starts while A plays, and both play together.
    let sent_a = play(COURT_A, port, &court_a, 6.0);
    let followed = vta.wait_for("auto: following", Duration::from_secs(10));
    assert!(followed.contains("source=127.0.0.2"), "{followed}");
    let sent_b = play(COURT_B, port, &court_b, 4.0);
    let (sent_a, sent_b) = (
        sent_a.await.expect("court A"),
        sent_b.await.expect("court B"),
    );
    wait_stored(dir.path(), (sent_a.len() + sent_b.len()) as u64);
    vta.stop();

    let matches = matches_json(dir.path());
    assert_eq!(matches.len(), 1, "only court A's match: {matches:#?}");
    check_match(&matches[0], &court_a.expected);

    let reader = store::Reader::open(dir.path().join("vta.sqlite3")).expect("reader");
    let datagrams = reader.datagrams_from(1).expect("datagrams");
    let from_a = stored_from(&datagrams, COURT_A);
    let from_b = stored_from(&datagrams, COURT_B);
    assert_eq!(
        from_a.len() + from_b.len(),
        datagrams.len(),
        "no third source"
    );
    // Every datagram of both courts is stored byte for byte; A's folded into its match,
    // B's kept apart: never folded, in no match.
    assert_eq!(
        from_a
            .iter()
            .map(|(text, ..)| text.clone())
            .collect::<Vec<_>>(),
        sent_a
    );
    // Court A is followed from the datagram that loaded its fight; its hello before that
    // (`Udp Port 6000 connected;`) was stored before anything was followed.
    let loaded = sent_a
        .iter()
        .position(|text| text.contains("pre;FightLoaded"))
        .expect("A loads its fight");
    assert!(loaded > 0);
    for (index, (text, folded, in_match)) in from_a.iter().enumerate() {
        assert_eq!(
            (*folded, *in_match),
            (index >= loaded, index >= loaded),
            "{text}"
        );
    }
    assert_eq!(
        from_b
            .iter()
            .map(|(text, ..)| text.clone())
            .collect::<Vec<_>>(),
        sent_b
    );
    assert!(from_b
        .iter()
        .all(|(_, folded, in_match)| !folded && !in_match));
    // The courts really overlapped: B's datagrams sit between A's first and last.
    let seqs = |ip: &str| {
        datagrams
            .iter()
            .filter(|datagram| datagram.source.ip().to_string() == ip)
            .map(|datagram| datagram.seq)
            .collect::<Vec<_>>()
    };
    let (seqs_a, seqs_b) = (seqs(COURT_A), seqs(COURT_B));
    assert!(seqs_b[0] < *seqs_a.last().expect("A sent") && seqs_a[0] < seqs_b[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_while_two_scoring_pcs_send_keeps_following_the_same_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_udp_port();
    let mut vta = RunningVta::start_with(dir.path(), "127.0.0.1:0", port, &[]);
    let (court_a, court_b) = (
        Scenario::new(ScenarioName::Championship),
        Scenario::new(ScenarioName::Basic),
    );
    // Court A plays the first half of its fight while court B plays all of its own.
    let speed_a = court_a.duration().as_secs_f64() / 8.0;
    let half = court_a.steps.len() / 2;
    let first_half = play_steps(COURT_A, port, court_a.steps[..half].to_vec(), speed_a);
    vta.wait_for("auto: following", Duration::from_secs(10));
    let sent_b = play(COURT_B, port, &court_b, 8.0);
    let mut sent_a = first_half.await.expect("court A, first half");
    wait_until(dir.path(), |datagrams| {
        stored_from(datagrams, COURT_A).len() == sent_a.len()
    });
    vta.stop();

    // Restarted while B sends: B scores before A sends again, so an `auto` that forgot
    // what it followed would follow B now.
    let mut vta = RunningVta::start_with(dir.path(), "127.0.0.1:0", port, &[]);
    let following = vta.wait_for("following this scoring PC", Duration::from_secs(10));
    assert!(following.contains("source=127.0.0.2"), "{following}");
    let court_b_socket = std::net::UdpSocket::bind((COURT_B, 0)).expect("bind B");
    court_b_socket
        .send_to(b"pt2;1;", ("127.0.0.1", port))
        .expect("send");
    wait_until(dir.path(), |datagrams| {
        stored_from(datagrams, COURT_B)
            .iter()
            .any(|(text, ..)| text == "pt2;1;")
    });
    let second_half = play_steps(COURT_A, port, court_a.steps[half..].to_vec(), speed_a);
    sent_a.extend(second_half.await.expect("court A, second half"));
    sent_b.await.expect("court B");
    wait_until(dir.path(), |datagrams| {
        stored_from(datagrams, COURT_A).len() == sent_a.len()
    });
    vta.stop();

    // Every one of A's datagrams arrived (it was quiet during the restart), so its match is
    // stored once and right; B's are all kept apart.
    let matches = matches_json(dir.path());
    assert_eq!(matches.len(), 1, "only court A's match: {matches:#?}");
    check_match(&matches[0], &court_a.expected);
    let reader = store::Reader::open(dir.path().join("vta.sqlite3")).expect("reader");
    let datagrams = reader.datagrams_from(1).expect("datagrams");
    let from_b = stored_from(&datagrams, COURT_B);
    assert!(from_b.len() > 1);
    assert!(
        from_b
            .iter()
            .all(|(_, folded, in_match)| !folded && !in_match),
        "court B was never followed, before or after the restart"
    );
    let from_a = stored_from(&datagrams, COURT_A);
    assert_eq!(
        from_a
            .iter()
            .map(|(text, ..)| text.clone())
            .collect::<Vec<_>>(),
        sent_a
    );
    let loaded = from_a
        .iter()
        .position(|(text, ..)| text.contains("pre;FightLoaded"))
        .expect("A loads its fight");
    assert!(
        from_a[loaded..].iter().all(|(_, folded, _)| *folded),
        "court A followed from its fight's load on, before and after the restart"
    );
}

/// Waits until the datagrams stored in `data_dir`'s database satisfy `done`.
fn wait_until(data_dir: &std::path::Path, done: impl Fn(&[store::DatagramRow]) -> bool) {
    let database = data_dir.join("vta.sqlite3");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let datagrams = store::Reader::open(&database)
            .and_then(|reader| reader.datagrams_from(1))
            .unwrap_or_default();
        if done(&datagrams) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "stored in time");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn pss_source_follows_the_named_pc_from_the_start_and_is_kept_for_later_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_udp_port();
    let mut vta =
        RunningVta::start_with(dir.path(), "127.0.0.1:0", port, &["--pss-source", COURT_B]);
    let line = vta.wait_for("following this scoring PC", Duration::from_secs(10));
    assert!(line.contains("source=127.0.0.3"), "{line}");
    let send = |from: &str, text: &str| {
        let socket = std::net::UdpSocket::bind((from, 0)).expect("bind");
        socket
            .send_to(text.as_bytes(), ("127.0.0.1", port))
            .expect("send");
    };
    // Court A loads first; with auto it would be followed, with --pss-source it is not.
    send(COURT_A, "pre;FightLoaded;");
    wait_until(dir.path(), |datagrams| datagrams.len() == 1);
    send(COURT_B, "pre;FightLoaded;");
    send(
        COURT_B,
        "mch;202;Final;F- 49 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;b2;Junior;3;90;cntDown;0;1;",
    );
    wait_until(dir.path(), |datagrams| datagrams.len() == 3);
    vta.stop();

    // A later run without the flag follows the same PC.
    let mut vta = RunningVta::start_with(dir.path(), "127.0.0.1:0", port, &[]);
    let line = vta.wait_for("following this scoring PC", Duration::from_secs(10));
    assert!(line.contains("source=127.0.0.3"), "{line}");
    send(COURT_A, "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a1;Senior;3;120;cntDown;18;1;");
    send(COURT_B, "sc1;4;");
    wait_until(dir.path(), |datagrams| datagrams.len() == 5);
    vta.stop();

    let reader = store::Reader::open(dir.path().join("vta.sqlite3")).expect("reader");
    let datagrams = reader.datagrams_from(1).expect("datagrams");
    assert!(stored_from(&datagrams, COURT_A)
        .iter()
        .all(|(_, folded, in_match)| !folded && !in_match));
    assert!(stored_from(&datagrams, COURT_B)
        .iter()
        .all(|(_, folded, in_match)| *folded && *in_match));
    let matches = matches_json(dir.path());
    assert_eq!(matches.len(), 1, "{matches:#?}");
    assert_eq!(matches[0]["match_number"], "202");
    assert_eq!(matches[0]["score"]["blue"], 4);
}
