// The forward-compatibility cases, included once per API version by
// `tests/forward_compat.rs`, where `models` is that version's `dixa_client::<v>::models`.

use self::models::{
    Attributes, Conversation, DeliveryStatus, GetConversationOutput, MapUuidOptionAttributeValue,
    Message, AttributesDirection,
};
use dixa_client::DateTime;
use serde_json::{Value, json};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_str(&value.to_string()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

fn chat_conversation(extra: Value) -> Value {
    let mut conversation = json!({
        "id": 9_007_199_254_740_993_i64,
        "requesterId": "2a2b6ab4-3e7b-4d85-8a4d-2c3c1e3a8f10",
        "channel": "WidgetChat",
        "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
        "_type": "ChatConversation"
    });
    if let (Value::Object(c), Value::Object(e)) = (&mut conversation, extra) {
        c.extend(e);
    }
    conversation
}

#[test]
fn an_unknown_union_variant_is_kept_whole() {
    let sent = json!({
        "data": {
            "id": 42,
            "hologram": {"projector": "HX-1", "frames": [1, 2, 3]},
            "_type": "HologramConversation"
        }
    });
    let (decoded, encoded) = roundtrip::<GetConversationOutput>(&sent);
    match &decoded.data {
        Conversation::Unknown(raw) => assert_eq!(raw["_type"], "HologramConversation"),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(encoded, sent);
}

#[test]
fn a_known_variant_decodes_wherever_its_tag_stands() {
    let tag_last = chat_conversation(json!({}));
    let mut tag_first = serde_json::Map::new();
    tag_first.insert("_type".into(), json!("ChatConversation"));
    tag_first.extend(tag_last.as_object().unwrap().clone());
    for sent in [tag_last.clone(), Value::Object(tag_first)] {
        let (decoded, encoded) = roundtrip::<Conversation>(&sent);
        assert!(
            matches!(decoded, Conversation::ChatConversation(_)),
            "{decoded:?}"
        );
        assert_eq!(encoded, tag_last);
    }
}

#[test]
fn unknown_enum_values_are_kept_as_sent() {
    let (direction, encoded) = roundtrip::<AttributesDirection>(&json!("Sideways"));
    assert_eq!(
        direction,
        AttributesDirection::Unknown("Sideways".into())
    );
    assert_eq!(encoded, json!("Sideways"));
    assert_eq!(direction.as_str(), "Sideways");

    let sent = chat_conversation(json!({"channel": "CarrierPigeon", "state": "Hibernating"}));
    let (_, encoded) = roundtrip::<Conversation>(&sent);
    assert_eq!(encoded, sent);
}

// v1's only unions of empty objects are deprecated ones; the beta has the same.
#[test]
#[allow(deprecated)]
fn unknown_tags_of_string_encoded_unions_are_kept() {
    use self::models::DeprecatedAnonymizationType;
    let (known, _) = roundtrip::<DeprecatedAnonymizationType>(&json!("UserAnonymizationType"));
    assert_eq!(known, DeprecatedAnonymizationType::UserAnonymizationType);
    let (unknown, encoded) =
        roundtrip::<DeprecatedAnonymizationType>(&json!("TeamAnonymizationType"));
    assert_eq!(
        unknown,
        DeprecatedAnonymizationType::Unknown("TeamAnonymizationType".into())
    );
    assert_eq!(encoded, json!("TeamAnonymizationType"));
}

#[test]
fn fieldless_variants_are_objects_with_only_the_tag() {
    let (decoded, encoded) = roundtrip::<DeliveryStatus>(&json!({"_type": "NoRecentDelivery"}));
    assert_eq!(decoded, DeliveryStatus::NoRecentDelivery);
    assert_eq!(encoded, json!({"_type": "NoRecentDelivery"}));
}

#[test]
fn zoned_timestamps_keep_their_text_and_give_a_real_instant() {
    for text in [
        "2021-12-01T12:46:36.581Z[GMT]",
        "2021-12-01T13:46:36.581+01:00[Europe/Copenhagen]",
        "2021-12-01T07:46:36.581-05:00[America/New_York]",
        "2021-12-01T12:46:36.581Z[UTC]",
        "2021-12-01T12:46:36.581Z",
        "2021-12-01T12:46:36Z",
    ] {
        let sent = chat_conversation(json!({ "createdAt": text }));
        let (decoded, encoded) = roundtrip::<Conversation>(&sent);
        assert_eq!(encoded, sent, "{text}");
        let Conversation::ChatConversation(chat) = decoded else {
            panic!()
        };
        let instant = chat.created_at.timestamp();
        assert_eq!(instant.as_second(), 1_638_362_796, "{text}");
    }
    let garbage = chat_conversation(json!({ "createdAt": "last Tuesday" }));
    let err = serde_json::from_value::<Conversation>(garbage).unwrap_err();
    assert!(err.to_string().contains("last Tuesday"), "{err}");
}

#[test]
fn null_in_an_optional_field_decodes_as_absent() {
    let sent = chat_conversation(json!({"direction": null, "queue": null, "language": null}));
    let (decoded, encoded) = roundtrip::<Conversation>(&sent);
    let Conversation::ChatConversation(chat) = decoded else {
        panic!()
    };
    assert!(chat.direction.is_none() && chat.queue.is_none() && chat.language.is_none());
    assert_eq!(encoded, chat_conversation(json!({})));
}

#[test]
fn int64_ids_beyond_f64_precision_are_exact() {
    let sent = chat_conversation(json!({}));
    let (decoded, encoded) = roundtrip::<Conversation>(&sent);
    let Conversation::ChatConversation(chat) = decoded else {
        panic!()
    };
    assert_eq!(chat.id, 9_007_199_254_740_993);
    assert_eq!(encoded["id"].as_i64(), Some(9_007_199_254_740_993));
}

#[test]
fn nullable_map_values_keep_their_null() {
    // In the custom-attribute patch body, `null` means "unset this attribute".
    let sent = json!({
        "5b7c3b6e-0000-4000-8000-000000000001": null,
        "5b7c3b6e-0000-4000-8000-000000000002": "Gold",
        "5b7c3b6e-0000-4000-8000-000000000003": ["a", "b"]
    });
    let (decoded, encoded) = roundtrip::<MapUuidOptionAttributeValue>(&sent);
    assert_eq!(decoded.len(), 3);
    assert!(decoded["5b7c3b6e-0000-4000-8000-000000000001"].is_none());
    assert_eq!(encoded, sent);
}

#[test]
fn new_fields_on_known_variants_do_not_break_decoding() {
    let sent = json!({
        "id": "6d1f7c47-65b5-4b5d-8b3c-6c4a0f0e9f11",
        "authorId": "6d1f7c47-65b5-4b5d-8b3c-6c4a0f0e9f12",
        "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
        "attributes": {
            "from": "+4512345678",
            "to": "+4587654321",
            "sentiment": "cheerful",
            "_type": "PhoneAttributes"
        }
    });
    let message: Message = serde_json::from_value(sent).expect("an added field is ignored");
    assert!(matches!(message.attributes, Attributes::PhoneAttributes(_)));
}

#[test]
fn date_times_made_by_the_user_are_rfc_3339() {
    let now: DateTime = jiff::Timestamp::from_second(1_638_362_796).unwrap().into();
    assert_eq!(now.as_str(), "2021-12-01T12:46:36Z");
}
