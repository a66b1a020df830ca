//! Per-call options: what one call (or one view of the client) changes about the client's
//! settings: extra headers, the attempt timeout, the retry policy, the idempotency decision
//! and the request id.
//!
//! See [`CallOptions`]. The builders get `.options` from `operation_sends!`, once, in the
//! runtime: a new option is a new method here and nothing in the generator.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::client::Client;
use super::request::Request;
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
/// The options ride on the [`Client`] clone inside the builder ([`Client::with_options`]),
/// so a paginated builder applies them to every page it fetches. Header values are never
/// printed by `Debug`.
#[derive(Clone, Default)]
#[must_use]
pub struct CallOptions {
    headers: Vec<(HeaderName, HeaderValue)>,
    timeout: Option<Duration>,
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
    /// attempt gets this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
            .field("retry", &self.retry)
            .field("idempotent", &self.idempotent)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A view of this client whose calls use `options` on top of the client's settings
    /// (and of options this view already had): same connections, settings and rate limiter.
    ///
    /// ```no_run
    /// # fn demo(client: dixa_client::Client) {
    /// // Every call through `prism` asks the mock server for its 404 example.
    /// let prism = client.with_options(|o| o.header("Prefer", "code=404"));
    /// # }
    /// ```
    pub fn with_options(&self, options: impl FnOnce(CallOptions) -> CallOptions) -> Client {
        let current = self.options.as_deref().cloned().unwrap_or_default();
        Client {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(options(current))),
        }
    }

    /// The options this view of the client adds to every call (empty for a client as built).
    pub fn options(&self) -> CallOptions {
        self.options.as_deref().cloned().unwrap_or_default()
    }
}

impl Request {
    /// Per-call options for this call: see [`CallOptions`].
    pub fn options(mut self, options: impl FnOnce(CallOptions) -> CallOptions) -> Self {
        self.client = self.client.with_options(options);
        self
    }

    pub(super) fn call_options(&self) -> Option<&CallOptions> {
        self.client.options.as_deref()
    }

    /// A mistake in the call options, reported like any other building mistake.
    pub(super) fn options_problem(&self) -> Option<&str> {
        self.call_options()?.problem.as_deref()
    }

    /// The retry policy of this call: the call's, else the client's.
    pub(super) fn retry_policy(&self) -> &RetryPolicy {
        match self.call_options().and_then(|o| o.retry.as_ref()) {
            Some(policy) => policy,
            None => &self.client.inner.retry,
        }
    }

    /// Whether this call may be resent after a failure that may have reached the server.
    pub(super) fn idempotent(&self) -> bool {
        self.call_options()
            .and_then(|o| o.idempotent)
            .unwrap_or(self.operation.idempotent)
    }

    /// The attempt timeout of this call.
    pub(super) fn attempt_timeout(&self) -> Duration {
        self.call_options()
            .and_then(|o| o.timeout)
            .unwrap_or(self.client.inner.timeout)
    }

    /// Adds the call's headers, replacing client defaults of the same name.
    pub(super) fn apply_call_headers(&self, headers: &mut HeaderMap) {
        let Some(options) = self.call_options() else {
            return;
        };
        let mut replaced: Vec<&HeaderName> = Vec::new();
        for (name, value) in &options.headers {
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

    #[test]
    fn options_layer_onto_a_client_view() {
        let client = Client::new("key").unwrap();
        let view = client
            .with_options(|o| o.header("Prefer", "code=404"))
            .with_options(|o| o.timeout(Duration::from_secs(1)));
        let options = view.options();
        assert_eq!(options.headers.len(), 1);
        assert_eq!(options.timeout, Some(Duration::from_secs(1)));
        assert!(client.options().headers.is_empty());
    }
}
