//! The service's own reqwest client, handed over to dixa-client: one connection pool, one
//! TLS configuration, one HTTP stack in the build.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::Client::builder()
        .user_agent("downstream-service")
        .build()?;
    let dixa = dixa_client::Client::builder(std::env::var("DIXA_API_KEY")?)
        .reqwest_client(http.clone())
        .build()?;
    let agents = dixa.v1().agents().list().page_limit(1).await?;
    println!("{} agents on the first page", agents.into_data().len());
    Ok(())
}
