//! A tour: ten things a new user does in a first week, one function each, in one program.
//!
//! ```text
//! DIXA_API_KEY=... cargo run -p dixa-client --example tour
//! ```
//!
//! Against the Prism mock servers (one per API version, as `cargo xtask test` starts them;
//! `tests/tour.rs` runs this tour there):
//!
//! ```text
//! DIXA_API_KEY=x DIXA_BASE_URL=http://127.0.0.1:4010 DIXA_BETA_BASE_URL=http://127.0.0.1:4011 \
//!     cargo run -p dixa-client --example tour
//! ```
//!
//! Everything is v1 except the two tasks only the beta has: search with filters (3) and
//! uploads (7, knowledge-article attachments: v1 has no multipart operation).
//!
//! Lines of code per task (non-blank, non-comment, from the `// N.` comment to the end of
//! its function, after `cargo fmt`), written against the API as it was at commit 9f25115
//! (struct literals, per-kind enums, no union accessors or short constructors) and now:
//!
//! | task                                   | before | now |
//! | -------------------------------------- | -----: | --: |
//! | 1. page through agents                 |      8 |   8 |
//! | 2. branch on a conversation's channel  | 35 (a) |  12 |
//! | 3. search with two filters (beta)      |     29 |  12 |
//! | 4. create an email conversation        |     20 |   8 |
//! | 5. tag / untag                         |     11 |  11 |
//! | 6. patch custom attributes             |     12 |  12 |
//! | 7. upload an attachment (beta)         |      9 |   9 |
//! | 8. handle a 404                        |      9 |   9 |
//! | 9. one client across tokio tasks       |     10 |  10 |
//! | 10. read response headers              |      8 |   8 |
//! | tasks 1-10                             |    151 |  99 |
//! | whole file (with imports and `main`)   |    209 | 154 |
//!
//! (a) With a local `macro_rules!` for the eleven kinds' `id`, `channel` and `state`; about
//! 70 with the eleven arms written out. Tasks 5-10 and 1 use what 9f25115 already had and
//! read the same; tasks 2-4 went from 84 lines to 32.

mod common;

use std::collections::BTreeMap;
use std::error::Error;

use dixa_client::beta::models::{
    ChannelOperator, ChannelValue, Filters, SearchField, SearchParametersInput, StatusOperator,
    StatusValue,
};
use dixa_client::uuid::Uuid;
use dixa_client::v1::models::{
    AttributeValue, Content, ConversationChannel, ConversationState, CreateMessageInput, Email,
};
use dixa_client::{Client, FilePart, Page};

type Result<T = (), E = Box<dyn Error>> = std::result::Result<T, E>;

/// The ids the tour works with: yours from the environment, or any (the mock accepts them).
pub struct Ids {
    pub requester: Uuid,
    pub email_integration: String,
    pub custom_attribute: Uuid,
}

impl Ids {
    pub fn from_env() -> Result<Ids> {
        let var = |name: &str, default: &str| std::env::var(name).unwrap_or(default.into());
        Ok(Ids {
            requester: var("DIXA_REQUESTER_ID", "d58c8b1c-85ad-4678-a6c8-7442945f3836").parse()?,
            email_integration: var("DIXA_EMAIL_INTEGRATION_ID", "acme@email.dixa.io"),
            custom_attribute: var(
                "DIXA_CUSTOM_ATTRIBUTE_ID",
                "e14708a6-eed9-495c-9d88-c72331e9e247",
            )
            .parse()?,
        })
    }
}

#[tokio::main]
async fn main() -> Result {
    let client = common::client_from_env()?;
    // Dixa serves both versions on one host; a mock server serves one version each.
    let beta = match std::env::var("DIXA_BETA_BASE_URL") {
        Ok(url) => Client::builder(std::env::var("DIXA_API_KEY")?)
            .base_url(url)
            .build()?,
        Err(_) => client.clone(),
    };
    run(&client, &beta, &Ids::from_env()?).await
}

/// The ten tasks, in the order a conversation's life needs them.
pub async fn run(client: &Client, beta: &Client, ids: &Ids) -> Result {
    page_through_agents(client).await?;
    let conversation_id = create_email_conversation(client, ids).await?;
    branch_on_channel(client, conversation_id).await?;
    search_with_filters(beta).await?;
    tag_and_untag(client, conversation_id).await?;
    patch_custom_attributes(client, conversation_id, ids).await?;
    upload_attachment(beta).await?;
    handle_not_found(client).await?;
    one_client_many_tasks(client, conversation_id).await?;
    read_response_headers(client).await?;
    Ok(())
}

// 1. Every agent, fetching pages of 50 as the stream needs them.
async fn page_through_agents(client: &Client) -> Result {
    let mut agents = client.v1().agents().list().page_limit(50).items();
    while let Some(agent) = agents.next_item().await {
        let agent = agent?;
        println!("agent {} <{}>", agent.display_name, agent.email);
    }
    Ok(())
}

// 2. A conversation is one of many kinds (email, chat, call, ...): what they share reads
//    without a match.
async fn branch_on_channel(client: &Client, conversation_id: i64) -> Result {
    let conversation = client.v1().conversations().get(conversation_id).await?.data;
    match conversation.channel() {
        Some(ConversationChannel::Email) => println!("email from {:?}", conversation.from_email()),
        Some(ConversationChannel::WidgetChat) => println!("chat in {:?}", conversation.language()),
        other => println!("conversation on {other:?}"),
    }
    if conversation.state() == Some(&ConversationState::Open) {
        println!("conversation {:?} is open", conversation.id());
    }
    Ok(())
}

// 3. Open or pending email conversations (beta: v1's search has no filters). One page.
async fn search_with_filters(beta: &Client) -> Result {
    let status = StatusOperator::is_one_of([StatusValue::Open, StatusValue::Pending]);
    let channel = ChannelOperator::is_one_of([ChannelValue::Email]);
    let filters = Filters::all([SearchField::status(status), SearchField::channel(channel)]);
    let body = SearchParametersInput::new().filters(filters);
    let search = beta.beta().search().conversations_with_filters();
    let page = search.body(body).await?;
    for hit in page.into_items() {
        println!("found conversation {}", hit.id);
    }
    Ok(())
}

// 4. An inbound email from an end user.
async fn create_email_conversation(client: &Client, ids: &Ids) -> Result<i64> {
    let message = CreateMessageInput::inbound(Content::text("My order has not arrived."));
    let subject = "Where is my order?";
    let email = Email::new(ids.requester, &ids.email_integration, subject, message).language("en");
    let created = client.v1().conversations().create(email.into()).await?;
    println!("created conversation {}", created.data.id);
    Ok(created.data.id)
}

// 5. Tags are named by id: find one by name, add it, remove it.
async fn tag_and_untag(client: &Client, conversation_id: i64) -> Result {
    let tags = client.v1().tags().list().await?.into_data();
    let Some(tag) = tags.into_iter().find(|tag| tag.name == "example") else {
        return Ok(());
    };
    let conversations = client.v1().conversations();
    conversations.add_tag(conversation_id, tag.id).await?;
    conversations.remove_tag(conversation_id, tag.id).await?;
    println!("tagged and untagged {conversation_id} with {}", tag.name);
    Ok(())
}

// 6. Set one custom attribute of a conversation (`None` would clear it).
async fn patch_custom_attributes(client: &Client, conversation_id: i64, ids: &Ids) -> Result {
    let value = AttributeValue::Text("gold".to_owned());
    let patch = BTreeMap::from([(ids.custom_attribute.to_string(), Some(value))]);
    let conversations = client.v1().conversations();
    let updated = conversations
        .patch_custom_attributes(conversation_id, patch)
        .await?;
    for attribute in updated.into_data() {
        println!("{} = {:?}", attribute.identifier, attribute.value);
    }
    Ok(())
}

// 7. Upload an image for knowledge articles (beta), from bytes in memory.
async fn upload_attachment(beta: &Client) -> Result {
    let png = FilePart::new("logo.png", &b"\x89PNG\r\n\x1a\n"[..]).content_type("image/png");
    let upload = beta.beta().knowledge().upload_article_attachments();
    let uploaded = upload.files(vec![png]).await?;
    for file in uploaded.into_data() {
        println!("uploaded {} to {}", file.original_filename, file.url);
    }
    Ok(())
}

// 8. A missing agent is an error with a status. (`Prefer: code=404` makes the mock server
//    answer 404; Dixa itself ignores the header and answers 404 for an unknown id.)
async fn handle_not_found(client: &Client) -> Result {
    let missing = client.v1().agents().get(Uuid::nil());
    match missing.options(|o| o.header("Prefer", "code=404")).await {
        Ok(agent) => println!("found {}", agent.data.display_name),
        Err(e) if e.is_not_found() => println!("no such agent: {:?}", e.message()),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

// 9. Clients are cheap to clone and share one connection pool and rate limit; a request
//    owns its clone, so it can be spawned as it is.
async fn one_client_many_tasks(client: &Client, conversation_id: i64) -> Result {
    let mut tasks = tokio::task::JoinSet::new();
    for id in conversation_id..conversation_id + 3 {
        tasks.spawn(client.v1().conversations().list_messages(id).send());
    }
    while let Some(done) = tasks.join_next().await {
        println!("{} messages", done??.into_data().len());
    }
    Ok(())
}

// 10. Status and headers come with the body when asked for.
async fn read_response_headers(client: &Client) -> Result {
    let response = client.v1().agents().list().send_with_response().await?;
    let content_type = response.headers().get("content-type");
    println!("HTTP {} {content_type:?}", response.status());
    println!("server's request id: {:?}", response.request_id());
    println!("{} agents", response.into_body().into_items().len());
    Ok(())
}
