//! Sending a built [`Request`]: rate limiting, attempts, retries, and decoding the answer.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::correlation::request_id_from;
use super::error::Error;
use super::request::Request;
use super::retry::{Failure, parse_retry_after};
use super::trace::CallTrace;
use super::transport::{HttpRequest, TransportError, send_within};

/// What awaiting a generated request builder gives (`client.v1().agents().get(id).await`).
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

    /// The request id the server sent back, if any: see [`request_id_from`].
    pub fn request_id(&self) -> Option<&str> {
        request_id_from(self.headers())
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
        Box::pin(async move {
            self.accepting_any()
                .send_raw()
                .await
                .map(Response::into_body)
        })
    }

    /// [`send_bytes`](Request::send_bytes), keeping the status and headers.
    pub fn send_bytes_with_response(self) -> ResponseFuture<Response<Bytes>> {
        Box::pin(self.accepting_any().send_raw())
    }

    /// A file or other non-JSON answer: `Accept: */*`, so a server that checks the header
    /// does not answer 406 (its errors still come back as JSON, which is decoded).
    fn accepting_any(mut self) -> Self {
        self.accept = HeaderValue::from_static("*/*");
        self
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
        // The `tracing` feature's span around the call (trace.rs); nothing without it.
        let mut trace = CallTrace::start(self.operation, self.client.inner.base.host_str());
        let span = trace.span();
        let result = span.run(self.send_attempts(&mut trace)).await;
        trace.finish(result.as_ref().map(Response::status));
        result
    }

    async fn send_attempts(self, trace: &mut CallTrace) -> Result<Response<Bytes>, Error> {
        let op = self.operation;
        if let Some(problem) = self.problem {
            return Err(Error::invalid_request(op.id, problem));
        }
        if let Some(problem) = self.options_problem() {
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
        let url = self.url();
        let inner = &self.client.inner;
        let request_id = self.new_request_id();
        let started = Instant::now();
        let mut attempts = 0u32;
        loop {
            if let Some(limiter) = &inner.rate_limiter {
                trace.rate_limit_wait(limiter.acquire()).await;
            }
            attempts += 1;
            let answer = self.attempt(&url, request_id.as_ref(), attempts);
            let failure = match trace.attempt(attempts, answer, Response::status).await {
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
                Err(e) => match e.into_too_large() {
                    Ok(answer) => (
                        Failure::Permanent,
                        Error::body_too_large(
                            op.id,
                            answer.status,
                            answer.headers,
                            inner.max_body_size,
                            answer.content_length,
                        ),
                    ),
                    // A body cut mid-transfer is `Interrupted`: retried for idempotent calls.
                    Err(e) => (e.failure(), Error::transport(op.id, e)),
                },
            };
            let (failure, error) = failure;
            match self.retry_policy().next_delay(
                failure,
                self.idempotent(),
                attempts,
                started.elapsed(),
            ) {
                Some(delay) => {
                    trace.retry_wait(delay);
                    sleep(delay).await
                }
                None => {
                    let sent_id = request_id.map(|(_, id)| id);
                    return Err(error
                        .with_attempts(attempts)
                        .with_client_request_id(sent_id));
                }
            }
        }
    }

    /// One HTTP exchange through the client's transport, body read to the end (or to the
    /// client's limit).
    async fn attempt(
        &self,
        url: &Url,
        request_id: Option<&(HeaderName, HeaderValue)>,
        attempt: u32,
    ) -> Result<Response<Bytes>, TransportError> {
        let inner = &self.client.inner;
        let mut headers = HeaderMap::with_capacity(4 + inner.default_headers.len());
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        headers.insert(header::ACCEPT, self.accept.clone());
        // Replaces the entries above of the same name (`HeaderMap`'s own `Extend`).
        headers.extend(inner.default_headers.clone());
        headers.insert(header::AUTHORIZATION, inner.authorization.clone());
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        self.apply_call_headers(&mut headers);
        if let Some((name, id)) = request_id {
            headers.insert(name.clone(), id.clone());
        }
        if let Some(body) = &self.body {
            headers.insert(header::CONTENT_TYPE, body.content_type.clone());
        }
        let max_body_size = inner.max_body_size;
        let request = HttpRequest {
            operation: self.operation,
            attempt,
            method: self.operation.method,
            url: url.clone(),
            headers,
            body: self.body.as_ref().map(|body| body.bytes.clone()),
            max_body_size,
        };
        let answer = send_within(&*inner.transport, request, self.attempt_timeout()).await?;
        // The limit holds whatever the transport: one that read past it is refused too.
        if answer.body.len() > max_body_size {
            let content_length = answer
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse().ok());
            return Err(TransportError::body_too_large(
                answer.status,
                answer.headers,
                content_length,
            ));
        }
        Ok(Response {
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
        })
    }
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
