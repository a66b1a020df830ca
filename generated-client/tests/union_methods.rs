//! What a union offers besides `match`: the fields its kinds share, a `From` per
//! variant, and short constructors for variants that wrap one value. The enums the
//! kinds share (`ConversationState`, `ConversationChannel`) are one type each, so the
//! shared fields read the same whatever the kind.

use dixa_client::v1::models::{
    Content, Conversation, ConversationChannel, ConversationState, CreateMessageInput, Inbound,
    Text,
};
use serde_json::json;

fn email_conversation() -> Conversation {
    serde_json::from_value(json!({
        "_type": "EmailConversation",
        "id": 42,
        "requesterId": "8c3b8b3e-7f4e-4b39-9d0a-0d1c2f3e4a5b",
        "channel": "Email",
        "createdAt": "2026-11-29T10:00:00Z",
        "state": "Open",
        "toEmail": "support@example.com",
        "fromEmail": "jane@example.com",
        "integrationEmail": "acme@email.dixa.io"
    }))
    .expect("an email conversation decodes")
}

#[test]
fn the_fields_every_kind_of_conversation_has_read_without_a_match() {
    let conversation = email_conversation();
    assert_eq!(conversation.id(), Some(42));
    assert_eq!(conversation.state(), Some(&ConversationState::Open));
    assert_eq!(conversation.channel(), Some(&ConversationChannel::Email));
    assert_eq!(conversation.from_email(), Some("jane@example.com"));
}

#[test]
fn a_kind_this_crate_does_not_know_answers_none() {
    let unknown: Conversation = serde_json::from_value(json!({
        "_type": "CarrierPigeonConversation",
        "id": 7
    }))
    .expect("an unknown kind decodes into Unknown");
    assert!(matches!(unknown, Conversation::Unknown(_)));
    assert_eq!(unknown.id(), None);
}

#[test]
fn variants_convert_into_their_union_and_one_value_variants_have_constructors() {
    let text: Content = Text::new("hello").into();
    assert_eq!(text, Content::text("hello"));
    assert_eq!(text.value(), Some("hello"));

    let message = CreateMessageInput::inbound(Content::text("hello"));
    let expected = CreateMessageInput::from(Inbound::new(Content::text("hello")));
    assert_eq!(message, expected);
    assert_eq!(
        serde_json::to_value(&message).expect("encodes"),
        json!({"_type": "Inbound", "content": {"_type": "Text", "value": "hello"}})
    );
}

#[test]
#[allow(deprecated)]
fn the_per_owner_enum_names_stay_as_aliases_of_the_shared_type() {
    let state: dixa_client::v1::models::EmailConversationState = ConversationState::Closed;
    assert_eq!(state.as_str(), "Closed");
}
