//! Feeds that are not a fixed script: a random match-like feed and a load mix.

use std::time::Duration;

use pss::{ChallengeBy, ChallengeStage, ClockAction, ClockTime, Message, PointKind, Side};

use crate::scenario::{Scenario, ScenarioName};
use crate::script::Step;

/// A small deterministic xorshift generator; the simulator needs variety, not cryptography.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (zero is replaced by a fixed odd constant).
    pub fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// A random but well-formed feed lasting about `duration` of real time: clock ticks once a
/// second with points, hits, penalties and challenges scattered in between.
pub fn random_steps(seed: u64, duration: Duration) -> Vec<Step> {
    let mut rng = XorShift::new(seed);
    let mut steps = Vec::new();
    let mut clock = 120u32;
    let mut gam_jeom = [0u32; 2];
    let mut totals = [0u32; 2];
    let mut elapsed = Duration::ZERO;
    let step = |delay, messages| Step { delay, messages };
    steps.push(step(
        Duration::ZERO,
        vec![Message::Clock {
            time: ClockTime::min_sec(clock),
            action: Some(ClockAction::Start),
        }],
    ));
    while elapsed < duration {
        elapsed += Duration::from_secs(1);
        clock = if clock == 0 { 120 } else { clock - 1 };
        steps.push(step(
            Duration::from_secs(1),
            vec![Message::Clock {
                time: ClockTime::min_sec(clock),
                action: None,
            }],
        ));
        let side = if rng.below(2) == 0 {
            Side::Blue
        } else {
            Side::Red
        };
        let idx = usize::from(side == Side::Red);
        match rng.below(10) {
            0..=2 => {
                let kind = PointKind::from_code(1 + rng.below(5) as u8).unwrap_or(PointKind::Body);
                totals[idx] += u32::from(kind.code());
                steps.push(step(
                    Duration::from_millis(100),
                    vec![Message::HitLevel {
                        side,
                        level: 1 + rng.below(100) as u8,
                    }],
                ));
                steps.push(step(Duration::ZERO, vec![Message::Point { side, kind }]));
                steps.push(step(
                    Duration::ZERO,
                    vec![Message::TotalScore {
                        side,
                        score: totals[idx],
                    }],
                ));
            }
            3 => {
                gam_jeom[idx] += 1;
                steps.push(step(
                    Duration::from_millis(200),
                    vec![
                        Message::GamJeom {
                            side: Side::Blue,
                            count: gam_jeom[0],
                        },
                        Message::GamJeom {
                            side: Side::Red,
                            count: gam_jeom[1],
                        },
                    ],
                ));
            }
            4 if rng.below(5) == 0 => {
                let by = ChallengeBy::Athlete(side);
                let stage = match rng.below(3) {
                    0 => ChallengeStage::Accepted {
                        won: Some(rng.below(2) == 0),
                    },
                    1 => ChallengeStage::Denied,
                    _ => ChallengeStage::Cancelled,
                };
                steps.push(step(
                    Duration::from_millis(300),
                    vec![Message::Challenge {
                        by,
                        stage: ChallengeStage::Requested,
                    }],
                ));
                steps.push(step(
                    Duration::from_secs(2),
                    vec![Message::Challenge { by, stage }],
                ));
            }
            _ => {}
        }
    }
    steps
}

/// The load mix used by `vta sim load` and `vta bench ingest`: every datagram of the
/// championship scenario, encoded once, in match order (mostly clock ticks, with points,
/// scores, athletes and configuration in their real proportions).
pub fn load_mix() -> Vec<Vec<u8>> {
    let schema = pss::Schema::v2_3();
    Scenario::new(ScenarioName::Championship)
        .steps
        .iter()
        .map(|step| schema.encode_datagram(&step.messages).into_bytes())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_feed_is_deterministic_and_lasts() {
        let a = random_steps(7, Duration::from_secs(30));
        let b = random_steps(7, Duration::from_secs(30));
        assert_eq!(a, b);
        let total: Duration = a.iter().map(|s| s.delay).sum();
        assert!(total >= Duration::from_secs(30), "{total:?}");
        assert_ne!(a, random_steps(8, Duration::from_secs(30)));
    }

    #[test]
    fn load_mix_is_the_whole_championship() {
        let mix = load_mix();
        assert_eq!(
            mix.len(),
            Scenario::new(ScenarioName::Championship).steps.len()
        );
        assert!(mix.iter().all(|d| d.ends_with(b";")));
    }
}
