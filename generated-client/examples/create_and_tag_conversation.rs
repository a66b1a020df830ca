//! Creates an inbound chat conversation for an end user, then tags it.
//!
//! ```text
//! DIXA_API_KEY=... DIXA_REQUESTER_ID=<end user uuid> DIXA_WIDGET_ID=<chat widget uuid> \
//! DIXA_TAG_ID=<tag uuid> cargo run -p dixa-client --example create_and_tag_conversation
//! ```

mod common;

use dixa_client::uuid::Uuid;
use dixa_client::v1::models::{
    Chat, Content, CreateConversationInput, CreateMessageInput, Inbound, Text,
};

fn uuid_from_env(name: &str) -> Result<Uuid, Box<dyn std::error::Error>> {
    let value = std::env::var(name).map_err(|_| format!("set {name}"))?;
    Ok(value.parse().map_err(|e| format!("{name}: {e}"))?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client_from_env()?;

    let conversation = CreateConversationInput::Chat(Chat {
        requester_id: uuid_from_env("DIXA_REQUESTER_ID")?,
        widget_id: uuid_from_env("DIXA_WIDGET_ID")?,
        message: CreateMessageInput::Inbound(Inbound {
            content: Content::Text(Text {
                value: "Hello, my order has not arrived.".to_string(),
            }),
            attachments: None,
            integration_email: None,
            external_id: None,
        }),
        browser_info: None,
        language: Some("en".to_string()),
    });
    let created = client.v1().conversations().create(conversation).await?;
    let conversation_id = created.data.id;
    println!("created conversation {conversation_id}");

    let tag_id = uuid_from_env("DIXA_TAG_ID")?;
    client
        .v1()
        .conversations()
        .add_tag(conversation_id, tag_id)
        .await?;
    println!("tagged conversation {conversation_id} with {tag_id}");
    Ok(())
}
