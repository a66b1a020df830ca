//! The tour (`examples/tour.rs`) against the Prism mock servers: its ten tasks run as they
//! are, and Prism must find nothing wrong with any request it sends (no `sl-violations`
//! header, Prism's list of what does not match the description).
//!
//! Like `tests/prism.rs`: `cargo xtask test` starts one Prism per version and sets
//! `DIXA_PRISM_URL_V1` and `DIXA_PRISM_URL_BETA`; without them the test fails (no silent
//! skip), except when `cargo xtask test` sets `DIXA_PRISM_SKIP=<reason>` (outside CI, no
//! npm): the test then says so and passes.

#[allow(dead_code)]
#[path = "../examples/tour.rs"]
mod example;

use std::sync::{Arc, Mutex};

use dixa_client::Client;
use dixa_client::runtime::{HttpRequest, ReqwestTransport, Transport, TransportFuture};

#[tokio::test]
async fn the_tour_runs_against_prism() {
    let (Some(v1_url), Some(beta_url)) = (prism_url("V1"), prism_url("BETA")) else {
        return;
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = |url: String| {
        let transport = Checked {
            inner: ReqwestTransport::new(dixa_client::reqwest::Client::new()),
            seen: seen.clone(),
        };
        Client::builder("prism-test-key")
            .base_url(url)
            .no_retries()
            .transport(transport)
            .build()
            .expect("client builds")
    };
    let (v1, beta) = (client(v1_url), client(beta_url));
    let ids = example::Ids::from_env().expect("the default ids parse");

    example::run(&v1, &beta, &ids).await.expect("the tour runs");

    let seen = seen.lock().unwrap();
    let violations: Vec<&String> = seen
        .iter()
        .filter(|s| s.contains("sl-violations"))
        .collect();
    assert!(
        violations.is_empty(),
        "Prism found violations: {violations:#?}"
    );
    for operation in [
        "getAgents",
        "postConversations",
        "getConversationsConversationid",
        "postSearchConversations",
        "getTags",
        "putConversationsConversationidTagsTagid",
        "deleteConversationsConversationidTagsTagid",
        "patchConversationsConversationidCustom-attributes",
        "postKnowledgeArticlesAttachments",
        "getAgentsAgentid",
        "getConversationsConversationidMessages",
    ] {
        assert!(
            seen.iter().any(|s| s.starts_with(&format!("{operation} "))),
            "the tour did not call {operation}: {seen:#?}"
        );
    }
    println!("tour: {} calls against Prism, no violations", seen.len());
}

/// Records `<operationId> <status>` of each attempt, and Prism's violations if any.
struct Checked {
    inner: ReqwestTransport,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Transport for Checked {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let operation = request.operation.id;
            let answer = self.inner.send(request).await;
            if let Ok(response) = &answer {
                let mut line = format!("{operation} {}", response.status);
                if let Some(violations) = response.headers.get("sl-violations") {
                    line += &format!(" sl-violations: {}", violations.to_str().unwrap_or("?"));
                }
                self.seen.lock().unwrap().push(line);
            }
            answer
        })
    }
}

/// The URL of `version`'s Prism, as `tests/prism.rs` finds it.
fn prism_url(version: &str) -> Option<String> {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let var = format!("DIXA_PRISM_URL_{version}");
    if let Some(url) = set(&var) {
        return Some(url);
    }
    let in_ci = set("CI").is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    if !in_ci {
        if let Some(reason) = set("DIXA_PRISM_SKIP") {
            eprintln!("tour: SKIPPED by `cargo xtask test`: {reason}");
            return None;
        }
    }
    panic!(
        "{var} is not set: run `cargo xtask test`, which installs and starts one Prism mock \
         server per version and sets it (or start `prism mock \
         spec/fetched/dixa-api.<version>.corrected.json` yourself and set {var} to its URL)"
    );
}
