//! Retries against a local mock server: 429 with `Retry-After`, transient 5xx, methods that
//! must not be resent, the bound.

use std::time::{Duration, Instant};

use dixa_client::runtime::{Method, Operation};
use dixa_client::{Client, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET: Operation = Operation::new("getAgents", Method::Get, "/beta/agents");
static POST: Operation = Operation::new("postAgents", Method::Post, "/beta/agents");
static PUT: Operation = Operation::new("putAgentsAgentid", Method::Put, "/beta/agents/a");

/// Fast backoff so the tests do not wait on jitter.
fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder("key")
        .base_url(server.uri())
        .retry_policy(policy.base_delay(Duration::from_millis(5)))
        .build()
        .unwrap()
}

/// Answers `first` `times` times, then 200 `{}`.
async fn fail_then_succeed(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(wiremock::matchers::any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn rate_limited_call_waits_for_retry_after() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;

    let started = Instant::now();
    client(&server, RetryPolicy::default())
        .request(&GET)
        .send_empty()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let server = MockServer::start().await;
    // A date in the past: try again at once.
    fail_then_succeed(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        1,
    )
    .await;
    client(
        &server,
        RetryPolicy::default().base_delay(Duration::from_secs(60)),
    )
    .request(&GET)
    .send_empty()
    .await
    .unwrap();
    assert_eq!(request_count(&server).await, 2);
}

/// Issue 12: `Retry-After` in the obsolete HTTP-date forms (RFC 850, asctime), which a
/// recipient must accept, was ignored.
#[tokio::test]
async fn retry_after_in_every_http_date_form_is_read() {
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", date))
            .mount(&server)
            .await;
        let err = client(&server, RetryPolicy::none())
            .request(&GET)
            .send_empty()
            .await
            .unwrap_err();
        // In the past: try again at once.
        assert_eq!(err.retry_after(), Some(Duration::ZERO), "{date}");
    }
}

#[tokio::test]
async fn transient_503_then_success() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(503), 2).await;
    let out: serde_json::Value = client(&server, RetryPolicy::default())
        .request(&GET)
        .send_json()
        .await
        .unwrap();
    assert_eq!(out, serde_json::json!({}));
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn post_is_not_retried_after_503_by_default() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(503), 1).await;
    let err = client(&server, RetryPolicy::default())
        .request(&POST)
        .json(&serde_json::json!({"displayName": "x"}))
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.attempts(), 1);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_when_allowed() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(502), 1).await;
    client(&server, RetryPolicy::default().retry_non_idempotent(true))
        .request(&POST)
        .json(&serde_json::json!({"displayName": "x"}))
        .send_empty()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].body, received[1].body,
        "the same body is resent"
    );
}

#[tokio::test]
async fn post_is_retried_after_429_which_the_server_did_not_process() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        1,
    )
    .await;
    client(&server, RetryPolicy::default())
        .request(&POST)
        .json(&serde_json::json!({"displayName": "x"}))
        .send_empty()
        .await
        .unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn put_body_is_resent_identically() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(504), 1).await;
    client(&server, RetryPolicy::default())
        .request(&PUT)
        .json(&serde_json::json!({"name": "ünïcode", "n": [1, 2, 3]}))
        .send_empty()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    assert_eq!(
        received[1].headers["content-type"].to_str().unwrap(),
        "application/json"
    );
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(serde_json::json!({"message": "Service unavailable"})),
        )
        .mount(&server)
        .await;
    let err = client(&server, RetryPolicy::default().max_retries(2))
        .request(&GET)
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(request_count(&server).await, 3);
    assert_eq!(err.attempts(), 3);
    assert_eq!(
        err.to_string(),
        r#"getAgents: HTTP 503 Service Unavailable: "Service unavailable" (after 3 attempts)"#
    );
}

#[tokio::test]
async fn gives_up_rather_than_wait_past_max_elapsed() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "30"),
        1,
    )
    .await;
    let started = Instant::now();
    let err = client(
        &server,
        RetryPolicy::default().max_elapsed(Some(Duration::from_secs(2))),
    )
    .request(&GET)
    .send_empty()
    .await
    .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(400), 1).await;
    let err = client(&server, RetryPolicy::default())
        .request(&GET)
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn no_retries_means_one_attempt() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, ResponseTemplate::new(503), 1).await;
    let c = Client::builder("key")
        .base_url(server.uri())
        .no_retries()
        .build()
        .unwrap();
    assert!(c.request(&GET).send_empty().await.is_err());
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn timed_out_get_is_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
        1,
    )
    .await;
    let c = Client::builder("key")
        .base_url(server.uri())
        .timeout(Duration::from_millis(500))
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    c.request(&GET).send_empty().await.unwrap();
    assert_eq!(request_count(&server).await, 2);
}

/// The whole call within its deadline: attempts, backoff and rate-limit waits. A 1 s
/// attempt timeout with retries used to let a call run for three attempts and end with
/// "no answer"; with a 2.5 s deadline it ends at 2.5 s, as a timeout.
#[tokio::test]
async fn a_deadline_bounds_attempts_and_backoff_together() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server, RetryPolicy::default())
        .request(&GET)
        .options(|o| {
            o.timeout(Duration::from_secs(1))
                .deadline(Duration::from_millis(2_500))
        })
        .send_empty()
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(err.to_string().contains("deadline of 2.5s"), "{err}");
    assert!(err.attempts() >= 2, "{err}: {}", err.attempts());
    assert!(took >= Duration::from_millis(2_450), "{took:?}");
    assert!(took < Duration::from_millis(3_500), "{took:?}");
}

/// A backoff that would end after the deadline ends the call at once, naming the answer
/// that asked for it.
#[tokio::test]
async fn a_backoff_past_the_deadline_ends_the_call_now() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "5"),
        1,
    )
    .await;
    let started = Instant::now();
    let err = Client::builder("key")
        .base_url(server.uri())
        .deadline(Duration::from_secs(1))
        .build()
        .unwrap()
        .request(&GET)
        .send_empty()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(900));
    assert!(err.is_timeout(), "{err}");
    assert!(err.to_string().contains("503"), "{err}");
    assert_eq!((err.attempts(), request_count(&server).await), (1, 1));
}

/// Waiting for the rate limiter counts too: the second call of a one-a-second budget,
/// with a 300 ms deadline, never goes.
#[tokio::test]
async fn a_deadline_covers_the_rate_limit_wait() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::builder("key")
        .base_url(server.uri())
        .rate_limit(dixa_client::RateLimit::new(1.0, 1))
        .build()
        .unwrap();
    client.request(&GET).send_empty().await.unwrap();
    let started = Instant::now();
    let err = client
        .request(&GET)
        .options(|o| o.deadline(Duration::from_millis(300)))
        .send_empty()
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(err.to_string().contains("rate limiter"), "{err}");
    assert!(took < Duration::from_millis(600), "{took:?}");
    assert_eq!(request_count(&server).await, 1);
}
