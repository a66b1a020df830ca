//! Search over conversations with filters, following every page of hits: open or pending
//! email conversations that mention a text. An operation of the beta API
//! (`client.beta()`, Cargo feature `beta`); v1 has the plain search,
//! `client.v1().search().conversations(query)`.
//!
//! `DIXA_API_KEY=... cargo run -p dixa-client --example search_conversations -- "refund"`

mod common;

use dixa_client::beta::models::{
    ChannelOperator, ChannelValue, Filters, Query, SearchField, SearchParametersInput,
    StatusOperator, StatusValue,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client_from_env()?;
    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "refund".to_string());

    // Reads like the query: all of (status is open or pending, channel is email).
    // `Filters::any` would match conversations that meet either.
    let status = StatusOperator::is_one_of([StatusValue::Open, StatusValue::Pending]);
    let channel = ChannelOperator::is_one_of([ChannelValue::Email]);
    let filters = Filters::all([SearchField::status(status), SearchField::channel(channel)]);
    let search = SearchParametersInput::new()
        .query(Query::new(text).exact_match(false))
        .filters(filters);
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
