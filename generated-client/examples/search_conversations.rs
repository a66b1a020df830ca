//! Full-text search over conversations with filters, following every page of hits: an
//! operation of the beta API (`client.beta()`, Cargo feature `beta`); v1 has the plain
//! search, `client.v1().search().conversations(query)`.
//!
//! `DIXA_API_KEY=... cargo run -p dixa-client --example search_conversations -- "refund"`

mod common;

use dixa_client::beta::models::{Query, SearchParametersInput};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client_from_env()?;
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "refund".to_string());

    let search = SearchParametersInput {
        query: Some(Query {
            value: text,
            exact_match: Some(false),
        }),
        filters: None,
    };
    let mut hits = client
        .beta()
        .search()
        .conversations_with_filters()
        .body(search)
        .page_limit(50)
        .items();
    let mut count = 0;
    while let Some(hit) = hits.next_item().await {
        let hit = hit?;
        count += 1;
        let fields: Vec<&String> = hit.highlights.keys().collect();
        println!("conversation {} matched in {fields:?}", hit.id);
    }
    println!("{count} conversations");
    Ok(())
}
