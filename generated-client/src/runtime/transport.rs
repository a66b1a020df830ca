//! The seam between the runtime and HTTP: [`Transport`] sends one attempt and returns the
//! whole answer. [`ReqwestTransport`] is the default; a middleware is a `Transport` that
//! wraps another one; the test transport (`testing` feature) is one that answers from a
//! script.
//!
//! See [`Transport`].

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use super::operation::{Method, Operation};
use super::retry::Failure;

/// What [`Transport::send`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one attempt of a call and reads its answer to the end: the seam for middleware
/// and for the test transport. Set with
/// [`ClientBuilder::transport`](super::ClientBuilder::transport); the default is
/// [`ReqwestTransport`].
///
/// Any status is an answer (`Ok`): the runtime decides what a 404 or a 503 means. `Err`
/// is for no answer at all: see [`TransportError`].
///
/// # Why a one-method trait and not `tower::Service`
///
/// A `tower::Service` stack would bring the `tower` crate, `poll_ready` back-pressure that
/// an HTTP client pool already does, and `Layer` generics into every signature that names
/// the client. What a middleware of an API client needs is smaller: see the request (the
/// operation it belongs to, the attempt number, headers, body), change it, call the next
/// transport, see or change the answer. `Transport` is exactly that, object safe (the client
/// keeps one `Arc<dyn Transport>`, so `Client` has no type parameter), and costs no new
/// dependency. A `tower` or `reqwest-middleware` stack fits inside an implementation.
///
/// The runtime keeps what must hold whatever the transport: the rate limiter, retries, the
/// attempt timeout (a transport needs none of its own: a slow one is cut off and the attempt
/// fails with [`ErrorKind::Timeout`](super::ErrorKind::Timeout)), the API key and request
/// id headers, the body limit, and decoding.
///
/// The body limit: a transport should stop reading once the body passes
/// [`HttpRequest::max_body_size`] (or refuse at once when `Content-Length` says it will) and
/// answer [`TransportError::body_too_large`], so that a hostile server cannot make it hold
/// more than that; [`ReqwestTransport`] does. Whatever a transport returns, the runtime
/// refuses a body over the limit
/// ([`ErrorKind::BodyTooLarge`](super::ErrorKind::BodyTooLarge)).
///
/// ```
/// use dixa_client::runtime::{HttpRequest, HttpResponse, Transport, TransportFuture};
///
/// /// Logs the status of every attempt, then hands the answer on unchanged.
/// struct Logging<T>(T);
///
/// impl<T: Transport> Transport for Logging<T> {
///     fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
///         Box::pin(async move {
///             let (operation, attempt) = (request.operation.id, request.attempt);
///             let answer: Result<HttpResponse, _> = self.0.send(request).await;
///             if let Ok(response) = &answer {
///                 eprintln!("{operation} attempt {attempt}: {}", response.status);
///             }
///             answer
///         })
///     }
/// }
///
/// # fn build() -> Result<dixa_client::Client, dixa_client::Error> {
/// let http = reqwest::Client::new(); // proxies, TLS roots, ...: configure it here
/// let transport = Logging(dixa_client::runtime::ReqwestTransport::new(http));
/// dixa_client::Client::builder("api-key").transport(transport).build()
/// # }
/// ```
pub trait Transport: Send + Sync + 'static {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// One attempt, as the runtime hands it to the [`Transport`]: every header is set
/// (`Authorization`, `User-Agent`, `Accept`, the request id, `Content-Type` with a body).
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The operation this attempt is for (its `id` is the description's `operationId`).
    pub operation: &'static Operation,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    /// The encoded body (the same bytes on every attempt); `None` for a bodiless call.
    pub body: Option<Bytes>,
    /// The longest answer body accepted, in bytes
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size)): read no
    /// further than this, answer [`TransportError::body_too_large`] instead.
    pub max_body_size: usize,
}

impl HttpRequest {
    /// The URL's path (`/beta/agents/a1`).
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The first value of the query parameter `name`, percent-decoded.
    pub fn query_value(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The value of the header `name`, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body as JSON, if there is one and it is JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body.as_deref()?).ok()
    }
}

impl fmt::Debug for HttpRequest {
    // `Authorization` is marked sensitive, so `HeaderMap`'s Debug hides it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("operation", &self.operation.id)
            .field("attempt", &self.attempt)
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

/// An answer, whatever its status, with the whole body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl HttpResponse {
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        HttpResponse {
            status,
            headers,
            body,
        }
    }
}

/// No answer: what kind of failure decides whether the call may be tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established: the server never saw the request.
    Connect,
    /// No complete answer in time.
    Timeout,
    /// The connection was lost mid-call: the server may have acted on the request.
    Interrupted,
    /// The answer's body is longer than [`HttpRequest::max_body_size`] (or its
    /// `Content-Length` says so): reading stopped there. See
    /// [`TransportError::body_too_large`].
    BodyTooLarge,
    /// Anything not worth another try (a redirect loop, a request that could not be built).
    Other,
}

/// Why a [`Transport`] has no answer; the error it wraps says more.
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn StdError + Send + Sync>,
    /// With [`TransportErrorKind::BodyTooLarge`]: what had arrived of the answer.
    too_large: Option<Box<TooLargeAnswer>>,
}

/// The part of an answer read before its body passed the limit.
#[derive(Debug)]
pub(super) struct TooLargeAnswer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    /// The length the server declared, when it declared one.
    pub(super) content_length: Option<u64>,
}

impl TransportError {
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
            too_large: None,
        }
    }

    /// An answer whose body is longer than [`HttpRequest::max_body_size`] (or whose
    /// `Content-Length` says so): its status and headers, and the declared length if any.
    /// The call fails with [`ErrorKind::BodyTooLarge`](super::ErrorKind::BodyTooLarge).
    pub fn body_too_large(
        status: StatusCode,
        headers: HeaderMap,
        content_length: Option<u64>,
    ) -> Self {
        TransportError {
            kind: TransportErrorKind::BodyTooLarge,
            source: "the answer's body is larger than the client's limit".into(),
            too_large: Some(Box::new(TooLargeAnswer {
                status,
                headers,
                content_length,
            })),
        }
    }

    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The `reqwest::Error` behind it, when the transport is reqwest.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.source.downcast_ref()
    }

    /// The URL of the attempt, when the error behind it names one (reqwest's do).
    pub fn url(&self) -> Option<&Url> {
        self.reqwest().and_then(reqwest::Error::url)
    }

    /// The answer's beginning, when this is [`body_too_large`](TransportError::body_too_large).
    pub(super) fn into_too_large(self) -> Result<TooLargeAnswer, TransportError> {
        match self.too_large {
            Some(answer) => Ok(*answer),
            None => Err(self),
        }
    }

    /// The runtime cut the attempt off after `timeout`.
    pub(super) fn timed_out(timeout: Duration) -> Self {
        TransportError::new(
            TransportErrorKind::Timeout,
            format!("no complete answer within {timeout:?}"),
        )
    }

    /// The call's deadline ([`CallOptions::deadline`](super::CallOptions::deadline)) passed
    /// while `during` (waiting for the rate limiter, an attempt, a backoff); `last`: the
    /// failure of the attempt before, if any.
    pub(super) fn deadline_passed(deadline: Duration, during: &str, last: Option<&str>) -> Self {
        let last = last
            .map(|e| format!("; the attempt before: {e}"))
            .unwrap_or_default();
        TransportError::new(
            TransportErrorKind::Timeout,
            format!("the call's deadline of {deadline:?} passed {during}{last}"),
        )
    }

    /// Whether, and for which calls, another attempt may help (retry.rs decides).
    pub(super) fn failure(&self) -> Failure {
        match self.kind {
            TransportErrorKind::Connect => Failure::Connect,
            TransportErrorKind::Timeout | TransportErrorKind::Interrupted => Failure::Interrupted,
            // The same server would send the same body again.
            TransportErrorKind::BodyTooLarge | TransportErrorKind::Other => Failure::Permanent,
        }
    }

    /// The innermost cause: reqwest's own message ("error sending request for url ...")
    /// says little; the root cause ("connection refused") says what happened.
    pub(super) fn root_cause(&self) -> &(dyn StdError + 'static) {
        let mut cause: &(dyn StdError + 'static) = &*self.source;
        while let Some(next) = cause.source() {
            cause = next;
        }
        cause
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(err: reqwest::Error) -> Self {
        let kind = if err.is_connect() {
            TransportErrorKind::Connect
        } else if err.is_timeout() {
            TransportErrorKind::Timeout
        } else if err.is_request() || err.is_body() {
            TransportErrorKind::Interrupted
        } else {
            TransportErrorKind::Other
        };
        TransportError::new(kind, err)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .field("too_large", &self.too_large)
            .finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// The default transport: a `reqwest::Client` (its own connection pool, TLS, proxies).
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    pub fn new(http: reqwest::Client) -> Self {
        ReqwestTransport { http }
    }

    pub fn reqwest_client(&self) -> &reqwest::Client {
        &self.http
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            // A `reqwest::Request` made directly, the headers moved in: `RequestBuilder`
            // would copy them into a map of its own one by one.
            let mut http_request = reqwest::Request::new(request.method.to_reqwest(), request.url);
            *http_request.headers_mut() = request.headers;
            *http_request.body_mut() = request.body.map(reqwest::Body::from);
            let mut resp = self.http.execute(http_request).await?;
            let status = resp.status();
            let headers = std::mem::take(resp.headers_mut());
            match read_body(&mut resp, request.max_body_size).await {
                Ok(body) => Ok(HttpResponse::new(status, headers, body)),
                Err(BodyError::TooLarge { content_length }) => Err(TransportError::body_too_large(
                    status,
                    headers,
                    content_length,
                )),
                Err(BodyError::Cut(e)) => Err(body_cut(e)),
            }
        })
    }
}

/// A body that stopped half-way: the answer had begun, so the server may have acted on the
/// request (retried for idempotent calls only). reqwest reports it as a decode error
/// wrapping a body error, which its own classification would call permanent.
fn body_cut(err: reqwest::Error) -> TransportError {
    let kind = if err.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Interrupted
    };
    TransportError::new(kind, err)
}

enum BodyError {
    /// The connection closed or failed half-way through the body.
    Cut(reqwest::Error),
    TooLarge {
        content_length: Option<u64>,
    },
}

/// Reads the body chunk by chunk, stopping as soon as it would pass `limit`: refused up
/// front when `Content-Length` already says so. Memory is bounded by `limit` (plus one
/// chunk), whatever the server sends.
async fn read_body(resp: &mut reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge {
            content_length: declared,
        });
    }
    let too_large = || BodyError::TooLarge {
        content_length: declared,
    };
    // The common case, one chunk, is kept as it is: no copy.
    let first = match resp.chunk().await.map_err(BodyError::Cut)? {
        None => return Ok(Bytes::new()),
        Some(chunk) if chunk.len() > limit => return Err(too_large()),
        Some(chunk) => chunk,
    };
    let Some(second) = resp.chunk().await.map_err(BodyError::Cut)? else {
        return Ok(first);
    };
    let expected = declared.map_or(0, |n| n as usize);
    let mut body = Vec::with_capacity(expected.max(first.len() + second.len()));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    drop(first);
    while let Some(chunk) = next {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        let needed = body.len() + chunk.len();
        if needed > body.capacity() {
            // Doubling, but never past the limit: a body just under it costs no more.
            let target = needed.max(body.capacity().saturating_mul(2)).min(limit);
            body.reserve_exact(target - body.len());
        }
        body.extend_from_slice(&chunk);
        next = resp.chunk().await.map_err(BodyError::Cut)?;
    }
    Ok(body.into())
}
