//! The typical match of pss-protocol.md, one datagram per line, parsed in order.

use pss::{
    AthleteInfo, ChallengeBy, ChallengeStage, ClockAction, ClockTime, CountDirection, MatchConfig,
    Message, PointKind, Rgb, Side,
};

use crate::util::assert_covers;

/// The datagrams of the typical match, as the protocol notes list them (`...` left out).
const DATAGRAMS: &[&str] = &[
    "Udp Port 6000 connected;",
    "pre;FightLoaded;",
    "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
    "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
    "wg1;0;wg2;0;",
    "wrd;rd1;0;rd2;0;rd3;0;",
    "s11;0;s21;0;s12;0;s22;0;s13;0;s23;0;",
    "sc1;0;sc2;0;",
    "avt;0;",
    "clk;2:00;",
    "rnd;1;",
    "rdy;FightReady;",
    "rnd;1;",
    "clk;2:00;start;",
    "clk;1:59;",
    "clk;1:50;stop;",
    "clk;1:50;start;",
    "pt1;3;",
    "s11;3;s21;0;s12;0;s22;0;s13;0;s23;0;",
    "sc1;3;sc2;0;",
    "ch2;",
    "ch2;1;0;",
    "wrd;rd1;1;rd2;2;rd3;1;",
    "win;BLUE;",
    "wmh;Nicolas DESMOND;2-1 PTF;",
    "Udp Port 6000 disconnected;",
];

fn athlete(side: Side, short_name: &str, long_name: &str, ioc: &str) -> Message {
    let info = AthleteInfo {
        short_name: short_name.to_owned(),
        long_name: long_name.to_owned(),
        ioc: ioc.to_owned(),
    };
    Message::Athlete { side, info }
}

fn round_scores(scores: [u32; 6]) -> Vec<Message> {
    let order = [
        (Side::Blue, 1),
        (Side::Red, 1),
        (Side::Blue, 2),
        (Side::Red, 2),
        (Side::Blue, 3),
        (Side::Red, 3),
    ];
    order
        .iter()
        .zip(scores)
        .map(|(&(side, round), score)| Message::RoundScore { side, round, score })
        .collect()
}

fn clock(seconds: u32, action: Option<ClockAction>) -> Message {
    Message::Clock {
        time: ClockTime::min_sec(seconds),
        action,
    }
}

fn expected() -> Vec<Message> {
    let white = Some(Rgb {
        r: 255,
        g: 255,
        b: 255,
    });
    let config = MatchConfig {
        number: "101".to_owned(),
        phase: "Round of 16".to_owned(),
        weight_class: "M- 80 kg".to_owned(),
        rounds: Some(1),
        blue_background: Some(Rgb { r: 0, g: 0, b: 255 }),
        blue_foreground: white,
        red_background: Some(Rgb { r: 255, g: 0, b: 0 }),
        red_foreground: white,
        match_id: "a14ddd5c".to_owned(),
        division: "Senior".to_owned(),
        total_rounds: Some(3),
        round_seconds: Some(120),
        count_direction: Some(CountDirection::Down),
        count_up: Some(18),
        format: Some(1),
    };
    let mut messages = vec![
        Message::UdpConnected { port: 6000 },
        Message::FightLoaded,
        athlete(Side::Blue, "N. DESMOND", "Nicolas DESMOND", "MRN"),
        athlete(Side::Red, "M. THIBAULT", "Marcel THIBAULT", "SUI"),
        Message::MatchConfig(Box::new(config)),
        Message::GamJeom {
            side: Side::Blue,
            count: 0,
        },
        Message::GamJeom {
            side: Side::Red,
            count: 0,
        },
        Message::RoundWinners { rounds: [None; 3] },
    ];
    messages.extend(round_scores([0; 6]));
    messages.extend([
        Message::TotalScore {
            side: Side::Blue,
            score: 0,
        },
        Message::TotalScore {
            side: Side::Red,
            score: 0,
        },
        Message::VideoTime { value: 0 },
        clock(120, None),
        Message::Round { round: 1 },
        Message::FightReady,
        Message::Round { round: 1 },
        clock(120, Some(ClockAction::Start)),
        clock(119, None),
        clock(110, Some(ClockAction::Stop)),
        clock(110, Some(ClockAction::Start)),
        Message::Point {
            side: Side::Blue,
            kind: PointKind::Head,
        },
    ]);
    messages.extend(round_scores([3, 0, 0, 0, 0, 0]));
    let red_coach = ChallengeBy::Athlete(Side::Red);
    messages.extend([
        Message::TotalScore {
            side: Side::Blue,
            score: 3,
        },
        Message::TotalScore {
            side: Side::Red,
            score: 0,
        },
        Message::Challenge {
            by: red_coach,
            stage: ChallengeStage::Requested,
        },
        Message::Challenge {
            by: red_coach,
            stage: ChallengeStage::Accepted { won: Some(false) },
        },
        Message::RoundWinners {
            rounds: [Some(Side::Blue), Some(Side::Red), Some(Side::Blue)],
        },
        Message::Winner { side: Side::Blue },
        Message::WinnerShown {
            name: "Nicolas DESMOND".to_owned(),
            classification: Some("2-1 PTF".to_owned()),
        },
        Message::UdpDisconnected { port: 6000 },
    ]);
    messages
}

#[test]
fn typical_match_parses_datagram_by_datagram() {
    let mut messages = Vec::new();
    for datagram in DATAGRAMS {
        let parsed = pss::parse(datagram.as_bytes());
        assert_covers(datagram.as_bytes(), &parsed);
        assert_eq!(parsed.n_errors(), 0, "{datagram}: {:?}", parsed.messages);
        messages.extend(parsed.messages);
    }
    assert_eq!(messages, expected());
}

#[test]
fn typical_match_parses_as_one_crlf_datagram() {
    let joined = DATAGRAMS.join("\r\n");
    let parsed = pss::parse(joined.as_bytes());
    assert_covers(joined.as_bytes(), &parsed);
    assert_eq!(parsed.messages, expected());
}

#[test]
fn typical_match_encodes_back_to_its_text() {
    let schema = pss::Schema::v2_3();
    for datagram in DATAGRAMS {
        let parsed = pss::parse(datagram.as_bytes());
        let encoded = schema.encode_datagram(&parsed.messages);
        // Colours come back upper-case; everything else is written as it was sent.
        assert_eq!(
            encoded,
            datagram
                .replace("#0000ff", "#0000FF")
                .replace("#ff0000", "#FF0000")
        );
    }
}
