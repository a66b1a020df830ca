//! Building one call of one operation: path parameters, query, headers and body, checked
//! and encoded once. Sending it is `send.rs`.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::call_options::CallOptions;
use super::client::Client;
use super::correlation::random_request_id;
use super::multipart::Multipart;
use super::operation::Operation;
use super::params::{param_value, param_values};
use super::retry::RetryPolicy;

/// Everything but the unreserved characters (RFC 3986: `A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded, in path segments (so `/`, `?`, `#` and `%` in a value stay data) and in
/// query values alike (so `&`, `=`, `+` stay data; a space is `%20`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `path` with every `{name}` replaced by `value`, percent-encoded as one segment; `None`
/// if there is no `{name}`. One pass, straight into the new path.
fn fill_placeholder(path: &str, name: &str, value: &str) -> Option<String> {
    let mut filled = String::new();
    let mut copied = 0;
    for (start, _) in path.match_indices('{') {
        let end = start + 1 + name.len();
        if path.get(start + 1..end) != Some(name) || path.get(end..end + 1) != Some("}") {
            continue;
        }
        if copied == 0 {
            filled.reserve(path.len() + 3 * value.len());
        }
        filled.push_str(&path[copied..start]);
        filled.extend(utf8_percent_encode(value, COMPONENT));
        copied = end + 1;
    }
    if copied == 0 {
        return None;
    }
    filled.push_str(&path[copied..]);
    Some(filled)
}

/// Appends `name=value` to a query, `&` first unless it is the first pair; the value comes
/// already percent-encoded, in pieces.
fn push_pair<'a>(query: &mut String, name: &str, encoded_value: impl IntoIterator<Item = &'a str>) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(encoded_value);
}

impl Client {
    /// Starts a call of `operation`: the entry point of generated code.
    ///
    /// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
    /// change in any release.
    #[doc(hidden)]
    pub fn request(&self, operation: &'static Operation) -> Request {
        Request::new(self.clone(), operation)
    }
}

#[derive(Clone)]
pub(super) struct Body {
    pub(super) bytes: Bytes,
    pub(super) content_type: HeaderValue,
}

/// One call being put together: path parameters, query, body; then one of the `send_*`
/// methods. Built by [`Client::request`]. Mistakes in building (a value that cannot be a
/// parameter, a body that does not serialize) are reported by the `send_*` method as
/// [`ErrorKind::InvalidRequest`](super::ErrorKind::InvalidRequest).
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[doc(hidden)]
#[derive(Clone)]
#[must_use = "a request does nothing until one of its send methods is awaited"]
pub struct Request {
    pub(super) client: Client,
    pub(super) operation: &'static Operation,
    /// The path template, its `{name}`s replaced as path parameters come (no copy of the
    /// template for an operation without any).
    pub(super) path: Cow<'static, str>,
    pub(super) query: Vec<(&'static str, String)>,
    /// `explode: false` lists: `name=a,b`, each element already percent-encoded so that
    /// the commas between them stay commas.
    pub(super) joined_query: Vec<(&'static str, String)>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) body: Option<Body>,
    pub(super) problem: Option<String>,
    /// The `Accept` header: JSON, or anything for an answer read as bytes.
    pub(super) accept: HeaderValue,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation.id)
            .field("method", &self.operation.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(|b| b.bytes.len()))
            .finish_non_exhaustive()
    }
}

impl Request {
    pub(crate) fn new(client: Client, operation: &'static Operation) -> Self {
        Request {
            client,
            operation,
            path: Cow::Borrowed(operation.path),
            query: Vec::new(),
            joined_query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
            accept: HeaderValue::from_static("application/json"),
        }
    }

    /// The operation this call is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Fills `{name}` in the path template with `value`, percent-encoded as one segment.
    /// `value` is any `Serialize` scalar: string, integer, UUID, string enum, ...
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match param_value(value) {
            // A whole segment of `.` or `..` would be resolved away by the URL parser
            // (`/v1/agents/..` is `/v1/`), and an empty one names another resource
            // (`/v1/agents/` lists them): never a call of this operation.
            Ok(Some(text)) if matches!(text.as_str(), "" | "." | "..") => self.fail(format!(
                "path parameter `{name}` is {text:?}, which is not an id"
            )),
            Ok(Some(text)) => match fill_placeholder(&self.path, name, &text) {
                Some(path) => self.path = Cow::Owned(path),
                None => self.fail(format!("the path has no parameter `{name}`")),
            },
            Ok(None) => self.fail(format!("path parameter `{name}` has no value")),
            Err(e) => self.fail(format!("path parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds the query parameter `name`: nothing for `None`, the key once per element for a
    /// list. Any `Serialize` scalar works (strings, numbers, booleans, UUIDs, date-times,
    /// string enums).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_values(value) {
            Ok(values) => self.query.extend(values.into_iter().map(|v| (name, v))),
            Err(e) => self.fail(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Adds the query parameter `name` once, a list's elements joined by commas
    /// (`explode: false`: `ids=a,b`); nothing for `None` or an empty list.
    pub fn query_joined<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_values(value) {
            Ok(values) if values.is_empty() => {}
            Ok(values) => {
                let encoded: Vec<String> = values
                    .iter()
                    .map(|v| utf8_percent_encode(v, COMPONENT).to_string())
                    .collect();
                self.joined_query.push((name, encoded.join(",")));
            }
            Err(e) => self.fail(format!("query parameter `{name}`: {e}")),
        }
        self
    }

    /// Sends the header parameter `name` (OpenAPI's `simple` style: a list's elements
    /// joined by commas); nothing for `None`. The value is never echoed in errors.
    pub fn header_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match param_values(value) {
            Ok(values) if values.is_empty() => {}
            Ok(values) => match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&values.join(",")),
            ) {
                (Ok(name), Ok(value)) => self.headers.push((name, value)),
                (Err(_), _) => self.fail(format!("`{name}` is not a valid header name")),
                (_, Err(_)) => self.fail(format!(
                    "header parameter `{name}`: the value has characters a header cannot carry"
                )),
            },
            Err(e) => self.fail(format!("header parameter `{name}`: {e}")),
        }
        self
    }

    /// Replaces every value of the query parameter `name` by `value`.
    pub(crate) fn set_query(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(k, _)| *k != name);
        self.query.push((name, value));
        self
    }

    /// The first value of the query parameter `name`.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Adds a header (for header parameters, or extra headers a caller needs).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sends `body` as `application/json`; serialized once, so retries resend the same bytes.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Body {
                    bytes: bytes.into(),
                    content_type: HeaderValue::from_static("application/json"),
                });
            }
            Err(e) => self.fail(format!("the request body does not serialize: {e}")),
        }
        self
    }

    /// Sends a `multipart/form-data` body; encoded once, so retries resend the same bytes.
    pub fn multipart(mut self, form: &Multipart) -> Self {
        let (bytes, content_type) = form.encode();
        match HeaderValue::from_str(&content_type) {
            Ok(content_type) => {
                self.body = Some(Body {
                    bytes,
                    content_type,
                })
            }
            Err(e) => self.fail(format!("multipart content type: {e}")),
        }
        self
    }

    /// The full URL: base URL, filled path template, percent-encoded query.
    ///
    /// A copy of the client's parsed base URL with the path and query set: the same URL as
    /// parsing the whole text would give (`set_path` and `set_query` run the same parser
    /// on the same text), without parsing and checking the host again on every call,
    /// which was about as costly as decoding a small answer.
    pub(super) fn url(&self) -> Url {
        let inner = &self.client.inner;
        let mut url = inner.base.clone();
        if inner.base_path.is_empty() {
            url.set_path(&self.path);
        } else {
            url.set_path(&format!("{}{}", inner.base_path, self.path));
        }
        if self.query.is_empty() && self.joined_query.is_empty() {
            return url;
        }
        let mut query = String::with_capacity(64);
        for (name, value) in &self.query {
            push_pair(&mut query, name, utf8_percent_encode(value, COMPONENT));
        }
        // Already encoded: the commas between the elements stay commas.
        for (name, encoded) in &self.joined_query {
            push_pair(&mut query, name, [encoded.as_str()]);
        }
        url.set_query(Some(&query));
        url
    }
}

// Per-call options (call_options.rs): this call's settings, else the client's.
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
        self.call_options()?.problem()
    }

    /// The retry policy of this call: the call's, else the client's.
    pub(super) fn retry_policy(&self) -> &RetryPolicy {
        match self.call_options().and_then(CallOptions::retry) {
            Some(policy) => policy,
            None => &self.client.inner.retry,
        }
    }

    /// Whether this call may be resent after a failure that may have reached the server.
    pub(super) fn idempotent(&self) -> bool {
        self.call_options()
            .and_then(CallOptions::idempotent_choice)
            .unwrap_or(self.operation.idempotent)
    }

    /// The deadline of the whole call, if it has one: the call's, else the client's.
    pub(super) fn deadline(&self) -> Option<Duration> {
        self.call_options()
            .and_then(CallOptions::deadline_choice)
            .or(self.client.inner.deadline)
    }

    /// The attempt timeout of this call.
    pub(super) fn attempt_timeout(&self) -> Duration {
        self.call_options()
            .and_then(CallOptions::timeout_choice)
            .unwrap_or(self.client.inner.timeout)
    }

    /// Adds the call's headers, replacing client defaults of the same name.
    pub(super) fn apply_call_headers(&self, headers: &mut HeaderMap) {
        if let Some(options) = self.call_options() {
            options.apply_headers(headers);
        }
    }
}

// The request id (correlation.rs): the same on every attempt of one call.
impl Request {
    /// The id sent in the request id header on every attempt of this call: the caller's,
    /// else a new random UUID; `None` when the client sends none.
    pub(super) fn new_request_id(&self) -> Option<(HeaderName, HeaderValue)> {
        let name = self.client.inner.request_id_header.clone()?;
        // An id chosen for this call wins: the per-call option, else the operation's own
        // header parameter of that name (the description's, filled by the caller).
        let chosen = self.call_options().and_then(|o| o.request_id.clone());
        let from_parameter = || {
            self.headers
                .iter()
                .find(|(header, _)| *header == name)
                .map(|(_, value)| value.clone())
        };
        let value = chosen
            .or_else(from_parameter)
            .unwrap_or_else(random_request_id);
        Some((name, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Method;

    static OP: Operation = Operation::new("getThing", Method::Get, "/beta/things/{thingId}/x");

    #[test]
    fn builds_encoded_urls() {
        let client = Client::builder("key")
            .base_url("http://127.0.0.1:9/prefix/")
            .build()
            .unwrap();
        let req = client
            .request(&OP)
            .path_param("thingId", "a/b c?ü%")
            .query("q", "x&y=z +")
            .query("none", &None::<u8>)
            .query("list", &["1", "2"])
            .query("flag", &true);
        assert_eq!(
            req.url().as_str(),
            "http://127.0.0.1:9/prefix/beta/things/a%2Fb%20c%3F%C3%BC%25/x\
             ?q=x%26y%3Dz%20%2B&list=1&list=2&flag=true"
        );
    }

    /// The URL is the base URL's copy with the path and query set; it must be the URL that
    /// parsing the whole text gives, whatever the base, parameters and query.
    #[test]
    fn urls_are_what_parsing_the_text_gives() {
        static TWO: Operation = Operation::new("two", Method::Get, "/v1/{a}/and/{a}/{b}");
        static NONE: Operation = Operation::new("none", Method::Get, "/v1/things");
        let values = [
            "plain", "", ".", "..", "a/../b", "%2e%2E", "ü ?#[]", "a\\b", "{a}",
        ];
        for base in [
            "http://127.0.0.1:9",
            "https://dev.dixa.io/",
            "https://proxy.example/pre%20fix/dixa/",
            "http://[::1]:8080/p",
        ] {
            let client = Client::builder("key").base_url(base).build().unwrap();
            for value in values {
                let requests = [
                    client.request(&NONE),
                    client.request(&NONE).query("q", value),
                    client
                        .request(&TWO)
                        .path_param("a", value)
                        .path_param("b", value),
                    client
                        .request(&TWO)
                        .path_param("a", value)
                        .path_param("b", "x")
                        .query("q", value)
                        .query_joined("ids", &[value, "2"])
                        .query("n", &3),
                ];
                for req in requests {
                    // Refused before any URL is made (see the test below).
                    if matches!(value, "" | "." | "..") && req.problem.is_some() {
                        continue;
                    }
                    assert!(req.problem.is_none(), "{:?}", req.problem);
                    let mut text = format!("{}{}", client.inner.base_url, req.path);
                    let pairs = req.query.iter().map(|(name, value)| {
                        let value = utf8_percent_encode(value, COMPONENT).to_string();
                        (name, value)
                    });
                    let pairs = pairs.chain(req.joined_query.iter().map(|(n, v)| (n, v.clone())));
                    for (i, (name, value)) in pairs.enumerate() {
                        text.push(if i == 0 { '?' } else { '&' });
                        text.push_str(name);
                        text.push('=');
                        text.push_str(&value);
                    }
                    assert_eq!(req.url(), Url::parse(&text).unwrap(), "{base} {value:?}");
                }
            }
        }
    }

    #[test]
    fn path_parameters_fill_every_placeholder_of_their_name() {
        static OPS: Operation = Operation::new("ops", Method::Get, "/{a}/{ab}/{a}{b}/{a");
        let client = Client::new("key").unwrap();
        let req = client
            .request(&OPS)
            .path_param("a", "1")
            .path_param("ab", "2/3")
            .path_param("b", "4");
        assert_eq!(req.path, "/1/2%2F3/14/{a");
        let req = client.request(&OPS).path_param("c", "1");
        assert_eq!(
            req.problem.as_deref(),
            Some("the path has no parameter `c`")
        );
    }

    #[test]
    fn path_parameters_that_would_leave_the_operation_are_refused() {
        static GET: Operation = Operation::new("get", Method::Get, "/v1/agents/{id}");
        let client = Client::new("key").unwrap();
        for value in ["..", ".", ""] {
            let req = client.request(&GET).path_param("id", value);
            assert_eq!(
                req.problem,
                Some(format!(
                    "path parameter `id` is {value:?}, which is not an id"
                )),
            );
        }
        // Dots inside a value, and an encoded dot, are data.
        let req = client.request(&GET).path_param("id", "a..b");
        assert_eq!((req.path.as_ref(), req.problem), ("/v1/agents/a..b", None));
        let req = client.request(&GET).path_param("id", "%2e%2e");
        assert_eq!(
            (req.path.as_ref(), req.problem),
            ("/v1/agents/%252e%252e", None)
        );
    }
}
