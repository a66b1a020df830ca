//! `dixa_client::webhooks`: signatures (checked against MACs computed outside this crate),
//! each way a delivery is refused, and the typed events, including the
//! `CONVERSATION_NOTE_ADDED` payload of the delivery-log example in Dixa's description.

use crate::pinned;

use dixa_client::http;
use dixa_client::webhooks::{
    Channel, ConversationDirection, ConversationStatus, Event, EventData, EventName,
    MessageDirection, SIGNATURE_HEADER, Secret, Verifier, WebhookError,
};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::time::Duration;

const SECRET_HEX: &str = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const SIGNED_AT_MS: i64 = 1_748_264_462_954;
const BODY: &[u8] = br#"{"hello":"dixa"}"#;

fn verifier() -> Verifier {
    Verifier::new(Secret::from_hex(SECRET_HEX).expect("valid hex"))
}

fn at(milliseconds: i64) -> Timestamp {
    Timestamp::from_millisecond(milliseconds).expect("in range")
}

fn signed_now() -> Timestamp {
    at(SIGNED_AT_MS)
}

// ---------------------------------------------------------------------------------------
// Signatures against MACs computed independently

/// Keys from RFC 4231 (test cases 1, 2 and 6: a short key, an ASCII key, a key longer
/// than SHA-256's block), messages in Dixa's framing (`t`, `.`, body), MACs by OpenSSL:
/// `printf '%s' "$t.$body" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$key`.
const INDEPENDENT_VECTORS: &[(&str, i64, &str, &str)] = &[
    (
        SECRET_HEX,
        SIGNED_AT_MS,
        r#"{"hello":"dixa"}"#,
        "0130976f92e7c4c5185617e5a3336f4c17f7de8bd5ce4598ad88315339ebaed9",
    ),
    (
        "4a656665", // "Jefe"
        1_689_238_949_803,
        "what do ya want for nothing?",
        "be78a143b02e5abd7e54147e5f9fc3ce84b6b3e932cd0a438ac62221391a339c",
    ),
    (
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        1_700_000_000_000,
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "b04af90e2acc79fd4ba0979aa8d579f2a80b6d945db890f91800ec0c3ccfac4a",
    ),
];

#[test]
fn signatures_computed_by_openssl_verify() {
    for &(key, t, body, mac) in INDEPENDENT_VECTORS {
        let verifier = Verifier::new(Secret::from_hex(key).unwrap());
        let header = format!("t={t},v1={mac}");
        assert_eq!(
            verifier.verify_at(header.as_str(), body.as_bytes(), at(t)),
            Ok(()),
            "key {key}"
        );
    }
}

#[test]
fn the_signing_helper_writes_what_openssl_computes() {
    for &(key, t, body, mac) in INDEPENDENT_VECTORS {
        let secret = Secret::from_hex(key).unwrap();
        assert_eq!(
            secret.sign(body.as_bytes(), at(t)),
            format!("t={t},v1={mac}")
        );
    }
}

#[test]
fn a_body_signed_by_the_helper_verifies_and_a_one_byte_change_does_not() {
    let secret = Secret::from_hex(SECRET_HEX).unwrap();
    let header = secret.sign(BODY, signed_now());
    let verifier = Verifier::new(secret);
    assert_eq!(
        verifier.verify_at(header.as_str(), BODY, signed_now()),
        Ok(())
    );

    for index in 0..BODY.len() {
        let mut tampered = BODY.to_vec();
        tampered[index] ^= 0x01;
        assert_eq!(
            verifier.verify_at(header.as_str(), &tampered, signed_now()),
            Err(WebhookError::SignatureMismatch),
            "byte {index} changed"
        );
    }
    let mut longer = BODY.to_vec();
    longer.push(b' ');
    assert_eq!(
        verifier.verify_at(header.as_str(), &longer, signed_now()),
        Err(WebhookError::SignatureMismatch),
        "a byte added (re-serialized JSON is not the body Dixa signed)"
    );
}

#[test]
fn a_changed_timestamp_is_a_mismatch() {
    let header = Secret::from_hex(SECRET_HEX)
        .unwrap()
        .sign(BODY, signed_now());
    let moved = header.replace(&SIGNED_AT_MS.to_string(), &(SIGNED_AT_MS + 1).to_string());
    assert_eq!(
        verifier().verify_at(moved.as_str(), BODY, signed_now()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn a_wrong_secret_is_a_mismatch() {
    let header = Secret::from_hex("0c0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")
        .unwrap()
        .sign(BODY, signed_now());
    assert_eq!(
        verifier().verify_at(header.as_str(), BODY, signed_now()),
        Err(WebhookError::SignatureMismatch)
    );
}

// ---------------------------------------------------------------------------------------
// The replay window

#[test]
fn timestamps_within_the_tolerance_pass_either_way() {
    let header = Secret::from_hex(SECRET_HEX)
        .unwrap()
        .sign(BODY, signed_now());
    let verifier = verifier().tolerance(Duration::from_secs(60));
    for now in [SIGNED_AT_MS - 60_000, SIGNED_AT_MS, SIGNED_AT_MS + 60_000] {
        assert_eq!(verifier.verify_at(header.as_str(), BODY, at(now)), Ok(()));
    }
}

#[test]
fn a_stale_timestamp_is_refused() {
    let header = Secret::from_hex(SECRET_HEX)
        .unwrap()
        .sign(BODY, signed_now());
    let verifier = verifier().tolerance(Duration::from_secs(60));
    let error = verifier
        .verify_at(header.as_str(), BODY, at(SIGNED_AT_MS + 60_001))
        .unwrap_err();
    assert_eq!(
        error,
        WebhookError::StaleTimestamp {
            signed_at: signed_now(),
            age: Duration::from_millis(60_001),
            tolerance: Duration::from_secs(60),
        }
    );
    assert!(error.to_string().contains("ago"), "{error}");
}

#[test]
fn a_future_timestamp_is_refused() {
    let header = Secret::from_hex(SECRET_HEX)
        .unwrap()
        .sign(BODY, signed_now());
    let verifier = verifier().tolerance(Duration::from_secs(60));
    assert_eq!(
        verifier.verify_at(header.as_str(), BODY, at(SIGNED_AT_MS - 60_001)),
        Err(WebhookError::FutureTimestamp {
            signed_at: signed_now(),
            ahead: Duration::from_millis(60_001),
            tolerance: Duration::from_secs(60),
        })
    );
}

#[test]
fn the_default_tolerance_is_five_minutes_by_the_system_clock() {
    let secret = Secret::from_hex(SECRET_HEX).unwrap();
    let verifier = Verifier::new(secret.clone());
    let now = Timestamp::now();
    let fresh = secret.sign(BODY, now);
    assert_eq!(verifier.verify(fresh.as_str(), BODY), Ok(()));
    let an_hour_ago = secret.sign(BODY, now - jiff::SignedDuration::from_hours(1));
    assert!(matches!(
        verifier.verify(an_hour_ago.as_str(), BODY),
        Err(WebhookError::StaleTimestamp { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Headers

#[test]
fn a_missing_header_is_named() {
    assert_eq!(
        verifier().verify_at(None, BODY, signed_now()),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        verifier().verify_at(&http::HeaderMap::new(), BODY, signed_now()),
        Err(WebhookError::MissingSignature)
    );
}

#[test]
fn malformed_headers_are_refused_with_the_reason() {
    let mac = "0130976f92e7c4c5185617e5a3336f4c17f7de8bd5ce4598ad88315339ebaed9";
    let cases = [
        ("", "the value is empty"),
        ("   ", "the value is empty"),
        ("garbage", "a part is not `key=value`"),
        (&format!("v1={mac}"), "there is no `t=` part"),
        ("t=1748264462954", "there is no `v1=` part"),
        (
            &format!("t=,v1={mac}"),
            "`t` is not a number of milliseconds",
        ),
        (
            &format!("t=-1,v1={mac}"),
            "`t` is not a number of milliseconds",
        ),
        (
            &format!("t=1.5,v1={mac}"),
            "`t` is not a number of milliseconds",
        ),
        (
            &format!("t=99999999999999999999,v1={mac}"),
            "`t` is out of range",
        ),
        (&format!("t=1,t=2,v1={mac}"), "`t` is given twice"),
        ("t=1748264462954,v1=xyz", "`v1` is not hex"),
        (
            "t=1748264462954,v1=abcd",
            "`v1` is not 64 hex digits (an HMAC-SHA256)",
        ),
    ];
    for (header, reason) in cases {
        assert_eq!(
            verifier().verify_at(header, BODY, signed_now()),
            Err(WebhookError::MalformedSignature { reason }),
            "header {header:?}"
        );
    }
}

#[test]
fn parts_may_come_in_any_order_with_spaces_and_other_schemes_are_ignored() {
    let mac = "0130976f92e7c4c5185617e5a3336f4c17f7de8bd5ce4598ad88315339ebaed9";
    let header = format!("v0=ignored, v1={mac} , t={SIGNED_AT_MS}");
    assert_eq!(
        verifier().verify_at(header.as_str(), BODY, signed_now()),
        Ok(())
    );
}

#[test]
fn any_of_several_v1_signatures_may_match() {
    let mac = "0130976f92e7c4c5185617e5a3336f4c17f7de8bd5ce4598ad88315339ebaed9";
    let other = "00".repeat(32);
    let header = format!("t={SIGNED_AT_MS},v1={other},v1={mac}");
    assert_eq!(
        verifier().verify_at(header.as_str(), BODY, signed_now()),
        Ok(())
    );
}

#[test]
fn a_header_map_is_read_case_insensitively_and_once() {
    let header = Secret::from_hex(SECRET_HEX)
        .unwrap()
        .sign(BODY, signed_now());
    let mut headers = http::HeaderMap::new();
    headers.insert("X-DIXA-SIGNATURE", header.parse().unwrap());
    assert_eq!(verifier().verify_at(&headers, BODY, signed_now()), Ok(()));

    headers.append(SIGNATURE_HEADER, header.parse().unwrap());
    assert_eq!(
        verifier().verify_at(&headers, BODY, signed_now()),
        Err(WebhookError::MalformedSignature {
            reason: "the header is sent more than once"
        })
    );
}

// ---------------------------------------------------------------------------------------
// Secrets

#[test]
fn a_secret_that_is_not_hex_is_refused_without_showing_it() {
    let cases = [
        ("abc", "an odd number of hex digits"),
        ("00zz", "a character that is not a hex digit at position 2"),
        ("", "it is empty"),
    ];
    for (secret, reason) in cases {
        let error = Secret::from_hex(secret).unwrap_err();
        assert_eq!(
            error,
            WebhookError::InvalidSecret {
                reason: reason.to_owned()
            }
        );
        assert!(!error.to_string().contains('z'), "{error}");
    }
}

#[test]
fn surrounding_whitespace_of_a_secret_is_ignored() {
    let header = Secret::from_hex(&format!("{SECRET_HEX}\n"))
        .unwrap()
        .sign(BODY, signed_now());
    assert_eq!(
        verifier().verify_at(header.as_str(), BODY, signed_now()),
        Ok(())
    );
}

#[test]
fn the_secret_never_appears_in_debug_output() {
    let printed = format!(
        "{:?} {:?}",
        verifier(),
        Secret::from_hex(SECRET_HEX).unwrap()
    );
    assert!(!printed.contains("0b0b"), "{printed}");
    assert!(printed.contains("Secret(<redacted>)"), "{printed}");
}

// ---------------------------------------------------------------------------------------
// Events

/// The `CONVERSATION_NOTE_ADDED` payloads of the delivery-log example in Dixa's
/// description (`GET /webhooks/{id}/delivery-status/logs/{event}`), read from
/// `spec/fetched/` at test time: the description is never copied into the repository.
fn note_added_payloads_from_the_description() -> Vec<String> {
    let description = pinned::beta_description();
    let paths = description["paths"].as_object().expect("paths");
    let logs = paths
        .iter()
        .find(|(path, _)| {
            path.ends_with("/webhooks/{webhookSubscriptionId}/delivery-status/logs/{event}")
        })
        .map(|(_, item)| item)
        .expect("the delivery-log operation is in the description");
    let example = &logs["get"]["responses"]["200"]["content"]["application/json"]["example"];
    let payloads: Vec<String> = example["data"]
        .as_array()
        .expect("the example lists deliveries")
        .iter()
        .map(|delivery| {
            delivery["payload"]
                .as_str()
                .expect("payload is a string")
                .to_owned()
        })
        .collect();
    assert!(!payloads.is_empty());
    payloads
}

#[test]
fn the_note_added_payloads_of_the_description_decode_and_re_encode_unchanged() {
    for payload in note_added_payloads_from_the_description() {
        let event = Event::from_slice(payload.as_bytes()).expect("decodes");
        assert_eq!(event.event_fqn, EventName::ConversationNoteAdded);
        assert_eq!(event.event_version, "1");
        assert_eq!(event.event_timestamp.timestamp().as_millisecond() % 1000, 0);
        // The description's ids are placeholders that are not UUIDs ("...256gg4"): kept.
        assert_eq!(event.event_id.to_uuid(), None);
        let EventData::NoteAdded(note) = &event.data else {
            panic!("typed as a note: {:?}", event.data)
        };
        let conversation = &note.conversation;
        assert_eq!(conversation.csid, 1234);
        assert_eq!(conversation.channel, Channel::WidgetChat);
        assert_eq!(conversation.status, ConversationStatus::Open);
        assert_eq!(
            conversation.direction.value(),
            Some(&ConversationDirection::Inbound)
        );
        assert!(conversation.subject.is_null());
        assert!(conversation.queue.value().is_some() && conversation.assignee.value().is_some());
        let requester = conversation.requester.value().expect("requester");
        assert!(requester.phone.is_null());
        assert_eq!(requester.roles.value().unwrap(), &["Enduser"]);
        assert!(!note.text.is_empty());
        assert!(note.author.value().is_some());
        assert!(event.extra.is_empty() && note.extra.is_empty() && conversation.extra.is_empty());

        let original: Value = serde_json::from_str(&payload).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), original);
    }
}

/// A `CONVERSATION_MESSAGE_ADDED` payload in the shape published examples show (values
/// invented here), with a field this crate does not know (`attachments`).
const MESSAGE_ADDED: &str = r#"{
  "event_id": "5f0c7a52-3b1e-4d2a-9a47-1c2f0d9e8b61",
  "event_fqn": "CONVERSATION_MESSAGE_ADDED",
  "event_version": "1",
  "event_timestamp": "2025-05-26T13:01:02.954Z",
  "organization": { "id": "0d1c5e7a-8b2f-4c3d-9e6f-7a8b9c0d1e2f", "name": "Harbour Bikes" },
  "data": {
    "message_id": "c2b6e1f4-7a3d-4e5b-8c9d-0a1b2c3d4e5f",
    "text": "Is my bike ready?",
    "direction": "inbound",
    "channel": "EMAIL",
    "created_at": "2025-05-26T13:01:02.512Z",
    "external_id": "<4711@mail.harbour-bikes.example>",
    "author": {
      "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "Ada Rider",
      "email": "ada@rider.example", "phone": null, "roles": [], "user_type": "Contact"
    },
    "content": {
      "text": "Is my bike ready?", "content_type": "Text",
      "original_content_url": null, "processed_content_url": null
    },
    "attachments": [],
    "conversation": {
      "csid": 812, "channel": "EMAIL", "status": "OPEN", "direction": "INBOUND",
      "queue": null, "contact_point": "support@harbour-bikes.example",
      "requester": {
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "Ada Rider",
        "email": "ada@rider.example", "phone": null, "roles": [], "user_type": "Contact"
      },
      "assignee": null, "subject": null, "tags": [],
      "created_at": "2025-05-26T13:01:02.101Z"
    }
  }
}"#;

#[test]
fn a_message_added_payload_is_typed_with_both_casings_and_nulls() {
    let event = Event::from_slice(MESSAGE_ADDED.as_bytes()).expect("decodes");
    assert_eq!(event.event_fqn, EventName::ConversationMessageAdded);
    assert_eq!(
        event.event_id.to_uuid(),
        Some(uuid::uuid!("5f0c7a52-3b1e-4d2a-9a47-1c2f0d9e8b61"))
    );
    assert_eq!(event.organization.name, "Harbour Bikes");
    assert_eq!(event.event_timestamp.as_str(), "2025-05-26T13:01:02.954Z");
    let EventData::MessageAdded(message) = &event.data else {
        panic!("typed as a message: {:?}", event.data)
    };
    assert_eq!(message.direction.value(), Some(&MessageDirection::Inbound));
    assert_eq!(message.text.as_deref(), Some("Is my bike ready?"));
    assert_eq!(message.channel.value(), Some(&Channel::Email));
    assert_eq!(message.extra["attachments"], json!([]));
    let conversation = &message.conversation;
    assert_eq!(
        conversation.direction.value(),
        Some(&ConversationDirection::Inbound)
    );
    assert!(conversation.queue.is_null() && conversation.assignee.is_null());
    assert!(conversation.subject.is_null());

    let original: Value = serde_json::from_str(MESSAGE_ADDED).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), original);
}

#[test]
fn an_unknown_event_decodes_and_re_encodes_unchanged() {
    let payload = json!({
        "event_id": "8c3e7d51-2f4a-4b6c-9d8e-1f2a3b4c5d6e",
        "event_fqn": "CONVERSATION_TELEPORTED",
        "event_version": "7",
        "event_timestamp": "2025-05-26T13:01:02.954Z",
        "organization": { "id": "0d1c5e7a-8b2f-4c3d-9e6f-7a8b9c0d1e2f", "name": "Harbour Bikes", "tier": "gold" },
        "data": { "destination": { "x": 1, "y": [true, null, 2.5] }, "conversation": { "csid": "not a number" } },
        "delivery_attempt": 3
    });
    let event: Event = serde_json::from_value(payload.clone()).expect("decodes");
    assert_eq!(
        event.event_fqn,
        EventName::Unknown("CONVERSATION_TELEPORTED".into())
    );
    assert_eq!(event.event_fqn.subscription_name(), None);
    assert!(matches!(event.data, EventData::Other(_)));
    assert_eq!(event.extra["delivery_attempt"], json!(3));
    assert_eq!(serde_json::to_value(&event).unwrap(), payload);
}

#[test]
fn unknown_enum_values_of_a_known_event_are_kept() {
    let mut payload: Value = serde_json::from_str(MESSAGE_ADDED).unwrap();
    payload["data"]["direction"] = json!("sideways");
    payload["data"]["conversation"]["channel"] = json!("CARRIER_PIGEON");
    payload["data"]["conversation"]["status"] = json!("open");
    let event: Event = serde_json::from_value(payload.clone()).expect("decodes");
    let EventData::MessageAdded(message) = &event.data else {
        panic!("typed as a message")
    };
    assert_eq!(
        message.direction.value(),
        Some(&MessageDirection::Unknown("sideways".into()))
    );
    assert_eq!(
        message.conversation.channel,
        Channel::Unknown("CARRIER_PIGEON".into())
    );
    assert_eq!(
        message.conversation.status,
        ConversationStatus::Unknown("open".into())
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), payload);
}

#[test]
fn a_known_event_whose_data_does_not_fit_still_arrives_with_the_path() {
    let mut payload: Value = serde_json::from_str(MESSAGE_ADDED).unwrap();
    payload["data"]["conversation"]["csid"] = json!("eight hundred");
    let body = serde_json::to_vec(&payload).unwrap();
    let event = Event::from_slice(&body).expect("the envelope decodes");
    assert_eq!(event.event_fqn, EventName::ConversationMessageAdded);
    let EventData::Undecoded { data, error } = &event.data else {
        panic!("kept undecoded: {:?}", event.data)
    };
    assert_eq!(data, &payload["data"]);
    assert_eq!(error.path(), "conversation.csid");
    assert_eq!(error.event(), &EventName::ConversationMessageAdded);
    let reason = error.to_string();
    assert!(
        reason.starts_with("data.conversation.csid of CONVERSATION_MESSAGE_ADDED: invalid type"),
        "{reason}"
    );
    assert_eq!(event.data.error(), Some(error));
    assert_eq!(serde_json::to_value(&event).unwrap(), payload);
}

#[test]
fn data_that_is_not_an_object_is_undecoded_at_the_root() {
    let mut payload: Value = serde_json::from_str(MESSAGE_ADDED).unwrap();
    payload["data"] = json!([1, 2]);
    let event: Event = serde_json::from_value(payload.clone()).expect("the envelope decodes");
    let error = event.data.error().expect("undecoded");
    assert_eq!(error.path(), "");
    assert!(
        error
            .to_string()
            .starts_with("data of CONVERSATION_MESSAGE_ADDED: "),
        "{error}"
    );
    assert_eq!(serde_json::to_value(&event).unwrap(), payload);
}

#[test]
fn a_broken_envelope_names_the_path() {
    let body = br#"{"event_id": "e", "event_fqn": "CONVERSATION_CREATED", "event_version": 1}"#;
    let Err(WebhookError::InvalidPayload { reason }) = Event::from_slice(body) else {
        panic!("refused")
    };
    assert!(
        reason.starts_with("event_version: invalid type"),
        "{reason}"
    );
}

#[test]
fn event_names_map_to_subscription_names() {
    assert_eq!(
        EventName::from("CONVERSATION_NOTE_ADDED"),
        EventName::ConversationNoteAdded
    );
    assert_eq!(
        EventName::ConversationNoteAdded.subscription_name(),
        Some("ConversationNoteAdded")
    );
    assert_eq!(
        EventName::SlaEvaluationBreached.as_str(),
        "SLA_EVALUATION_BREACHED"
    );
    assert_eq!(
        EventName::SlaEvaluationBreached.subscription_name(),
        Some("SLAEvaluationBreached")
    );
}

#[test]
fn verify_event_verifies_then_decodes() {
    let secret = Secret::from_hex(SECRET_HEX).unwrap();
    let header = secret.sign(MESSAGE_ADDED.as_bytes(), Timestamp::now());
    let verifier = Verifier::new(secret);
    let event = verifier
        .verify_event(header.as_str(), MESSAGE_ADDED.as_bytes())
        .expect("verified and decoded");
    assert_eq!(event.event_fqn, EventName::ConversationMessageAdded);
    assert_eq!(
        verifier.verify_event(header.as_str(), b"{}").unwrap_err(),
        WebhookError::SignatureMismatch
    );
}

/// The JSON example in the docs of each typed event (`src/webhooks/data.rs`), with the
/// name of the struct it documents.
fn documented_examples() -> Vec<(String, Value)> {
    let source = include_str!("../src/webhooks/data.rs");
    let mut examples = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("/// ```json\n") {
        let after = &rest[start + "/// ```json\n".len()..];
        let end = after.find("/// ```\n").expect("a closed example");
        let json: String = after[..end]
            .lines()
            .map(|line| line.trim_start().trim_start_matches("///"))
            .collect::<Vec<_>>()
            .join("\n");
        let documented = &after[end..];
        let name = documented[documented.find("pub struct ").expect("the struct") + 11..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        examples.push((
            name,
            serde_json::from_str(&json).expect("the example is JSON"),
        ));
        rest = documented;
    }
    examples
}

#[test]
fn each_typed_event_documents_a_json_example_that_decodes_to_it() {
    let examples = documented_examples();
    let names: Vec<&str> = examples.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["MessageAdded", "NoteAdded", "ConversationChanged"]);
    for (name, data) in examples {
        let fqn = match name.as_str() {
            "MessageAdded" => "CONVERSATION_MESSAGE_ADDED",
            "NoteAdded" => "CONVERSATION_NOTE_ADDED",
            _ => "CONVERSATION_CLOSED",
        };
        let mut payload: Value = serde_json::from_str(MESSAGE_ADDED).unwrap();
        payload["event_fqn"] = json!(fqn);
        payload["data"] = data;
        let event: Event = serde_json::from_value(payload.clone()).expect("decodes");
        let typed = match &event.data {
            EventData::MessageAdded(_) => "MessageAdded",
            EventData::NoteAdded(_) => "NoteAdded",
            EventData::ConversationChanged(_) => "ConversationChanged",
            other => panic!("{name}'s example is not typed: {other:?}"),
        };
        assert_eq!(typed, name);
        assert_eq!(serde_json::to_value(&event).unwrap(), payload, "{name}");
    }
}
