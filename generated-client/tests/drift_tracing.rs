//! Drift is visible: with the `tracing` feature, a key a type does not declare, an enum
//! value or a union kind it does not list is a DEBUG event on `dixa_client::drift` naming
//! the operation, the path and the kind of value; the answer still decodes.
//!
//! The events are caught by a small `tracing::Subscriber` written here.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use dixa_client::testing::{Answer, TestTransport};
use dixa_client::v1::models::{Conversation, ConversationState};
use dixa_client::v1::operations::{agents, conversations};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const AGENT_ID: &str = "0b4d1a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

/// The fields of every event of the target `dixa_client::drift`.
#[derive(Clone, Default)]
struct DriftEvents(Arc<Mutex<Vec<BTreeMap<&'static str, String>>>>);

struct Fields<'a>(&'a mut BTreeMap<&'static str, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }
}

impl Subscriber for DriftEvents {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "dixa_client::drift"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        assert_eq!(*event.metadata().level(), tracing::Level::DEBUG);
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl DriftEvents {
    /// (operation, kind, path, value, value kind) of each event.
    fn seen(&self) -> Vec<[String; 5]> {
        let events = self.0.lock().unwrap();
        let field = |event: &BTreeMap<&str, String>, name: &str| {
            event.get(name).cloned().unwrap_or_default()
        };
        events
            .iter()
            .map(|e| {
                [
                    field(e, "dixa.operation_id"),
                    field(e, "dixa.drift_kind"),
                    field(e, "dixa.drift_path"),
                    field(e, "dixa.drift_value"),
                    field(e, "dixa.drift_value_kind"),
                ]
            })
            .collect()
    }
}

fn strings(items: [&str; 5]) -> [String; 5] {
    items.map(str::to_owned)
}

#[tokio::test]
async fn unknown_fields_enum_values_and_union_kinds_are_debug_events() {
    let drift = DriftEvents::default();
    let _default = tracing::subscriber::set_default(drift.clone());
    let dixa = TestTransport::new();
    dixa.answer(
        agents::Get::OPERATION,
        Answer::json(
            200,
            json!({"data": {
                "id": AGENT_ID, "createdAt": "2024-01-02T03:04:05Z",
                "displayName": "Ada", "email": "ada@example.com",
                "workingHours": {"monday": "9-17"}
            }}),
        ),
    );
    dixa.answer(
        conversations::Get::OPERATION,
        Answer::json(
            200,
            json!({"data": {
                "_type": "EmailConversation", "id": 42, "requesterId": AGENT_ID,
                "channel": "Email", "createdAt": "2024-01-02T03:04:05Z", "state": "Snoozed",
                "toEmail": "support@example.com", "fromEmail": "ada@example.com",
                "integrationEmail": "support@example.com"
            }}),
        ),
    );
    dixa.answer(
        conversations::Get::OPERATION,
        Answer::json(
            200,
            json!({"data": {"_type": "PigeonConversation", "id": 43}}),
        ),
    );
    let client = dixa.client();

    let agent = client
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(agent.data.display_name, "Ada");
    let email = client.v1().conversations().get(42).await.unwrap();
    assert_eq!(
        email.data.state(),
        Some(&ConversationState::Unknown("Snoozed".into()))
    );
    let pigeon = client.v1().conversations().get(43).await.unwrap();
    assert!(matches!(pigeon.data, Conversation::Unknown(_)));

    assert_eq!(
        drift.seen(),
        [
            strings([
                "getAgentsAgentid",
                "unknown field",
                "Agent.workingHours",
                "workingHours",
                "object"
            ]),
            strings([
                "getConversationsConversationid",
                "unknown enum value",
                "ConversationState",
                "Snoozed",
                "string"
            ]),
            strings([
                "getConversationsConversationid",
                "unknown union variant",
                "Conversation",
                "PigeonConversation",
                "object"
            ]),
        ]
    );
}

#[tokio::test]
async fn known_values_make_no_event() {
    let drift = DriftEvents::default();
    let _default = tracing::subscriber::set_default(drift.clone());
    let dixa = TestTransport::new();
    dixa.answer(
        agents::Get::OPERATION,
        Answer::json(
            200,
            json!({"data": {
                "id": AGENT_ID, "createdAt": "2024-01-02T03:04:05Z",
                "displayName": "Ada", "email": "ada@example.com"
            }}),
        ),
    );
    dixa.client()
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(drift.seen(), Vec::<[String; 5]>::new());
}
