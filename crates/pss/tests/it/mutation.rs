//! A million generated and mutated datagrams through parse: no panic, no text dropped.
//!
//! Valid datagrams come from a seeded generator through the encoder; each is then used as is or
//! mutated (byte flips, truncation, splices of two datagrams, separator noise, random bytes).
//! The seed is fixed, so a failure names the iteration that reproduces it.

use pss::{
    AthleteInfo, ChallengeBy, ChallengeStage, ClockAction, ClockTime, Message, PointKind, Schema,
    Side, TimeFormat,
};

use crate::util::assert_covers;

/// Marsaglia's xorshift64: small, fast, deterministic, enough for test data.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound` (bound > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn side(&mut self) -> Side {
        if self.next() & 1 == 0 {
            Side::Blue
        } else {
            Side::Red
        }
    }

    fn time(&mut self) -> ClockTime {
        let format = if self.next() & 3 == 0 {
            TimeFormat::Seconds
        } else {
            TimeFormat::MinSec
        };
        ClockTime {
            seconds: self.below(181) as u32,
            format,
        }
    }
}

const NAMES: &[&str] = &[
    "N. DESMOND",
    "Nicolas DESMOND",
    "Müller",
    "KIM Tae-hun",
    "",
    "245.A",
];

/// A valid message as a match would send it.
fn message(rng: &mut XorShift) -> Message {
    match rng.below(16) {
        0 => Message::Point {
            side: rng.side(),
            kind: PointKind::from_code(1 + rng.below(5) as u8).expect("1..=5"),
        },
        1 => Message::HitLevel {
            side: rng.side(),
            level: 1 + rng.below(100) as u8,
        },
        2 => Message::GamJeom {
            side: rng.side(),
            count: rng.below(10) as u32,
        },
        3 => Message::Clock {
            time: rng.time(),
            action: *rng.pick(&[None, Some(ClockAction::Start), Some(ClockAction::Stop)]),
        },
        4 => Message::RoundScore {
            side: rng.side(),
            round: 1 + rng.below(3) as u8,
            score: rng.below(30) as u32,
        },
        5 => Message::TotalScore {
            side: rng.side(),
            score: rng.below(40) as u32,
        },
        6 => Message::Athlete {
            side: rng.side(),
            info: AthleteInfo {
                short_name: rng.pick(NAMES).to_string(),
                long_name: rng.pick(NAMES).to_string(),
                ioc: rng.pick(&["KOR", "MRN", ""]).to_string(),
            },
        },
        7 => {
            let stage = *rng.pick(&[
                ChallengeStage::Requested,
                ChallengeStage::Accepted { won: Some(true) },
                ChallengeStage::Accepted { won: None },
                ChallengeStage::Denied,
                ChallengeStage::Cancelled,
            ]);
            let athlete = ChallengeBy::Athlete(rng.side());
            let by = *rng.pick(&[ChallengeBy::Referee, athlete]);
            Message::Challenge { by, stage }
        }
        8 => Message::Injury {
            side: None,
            time: rng.time(),
            action: None,
        },
        9 => Message::Round {
            round: 1 + rng.below(4) as u8,
        },
        10 => Message::RoundWinners {
            rounds: [Some(rng.side()), None, Some(rng.side())],
        },
        11 => Message::WinnerShown {
            name: rng.pick(NAMES).to_string(),
            classification: Some("2-1 PTF".to_owned()),
        },
        12 => rng
            .pick(&[Message::FightLoaded, Message::FightReady])
            .clone(),
        13 => Message::UdpConnected { port: 6000 },
        14 => Message::Other {
            code: "sup".to_owned(),
            fields: vec![rng.below(9).to_string()],
        },
        _ => Message::Winner { side: rng.side() },
    }
}

/// A valid datagram of one to six messages, sometimes on several lines.
fn datagram(rng: &mut XorShift, schema: &Schema) -> Vec<u8> {
    let count = 1 + rng.below(6);
    let mut text = String::new();
    for _ in 0..count {
        schema.encode_into(&message(rng), &mut text);
        if rng.below(8) == 0 {
            text.push_str("\r\n");
        }
    }
    if rng.below(16) == 0 {
        text.push_str("mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a;S;3;120;cntDown;18;1;");
    }
    // Without the trailing `;` (or the LF of a final CR LF).
    if rng.below(4) == 0 {
        text.pop();
    }
    text.into_bytes()
}

/// One mutation of a valid datagram; `other` is a second valid datagram for splices.
fn mutate(rng: &mut XorShift, mut bytes: Vec<u8>, other: &[u8]) -> Vec<u8> {
    match rng.below(7) {
        0 => bytes,
        1 => {
            for _ in 0..=rng.below(3) {
                let at = rng.below(bytes.len().max(1) as u64) as usize;
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            bytes
        }
        2 => {
            bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize);
            bytes
        }
        3 => {
            let cut = rng.below(bytes.len() as u64 + 1) as usize;
            let from = rng.below(other.len() as u64 + 1) as usize;
            bytes.truncate(cut);
            bytes.extend_from_slice(&other[from..]);
            bytes
        }
        4 => {
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len() as u64 + 1) as usize;
                bytes.insert(at, *rng.pick(b";;\r\n:#-0 \xfc\xff"));
            }
            bytes
        }
        5 => {
            let at = rng.below(bytes.len() as u64 + 1) as usize;
            let code: &&str = rng.pick(&["pt1;", "ch1;", "mch;", "at2;", "wrd;rd1;", "Udp Port "]);
            bytes.splice(at..at, code.bytes());
            bytes
        }
        _ => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
    }
}

#[test]
fn a_million_mutated_datagrams() {
    const ROUNDS: u64 = 1_000_000;
    let schema = Schema::v2_3();
    let mut rng = XorShift(0x5EED_CAFE_F00D_1234);
    let mut previous = datagram(&mut rng, schema);
    let (mut messages, mut raws, mut checked) = (0usize, 0usize, 0usize);
    for round in 0..ROUNDS {
        let valid = datagram(&mut rng, schema);
        let unchanged = valid.clone();
        let input = mutate(&mut rng, valid, &previous);
        let parsed = schema.parse(&input);
        messages += parsed.messages.len();
        raws += parsed.n_errors();
        if input == unchanged {
            assert_eq!(parsed.n_errors(), 0, "round {round}: {:?}", parsed.messages);
        }
        if round % 97 == 0 {
            assert_covers(&input, &parsed);
            for message in parsed.messages.iter().filter(|message| !message.is_raw()) {
                let wire = schema.encode(message);
                let again = schema.parse(wire.as_bytes()).messages;
                assert_eq!(
                    &again,
                    std::slice::from_ref(message),
                    "round {round}: {wire:?}"
                );
            }
            checked += 1;
        }
        previous = unchanged;
    }
    assert!(messages > 2 * ROUNDS as usize, "{messages} messages");
    assert!(
        raws > 100_000,
        "the mutations made only {raws} raw messages"
    );
    assert!(checked > 10_000);
}
