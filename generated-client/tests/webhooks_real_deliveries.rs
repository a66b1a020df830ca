//! Webhook deliveries as Dixa really sends them: every real delivery kept in
//! `../shared/dixa-payloads/` (read at test time, never copied into the repository) and
//! the shapes integrations met in production decode typed and re-encode to the same JSON
//! value, an explicit `null` kept apart from an absent key.

use dixa_client::webhooks::{
    Channel, ConversationStatus, Event, EventData, EventName, MessageDirection,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// `../shared/dixa-payloads/`, beside the workspace.
fn payloads_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/dixa-payloads")
}

/// Every file of the payload folders whose name says it is a webhook's `data`
/// (`<event>.data.<what>.json`), with the event it belongs to.
fn real_webhook_data() -> Vec<(PathBuf, EventName, Value)> {
    let root = payloads_dir();
    let folders = std::fs::read_dir(&root).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error} (the shared payloads sit beside the workspace)",
            root.display()
        )
    });
    let mut found = Vec::new();
    for folder in folders {
        let folder = folder.expect("a folder entry").path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("a payload folder") {
            let path = file.expect("a file entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some((event, _)) = name.split_once(".data.") else {
                continue;
            };
            if !name.ends_with(".json") {
                continue;
            }
            let event = EventName::from(event.to_uppercase().as_str());
            let text = std::fs::read_to_string(&path).expect("readable");
            let data: Value = serde_json::from_str(&text).expect("the payload is JSON");
            found.push((path, event, data));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A delivery around `data`, the envelope as Dixa documents it.
fn delivery(event: &EventName, data: Value) -> Value {
    json!({
        "event_id": "7b1d4c2e-9f3a-4e6b-8c5d-2a1f0e9d8c7b",
        "event_fqn": event.as_str(),
        "event_version": "1",
        "event_timestamp": "2025-03-20T22:15:18.101Z",
        "organization": { "id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", "name": "Harbour Bikes" },
        "data": data,
    })
}

/// Decodes `delivery`, insists that its `data` is typed, and re-encodes it.
fn round_trip(delivery: &Value) -> (Event, Value) {
    let body = serde_json::to_vec(delivery).unwrap();
    let event = Event::from_slice(&body).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        !matches!(event.data, EventData::Other(_)),
        "{} is typed",
        event.event_fqn
    );
    let again = serde_json::to_value(&event).unwrap();
    (event, again)
}

#[test]
fn every_real_delivery_decodes_typed_and_re_encodes_to_the_same_json() {
    let deliveries = real_webhook_data();
    assert!(
        !deliveries.is_empty(),
        "no webhook data found in {}",
        payloads_dir().display()
    );
    for (path, event, data) in deliveries {
        let delivery = delivery(&event, data);
        let (_, again) = round_trip(&delivery);
        assert_eq!(again, delivery, "{}", path.display());
    }
}

/// A `CONVERSATION_MESSAGE_ADDED` with every field integrations have seen `null` sent as
/// `null` (values invented here).
fn message_added_with_nulls() -> Value {
    delivery(
        &EventName::ConversationMessageAdded,
        json!({
            "message_id": "2e4f6a8b-0c1d-4e3f-9a5b-7c9d1e3f5a7b",
            "text": "Hej, er cyklen klar?",
            "direction": "inbound",
            "channel": "MESSENGER",
            "created_at": "2025-03-20T22:15:17.854Z",
            "external_id": null,
            "author": {
                "id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", "name": null, "email": null,
                "phone": null, "roles": [], "user_type": "Contact"
            },
            "content": {
                "text": "Hej, er cyklen klar?", "content_type": null,
                "original_content_url": null, "processed_content_url": null
            },
            "attachments": [],
            "conversation": {
                "csid": 4711, "channel": "MESSENGER", "status": "OPEN", "direction": "INBOUND",
                "queue": { "id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "name": "Social" },
                "contact_point": null,
                "requester": {
                    "id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", "name": null, "email": null,
                    "phone": null, "roles": [], "user_type": "Contact",
                    "additional_emails": ["second@rider.example"]
                },
                "assignee": null, "subject": null,
                "tags": [
                    { "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "name": "vip", "is_deactivated": false }
                ],
                "custom_attributes": { "order": "A-17" },
                "created_at": "2025-03-20T22:10:00.004Z"
            }
        }),
    )
}

#[test]
fn explicit_nulls_of_a_message_are_written_back_as_null() {
    let delivery = message_added_with_nulls();
    let (event, again) = round_trip(&delivery);
    assert_eq!(again["data"]["content"]["content_type"], Value::Null);
    assert_eq!(again["data"]["external_id"], Value::Null);
    assert_eq!(again, delivery);

    let EventData::MessageAdded(message) = &event.data else {
        panic!("typed as a message")
    };
    assert_eq!(message.direction.value(), Some(&MessageDirection::Inbound));
    assert_eq!(message.channel.value(), Some(&Channel::Messenger));
    assert!(message.external_id.is_null());
    let conversation = &message.conversation;
    assert!(conversation.contact_point.is_null() && conversation.subject.is_null());
    let requester = conversation.requester.value().expect("a requester");
    assert!(requester.name.is_null() && requester.email.is_null());
    let tags = conversation.tags.value().expect("tags");
    assert_eq!(tags[0].name.value().map(String::as_str), Some("vip"));
    assert_eq!(tags[0].is_deactivated.value(), Some(&false));
}

#[test]
fn absent_keys_stay_absent() {
    let mut delivery = message_added_with_nulls();
    let data = delivery["data"].as_object_mut().unwrap();
    for key in [
        "external_id",
        "content",
        "direction",
        "text",
        "channel",
        "author",
    ] {
        data.remove(key);
    }
    let conversation = data["conversation"].as_object_mut().unwrap();
    for key in [
        "queue",
        "contact_point",
        "requester",
        "assignee",
        "subject",
        "tags",
        "direction",
    ] {
        conversation.remove(key);
    }
    let (event, again) = round_trip(&delivery);
    assert_eq!(again, delivery);
    let EventData::MessageAdded(message) = &event.data else {
        panic!("typed as a message")
    };
    assert!(message.external_id.is_absent() && message.conversation.queue.is_absent());
}

#[test]
fn the_shapes_integrations_met_decode_typed_and_re_encode_unchanged() {
    let base = message_added_with_nulls();
    let mut variants: Vec<(&str, Value)> = Vec::new();
    let mut with = |what: &'static str, change: &dyn Fn(&mut Value)| {
        let mut delivery = base.clone();
        change(&mut delivery);
        variants.push((what, delivery));
    };
    with("a page name as contact point", &|d| {
        d["data"]["conversation"]["contact_point"] = json!("Harbour Bikes");
    });
    with("no queue", &|d| {
        d["data"]["conversation"]["queue"] = Value::Null
    });
    with("an outbound message", &|d| {
        d["data"]["direction"] = json!("outbound")
    });
    for channel in ["MESSENGER", "FACEBOOK_MESSENGER", "CONTACT_FORM", "EMAIL"] {
        with("a channel", &move |d| {
            d["data"]["conversation"]["channel"] = json!(channel);
            d["data"]["channel"] = json!(channel);
        });
    }
    with("a closed conversation", &|d| {
        d["data"]["conversation"]["status"] = json!("CLOSED")
    });
    with("a tag without its flag", &|d| {
        d["data"]["conversation"]["tags"] = json!([{ "id": "t1", "name": "refund" }]);
    });
    with("a requester with an e-mail", &|d| {
        d["data"]["conversation"]["requester"]["email"] = json!("ada@rider.example");
    });
    for (what, delivery) in variants {
        let (event, again) = round_trip(&delivery);
        assert_eq!(again, delivery, "{what}");
        let EventData::MessageAdded(message) = &event.data else {
            panic!("{what}: typed as a message")
        };
        let conversation = &message.conversation;
        assert!(
            !matches!(conversation.channel, Channel::Unknown(_)),
            "{what}"
        );
        assert!(
            !matches!(conversation.status, ConversationStatus::Unknown(_)),
            "{what}"
        );
        if let Some(direction) = message.direction.value() {
            assert!(!matches!(direction, MessageDirection::Unknown(_)), "{what}");
        }
    }
}

#[test]
fn a_closed_conversation_from_the_same_data_is_a_conversation_change() {
    let mut delivery = message_added_with_nulls();
    delivery["event_fqn"] = json!("CONVERSATION_CLOSED");
    let conversation = delivery["data"]["conversation"].take();
    delivery["data"] = json!({ "conversation": conversation });
    delivery["data"]["conversation"]["status"] = json!("CLOSED");
    let (event, again) = round_trip(&delivery);
    assert!(matches!(event.data, EventData::ConversationChanged(_)));
    assert_eq!(again, delivery);
}
