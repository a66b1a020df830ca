//! The envelope every delivery shares: [`Event`], [`EventName`], [`EventData`].

use super::WebhookError;
use super::common::{ExtraFields, Id};
use super::data::{ConversationChanged, MessageAdded, NoteAdded};
use crate::runtime::wire::DateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// One webhook delivery: what happened (`event_fqn`), when, in which organization, and
/// the event's `data`.
///
/// Decoding is tolerant: an `event_fqn` this crate does not know is
/// [`EventName::Unknown`] with its `data` kept as JSON ([`EventData::Other`]), a known
/// event whose `data` does not fit its type is [`EventData::Undecoded`] (the JSON and the
/// error), and fields it does not know are kept in `extra`. Only a broken envelope is an
/// error. Re-encoding gives the same JSON value back (key order aside).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event's id, the same on every retry of its delivery (deduplicate on it).
    pub event_id: Id,
    /// What happened, e.g. `CONVERSATION_MESSAGE_ADDED`.
    pub event_fqn: EventName,
    /// The version of the event's payload, e.g. `"1"`.
    pub event_version: String,
    /// When the event was emitted.
    pub event_timestamp: DateTime,
    /// The organization the event belongs to.
    pub organization: Organization,
    /// The event's payload, typed for the events whose shape is known.
    pub data: EventData,
    /// Top-level fields this crate does not know yet.
    pub extra: ExtraFields,
}

impl Event {
    /// Decodes a webhook body. Call it on a body that [`Verifier`](super::Verifier) has
    /// verified (or use [`Verifier::verify_event`](super::Verifier::verify_event)).
    pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
        serde_json::from_slice(body).map_err(|error| {
            let path = crate::runtime::json_path_at(body, &error);
            let reason = if path.is_empty() {
                error.to_string()
            } else {
                format!("{path}: {error}")
            };
            WebhookError::InvalidPayload { reason }
        })
    }
}

/// The envelope as it is on the wire; `data` is typed once `event_fqn` is known.
#[derive(Deserialize)]
struct WireEvent {
    event_id: Id,
    event_fqn: EventName,
    event_version: String,
    event_timestamp: DateTime,
    organization: Organization,
    data: Value,
    #[serde(flatten)]
    extra: ExtraFields,
}

/// [`WireEvent`] for writing, borrowing from an [`Event`].
#[derive(Serialize)]
struct WireEventRef<'a> {
    event_id: &'a Id,
    event_fqn: &'a EventName,
    event_version: &'a str,
    event_timestamp: &'a DateTime,
    organization: &'a Organization,
    data: &'a EventData,
    #[serde(flatten)]
    extra: &'a ExtraFields,
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        let wire = WireEvent::deserialize(deserializer)?;
        let data = EventData::decode(&wire.event_fqn, wire.data);
        Ok(Event {
            event_id: wire.event_id,
            event_fqn: wire.event_fqn,
            event_version: wire.event_version,
            event_timestamp: wire.event_timestamp,
            organization: wire.organization,
            data,
            extra: wire.extra,
        })
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireEventRef {
            event_id: &self.event_id,
            event_fqn: &self.event_fqn,
            event_version: &self.event_version,
            event_timestamp: &self.event_timestamp,
            organization: &self.organization,
            data: &self.data,
            extra: &self.extra,
        }
        .serialize(serializer)
    }
}

/// An event's `data`, typed when this crate knows the event's shape.
///
/// Typed: the events Dixa's "Webhook payloads" page documents as carrying a conversation
/// (created, open, pending, pending expired, closed, abandoned, enqueued), and message and
/// note added, whose shapes are shown by example payloads. Everything else is
/// [`Other`](Self::Other), the JSON as sent. A known event whose `data` does not fit its
/// type (Dixa changed a field) still arrives, as [`Undecoded`](Self::Undecoded): the
/// delivery is genuine, and refusing it would only make Dixa retry it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)] // one per delivery: boxing would only add noise
pub enum EventData {
    /// `CONVERSATION_MESSAGE_ADDED`.
    MessageAdded(MessageAdded),
    /// `CONVERSATION_NOTE_ADDED`.
    NoteAdded(NoteAdded),
    /// `CONVERSATION_CREATED`, `_OPEN`, `_PENDING`, `_PENDING_EXPIRED`, `_CLOSED`,
    /// `_ABANDONED` and `_ENQUEUED`: the conversation, and what else the event carries in
    /// `extra` (e.g. `pendingByUser`, `queue`).
    ConversationChanged(ConversationChanged),
    /// A known event whose `data` does not decode into its type: the JSON as sent, and why
    /// it did not decode.
    Undecoded {
        /// The `data` as sent.
        data: Value,
        /// Where and why it did not decode.
        error: DataError,
    },
    /// Any other event: its `data` as sent.
    Other(Value),
}

impl EventData {
    /// Types `data` by the event's name; `data` that does not fit is kept with the error.
    fn decode(name: &EventName, data: Value) -> EventData {
        use EventName as E;
        let decoded = match name {
            E::ConversationMessageAdded => typed(name, &data).map(EventData::MessageAdded),
            E::ConversationNoteAdded => typed(name, &data).map(EventData::NoteAdded),
            E::ConversationCreated
            | E::ConversationOpen
            | E::ConversationPending
            | E::ConversationPendingExpired
            | E::ConversationClosed
            | E::ConversationAbandoned
            | E::ConversationEnqueued => typed(name, &data).map(EventData::ConversationChanged),
            _ => return EventData::Other(data),
        };
        decoded.unwrap_or_else(|error| EventData::Undecoded { data, error })
    }

    /// Why a known event's `data` did not decode, `None` when it did (or the event is
    /// not one this crate types).
    pub fn error(&self) -> Option<&DataError> {
        match self {
            EventData::Undecoded { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Written as sent: the typed value, or the JSON kept for an undecoded or unknown event.
impl Serialize for EventData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EventData::MessageAdded(data) => data.serialize(serializer),
            EventData::NoteAdded(data) => data.serialize(serializer),
            EventData::ConversationChanged(data) => data.serialize(serializer),
            EventData::Undecoded { data, .. } | EventData::Other(data) => {
                data.serialize(serializer)
            }
        }
    }
}

/// Why the `data` of a known event did not decode into its type: the event, the JSON
/// path inside `data` and serde's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{} of {event}: {message}", if path.is_empty() { "data" } else { "data." }, path)]
pub struct DataError {
    event: EventName,
    path: String,
    message: String,
}

impl DataError {
    /// The event whose `data` did not decode.
    pub fn event(&self) -> &EventName {
        &self.event
    }

    /// The JSON path inside `data` (`conversation.csid`), empty for `data` itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was expected there, serde's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

fn typed<T: serde::de::DeserializeOwned>(name: &EventName, data: &Value) -> Result<T, DataError> {
    serde_path_to_error::deserialize(data).map_err(|error| {
        let path = error.path().to_string();
        DataError {
            event: name.clone(),
            path: if path == "." { String::new() } else { path },
            message: error.into_inner().to_string(),
        }
    })
}

/// The organization an event belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The organization's id.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// Declares [`EventName`]: variant, `event_fqn` on the wire, and the name that webhook
/// subscriptions use for the same event.
macro_rules! event_names {
    ($($(#[$doc:meta])* $variant:ident = $fqn:literal, $subscription:literal;)+) => {
        /// What happened: an event's `event_fqn` (`UPPER_SNAKE_CASE`). Open: a name this
        /// crate does not know yet is [`Unknown`](Self::Unknown), kept as sent.
        ///
        /// The 32 known names are the events a subscription can ask for (the
        /// `CreateWebhookSubscriptionInput` of Dixa's description, in PascalCase), turned
        /// into `UPPER_SNAKE_CASE` the way Dixa's docs spell `CONVERSATION_MESSAGE_ADDED`.
        /// Seen in payloads: `CONVERSATION_MESSAGE_ADDED`, `CONVERSATION_NOTE_ADDED`,
        /// `CONVERSATION_RATED`; the rest follow the rule, and a name Dixa spells otherwise
        /// arrives as `Unknown`, never as an error.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum EventName {
            $($(#[$doc])* $variant,)+
            /// An `event_fqn` this crate does not know yet, as sent.
            Unknown(String),
        }

        impl EventName {
            /// The `event_fqn` text.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $fqn,)+
                    Self::Unknown(other) => other,
                }
            }

            /// The name a webhook subscription uses for this event (`ConversationNoteAdded`),
            /// `None` for an unknown one.
            pub fn subscription_name(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($subscription),)+
                    Self::Unknown(_) => None,
                }
            }
        }

        impl From<&str> for EventName {
            fn from(value: &str) -> Self {
                match value {
                    $($fqn => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
    };
}

event_names! {
    /// A conversation was created.
    ConversationCreated = "CONVERSATION_CREATED", "ConversationCreated";
    /// A closed conversation was reopened.
    ConversationOpen = "CONVERSATION_OPEN", "ConversationOpen";
    /// A follow-up put the conversation in pending.
    ConversationPending = "CONVERSATION_PENDING", "ConversationPending";
    /// A conversation's follow-up expired.
    ConversationPendingExpired = "CONVERSATION_PENDING_EXPIRED", "ConversationPendingExpired";
    /// A conversation was closed.
    ConversationClosed = "CONVERSATION_CLOSED", "ConversationClosed";
    /// A conversation was closed without an agent assigned.
    ConversationAbandoned = "CONVERSATION_ABANDONED", "ConversationAbandoned";
    /// A conversation entered a queue.
    ConversationEnqueued = "CONVERSATION_ENQUEUED", "ConversationEnqueued";
    /// A conversation was assigned to an agent.
    ConversationAssigned = "CONVERSATION_ASSIGNED", "ConversationAssigned";
    /// A conversation was unassigned.
    ConversationUnassigned = "CONVERSATION_UNASSIGNED", "ConversationUnassigned";
    /// A conversation was transferred (to an agent or a queue).
    ConversationTransferred = "CONVERSATION_TRANSFERRED", "ConversationTransferred";
    /// An internal note was added.
    ConversationNoteAdded = "CONVERSATION_NOTE_ADDED", "ConversationNoteAdded";
    /// A message was added.
    ConversationMessageAdded = "CONVERSATION_MESSAGE_ADDED", "ConversationMessageAdded";
    /// A tag was added.
    ConversationTagAdded = "CONVERSATION_TAG_ADDED", "ConversationTagAdded";
    /// A tag was removed.
    ConversationTagRemoved = "CONVERSATION_TAG_REMOVED", "ConversationTagRemoved";
    /// The end user rated the conversation, or commented on the rating.
    ConversationRated = "CONVERSATION_RATED", "ConversationRated";
    /// Custom attributes of the conversation changed.
    ConversationCustomAttributeUpdated =
        "CONVERSATION_CUSTOM_ATTRIBUTE_UPDATED", "ConversationCustomAttributeUpdated";
    /// The conversation's end user was replaced.
    ConversationEndUserReplaced = "CONVERSATION_END_USER_REPLACED", "ConversationEndUserReplaced";
    /// A message was sent.
    ConversationMessageDeliverySent =
        "CONVERSATION_MESSAGE_DELIVERY_SENT", "ConversationMessageDeliverySent";
    /// A message was delivered.
    ConversationMessageDeliveryDelivered =
        "CONVERSATION_MESSAGE_DELIVERY_DELIVERED", "ConversationMessageDeliveryDelivered";
    /// A message was seen.
    ConversationMessageDeliverySeen =
        "CONVERSATION_MESSAGE_DELIVERY_SEEN", "ConversationMessageDeliverySeen";
    /// A message could not be delivered.
    ConversationMessageDeliveryFailed =
        "CONVERSATION_MESSAGE_DELIVERY_FAILED", "ConversationMessageDeliveryFailed";
    /// Delivery information about a message.
    ConversationMessageDeliveryInfo =
        "CONVERSATION_MESSAGE_DELIVERY_INFO", "ConversationMessageDeliveryInfo";
    /// A recipient reported a message as spam.
    ConversationMessageDeliverySpamComplaint =
        "CONVERSATION_MESSAGE_DELIVERY_SPAM_COMPLAINT", "ConversationMessageDeliverySpamComplaint";
    /// An end user was banned.
    AgentBannedEnduser = "AGENT_BANNED_ENDUSER", "AgentBannedEnduser";
    /// An end user's ban was lifted.
    AgentUnbannedEnduser = "AGENT_UNBANNED_ENDUSER", "AgentUnbannedEnduser";
    /// An IP address was banned.
    AgentBannedIp = "AGENT_BANNED_IP", "AgentBannedIp";
    /// An IP address's ban was lifted.
    AgentUnbannedIp = "AGENT_UNBANNED_IP", "AgentUnbannedIp";
    /// An agent started typing to the end user.
    TypingStarted = "TYPING_STARTED", "TypingStarted";
    /// An SLA evaluation was created, awaiting its outcome.
    SlaEvaluationPending = "SLA_EVALUATION_PENDING", "SLAEvaluationPending";
    /// A conversation missed its SLA deadline.
    SlaEvaluationBreached = "SLA_EVALUATION_BREACHED", "SLAEvaluationBreached";
    /// A conversation met its SLA target.
    SlaEvaluationAchieved = "SLA_EVALUATION_ACHIEVED", "SLAEvaluationAchieved";
    /// An SLA evaluation no longer applies.
    SlaEvaluationVoided = "SLA_EVALUATION_VOIDED", "SLAEvaluationVoided";
}

crate::string_enum_impls!(EventName);
