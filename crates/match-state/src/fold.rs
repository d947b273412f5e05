//! The fold: one rule per WT_UDP stream, turning a message into state changes and events.
//!
//! The rules are written out in the crate documentation (`# Rules`); the clocks are in
//! `timers.rs`, challenges in `challenge.rs`.

use pss::{AthleteInfo, MatchConfig, Message, PointKind, Side};

use crate::event::DomainEvent;
use crate::state::{MatchPhase, MatchState, SenderLink};

impl MatchState {
    /// Folds one message received at `at_us` (wall µs since the Unix epoch) and returns what
    /// changed. See [`MatchState::apply_into`] for the allocation-free form.
    pub fn apply(&mut self, message: &Message, at_us: i64) -> Vec<DomainEvent> {
        let mut events = Vec::new();
        self.apply_into(message, at_us, &mut events);
        events
    }

    /// Folds one message received at `at_us` and pushes what changed onto `events`.
    ///
    /// The crate documentation lists the rule for each stream.
    ///
    /// Does not allocate unless the state takes new text (athletes, configuration, winner
    /// name), a challenge record is added, or `events` must grow.
    pub fn apply_into(&mut self, message: &Message, at_us: i64, events: &mut Vec<DomainEvent>) {
        match message {
            Message::FightLoaded => self.start_new_match(at_us, events),
            Message::FightReady => self.make_ready(at_us, events),
            Message::MatchConfig(config) => self.configure(config, at_us, events),
            Message::Athlete { side, info } => self.set_athlete(*side, info, events),
            Message::Clock { time, action } => self.apply_clock(*time, *action, at_us, events),
            Message::Round { round } => {
                if self.round != *round {
                    self.round = *round;
                    events.push(DomainEvent::RoundChanged { round: *round });
                }
            }
            Message::Point { side, kind } => self.score_point(*side, *kind, events),
            Message::HitLevel { side, level } => {
                self.side_mut(*side).last_hit_level = Some(*level);
                events.push(DomainEvent::HitRegistered {
                    side: *side,
                    level: *level,
                });
            }
            Message::GamJeom { side, count } => self.set_gam_jeom(*side, *count, events),
            Message::RoundScore { side, round, score } => {
                self.set_round_score(*side, *round, *score, events)
            }
            Message::TotalScore { side, score } => {
                let total = &mut self.side_mut(*side).score;
                if *total != *score {
                    *total = *score;
                    events.push(DomainEvent::ScoreChanged {
                        side: *side,
                        total: *score,
                    });
                }
            }
            Message::Injury { side, time, action } => {
                self.apply_injury(*side, *time, *action, events)
            }
            Message::Break { time, action } => self.apply_break(*time, *action, events),
            Message::Challenge { by, stage } => self.apply_challenge(*by, *stage, at_us, events),
            Message::RoundWinners { rounds } => self.set_round_winners(rounds, events),
            Message::WinnerShown {
                name,
                classification,
            } => self.show_winner(name, classification.as_deref(), at_us, events),
            Message::Winner { side } => {
                self.finish(at_us);
                self.set_winner(*side, events);
            }
            Message::VideoTime { value } => {
                if self.video_time != Some(*value) {
                    self.video_time = Some(*value);
                    events.push(DomainEvent::VideoTimeChanged { value: *value });
                }
            }
            Message::UdpConnected { port } => {
                let link = SenderLink {
                    connected: true,
                    port: Some(*port),
                };
                if self.sender != link {
                    self.sender = link;
                    events.push(DomainEvent::SenderConnected { port: *port });
                }
            }
            Message::UdpDisconnected { port } => {
                let link = SenderLink {
                    connected: false,
                    port: Some(*port),
                };
                if self.sender != link {
                    self.sender = link;
                    events.push(DomainEvent::SenderDisconnected { port: *port });
                }
            }
            Message::Other { .. } | Message::Raw { .. } => {}
        }
    }

    /// Resets to a fresh loaded match, keeping the sender link.
    fn start_new_match(&mut self, at_us: i64, events: &mut Vec<DomainEvent>) {
        *self = MatchState {
            phase: MatchPhase::Loaded,
            loaded_at_us: Some(at_us),
            sender: self.sender,
            ..MatchState::new()
        };
        events.push(DomainEvent::MatchLoaded);
    }

    fn make_ready(&mut self, at_us: i64, events: &mut Vec<DomainEvent>) {
        if matches!(self.phase, MatchPhase::Idle | MatchPhase::Loaded) {
            self.phase = MatchPhase::Ready;
            self.ready_at_us = Some(at_us);
            events.push(DomainEvent::MatchReady);
        }
    }

    fn configure(&mut self, config: &MatchConfig, at_us: i64, events: &mut Vec<DomainEvent>) {
        if self.phase == MatchPhase::Idle {
            self.phase = MatchPhase::Loaded;
            self.loaded_at_us = Some(at_us);
            events.push(DomainEvent::MatchLoaded);
        } else if self.is_other_match(config) {
            let sent_in_play = self.athlete_sent_in_play;
            let blue = self.blue.athlete.take().filter(|_| sent_in_play[0]);
            let red = self.red.athlete.take().filter(|_| sent_in_play[1]);
            self.start_new_match(at_us, events);
            for (side, athlete) in [(Side::Blue, blue), (Side::Red, red)] {
                if let Some(athlete) = athlete {
                    self.side_mut(side).athlete = Some(athlete);
                    events.push(DomainEvent::AthleteSet { side });
                }
            }
        }
        if self.config.as_ref() != Some(config) {
            self.config = Some(config.clone());
            events.push(DomainEvent::MatchConfigured);
        }
    }

    /// Whether `config` names another match than the one played past ready.
    fn is_other_match(&self, config: &MatchConfig) -> bool {
        match &self.config {
            Some(current) if self.phase.is_past_ready() => {
                current.match_id != config.match_id || current.number != config.number
            }
            _ => false,
        }
    }

    /// Sets an athlete. In play (past ready) an athlete whose every field is empty
    /// (`at1;;;;`) names nobody and is ignored, so the athletes loaded for the fight stay;
    /// outside play it is taken as sent (tkStrike clearing its form between fights).
    fn set_athlete(&mut self, side: Side, info: &AthleteInfo, events: &mut Vec<DomainEvent>) {
        let names_nobody =
            info.short_name.is_empty() && info.long_name.is_empty() && info.ioc.is_empty();
        if names_nobody && self.phase.is_past_ready() {
            return;
        }
        if self.phase.is_past_ready() {
            self.athlete_sent_in_play[side_index(side)] = true;
        }
        let athlete = &mut self.side_mut(side).athlete;
        if athlete.as_ref() != Some(info) {
            *athlete = Some(info.clone());
            events.push(DomainEvent::AthleteSet { side });
        }
    }

    fn score_point(&mut self, side: Side, kind: PointKind, events: &mut Vec<DomainEvent>) {
        let points = u32::from(kind.code());
        events.push(DomainEvent::PointScored { side, kind, points });
        if self.is_golden_round() {
            let score = &mut self.side_mut(side).round_scores[3];
            *score = score.saturating_add(points);
            events.push(DomainEvent::RoundScoreChanged {
                side,
                round: 4,
                score: *score,
            });
        }
    }

    fn set_gam_jeom(&mut self, side: Side, count: u32, events: &mut Vec<DomainEvent>) {
        let current = &mut self.side_mut(side).gam_jeom;
        if count > *current {
            events.push(DomainEvent::WarningGiven { side, count });
        } else if count < *current {
            events.push(DomainEvent::WarningRemoved { side, count });
        }
        *current = count;
    }

    fn set_round_score(
        &mut self,
        side: Side,
        round: u8,
        score: u32,
        events: &mut Vec<DomainEvent>,
    ) {
        if !(1..=4).contains(&round) {
            return;
        }
        let current = &mut self.side_mut(side).round_scores[usize::from(round - 1)];
        if *current != score {
            *current = score;
            events.push(DomainEvent::RoundScoreChanged { side, round, score });
        }
    }

    fn set_round_winners(&mut self, rounds: &[Option<Side>; 3], events: &mut Vec<DomainEvent>) {
        for (round, (current, sent)) in (1u8..).zip(self.round_winners.iter_mut().zip(rounds)) {
            if current != sent {
                *current = *sent;
                if let Some(winner) = *sent {
                    events.push(DomainEvent::RoundEnded { round, winner });
                }
            }
        }
    }

    fn show_winner(
        &mut self,
        name: &str,
        classification: Option<&str>,
        at_us: i64,
        events: &mut Vec<DomainEvent>,
    ) {
        let mut shown_changed = false;
        if self.winner_name.as_deref() != Some(name) {
            self.winner_name = Some(name.to_owned());
            shown_changed = true;
        }
        if let Some(classification) = classification {
            if self.classification.as_deref() != Some(classification) {
                self.classification = Some(classification.to_owned());
                shown_changed = true;
            }
        }
        self.finish(at_us);
        if shown_changed {
            events.push(DomainEvent::WinnerShown);
        }
        if self.winner.is_none() {
            if let Some(side) = self.side_named(name) {
                self.set_winner(side, events);
            }
        }
    }

    /// Moves to [`MatchPhase::Finished`]; the first end time is kept.
    fn finish(&mut self, at_us: i64) {
        self.phase = MatchPhase::Finished;
        self.ended_at_us.get_or_insert(at_us);
    }

    fn set_winner(&mut self, side: Side, events: &mut Vec<DomainEvent>) {
        if self.winner != Some(side) {
            self.winner = Some(side);
            events.push(DomainEvent::MatchWon { side });
        }
    }

    /// The one athlete whose long or short name is `name`, if exactly one is.
    fn side_named(&self, name: &str) -> Option<Side> {
        let named = |side: Side| {
            self.side(side).athlete.as_ref().is_some_and(|athlete| {
                same_name(&athlete.long_name, name) || same_name(&athlete.short_name, name)
            })
        };
        match (named(Side::Blue), named(Side::Red)) {
            (true, false) => Some(Side::Blue),
            (false, true) => Some(Side::Red),
            _ => None,
        }
    }
}

/// Index of a side in per-side arrays: blue 0, red 1.
fn side_index(side: Side) -> usize {
    match side {
        Side::Blue => 0,
        Side::Red => 1,
    }
}

/// Whether two non-empty names are equal, ignoring case and surrounding spaces.
fn same_name(known: &str, shown: &str) -> bool {
    let (known, shown) = (known.trim(), shown.trim());
    !known.is_empty()
        && known
            .chars()
            .flat_map(char::to_lowercase)
            .eq(shown.chars().flat_map(char::to_lowercase))
}
