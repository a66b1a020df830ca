//! The `tracing` feature: one `dixa.call` span per call, one `dixa.attempt` span per
//! attempt inside it, with OpenTelemetry's HTTP client field names; never the API key.
//!
//! The spans are caught by a small `tracing::Subscriber` written here (a few dozen lines
//! instead of `tracing-subscriber` and its dependencies).

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dixa_client::testing::{Answer, TestTransport};
use dixa_client::{Client, RateLimit};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const KEY: &str = "sk_live_SECRET-4f1c2a";
const AGENT_ID: &str = "0b4d1a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

#[derive(Debug, Clone)]
struct CapturedSpan {
    name: &'static str,
    parent: Option<u64>,
    fields: BTreeMap<&'static str, String>,
}

impl CapturedSpan {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Records every span with its fields and parent; ids are 1-based indexes into `spans`.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<CapturedSpan>>>,
    entered: Arc<Mutex<Vec<u64>>>,
}

struct Fields<'a>(&'a mut BTreeMap<&'static str, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let parent = match attributes.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attributes.is_contextual() => self.entered.lock().unwrap().last().copied(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(CapturedSpan {
            name: attributes.metadata().name(),
            parent,
            fields,
        });
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let captured = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut captured.fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, span: &Id) {
        self.entered.lock().unwrap().push(span.into_u64());
    }

    fn exit(&self, _: &Id) {
        self.entered.lock().unwrap().pop();
    }
}

impl Capture {
    fn spans(&self) -> Vec<CapturedSpan> {
        self.spans.lock().unwrap().clone()
    }
}

fn client(dixa: &TestTransport) -> Client {
    Client::builder(KEY)
        .base_url("https://dev.dixa.io")
        .transport(dixa.clone())
        .rate_limit(RateLimit::new(1.0, 1))
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn one_call_span_with_one_span_per_attempt() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let dixa = TestTransport::new();
    dixa.answer(
        "getAgentsAgentid",
        Answer::status(503).header("retry-after", "2"),
    )
    .answer(
        "getAgentsAgentid",
        Answer::json(404, json!({"message": "Agent not found"})),
    );

    let err = client(&dixa)
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 2);

    let spans = capture.spans();
    let calls: Vec<_> = spans.iter().filter(|s| s.name == "dixa.call").collect();
    assert_eq!(calls.len(), 1, "{spans:#?}");
    let call = calls[0];
    let field = |name| call.field(name);
    assert_eq!(field("otel.name"), Some("GET /beta/agents/{agentId}"));
    assert_eq!(field("otel.kind"), Some("client"));
    assert_eq!(field("otel.status_code"), Some("ERROR"));
    assert_eq!(field("dixa.operation_id"), Some("getAgentsAgentid"));
    assert_eq!(field("http.request.method"), Some("GET"));
    assert_eq!(field("url.template"), Some("/beta/agents/{agentId}"));
    assert_eq!(field("server.address"), Some("dev.dixa.io"));
    assert_eq!(field("http.response.status_code"), Some("404"));
    assert_eq!(field("error.type"), Some("404"));
    assert_eq!(field("dixa.attempts"), Some("2"));
    assert_eq!(field("http.request.resend_count"), Some("1"));
    assert_eq!(field("dixa.retry_wait_ms"), Some("2000"), "Retry-After: 2");
    // A rate of 1/s: the retry waited 2 s already, so the limiter let it through at once.
    assert_eq!(field("dixa.rate_limit_wait_ms"), Some("0"));

    let call_id = spans.iter().position(|s| s.name == "dixa.call").unwrap() as u64 + 1;
    let attempts: Vec<_> = spans.iter().filter(|s| s.name == "dixa.attempt").collect();
    assert_eq!(attempts.len(), 2, "{spans:#?}");
    for (i, (attempt, status)) in attempts.iter().zip(["503", "404"]).enumerate() {
        assert_eq!(attempt.parent, Some(call_id));
        assert_eq!(attempt.field("http.request.method"), Some("GET"));
        assert_eq!(
            attempt.field("http.request.resend_count"),
            Some(i.to_string().as_str())
        );
        assert_eq!(attempt.field("http.response.status_code"), Some(status));
        assert_eq!(attempt.field("error.type"), Some(status));
    }

    // Neither the key, the id in the path nor any header or body value is recorded.
    for span in &spans {
        for value in span.fields.values() {
            assert!(
                !value.contains(KEY) && !value.contains(AGENT_ID),
                "{span:?}"
            );
            assert!(!value.contains("Agent not found"), "{span:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn waits_and_transport_errors_are_recorded() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let dixa = TestTransport::new();
    let client = client(&dixa);
    dixa.answer("getAgents", Answer::json(200, json!({"data": []})))
        .answer(
            "getAgents",
            Answer::json(200, json!({"data": []})).delay(Duration::from_secs(60)),
        );

    client.beta().agents().list().await.unwrap();
    let err = client
        .beta()
        .agents()
        .list()
        .options(|o| o.timeout(Duration::from_secs(5)).no_retries())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");

    let spans = capture.spans();
    let calls: Vec<_> = spans.iter().filter(|s| s.name == "dixa.call").collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].field("http.response.status_code"), Some("200"));
    assert_eq!(calls[0].field("error.type"), None);
    assert_eq!(calls[0].field("otel.status_code"), None);
    assert_eq!(calls[0].field("dixa.rate_limit_wait_ms"), Some("0"));
    // The second call waited one second for the limiter (1 call/s), then timed out.
    assert_eq!(calls[1].field("dixa.rate_limit_wait_ms"), Some("1000"));
    assert_eq!(calls[1].field("error.type"), Some("timeout"));
    assert_eq!(calls[1].field("http.response.status_code"), None);
    let attempts: Vec<_> = spans.iter().filter(|s| s.name == "dixa.attempt").collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1].field("error.type"), Some("timeout"));
}
