//! The one backoff every loop that tries again uses: a wait that starts at
//! `first` and doubles with each attempt, up to `max`, optionally drawn at
//! random below that bound (full jitter, so processes restarted together
//! do not retry in step). Each loop keeps its own limits and its own use of
//! `Retry-After`; only the arithmetic lives here.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub first: Duration,
    pub max: Duration,
}

impl Backoff {
    pub(crate) const fn new(first: Duration, max: Duration) -> Self {
        Self { first, max }
    }

    /// The wait before attempt `retry` (1 for the first retry): `first`,
    /// doubled `retry - 1` times, at most `max`. Never overflows, whatever
    /// the count.
    pub(crate) fn bound(self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(30);
        self.first.saturating_mul(1 << doublings).min(self.max)
    }

    /// A random wait between zero and [`Self::bound`] (full jitter).
    pub(crate) fn jittered(self, retry: u32) -> Duration {
        self.bound(retry).mul_f64(fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECS: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_wait_doubles_from_first_up_to_max() {
        let backoff = Backoff::new(SECS(1), SECS(30));
        let waits: Vec<u64> = (1..=7).map(|n| backoff.bound(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(backoff.bound(0), SECS(1));
        assert_eq!(backoff.bound(u32::MAX), SECS(30));
    }

    #[test]
    fn a_jittered_wait_is_never_above_its_bound() {
        let backoff = Backoff::new(Duration::from_millis(500), SECS(8));
        for retry in 1..40 {
            assert!(backoff.jittered(retry) <= backoff.bound(retry));
        }
    }
}
