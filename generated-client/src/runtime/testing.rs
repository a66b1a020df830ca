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
//! use dixa_client::v1::operations::agents;
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
//! // `agents::List` is the builder of `client.v1().agents().list()`; its `OPERATION`
//! // names the operation (`getAgents`) so that a typo does not compile.
//! dixa.answer(agents::List::OPERATION, Answer::json(200, json!({"data": [{
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
//! assert_eq!(sent[0].operation, &agents::List::OPERATION);
//! assert_eq!(sent[0].query_value("pageLimit").as_deref(), Some("2"));
//! # }
//! ```
//!
//! A call with no answer left fails with a transport error naming the operation (it is not
//! retried), so a test never waits on a network.
//!
//! # Replaying real answers
//!
//! Answers your client recorded from Dixa
//! ([`RecordingTransport`](crate::recording::RecordingTransport), feature `record`) replay
//! as scripts: [`TestTransport::replay_dir`] queues every file of a directory as an answer
//! of its operation, so a test of your code runs on real Dixa answers without a network.
//!
//! # Naming operations
//!
//! Each operation's builder has an `OPERATION` constant (`agents::List::OPERATION`,
//! `conversations::AddTag::OPERATION`): scripts ([`TestTransport::answer`],
//! [`TestTransport::requests_for`]) take it, so a misspelt operation does not compile. The
//! `operationId` as text (`"getAgents"`) works too, for operations read from elsewhere.
//!
//! # Delays and timeouts in paused time
//!
//! [`Answer::delay`] waits on tokio's clock. A test that pauses time
//! (`#[tokio::test(start_paused = true)]`, or `tokio::time::pause()`) to test timeouts and
//! retries without waiting needs tokio's `test-util` feature in your dev-dependencies:
//!
//! ```toml
//! [dev-dependencies]
//! tokio = { version = "1", features = ["macros", "rt", "test-util"] }
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::client::Client;
use super::operation::Operation;
use super::recording::{Recording, RecordingError};
use super::transport::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture,
};
use std::path::Path;

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

    /// Queues `answer` for a later attempt of `operation` (its builder's `OPERATION`, e.g.
    /// `agents::List::OPERATION`, or its `operationId`); each attempt takes the next answer
    /// queued for its operation. Returns `self` to chain.
    pub fn answer(&self, operation: impl OperationName, answer: Answer) -> &Self {
        self.state()
            .answers
            .entry(operation.operation_id().to_owned())
            .or_default()
            .push_back(answer);
        self
    }

    /// Queues `recording` (a file written by
    /// [`RecordingTransport`](crate::recording::RecordingTransport)) as the next answer of
    /// its operation: its status, its recorded headers and its body.
    pub fn replay(&self, recording: &Recording) -> &Self {
        let mut answer = Answer::bytes(recording.status, recording.body_bytes());
        for (name, value) in &recording.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                if let Outcome::Respond(response) = &mut answer.outcome {
                    response.headers.append(name, value);
                }
            }
        }
        self.answer(recording.operation.as_str(), answer)
    }

    /// Queues every recording of `dir` (its `*.json` files, in name order: the order they
    /// were recorded in) as answers of their operations, as [`replay`](Self::replay) does.
    /// Returns how many; a file that is not a recording is an error naming it.
    pub fn replay_dir(&self, dir: impl AsRef<Path>) -> Result<usize, RecordingError> {
        let files = Recording::files_in(dir)?;
        for file in &files {
            self.replay(&Recording::read(file)?);
        }
        Ok(files.len())
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

    /// The attempts sent for `operation` (its builder's `OPERATION`, or its
    /// `operationId`), in order.
    pub fn requests_for(&self, operation: impl OperationName) -> Vec<HttpRequest> {
        let operation_id = operation.operation_id();
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

/// What names an operation in a script: the `OPERATION` constant of its builder
/// (`dixa_client::v1::operations::agents::List::OPERATION`), which the compiler checks, or
/// its `operationId` as text.
pub trait OperationName {
    /// The `operationId`.
    fn operation_id(&self) -> &str;
}

impl OperationName for Operation {
    fn operation_id(&self) -> &str {
        self.id
    }
}

impl OperationName for &Operation {
    fn operation_id(&self) -> &str {
        self.id
    }
}

impl OperationName for &str {
    fn operation_id(&self) -> &str {
        self
    }
}

impl OperationName for String {
    fn operation_id(&self) -> &str {
        self
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
