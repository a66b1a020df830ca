//! An optional client-side limiter, so that a busy program waits instead of collecting 429s.
//!
//! A GCRA token bucket on tokio's clock (so tests can pause time): a few lines instead of
//! `governor`, which pulls in its own clock (`quanta`, ignoring tokio's paused time) and about
//! 25 crates even without default features.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A request rate with a burst allowance: `burst` calls may go at once, then one every
/// `1 / per_second`. Shared by all clones of a client (one token, one budget).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
}

impl RateLimit {
    /// `per_second` calls a second on average, up to `burst` at once (both at least 1).
    pub fn new(per_second: f64, burst: u32) -> Self {
        RateLimit {
            per_second: if per_second.is_finite() && per_second > 0.0 {
                per_second
            } else {
                1.0
            },
            burst: burst.max(1),
        }
    }

    /// Dixa's documented limit: 10 requests a second per API token, bursts of 4.
    pub fn dixa_default() -> Self {
        RateLimit::new(10.0, 4)
    }

    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    pub fn burst(&self) -> u32 {
        self.burst
    }

    fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}

/// The state of a [`RateLimit`]: the "theoretical arrival time" of the next call.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    interval: Duration,
    tolerance: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        let interval = limit.interval();
        RateLimiter {
            limit,
            interval,
            tolerance: interval * (limit.burst - 1),
            next: Mutex::new(None),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Waits until a call may go. Each call reserves its slot before waiting, so concurrent
    /// callers are spaced out rather than all woken together.
    pub(crate) async fn acquire(&self) {
        let at = self.reserve(Instant::now());
        tokio::time::sleep_until(at).await;
    }

    /// Reserves the next slot at or after `now`; returns when it starts.
    fn reserve(&self, now: Instant) -> Instant {
        // A poisoned lock only means another caller panicked between two plain assignments.
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let tat = next.map_or(now, |t| t.max(now));
        let allowed_at = tat.checked_sub(self.tolerance).map_or(now, |t| t.max(now));
        *next = Some(tat + self.interval);
        allowed_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn burst_then_spaced() {
        let limiter = RateLimiter::new(RateLimit::dixa_default());
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..7 {
            limiter.acquire().await;
            times.push(start.elapsed().as_millis());
        }
        assert_eq!(times, [0, 0, 0, 0, 100, 200, 300]);
        // After a quiet second the burst is available again.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let start = Instant::now();
        for _ in 0..4 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn bad_settings_are_clamped() {
        let l = RateLimit::new(f64::NAN, 0);
        assert_eq!((l.per_second(), l.burst()), (1.0, 1));
    }
}
