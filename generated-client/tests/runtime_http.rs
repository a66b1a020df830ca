//! The runtime against a local mock server: auth, parameter encoding, error mapping,
//! decode errors, timeouts, multipart.

use std::time::Duration;

use dixa_client::runtime::{ErrorKind, FilePart, Method, Multipart, Operation};
use dixa_client::{Client, RetryPolicy};
use serde::Deserialize;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_live_SECRET-4f1c2a";

static GET_AGENT: Operation =
    Operation::new("getAgentsAgentid", Method::Get, "/beta/agents/{agentId}");
static LIST: Operation = Operation::new("getSearchConversations", Method::Get, "/beta/search");
static TAG: Operation = Operation::new(
    "putConversationsConversationidTagsTagid",
    Method::Put,
    "/beta/conversations/{conversationId}/tags/{tagId}",
);

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.uri())
        .no_retries()
        .build()
        .unwrap()
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Anything(serde_json::Value);

#[tokio::test]
async fn api_key_is_sent_as_given_and_never_shown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/agents/a1"))
        .and(header("authorization", KEY))
        .and(header(
            "user-agent",
            concat!("dixa-client/", env!("CARGO_PKG_VERSION")),
        ))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "message": "Unauthorized"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let c = client(&server);
    let err = c
        .request(&GET_AGENT)
        .path_param("agentId", "a1")
        .send_json::<Anything>()
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(dixa_client::runtime::StatusCode::UNAUTHORIZED)
    );

    let received = server.received_requests().await.unwrap();
    let auth: Vec<_> = received[0]
        .headers
        .get_all("authorization")
        .iter()
        .collect();
    assert_eq!(auth, [KEY], "exactly once, no `Bearer ` prefix");

    for shown in [
        format!("{c:?}"),
        format!("{c:#?}"),
        format!("{:?}", Client::builder(KEY)),
        format!("{:?}", c.request(&GET_AGENT)),
        err.to_string(),
        format!("{err:?}"),
    ] {
        assert!(!shown.contains("SECRET"), "the API key leaked: {shown}");
    }
    assert!(format!("{c:?}").contains("<redacted>"));
}

#[tokio::test]
async fn unusable_api_keys_are_refused_without_quoting_them() {
    for key in ["", "  ", "SECRET\nline"] {
        let err = Client::new(key).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Config(_)), "{err:?}");
        let text = format!("{err} {err:?}");
        assert!(!text.contains("SECRET"), "{text}");
    }
}

#[tokio::test]
async fn query_values_are_encoded_and_none_is_omitted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/search"))
        .and(query_param("query", "hello wörld & co=1+1"))
        .and(query_param("exactMatch", "false"))
        .and(query_param_is_missing("pageKey"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;

    let id = uuid::Uuid::from_u128(0xabc);
    client(&server)
        .request(&LIST)
        .query("query", "hello wörld & co=1+1")
        .query("exactMatch", &false)
        .query("pageKey", &None::<String>)
        .query("pageLimit", &Some(50))
        .query("channel", &["Email", "Widget Chat"])
        .query("id", &id)
        .query("empty", &Vec::<String>::new())
        .send_empty()
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.query(),
        Some(
            format!(
                "query=hello%20w%C3%B6rld%20%26%20co%3D1%2B1&exactMatch=false&pageLimit=50\
                 &channel=Email&channel=Widget%20Chat&id={id}"
            )
            .as_str()
        )
    );
}

#[tokio::test]
async fn path_params_are_percent_encoded_segments() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    client(&server)
        .request(&TAG)
        .path_param("conversationId", &12345_i64)
        .path_param("tagId", "a/b c?d#e%f→")
        .send_empty()
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.path(),
        "/beta/conversations/12345/tags/a%2Fb%20c%3Fd%23e%25f%E2%86%92"
    );
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn documented_error_body_gives_status_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({ "message": "Agent not found" })),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .request(&GET_AGENT)
        .path_param("agentId", "missing")
        .send_json::<Anything>()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"getAgentsAgentid: HTTP 404 Not Found: "Agent not found""#
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.message(), Some("Agent not found"));
    assert_eq!(err.operation(), Some("getAgentsAgentid"));
    assert!(err.is_not_found() && !err.is_timeout() && !err.is_decode());
    assert_eq!(
        err.body_text().as_deref(),
        Some(r#"{"message":"Agent not found"}"#)
    );
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn undocumented_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    let html = format!(
        "<html>\n<body>Bad gateway {}</body></html>",
        "x".repeat(500)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string(html.clone()))
        .mount(&server)
        .await;

    let err = client(&server)
        .request(&GET_AGENT)
        .path_param("agentId", "a")
        .send_empty()
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.starts_with("getAgentsAgentid: HTTP 500 Internal Server Error: <html>\\n<body>Bad"),
        "{shown}"
    );
    assert!(shown.len() < 300 && !shown.contains('\n'), "{shown}");
    assert_eq!(err.message(), None);
    assert_eq!(err.body_text().as_deref(), Some(html.as_str()));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Listing {
    data: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    id: String,
    attributes: Attributes,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Attributes {
    #[serde(rename = "_type")]
    kind: String,
}

#[tokio::test]
async fn decode_errors_name_the_json_path_and_show_an_excerpt() {
    let server = MockServer::start().await;
    let good = r#"{"id":"x","attributes":{"_type":"Email","padding":"ééééééééééééééééééééééééééééééééééééééééé"}}"#;
    let body = format!(
        r#"{{"data":[{good},{good},{good},{{"id":"bad","attributes":{{"_type":42,"tail":"{}"}}}}]}}"#,
        "ü".repeat(200)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;

    let err = client(&server)
        .request(&LIST)
        .send_json::<Listing>()
        .await
        .unwrap_err();
    assert!(err.is_decode());
    assert_eq!(err.json_path(), Some("data[3].attributes._type"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "getSearchConversations: response body does not match the description at \
             data[3].attributes._type (status 200): invalid type: integer `42`, expected a string"
        ),
        "{shown}"
    );
    assert!(shown.contains(r#""_type":42"#), "{shown}");
    assert!(shown.len() < 400, "the excerpt is bounded: {}", shown.len());
    let ErrorKind::Decode { excerpt, .. } = err.kind() else {
        panic!("{err:?}")
    };
    assert!(
        excerpt.starts_with('…') && excerpt.ends_with('…'),
        "{excerpt}"
    );
    assert_eq!(err.body().map(<[u8]>::len), Some(body.len()));
}

#[tokio::test]
async fn empty_or_trailing_bodies_are_decode_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/agents/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/agents/trailing"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":[]} junk"#))
        .mount(&server)
        .await;

    let c = client(&server);
    for (id, reason) in [
        ("empty", "EOF while parsing"),
        ("trailing", "trailing characters"),
    ] {
        let err = c
            .request(&GET_AGENT)
            .path_param("agentId", id)
            .send_json::<Listing>()
            .await
            .unwrap_err();
        assert!(err.is_decode(), "{err:?}");
        assert!(err.to_string().contains(reason), "{err}");
    }
}

#[tokio::test]
async fn timeouts_name_the_operation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;

    let c = Client::builder(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .no_retries()
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = c
        .request(&GET_AGENT)
        .path_param("agentId", "slow")
        .send_empty()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.is_timeout() && err.is_transport(), "{err:?}");
    assert_eq!(err.status(), None);
    let shown = err.to_string();
    assert!(
        shown.starts_with("getAgentsAgentid: request timed out"),
        "{shown}"
    );
    assert!(!shown.contains("SECRET"));
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn connection_failures_are_connect_errors() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::builder(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(1)
                .base_delay(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = c
        .request(&GET_AGENT)
        .path_param("agentId", "a")
        .send_empty()
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), 2, "connect errors are retried");
    let shown = err.to_string();
    assert!(
        shown.starts_with("getAgentsAgentid: could not connect"),
        "{shown}"
    );
    assert!(shown.ends_with("(after 2 attempts)"), "{shown}");
}

#[tokio::test]
async fn multipart_files_are_sent_as_form_data() {
    static UPLOAD: Operation = Operation::new(
        "postKnowledgeArticlesAttachments",
        Method::Post,
        "/beta/knowledge/articles/attachments",
    );
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":[]}"#))
        .mount(&server)
        .await;

    let form = Multipart::new().files(
        "files",
        [
            FilePart::new("one.txt", &b"first file"[..]).content_type("text/plain"),
            FilePart::new("two.bin", vec![0u8, 159, 146, 150]),
        ],
    );
    client(&server)
        .request(&UPLOAD)
        .multipart(&form)
        .send_empty()
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let ct = received[0].headers["content-type"].to_str().unwrap();
    let boundary = ct.strip_prefix("multipart/form-data; boundary=").expect(ct);
    let body = &received[0].body;
    assert_eq!(
        received[0].headers["content-length"].to_str().unwrap(),
        body.len().to_string()
    );
    let text = String::from_utf8_lossy(body);
    assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 2);
    assert!(text.contains(
        "Content-Disposition: form-data; name=\"files\"; filename=\"one.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nfirst file\r\n"
    ));
    assert!(text.contains("filename=\"two.bin\"\r\nContent-Type: application/octet-stream"));
    assert!(body.windows(4).any(|w| w == [0u8, 159, 146, 150]));
    assert!(text.ends_with(&format!("--{boundary}--\r\n")));
}

#[tokio::test]
async fn response_keeps_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header("x-ratelimit-remaining", "3")
                .set_body_string(r#"{"ok":true}"#),
        )
        .mount(&server)
        .await;

    let resp = client(&server)
        .request(&LIST)
        .send_json_with_response::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 202);
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "3");
    assert_eq!(resp.into_body(), serde_json::json!({"ok": true}));
}

#[tokio::test]
async fn default_headers_go_with_every_request_and_may_replace_the_clients_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/agents/a1"))
        .and(header("authorization", KEY))
        .and(header("prefer", "code=404"))
        .and(header("user-agent", "my-app/1.0"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(2)
        .mount(&server)
        .await;

    let c = Client::builder(KEY)
        .base_url(server.uri())
        .default_header("Prefer", "code=404")
        .default_header("User-Agent", "my-app/1.0")
        .no_retries()
        .build()
        .unwrap();
    for _ in 0..2 {
        c.request(&GET_AGENT)
            .path_param("agentId", "a1")
            .send_json::<Anything>()
            .await
            .unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    let agents: Vec<_> = requests[0].headers.get_all("user-agent").iter().collect();
    assert_eq!(agents.len(), 1, "the default replaces the client's own");
}
