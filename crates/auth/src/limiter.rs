//! [`SignInLimiter`]: at most a few failed sign-ins per address per minute.
//!
//! Pure: the caller passes the time, so tests need no clock. Only failures count; a good
//! sign-in clears the address. The table is bounded: when full, addresses whose window ended
//! are dropped first, then the oldest.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Failed sign-ins one address may make within [`WINDOW`] before it is refused.
const MAX_FAILURES: u32 = 5;
/// How long failures are remembered.
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most.
const MAX_ADDRESSES: usize = 4096;

/// An address that must wait before it may try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInRefused {
    /// How long until the address may try again.
    pub retry_after: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    first_at: Instant,
    count: u32,
}

/// Counts failed sign-ins per address.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    failures: HashMap<IpAddr, Failures>,
}

impl SignInLimiter {
    /// An empty limiter.
    pub fn new() -> SignInLimiter {
        SignInLimiter::default()
    }

    /// Whether `address` may try a sign-in at `now`.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), SignInRefused> {
        match self.failures.get(&address) {
            Some(failures) if failures.count >= MAX_FAILURES => {
                let ends = failures.first_at + WINDOW;
                if now < ends {
                    Err(SignInRefused {
                        retry_after: ends - now,
                    })
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed sign-in from `address` at `now`.
    pub fn failed(&mut self, address: IpAddr, now: Instant) {
        if !self.failures.contains_key(&address) && self.failures.len() >= MAX_ADDRESSES {
            self.make_room(now);
        }
        let entry = self.failures.entry(address).or_insert(Failures {
            first_at: now,
            count: 0,
        });
        if now.duration_since(entry.first_at) >= WINDOW {
            *entry = Failures {
                first_at: now,
                count: 0,
            };
        }
        entry.count += 1;
    }

    /// Forgets the failures of `address` (it signed in).
    pub fn succeeded(&mut self, address: IpAddr) {
        self.failures.remove(&address);
    }

    fn make_room(&mut self, now: Instant) {
        self.failures
            .retain(|_, failures| now.duration_since(failures.first_at) < WINDOW);
        if self.failures.len() >= MAX_ADDRESSES {
            if let Some(oldest) = self
                .failures
                .iter()
                .min_by_key(|(_, failures)| failures.first_at)
                .map(|(address, _)| *address)
            {
                self.failures.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 8));

    #[test]
    fn the_sixth_failure_in_a_minute_is_refused_until_the_minute_ends() {
        let mut limiter = SignInLimiter::new();
        let start = Instant::now();
        for n in 0..MAX_FAILURES {
            assert!(limiter.check(A, start).is_ok(), "try {n}");
            limiter.failed(A, start + Duration::from_secs(n as u64));
        }
        let refused = limiter
            .check(A, start + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(refused.retry_after, Duration::from_secs(50));
        assert!(
            limiter.check(B, start).is_ok(),
            "another address is not held"
        );
        assert!(limiter.check(A, start + WINDOW).is_ok());
    }

    #[test]
    fn a_good_sign_in_clears_the_address() {
        let mut limiter = SignInLimiter::new();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            limiter.failed(A, now);
        }
        limiter.succeeded(A);
        assert!(limiter.check(A, now).is_ok());
    }

    #[test]
    fn the_table_stays_bounded() {
        let mut limiter = SignInLimiter::new();
        let now = Instant::now();
        for n in 0..(MAX_ADDRESSES as u32 + 100) {
            limiter.failed(IpAddr::V4(n.into()), now);
        }
        assert!(limiter.failures.len() <= MAX_ADDRESSES);
    }
}
