//! A [`RateLimiter`](super::RateLimiter) whose budget lives in Redis, shared by every
//! process that uses one API token (feature `redis`).
//!
//! Each acquire is one Lua script, so Redis runs it atomically on its own clock: a GCRA
//! check for the burst and the rate, a shared hold for a server's `Retry-After`, and a
//! sliding log for the window (a sorted set of calls scored by the latest moment each can
//! reach the server: while a call is out, the end of its lease; once its answer is back,
//! then). The keys are a prefix and a hash of the API token, never the token.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};
use tokio::time::Instant;

use super::error::Error;
use super::rate::RateLimit;

/// What a call does when Redis cannot be reached in time (not running, slow, restarting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnRedisError {
    /// Go on with a limiter of the same [`RateLimit`] in this process alone, with a
    /// `tracing` warning when that starts and a note when Redis is back. Calls keep going,
    /// but processes that fall back at the same time each spend the whole budget.
    #[default]
    LimitLocally,
    /// Fail the call with
    /// [`ErrorKind::RateLimiterUnavailable`](super::ErrorKind::RateLimiterUnavailable),
    /// without sending it: the fleet never exceeds the budget, and calls stop while Redis
    /// is away.
    FailCall,
}

/// The settings of a limiter shared through Redis: see
/// [`RateLimiter::redis`](super::RateLimiter::redis).
#[derive(Clone)]
#[must_use]
pub struct RedisRateLimit {
    client: redis::Client,
    limit: RateLimit,
    key_prefix: String,
    on_error: OnRedisError,
    timeout: Duration,
}

/// How long one Redis round trip may take by default before the call follows
/// [`OnRedisError`].
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(500);

/// After Redis failed, how long calls follow [`OnRedisError`] without trying it again, so
/// that an outage costs each call nothing rather than a timeout.
const RETRY_REDIS_AFTER: Duration = Duration::from_secs(1);

/// How long a call counts as out when nothing says it ended (its process died): the
/// attempt timeout given by the client, or this for [`RateLimiter::acquire`](super::RateLimiter::acquire).
const DEFAULT_LEASE: Duration = Duration::from_secs(300);

/// How often a waiting caller asks again when the window is full of calls still out.
const POLL_WHILE_CALLS_ARE_OUT: Duration = Duration::from_millis(10);

impl RedisRateLimit {
    /// `limit` shared through the Redis at `url` (`redis://[:password@]host[:port][/db]`,
    /// or `rediss://` with the `redis-tls` feature). Nothing is connected yet: the first
    /// call connects. Fails on a URL that does not parse (the message never quotes it).
    pub fn new(url: &str, limit: RateLimit) -> Result<Self, Error> {
        let client = redis::Client::open(url).map_err(|e| {
            Error::config(format!(
                "the rate limiter's Redis URL does not parse ({:?})",
                e.kind()
            ))
        })?;
        Ok(RedisRateLimit {
            client,
            limit,
            key_prefix: "dixa-client:rate".to_owned(),
            on_error: OnRedisError::default(),
            timeout: DEFAULT_REDIS_TIMEOUT,
        })
    }

    /// The start of the Redis keys (default `dixa-client:rate`), then a hash of the API
    /// token: processes that should share one budget use the same prefix.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// What a call does when Redis cannot be reached in time (default
    /// [`OnRedisError::LimitLocally`]).
    pub fn on_redis_error(mut self, on_error: OnRedisError) -> Self {
        self.on_error = on_error;
        self
    }

    /// The longest one round trip to Redis (connecting included) may take before the call
    /// follows [`OnRedisError`] (default [`DEFAULT_REDIS_TIMEOUT`], 500 ms).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl fmt::Debug for RedisRateLimit {
    // The URL may hold a password: only where it points.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimit")
            .field("limit", &self.limit)
            .field("key_prefix", &self.key_prefix)
            .field("on_error", &self.on_error)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One Redis connection and its settings, shared by every token's budget made from one
/// [`RedisRateLimit`].
pub(super) struct RedisStore {
    settings: RedisRateLimit,
    connection: tokio::sync::OnceCell<ConnectionManager>,
    /// When Redis last failed: calls follow [`OnRedisError`] without it until
    /// [`RETRY_REDIS_AFTER`] later.
    failed_at: Mutex<Option<Instant>>,
    /// Whether the outage was reported (once per outage).
    reported: AtomicBool,
}

/// The budget of one API token in Redis.
pub(super) struct RedisBudget {
    store: Arc<RedisStore>,
    /// `<prefix>:{<hash of the token>}`: the braces keep the keys in one Redis Cluster slot.
    key: String,
    /// The callers of this process queue here (fair, FIFO): one at a time asks Redis.
    turn: tokio::sync::Mutex<()>,
}

impl RedisBudget {
    pub(super) fn new(settings: RedisRateLimit) -> Arc<RedisBudget> {
        let key = format!("{}:{{unbound}}", settings.key_prefix);
        let store = Arc::new(RedisStore {
            settings,
            connection: tokio::sync::OnceCell::new(),
            failed_at: Mutex::new(None),
            reported: AtomicBool::new(false),
        });
        Arc::new(RedisBudget {
            store,
            key,
            turn: tokio::sync::Mutex::new(()),
        })
    }

    /// The budget of the token `api_key`, on the same connection.
    pub(super) fn for_token(&self, api_key: &str) -> Arc<RedisBudget> {
        let hash = Sha256::digest(api_key.as_bytes());
        // 128 bits of the hash: as unique as the tokens, and nothing to learn them from.
        let key = format!(
            "{}:{{{}}}",
            self.store.settings.key_prefix,
            hex::encode(&hash[..16])
        );
        Arc::new(RedisBudget {
            store: Arc::clone(&self.store),
            key,
            turn: tokio::sync::Mutex::new(()),
        })
    }

    pub(super) fn limit(&self) -> RateLimit {
        self.store.settings.limit
    }

    pub(super) fn on_error(&self) -> OnRedisError {
        self.store.settings.on_error
    }

    pub(super) fn key_prefix(&self) -> &str {
        &self.store.settings.key_prefix
    }

    /// Waits until a call may go and counts it in Redis; `lease`: how long it may be out.
    /// `Ok(None)`: Redis failed and the call is to go through [`local_budget`]
    /// (`LimitLocally`).
    pub(super) async fn acquire(
        self: &Arc<Self>,
        lease: Option<Duration>,
    ) -> Result<Option<String>, Error> {
        let _turn = self.turn.lock().await;
        let store = &*self.store;
        let limit = store.settings.limit;
        let member = format!("{:032x}", fastrand::u128(..));
        // A caller dropped while its script was on its way (a timeout, `select!`) may have
        // been counted: the entry is removed, so cancelling costs no budget.
        let mut unclaimed = Unclaimed {
            budget: Some(Arc::clone(self)),
            member: member.clone(),
        };
        let interval = micros(Duration::from_secs_f64(1.0 / limit.per_second()));
        let tolerance = interval.saturating_mul(u64::from(limit.burst() - 1));
        let (calls, window) = limit
            .window()
            .map_or((0, 0), |(calls, window)| (calls, micros(window)));
        // The attempt starts after the grant, and its end reaches Redis a round trip later.
        let lease = micros(
            lease
                .unwrap_or(DEFAULT_LEASE)
                .saturating_add(RETRY_REDIS_AFTER)
                .saturating_add(store.settings.timeout),
        );
        loop {
            if let Some(reason) = store.recently_failed() {
                // Nothing was sent: nothing to take back.
                unclaimed.budget = None;
                return store.fault(reason);
            }
            let mut invocation = ACQUIRE.prepare_invoke();
            invocation
                .key(format!("{}:calls", self.key))
                .key(format!("{}:next", self.key))
                .key(format!("{}:hold", self.key))
                .arg(&member)
                .arg(interval)
                .arg(tolerance)
                .arg(calls)
                .arg(window)
                .arg(lease)
                .arg(micros(POLL_WHILE_CALLS_ARE_OUT));
            let ask = async {
                // A connection lost (Redis restarted) fails the first command, and the
                // connection manager connects again at once: a second try within the same
                // time bound then succeeds.
                let mut last_error = String::new();
                for _ in 0..2 {
                    let mut connection = store.connection().await?;
                    match invocation.invoke_async::<u64>(&mut connection).await {
                        Ok(wait) => return Ok(wait),
                        Err(e) => last_error = describe(&e),
                    }
                }
                Err(last_error)
            };
            let answer = match tokio::time::timeout(store.settings.timeout, ask).await {
                Ok(answer) => answer,
                Err(_) => Err(format!(
                    "no answer from Redis within {:?}",
                    store.settings.timeout
                )),
            };
            match answer {
                Ok(0) => {
                    store.recovered();
                    unclaimed.budget = None;
                    return Ok(Some(member));
                }
                Ok(wait_micros) => {
                    store.recovered();
                    tokio::time::sleep(Duration::from_micros(wait_micros)).await;
                }
                Err(reason) => {
                    store.failed();
                    return store.fault(reason);
                }
            }
        }
    }

    /// The call holding `member` has its answer (or was given up): from now, it counts a
    /// window's length more. Sent in the background; if it never arrives, the call's lease
    /// ends it.
    pub(super) fn call_ended(self: &Arc<Self>, member: String) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let budget = Arc::clone(self);
        runtime.spawn(async move {
            let store = &*budget.store;
            if let Ok(mut connection) = store.connection().await {
                let mut invocation = CALL_ENDED.prepare_invoke();
                invocation.key(format!("{}:calls", budget.key)).arg(member);
                let call = invocation.invoke_async::<()>(&mut connection);
                let _ = tokio::time::timeout(store.settings.timeout, call).await;
            }
        });
    }

    /// Removes `member`, counted for a caller that went away before it heard so.
    pub(super) fn forget(self: Arc<Self>, member: String) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            let store = &*self.store;
            if let Ok(mut connection) = store.connection().await {
                let mut command = redis::cmd("ZREM");
                command.arg(format!("{}:calls", self.key)).arg(member);
                let call = command.query_async::<()>(&mut connection);
                let _ = tokio::time::timeout(store.settings.timeout, call).await;
            }
        });
    }

    /// Holds back every process sharing this budget for `wait`.
    pub(super) async fn back_off(&self, wait: Duration) -> Result<(), String> {
        let store = &*self.store;
        let mut connection = store.connection().await?;
        let mut invocation = BACK_OFF.prepare_invoke();
        invocation
            .key(format!("{}:hold", self.key))
            .arg(micros(wait));
        let call = invocation.invoke_async::<()>(&mut connection);
        match tokio::time::timeout(store.settings.timeout, call).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(describe(&e)),
            Err(_) => Err("no answer from Redis in time".to_owned()),
        }
    }

    /// The Redis key of this budget (its token's hash): what the process's fallback
    /// limiter is kept under.
    pub(super) fn key(&self) -> &str {
        &self.key
    }
}

/// A slot asked for and not (yet) handed over as a permit.
struct Unclaimed {
    budget: Option<Arc<RedisBudget>>,
    member: String,
}

impl Drop for Unclaimed {
    fn drop(&mut self) {
        if let Some(budget) = self.budget.take() {
            budget.forget(std::mem::take(&mut self.member));
        }
    }
}

impl RedisStore {
    async fn connection(&self) -> Result<ConnectionManager, String> {
        let connection = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.settings.timeout))
                    .set_response_timeout(Some(self.settings.timeout))
                    .set_number_of_retries(1);
                // Connects on first use, and again after the connection is lost.
                ConnectionManager::new_lazy_with_config(self.settings.client.clone(), config)
            })
            .await
            .map_err(|e| describe(&e))?;
        Ok(connection.clone())
    }

    fn recently_failed(&self) -> Option<String> {
        let failed_at = *self
            .failed_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        failed_at
            .filter(|at| at.elapsed() < RETRY_REDIS_AFTER)
            .map(|_| format!("Redis failed less than {RETRY_REDIS_AFTER:?} ago"))
    }

    fn failed(&self) {
        *self
            .failed_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    fn recovered(&self) {
        *self
            .failed_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        if self.reported.swap(false, Ordering::Relaxed) {
            tracing::info!(
                key_prefix = %self.settings.key_prefix,
                "Redis is back: the rate limit is shared again"
            );
        }
    }

    fn fault(&self, reason: String) -> Result<Option<String>, Error> {
        match self.settings.on_error {
            OnRedisError::LimitLocally => {
                if !self.reported.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        key_prefix = %self.settings.key_prefix,
                        reason = %reason,
                        "the shared rate limiter's Redis is unavailable: this process limits its own calls until it is back"
                    );
                }
                Ok(None)
            }
            OnRedisError::FailCall => Err(Error::rate_limiter_unavailable(reason)),
        }
    }
}

/// A Redis error in a few words: its kind and code, never the URL it was connecting to.
fn describe(e: &redis::RedisError) -> String {
    let detail = if e.is_timeout() {
        "timed out"
    } else if e.is_connection_refusal() {
        "connection refused"
    } else if e.is_connection_dropped() || e.is_io_error() {
        "connection lost"
    } else {
        e.code().unwrap_or("error")
    };
    format!("Redis: {detail} ({:?})", e.kind())
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// KEYS: calls (sorted set), next (GCRA), hold. ARGV: member, interval, tolerance, calls
/// per window (0: no window), window, lease, poll (microseconds). Returns 0 when the call
/// was counted, else how long to wait before asking again (microseconds). Times are
/// Redis's own clock (`TIME`), the one clock every process shares.
static ACQUIRE: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold = tonumber(redis.call('GET', KEYS[3]) or '0')
if hold > now then return hold - now end
local next = tonumber(redis.call('GET', KEYS[2]) or '0')
if next < now then next = now end
local early = next - tonumber(ARGV[3]) - now
if early > 0 then return early end
local calls = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local lease = tonumber(ARGV[6])
if calls > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  local excess = redis.call('ZCARD', KEYS[1]) + 1 - calls
  if excess > 0 then
    local blocking = redis.call('ZRANGE', KEYS[1], excess - 1, excess - 1, 'WITHSCORES')
    local counts_until = tonumber(blocking[2])
    if counts_until > now then return tonumber(ARGV[7]) end
    return counts_until + window - now
  end
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.ceil((lease + window) / 1000) + 1000)
end
local interval = tonumber(ARGV[2])
redis.call('SET', KEYS[2], string.format('%d', next + interval), 'PX', math.ceil((next + interval - now) / 1000) + 1000)
return 0
",
    )
});

/// KEYS: calls. ARGV: member. The call's entry now counts from Redis's present time.
static CALL_ENDED: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
",
    )
});

/// KEYS: hold. ARGV: wait (microseconds). No call goes before then, unless a later hold
/// is already set.
static BACK_OFF: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
    redis::Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = tonumber(ARGV[1])
local hold = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + wait > hold then
  redis.call('SET', KEYS[1], string.format('%d', now + wait), 'PX', math.ceil(wait / 1000) + 1000)
end
return 0
",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hold_a_hash_of_the_token_and_nothing_shows_secrets() {
        let settings = RedisRateLimit::new(
            "redis://:redis-password@127.0.0.1:6379/",
            RateLimit::dixa_default(),
        )
        .unwrap()
        .key_prefix("fleet");
        let budget = RedisBudget::new(settings.clone()).for_token("the-api-token");
        assert!(budget.key.starts_with("fleet:{"), "{}", budget.key);
        assert!(!budget.key.contains("the-api-token"), "{}", budget.key);
        // One token, one key, whichever limiter it went through; another token, another.
        let again = RedisBudget::new(settings.clone()).for_token("the-api-token");
        assert_eq!(budget.key, again.key);
        assert_ne!(
            budget.key,
            RedisBudget::new(settings.clone()).for_token("other").key
        );

        let shown = format!("{settings:?}");
        assert!(!shown.contains("redis-password"), "{shown}");
        assert!(shown.contains("fleet"), "{shown}");
    }

    #[test]
    fn a_bad_url_is_a_config_error_without_the_url() {
        let err = RedisRateLimit::new("nonsense://:pw@x", RateLimit::dixa_default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("Redis URL") && !err.contains("pw"), "{err}");
    }
}
