//! Per-call options and request ids, written the way a user of `dixa-client` tests their
//! own code: through `dixa_client::testing` (the `testing` feature), with no network.

use std::time::Duration;

use dixa_client::runtime::{DEFAULT_REQUEST_ID_HEADER, TransportErrorKind};
use dixa_client::testing::{Answer, TestTransport};
use dixa_client::{Client, RetryPolicy};
use serde_json::json;

const AGENT_ID: &str = "0b4d1a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

fn agent() -> serde_json::Value {
    json!({"data": {
        "id": AGENT_ID,
        "createdAt": "2024-01-02T03:04:05Z",
        "displayName": "Ada",
        "email": "ada@example.com"
    }})
}

/// Code under test: a program's own function that calls Dixa.
async fn display_name(client: &Client) -> Result<String, dixa_client::Error> {
    let agent = client
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await?;
    Ok(agent.data.display_name)
}

#[tokio::test(start_paused = true)]
async fn answers_come_in_order_and_retries_use_them() {
    let dixa = TestTransport::new();
    dixa.answer("getAgentsAgentid", Answer::status(503))
        .answer("getAgentsAgentid", Answer::json(200, agent()));

    assert_eq!(display_name(&dixa.client()).await.unwrap(), "Ada");

    let sent = dixa.requests_for("getAgentsAgentid");
    assert_eq!(sent.len(), 2, "one retry after the 503");
    assert_eq!(sent[0].path(), format!("/beta/agents/{AGENT_ID}"));
    assert_eq!((sent[0].attempt, sent[1].attempt), (1, 2));
    assert!(dixa.unused_answers().is_empty());
}

#[tokio::test(start_paused = true)]
async fn one_call_gets_a_header_a_timeout_and_no_retries_the_next_is_unchanged() {
    let dixa = TestTransport::new();
    let client = Client::builder("key")
        .default_header("Prefer", "code=200")
        .transport(dixa.clone())
        .build()
        .unwrap();
    dixa.answer(
        "getAgentsAgentid",
        Answer::json(200, agent()).delay(Duration::from_secs(3)),
    )
    .answer("getAgentsAgentid", Answer::status(503))
    .answer("getAgentsAgentid", Answer::json(200, agent()));

    let err = client
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .options(|o| {
            o.header("Prefer", "code=404")
                .timeout(Duration::from_secs(1))
                .no_retries()
        })
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(err.attempts(), 1);

    // The next call has the client's settings: 30 s timeout, retries, its own header.
    let agent = client
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(agent.data.display_name, "Ada");

    let sent = dixa.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        sent[0].header("prefer"),
        Some("code=404"),
        "replaces the default"
    );
    assert_eq!(sent[0].headers.get_all("prefer").iter().count(), 1);
    assert_eq!(sent[1].header("prefer"), Some("code=200"));
    assert_eq!(sent[2].header("prefer"), Some("code=200"));
}

#[tokio::test(start_paused = true)]
async fn idempotency_decision_lets_a_post_be_retried() {
    let dixa = TestTransport::new();
    let search = |dixa: &TestTransport, idempotent: bool| {
        let client = dixa.client();
        async move {
            client
                .beta()
                .search()
                .conversations_with_filters()
                .options(|o| o.idempotent(idempotent))
                .await
        }
    };
    dixa.answer("postSearchConversations", Answer::status(502))
        .answer(
            "postSearchConversations",
            Answer::json(200, json!({"data": []})),
        );
    search(&dixa, true).await.unwrap();
    assert_eq!(dixa.requests().len(), 2);

    dixa.answer("postSearchConversations", Answer::status(502));
    let err = search(&dixa, false).await.unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.attempts()),
        (Some(502), 1)
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_policy_for_one_call() {
    let dixa = TestTransport::new();
    for _ in 0..3 {
        dixa.answer(
            "getAgentsAgentid",
            Answer::failure(TransportErrorKind::Connect),
        );
    }
    let err = dixa
        .client()
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .options(|o| o.retry_policy(RetryPolicy::default().max_retries(1)))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err}");
    assert_eq!(err.attempts(), 2);
    assert_eq!(dixa.unused_answers(), [("getAgentsAgentid".to_owned(), 1)]);
}

#[tokio::test(start_paused = true)]
async fn every_attempt_carries_the_same_request_id_and_the_servers_is_kept() {
    let dixa = TestTransport::new();
    dixa.answer("getAgentsAgentid", Answer::status(503)).answer(
        "getAgentsAgentid",
        Answer::json(404, json!({"message": "Agent not found"}))
            .header("x-amzn-requestid", "server-side-7"),
    );
    let err = display_name(&dixa.client()).await.unwrap_err();

    let sent = dixa.requests();
    let ids: Vec<_> = sent
        .iter()
        .map(|r| r.header(DEFAULT_REQUEST_ID_HEADER).unwrap().to_owned())
        .collect();
    assert_eq!(ids[0], ids[1], "retries resend the call's id");
    assert_eq!(err.client_request_id(), Some(ids[0].as_str()));
    assert_eq!(err.request_id(), Some("server-side-7"));
    assert_eq!(err.message(), Some("Agent not found"));

    // A second call gets a new id.
    dixa.answer(
        "getAgentsAgentid",
        Answer::json(200, agent()).header("x-request-id", "echo"),
    );
    let response = dixa
        .client()
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("echo"));
    assert_ne!(
        dixa.requests()[2].header("x-request-id"),
        Some(ids[0].as_str())
    );
}

#[tokio::test]
async fn request_ids_can_be_chosen_renamed_or_switched_off() {
    let dixa = TestTransport::new();
    let named = Client::builder("key")
        .request_id_header(Some("X-Correlation-Id"))
        .transport(dixa.clone())
        .build()
        .unwrap();
    let off = Client::builder("key")
        .request_id_header(None)
        .transport(dixa.clone())
        .build()
        .unwrap();
    dixa.answer("getAgentsAgentid", Answer::json(200, agent()))
        .answer("getAgentsAgentid", Answer::json(200, agent()));

    named
        .beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .options(|o| o.request_id("incoming-42"))
        .await
        .unwrap();
    off.beta()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();

    let sent = dixa.requests();
    assert_eq!(sent[0].header("x-correlation-id"), Some("incoming-42"));
    assert_eq!(sent[0].header("x-request-id"), None);
    assert_eq!(sent[1].header("x-request-id"), None);
    assert_eq!(sent[1].header("x-correlation-id"), None);
}

#[tokio::test]
async fn bad_options_fail_the_call_before_sending_without_quoting_values() {
    let dixa = TestTransport::new();
    let err = dixa
        .client()
        .beta()
        .agents()
        .list()
        .options(|o| o.header("X-Token", "sec\nret"))
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.starts_with("getAgents: invalid request: header `x-token`"),
        "{shown}"
    );
    assert!(!shown.contains("sec"), "{shown}");
    assert!(dixa.requests().is_empty());
}

#[tokio::test]
async fn path_ids_that_would_name_another_resource_fail_before_sending() {
    let dixa = TestTransport::new();
    let client = dixa.client();
    for id in ["..", ".", ""] {
        // `/v1/contact-endpoints/..` would be resolved to `/v1/`, and an empty id would
        // list the endpoints instead of getting one.
        let err = client.v1().contact_endpoints().get(id).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "getContact-endpointsContactendpointid: invalid request: path parameter \
                 `contactEndpointId` is {id:?}, which is not an id"
            )
        );
    }
    assert!(dixa.requests().is_empty());
}

#[tokio::test]
async fn a_call_without_an_answer_fails_naming_the_operation() {
    let dixa = TestTransport::new();
    let err = dixa.client().beta().agents().list().await.unwrap_err();
    assert!(err.is_transport() && !err.is_connect(), "{err:?}");
    assert!(
        err.to_string().contains("no answer left for `getAgents`"),
        "{err}"
    );
    assert_eq!(err.attempts(), 1, "not retried");
}

#[tokio::test]
async fn options_apply_to_every_page() {
    let dixa = TestTransport::new();
    dixa.answer(
        "getAgents",
        Answer::json(
            200,
            json!({"data": [], "meta": {"next": "/beta/agents?pageKey=p2"}}),
        ),
    )
    .answer("getAgents", Answer::json(200, json!({"data": []})));
    let pages = dixa
        .client()
        .beta()
        .agents()
        .list()
        .options(|o| o.header("Prefer", "code=200"))
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let sent = dixa.requests();
    assert_eq!(sent[1].query_value("pageKey").as_deref(), Some("p2"));
    assert!(sent.iter().all(|r| r.header("prefer") == Some("code=200")));
}
