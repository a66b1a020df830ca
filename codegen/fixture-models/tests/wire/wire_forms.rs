//! The code generated for `codegen/tests/fixtures/wire_forms.yaml`, against a local
//! server: each wire form as the bytes the server sees or sends.

use dixa_fixture_models::wire_forms::Note;
use dixa_fixture_models::wire_forms_operations::Client;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let client = dixa_client::Client::builder("test-key")
        .base_url(server.uri())
        .no_retries()
        .build()
        .expect("a client");
    Client(client)
}

#[tokio::test]
async fn header_parameters_are_sent_and_an_unexploded_array_is_one_comma_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .and(header("X-Request-Id", "req-1"))
        .and(header("X-Trace", "42"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"title": "t", "due": null})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let note = client(&server)
        .fixture()
        .notes()
        .get(vec!["a,1".into(), "b".into()], "req-1")
        .tags(vec!["x".into(), "y".into()])
        .x_trace(42)
        .await
        .expect("the server answers");
    assert_eq!(note.due, None);

    let requests: Vec<Request> = server.received_requests().await.expect("recorded");
    // `explode: false` gives one `ids`, elements separated by bare commas (a comma inside
    // an element is encoded); `tags` keeps the default, one key per element.
    assert_eq!(requests[0].url.query(), Some("tags=x&tags=y&ids=a%2C1,b"));
}

#[tokio::test]
async fn an_absent_optional_header_parameter_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"title": "t", "due": "d"})),
        )
        .mount(&server)
        .await;

    client(&server)
        .fixture()
        .notes()
        .get(vec!["a".into()], "req-2")
        .await
        .expect("the server answers");
    let requests: Vec<Request> = server.received_requests().await.expect("recorded");
    assert!(requests[0].headers.get("X-Trace").is_none());
    assert_eq!(requests[0].headers["X-Request-Id"], "req-2");
}

#[tokio::test]
async fn a_required_nullable_property_sends_null_for_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(body_json(
            serde_json::json!({"title": "call back", "due": null}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    // `due` is required and nullable: `new` takes it, `None` sends `null`.
    let note = Note::new("call back", None);
    client(&server)
        .fixture()
        .notes()
        .create(note)
        .await
        .expect("the server accepts the body with `due: null`");
}

#[tokio::test]
async fn an_octet_stream_answer_returns_its_bytes() {
    let bytes: &[u8] = b"%PDF-1.7\x00\xff binary";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/n1/export"))
        // A file answer asks for anything, not for JSON.
        .and(header("accept", "*/*"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(bytes.to_vec(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = client(&server)
        .fixture()
        .notes()
        .get_export("n1")
        .await
        .expect("the server answers");
    assert_eq!(&body[..], bytes);
}
