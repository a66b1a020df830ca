//! The code generated for `codegen/tests/fixtures/openapi31.yaml` (an OpenAPI 3.1
//! description), against a local server: `const` and `type: [T, "null"]` as the bytes the
//! server sees, and an answer decoded.

use dixa_fixture_models::openapi31::{CreateNoteInput, CreateNoteInputKind, NoteKind};
use dixa_fixture_models::openapi31_operations::Client;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let client = dixa_client::Client::builder("test-key")
        .base_url(server.uri())
        .no_retries()
        .build()
        .expect("a client");
    Client(client)
}

#[tokio::test]
async fn const_is_sent_as_its_value_and_a_required_null_type_as_null() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(body_json(
            serde_json::json!({"kind": "note", "text": "call back", "due": null}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "n1", "kind": "note", "text": "call back", "due": "2025-01-01T00:00:00Z",
            "author": {"name": null}
        })))
        .expect(1)
        .mount(&server)
        .await;

    // `due` is `type: [string, "null"]` and required: `new` takes it, `None` sends `null`.
    let input = CreateNoteInput::new(CreateNoteInputKind::Note, "call back", None);
    let note = client(&server)
        .fixture()
        .notes()
        .create(input)
        .await
        .expect("the server accepts the body and its answer decodes");
    assert_eq!(note.kind, NoteKind::Note);
    assert_eq!(
        note.due.as_ref().map(|d| d.as_str()),
        Some("2025-01-01T00:00:00Z")
    );
    assert_eq!(note.author.and_then(|a| a.name), None);
}

#[tokio::test]
async fn a_value_beside_const_is_kept_not_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": "n2", "kind": "reminder", "text": "pay"
        })))
        .mount(&server)
        .await;

    let input = CreateNoteInput::new(CreateNoteInputKind::Note, "pay", None);
    let note = client(&server)
        .fixture()
        .notes()
        .create(input)
        .await
        .expect("a kind Dixa adds later decodes");
    assert_eq!(note.kind, NoteKind::Unknown("reminder".into()));
}
