//! The rate a [`RateLimiter`](super::RateLimiter) keeps: [`RateLimit`], a setting of
//! its own so that every limiter (in process, or shared through Redis) reads it without
//! depending on another.

use std::time::Duration;

/// A request rate with a burst allowance: `burst` calls may go at once, then one every
/// `1 / per_second`; optionally also never more than a number of calls in any window of
/// time ([`at_most`](RateLimit::at_most)). A client makes a [`RateLimiter`](super::RateLimiter) of it, shared by
/// all its clones (one token, one budget).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
    /// At most this many calls in any window of this length.
    window: Option<(u32, Duration)>,
}

impl RateLimit {
    /// The slowest rate: one call a day.
    pub const MIN_PER_SECOND: f64 = 1.0 / 86_400.0;
    /// The fastest rate: a million calls a second (one a microsecond).
    pub const MAX_PER_SECOND: f64 = 1e6;
    /// The most calls an [`at_most`](RateLimit::at_most) window counts.
    pub const MAX_WINDOW_CALLS: u32 = 10_000;

    /// `per_second` calls a second on average, up to `burst` at once.
    ///
    /// Never fails: `per_second` is clamped to
    /// [`MIN_PER_SECOND`](RateLimit::MIN_PER_SECOND)..=[`MAX_PER_SECOND`](RateLimit::MAX_PER_SECOND)
    /// (zero, negative and NaN mean 1), `burst` is at least 1.
    pub fn new(per_second: f64, burst: u32) -> Self {
        let per_second = if per_second > 0.0 {
            per_second.clamp(Self::MIN_PER_SECOND, Self::MAX_PER_SECOND)
        } else {
            1.0 // also NaN, which compares false
        };
        RateLimit {
            per_second,
            burst: burst.max(1),
            window: None,
        }
    }

    /// Also never more than `calls` in any stretch of time `window` long. `calls` is
    /// clamped to 1..=[`MAX_WINDOW_CALLS`](RateLimit::MAX_WINDOW_CALLS): the limiter
    /// remembers that many send times.
    ///
    /// A burst allowance alone lets `burst + per_second` calls into the first second
    /// (4 + 10 = 14 for Dixa's numbers); a server that counts a sliding window would
    /// refuse the excess.
    pub fn at_most(mut self, calls: u32, window: Duration) -> Self {
        self.window = Some((calls.clamp(1, Self::MAX_WINDOW_CALLS), window));
        self
    }

    /// Dixa's documented limit, 10 requests a second per API token with bursts of 4, read
    /// the strict way: bursts of 4 and 10 a second on average, and never more than 10 in any
    /// one second. Whether Dixa counts a token bucket or a sliding window, this stays under
    /// both; in the long run it still sends 10 a second.
    pub fn dixa_default() -> Self {
        RateLimit::new(10.0, 4).at_most(10, Duration::from_secs(1))
    }

    pub fn per_second(&self) -> f64 {
        self.per_second
    }

    pub fn burst(&self) -> u32 {
        self.burst
    }

    /// The [`at_most`](RateLimit::at_most) bound: calls, window.
    pub fn window(&self) -> Option<(u32, Duration)> {
        self.window
    }

    pub(super) fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}
