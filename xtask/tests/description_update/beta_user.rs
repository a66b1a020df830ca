//! A user's program against the beta (`tests/description_update.rs`): it uses what the
//! update removes (an agent's `email`, `agents().delete`, `Channel::Chat`) next to what it
//! changes without breaking (the agents' `get`, whose path parameter is renamed, and the
//! `Message` union, which gains a variant). After the update it must fail to compile,
//! with one error for each removed item and none for the rest.

use dixa_client::beta::models::{Agent, Channel, Conversation, Message};
use dixa_client::{Client, Error, uuid::Uuid};

fn contact(agent: &Agent) -> String {
    format!(
        "{} <{}>",
        agent.display_name,
        agent.email.as_deref().unwrap_or("no email")
    )
}

fn summary(conversation: &Conversation) -> String {
    let channel = match &conversation.channel {
        Channel::Email => "email",
        Channel::Chat => "chat",
        other => other.as_str(),
    };
    let last = match &conversation.last_message {
        Some(Message::EmailMessage(email)) => email.subject.clone(),
        Some(Message::ChatMessage(chat)) => chat.text.clone(),
        Some(_) => "another kind of message".to_string(),
        None => "no message".to_string(),
    };
    format!("{} by {channel}: {last}", conversation.id)
}

async fn run(client: &Client, agent_id: Uuid) -> Result<(), Error> {
    let agent = client.beta().agents().get(agent_id).await?;
    println!("{}", contact(&agent.data));
    let conversation = client.beta().conversations().get(42).await?;
    println!("{}", summary(&conversation.data));
    client.beta().agents().delete(agent_id).await?;
    Ok(())
}

fn main() {
    let client = Client::builder("key").build().expect("a client");
    drop(run(&client, Uuid::nil()));
}
