//! The runtime against servers that misbehave on purpose (issue 12): bodies that never end,
//! lie about their length or stop half-way, and error texts of any size.
//!
//! Servers that wiremock cannot imitate (a body that never ends or is cut short) are a few
//! lines of `std::net` below: one thread, one scripted answer per connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dixa_client::Client;
use dixa_client::runtime::{
    ErrorKind, HeaderMap, HttpRequest, Method, Operation, StatusCode, Transport, TransportError,
    TransportFuture,
};
use dixa_client::testing::{Answer, TestTransport};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "hostile-test-key";

static GET_THINGS: Operation = Operation::new("getThings", Method::Get, "/beta/things");

/// A server on 127.0.0.1 that reads each request and lets `answer` write the reply on the
/// raw socket; `answer` gets the connection's number (0, 1, ...). Returns the base URL and
/// the count of connections served.
fn raw_server(
    answer: impl Fn(usize, &mut TcpStream) + Send + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let n = count.fetch_add(1, Ordering::SeqCst);
            if read_request(&mut stream).is_ok() {
                answer(n, &mut stream);
            }
            // Dropping the stream closes the connection: one request per connection.
        }
    });
    (url, served)
}

/// Reads the request head and its `Content-Length` body.
fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut content_length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    reader.read_exact(&mut vec![0; content_length])
}

fn head(status: &str, extra: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n{extra}\r\n"
    )
}

fn client(base_url: &str) -> Client {
    Client::builder(KEY)
        .base_url(base_url)
        .timeout(Duration::from_secs(20))
        .no_retries()
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_body_that_never_ends_stops_at_the_limit() {
    let (url, _) = raw_server(|_, stream| {
        let _ = stream.write_all(head("200 OK", "Transfer-Encoding: chunked\r\n").as_bytes());
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "[".repeat(64 * 1024));
        // Until the client hangs up.
        while stream.write_all(chunk.as_bytes()).is_ok() {}
    });
    let client = Client::builder(KEY)
        .base_url(&url)
        .max_body_size(1024 * 1024)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let err = client
        .request(&GET_THINGS)
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::BodyTooLarge {
                limit: 1048576,
                content_length: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(
        err.to_string(),
        "getThings: the answer's body (HTTP 200) is larger than the client's limit of \
         1048576 bytes; raise it with ClientBuilder::max_body_size"
    );
    assert_eq!(err.attempts(), 1, "too large is not retried");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    // Declares 10 GB and sends nothing: only Content-Length can tell.
    let (url, _) = raw_server(|_, stream| {
        let _ = stream.write_all(head("200 OK", "Content-Length: 10000000000\r\n").as_bytes());
        std::thread::sleep(Duration::from_secs(30));
    });
    let err = client(&url)
        .request(&GET_THINGS)
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::BodyTooLarge {
                content_length: Some(10_000_000_000),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("Content-Length 10000000000"),
        "{err}"
    );
    assert!(err.to_string().contains("67108864 bytes"), "{err}");
}

#[tokio::test]
async fn errors_keep_a_bounded_prefix_of_a_large_body() {
    let server = MockServer::start().await;
    let big = format!("{{\"detail\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string(big.clone()))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let err = c.request(&GET_THINGS).send_empty().await.unwrap_err();
    let kept = err.body().unwrap();
    assert_eq!(kept.len(), 64 * 1024);
    assert_eq!(kept, &big.as_bytes()[..kept.len()]);
    assert!(err.to_string().len() < 400, "{}", err.to_string().len());

    // A success whose body does not decode: the same bound.
    let server = MockServer::start().await;
    let bad = format!("[{}\"not a number\"]", "1,".repeat(1024 * 1024));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(bad))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .request(&GET_THINGS)
        .send_json::<Vec<u32>>()
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.json_path(), Some("[1048576]"));
    assert!(err.to_string().contains("not a number"), "{err}");
    assert_eq!(err.body().unwrap().len(), 64 * 1024);
}

#[tokio::test]
async fn answers_within_the_limit_are_read_whole() {
    let (url, _) = raw_server(|_, stream| {
        let _ = stream.write_all(head("200 OK", "Transfer-Encoding: chunked\r\n").as_bytes());
        for part in ["[1,", "2,", "3]"] {
            let _ = write!(stream, "{:x}\r\n{part}\r\n", part.len());
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    let numbers = Client::builder(KEY)
        .base_url(&url)
        .max_body_size(7)
        .build()
        .unwrap()
        .request(&GET_THINGS)
        .send_json::<Vec<u32>>()
        .await
        .unwrap();
    assert_eq!(numbers, [1, 2, 3]);
}

/// The limit holds whatever the transport: a body over it is refused even when the
/// transport (here the test transport) read it whole.
#[tokio::test]
async fn a_body_over_the_limit_from_any_transport_is_refused() {
    let dixa = TestTransport::new();
    dixa.answer(
        "getThings",
        Answer::bytes(200, "[1,2,3,4,5]").header("content-length", "11"),
    );
    let client = Client::builder(KEY)
        .max_body_size(8)
        .transport(dixa.clone())
        .build()
        .unwrap();
    let err = client
        .request(&GET_THINGS)
        .send_json::<Vec<u32>>()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::BodyTooLarge {
                limit: 8,
                content_length: Some(11),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1, "too large is not retried");
    assert_eq!(dixa.requests_for("getThings")[0].max_body_size, 8);
}

/// A transport that stops reading at `HttpRequest::max_body_size` reports it with
/// `TransportError::body_too_large`; the call fails as with the default transport.
#[tokio::test]
async fn a_transport_reporting_too_large_fails_the_call_with_body_too_large() {
    struct DeclaresTooMuch;
    impl Transport for DeclaresTooMuch {
        fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
            let declared = request.max_body_size as u64 + 1;
            Box::pin(async move {
                Err(TransportError::body_too_large(
                    StatusCode::BAD_GATEWAY,
                    HeaderMap::new(),
                    Some(declared),
                ))
            })
        }
    }
    let err = Client::builder(KEY)
        .max_body_size(8)
        .transport(DeclaresTooMuch)
        .build()
        .unwrap()
        .request(&GET_THINGS)
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::BodyTooLarge {
                status: StatusCode::BAD_GATEWAY,
                limit: 8,
                content_length: Some(9),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1, "too large is not retried");
}

static POST_THINGS: Operation = Operation::new("postThings", Method::Post, "/beta/things");

/// The first answer stops half-way through its declared length; the second is whole.
fn cut_then_whole_server() -> (String, Arc<AtomicUsize>) {
    raw_server(|n, stream| {
        let body = "[1,2,3,4,5,6,7,8,9]";
        let _ = stream
            .write_all(head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes());
        let sent = if n == 0 { &body[..8] } else { body };
        let _ = stream.write_all(sent.as_bytes());
    })
}

#[tokio::test]
async fn a_body_cut_short_is_retried_for_idempotent_operations() {
    let (url, served) = cut_then_whole_server();
    let client = Client::builder(KEY)
        .base_url(&url)
        .retry_policy(dixa_client::RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let numbers = client
        .request(&GET_THINGS)
        .send_json::<Vec<u32>>()
        .await
        .unwrap();
    assert_eq!(numbers.len(), 9);
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_body_cut_short_is_not_retried_for_a_post() {
    let (url, served) = cut_then_whole_server();
    let client = Client::builder(KEY)
        .base_url(&url)
        .retry_policy(dixa_client::RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client
        .request(&POST_THINGS)
        .json(&[1])
        .send_json::<Vec<u32>>()
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(served.load(Ordering::SeqCst), 1);
}

/// Issue 12, item 6: the base-URL checks that ran before the credentials check quoted
/// the whole URL, and `ClientBuilder`'s `Debug` printed it.
#[test]
fn credentials_in_a_base_url_are_never_printed() {
    for url in [
        "https://dixa-user:pa55word@proxy.example:99999/",
        "ftp://dixa-user:pa55word@proxy.example",
        "https://dixa-user:pa55word@proxy.example/?q=1",
        "https://dixa-user:pa55word@proxy.example/#top",
        "https://dixa-user:pa55word@proxy.example/dixa",
        "https://dixa-user@proxy.example",
        "https:dixa-user:pa55word@proxy.example",
        "dixa-user:pa55word@proxy.example",
        "https://dixa-user:pa55word@[::1/",
    ] {
        let builder = Client::builder(KEY).base_url(url);
        let debug = format!("{builder:?}");
        let err = builder.build().unwrap_err();
        for text in [err.to_string(), format!("{err:?}"), debug] {
            assert!(
                !text.contains("pa55word") && !text.contains("dixa-user"),
                "{url}: {text}"
            );
        }
    }
    let err = Client::builder(KEY)
        .base_url("https://dixa-user:pa55word@proxy.example:99999/")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: base URL \"https://***@proxy.example:99999/\": invalid port number"
    );
}

/// Issue 12, item 7: error texts from the server (a 1 MiB `message`, a 1 MiB string in a
/// body that does not decode, a 70 KiB `pageKey` in the URL) are cut short in `Display`,
/// with an ellipsis; the accessors still give them whole.
#[tokio::test]
async fn error_texts_are_bounded_and_whole_through_accessors() {
    let huge = "m".repeat(1024 * 1024);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({ "message": huge })),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .request(&GET_THINGS)
        .send_empty()
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.len() < 1024 && shown.contains('…'), "{}", shown.len());
    assert!(
        shown.starts_with("getThings: HTTP 404 Not Found: \"mmm"),
        "{shown}"
    );
    assert_eq!(err.message(), Some(huge.as_str()));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([huge])))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .request(&GET_THINGS)
        .send_json::<Vec<u32>>()
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.len() < 1024 && shown.contains('…'), "{}", shown.len());
    let ErrorKind::Decode { reason, .. } = err.kind() else {
        panic!("{err:?}")
    };
    assert!(reason.len() > huge.len(), "the reason is kept whole");

    // No server at all: the transport error names the URL, whose pageKey is 70 KiB.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let page_key = "k".repeat(70 * 1024);
    let err = client(&format!("http://127.0.0.1:{port}"))
        .request(&GET_THINGS)
        .query("pageKey", &page_key)
        .send_empty()
        .await
        .unwrap_err();
    // 70 KiB is past what the `http` crate takes as a URI: refused before connecting.
    assert!(
        err.is_transport(),
        "{:?}",
        err.kind().to_string().get(..200)
    );
    let shown = err.to_string();
    assert!(shown.len() < 1024 && shown.contains('…'), "{}", shown.len());
    assert!(shown.contains("http://127.0.0.1"), "{shown}");
    assert!(err.url().unwrap().ends_with(&page_key));
}
