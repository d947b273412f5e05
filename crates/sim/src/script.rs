//! A builder that writes a match as tkStrike would send it, and keeps its own tally.
//!
//! The builder plays referee: it runs the clock second by second, scores points the way the
//! scoring software reports them (hit level, point, round scores, totals), gives gam-jeom (a
//! point to the opponent), handles challenges, injuries and breaks, and records the result it
//! expects any correct listener to arrive at. That tally is computed here, independently of the
//! `match-state` crate, so the two can check each other.

use std::time::Duration;

use pss::{
    AthleteInfo, BreakAction, ChallengeBy, ChallengeStage, ClockAction, ClockTime, InjuryAction,
    MatchConfig, Message, PointKind, Side,
};

/// One datagram of a script: how long to wait after the previous one (at speed 1), then what to
/// send.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Delay after the previous step, in real match time.
    pub delay: Duration,
    /// The messages sent together in one datagram.
    pub messages: Vec<Message>,
}

/// How a challenge ended, as the scenario scripted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedOutcome {
    /// Accepted by the jury; `won` says whether the challenger won the review.
    Accepted {
        /// Whether the challenger won.
        won: bool,
    },
    /// Denied.
    Denied,
    /// Withdrawn (`-1`).
    Cancelled,
}

/// One challenge the scenario raised, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedChallenge {
    /// Who raised it.
    pub by: ChallengeBy,
    /// How it ended.
    pub outcome: ExpectedOutcome,
}

/// What a correct listener must have stored once the scenario has played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedResult {
    /// Match number as sent in `mch`.
    pub match_number: String,
    /// Blue athlete.
    pub blue: AthleteInfo,
    /// Red athlete.
    pub red: AthleteInfo,
    /// Final totals, blue then red.
    pub total: [u32; 2],
    /// Score per round (rounds 1..=3), blue then red.
    pub round_scores: [[u32; 3]; 2],
    /// Gam-jeom counts, blue then red.
    pub gam_jeom: [u32; 2],
    /// Winner of each of the three rounds.
    pub round_winners: [Option<Side>; 3],
    /// The match winner, when the scenario ends with one.
    pub winner: Option<Side>,
    /// Every challenge in the order raised.
    pub challenges: Vec<ExpectedChallenge>,
    /// How many `pt` messages of each kind (codes 1..5, punch to technical head) were sent,
    /// blue then red.
    pub point_kinds: [[u32; 5]; 2],
}

/// Writes a match step by step. See the module documentation.
#[derive(Debug)]
pub struct ScriptBuilder {
    config: MatchConfig,
    blue: AthleteInfo,
    red: AthleteInfo,
    steps: Vec<Step>,
    pending_delay: Duration,
    clock_seconds: u32,
    round: u8,
    round_scores: [[u32; 3]; 2],
    gam_jeom: [u32; 2],
    round_winners: [Option<Side>; 3],
    winner: Option<Side>,
    challenges: Vec<ExpectedChallenge>,
    point_kinds: [[u32; 5]; 2],
}

impl ScriptBuilder {
    /// A new script for the match `config` between `blue` and `red`.
    pub fn new(config: MatchConfig, blue: AthleteInfo, red: AthleteInfo) -> ScriptBuilder {
        let clock_seconds = config.round_seconds.unwrap_or(120);
        ScriptBuilder {
            config,
            blue,
            red,
            steps: Vec::new(),
            pending_delay: Duration::ZERO,
            clock_seconds,
            round: 0,
            round_scores: [[0; 3]; 2],
            gam_jeom: [0; 2],
            round_winners: [None; 3],
            winner: None,
            challenges: Vec::new(),
            point_kinds: [[0; 5]; 2],
        }
    }

    /// Sends one datagram after the time waited so far.
    pub fn send(&mut self, messages: Vec<Message>) -> &mut Self {
        self.steps.push(Step {
            delay: self.pending_delay,
            messages,
        });
        self.pending_delay = Duration::ZERO;
        self
    }

    /// Lets `delay` of real time pass before the next datagram.
    pub fn wait(&mut self, delay: Duration) -> &mut Self {
        self.pending_delay += delay;
        self
    }

    /// The scoring PC starts its UDP output, loads the match and makes it ready, sending the
    /// full state the way tkStrike does after `pre;FightLoaded`.
    pub fn load(&mut self) -> &mut Self {
        self.send(vec![Message::UdpConnected { port: 6000 }]);
        self.wait(Duration::from_millis(500));
        self.send(vec![Message::FightLoaded]);
        self.send(vec![
            Message::Athlete {
                side: Side::Blue,
                info: self.blue.clone(),
            },
            Message::Athlete {
                side: Side::Red,
                info: self.red.clone(),
            },
        ]);
        self.send(vec![Message::MatchConfig(Box::new(self.config.clone()))]);
        self.send(self.gam_jeom_messages());
        self.send(vec![Message::RoundWinners { rounds: [None; 3] }]);
        self.send(self.round_score_messages());
        self.send(self.total_messages());
        self.send(vec![Message::VideoTime { value: 0 }]);
        self.send(vec![Message::Clock {
            time: self.clock(),
            action: None,
        }]);
        self.send(vec![Message::Round { round: 1 }]);
        self.wait(Duration::from_secs(2));
        self.send(vec![Message::FightReady]);
        self
    }

    /// Starts round `round` with a full clock.
    pub fn start_round(&mut self, round: u8) -> &mut Self {
        self.round = round;
        self.clock_seconds = self.config.round_seconds.unwrap_or(120);
        self.send(vec![Message::Round { round }]);
        self.send(vec![Message::Clock {
            time: self.clock(),
            action: None,
        }]);
        self.wait(Duration::from_secs(3));
        self.send(vec![Message::Clock {
            time: self.clock(),
            action: Some(ClockAction::Start),
        }])
    }

    /// Runs the clock down to `seconds` left, one tick a second.
    pub fn run_clock_to(&mut self, seconds: u32) -> &mut Self {
        while self.clock_seconds > seconds {
            self.wait(Duration::from_secs(1));
            self.clock_seconds -= 1;
            self.send(vec![Message::Clock {
                time: self.clock(),
                action: None,
            }]);
        }
        self
    }

    /// Stops the clock (time-out, review, injury).
    pub fn stop_clock(&mut self) -> &mut Self {
        self.send(vec![Message::Clock {
            time: self.clock(),
            action: Some(ClockAction::Stop),
        }])
    }

    /// Restarts the clock after a stop.
    pub fn resume_clock(&mut self) -> &mut Self {
        self.wait(Duration::from_secs(1));
        self.send(vec![Message::Clock {
            time: self.clock(),
            action: Some(ClockAction::Start),
        }])
    }

    /// A scoring technique: the sensor hit (kicks only), the point, then the new scores.
    pub fn point(&mut self, side: Side, kind: PointKind, hit_level: u8) -> &mut Self {
        if kind != PointKind::Punch {
            self.send(vec![Message::HitLevel {
                side,
                level: hit_level,
            }]);
        }
        self.send(vec![Message::Point { side, kind }]);
        self.count_point(side, kind);
        self.add_points(side, u32::from(kind.code()))
    }

    /// A gam-jeom for `side`: its count goes up and the opponent gets a point.
    pub fn gam_jeom(&mut self, side: Side) -> &mut Self {
        self.gam_jeom[side_index(side)] += 1;
        self.send(self.gam_jeom_messages());
        self.add_points(side.opponent(), 1)
    }

    /// A challenge raised and resolved as `outcome`. The clock stops for the review; a won
    /// review awards the challenger `awarded` (the technique the referee missed).
    pub fn challenge(
        &mut self,
        by: ChallengeBy,
        outcome: ExpectedOutcome,
        awarded: Option<PointKind>,
    ) -> &mut Self {
        self.stop_clock();
        self.wait(Duration::from_millis(800));
        self.send(vec![Message::Challenge {
            by,
            stage: ChallengeStage::Requested,
        }]);
        self.wait(Duration::from_secs(12));
        let stage = match outcome {
            ExpectedOutcome::Accepted { won } => ChallengeStage::Accepted { won: Some(won) },
            ExpectedOutcome::Denied => ChallengeStage::Denied,
            ExpectedOutcome::Cancelled => ChallengeStage::Cancelled,
        };
        self.send(vec![Message::Challenge { by, stage }]);
        self.challenges.push(ExpectedChallenge { by, outcome });
        if let (ExpectedOutcome::Accepted { won: true }, ChallengeBy::Athlete(side), Some(kind)) =
            (outcome, by, awarded)
        {
            self.send(vec![Message::Point { side, kind }]);
            self.count_point(side, kind);
            self.add_points(side, u32::from(kind.code()));
        }
        self.resume_clock()
    }

    /// An injury time-out of `seconds` for `side`.
    pub fn injury(&mut self, side: Side, seconds: u32) -> &mut Self {
        self.stop_clock();
        let injury = |time: u32, action| Message::Injury {
            side: Some(side),
            time: ClockTime::min_sec(time),
            action,
        };
        self.send(vec![injury(60, Some(InjuryAction::Show))]);
        for left in (60 - seconds..60).rev() {
            self.wait(Duration::from_secs(1));
            self.send(vec![injury(left, None)]);
        }
        self.send(vec![injury(60 - seconds, Some(InjuryAction::Hide))]);
        self.resume_clock()
    }

    /// Runs the clock out and closes the round: the winner is whoever scored more in it, or
    /// `tie_winner` (the referee's decision) on a tie.
    pub fn end_round(&mut self, tie_winner: Side) -> &mut Self {
        self.run_clock_to(0);
        self.stop_clock();
        let round_idx = usize::from(self.round - 1).min(2);
        let (blue, red) = (
            self.round_scores[0][round_idx],
            self.round_scores[1][round_idx],
        );
        let winner = match blue.cmp(&red) {
            std::cmp::Ordering::Greater => Side::Blue,
            std::cmp::Ordering::Less => Side::Red,
            std::cmp::Ordering::Equal => tie_winner,
        };
        self.round_winners[round_idx] = Some(winner);
        self.wait(Duration::from_secs(2));
        self.send(vec![Message::RoundWinners {
            rounds: self.round_winners,
        }])
    }

    /// The break between rounds, counted down once a second.
    pub fn break_time(&mut self, seconds: u32) -> &mut Self {
        let brk = |time: u32, action| Message::Break {
            time: ClockTime::min_sec(time),
            action,
        };
        self.send(vec![brk(seconds, None)]);
        for left in (0..seconds).rev() {
            self.wait(Duration::from_secs(1));
            let action = (left == 0).then_some(BreakAction::StopEnd);
            self.send(vec![brk(left, action)]);
        }
        self
    }

    /// The end of the match: the side that won more rounds wins, announced with `win` and
    /// `wmh`, then the sender stops its UDP output.
    pub fn finish(&mut self) -> &mut Self {
        let blue_rounds = self
            .round_winners
            .iter()
            .filter(|w| **w == Some(Side::Blue))
            .count();
        let red_rounds = self
            .round_winners
            .iter()
            .filter(|w| **w == Some(Side::Red))
            .count();
        let winner = if blue_rounds >= red_rounds {
            Side::Blue
        } else {
            Side::Red
        };
        self.winner = Some(winner);
        let name = match winner {
            Side::Blue => self.blue.long_name.clone(),
            Side::Red => self.red.long_name.clone(),
        };
        let (won, lost) = match winner {
            Side::Blue => (blue_rounds, red_rounds),
            Side::Red => (red_rounds, blue_rounds),
        };
        self.wait(Duration::from_secs(3));
        self.send(vec![Message::Winner { side: winner }]);
        self.send(vec![Message::WinnerShown {
            name: name.clone(),
            classification: None,
        }]);
        self.wait(Duration::from_secs(2));
        self.send(vec![Message::WinnerShown {
            name,
            classification: Some(format!("{won}-{lost} PTF")),
        }]);
        self.wait(Duration::from_secs(5));
        self.send(vec![Message::UdpDisconnected { port: 6000 }])
    }

    /// The finished script and the result it expects.
    pub fn build(self) -> (Vec<Step>, ExpectedResult) {
        let total = [self.total(Side::Blue), self.total(Side::Red)];
        let expected = ExpectedResult {
            match_number: self.config.number.clone(),
            blue: self.blue,
            red: self.red,
            total,
            round_scores: self.round_scores,
            gam_jeom: self.gam_jeom,
            round_winners: self.round_winners,
            winner: self.winner,
            challenges: self.challenges,
            point_kinds: self.point_kinds,
        };
        (self.steps, expected)
    }

    /// One more `pt` of `kind` sent for `side`, in the tally.
    fn count_point(&mut self, side: Side, kind: PointKind) {
        self.point_kinds[side_index(side)][usize::from(kind.code() - 1)] += 1;
    }

    fn add_points(&mut self, side: Side, points: u32) -> &mut Self {
        let round_idx = usize::from(self.round.max(1) - 1).min(2);
        self.round_scores[side_index(side)][round_idx] += points;
        self.send(self.round_score_messages());
        self.send(self.total_messages())
    }

    fn clock(&self) -> ClockTime {
        ClockTime::min_sec(self.clock_seconds)
    }

    fn total(&self, side: Side) -> u32 {
        self.round_scores[side_index(side)].iter().sum()
    }

    fn gam_jeom_messages(&self) -> Vec<Message> {
        vec![
            Message::GamJeom {
                side: Side::Blue,
                count: self.gam_jeom[0],
            },
            Message::GamJeom {
                side: Side::Red,
                count: self.gam_jeom[1],
            },
        ]
    }

    fn round_score_messages(&self) -> Vec<Message> {
        let mut messages = Vec::with_capacity(6);
        for round in 1..=3u8 {
            for side in [Side::Blue, Side::Red] {
                let score = self.round_scores[side_index(side)][usize::from(round - 1)];
                messages.push(Message::RoundScore { side, round, score });
            }
        }
        messages
    }

    fn total_messages(&self) -> Vec<Message> {
        vec![
            Message::TotalScore {
                side: Side::Blue,
                score: self.total(Side::Blue),
            },
            Message::TotalScore {
                side: Side::Red,
                score: self.total(Side::Red),
            },
        ]
    }
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Blue => 0,
        Side::Red => 1,
    }
}
