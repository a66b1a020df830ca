//! Pagination against a local mock server: following `meta.next` to the end, loops, errors.

use std::time::Duration;

use dixa_client::runtime::{ErrorKind, Method, Operation, Page};
use dixa_client::{Client, RetryPolicy};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

static LIST: Operation = Operation::new("getEndusers", Method::Get, "/beta/endusers");
static SEARCH: Operation = Operation::new(
    "postSearchConversations",
    Method::Post,
    "/beta/search/conversations",
);

/// Shaped like a generated list output.
#[derive(Debug, Serialize, Deserialize)]
struct ListOutput {
    data: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    meta: Option<Links>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

impl Page for ListOutput {
    type Item = u32;
    fn into_items(self) -> Vec<u32> {
        self.data
    }
    fn next_link(&self) -> Option<&str> {
        self.meta.as_ref()?.next.as_deref()
    }
}

fn page(data: &[u32], next: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(ListOutput {
        data: data.to_vec(),
        meta: Some(Links {
            previous: Some("/beta/endusers?pageKey=prev".into()),
            next: next.map(str::to_owned),
        }),
    })
}

fn client(server: &MockServer) -> Client {
    Client::builder("key")
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap()
}

async fn mount_three_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/beta/endusers"))
        .and(query_param_is_missing("pageKey"))
        .respond_with(page(
            &[1, 2],
            Some("/beta/endusers?pageKey=k%2B2%3D&pageLimit=2"),
        ))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/endusers"))
        .and(query_param("pageKey", "k+2="))
        .respond_with(page(&[3, 4], Some("/beta/endusers?pageLimit=2&pageKey=k3")))
        .expect(1)
        .mount(server)
        .await;
    // The last page: no `meta` at all.
    Mock::given(method("GET"))
        .and(path("/beta/endusers"))
        .and(query_param("pageKey", "k3"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":[5]}"#))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn items_follow_meta_next_across_three_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;

    let items = client(&server)
        .request(&LIST)
        .query("pageLimit", &2)
        .query("email", "a b@example.com")
        .items::<ListOutput>()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items, [1, 2, 3, 4, 5]);

    // Every request keeps the other parameters; only `pageKey` changes.
    let received = server.received_requests().await.unwrap();
    let queries: Vec<_> = received
        .iter()
        .map(|r| r.url.query().unwrap_or(""))
        .collect();
    assert_eq!(
        queries,
        [
            "pageLimit=2&email=a%20b%40example.com",
            "pageLimit=2&email=a%20b%40example.com&pageKey=k%2B2%3D",
            "pageLimit=2&email=a%20b%40example.com&pageKey=k3",
        ]
    );
}

#[tokio::test]
async fn pages_one_at_a_time() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;

    let mut pages = client(&server)
        .request(&LIST)
        .query("pageLimit", &2)
        .pages::<ListOutput>();
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.data, [1, 2]);
    assert_eq!(first.next_page_key().as_deref(), Some("k+2="));
    // `Pages` is also a `futures::Stream`.
    let rest: Vec<_> = pages.map(|p| p.unwrap().data).collect().await;
    assert_eq!(rest, [vec![3, 4], vec![5]]);
}

#[tokio::test]
async fn a_given_page_key_starts_there() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("pageKey", "k3"))
        .respond_with(page(&[5], None))
        .expect(1)
        .mount(&server)
        .await;
    let items = client(&server)
        .request(&LIST)
        .query("pageKey", "k3")
        .items::<ListOutput>()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items, [5]);
}

#[tokio::test]
async fn an_empty_next_link_is_the_last_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("pageKey", "blank"))
        .respond_with(page(&[9], Some("")))
        .mount(&server)
        .await;
    let items = client(&server)
        .request(&LIST)
        .query("pageKey", "blank")
        .items::<ListOutput>()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items, [9]);
}

/// Issue 12: a page loop and a next link without a key used to end the stream as if it
/// were complete. Now the pages come, then an error saying why the stream stopped.
#[tokio::test]
async fn a_page_loop_is_an_error_after_the_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("pageKey"))
        .respond_with(page(&[1], Some("/beta/endusers?pageKey=again")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("pageKey", "again"))
        .respond_with(page(&[2], Some("/beta/endusers?pageKey=again")))
        .mount(&server)
        .await;

    let mut items = client(&server).request(&LIST).items::<ListOutput>();
    assert_eq!(items.next_item().await.unwrap().unwrap(), 1);
    assert_eq!(items.next_item().await.unwrap().unwrap(), 2);
    let err = items.next_item().await.unwrap().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Pagination(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        r#"getEndusers: pagination stopped: the next link repeats the pageKey "again" of an earlier page (a loop)"#
    );
    assert!(items.next_item().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_next_link_without_a_page_key_is_an_error_after_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(&[1, 2], Some("/beta/endusers?cursor=abc")))
        .mount(&server)
        .await;

    let err = client(&server)
        .request(&LIST)
        .items::<ListOutput>()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"getEndusers: pagination stopped: the next link "/beta/endusers?cursor=abc" has no pageKey"#
    );
    let mut pages = client(&server).request(&LIST).pages::<ListOutput>();
    assert!(pages.next_page().await.unwrap().is_ok());
    assert!(pages.next_page().await.unwrap().is_err());
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_good_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("pageKey"))
        .respond_with(page(&[1, 2], Some("/beta/endusers?pageKey=gone")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("pageKey", "gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"message": "Page expired"})),
        )
        .mount(&server)
        .await;

    let mut items = client(&server).request(&LIST).items::<ListOutput>();
    assert_eq!(items.next_item().await.unwrap().unwrap(), 1);
    assert_eq!(items.next_item().await.unwrap().unwrap(), 2);
    let err = items.next_item().await.unwrap().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"getEndusers: HTTP 404 Not Found: "Page expired""#
    );
    assert!(items.next_item().await.is_none());
}

#[tokio::test]
async fn paginated_post_resends_its_body_for_every_page() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"query": {"value": "refund"}});
    Mock::given(method("POST"))
        .and(path("/beta/search/conversations"))
        .and(query_param_is_missing("pageKey"))
        .and(body_json(&body))
        .respond_with(page(&[1], Some("/beta/search/conversations?pageKey=p2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/search/conversations"))
        .and(query_param("pageKey", "p2"))
        .and(body_json(&body))
        .respond_with(page(&[2], None))
        .expect(1)
        .mount(&server)
        .await;

    let items = client(&server)
        .request(&SEARCH)
        .json(&body)
        .items::<ListOutput>()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(items, [1, 2]);
}
