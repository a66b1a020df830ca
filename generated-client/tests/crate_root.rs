//! What a user reaches from the crate root, without naming `dixa_client::runtime` or adding
//! a dependency of their own: the types they touch and the crates in the API's signatures.
//! Each test is a small example of one of them; none needs a network.

use std::time::Duration;

use dixa_client::uuid::Uuid;
use dixa_client::{
    CallOptions, Client, DateTime, Error, ErrorKind, FilePart, HeaderMap, Items, Page, Pages,
    RateLimit, RateLimiter, ResponseFuture, RetryPolicy, StatusCode,
};

#[test]
fn uuid_new_v4_works_through_the_re_exported_crate() {
    // `dixa_client::uuid` has the `v4` feature: a fresh id for a request body or a test.
    let id = Uuid::new_v4();
    assert_eq!(id.get_version_num(), 4);
    assert_ne!(id, Uuid::new_v4());
}

#[test]
fn a_client_is_built_from_root_types_and_a_reqwest_client_of_the_re_exported_crate() {
    let http = dixa_client::reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a reqwest client");
    let limiter = RateLimiter::new(RateLimit::dixa_default());
    let client = Client::builder("an-api-key")
        .reqwest_client(http)
        .rate_limiter(limiter.clone())
        .retry_policy(RetryPolicy::default().max_retries(2))
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), dixa_client::runtime::DEFAULT_BASE_URL);

    // Options for every call of a view of the client, or for one call (`.options(..)`).
    let quick = client.with_options(|o: CallOptions| o.timeout(Duration::from_secs(2)));
    assert!(format!("{:?}", quick.options()).contains("2s"));
}

#[test]
fn a_file_part_takes_bytes_of_the_re_exported_crate() {
    let png = dixa_client::bytes::Bytes::from_static(b"\x89PNG...");
    let file = FilePart::new("logo.png", png.clone()).content_type("image/png");
    assert_eq!(file.file_name(), "logo.png");
    assert_eq!(file.data(), &png);
}

#[test]
fn a_page_gives_its_items_as_a_vec() {
    use dixa_client::v1::models::ListAgentsOutput;

    let page: ListAgentsOutput = dixa_client::serde_json::from_str(
        r#"{"data": [{"id": "6a2b7d1e-5c2f-4c8a-9a43-0c6f3f2d1b7e", "createdAt": "2025-03-01T10:00:00Z",
                      "displayName": "Jane Doe", "email": "jane@example.com"}],
            "meta": {"next": "/v1/agents?pageKey=abc%3D&pageLimit=1"}}"#,
    )
    .expect("a page");
    assert_eq!(page.next_page_key().as_deref(), Some("abc="));
    let agents = page.into_items(); // Vec<Agent>: no `Option` to unwrap
    assert_eq!(agents[0].display_name, "Jane Doe");

    // A page without `data` has no items.
    let empty: ListAgentsOutput = dixa_client::serde_json::from_str("{}").expect("a page");
    assert_eq!(empty.next_page_key(), None);
    assert!(empty.into_items().is_empty());
}

#[test]
fn date_times_give_a_jiff_timestamp_of_the_re_exported_crate() {
    let at: DateTime = dixa_client::serde_json::from_str(r#""2025-03-01T10:00:00Z[GMT]""#)
        .expect("Dixa's zoned form");
    let timestamp: dixa_client::jiff::Timestamp = at.timestamp();
    assert_eq!(timestamp.as_second(), 1_740_823_200);
}

#[test]
fn http_types_come_from_the_crate_root() {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "abc".parse().expect("a header value"));
    assert_eq!(headers["x-request-id"], "abc");
    assert_eq!(StatusCode::NOT_FOUND.as_u16(), 404);
}

/// The names a caller writes in signatures of their own, all from the crate root.
#[allow(dead_code)]
fn signatures(
    _pages: Pages<dixa_client::v1::models::ListAgentsOutput>,
    _items: Items<dixa_client::v1::models::Agent>,
    _call: ResponseFuture<dixa_client::v1::models::AgentOutput>,
    error: Error,
) -> Option<StatusCode> {
    match error.kind() {
        ErrorKind::Status { status, .. } => Some(*status),
        _ => error.status(),
    }
}
