//! An optional client-side limiter, so that a busy program waits instead of collecting 429s.
//!
//! A GCRA token bucket on tokio's clock (so tests can pause time): a few lines instead of
//! `governor`, which pulls in its own clock (`quanta`, ignoring tokio's paused time) and about
//! 25 crates even without default features.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

/// A request rate with a burst allowance: `burst` calls may go at once, then one every
/// `1 / per_second`; optionally also never more than a number of calls in any window of
/// time ([`at_most`](RateLimit::at_most)). A client makes a [`RateLimiter`] of it, shared by
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

    fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}

/// About 30 years: what a wait "for ever" means to `Instant` arithmetic, which must not
/// overflow.
const FOREVER: Duration = Duration::from_secs(30 * 365 * 86_400);

/// A [`RateLimit`] in use: the budget that calls draw from. Cloning gives another handle to
/// the same budget.
///
/// Dixa counts requests per API token, so every [`Client`](super::Client) that uses one
/// token should share one limiter: clones of a client do already; clients built separately
/// share it through [`ClientBuilder::rate_limiter`](super::ClientBuilder::rate_limiter).
///
/// ```
/// use dixa_client::{Client, RateLimit, RateLimiter};
/// let limiter = RateLimiter::new(RateLimit::dixa_default());
/// let a = Client::builder("key").rate_limiter(limiter.clone()).build()?;
/// let b = Client::builder("key").timeout(std::time::Duration::from_secs(5)).rate_limiter(limiter).build()?;
/// # Ok::<(), dixa_client::Error>(())
/// ```
///
/// Cancelling a call (a timeout, `select!`, an aborted task, a dropped stream) never costs
/// budget: a call takes its slot only when it goes.
#[derive(Clone)]
pub struct RateLimiter {
    shared: Arc<Shared>,
}

struct Shared {
    limit: RateLimit,
    interval: Duration,
    tolerance: Duration,
    /// An async, fair (FIFO) lock: waiting callers queue on it, and the one at the front
    /// holds it while it sleeps until its slot. So slots are taken in order, one sleeper at a
    /// time, and a caller dropped while queued or asleep leaves the state untouched.
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    /// GCRA's "theoretical arrival time" of the next call; `None` before the first.
    next: Option<Instant>,
    /// When the last calls went, as many as the window allows (oldest first).
    recent: VecDeque<Instant>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        let interval = limit.interval();
        RateLimiter {
            shared: Arc::new(Shared {
                limit,
                interval,
                // A burst beyond what a `Duration` holds is as good as unlimited.
                tolerance: interval
                    .checked_mul(limit.burst - 1)
                    .unwrap_or(Duration::MAX),
                state: tokio::sync::Mutex::default(),
            }),
        }
    }

    pub fn limit(&self) -> RateLimit {
        self.shared.limit
    }

    /// Waits until a call may go and counts it. The client calls this before every
    /// attempt; call it yourself only for requests with the same token made some other way.
    pub async fn acquire(&self) {
        let shared = &*self.shared;
        let mut state = shared.state.lock().await;
        let now = Instant::now();
        let mut allowed_at = state
            .next
            .and_then(|tat| tat.checked_sub(shared.tolerance))
            .map_or(now, |t| t.max(now));
        if let Some((calls, window)) = shared.limit.window {
            if state.recent.len() >= calls as usize {
                if let Some(oldest) = state.recent.front() {
                    // The oldest of the last `calls` must leave the window first; a window
                    // too long for the clock is as good as never.
                    let frees_at = oldest.checked_add(window).unwrap_or(*oldest + FOREVER);
                    allowed_at = allowed_at.max(frees_at);
                }
            }
        }
        if allowed_at > now {
            tokio::time::sleep_until(allowed_at).await;
        }
        // Only now, when the call goes, is its slot taken.
        let now = Instant::now();
        let tat = state.next.map_or(now, |t| t.max(now));
        state.next = Some(tat + shared.interval);
        if let Some((calls, _)) = shared.limit.window {
            state.recent.push_back(now);
            while state.recent.len() > calls as usize {
                state.recent.pop_front();
            }
        }
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RateLimiter")
            .field(&self.shared.limit)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

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

    /// Callers cancelled while they wait (here: a timeout around each of 100 concurrent
    /// ones) take no slot, so the budget is whole again once the calls that did go are a
    /// burst's time in the past.
    #[tokio::test(start_paused = true)]
    async fn cancelled_waits_cost_nothing() {
        let limiter = RateLimiter::new(RateLimit::dixa_default());
        let calls =
            (0..100).map(|_| tokio::time::timeout(Duration::from_millis(300), limiter.acquire()));
        let went = futures_util::future::join_all(calls)
            .await
            .iter()
            .filter(|call| call.is_ok())
            .count();
        assert!((6..=7).contains(&went), "{went}");
        tokio::time::sleep(Duration::from_secs(1)).await;
        for _ in 0..4 {
            assert!(limiter.acquire().now_or_never().is_some());
        }
    }

    /// Dixa's limit read strictly: a burst of 4, 10 a second, and never 11 calls within
    /// one second, however the calls come.
    #[tokio::test(start_paused = true)]
    async fn dixa_default_never_lets_11_calls_into_one_second() {
        let limiter = RateLimiter::new(RateLimit::dixa_default());
        let start = Instant::now();
        let mut went = Vec::new();
        for _ in 0..45 {
            limiter.acquire().await;
            went.push(start.elapsed());
        }
        assert_eq!(went[..4], [Duration::ZERO; 4]);
        for (i, later) in went.iter().enumerate().skip(10) {
            let earlier = went[i - 10];
            assert!(*later - earlier >= Duration::from_secs(1), "{i}: {went:?}");
        }
        // Still 10 a second in the long run.
        assert!(went[44] <= Duration::from_millis(4_100), "{went:?}");
    }

    #[test]
    fn bad_settings_are_clamped() {
        let l = RateLimit::new(f64::NAN, 0);
        assert_eq!((l.per_second(), l.burst()), (1.0, 1));
        let slowest = RateLimit::new(1e-20, u32::MAX);
        assert_eq!(slowest.per_second(), RateLimit::MIN_PER_SECOND);
        assert_eq!(slowest.interval(), Duration::from_secs(86_400));
        RateLimiter::new(slowest);
        let fastest = RateLimit::new(f64::INFINITY, u32::MAX);
        assert_eq!(fastest.interval(), Duration::from_micros(1));
        RateLimiter::new(fastest);
    }
}
