//! The client's settings: connection pool, base URL, credentials and call policies, shared
//! by every operation. Calls are built in `request.rs` ([`Client::request`]) and sent in
//! `send.rs`.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::call_options::CallOptions;
use super::error::Error;
use super::rate_limit::{RateLimit, RateLimiter};
use super::retry::RetryPolicy;
use super::transport::{ReqwestTransport, Transport};

/// Dixa's API host (the `servers` entry of the description).
pub const DEFAULT_BASE_URL: &str = "https://dev.dixa.io";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The header carrying the client-generated request id ([`ClientBuilder::request_id_header`]).
pub const DEFAULT_REQUEST_ID_HEADER: &str = "x-request-id";

/// The largest answer body read by default: 64 MiB ([`ClientBuilder::max_body_size`]).
///
/// Dixa's lists of any length are paginated (`pageLimit`); the largest answers that are
/// not are one conversation's messages, notes or activity log and an organization's
/// tags, queues or teams. The benchmark's 20 MB conversation of 25,671 messages is far
/// beyond a real conversation and still fits three times; a hostile or broken server, on the
/// other hand, costs at most 64 MiB per call instead of whatever it sends until the
/// timeout.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 * 1024 * 1024;

/// A Dixa API client. Cloning is cheap and clones share connections, settings and the
/// rate limiter.
///
/// ```no_run
/// # async fn demo() -> Result<(), dixa_client::Error> {
/// let client = dixa_client::Client::new("my-api-key")?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
    /// Per-call options of this view of the client (call_options.rs); `None`: none.
    pub(crate) options: Option<Arc<CallOptions>>,
}

pub(crate) struct ClientInner {
    /// Sends each attempt: reqwest unless [`ClientBuilder::transport`] says otherwise.
    pub(crate) transport: Arc<dyn Transport>,
    /// The base URL as given, checked, without a trailing `/` ([`Client::base_url`]).
    pub(crate) base_url: String,
    /// `base_url` parsed once: each call's URL is a copy with the call's path and query
    /// set (request.rs), so the host is never parsed again.
    pub(crate) base: Url,
    /// The path of the base URL (`/prefix`; empty without one), put before each call's path.
    pub(crate) base_path: String,
    /// The API key as a header value marked sensitive; never printed.
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    /// Sent with every request ([`ClientBuilder::default_header`]).
    pub(crate) default_headers: HeaderMap,
    pub(crate) timeout: Duration,
    /// The default bound on a whole call ([`ClientBuilder::deadline`]).
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_body_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limiter: Option<RateLimiter>,
    /// Where the request id goes; `None`: no request id is sent.
    pub(crate) request_id_header: Option<HeaderName>,
}

impl Client {
    /// A client for `https://dev.dixa.io` with the default settings.
    pub fn new(api_key: impl AsRef<str>) -> Result<Client, Error> {
        Client::builder(api_key).build()
    }

    /// Settings beyond the API key.
    pub fn builder(api_key: impl AsRef<str>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.as_ref().to_owned(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            deadline: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            user_agent: default_user_agent(),
            default_headers: Vec::new(),
            retry: RetryPolicy::default(),
            rate_limiter: None,
            http: None,
            transport: None,
            request_id_header: Some(DEFAULT_REQUEST_ID_HEADER.to_owned()),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest answer body this client reads ([`ClientBuilder::max_body_size`]).
    pub fn max_body_size(&self) -> usize {
        self.inner.max_body_size
    }

    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate_limiter.as_ref().map(RateLimiter::limit)
    }

    /// The limiter this client's calls draw from, to share with a client built for the same
    /// token ([`ClientBuilder::rate_limiter`]).
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.inner.rate_limiter.as_ref()
    }
}

// Views with per-call options (the options themselves are call_options.rs).
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("api_key", &"<redacted>")
            .field("user_agent", &i.user_agent)
            .field("timeout", &i.timeout)
            .field("max_body_size", &i.max_body_size)
            .field("retry", &i.retry)
            .field("rate_limit", &self.rate_limit())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn default_user_agent() -> String {
    concat!("dixa-client/", env!("CARGO_PKG_VERSION")).to_owned()
}

/// Builds a [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    api_key: String,
    base_url: String,
    timeout: Duration,
    deadline: Option<Duration>,
    connect_timeout: Duration,
    max_body_size: usize,
    user_agent: String,
    default_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    rate_limiter: Option<RateLimiter>,
    http: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    request_id_header: Option<String>,
}

impl ClientBuilder {
    /// Where the API is (default `https://dev.dixa.io`); a path prefix is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The longest a single attempt may take, from sending to the end of the body
    /// (default 30 s). Applies to an injected `reqwest::Client` too. With retries a call
    /// makes several attempts: [`deadline`](ClientBuilder::deadline) bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest a whole call may take by default, attempts, backoff and rate-limit
    /// waits included (default: no bound beyond the retry policy's); a call's own
    /// [`CallOptions::deadline`](super::CallOptions::deadline) replaces it. A call it ends
    /// fails with `is_timeout()`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The longest connecting may take (default 10 s). Not applied to an injected
    /// [`reqwest_client`](ClientBuilder::reqwest_client): configure that one yourself.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest answer body read, in bytes (default [`DEFAULT_MAX_BODY_SIZE`], 64 MiB).
    /// A longer answer, or one whose `Content-Length` says it would be, fails with
    /// [`ErrorKind::BodyTooLarge`](super::ErrorKind::BodyTooLarge) as soon as that is known,
    /// so a server cannot make a call hold more memory than this.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The `User-Agent` header (default `dixa-client/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request, e.g. a tracing id, or Prism's
    /// `Prefer: code=404` in tests. Calling it again with the same name adds another value.
    /// It replaces the client's own `User-Agent` or `Accept` if named so; `Authorization`
    /// (the API key) and `Content-Type` (set from the body) cannot be defaults, and
    /// [`build`](ClientBuilder::build) refuses them or an invalid name or value.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Same as `retry_policy(RetryPolicy::none())`.
    pub fn no_retries(self) -> Self {
        self.retry_policy(RetryPolicy::none())
    }

    /// Paces calls on the client side, e.g. [`RateLimit::dixa_default`]. Off by default.
    /// The client and its clones share the budget; another client built for the same token
    /// does not, unless given the same limiter ([`rate_limiter`](ClientBuilder::rate_limiter)).
    pub fn rate_limit(self, limit: RateLimit) -> Self {
        self.rate_limiter(RateLimiter::new(limit))
    }

    /// Paces calls with a limiter shared with other clients: Dixa's limit is per API token,
    /// so clients built separately for one token should draw from one budget.
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.rate_limiter = Some(limiter);
        self
    }

    /// Uses this `reqwest::Client` (proxies, custom TLS roots, ...) instead of building one.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every attempt through `transport` instead of reqwest: a middleware wrapping
    /// [`ReqwestTransport`], or the test transport of the `testing` feature. Takes precedence
    /// over [`reqwest_client`](ClientBuilder::reqwest_client). See [`Transport`] for what the
    /// runtime keeps doing itself (timeouts, retries, rate limit, auth).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The header in which every attempt carries a request id, the same for all attempts of
    /// one call: a random UUID, or the caller's
    /// ([`CallOptions::request_id`](super::CallOptions::request_id)). Default `x-request-id`;
    /// `None` sends none.
    pub fn request_id_header(mut self, name: Option<&str>) -> Self {
        self.request_id_header = name.map(str::to_owned);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        if self.api_key.trim().is_empty() {
            return Err(Error::config("the API key is empty"));
        }
        // The message must not quote the key.
        let mut authorization = HeaderValue::from_str(&self.api_key).map_err(|_| {
            Error::config("the API key contains characters that cannot be sent in an HTTP header")
        })?;
        authorization.set_sensitive(true);
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config("the user agent is not a valid HTTP header value"))?;
        let (base_url, base) = normalize_base_url(&self.base_url)?;
        let base_path = base.path().trim_end_matches('/').to_owned();
        let default_headers = header_map(&self.default_headers)?;
        let request_id_header = match &self.request_id_header {
            // Static: cloned for every call without touching a reference count.
            Some(name) if name.eq_ignore_ascii_case(DEFAULT_REQUEST_ID_HEADER) => {
                Some(HeaderName::from_static(DEFAULT_REQUEST_ID_HEADER))
            }
            Some(name) => Some(HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::config(format!(
                    "request id header {name:?}: not a valid header name"
                ))
            })?),
            None => None,
        };
        let transport: Arc<dyn Transport> = match (self.transport, self.http) {
            (Some(transport), _) => transport,
            (None, Some(http)) => Arc::new(ReqwestTransport::new(http)),
            (None, None) => Arc::new(ReqwestTransport::new(
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| Error::config(format!("could not set up HTTP: {e}")))?,
            )),
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                transport,
                base_url,
                base,
                base_path,
                authorization,
                user_agent,
                default_headers,
                timeout: self.timeout,
                deadline: self.deadline,
                max_body_size: self.max_body_size,
                retry: self.retry,
                // In Redis, the budget of this token (keyed by its hash).
                rate_limiter: self.rate_limiter.map(|l| l.for_token(&self.api_key)),
                request_id_header,
            }),
            options: None,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &without_userinfo(&self.base_url))
            .field("api_key", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("default_headers", &header_names(&self.default_headers))
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("retry", &self.retry)
            .field(
                "rate_limit",
                &self.rate_limiter.as_ref().map(RateLimiter::limit),
            )
            .field("custom_reqwest_client", &self.http.is_some())
            .field("custom_transport", &self.transport.is_some())
            .field("request_id_header", &self.request_id_header)
            .finish()
    }
}

/// The default headers, checked; messages name the header but never quote a value.
fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::config(format!("default header {name:?}: not a valid header name"))
        })?;
        if name == header::AUTHORIZATION || name == header::CONTENT_TYPE {
            return Err(Error::config(format!(
                "default header `{name}`: set by the client (the API key, the body), cannot be a default"
            )));
        }
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::config(format!("default header `{name}`: not a valid header value"))
        })?;
        map.append(name, value);
    }
    Ok(map)
}

/// Header names only: values may be secrets too.
fn header_names(headers: &[(String, String)]) -> Vec<&str> {
    headers.iter().map(|(name, _)| name.as_str()).collect()
}

/// Checks the base URL and drops a trailing `/` (operation paths start with one); also
/// gives it parsed. Messages quote the URL without its credentials ([`without_userinfo`]).
fn normalize_base_url(url: &str) -> Result<(String, Url), Error> {
    let shown = without_userinfo(url);
    let parsed = Url::parse(url).map_err(|e| Error::config(format!("base URL {shown:?}: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::config(format!(
            "base URL {shown:?}: must not carry credentials (use the API key)"
        )));
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "base URL {shown:?}: the scheme must be http or https"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::config(format!(
            "base URL {shown:?}: must not have a query or fragment"
        )));
    }
    let text = parsed.as_str().trim_end_matches('/').to_owned();
    // Without the `/`, so that its path is the prefix as the text shows it.
    let parsed =
        Url::parse(&text).map_err(|e| Error::config(format!("base URL {shown:?}: {e}")))?;
    Ok((text, parsed))
}

/// `url` with anything before an `@` in its authority replaced by `***`. Found in the text,
/// not by parsing, so that URLs that do not parse are covered too; when unsure, it hides
/// more rather than less.
fn without_userinfo(url: &str) -> Cow<'_, str> {
    let authority_start = url.find("//").map_or(0, |i| i + 2);
    let rest = &url[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &url[..authority_start], &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_headers_are_checked_without_quoting_values() {
        let build = |name: &str, value: &str| {
            Client::builder("key")
                .default_header(name, value)
                .build()
                .map(|c| c.inner.default_headers.clone())
        };
        let headers = build("Prefer", "code=404").unwrap();
        assert_eq!(headers["prefer"], "code=404");
        let err = build("Authorization", "secret").unwrap_err().to_string();
        assert!(
            err.contains("authorization") && !err.contains("secret"),
            "{err}"
        );
        let err = build("X-Token", "sec\nret").unwrap_err().to_string();
        assert!(err.contains("x-token") && !err.contains("sec"), "{err}");
        assert!(build("bad name", "v").is_err());
        let debug = format!(
            "{:?}",
            Client::builder("key").default_header("X-Token", "secret")
        );
        assert!(
            debug.contains("X-Token") && !debug.contains("secret"),
            "{debug}"
        );
    }

    #[test]
    fn base_url_is_normalized() {
        let (text, parsed) = normalize_base_url("http://127.0.0.1:8080/").unwrap();
        assert_eq!(text, "http://127.0.0.1:8080");
        assert_eq!(parsed.path(), "/");
        let (text, parsed) = normalize_base_url("https://proxy.example/dixa/").unwrap();
        assert_eq!(text, "https://proxy.example/dixa");
        assert_eq!(parsed.path(), "/dixa");
        assert!(normalize_base_url("ftp://x").is_err());
        assert!(normalize_base_url("not a url").is_err());
        let err = normalize_base_url("https://user:pw@x")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("pw"), "{err}");
    }

    #[test]
    fn options_layer_onto_a_client_view() {
        let client = Client::new("key").unwrap();
        let view = client
            .with_options(|o| o.header("Prefer", "code=404"))
            .with_options(|o| o.timeout(Duration::from_secs(1)));
        let options = view.options();
        let mut headers = HeaderMap::new();
        options.apply_headers(&mut headers);
        assert_eq!(headers.len(), 1);
        assert_eq!(options.timeout_choice(), Some(Duration::from_secs(1)));
        let mut headers = HeaderMap::new();
        client.options().apply_headers(&mut headers);
        assert!(headers.is_empty());
    }
}
