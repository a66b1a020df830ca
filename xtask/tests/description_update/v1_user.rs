//! A user's program against v1 (`tests/description_update.rs`): it gets, lists and creates
//! agents, and reads and matches what it gets. The update only adds to what it uses (a
//! field, an enum value, a query parameter), so it compiles before and after.

use dixa_client::v1::models::{Agent, AgentRole, CreateAgentInput};
use dixa_client::{Client, Error, uuid::Uuid};

fn describe(agent: &Agent) -> String {
    let role = match &agent.role {
        Some(AgentRole::Admin) => "an admin",
        Some(AgentRole::Member) => "a member",
        Some(other) => other.as_str(),
        None => "no role",
    };
    let email = agent.email.as_deref().unwrap_or("no email");
    format!("{} <{email}>, {role}", agent.display_name)
}

async fn run(client: &Client, agent_id: Uuid) -> Result<(), Error> {
    let agent = client.v1().agents().get(agent_id).await?;
    println!("{}", describe(&agent.data));
    let input = CreateAgentInput::new("Ada").email("ada@example.com");
    let created = client.v1().agents().create(input).await?;
    println!("created {}", created.data.id);
    for agent in client.v1().agents().list().await?.into_data() {
        println!("{}", describe(&agent));
    }
    Ok(())
}

fn main() {
    let client = Client::builder("key").build().expect("a client");
    drop(run(&client, Uuid::nil()));
}
