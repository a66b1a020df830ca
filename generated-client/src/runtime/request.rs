//! One call of one operation: what generated code builds and sends.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::client::Client;
use super::error::Error;
use super::multipart::Multipart;
use super::params::{param_value, param_values};
use super::retry::{Failure, parse_retry_after};

/// Everything but the unreserved characters (RFC 3986: `A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded, in path segments (so `/`, `?`, `#` and `%` in a value stay data) and in
/// query values alike (so `&`, `=`, `+` stay data; a space is `%20`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    /// GET, PUT, DELETE, HEAD and OPTIONS (RFC 9110 §9.2.2).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the description says about one operation; generated code has one `static` each.
///
/// ```
/// use dixa_client::runtime::{Method, Operation};
/// static GET_AGENT: Operation =
///     Operation::new("getAgentsAgentid", Method::Get, "/beta/agents/{agentId}");
/// assert!(GET_AGENT.idempotent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId`: named in every error.
    pub id: &'static str,
    pub method: Method,
    /// The path template, `{name}` for each path parameter.
    pub path: &'static str,
    /// Whether sending it twice does no more than sending it once; decides retries.
    pub idempotent: bool,
}

impl Operation {
    /// An operation whose idempotency follows its method.
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        Operation {
            id,
            method,
            path,
            idempotent: method.is_idempotent(),
        }
    }

    /// Overrides the idempotency the method implies.
    pub const fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

/// What awaiting a generated request builder gives (`client.agents().get(id).await`).
pub type ResponseFuture<T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'static>>;

/// A successful answer with its status and headers, for callers who need more than the body.
#[derive(Clone, Debug)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &T {
        &self.body
    }

    pub fn into_body(self) -> T {
        self.body
    }

    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

#[derive(Clone)]
struct Body {
    bytes: Bytes,
    content_type: HeaderValue,
}

/// One call being put together: path parameters, query, body; then one of the `send_*`
/// methods. Built by [`Client::request`]. Mistakes in building (a value that cannot be a
/// parameter, a body that does not serialize) are reported by the `send_*` method as
/// [`ErrorKind::InvalidRequest`](super::ErrorKind::InvalidRequest).
#[derive(Clone)]
#[must_use = "a request does nothing until one of its send methods is awaited"]
pub struct Request {
    client: Client,
    operation: &'static Operation,
    path: String,
    query: Vec<(&'static str, String)>,
    /// `explode: false` lists: `name=a,b`, each element already percent-encoded so that
    /// the commas between them stay commas.
    joined_query: Vec<(&'static str, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Body>,
    problem: Option<String>,
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
            path: operation.path.to_owned(),
            query: Vec::new(),
            joined_query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
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
        let placeholder = format!("{{{name}}}");
        match param_value(value) {
            Ok(Some(text)) if self.path.contains(&placeholder) => {
                let encoded = utf8_percent_encode(&text, COMPONENT).to_string();
                self.path = self.path.replace(&placeholder, &encoded);
            }
            Ok(Some(_)) => self.fail(format!("the path has no parameter `{name}`")),
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

    /// Sends the call and decodes a JSON answer into `T`.
    //
    // The generic methods are thin: the HTTP exchange is one boxed, non-generic future
    // (`send_raw`), and only the decoding is instantiated per response type. This keeps
    // 123 operations from copying the whole request state machine 123 times.
    pub fn send_json<T: DeserializeOwned + Send + 'static>(self) -> ResponseFuture<T> {
        let raw = self.send_raw_boxed();
        Box::pin(async move { decode_response(raw.await?).map(Response::into_body) })
    }

    /// [`send_json`](Request::send_json), keeping the status and headers.
    pub fn send_json_with_response<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> ResponseFuture<Response<T>> {
        let raw = self.send_raw_boxed();
        Box::pin(async move { decode_response(raw.await?) })
    }

    fn send_raw_boxed(self) -> ResponseFuture<RawResponse> {
        let operation = self.operation.id;
        Box::pin(async move {
            let response = self.send_raw().await?;
            Ok(RawResponse {
                operation,
                response,
            })
        })
    }

    /// Sends the call and returns the body of a success as sent (for answers that are not
    /// JSON: `application/octet-stream`, files, text).
    pub fn send_bytes(self) -> ResponseFuture<Bytes> {
        Box::pin(async move { self.send_raw().await.map(Response::into_body) })
    }

    /// [`send_bytes`](Request::send_bytes), keeping the status and headers.
    pub fn send_bytes_with_response(self) -> ResponseFuture<Response<Bytes>> {
        Box::pin(self.send_raw())
    }

    /// Sends the call and ignores the body of a success (for 204 and bodiless answers).
    pub fn send_empty(self) -> ResponseFuture<()> {
        Box::pin(async move { self.send_raw().await.map(|_| ()) })
    }

    /// [`send_empty`](Request::send_empty), keeping the status and headers.
    pub fn send_empty_with_response(self) -> ResponseFuture<Response<()>> {
        Box::pin(async move { Ok(self.send_raw().await?.map(|_| ())) })
    }

    /// Sends the call (with rate limiting and retries) and returns the raw body of a 2xx
    /// answer; any other status is an [`Error`].
    pub async fn send_raw(self) -> Result<Response<Bytes>, Error> {
        let op = self.operation;
        if let Some(problem) = self.problem {
            return Err(Error::invalid_request(op.id, problem));
        }
        if let Some(start) = self.path.find('{') {
            let rest = &self.path[start..];
            let name = rest.split('}').next().unwrap_or(rest);
            return Err(Error::invalid_request(
                op.id,
                format!(
                    "path parameter `{}` was not given",
                    name.trim_start_matches('{')
                ),
            ));
        }
        let url = self.url()?;
        let inner = &self.client.inner;
        let started = Instant::now();
        let mut attempts = 0u32;
        loop {
            if let Some(limiter) = &inner.rate_limiter {
                limiter.acquire().await;
            }
            attempts += 1;
            let failure = match self.attempt(&url).await {
                Ok(resp) if resp.status.is_success() => return Ok(resp),
                Ok(resp) => {
                    let retry_after = resp
                        .headers
                        .get(header::RETRY_AFTER)
                        .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
                    let failure = Failure::Status(resp.status, retry_after);
                    let error = Error::http_status(op.id, resp.status, resp.headers, resp.body);
                    (failure, error)
                }
                Err(e) => (Failure::from_transport(&e), Error::transport(op.id, e)),
            };
            let (failure, error) = failure;
            match inner
                .retry
                .next_delay(failure, op.idempotent, attempts, started.elapsed())
            {
                Some(delay) => sleep(delay).await,
                None => return Err(error.with_attempts(attempts)),
            }
        }
    }

    fn url(&self) -> Result<Url, Error> {
        let mut url = String::with_capacity(128);
        url.push_str(&self.client.inner.base_url);
        url.push_str(&self.path);
        for (i, (name, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(name, COMPONENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, COMPONENT));
        }
        for (i, (name, encoded)) in self.joined_query.iter().enumerate() {
            url.push(if i == 0 && self.query.is_empty() {
                '?'
            } else {
                '&'
            });
            url.extend(utf8_percent_encode(name, COMPONENT));
            url.push('=');
            url.push_str(encoded);
        }
        Url::parse(&url).map_err(|e| {
            Error::invalid_request(self.operation.id, format!("the URL is not valid: {e}"))
        })
    }

    /// One HTTP exchange, body read to the end.
    async fn attempt(&self, url: &Url) -> Result<Response<Bytes>, reqwest::Error> {
        let inner = &self.client.inner;
        let mut headers = HeaderMap::with_capacity(4 + inner.default_headers.len());
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        // Replaces the entries above of the same name (`HeaderMap`'s own `Extend`).
        headers.extend(inner.default_headers.clone());
        headers.insert(header::AUTHORIZATION, inner.authorization.clone());
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        let mut builder = inner
            .http
            .request(self.operation.method.to_reqwest(), url.clone())
            .timeout(inner.timeout)
            .headers(headers);
        if let Some(body) = &self.body {
            builder = builder
                .header(header::CONTENT_TYPE, body.content_type.clone())
                .body(body.bytes.clone());
        }
        let mut resp = builder.send().await?;
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        let body = resp.bytes().await?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// Decodes a whole JSON document; on failure, where (as a path) and why.
/// A 2xx answer with the operation it belongs to, before decoding.
struct RawResponse {
    operation: &'static str,
    response: Response<Bytes>,
}

fn decode_response<T: DeserializeOwned>(raw: RawResponse) -> Result<Response<T>, Error> {
    let RawResponse {
        operation,
        response,
    } = raw;
    match decode_json(&response.body) {
        Ok(body) => Ok(Response {
            status: response.status,
            headers: response.headers,
            body,
        }),
        Err((path, e)) => Err(Error::decode(
            operation,
            response.status,
            response.headers,
            response.body,
            path,
            e,
        )),
    }
}

fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, serde_json::Error)> {
    // Plain serde_json: the path is worked out only when decoding fails (json_path.rs).
    // On text, after one UTF-8 check of the whole body: serde_json then skips checking
    // each string, and decodes with the same code as the tagged unions' raw-text path.
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(_) => {
            // Read as a `Value`, every string is checked: serde_json says where it fails.
            let e = serde_json::from_slice::<serde_json::Value>(body)
                .err()
                .unwrap_or_else(|| serde::de::Error::custom("the body is not UTF-8"));
            return Err((super::json_path::json_path_at(body, &e), e));
        }
    };
    serde_json::from_str(text).map_err(|fast| {
        // Tagged unions decode from raw text on the fast path, which places an error at
        // the end of the union's object; decoding again on their buffered path points
        // at the failing value itself. Only failing bodies pay for it.
        let e = super::wire::with_precise_errors(|| serde_json::from_str::<T>(text))
            .err()
            .unwrap_or(fast);
        (super::json_path::json_path_at(body, &e), e)
    })
}

async fn sleep(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation::new("getThing", Method::Get, "/beta/things/{thingId}/x");

    fn client() -> Client {
        Client::builder("key")
            .base_url("http://127.0.0.1:9/prefix/")
            .build()
            .unwrap()
    }

    #[test]
    fn builds_encoded_urls() {
        let req = client()
            .request(&OP)
            .path_param("thingId", "a/b c?ü%")
            .query("q", "x&y=z +")
            .query("none", &None::<u8>)
            .query("list", &["1", "2"])
            .query("flag", &true);
        assert_eq!(
            req.url().unwrap().as_str(),
            "http://127.0.0.1:9/prefix/beta/things/a%2Fb%20c%3F%C3%BC%25/x\
             ?q=x%26y%3Dz%20%2B&list=1&list=2&flag=true"
        );
    }

    #[tokio::test]
    async fn building_mistakes_surface_on_send() {
        let err = client().request(&OP).send_empty().await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "getThing: invalid request: path parameter `thingId` was not given"
        );
        let err = client()
            .request(&OP)
            .path_param("other", &1)
            .send_empty()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no parameter `other`"), "{err}");
    }

    /// Generated futures must be spawnable on a multi-threaded runtime.
    #[test]
    fn calls_are_send_and_errors_are_send_sync() {
        fn send<T: Send>(_: &T) {}
        fn send_sync<T: Send + Sync + 'static>() {}
        let c = client();
        send(&c.request(&OP).send_json::<serde_json::Value>());
        send(&c.request(&OP).send_empty());
        send(&c.request(&OP).pages::<EmptyPage>());
        send_sync::<Error>();
        send_sync::<Client>();
    }

    #[derive(serde::Deserialize)]
    struct EmptyPage;

    impl crate::runtime::Page for EmptyPage {
        type Item = ();
        fn into_items(self) -> Vec<()> {
            Vec::new()
        }
        fn next_link(&self) -> Option<&str> {
            None
        }
    }

    #[test]
    fn method_idempotency() {
        assert!(Operation::new("a", Method::Put, "/").idempotent);
        assert!(!Operation::new("a", Method::Post, "/").idempotent);
        assert!(
            Operation::new("a", Method::Post, "/")
                .with_idempotent(true)
                .idempotent
        );
    }
}
