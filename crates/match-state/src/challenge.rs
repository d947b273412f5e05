//! Video replay challenges: one [`ChallengeRecord`] per card raised, from request to decision.
//!
//! The rules are written out in the crate documentation (`## Challenges`).

use pss::{ChallengeBy, ChallengeStage};

use crate::event::DomainEvent;
use crate::state::MatchState;

/// Where a challenge ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeOutcome {
    /// Asked for, not decided yet.
    Requested,
    /// The jury reviewed it.
    Accepted,
    /// The review was refused.
    Denied,
    /// The request was withdrawn.
    Cancelled,
}

impl ChallengeOutcome {
    /// Lower-case name used in logs, JSON and SQL (`"requested"`, `"accepted"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeOutcome::Requested => "requested",
            ChallengeOutcome::Accepted => "accepted",
            ChallengeOutcome::Denied => "denied",
            ChallengeOutcome::Cancelled => "cancelled",
        }
    }
}

/// One video replay challenge of the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChallengeRecord {
    /// Who raised the card.
    pub by: ChallengeBy,
    /// When the request came (the resolution time for a record whose request was missed).
    pub requested_at_us: i64,
    /// The round at the request, 0 before the first.
    pub round: u8,
    /// The match clock at the request, when known.
    pub clock_seconds: Option<u32>,
    /// Where the challenge stands.
    pub outcome: ChallengeOutcome,
    /// For an accepted challenge, whether the challenger won the review, when sent.
    pub won: Option<bool>,
    /// When it was accepted, denied or cancelled.
    pub resolved_at_us: Option<i64>,
    /// The round when it was accepted, denied or cancelled.
    pub resolved_round: Option<u8>,
}

impl ChallengeRecord {
    /// Whether the challenge still waits for a decision.
    pub fn is_open(&self) -> bool {
        self.outcome == ChallengeOutcome::Requested
    }
}

impl MatchState {
    /// Index of the open challenge of `by`, if any.
    pub fn open_challenge(&self, by: ChallengeBy) -> Option<usize> {
        self.challenges
            .iter()
            .rposition(|record| record.by == by && record.is_open())
    }

    /// Folds one `chN` message.
    pub(crate) fn apply_challenge(
        &mut self,
        by: ChallengeBy,
        stage: ChallengeStage,
        at_us: i64,
        events: &mut Vec<DomainEvent>,
    ) {
        let (outcome, won) = match stage {
            ChallengeStage::Requested => {
                if self.open_challenge(by).is_none() {
                    let index = self.open_record(by, at_us);
                    events.push(DomainEvent::ChallengeRequested { by, index });
                }
                return;
            }
            ChallengeStage::Accepted { won } => (ChallengeOutcome::Accepted, won),
            ChallengeStage::Denied => (ChallengeOutcome::Denied, None),
            ChallengeStage::Cancelled => (ChallengeOutcome::Cancelled, None),
        };
        let index = match self.open_challenge(by) {
            Some(index) => index,
            None => match self.repeated_resolution(by, outcome) {
                Some(index) => {
                    let record = &mut self.challenges[index];
                    if won.is_none() || record.won == won {
                        return;
                    }
                    record.won = won;
                    events.push(DomainEvent::ChallengeResolved {
                        by,
                        index,
                        outcome,
                        won,
                    });
                    return;
                }
                None => self.open_record(by, at_us),
            },
        };
        let record = &mut self.challenges[index];
        record.outcome = outcome;
        record.won = won;
        record.resolved_at_us = Some(at_us);
        record.resolved_round = Some(self.round);
        events.push(DomainEvent::ChallengeResolved {
            by,
            index,
            outcome,
            won,
        });
    }

    /// Adds an open record for `by` at the current round and clock and returns its index.
    fn open_record(&mut self, by: ChallengeBy, at_us: i64) -> usize {
        self.challenges.push(ChallengeRecord {
            by,
            requested_at_us: at_us,
            round: self.round,
            clock_seconds: self.clock.map(|clock| clock.seconds),
            outcome: ChallengeOutcome::Requested,
            won: None,
            resolved_at_us: None,
            resolved_round: None,
        });
        self.challenges.len() - 1
    }

    /// The last record of `by`, when it was resolved in this round with `outcome`: the
    /// resolution being folded repeats it.
    fn repeated_resolution(&self, by: ChallengeBy, outcome: ChallengeOutcome) -> Option<usize> {
        let index = self.challenges.iter().rposition(|record| record.by == by)?;
        let record = &self.challenges[index];
        (record.resolved_round == Some(self.round) && record.outcome == outcome).then_some(index)
    }
}
