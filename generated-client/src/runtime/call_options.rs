//! Per-call options: what one call (or one view of the client) changes about the client's
//! settings: extra headers, the attempt timeout, the retry policy, the idempotency decision
//! and the request id.
//!
//! See [`CallOptions`]. The builders get `.options` from `operation_sends!`, once, in the
//! runtime: a new option is a new method here and nothing in the generator.

use std::fmt;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::retry::RetryPolicy;

/// What one call changes about the client's settings; everything unset follows the client.
///
/// Every operation builder has `.options(|o| ...)`, before `.await`:
///
/// ```no_run
/// # async fn demo(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
/// use std::time::Duration;
/// let agents = client
///     .v1().agents()
///     .list()
///     .options(|o| o.header("Prefer", "code=200").timeout(Duration::from_secs(5)).no_retries())
///     .await?;
/// # Ok(()) }
/// ```
///
/// The options ride on the [`Client`](super::Client) clone inside the builder
/// ([`Client::with_options`](super::Client::with_options)), so a paginated builder applies
/// them to every page it fetches. Header values are never printed by `Debug`.
#[derive(Clone, Default)]
#[must_use]
pub struct CallOptions {
    headers: Vec<(HeaderName, HeaderValue)>,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Option<RetryPolicy>,
    idempotent: Option<bool>,
    pub(super) request_id: Option<HeaderValue>,
    /// The first invalid option, reported by sending as `ErrorKind::InvalidRequest`.
    problem: Option<String>,
}

impl CallOptions {
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// A header for this call. It replaces a client default header of the same name
    /// ([`ClientBuilder::default_header`](super::ClientBuilder::default_header)); calling it
    /// again with the same name adds another value. `Authorization` (the API key) and
    /// `Content-Type` (set from the body) are refused, as are invalid names or values: the
    /// call then fails with [`ErrorKind::InvalidRequest`](super::ErrorKind::InvalidRequest)
    /// naming the header, never quoting its value.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("header {name:?}: not a valid header name"));
        };
        if name == header::AUTHORIZATION || name == header::CONTENT_TYPE {
            return self.fail(format!(
                "header `{name}`: set by the client (the API key, the body), cannot be a call option"
            ));
        }
        match HeaderValue::from_str(value.as_ref()) {
            Ok(value) => self.headers.push((name, value)),
            Err(_) => return self.fail(format!("header `{name}`: not a valid header value")),
        }
        self
    }

    /// The longest one attempt may take, from sending to the end of the body (instead of
    /// [`ClientBuilder::timeout`](super::ClientBuilder::timeout)). With retries, each
    /// attempt gets this long, so a call may take several times as long: bound the whole
    /// call with [`deadline`](CallOptions::deadline).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest the whole call may take, from `.await` to its result: every attempt,
    /// the backoff between them and the waits for the rate limiter (instead of
    /// [`ClientBuilder::deadline`](super::ClientBuilder::deadline)). When it passes, or a
    /// backoff would end after it, the call fails with
    /// [`ErrorKind::Timeout`](super::ErrorKind::Timeout) (`is_timeout()`), whose message
    /// names the deadline and the failure of the attempt before, if any. Each attempt is
    /// still cut off after the [`timeout`](CallOptions::timeout). A paginated stream
    /// gives each page's call this long.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy for this call instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Never try this call again, whatever the answer.
    pub fn no_retries(self) -> Self {
        self.retry_policy(RetryPolicy::none())
    }

    /// Whether sending this call twice does no more than sending it once. The description
    /// decides by method (GET, PUT, DELETE: yes; POST, PATCH: no); a caller who knows better
    /// (a search sent as POST, a create with a client-chosen id) says so here, and the retry
    /// policy then resends it after a 5xx, a timeout or a lost connection.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The request id to send (in the client's
    /// [`request_id_header`](super::ClientBuilder::request_id_header)) instead of a
    /// generated one: to carry a correlation id from an incoming request. An invalid header
    /// value fails the call with `InvalidRequest`.
    pub fn request_id(mut self, id: impl AsRef<str>) -> Self {
        match HeaderValue::from_str(id.as_ref()) {
            Ok(value) => self.request_id = Some(value),
            Err(_) => return self.fail("the request id is not a valid header value".to_owned()),
        }
        self
    }

    fn fail(mut self, problem: String) -> Self {
        self.problem.get_or_insert(problem);
        self
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("headers", &header_names)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("idempotent", &self.idempotent)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

// What the call's settings are made of, read by `request.rs` (which falls back on the
// client's settings for what is unset).
impl CallOptions {
    /// The first invalid option, reported like any other building mistake.
    pub(super) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The retry policy chosen for the call, if any.
    pub(super) fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Whether the caller said the call is idempotent (or not), if they did.
    pub(super) fn idempotent_choice(&self) -> Option<bool> {
        self.idempotent
    }

    /// The attempt timeout chosen for the call, if any.
    pub(super) fn timeout_choice(&self) -> Option<Duration> {
        self.timeout
    }

    /// The deadline of the whole call chosen for it, if any.
    pub(super) fn deadline_choice(&self) -> Option<Duration> {
        self.deadline
    }

    /// Adds the call's headers, replacing ones already in `headers` of the same name (the
    /// client defaults); a name given twice here is sent twice.
    pub(super) fn apply_headers(&self, headers: &mut HeaderMap) {
        let mut replaced: Vec<&HeaderName> = Vec::new();
        for (name, value) in &self.headers {
            if replaced.contains(&name) {
                headers.append(name.clone(), value.clone());
            } else {
                headers.insert(name.clone(), value.clone());
                replaced.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_headers_are_reported_without_values() {
        let o = CallOptions::new().header("X-Token", "sec\nret");
        let problem = o.problem.clone().unwrap();
        assert!(
            problem.contains("x-token") && !problem.contains("sec"),
            "{problem}"
        );
        let o = CallOptions::new().header("authorization", "k");
        assert!(o.problem.unwrap().contains("cannot be a call option"));
        let debug = format!("{:?}", CallOptions::new().header("X-Token", "secret"));
        assert!(
            debug.contains("x-token") && !debug.contains("secret"),
            "{debug}"
        );
    }
}
