//! Sending a built [`Request`]: rate limiting, attempts, retries, and decoding the answer.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::error::Error;
use super::request::Request;
use super::retry::{Failure, parse_retry_after};

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

impl Request {
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
                Err(AttemptError::Transport(e)) => {
                    (Failure::from_transport(&e), Error::transport(op.id, e))
                }
                // The answer had begun: the server may have acted on the request.
                Err(AttemptError::BodyCut(e)) => (Failure::Interrupted, Error::transport(op.id, e)),
                Err(AttemptError::TooLarge {
                    status,
                    headers,
                    content_length,
                }) => (
                    Failure::Permanent,
                    Error::body_too_large(
                        op.id,
                        status,
                        headers,
                        inner.max_body_size,
                        content_length,
                    ),
                ),
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

    /// One HTTP exchange, body read to the end (or to the client's limit).
    async fn attempt(&self, url: &Url) -> Result<Response<Bytes>, AttemptError> {
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
        let mut resp = builder.send().await.map_err(AttemptError::Transport)?;
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        match read_body(&mut resp, inner.max_body_size).await {
            Ok(body) => Ok(Response {
                status,
                headers,
                body,
            }),
            Err(BodyError::Transport(e)) => Err(AttemptError::BodyCut(e)),
            Err(BodyError::TooLarge { content_length }) => Err(AttemptError::TooLarge {
                status,
                headers,
                content_length,
            }),
        }
    }
}

/// Why one attempt got no whole answer.
enum AttemptError {
    /// Before an answer: no connection, a timeout, a connection lost while sending.
    Transport(reqwest::Error),
    /// While reading the body: the connection closed or timed out half-way through.
    /// (reqwest reports it as a decode error wrapping a body error.)
    BodyCut(reqwest::Error),
    /// The body is longer than the client's `max_body_size`.
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
        content_length: Option<u64>,
    },
}

enum BodyError {
    Transport(reqwest::Error),
    TooLarge { content_length: Option<u64> },
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
    let first = match resp.chunk().await.map_err(BodyError::Transport)? {
        None => return Ok(Bytes::new()),
        Some(chunk) if chunk.len() > limit => return Err(too_large()),
        Some(chunk) => chunk,
    };
    let Some(second) = resp.chunk().await.map_err(BodyError::Transport)? else {
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
        next = resp.chunk().await.map_err(BodyError::Transport)?;
    }
    Ok(body.into())
}

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

/// Decodes a whole JSON document; on failure, where (as a path) and why.
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
    use crate::runtime::{Client, Method, Operation};

    static OP: Operation = Operation::new("getThing", Method::Get, "/beta/things/{thingId}/x");

    fn client() -> Client {
        Client::builder("key")
            .base_url("http://127.0.0.1:9/prefix/")
            .build()
            .unwrap()
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
}
