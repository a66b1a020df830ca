//! Shared by the examples: a client from `DIXA_API_KEY` (and optionally `DIXA_BASE_URL`,
//! e.g. a local mock server), with Dixa's documented rate limit applied.

use dixa_client::{Client, RateLimit};

pub fn client_from_env() -> Result<Client, Box<dyn std::error::Error>> {
    let api_key = std::env::var("DIXA_API_KEY").map_err(|_| "set DIXA_API_KEY to an API token")?;
    let mut builder = Client::builder(api_key).rate_limit(RateLimit::dixa_default());
    if let Ok(base_url) = std::env::var("DIXA_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    Ok(builder.build()?)
}
