//! Typed WT_UDP messages: one value per stream found in a datagram.
//!
//! These types say what tkStrike meant, not how it was spelled. Where the spelling matters for
//! writing the same text back (`1:23` versus `83` seconds), the value keeps it. Nothing here does
//! I/O or reads a clock.

/// One of the two athletes. Athlete 1 is blue (chong), athlete 2 is red (hong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// Athlete 1, chong.
    Blue,
    /// Athlete 2, hong.
    Red,
}

impl Side {
    /// The wire digit of this side: `1` for blue, `2` for red.
    pub fn wire_digit(self) -> u8 {
        match self {
            Side::Blue => 1,
            Side::Red => 2,
        }
    }

    /// The side for a wire digit `1` or `2`; anything else is no side.
    pub fn from_wire_digit(digit: u8) -> Option<Side> {
        match digit {
            1 => Some(Side::Blue),
            2 => Some(Side::Red),
            _ => None,
        }
    }

    /// The other athlete.
    pub fn opponent(self) -> Side {
        match self {
            Side::Blue => Side::Red,
            Side::Red => Side::Blue,
        }
    }

    /// Lower-case name used in logs, JSON and SQL (`"blue"`, `"red"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Blue => "blue",
            Side::Red => "red",
        }
    }
}

/// Who asked for a video replay (`ch0` referee, `ch1` blue coach, `ch2` red coach).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeBy {
    /// `ch0`: the referee asked for the review.
    Referee,
    /// `ch1` / `ch2`: a coach raised the card.
    Athlete(Side),
}

impl ChallengeBy {
    /// Lower-case name used in logs, JSON and SQL (`"referee"`, `"blue"`, `"red"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeBy::Referee => "referee",
            ChallengeBy::Athlete(side) => side.as_str(),
        }
    }
}

/// Where a challenge stands in its life, as one `chN` message says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeStage {
    /// Bare `chN;`: the card is up, the review is asked for.
    Requested,
    /// `chN;1[;won]`: the jury accepted the review; `won` is the optional third field
    /// (`1` won, `0` lost), `None` when it was not sent.
    Accepted {
        /// Whether the challenging side won the review, when the sender said so.
        won: Option<bool>,
    },
    /// `chN;0`: the review was denied.
    Denied,
    /// `chN;-1`: the request was withdrawn.
    Cancelled,
}

/// The five point kinds of `pt1` / `pt2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PointKind {
    /// `1`: punch, 1 point.
    Punch,
    /// `2`: body kick, 2 points.
    Body,
    /// `3`: head kick, 3 points.
    Head,
    /// `4`: technical (turning) body kick, 4 points.
    TechnicalBody,
    /// `5`: technical (turning) head kick, 5 points.
    TechnicalHead,
}

impl PointKind {
    /// The wire code `1..=5`.
    pub fn code(self) -> u8 {
        match self {
            PointKind::Punch => 1,
            PointKind::Body => 2,
            PointKind::Head => 3,
            PointKind::TechnicalBody => 4,
            PointKind::TechnicalHead => 5,
        }
    }

    /// The kind for a wire code `1..=5`.
    pub fn from_code(code: u8) -> Option<PointKind> {
        Some(match code {
            1 => PointKind::Punch,
            2 => PointKind::Body,
            3 => PointKind::Head,
            4 => PointKind::TechnicalBody,
            5 => PointKind::TechnicalHead,
            _ => return None,
        })
    }

    /// Lower-case name used in logs, JSON and SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Punch => "punch",
            PointKind::Body => "body",
            PointKind::Head => "head",
            PointKind::TechnicalBody => "technical_body",
            PointKind::TechnicalHead => "technical_head",
        }
    }
}

/// How a time was written on the wire, kept so the encoder writes it back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFormat {
    /// `m:ss`, e.g. `1:23`.
    MinSec,
    /// Plain seconds, e.g. `58`.
    Seconds,
}

/// A clock value (match clock, injury, break) in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockTime {
    /// Whole seconds.
    pub seconds: u32,
    /// How the sender wrote it.
    pub format: TimeFormat,
}

impl ClockTime {
    /// A time written as `m:ss`.
    pub fn min_sec(seconds: u32) -> ClockTime {
        ClockTime {
            seconds,
            format: TimeFormat::MinSec,
        }
    }
}

/// `clk` second field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockAction {
    /// `start`: the clock runs from this time.
    Start,
    /// `stop`: the clock stopped at this time (time-out, hit review, end of round).
    Stop,
}

/// `ij0` / `ij1` / `ij2` second field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InjuryAction {
    /// `show`: the injury timer is shown and runs.
    Show,
    /// `hide`: the injury timer is hidden.
    Hide,
    /// `reset`: the injury timer was reset.
    Reset,
}

/// `brk` second field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreakAction {
    /// `stop`: the break clock was stopped.
    Stop,
    /// `stopEnd`: the break is over.
    StopEnd,
}

/// `mch` thirteenth field: which way the match clock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountDirection {
    /// `cntDown`.
    Down,
    /// `cntUp`.
    Up,
}

/// A `#RRGGBB` colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red channel.
    pub r: u8,
    /// Green channel.
    pub g: u8,
    /// Blue channel.
    pub b: u8,
}

/// One athlete as `at1` / `at2` describes them. Empty fields stay empty strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AthleteInfo {
    /// Short name for the scoreboard, e.g. `N. DESMOND`.
    pub short_name: String,
    /// Long name for TV, e.g. `Nicolas DESMOND`.
    pub long_name: String,
    /// IOC country code, e.g. `MRN`.
    pub ioc: String,
}

/// The 15 fields of `mch`, in wire order. Numbers that may be empty on the wire are `Option`.
///
/// The default is an `mch` with every field empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MatchConfig {
    /// 1: match number; text, `245.A` occurs.
    pub number: String,
    /// 2: phase, e.g. `Round of 16`.
    pub phase: String,
    /// 3: weight class, e.g. `M- 80 kg`.
    pub weight_class: String,
    /// 4: the round field as sent (`1` in every capture we have).
    pub rounds: Option<u32>,
    /// 5: blue background colour.
    pub blue_background: Option<Rgb>,
    /// 6: blue foreground colour.
    pub blue_foreground: Option<Rgb>,
    /// 7: red background colour.
    pub red_background: Option<Rgb>,
    /// 8: red foreground colour.
    pub red_foreground: Option<Rgb>,
    /// 9: the scoring software's match id, e.g. `a14ddd5c`.
    pub match_id: String,
    /// 10: division, e.g. `Senior`.
    pub division: String,
    /// 11: number of rounds in the match.
    pub total_rounds: Option<u32>,
    /// 12: length of a round in seconds.
    pub round_seconds: Option<u32>,
    /// 13: count direction; `None` when the field was empty.
    pub count_direction: Option<CountDirection>,
    /// 14: count-up value.
    pub count_up: Option<u32>,
    /// 15: match format code.
    pub format: Option<u32>,
}

/// One stream of a datagram, decoded.
///
/// A datagram holds one or more of these. Partial updates stay partial: `sc1;3;` is one
/// [`Message::TotalScore`] for blue and says nothing about red.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Message {
    /// `pt1;k` / `pt2;k`: a point of kind `k`.
    Point {
        /// Who scored.
        side: Side,
        /// What kind of technique.
        kind: PointKind,
    },
    /// `hl1;n` / `hl2;n`: a sensor hit of level 1..100.
    HitLevel {
        /// Whose hit.
        side: Side,
        /// Hit level as sent.
        level: u8,
    },
    /// `wg1;n` / `wg2;n`: the gam-jeom (penalty) count of one athlete.
    GamJeom {
        /// Whose count.
        side: Side,
        /// Total penalties so far.
        count: u32,
    },
    /// `ij0` / `ij1` / `ij2`: injury time for an unknown athlete (`None`), blue or red.
    Injury {
        /// Who is injured; `None` for `ij0`.
        side: Option<Side>,
        /// The injury clock.
        time: ClockTime,
        /// `show` / `hide` / `reset`, when sent.
        action: Option<InjuryAction>,
    },
    /// `ch0` / `ch1` / `ch2`: a video replay challenge at one stage of its life.
    Challenge {
        /// Who asked.
        by: ChallengeBy,
        /// Requested, accepted (won/lost), denied or cancelled.
        stage: ChallengeStage,
    },
    /// `brk;t[;action]`: the break clock between rounds.
    Break {
        /// Break time left.
        time: ClockTime,
        /// `stop` / `stopEnd`, when sent.
        action: Option<BreakAction>,
    },
    /// `wrd;rd1;a;rd2;b;rd3;c`: winner per round, `None` for none / not played.
    RoundWinners {
        /// Rounds 1, 2 and 3.
        rounds: [Option<Side>; 3],
    },
    /// `wmh;name[;classification]`: the winner shown on the scoreboard.
    WinnerShown {
        /// Winner's name as shown.
        name: String,
        /// Classification such as `2-1 PTF`, when sent.
        classification: Option<String>,
    },
    /// `win;BLUE` / `win;RED`: the final winner side.
    Winner {
        /// The side that won.
        side: Side,
    },
    /// `at1;short;long;IOC` / `at2;...`: one athlete.
    Athlete {
        /// Which athlete.
        side: Side,
        /// Names and country.
        info: AthleteInfo,
    },
    /// `mch;...`: the match configuration (15 fields).
    MatchConfig(Box<MatchConfig>),
    /// `sXY;n`: score of athlete X in round Y.
    RoundScore {
        /// Whose score.
        side: Side,
        /// Round number (1..=3 on the wire).
        round: u8,
        /// Score in that round.
        score: u32,
    },
    /// `sc1;n` / `sc2;n`: current total score of one athlete.
    TotalScore {
        /// Whose score.
        side: Side,
        /// Total so far.
        score: u32,
    },
    /// `avt;n`: athlete video time (video replay quota indicator).
    VideoTime {
        /// The value as sent.
        value: u32,
    },
    /// `clk;t[;start|stop]`: the match clock; ticks once a second while running.
    Clock {
        /// Time on the clock.
        time: ClockTime,
        /// `start` / `stop`, when sent; `None` for a tick.
        action: Option<ClockAction>,
    },
    /// `rnd;n`: current round; 4 is the golden round.
    Round {
        /// Round number.
        round: u8,
    },
    /// `pre;FightLoaded`: a match was loaded in the scoring software.
    FightLoaded,
    /// `rdy;FightReady`: the loaded match is ready to start.
    FightReady,
    /// `Udp Port N connected;`: the sender started its UDP output.
    UdpConnected {
        /// The port named in the line.
        port: u16,
    },
    /// `Udp Port N disconnected;`: the sender stopped its UDP output.
    UdpDisconnected {
        /// The port named in the line.
        port: u16,
    },
    /// A stream the schema names but that has no typed form of its own (`sup`, `ref`, `rst`,
    /// `rsr`, `hel`, `bye`, `hwt`, or one added by an edited schema file). Fields kept in order.
    Other {
        /// The stream code as on the wire, e.g. `sup`.
        code: String,
        /// The fields after the code, empty ones included.
        fields: Vec<String>,
    },
    /// Text that could not be read as a known stream, kept whole with the reason.
    Raw {
        /// The text exactly as decoded.
        text: String,
        /// Why it was not understood, e.g. `unknown stream "xyz"` or `pt1: point kind 9 not in 1..5`.
        reason: String,
    },
}

impl Message {
    /// Stable snake_case name of this message's kind, used in logs, JSON and SQL.
    ///
    /// The names never change once published: `point`, `hit_level`, `gam_jeom`, `injury`,
    /// `challenge`, `break`, `round_winners`, `winner_shown`, `winner`, `athlete`,
    /// `match_config`, `round_score`, `total_score`, `video_time`, `clock`, `round`,
    /// `fight_loaded`, `fight_ready`, `udp_connected`, `udp_disconnected`, `other`, `raw`.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Point { .. } => "point",
            Message::HitLevel { .. } => "hit_level",
            Message::GamJeom { .. } => "gam_jeom",
            Message::Injury { .. } => "injury",
            Message::Challenge { .. } => "challenge",
            Message::Break { .. } => "break",
            Message::RoundWinners { .. } => "round_winners",
            Message::WinnerShown { .. } => "winner_shown",
            Message::Winner { .. } => "winner",
            Message::Athlete { .. } => "athlete",
            Message::MatchConfig(_) => "match_config",
            Message::RoundScore { .. } => "round_score",
            Message::TotalScore { .. } => "total_score",
            Message::VideoTime { .. } => "video_time",
            Message::Clock { .. } => "clock",
            Message::Round { .. } => "round",
            Message::FightLoaded => "fight_loaded",
            Message::FightReady => "fight_ready",
            Message::UdpConnected { .. } => "udp_connected",
            Message::UdpDisconnected { .. } => "udp_disconnected",
            Message::Other { .. } => "other",
            Message::Raw { .. } => "raw",
        }
    }

    /// The athlete this message is about, when it is about one.
    ///
    /// `ij0` and `ch0` (the referee) have no side; neither have match-wide messages such as
    /// `clk`, `mch` or `wrd`.
    pub fn side(&self) -> Option<Side> {
        match self {
            Message::Point { side, .. }
            | Message::HitLevel { side, .. }
            | Message::GamJeom { side, .. }
            | Message::Winner { side }
            | Message::Athlete { side, .. }
            | Message::RoundScore { side, .. }
            | Message::TotalScore { side, .. } => Some(*side),
            Message::Injury { side, .. } => *side,
            Message::Challenge {
                by: ChallengeBy::Athlete(side),
                ..
            } => Some(*side),
            Message::Challenge {
                by: ChallengeBy::Referee,
                ..
            }
            | Message::Break { .. }
            | Message::RoundWinners { .. }
            | Message::WinnerShown { .. }
            | Message::MatchConfig(_)
            | Message::VideoTime { .. }
            | Message::Clock { .. }
            | Message::Round { .. }
            | Message::FightLoaded
            | Message::FightReady
            | Message::UdpConnected { .. }
            | Message::UdpDisconnected { .. }
            | Message::Other { .. }
            | Message::Raw { .. } => None,
        }
    }

    /// Whether this is a [`Message::Raw`]: text the parser could not read.
    pub fn is_raw(&self) -> bool {
        matches!(self, Message::Raw { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_follow_the_athlete() {
        let blue_point = Message::Point {
            side: Side::Blue,
            kind: PointKind::Head,
        };
        assert_eq!(blue_point.side(), Some(Side::Blue));
        let referee = Message::Challenge {
            by: ChallengeBy::Referee,
            stage: ChallengeStage::Denied,
        };
        assert_eq!(referee.side(), None);
        let red_coach = ChallengeBy::Athlete(Side::Red);
        let red = Message::Challenge {
            by: red_coach,
            stage: ChallengeStage::Requested,
        };
        assert_eq!(red.side(), Some(Side::Red));
        let unknown = Message::Injury {
            side: None,
            time: ClockTime::min_sec(60),
            action: None,
        };
        assert_eq!(unknown.side(), None);
        assert_eq!(Message::Winner { side: Side::Red }.side(), Some(Side::Red));
        assert_eq!(
            Message::Clock {
                time: ClockTime::min_sec(1),
                action: None
            }
            .side(),
            None
        );
    }

    #[test]
    fn kinds_are_snake_case_and_raw_is_raw() {
        let raw = Message::Raw {
            text: "x".to_owned(),
            reason: "unknown stream \"x\"".to_owned(),
        };
        assert_eq!(raw.kind(), "raw");
        assert!(raw.is_raw());
        assert_eq!(Message::FightLoaded.kind(), "fight_loaded");
        assert!(!Message::FightLoaded.is_raw());
        assert_eq!(
            Message::UdpDisconnected { port: 1 }.kind(),
            "udp_disconnected"
        );
    }
}
