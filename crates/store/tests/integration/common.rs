//! Helpers shared by the store tests: a store in its own temporary folder, records built from
//! exact wire text and typed messages, and match states folded with the real match model.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use match_state::MatchState;
use pss::{AthleteInfo, ClockAction, ClockTime, MatchConfig, Message, PointKind, Rgb, Side};
use store::{EventRecord, IngestRecord, MatchSnapshot, Store, StoreConfig};
use tempfile::TempDir;

/// Receive time of the first test datagram: 2026-11-25 12:00:00 UTC.
pub const T0_US: i64 = 1_795_608_000_000_000;

/// A store in a fresh temporary folder; the folder lives as long as the returned guard.
pub struct TestStore {
    /// The open store.
    pub store: Store,
    /// The database file.
    pub path: PathBuf,
    /// Keeps the folder until the test ends.
    pub _folder: TempDir,
}

/// Opens a store in a new temporary folder, letting `configure` change the defaults.
pub fn start_store(configure: impl FnOnce(&mut StoreConfig)) -> TestStore {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("data").join("vta.sqlite");
    let mut config = StoreConfig::new(&path);
    configure(&mut config);
    let store = Store::open(config).expect("store opens");
    TestStore {
        store,
        path,
        _folder: folder,
    }
}

/// The tkStrike stand-in's address.
pub fn source() -> SocketAddr {
    "192.168.1.20:50123".parse().expect("address")
}

/// A datagram with its wire `text` and the `messages` parsed from it, outside any match.
pub fn record(seq: u64, text: &[u8], messages: Vec<Message>) -> IngestRecord {
    IngestRecord {
        seq,
        received_at_us: T0_US + seq as i64 * 1_000,
        source: source(),
        bytes: text.to_vec(),
        events: messages
            .into_iter()
            .map(|message| EventRecord {
                message,
                match_id: None,
                round: None,
                clock_seconds: None,
            })
            .collect(),
        match_snapshot: None,
        folded: true,
    }
}

/// A clock tick datagram, `clk;1:23;`.
pub fn tick(seq: u64, seconds: u32) -> IngestRecord {
    let text = format!("clk;{}:{:02};", seconds / 60, seconds % 60);
    record(
        seq,
        text.as_bytes(),
        vec![Message::Clock {
            time: ClockTime::min_sec(seconds),
            action: None,
        }],
    )
}

/// A live match as ingest keeps it: the state folded from each message, and the match key.
pub struct LiveMatch {
    /// The match key (the seq of the datagram that loaded it).
    pub match_id: i64,
    /// The folded state.
    pub state: MatchState,
}

impl LiveMatch {
    /// A match loaded by datagram `seq`.
    pub fn new(seq: u64) -> LiveMatch {
        LiveMatch {
            match_id: seq as i64,
            state: MatchState::new(),
        }
    }

    /// Folds `messages` as datagram `seq` with wire `text`, and returns the record ingest would
    /// send: events in match context and a snapshot of the state after them.
    pub fn datagram(&mut self, seq: u64, text: &str, messages: Vec<Message>) -> IngestRecord {
        let mut record = record(seq, text.as_bytes(), Vec::new());
        for message in messages {
            self.state.apply(&message, record.received_at_us);
            record.events.push(EventRecord {
                message,
                match_id: Some(self.match_id),
                round: (self.state.round > 0).then_some(self.state.round),
                clock_seconds: self.state.clock.map(|clock| clock.seconds),
            });
        }
        record.match_snapshot = Some(MatchSnapshot {
            match_id: self.match_id,
            state: Arc::new(self.state.clone()),
        });
        record
    }
}

/// The `mch` of match 101, as in pss-protocol.md.
pub fn match_config() -> MatchConfig {
    MatchConfig {
        number: "101".into(),
        phase: "Round of 16".into(),
        weight_class: "M- 80 kg".into(),
        rounds: Some(1),
        blue_background: Some(Rgb { r: 0, g: 0, b: 255 }),
        blue_foreground: Some(Rgb {
            r: 255,
            g: 255,
            b: 255,
        }),
        red_background: Some(Rgb { r: 255, g: 0, b: 0 }),
        red_foreground: Some(Rgb {
            r: 255,
            g: 255,
            b: 255,
        }),
        match_id: "a14ddd5c".into(),
        division: "Senior".into(),
        total_rounds: Some(3),
        round_seconds: Some(120),
        count_direction: Some(pss::CountDirection::Down),
        count_up: Some(18),
        format: Some(1),
    }
}

/// The opening datagrams of match 101 (load, athletes, config, ready, clock start) as records
/// `first_seq..`; returns the live match and the records.
pub fn opening(first_seq: u64) -> (LiveMatch, Vec<IngestRecord>) {
    let mut live = LiveMatch::new(first_seq);
    let athlete = |short: &str, long: &str, ioc: &str| AthleteInfo {
        short_name: short.into(),
        long_name: long.into(),
        ioc: ioc.into(),
    };
    let records = vec![
        live.datagram(first_seq, "pre;FightLoaded;", vec![Message::FightLoaded]),
        live.datagram(
            first_seq + 1,
            "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
            vec![
                Message::Athlete { side: Side::Blue, info: athlete("N. DESMOND", "Nicolas DESMOND", "MRN") },
                Message::Athlete { side: Side::Red, info: athlete("M. THIBAULT", "Marcel THIBAULT", "SUI") },
            ],
        ),
        live.datagram(
            first_seq + 2,
            "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
            vec![Message::MatchConfig(Box::new(match_config()))],
        ),
        live.datagram(first_seq + 3, "rnd;1;", vec![Message::Round { round: 1 }]),
        live.datagram(first_seq + 4, "rdy;FightReady;", vec![Message::FightReady]),
        live.datagram(
            first_seq + 5,
            "clk;2:00;start;",
            vec![Message::Clock { time: ClockTime::min_sec(120), action: Some(ClockAction::Start) }],
        ),
    ];
    (live, records)
}

/// A blue head kick and the score datagrams that follow it, as one datagram.
pub fn blue_head_kick(live: &mut LiveMatch, seq: u64) -> IngestRecord {
    let score = live.state.blue.score + 3;
    let text = format!("pt1;3;sc1;{score};");
    live.datagram(
        seq,
        &text,
        vec![
            Message::Point {
                side: Side::Blue,
                kind: PointKind::Head,
            },
            Message::TotalScore {
                side: Side::Blue,
                score,
            },
        ],
    )
}

/// Waits until the store says `seq` is committed, failing the test after `within`.
pub async fn committed_up_to(handle: &store::StoreHandle, seq: u64, within: Duration) {
    let mut committed = handle.committed();
    tokio::time::timeout(within, committed.wait_for(|highest| *highest >= seq))
        .await
        .unwrap_or_else(|_| panic!("seq {seq} not committed within {within:?}"))
        .expect("writer alive");
}

/// What migrations v9 and v10 added, taken out again: with `user_version` set to 8 (or below,
/// with more taken out), a file as an older program left it.
pub const UNDO_V9_V10: &str = "
    DROP TRIGGER events_tally_insert;
    DROP TRIGGER events_tally_update;
    DROP TABLE event_tallies;
    DROP INDEX matches_by_blue_athlete;
    DROP INDEX matches_by_red_athlete;
    DROP VIEW filed_matches;
    DROP INDEX tournaments_one_active;
    DROP INDEX tournament_days_by_name;
    ALTER TABLE tournaments DROP COLUMN venue;
    ALTER TABLE tournaments DROP COLUMN starts_on;
    ALTER TABLE tournaments DROP COLUMN ends_on;
    ALTER TABLE tournaments DROP COLUMN active;
    ALTER TABLE tournament_days DROP COLUMN name;
    ALTER TABLE tournament_days DROP COLUMN chosen;
    ALTER TABLE tournament_days DROP COLUMN closed_at_us;
    ALTER TABLE recordings DROP COLUMN tournament_day_id;
    ALTER TABLE ivr_challenges DROP COLUMN tournament_day_id;
    ALTER TABLE stream_sessions DROP COLUMN tournament_day_id;
";
