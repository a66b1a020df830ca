//! Testing your own code against `dixa-client` without a network (the `testing` feature).
//!
//! [`TestTransport`] is a [`Transport`] that answers each call from a script: per
//! `operationId`, the answers you queued, in order (status, headers, body, a delay, or a
//! failure such as a refused connection). It records every attempt it was sent, so a test can
//! assert on the requests its code made. Everything else is the real client: building,
//! retries, timeouts, rate limiting, decoding, errors.
//!
//! ```toml
//! [dev-dependencies]
//! dixa-client = { path = "...", features = ["testing"] }
//! ```
//!
//! ```
//! use dixa_client::testing::{Answer, TestTransport};
//! use serde_json::json;
//!
//! /// The code under test: the display names of the first page of agents.
//! async fn agent_names(client: &dixa_client::Client) -> Result<Vec<String>, dixa_client::Error> {
//!     let page = client.v1().agents().list().page_limit(2).await?;
//!     Ok(page.data.unwrap_or_default().into_iter().map(|a| a.display_name).collect())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let dixa = TestTransport::new();
//! dixa.answer("getAgents", Answer::json(200, json!({"data": [{
//!     "id": "0b4d1a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
//!     "createdAt": "2024-01-02T03:04:05Z",
//!     "displayName": "Ada",
//!     "email": "ada@example.com"
//! }]})));
//!
//! let names = agent_names(&dixa.client()).await.unwrap();
//!
//! assert_eq!(names, ["Ada"]);
//! let sent = dixa.requests();
//! assert_eq!(sent.len(), 1);
//! assert_eq!(sent[0].operation.id, "getAgents");
//! assert_eq!(sent[0].query_value("pageLimit").as_deref(), Some("2"));
//! # }
//! ```
//!
//! A call with no answer left fails with a transport error naming the operation (it is not
//! retried), so a test never waits on a network.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::client::Client;
use super::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture,
};

/// The API key of [`TestTransport::client`].
pub const TEST_API_KEY: &str = "test-api-key";

/// A [`Transport`] answering from a script and recording what it was sent. Clones share
/// the script and the record.
#[derive(Clone, Default)]
pub struct TestTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    answers: HashMap<String, VecDeque<Answer>>,
    sent: Vec<HttpRequest>,
}

impl TestTransport {
    pub fn new() -> Self {
        TestTransport::default()
    }

    /// Queues `answer` for a later attempt of `operation_id`; each attempt takes the next
    /// answer queued for its operation. Returns `self` to chain.
    pub fn answer(&self, operation_id: &str, answer: Answer) -> &Self {
        self.state()
            .answers
            .entry(operation_id.to_owned())
            .or_default()
            .push_back(answer);
        self
    }

    /// A client sending through this transport, with the default settings (retries
    /// included) and the API key [`TEST_API_KEY`]. For other settings, pass a clone of this
    /// transport to [`ClientBuilder::transport`](super::ClientBuilder::transport).
    pub fn client(&self) -> Client {
        Client::builder(TEST_API_KEY)
            .transport(self.clone())
            .build()
            .unwrap_or_else(|e| unreachable!("the test client's settings are valid: {e}"))
    }

    /// Every attempt sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().sent.clone()
    }

    /// The attempts sent for `operation_id`, in order.
    pub fn requests_for(&self, operation_id: &str) -> Vec<HttpRequest> {
        let state = self.state();
        let sent = state.sent.iter().filter(|r| r.operation.id == operation_id);
        sent.cloned().collect()
    }

    /// The operations with answers nobody asked for, and how many each: empty when the code
    /// under test made every call the script expected.
    pub fn unused_answers(&self) -> Vec<(String, usize)> {
        let mut unused: Vec<(String, usize)> = self
            .state()
            .answers
            .iter()
            .filter(|(_, queue)| !queue.is_empty())
            .map(|(id, queue)| (id.clone(), queue.len()))
            .collect();
        unused.sort();
        unused
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a test panicked while holding it; the data is plain.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Transport for TestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let answer = {
            let mut state = self.state();
            state.sent.push(request.clone());
            let id = request.operation.id;
            state.answers.get_mut(id).and_then(VecDeque::pop_front)
        };
        Box::pin(async move {
            let Some(answer) = answer else {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!(
                        "the test transport has no answer left for `{}`",
                        request.operation.id
                    ),
                ));
            };
            if !answer.delay.is_zero() {
                tokio::time::sleep(answer.delay).await;
            }
            match answer.outcome {
                Outcome::Respond(response) => Ok(response),
                Outcome::Fail(kind) => Err(TransportError::new(
                    kind,
                    format!(
                        "test transport: {kind:?} failure for `{}`",
                        request.operation.id
                    ),
                )),
            }
        })
    }
}

impl fmt::Debug for TestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("TestTransport")
            .field("sent", &state.sent.len())
            .field(
                "queued",
                &state.answers.values().map(VecDeque::len).sum::<usize>(),
            )
            .finish()
    }
}

/// One scripted answer: a response (any status) or a failure, after an optional delay.
#[derive(Clone, Debug)]
#[must_use]
pub struct Answer {
    outcome: Outcome,
    delay: Duration,
}

#[derive(Clone, Debug)]
enum Outcome {
    Respond(HttpResponse),
    Fail(TransportErrorKind),
}

impl Answer {
    /// `status` with `body` as JSON (`Content-Type: application/json`).
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Answer::bytes(status, body.to_string()).header("content-type", "application/json")
    }

    /// `status` with no body (e.g. 204, or a 503 to be retried).
    pub fn status(status: u16) -> Self {
        Answer::bytes(status, Bytes::new())
    }

    /// `status` with `body` as it is (for bodies that are not JSON, or broken JSON).
    pub fn bytes(status: u16, body: impl Into<Bytes>) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Answer {
            outcome: Outcome::Respond(HttpResponse::new(status, HeaderMap::new(), body.into())),
            delay: Duration::ZERO,
        }
    }

    /// No answer: the attempt fails this way (a refused connection, a lost one, ...).
    pub fn failure(kind: TransportErrorKind) -> Self {
        Answer {
            outcome: Outcome::Fail(kind),
            delay: Duration::ZERO,
        }
    }

    /// Adds a response header (e.g. `Retry-After`). An invalid name or value is a mistake
    /// in the test, reported by a panic.
    #[track_caller]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Outcome::Respond(response) = &mut self.outcome {
            let name = HeaderName::from_bytes(name.as_bytes())
                .unwrap_or_else(|_| panic!("test answer: invalid header name {name:?}"));
            let value = HeaderValue::from_str(value)
                .unwrap_or_else(|_| panic!("test answer: invalid value for header `{name}`"));
            response.headers.append(name, value);
        }
        self
    }

    /// Answers only after `delay` (on tokio's clock, so paused-time tests take no time): a
    /// delay longer than the call's timeout makes the attempt time out.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}
