//! One call with its own header, timeout and no retries; the calls around it keep the
//! client's settings. Prints the request id of each call, to find it in logs.
//!
//! `DIXA_API_KEY=... cargo run -p dixa-client --example per_call_options`
//!
//! Against the Prism mock server, the header asks for the documented 404 example:
//! `DIXA_BASE_URL=http://127.0.0.1:4010 DIXA_API_KEY=x cargo run -p dixa-client --example per_call_options`

mod common;

use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client_from_env()?;

    // The client's settings: 30 s timeout, retries of idempotent calls.
    let first = client
        .v1()
        .agents()
        .list()
        .page_limit(1)
        .send_with_response()
        .await?;
    println!(
        "list: HTTP {} (server request id: {:?})",
        first.status(),
        first.request_id()
    );
    let Some(agent) = first.into_body().into_data().into_iter().next() else {
        println!("no agents");
        return Ok(());
    };

    // This call only: a header, a 2 s timeout, and one attempt whatever happens.
    let answer = client
        .v1()
        .agents()
        .get(agent.id)
        .options(|o| {
            o.header("Prefer", "code=404")
                .timeout(Duration::from_secs(2))
                .no_retries()
        })
        .await;
    match answer {
        Ok(found) => println!("get: {}", found.data.display_name),
        Err(e) => println!(
            "get: {e} (attempts: {}, our request id: {:?})",
            e.attempts(),
            e.client_request_id()
        ),
    }

    // Unchanged: no extra header, the client's timeout and retries.
    let again = client.v1().agents().get(agent.id).await?;
    println!("get again: {}", again.data.display_name);
    Ok(())
}
