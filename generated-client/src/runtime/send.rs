//! Sending a built [`Request`]: rate limiting, attempts, retries, and decoding the answer.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
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
use super::transport::{HttpRequest, HttpResponse, Transport, TransportError};

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
    // The generic methods are thin: the HTTP exchange is one non-generic future
    // (`send_raw`: its type does not depend on `T`, so its code is compiled once), and only
    // the decoding, a `map` over it, is instantiated per response type. This keeps 123
    // operations from copying the whole request state machine 123 times, with one box per
    // call (it was two: the exchange was boxed on its own, then mapped and boxed again).
    pub fn send_json<T: DeserializeOwned + Send + 'static>(self) -> ResponseFuture<T> {
        let operation = self.operation.id;
        Box::pin(
            self.send_raw()
                .map(move |raw| decode_response(operation, raw?).map(Response::into_body)),
        )
    }

    /// [`send_json`](Request::send_json), keeping the status and headers.
    pub fn send_json_with_response<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> ResponseFuture<Response<T>> {
        let operation = self.operation.id;
        Box::pin(
            self.send_raw()
                .map(move |raw| decode_response(operation, raw?)),
        )
    }

    /// Sends the call and returns the body of a success as sent (for answers that are not
    /// JSON: `application/octet-stream`, files, text).
    pub fn send_bytes(self) -> ResponseFuture<Bytes> {
        Box::pin(
            self.accepting_any()
                .send_raw()
                .map(|raw| raw.map(Response::into_body)),
        )
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
        Box::pin(self.send_raw().map(|raw| raw.map(|_| ())))
    }

    /// [`send_empty`](Request::send_empty), keeping the status and headers.
    pub fn send_empty_with_response(self) -> ResponseFuture<Response<()>> {
        Box::pin(self.send_raw().map(|raw| Ok(raw?.map(|_| ()))))
    }

    /// Sends the call (with rate limiting and retries) and returns the raw body of a 2xx
    /// answer; any other status is an [`Error`].
    //
    // The futures of a call are built and moved (into their parent, into a `Box`) on every
    // call, so they are kept small. An `async` block keeps a future it captures twice (as
    // captured, and moved out to be awaited), and an `async fn` its arguments (the
    // `Request` is 256 bytes): so combinators (`map`) where a future is wrapped, a function
    // returning an `async` block here, attempts that borrow the request, and an attempt's
    // future that holds only the transport's (boxed) future and its timeout. This future was
    // 2.6 KB, inside a 2.8 KB one, each copied as it was built and boxed.
    #[allow(clippy::manual_async_fn)] // an `async fn` would keep `self` twice (above)
    pub fn send_raw(self) -> impl Future<Output = Result<Response<Bytes>, Error>> + Send + 'static {
        async move {
            // The `tracing` feature's span around the call (trace.rs); nothing without it.
            let mut trace = CallTrace::start(self.operation, self.client.inner.base.host_str());
            let span = trace.span();
            let result = span.run(self.send_attempts(&mut trace)).await;
            trace.finish(result.as_ref().map(Response::status));
            result
        }
    }

    async fn send_attempts(&self, trace: &mut CallTrace) -> Result<Response<Bytes>, Error> {
        let op = self.operation;
        if let Some(problem) = &self.problem {
            return Err(Error::invalid_request(op.id, problem.clone()));
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
        // The first attempt takes the URL; a retry builds it again.
        let mut url = Some(self.url());
        let inner = &self.client.inner;
        let request_id = self.new_request_id();
        let started = Instant::now();
        let deadline = self.deadline().map(|d| (d, started + d));
        let mut attempts = 0u32;
        // What the deadline ended, as the error of the call.
        let sent_id = || request_id.as_ref().map(|(_, id)| id.clone());
        let deadline_passed = |attempts: u32, during: &str, last: Option<&Error>| {
            let d = deadline.map_or(Duration::ZERO, |(d, _)| d);
            let last = last.map(ToString::to_string);
            let cause = TransportError::deadline_passed(d, during, last.as_deref());
            Error::transport(op.id, cause)
                .with_attempts(attempts)
                .with_client_request_id(sent_id())
        };
        loop {
            // Kept until the attempt's answer is back: the call counts against the limit
            // until then (rate_limit.rs).
            let permit = match &inner.rate_limiter {
                Some(limiter) => {
                    let lease = Some(self.attempt_timeout());
                    let wait = trace.rate_limit_wait(limiter.acquire_for(lease));
                    let taken = match deadline {
                        Some((_, at)) => match tokio::time::timeout_at(at, wait).await {
                            Ok(taken) => taken,
                            Err(_) => {
                                let during = "waiting for the rate limiter";
                                return Err(deadline_passed(attempts, during, None));
                            }
                        },
                        None => wait.await,
                    };
                    Some(taken.map_err(|e| e.for_operation(op.id).with_attempts(attempts))?)
                }
                None => None,
            };
            attempts += 1;
            let url = url.take().unwrap_or_else(|| self.url());
            let request = self.http_request(url, request_id.as_ref(), attempts);
            // An attempt that would outlast the deadline is cut off at it.
            let left = deadline.map(|(_, at)| at.saturating_duration_since(Instant::now()));
            let timeout = self.attempt_timeout();
            let cut_by_deadline = left.is_some_and(|left| left < timeout);
            let timeout = left.map_or(timeout, |left| left.min(timeout));
            let transport = &*inner.transport;
            let send = || send_within(transport, request, timeout);
            let answer = trace.attempt(attempts, send, |r| r.status).await;
            drop(permit);
            if cut_by_deadline {
                if let Err(e) = &answer {
                    if e.kind() == super::transport::TransportErrorKind::Timeout {
                        return Err(deadline_passed(attempts, "during an attempt", None));
                    }
                }
            }
            let failure = match answer {
                Ok(resp) if resp.status.is_success() => {
                    return Ok(Response {
                        status: resp.status,
                        headers: resp.headers,
                        body: resp.body,
                    });
                }
                Ok(resp) => {
                    let retry_after = resp
                        .headers
                        .get(header::RETRY_AFTER)
                        .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
                    if let (StatusCode::TOO_MANY_REQUESTS, Some(wait), Some(limiter)) =
                        (resp.status, retry_after, &inner.rate_limiter)
                    {
                        // The whole token is over its budget, not this call alone.
                        limiter.back_off(wait).await;
                    }
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
                Some(delay) if deadline.is_some_and(|(_, at)| Instant::now() + delay >= at) => {
                    let during = "before the next attempt could start";
                    return Err(deadline_passed(attempts, during, Some(&error)));
                }
                Some(delay) => {
                    trace.retry_wait(delay);
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
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

    /// One attempt's request: every header, the URL, the body (the same bytes each time).
    fn http_request(
        &self,
        url: Url,
        request_id: Option<&(HeaderName, HeaderValue)>,
        attempt: u32,
    ) -> HttpRequest {
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
        HttpRequest {
            operation: self.operation,
            attempt,
            method: self.operation.method,
            url,
            headers,
            body: self.body.as_ref().map(|body| body.bytes.clone()),
            max_body_size: inner.max_body_size,
        }
    }
}

/// One attempt through `transport`, cut off after `timeout`, its body read to the end (or
/// to the client's limit).
fn send_within(
    transport: &dyn Transport,
    request: HttpRequest,
    timeout: Duration,
) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send + '_ {
    let max_body_size = request.max_body_size;
    tokio::time::timeout(timeout, transport.send(request)).map(move |answer| {
        let answer = answer.map_err(|_| TransportError::timed_out(timeout))??;
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
        Ok(answer)
    })
}

fn decode_response<T: DeserializeOwned>(
    operation: &'static str,
    response: Response<Bytes>,
) -> Result<Response<T>, Error> {
    let _drift_names = super::wire::drift::decoding(operation);
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
