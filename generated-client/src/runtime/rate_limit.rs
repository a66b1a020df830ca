//! An optional client-side limiter, so that a busy program waits instead of collecting 429s.
//!
//! A GCRA token bucket on tokio's clock (so tests can pause time): a few lines instead of
//! `governor`, which pulls in its own clock (`quanta`, ignoring tokio's paused time) and about
//! 25 crates even without default features. The window bound counts each call until its
//! answer is back, because that is the latest moment the request can have reached the
//! server, which is where the limit is counted.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::error::Error;
pub use super::rate::RateLimit;
#[cfg(feature = "redis")]
use super::redis_limit::{RedisBudget, RedisRateLimit};
#[cfg(feature = "redis")]
use std::collections::HashMap;
/// About 30 years: what a wait "for ever" means to `Instant` arithmetic, which must not
/// overflow.
const FOREVER: Duration = Duration::from_secs(30 * 365 * 86_400);

/// The longest a server's `Retry-After` holds back every call sharing a limiter
/// ([`RateLimiter::back_off`]), whatever it says.
pub const MAX_SHARED_BACKOFF: Duration = Duration::from_secs(60);

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
/// Where the bound is kept: a call counts against the [`at_most`](RateLimit::at_most)
/// window from when the limiter lets it go until a window's length after its answer came
/// back (the latest moment the request can have reached the server). So the bound holds at
/// the server however long a request takes to leave (a new connection, a busy machine), and
/// each window of calls is stretched by about one round trip: against a server 100 ms away,
/// `dixa_default()` sends about 9 calls a second rather than 10.
///
/// Cancelling a call (a timeout, `select!`, an aborted task, a dropped stream) never costs
/// budget: a call takes its slot only when it goes.
#[derive(Clone)]
pub struct RateLimiter {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Local(Arc<Local>),
    #[cfg(feature = "redis")]
    Redis(Shared),
}

/// A token's budget in Redis, and the in-process limiters it falls back to.
#[cfg(feature = "redis")]
#[derive(Clone)]
struct Shared {
    budget: Arc<RedisBudget>,
    /// The in-process limiters of `OnRedisError::LimitLocally`, one per token's budget,
    /// shared by every limiter made from one [`RedisRateLimit`], so that clients of one
    /// token in this process still share one while Redis is away.
    fallbacks: Arc<Mutex<HashMap<String, RateLimiter>>>,
}

#[cfg(feature = "redis")]
impl Shared {
    /// This budget's limiter in this process.
    fn local_budget(&self) -> RateLimiter {
        let mut fallbacks = self
            .fallbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        fallbacks
            .entry(self.budget.key().to_owned())
            .or_insert_with(|| RateLimiter::new(self.budget.limit()))
            .clone()
    }
}

/// The budget of one process.
struct Local {
    limit: RateLimit,
    interval: Duration,
    tolerance: Duration,
    /// An async, fair (FIFO) lock: waiting callers queue on it, and the one at the front
    /// holds it while it waits for its slot. So slots are taken in order, one waiter at a
    /// time, and a caller dropped while queued or waiting leaves the state untouched.
    turn: tokio::sync::Mutex<()>,
    /// Held only for a few instructions at a time, also by [`Permit`]s as they are dropped.
    state: Mutex<State>,
    /// Woken when a call ends, which may free a slot of the window.
    call_ended: tokio::sync::Notify,
}

#[derive(Default)]
struct State {
    /// GCRA's "theoretical arrival time" of the next call; `None` before the first.
    next: Option<Instant>,
    /// The calls that may still count against the window (at most its number of calls):
    /// `None` while the call is out, then when it ended.
    counted: Vec<(u64, Option<Instant>)>,
    next_id: u64,
    /// No call goes before this (a server's `Retry-After`).
    hold_until: Option<Instant>,
}

/// What keeps the next call from going now.
enum Wait {
    Until(Instant),
    /// The window is full of calls still out: the next one can go a window after one ends.
    ForACallToEnd,
}

impl State {
    /// Takes a slot for a call going at `now`, or says what to wait for.
    fn take(&mut self, local: &Local, now: Instant) -> Result<u64, Wait> {
        if let Some(until) = self.hold_until.filter(|until| *until > now) {
            return Err(Wait::Until(until));
        }
        if let Some(allowed_at) = self.next.and_then(|tat| tat.checked_sub(local.tolerance)) {
            if allowed_at > now {
                return Err(Wait::Until(allowed_at));
            }
        }
        let id = self.next_id;
        if let Some((calls, window)) = local.limit.window() {
            let counts_until =
                |ended: Instant| ended.checked_add(window).unwrap_or(ended + FOREVER);
            self.counted
                .retain(|(_, ended)| ended.is_none_or(|ended| counts_until(ended) > now));
            let excess = (self.counted.len() + 1).saturating_sub(calls as usize);
            if excess > 0 {
                // The `excess` earliest ends must leave the window first; calls still out
                // end later than any call that has ended.
                let mut ends: Vec<Instant> = self
                    .counted
                    .iter()
                    .filter_map(|(_, ended)| *ended)
                    .collect();
                if ends.len() < excess {
                    return Err(Wait::ForACallToEnd);
                }
                ends.sort_unstable();
                return Err(Wait::Until(counts_until(ends[excess - 1])));
            }
            self.counted.push((id, None));
        }
        self.next_id += 1;
        self.next = Some(self.next.map_or(now, |tat| tat.max(now)) + local.interval);
        Ok(id)
    }
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        let interval = limit.interval();
        RateLimiter {
            backend: Backend::Local(Arc::new(Local {
                limit,
                interval,
                // A burst beyond what a `Duration` holds is as good as unlimited.
                tolerance: interval
                    .checked_mul(limit.burst() - 1)
                    .unwrap_or(Duration::MAX),
                turn: tokio::sync::Mutex::default(),
                state: Mutex::default(),
                call_ended: tokio::sync::Notify::new(),
            })),
        }
    }

    /// A limiter whose budget lives in Redis, shared by every process (and every client)
    /// that uses the same API token and key prefix: see [`RedisRateLimit`]. Connects on
    /// first use. Give it to [`ClientBuilder::rate_limiter`](super::ClientBuilder::rate_limiter):
    /// the client keys the budget by a hash of its API token.
    ///
    /// ```no_run
    /// use dixa_client::{Client, RateLimit, RateLimiter, RedisRateLimit, OnRedisError};
    /// let shared = RateLimiter::redis(
    ///     RedisRateLimit::new("redis://127.0.0.1:6379/", RateLimit::dixa_default())?
    ///         .key_prefix("my-app:dixa")
    ///         .on_redis_error(OnRedisError::LimitLocally),
    /// );
    /// let client = Client::builder("api-key").rate_limiter(shared).build()?;
    /// # Ok::<(), dixa_client::Error>(())
    /// ```
    #[cfg(feature = "redis")]
    pub fn redis(settings: RedisRateLimit) -> RateLimiter {
        RateLimiter {
            backend: Backend::Redis(Shared {
                budget: RedisBudget::new(settings),
                fallbacks: Arc::default(),
            }),
        }
    }

    /// This limiter for a client of the token `api_key`: the same one in process; in Redis,
    /// the budget keyed by the token's hash.
    pub(super) fn for_token(&self, api_key: &str) -> RateLimiter {
        let _ = api_key;
        match &self.backend {
            Backend::Local(_) => self.clone(),
            #[cfg(feature = "redis")]
            Backend::Redis(shared) => RateLimiter {
                backend: Backend::Redis(Shared {
                    budget: shared.budget.for_token(api_key),
                    fallbacks: Arc::clone(&shared.fallbacks),
                }),
            },
        }
    }

    pub fn limit(&self) -> RateLimit {
        match &self.backend {
            Backend::Local(local) => local.limit,
            #[cfg(feature = "redis")]
            Backend::Redis(shared) => shared.budget.limit(),
        }
    }

    /// Waits until a call may go and counts it. The client calls this before every
    /// attempt and keeps the [`Permit`] until the attempt's answer is back; call it yourself
    /// only for requests with the same token made some other way, and keep the permit the
    /// same way.
    ///
    /// Fails only for a limiter shared through Redis that cannot reach it and is set to
    /// fail calls then (`OnRedisError::FailCall`, feature `redis`).
    pub async fn acquire(&self) -> Result<Permit, Error> {
        self.acquire_for(None).await
    }

    /// [`acquire`](RateLimiter::acquire) for an attempt that takes at most `lease`: a limiter
    /// shared through Redis counts the call as out no longer than that if its end is never
    /// heard of (the process died).
    pub(super) async fn acquire_for(&self, lease: Option<Duration>) -> Result<Permit, Error> {
        let _ = lease;
        match &self.backend {
            Backend::Local(local) => Ok(local.acquire().await),
            #[cfg(feature = "redis")]
            Backend::Redis(shared) => {
                let budget = &shared.budget;
                let local = shared.local_budget();
                match budget.acquire(lease).await? {
                    Some(member) => {
                        // The process's own calls pass its in-process limiter too (at once,
                        // nearly always: they are a part of the fleet's), so that it keeps
                        // the limit alone across a switch to it and back (Redis away, or
                        // restarted without its memory). Dropped while waiting here, the
                        // slot in Redis is given back.
                        let mut claim = RedisClaim {
                            budget: Arc::clone(budget),
                            member: Some(member),
                        };
                        let local = Box::pin(local.acquire()).await?;
                        let member = claim.member.take().unwrap_or_default();
                        Ok(Permit {
                            release: match budget.limit().window() {
                                // Without a window, nothing counts the call once it went.
                                None => Release::Nothing,
                                Some(_) => Release::Redis {
                                    budget: Arc::clone(budget),
                                    member,
                                    _local: Box::new(local),
                                },
                            },
                        })
                    }
                    None => Box::pin(local.acquire()).await,
                }
            }
        }
    }

    /// Holds back every call that shares this limiter for `wait` (at most
    /// [`MAX_SHARED_BACKOFF`]): what a server's `Retry-After` on a 429 asks of a whole
    /// token, not of one call. The client does this itself on a 429. Shared through Redis,
    /// it holds back every process; if Redis cannot be reached, this process alone.
    pub async fn back_off(&self, wait: Duration) {
        let wait = wait.min(MAX_SHARED_BACKOFF);
        match &self.backend {
            Backend::Local(local) => local.back_off(wait),
            #[cfg(feature = "redis")]
            Backend::Redis(shared) => {
                let budget = &shared.budget;
                if let Err(reason) = budget.back_off(wait).await {
                    tracing::warn!(
                        key_prefix = %budget.key_prefix(),
                        reason = %reason,
                        "a 429's Retry-After could not be shared through Redis"
                    );
                }
                if let Backend::Local(local) = &shared.local_budget().backend {
                    local.back_off(wait);
                }
            }
        }
    }
}

impl Local {
    async fn acquire(self: &Arc<Self>) -> Permit {
        let _turn = self.turn.lock().await;
        loop {
            // Registered before the state is read, so that no end is missed in between.
            let call_ended = self.call_ended.notified();
            tokio::pin!(call_ended);
            call_ended.as_mut().enable();
            let taken = self.state().take(self, Instant::now());
            match taken {
                Ok(id) => {
                    return Permit {
                        release: match self.limit.window() {
                            Some(_) => Release::Local {
                                local: Arc::clone(self),
                                id,
                            },
                            None => Release::Nothing,
                        },
                    };
                }
                Err(Wait::Until(at)) => tokio::time::sleep_until(at).await,
                Err(Wait::ForACallToEnd) => call_ended.await,
            }
        }
    }

    fn back_off(&self, wait: Duration) {
        let until = Instant::now() + wait.min(MAX_SHARED_BACKOFF);
        let mut state = self.state();
        state.hold_until = Some(state.hold_until.map_or(until, |held| held.max(until)));
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is consistent between any two statements: a panic elsewhere while it
        // was held leaves nothing half done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn call_ended(&self, id: u64) {
        let now = Instant::now();
        if let Some(slot) = self
            .state()
            .counted
            .iter_mut()
            .find(|(slot, _)| *slot == id)
        {
            slot.1 = Some(now);
        }
        self.call_ended.notify_waiters();
    }
}

/// One call's slot of a [`RateLimiter`]: the call counts against the limiter's window until
/// a window's length after the permit is dropped. Drop it when the call's answer is back
/// (or the call is given up).
#[must_use = "a call counts from when its permit is dropped: keep it until the answer is back"]
pub struct Permit {
    release: Release,
}

enum Release {
    Nothing,
    Local {
        local: Arc<Local>,
        id: u64,
    },
    #[cfg(feature = "redis")]
    Redis {
        budget: Arc<RedisBudget>,
        member: String,
        /// The same call's slot in the process's own limiter.
        _local: Box<Permit>,
    },
}

/// A slot taken in Redis for a call that has not got its permit yet: given back if the
/// caller goes away first.
#[cfg(feature = "redis")]
struct RedisClaim {
    budget: Arc<RedisBudget>,
    member: Option<String>,
}

#[cfg(feature = "redis")]
impl Drop for RedisClaim {
    fn drop(&mut self) {
        if let Some(member) = self.member.take() {
            Arc::clone(&self.budget).forget(member);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        match &mut self.release {
            Release::Nothing => {}
            Release::Local { local, id } => local.call_ended(*id),
            #[cfg(feature = "redis")]
            // The local permit ends with it, as it is dropped.
            Release::Redis { budget, member, .. } => budget.call_ended(std::mem::take(member)),
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit").finish_non_exhaustive()
    }
}

impl fmt::Debug for RateLimiter {
    // Never the Redis URL (a password) nor the key (a hash of the token).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut tuple = f.debug_tuple("RateLimiter");
        tuple.field(&self.limit());
        #[cfg(feature = "redis")]
        if let Backend::Redis(shared) = &self.backend {
            tuple
                .field(&format_args!(
                    "redis, key prefix {:?}",
                    shared.budget.key_prefix()
                ))
                .field(&shared.budget.on_error());
        }
        tuple.finish()
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[cfg(feature = "redis")]
    #[test]
    fn a_limiter_shared_through_redis_shows_no_password() {
        let settings = RedisRateLimit::new(
            "redis://:redis-password@127.0.0.1:6379/",
            RateLimit::dixa_default(),
        )
        .unwrap()
        .key_prefix("fleet");
        let shown = format!("{:?}", RateLimiter::redis(settings));
        assert!(!shown.contains("redis-password"), "{shown}");
        assert!(shown.contains("fleet"), "{shown}");
    }

    #[tokio::test(start_paused = true)]
    async fn burst_then_spaced() {
        let limiter = RateLimiter::new(RateLimit::dixa_default());
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..7 {
            drop(limiter.acquire().await);
            times.push(start.elapsed().as_millis());
        }
        assert_eq!(times, [0, 0, 0, 0, 100, 200, 300]);
        // After a quiet second the burst is available again.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let start = Instant::now();
        for _ in 0..4 {
            drop(limiter.acquire().await);
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
            drop(limiter.acquire().await);
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
