//! Pages through every agent, one page at a time, printing each page's size.
//!
//! `DIXA_API_KEY=... cargo run -p dixa-client --example list_agents`

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client_from_env()?;

    let mut pages = client.v1().agents().list().page_limit(25).pages();
    let mut page_number = 0;
    while let Some(page) = pages.next_page().await {
        let agents = page?.into_data();
        page_number += 1;
        println!("page {page_number}: {} agents", agents.len());
        for agent in &agents {
            println!(
                "  {} <{}> since {}",
                agent.display_name, agent.email, agent.created_at
            );
        }
    }
    Ok(())
}
