//! Builders for typed messages, one per wire stream, and helpers to fold a script.

use match_state::{DomainEvent, MatchState};
use pss::{
    AthleteInfo, BreakAction, ChallengeBy, ChallengeStage, ClockAction, ClockTime, CountDirection,
    InjuryAction, MatchConfig, Message, PointKind, Rgb, Side,
};

pub const BLUE: Side = Side::Blue;
pub const RED: Side = Side::Red;

/// `m:ss` as seconds.
pub const fn ms(minutes: u32, seconds: u32) -> u32 {
    minutes * 60 + seconds
}

/// `pre;FightLoaded;`
pub fn pre() -> Message {
    Message::FightLoaded
}

/// `rdy;FightReady;`
pub fn rdy() -> Message {
    Message::FightReady
}

/// `at1;short;long;IOC;` / `at2;...`
pub fn at(side: Side, short_name: &str, long_name: &str, ioc: &str) -> Message {
    Message::Athlete {
        side,
        info: AthleteInfo {
            short_name: short_name.to_owned(),
            long_name: long_name.to_owned(),
            ioc: ioc.to_owned(),
        },
    }
}

/// `at1;N. DESMOND;Nicolas DESMOND;MRN;`
pub fn at_desmond() -> Message {
    at(BLUE, "N. DESMOND", "Nicolas DESMOND", "MRN")
}

/// `at2;M. THIBAULT;Marcel THIBAULT;SUI;`
pub fn at_thibault() -> Message {
    at(RED, "M. THIBAULT", "Marcel THIBAULT", "SUI")
}

/// The typed form of
/// `mch;<number>;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;<id>;Senior;3;120;cntDown;18;1;`
pub fn config(number: &str, match_id: &str) -> MatchConfig {
    let white = Rgb {
        r: 255,
        g: 255,
        b: 255,
    };
    MatchConfig {
        number: number.to_owned(),
        phase: "Round of 16".to_owned(),
        weight_class: "M- 80 kg".to_owned(),
        rounds: Some(1),
        blue_background: Some(Rgb { r: 0, g: 0, b: 255 }),
        blue_foreground: Some(white),
        red_background: Some(Rgb { r: 255, g: 0, b: 0 }),
        red_foreground: Some(white),
        match_id: match_id.to_owned(),
        division: "Senior".to_owned(),
        total_rounds: Some(3),
        round_seconds: Some(120),
        count_direction: Some(CountDirection::Down),
        count_up: Some(18),
        format: Some(1),
    }
}

/// `mch;<number>;...;<id>;...` (see [`config`]).
pub fn mch(number: &str, match_id: &str) -> Message {
    Message::MatchConfig(Box::new(config(number, match_id)))
}

/// `clk;m:ss;` (a tick)
pub fn clk(seconds: u32) -> Message {
    Message::Clock {
        time: ClockTime::min_sec(seconds),
        action: None,
    }
}

/// `clk;m:ss;start;`
pub fn clk_start(seconds: u32) -> Message {
    Message::Clock {
        time: ClockTime::min_sec(seconds),
        action: Some(ClockAction::Start),
    }
}

/// `clk;m:ss;stop;`
pub fn clk_stop(seconds: u32) -> Message {
    Message::Clock {
        time: ClockTime::min_sec(seconds),
        action: Some(ClockAction::Stop),
    }
}

/// `clk;from;` down to `clk;to;`, one tick a second, both ends included.
pub fn ticks(from: u32, to: u32) -> Vec<Message> {
    (to..=from).rev().map(clk).collect()
}

/// `rnd;n;`
pub fn rnd(round: u8) -> Message {
    Message::Round { round }
}

/// `pt1;k;` / `pt2;k;`
pub fn pt(side: Side, code: u8) -> Message {
    Message::Point {
        side,
        kind: PointKind::from_code(code).expect("point kind 1..=5"),
    }
}

/// `hl1;n;` / `hl2;n;`
pub fn hl(side: Side, level: u8) -> Message {
    Message::HitLevel { side, level }
}

/// `wg1;n;` / `wg2;n;`
pub fn wg(side: Side, count: u32) -> Message {
    Message::GamJeom { side, count }
}

/// `sXY;n;`: score of `side` in `round`.
pub fn s(side: Side, round: u8, score: u32) -> Message {
    Message::RoundScore { side, round, score }
}

/// `sc1;n;` / `sc2;n;`
pub fn sc(side: Side, score: u32) -> Message {
    Message::TotalScore { side, score }
}

/// `ij0;m:ss[;action];` / `ij1;...` / `ij2;...`
pub fn ij(side: Option<Side>, seconds: u32, action: Option<InjuryAction>) -> Message {
    Message::Injury {
        side,
        time: ClockTime::min_sec(seconds),
        action,
    }
}

/// `brk;m:ss[;action];`
pub fn brk(seconds: u32, action: Option<BreakAction>) -> Message {
    Message::Break {
        time: ClockTime::min_sec(seconds),
        action,
    }
}

/// `ch0;` / `ch1;` / `ch2;` and their resolutions.
pub fn ch(by: ChallengeBy, stage: ChallengeStage) -> Message {
    Message::Challenge { by, stage }
}

/// `chN;` for a coach.
pub fn ch_request(side: Side) -> Message {
    ch(ChallengeBy::Athlete(side), ChallengeStage::Requested)
}

/// `wrd;rd1;a;rd2;b;rd3;c;`
pub fn wrd(rounds: [Option<Side>; 3]) -> Message {
    Message::RoundWinners { rounds }
}

/// `wmh;name[;classification];`
pub fn wmh(name: &str, classification: Option<&str>) -> Message {
    Message::WinnerShown {
        name: name.to_owned(),
        classification: classification.map(str::to_owned),
    }
}

/// `win;BLUE;` / `win;RED;`
pub fn win(side: Side) -> Message {
    Message::Winner { side }
}

/// Folds `messages` received 1 ms apart starting at `start_us`; returns every event.
pub fn fold(state: &mut MatchState, messages: &[Message], start_us: i64) -> Vec<DomainEvent> {
    let mut events = Vec::new();
    for (offset, message) in (0..).zip(messages) {
        state.apply_into(message, start_us + offset * 1_000, &mut events);
    }
    events
}

/// A state that has folded `messages` from a fresh start, at times from 0.
pub fn folded(messages: &[Message]) -> MatchState {
    let mut state = MatchState::new();
    fold(&mut state, messages, 0);
    state
}

/// The stable names of `events`, for compact assertions.
pub fn kinds(events: &[DomainEvent]) -> Vec<&'static str> {
    events.iter().map(DomainEvent::kind).collect()
}

/// A loaded, configured, ready match between DESMOND (blue) and THIBAULT (red), clock at 2:00.
pub fn ready_match() -> Vec<Message> {
    vec![
        pre(),
        at_desmond(),
        at_thibault(),
        mch("101", "a14ddd5c"),
        clk(ms(2, 0)),
        rnd(1),
        rdy(),
    ]
}

/// [`ready_match`] with the clock started at 2:00.
pub fn running_match() -> Vec<Message> {
    let mut messages = ready_match();
    messages.push(clk_start(ms(2, 0)));
    messages
}
