//! The one error type of the client.
//!
//! Every error names the operation it came from (the `operationId` of the description) and,
//! where there was an answer, its HTTP status. Nothing here ever holds the API key: it lives
//! only in the client's `Authorization` header value, which no error copies.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::transport::{TransportError, TransportErrorKind};

/// How many bytes of a body an error message shows at most.
const EXCERPT_RADIUS: usize = 60;
const BODY_PREVIEW: usize = 200;
/// How many characters of a server's text (`message`, a decode error's reason, a URL)
/// `Display` shows; the accessors give it whole.
const TEXT_SHOWN: usize = 300;
const PATH_SHOWN: usize = 200;
/// How much of an answer's body an error keeps ([`Error::body`]): enough for any real error
/// page, and a bound on what a stored error holds on to whatever the server sent.
pub const ERROR_BODY_KEPT: usize = 64 * 1024;

/// Any failure of a call: the server's answer, a body that does not decode, the transport,
/// or a request the runtime refused to send.
///
/// `Display` is one line naming the operation, e.g.
/// `getAgentsAgentid: HTTP 404 Not Found: "Agent not found"`.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    operation: Option<&'static str>,
    attempts: u32,
    kind: ErrorKind,
    /// The request id this client sent (`x-request-id` by default).
    client_request_id: Option<reqwest::header::HeaderValue>,
}

/// What went wrong; see [`Error::kind`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with a status outside 2xx.
    #[error("HTTP {status}{}", status_detail(message.as_deref(), body))]
    Status {
        status: StatusCode,
        headers: HeaderMap,
        /// `message` of the documented error body `{"message": string}`, when the body is one;
        /// whole (`Display` shows its start).
        message: Option<String>,
        /// The first [`ERROR_BODY_KEPT`] bytes of the body, whatever it holds.
        body: Bytes,
    },
    /// A success answer whose body does not match the type the description gives it.
    #[error(
        "response body does not match the description at {} (status {}): {}; body near there: `{excerpt}`",
        bounded(path, PATH_SHOWN),
        status.as_u16(),
        bounded(reason, TEXT_SHOWN)
    )]
    Decode {
        status: StatusCode,
        headers: HeaderMap,
        /// Where the failure is, as a path into the JSON document (`data[3].attributes._type`).
        path: String,
        /// serde_json's message, whole (`Display` shows its start).
        reason: String,
        /// A bounded, UTF-8 safe piece of the body around the failure.
        excerpt: String,
        /// The first [`ERROR_BODY_KEPT`] bytes of the body.
        body: Bytes,
    },
    /// The answer's body is longer than the client's
    /// [`max_body_size`](super::ClientBuilder::max_body_size) (or its `Content-Length` says
    /// so); reading stopped there.
    #[error(
        "the answer's body (HTTP {}){} is larger than the client's limit of {limit} bytes; raise it with ClientBuilder::max_body_size",
        status.as_u16(),
        content_length.map(|n| format!(" of Content-Length {n}")).unwrap_or_default()
    )]
    BodyTooLarge {
        status: StatusCode,
        headers: HeaderMap,
        /// The limit in bytes.
        limit: usize,
        /// The length the server declared, when it declared one.
        content_length: Option<u64>,
    },
    /// No answer within the configured timeout.
    #[error("request timed out{}", cause_suffix(source))]
    Timeout { source: TransportError },
    /// The connection could not be established.
    #[error("could not connect{}", cause_suffix(source))]
    Connect { source: TransportError },
    /// Any other transport failure (connection reset, broken body, redirect loop, ...).
    #[error("request failed{}", cause_suffix(source))]
    Transport { source: TransportError },
    /// A paginated stream met a next link it cannot follow (no `pageKey`, or the key of an
    /// earlier page again); the pages before it were yielded.
    #[error("pagination stopped: {}", bounded(.0, TEXT_SHOWN))]
    Pagination(String),
    /// The request could not be built (a parameter or body that does not serialize).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be built (bad base URL, unusable API key, TLS setup).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The rate limiter shared through Redis could not be reached in time, and it is set to
    /// fail calls then (`OnRedisError::FailCall`, feature `redis`): the request was not
    /// sent.
    #[error("rate limiter unavailable, request not sent: {}", bounded(.0, TEXT_SHOWN))]
    RateLimiterUnavailable(String),
}

impl Error {
    pub(crate) fn new(operation: Option<&'static str>, kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner {
                operation,
                attempts: 1,
                kind,
                client_request_id: None,
            }),
        }
    }

    pub(crate) fn config(reason: impl Into<String>) -> Self {
        Error::new(None, ErrorKind::Config(reason.into()))
    }

    #[cfg(feature = "redis")]
    pub(crate) fn rate_limiter_unavailable(reason: impl Into<String>) -> Self {
        Error::new(None, ErrorKind::RateLimiterUnavailable(reason.into()))
    }

    /// The call this error ended, when it did not know it yet.
    pub(crate) fn for_operation(mut self, operation: &'static str) -> Self {
        self.inner.operation.get_or_insert(operation);
        self
    }

    pub(crate) fn pagination(operation: &'static str, reason: String) -> Self {
        Error::new(Some(operation), ErrorKind::Pagination(reason))
    }

    pub(crate) fn invalid_request(operation: &'static str, reason: impl Into<String>) -> Self {
        Error::new(Some(operation), ErrorKind::InvalidRequest(reason.into()))
    }

    pub(crate) fn transport(operation: &'static str, source: TransportError) -> Self {
        let kind = match source.kind() {
            TransportErrorKind::Timeout => ErrorKind::Timeout { source },
            TransportErrorKind::Connect => ErrorKind::Connect { source },
            _ => ErrorKind::Transport { source },
        };
        Error::new(Some(operation), kind)
    }

    /// An answer outside 2xx; reads the documented `{"message": ...}` body when there is one.
    pub(crate) fn http_status(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let message = error_message(&body);
        Error::new(
            Some(operation),
            ErrorKind::Status {
                status,
                headers,
                message,
                body: kept_prefix(body),
            },
        )
    }

    pub(crate) fn body_too_large(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        limit: usize,
        content_length: Option<u64>,
    ) -> Self {
        Error::new(
            Some(operation),
            ErrorKind::BodyTooLarge {
                status,
                headers,
                limit,
                content_length,
            },
        )
    }

    pub(crate) fn decode(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        path: String,
        inner: serde_json::Error,
    ) -> Self {
        let excerpt = excerpt_at(&body, inner.line(), inner.column());
        Error::new(
            Some(operation),
            ErrorKind::Decode {
                status,
                headers,
                path,
                reason: inner.to_string(),
                excerpt,
                body: kept_prefix(body),
            },
        )
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn with_client_request_id(
        mut self,
        id: Option<reqwest::header::HeaderValue>,
    ) -> Self {
        self.inner.client_request_id = id;
        self
    }

    /// The request id the client sent with the call (the same on every attempt), to find
    /// the call in the server's or a proxy's logs; `None` when the client sends none.
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner.client_request_id.as_ref()?.to_str().ok()
    }

    /// The request id the server sent back with its answer, if any (see
    /// [`RESPONSE_REQUEST_ID_HEADERS`](super::RESPONSE_REQUEST_ID_HEADERS)).
    pub fn request_id(&self) -> Option<&str> {
        super::correlation::request_id_from(self.headers()?)
    }

    /// What went wrong, to match on.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The `operationId` of the call (`None` only for client configuration errors).
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.kind {
            ErrorKind::Status { status, .. }
            | ErrorKind::Decode { status, .. }
            | ErrorKind::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The headers of the answer, when there was one.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match &self.inner.kind {
            ErrorKind::Status { headers, .. }
            | ErrorKind::Decode { headers, .. }
            | ErrorKind::BodyTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The server's `message` from a documented error body (`{"message": string}`), whole
    /// (`Display` shows at most its first 300 characters).
    pub fn message(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Status { message, .. } => message.as_deref(),
            _ => None,
        }
    }

    /// The raw body of the answer, for error answers and bodies that did not decode: its
    /// first [`ERROR_BODY_KEPT`] (64 KiB) bytes.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.inner.kind {
            ErrorKind::Status { body, .. } | ErrorKind::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// [`Error::body`] as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Option<Cow<'_, str>> {
        self.body().map(String::from_utf8_lossy)
    }

    /// For a transport failure (timeout, connection, ...): the URL of the attempt, whole.
    pub fn url(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Timeout { source }
            | ErrorKind::Connect { source }
            | ErrorKind::Transport { source } => source.url().map(|u| u.as_str()),
            _ => None,
        }
    }

    /// For a body that did not decode: where in the JSON document it failed.
    pub fn json_path(&self) -> Option<&str> {
        match &self.inner.kind {
            ErrorKind::Decode { path, .. } => Some(path),
            _ => None,
        }
    }

    /// How many HTTP attempts were made before giving up (1 when there was no retry).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The server's `Retry-After`, if the answer carried one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers()
            .and_then(|h| h.get(reqwest::header::RETRY_AFTER))
            .and_then(|v| super::retry::parse_retry_after(v, std::time::SystemTime::now()))
    }

    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Timeout { .. })
    }

    pub fn is_connect(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Connect { .. })
    }

    /// Timeouts, connection failures and other transport errors.
    pub fn is_transport(&self) -> bool {
        matches!(
            self.inner.kind,
            ErrorKind::Timeout { .. } | ErrorKind::Connect { .. } | ErrorKind::Transport { .. }
        )
    }

    pub fn is_decode(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Decode { .. })
    }

    /// HTTP 429: Dixa's rate limit (10 requests/s per token) was exceeded.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.inner.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{}", self.inner.kind)?;
        if self.inner.attempts > 1 {
            write!(f, " (after {} attempts)", self.inner.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.inner.operation)
            .field("attempts", &self.inner.attempts)
            .field("client_request_id", &self.inner.client_request_id)
            .field("kind", &self.inner.kind)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Timeout { source }
            | ErrorKind::Connect { source }
            | ErrorKind::Transport { source } => Some(source),
            _ => None,
        }
    }
}

/// At most [`ERROR_BODY_KEPT`] bytes, copied: a slice would keep the whole body alive.
fn kept_prefix(body: Bytes) -> Bytes {
    if body.len() <= ERROR_BODY_KEPT {
        body
    } else {
        Bytes::copy_from_slice(&body[..ERROR_BODY_KEPT])
    }
}

/// The documented Dixa error body: `{"message": string}` (extra fields are ignored).
#[derive(serde::Deserialize)]
struct ErrorBody {
    message: String,
}

fn error_message(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .map(|b| b.message)
}

fn status_detail(message: Option<&str>, body: &[u8]) -> String {
    match message {
        Some(m) => match bounded(m, TEXT_SHOWN) {
            Cow::Borrowed(whole) => format!(": {whole:?}"),
            // The quotes show where the server's text starts; the ellipsis that it goes on.
            Cow::Owned(start) => format!(": {:?}…", start.trim_end_matches('…')),
        },
        None if body.iter().all(u8::is_ascii_whitespace) => String::new(),
        None => format!(": {}", one_line(&utf8_window(body, 0, BODY_PREVIEW), true)),
    }
}

/// `": <innermost cause>"`: reqwest's own message ("error sending request for url ...") says
/// little; the root cause ("connection refused", "operation timed out") says what happened.
fn cause_suffix(err: &TransportError) -> String {
    let cause = err.root_cause();
    let url = err
        .url()
        .map(|u| format!(" ({})", bounded(u.as_str(), TEXT_SHOWN)))
        .unwrap_or_default();
    format!("{url}: {}", bounded(&cause.to_string(), TEXT_SHOWN))
}

/// The first `max` characters of `text`, and `…` when there was more.
fn bounded(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// The body around `line`/`column` (as serde_json counts them: 1-based, columns in bytes).
pub(crate) fn excerpt_at(body: &[u8], line: usize, column: usize) -> String {
    let offset = if line == 0 {
        0
    } else {
        let line_start = body
            .split_inclusive(|b| *b == b'\n')
            .take(line - 1)
            .map(<[u8]>::len)
            .sum::<usize>();
        (line_start + column.saturating_sub(1)).min(body.len())
    };
    let start = offset.saturating_sub(EXCERPT_RADIUS);
    let end = offset.saturating_add(EXCERPT_RADIUS).min(body.len());
    let text = utf8_window(body, start, end);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&one_line(&text, false));
    if end < body.len() {
        out.push('…');
    }
    out
}

/// `body[start..end]` moved inward to character boundaries, invalid UTF-8 replaced.
fn utf8_window(body: &[u8], start: usize, end: usize) -> String {
    let end = end.min(body.len());
    let is_continuation = |i: usize| i < end && (body[i] & 0b1100_0000) == 0b1000_0000;
    let mut s = start.min(end);
    while is_continuation(s) {
        s += 1;
    }
    let mut e = end;
    // Cut before a character that the window would split.
    if e < body.len() {
        while e > s && (body[e] & 0b1100_0000) == 0b1000_0000 {
            e -= 1;
        }
    }
    String::from_utf8_lossy(&body[s..e]).into_owned()
}

/// Escapes line breaks and control characters so the message stays on one line.
fn one_line(text: &str, mark_truncation: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    if mark_truncation && text.len() >= BODY_PREVIEW {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_utf8_safe() {
        let mut body = "é".repeat(100).into_bytes();
        body.extend_from_slice(b"{\"x\": oops}");
        body.extend("ü".repeat(100).into_bytes());
        let offset = 200 + 6;
        let e = excerpt_at(&body, 1, offset + 1);
        assert!(e.contains("oops"), "{e}");
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.len() <= 2 * EXCERPT_RADIUS + 8, "{}", e.len());
    }

    #[test]
    fn excerpt_finds_later_lines() {
        let body = b"{\n  \"a\": 1,\n  \"b\": nope\n}";
        let e = excerpt_at(body, 3, 8);
        assert!(e.contains("nope"), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn status_detail_prefers_message() {
        assert_eq!(
            status_detail(Some("Agent not found"), b"{}"),
            ": \"Agent not found\""
        );
        assert_eq!(status_detail(None, b"  "), "");
        assert_eq!(status_detail(None, b"oops\nbad"), ": oops\\nbad");
    }
}
