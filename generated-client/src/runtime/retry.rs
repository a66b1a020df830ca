//! When and how long to wait before trying a call again.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;

/// Which calls are tried again, how often and after how long.
///
/// A call is tried again when the answer is
/// - HTTP 429 (rate limited) — for every method: Dixa refuses the request before doing
///   anything, so sending it again cannot do the work twice;
/// - a connection that could not be established — for every method, for the same reason;
/// - HTTP 502, 503 or 504, a timeout, or a connection lost mid-call (also half-way through
///   the answer's body) — only for idempotent operations (GET, PUT, DELETE, HEAD, OPTIONS)
///   unless [`retry_non_idempotent(true)`](RetryPolicy::retry_non_idempotent): a POST or
///   PATCH may have been carried out before the failure.
///
/// The wait is the server's `Retry-After` (seconds or HTTP-date, capped at
/// [`max_retry_after`](RetryPolicy::max_retry_after)) when the answer has one, otherwise
/// exponential backoff with full jitter: a random time between zero and
/// `min(max_delay, base_delay * 2^retry)`. It stops after
/// [`max_retries`](RetryPolicy::max_retries) retries, or earlier when the next wait would end
/// after [`max_elapsed`](RetryPolicy::max_elapsed) since the first attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    max_elapsed: Option<Duration>,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, 250 ms base delay, 10 s max backoff, `Retry-After` capped at 60 s,
    /// at most 2 minutes in all, idempotent operations only (429 and connect errors: all).
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            max_elapsed: Some(Duration::from_secs(120)),
            retry_non_idempotent: false,
        }
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure {
    /// An answer with this status and, possibly, a `Retry-After`.
    Status(StatusCode, Option<Duration>),
    /// The connection could not be established: the request never reached the server.
    Connect,
    /// Timeout or connection lost: the server may have acted on the request.
    Interrupted,
    /// Not worth another try (a redirect loop, a request reqwest refused to build).
    Permanent,
}

impl RetryPolicy {
    /// Never try again.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a call is tried again after the first attempt.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The backoff before the first retry (doubled for each further retry, then jittered).
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The longest backoff (before jitter) between two attempts.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The longest `Retry-After` honoured; a longer one is shortened to this.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Give up rather than wait past this time since the first attempt (`None`: no bound).
    pub fn max_elapsed(mut self, d: Option<Duration>) -> Self {
        self.max_elapsed = d;
        self
    }

    /// Also retry POST and PATCH after a 5xx, a timeout or a lost connection.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before the next attempt, or `None` to give up.
    ///
    /// `attempts` is the number of attempts made so far (1 after the first).
    pub(crate) fn next_delay(
        &self,
        failure: Failure,
        idempotent: bool,
        attempts: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempts > self.max_retries {
            return None;
        }
        let may_resend = idempotent || self.retry_non_idempotent;
        let retry_after = match failure {
            Failure::Status(StatusCode::TOO_MANY_REQUESTS, retry_after) => retry_after,
            Failure::Status(
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT,
                retry_after,
            ) if may_resend => retry_after,
            Failure::Connect => None,
            Failure::Interrupted if may_resend => None,
            _ => return None,
        };
        let delay = match retry_after {
            Some(d) => d.min(self.max_retry_after),
            None => self.backoff(attempts - 1),
        };
        match self.max_elapsed {
            Some(max) if elapsed.saturating_add(delay) > max => None,
            _ => Some(delay),
        }
    }

    /// Full jitter: uniform in `[0, min(max_delay, base_delay * 2^retry)]`.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        let ceiling = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP-date in any of the three
/// forms RFC 9110 §5.6.7 says a recipient must accept (IMF-fixdate, RFC 850, asctime).
/// A date in the past means "now"; anything unreadable is ignored.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S503: Failure = Failure::Status(StatusCode::SERVICE_UNAVAILABLE, None);

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let v = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(
            parse_retry_after(&v("120"), now),
            Some(Duration::from_secs(120))
        );
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(
            parse_retry_after(&v("Sun, 06 Nov 1994 08:49:47 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after(&v("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        // The obsolete forms a recipient must still accept.
        assert_eq!(
            parse_retry_after(&v("Sunday, 06-Nov-94 08:49:47 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after(&v("Sun Nov  6 08:49:47 1994"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after(&v("soon"), now), None);
    }

    #[test]
    fn idempotency_decides_5xx_but_not_429() {
        let p = RetryPolicy::default();
        let t0 = Duration::ZERO;
        assert!(p.next_delay(S503, true, 1, t0).is_some());
        assert!(p.next_delay(S503, false, 1, t0).is_none());
        assert!(
            p.clone()
                .retry_non_idempotent(true)
                .next_delay(S503, false, 1, t0)
                .is_some()
        );
        let s429 = Failure::Status(StatusCode::TOO_MANY_REQUESTS, None);
        assert!(p.next_delay(s429, false, 1, t0).is_some());
        assert!(p.next_delay(Failure::Connect, false, 1, t0).is_some());
        assert!(p.next_delay(Failure::Interrupted, false, 1, t0).is_none());
        let s500 = Failure::Status(StatusCode::INTERNAL_SERVER_ERROR, None);
        assert!(p.next_delay(s500, true, 1, t0).is_none());
    }

    #[test]
    fn bounds() {
        let p = RetryPolicy::default().max_retries(2);
        assert!(p.next_delay(S503, true, 2, Duration::ZERO).is_some());
        assert!(p.next_delay(S503, true, 3, Duration::ZERO).is_none());
        let late = Duration::from_secs(119) + Duration::from_millis(999);
        let capped = Failure::Status(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(1)));
        assert!(p.next_delay(capped, true, 1, late).is_none());
        assert!(
            RetryPolicy::none()
                .next_delay(S503, true, 1, Duration::ZERO)
                .is_none()
        );
    }

    #[test]
    fn retry_after_is_capped_and_backoff_bounded() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let long = Failure::Status(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(3600)),
        );
        assert_eq!(
            p.next_delay(long, true, 1, Duration::ZERO),
            Some(Duration::from_secs(5))
        );
        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(300));
        for retry in 0..40 {
            assert!(p.backoff(retry) <= Duration::from_millis(300));
        }
        assert!(p.backoff(0) <= Duration::from_millis(100));
    }
}
