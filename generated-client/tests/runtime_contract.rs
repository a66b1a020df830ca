//! The contract between the code generator and the runtime (the docs of the doc-hidden
//! `dixa_client::__private`, in src/runtime/private.rs), checked on the code the generator
//! actually emits.
//!
//! Each test drives real generated builders of one shape (a path parameter, optional query
//! parameters, pagination, a required and an optional JSON body, a 204 answer, a multipart
//! upload) against a mock server. `the_docs_name_every_runtime_call_of_the_generated_code`
//! reads `src/generated/beta/operations.rs` and fails when the generator starts calling a part of
//! the runtime that the documented contract does not list.

use std::collections::BTreeSet;

use dixa_client::Client;
use dixa_client::beta::models;
use dixa_client::runtime::FilePart;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "contract-test-key";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(server.uri()).build().unwrap()
}

fn agent_json(n: u128, name: &str) -> serde_json::Value {
    json!({
        "id": uuid::Uuid::from_u128(n),
        "createdAt": "2024-01-02T03:04:05Z",
        "displayName": name,
        "email": format!("{name}@example.com"),
    })
}

fn names(agents: &[models::Agent]) -> Vec<&str> {
    agents.iter().map(|a| a.display_name.as_str()).collect()
}

#[tokio::test]
async fn get_with_a_path_parameter() {
    let server = MockServer::start().await;
    let id = uuid::Uuid::from_u128(7);
    Mock::given(method("GET"))
        .and(path(format!("/beta/agents/{id}")))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "r-1")
                .set_body_json(json!({ "data": agent_json(7, "ada") })),
        )
        .expect(3)
        .mount(&server)
        .await;

    let c = client(&server);
    // `.await` on the builder (IntoFuture), `send()` and `send_with_response()`.
    let out: models::AgentOutput = c.beta().agents().get(id).await.unwrap();
    assert_eq!(out.data.display_name, "ada");
    assert_eq!(c.beta().agents().get(id).send().await.unwrap(), out);
    let resp = c
        .beta()
        .agents()
        .get(id)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["x-request-id"], "r-1");
    assert_eq!(resp.into_body(), out);

    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["authorization"], KEY);
    assert_eq!(sent.headers["accept"], "application/json");
}

#[tokio::test]
async fn optional_query_parameters_and_pagination() {
    let server = MockServer::start().await;
    let page = |items: serde_json::Value, next: Option<&str>| {
        ResponseTemplate::new(200).set_body_json(json!({ "data": items, "meta": { "next": next } }))
    };
    Mock::given(method("GET"))
        .and(path("/beta/agents"))
        .and(query_param("pageLimit", "2"))
        .and(query_param("email", "a+b@example.com"))
        .and(query_param_is_missing("phone"))
        .and(query_param_is_missing("pageKey"))
        .respond_with(page(
            json!([agent_json(1, "a"), agent_json(2, "b")]),
            Some("/beta/agents?pageKey=k%3D2&pageLimit=2"),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/agents"))
        .and(query_param("pageLimit", "2"))
        .and(query_param("email", "a+b@example.com"))
        .and(query_param("pageKey", "k=2"))
        .respond_with(page(json!([agent_json(3, "c")]), None))
        .mount(&server)
        .await;

    let c = client(&server);
    let list = || {
        c.beta()
            .agents()
            .list()
            .page_limit(2)
            .email("a+b@example.com")
    };

    let first = list().await.unwrap();
    assert_eq!(names(first.data.as_deref().unwrap()), ["a", "b"]);
    let next_key = dixa_client::runtime::Page::next_page_key(&first).unwrap();
    assert_eq!(next_key, "k=2");
    let second = list().page_key(next_key).await.unwrap();
    assert_eq!(names(second.data.as_deref().unwrap()), ["c"]);

    let pages = list().pages().collect_all().await.unwrap();
    assert_eq!(pages, [first, second]);
    let items = list().items().collect_all().await.unwrap();
    assert_eq!(names(&items), ["a", "b", "c"]);
}

#[tokio::test]
async fn required_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/agents"))
        .and(body_json(
            json!({ "displayName": "grace", "email": "grace@example.com" }),
        ))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({ "data": agent_json(1, "grace") })),
        )
        .expect(1)
        .mount(&server)
        .await;

    // Models with many optional fields are easiest made from their JSON.
    let input: models::CreateAgentInput =
        serde_json::from_value(json!({ "displayName": "grace", "email": "grace@example.com" }))
            .unwrap();
    let out = client(&server).beta().agents().create(input).await.unwrap();
    assert_eq!(out.data.display_name, "grace");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["content-type"], "application/json");
}

#[tokio::test]
async fn optional_json_body_is_omitted_when_not_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/beta/agents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .expect(2)
        .mount(&server)
        .await;

    let c = client(&server);
    c.beta().agents().patch_bulk().await.unwrap();
    let patch: models::BulkPatchAgentInput =
        serde_json::from_value(json!({ "id": "a-1", "displayName": "renamed" })).unwrap();
    c.beta()
        .agents()
        .patch_bulk()
        .body(vec![patch])
        .await
        .unwrap();

    let sent = server.received_requests().await.unwrap();
    assert!(sent[0].body.is_empty());
    assert!(!sent[0].headers.contains_key("content-type"));
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(body, json!([{ "id": "a-1", "displayName": "renamed" }]));
}

#[tokio::test]
async fn empty_answer() {
    let server = MockServer::start().await;
    let id = uuid::Uuid::from_u128(9);
    Mock::given(method("DELETE"))
        .and(path(format!("/beta/agents/{id}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;

    let c = client(&server);
    let () = c.beta().agents().delete(id).await.unwrap();
    let resp = c
        .beta()
        .agents()
        .delete(id)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
}

#[tokio::test]
async fn multipart_upload() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/knowledge/articles/attachments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{ "originalFilename": "a.png", "url": "https://files.example/a.png" }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let files =
        vec![FilePart::new("a.png", vec![0x89, b'P', b'N', b'G']).content_type("image/png")];
    let out = client(&server)
        .beta()
        .knowledge()
        .upload_article_attachments()
        .files(files)
        .await
        .unwrap();
    assert_eq!(out.data.unwrap()[0].url, "https://files.example/a.png");

    let sent = &server.received_requests().await.unwrap()[0];
    let content_type = sent.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&sent.body);
    assert!(
        body.contains("name=\"files\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"),
        "{body}"
    );
}

const GENERATED_OPERATIONS: &str = include_str!("../src/generated/beta/operations.rs");
const RUNTIME_DOCS: &str = include_str!("../src/runtime/private.rs");

/// Method calls of the generated code that are the standard library's or the builder's own,
/// not the runtime's.
const NOT_RUNTIME: &[&str] = &[
    "as_deref",
    "as_ref",
    "clone",
    "into",
    "send",
    "unwrap_or_default",
];

#[test]
fn the_docs_name_every_runtime_call_of_the_generated_code() {
    let contract = RUNTIME_DOCS
        .split("```text")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect(
            "runtime/private.rs (dixa_client::__private) documents the contract in a ```text block",
        );

    let runtime_paths = words_after(GENERATED_OPERATIONS, "rt::");
    assert!(runtime_paths.contains("Operation"), "{runtime_paths:?}");
    let undocumented: Vec<_> = runtime_paths
        .iter()
        .filter(|name| !contract.contains(&format!("rt::{name}")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "the generated code uses rt::{undocumented:?}, which the contract in runtime/private.rs does not list"
    );

    let methods = words_after(GENERATED_OPERATIONS, ".");
    assert!(methods.contains("path_param"), "{methods:?}");
    let undocumented: Vec<_> = methods
        .iter()
        .filter(|name| !NOT_RUNTIME.contains(&name.as_str()))
        .filter(|name| {
            !contract.contains(&format!("{name}(")) && !contract.contains(&format!("{name}<"))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "the generated code calls {undocumented:?}, which the contract in runtime/private.rs does not list"
    );

    for macro_call in words_after(GENERATED_OPERATIONS, "crate::") {
        if GENERATED_OPERATIONS.contains(&format!("crate::{macro_call}!")) {
            assert!(
                contract.contains(&format!("crate::{macro_call}!")),
                "the generated code calls crate::{macro_call}!, which the contract does not list"
            );
        }
    }
}

/// Every identifier that follows `prefix` in the code, comments left out (for `.`: only
/// calls). Strings are not left out: a false hit only makes the check stricter.
fn words_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| [line, "\n"])
        .collect();
    code.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &code[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let is_call = rest[end..].starts_with('(') || rest[end..].starts_with("::<");
            let wanted = if prefix == "." { is_call } else { true };
            (wanted && word.starts_with(|c: char| c.is_ascii_alphabetic())).then(|| word.to_owned())
        })
        .collect()
}

/// `dixa_client::__private` names the generator machinery under one unstable path, as
/// aliases of the paths the generated code uses (`crate::runtime::...`, `crate::struct_serde!`).
#[test]
fn the_private_path_aliases_the_machinery() {
    use dixa_client::__private::{self as private, Method, Operation};

    static LIST_TAGS: Operation = Operation::new("getTags", Method::Get, "/v1/tags");
    let request: private::Request = Client::new(KEY).unwrap().request(&LIST_TAGS);
    let _: dixa_client::runtime::Request = request;
    let _: private::Multipart = dixa_client::runtime::Multipart::new();
    assert_eq!(private::TAG_KEY, dixa_client::runtime::wire::TAG_KEY);

    #[derive(Debug, PartialEq)]
    struct Tag {
        name: String,
        colour: Option<String>,
    }
    dixa_client::__private::struct_serde!(Tag, required(name, "name"), optional(colour, "colour"));
    let tag: Tag = serde_json::from_str(r#"{"name": "vip", "other": 1}"#).unwrap();
    assert_eq!(
        tag,
        Tag {
            name: "vip".into(),
            colour: None
        }
    );
}
