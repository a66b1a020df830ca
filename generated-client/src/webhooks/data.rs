//! The typed `data` of the events whose shape is known, and the objects they share.
//!
//! What the shapes rest on: Dixa's "Webhook payloads" page (the envelope; which events
//! carry a `conversation`), the `CONVERSATION_NOTE_ADDED` payload in the delivery-log
//! example of Dixa's OpenAPI description, published `CONVERSATION_MESSAGE_ADDED` test
//! payloads, and real deliveries that integrations logged (`null` where the documentation
//! shows a value, a page name as `contact_point`, tags as objects). A field is required
//! only where every one of them has it; every other field is a [`Nullable`], which keeps
//! a key sent as `null` apart from one not sent, so that re-encoding gives the same JSON
//! value back. Fields not listed here are kept in `extra`.

use super::common::{ExtraFields, Id, Nullable};
use crate::runtime::wire::DateTime;
use serde::{Deserialize, Serialize};

/// The `data` of `CONVERSATION_MESSAGE_ADDED`: a message was added to a conversation.
///
/// ```json
/// {
///   "message_id": "c2b6e1f4-7a3d-4e5b-8c9d-0a1b2c3d4e5f",
///   "text": "Is my bike ready?",
///   "direction": "inbound",
///   "channel": "EMAIL",
///   "created_at": "2025-05-26T13:01:02.512Z",
///   "external_id": null,
///   "author": {
///     "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "Ada Rider",
///     "email": "ada@rider.example", "phone": null, "roles": [], "user_type": "Contact"
///   },
///   "content": {
///     "text": "Is my bike ready?", "content_type": null,
///     "original_content_url": null, "processed_content_url": null
///   },
///   "attachments": [],
///   "conversation": {
///     "csid": 812, "channel": "EMAIL", "status": "OPEN", "direction": "INBOUND",
///     "queue": { "id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "name": "Support" },
///     "contact_point": "support@harbour-bikes.example",
///     "requester": {
///       "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "Ada Rider",
///       "email": "ada@rider.example", "phone": null, "roles": [], "user_type": "Contact"
///     },
///     "assignee": null, "subject": "Repair 4711",
///     "tags": [{ "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "name": "repair", "is_deactivated": false }],
///     "created_at": "2025-05-26T13:01:02.101Z"
///   }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageAdded {
    /// The conversation, as it is after the message.
    pub conversation: Conversation,
    /// The message's id.
    pub message_id: Id,
    /// When the message was added.
    pub created_at: DateTime,
    /// Who wrote it (`inbound` from the end user, `outbound` to them): lowercase, unlike
    /// the conversation's [`ConversationDirection`].
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub direction: Nullable<MessageDirection>,
    /// The message's text.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub text: Nullable<String>,
    /// Its author.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub author: Nullable<User>,
    /// The channel it came through.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub channel: Nullable<Channel>,
    /// The content with its type and, for rich content, where it is stored.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub content: Nullable<MessageContent>,
    /// An id the message has outside Dixa (e.g. an email's); `null` when none.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub external_id: Nullable<String>,
    /// Fields this crate does not know yet (attachments, for one).
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A message's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageContent {
    /// The text.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub text: Nullable<String>,
    /// What kind of content (`"Text"`); real deliveries also send `null`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub content_type: Nullable<String>,
    /// Where the content as received is stored.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub original_content_url: Nullable<String>,
    /// Where the processed content is stored.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub processed_content_url: Nullable<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The `data` of `CONVERSATION_NOTE_ADDED`: an internal note was added to a conversation.
///
/// ```json
/// {
///   "note_id": "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f",
///   "text": "Customer called about the same order.",
///   "created_at": "2025-05-26T13:05:40.000Z",
///   "author": {
///     "id": "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", "name": "Sam Agent",
///     "email": "sam@harbour-bikes.example", "phone": null, "roles": ["Agent"], "user_type": "Member"
///   },
///   "conversation": {
///     "csid": 812, "channel": "WIDGET_CHAT", "status": "OPEN", "direction": "INBOUND",
///     "queue": null, "contact_point": null,
///     "requester": {
///       "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": null,
///       "email": null, "phone": null, "roles": ["Enduser"]
///     },
///     "assignee": null, "subject": null, "tags": [],
///     "created_at": "2025-05-26T13:01:02.101Z"
///   }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteAdded {
    /// The conversation, as it is after the note.
    pub conversation: Conversation,
    /// The note's id.
    pub note_id: Id,
    /// The note's text.
    pub text: String,
    /// When the note was added.
    pub created_at: DateTime,
    /// The agent who wrote it.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub author: Nullable<User>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The `data` of the conversation lifecycle events (created, open, pending, pending
/// expired, closed, abandoned, enqueued): the conversation, and what else the event carries.
///
/// A `CONVERSATION_CLOSED` from Facebook Messenger, as real deliveries look:
///
/// ```json
/// {
///   "conversation": {
///     "csid": 294, "channel": "FACEBOOK_MESSENGER", "status": "CLOSED", "direction": "INBOUND",
///     "queue": { "id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "name": "Social" },
///     "contact_point": "Harbour Bikes",
///     "requester": {
///       "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "name": "Ada Rider",
///       "email": null, "phone": null, "roles": [], "user_type": "Contact",
///       "additional_emails": []
///     },
///     "assignee": {
///       "id": "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", "name": "Sam Agent",
///       "email": "sam@harbour-bikes.example", "phone": null, "roles": [], "user_type": "Member"
///     },
///     "subject": null, "tags": [],
///     "created_at": "2025-03-20T22:15:17.854Z"
///   }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationChanged {
    /// The conversation, as it is after the event.
    pub conversation: Conversation,
    /// The other fields, as sent: `pendingByUser` (pending expired), `queue` (abandoned), ...
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A conversation as webhook payloads describe it (not the API's `Conversation` model:
/// the keys are `snake_case` and the enums `UPPER_SNAKE_CASE` here). Keys seen in real
/// deliveries but not documented (`custom_attributes`, for one) are in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation's number (`csid`), as the API's conversation operations take it.
    pub csid: i64,
    /// The channel, e.g. `EMAIL`, `WIDGET_CHAT`, `FACEBOOK_MESSENGER`.
    pub channel: Channel,
    /// `OPEN`, `PENDING`, `CLOSED`, ...
    pub status: ConversationStatus,
    /// When the conversation was created.
    pub created_at: DateTime,
    /// `INBOUND` (started by the end user) or `OUTBOUND`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub direction: Nullable<ConversationDirection>,
    /// The queue it is in; `null` when none.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub queue: Nullable<Queue>,
    /// What the end user contacted: an address or number, or, on social channels, a page
    /// name (`"Harbour Bikes"`) or `null`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub contact_point: Nullable<String>,
    /// The end user.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub requester: Nullable<User>,
    /// The agent it is assigned to; `null` when none.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub assignee: Nullable<User>,
    /// The subject; `null` when none (chats, social channels).
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub subject: Nullable<String>,
    /// The conversation's tags.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tags: Nullable<Vec<Tag>>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// An agent or end user. Requesters may carry keys the documentation does not list
/// (`additional_emails`, for one): they are in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: Id,
    /// Display name; `null` for some end users of social channels.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub name: Nullable<String>,
    /// Email address; `null` for end users of social channels.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub email: Nullable<String>,
    /// Phone number; `null` when none.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub phone: Nullable<String>,
    /// Roles, e.g. `"Agent"`, `"Admin"`, `"Enduser"`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub roles: Nullable<Vec<String>>,
    /// `"Member"` (an agent) or `"Contact"` (an end user), where sent.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub user_type: Nullable<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// The queue's id.
    pub id: Id,
    /// Its name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub name: Nullable<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A tag on a conversation: `{"id": ..., "name": "vip", "is_deactivated": false}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    /// The tag's id.
    pub id: Id,
    /// Its name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub name: Nullable<String>,
    /// Whether the tag is deactivated (kept on conversations, no longer offered).
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub is_deactivated: Nullable<bool>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// Declares an open string enum: known values plus `Unknown(String)`, matched exactly and
/// written back as sent (the models' convention, `string_enum_impls!`).
macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)+
            /// A value this crate does not know yet, as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        crate::string_enum_impls!($name);
    };
}

open_enum! {
    /// A conversation's channel. Seen in real deliveries: `EMAIL`, `WIDGET_CHAT`,
    /// `FACEBOOK_MESSENGER`, `MESSENGER`, `CONTACT_FORM`; the others are the API's channel
    /// names in `UPPER_SNAKE_CASE`, not confirmed.
    Channel {
        /// `EMAIL`.
        Email = "EMAIL",
        /// `WIDGET_CHAT`.
        WidgetChat = "WIDGET_CHAT",
        /// `CONTACT_FORM`.
        ContactForm = "CONTACT_FORM",
        /// `PSTN_PHONE`.
        PstnPhone = "PSTN_PHONE",
        /// `CALLBACK`.
        Callback = "CALLBACK",
        /// `VOICEMAIL`.
        Voicemail = "VOICEMAIL",
        /// `SMS`.
        Sms = "SMS",
        /// `WHATSAPP`.
        WhatsApp = "WHATSAPP",
        /// `FACEBOOK_MESSENGER`.
        FacebookMessenger = "FACEBOOK_MESSENGER",
        /// `MESSENGER`.
        Messenger = "MESSENGER",
        /// `TWITTER`.
        Twitter = "TWITTER",
    }
}

open_enum! {
    /// A conversation's status (`OPEN`, `PENDING` and `CLOSED` seen in payloads).
    ConversationStatus {
        /// `OPEN`.
        Open = "OPEN",
        /// `PENDING`.
        Pending = "PENDING",
        /// `AWAITING_PENDING`.
        AwaitingPending = "AWAITING_PENDING",
        /// `CLOSED`.
        Closed = "CLOSED",
    }
}

open_enum! {
    /// Who started a conversation (`INBOUND` and `OUTBOUND` seen in payloads).
    ConversationDirection {
        /// `INBOUND`: the end user.
        Inbound = "INBOUND",
        /// `OUTBOUND`: an agent.
        Outbound = "OUTBOUND",
        /// `INTERNAL`: between agents.
        Internal = "INTERNAL",
    }
}

open_enum! {
    /// Which way a message went: lowercase, unlike [`ConversationDirection`].
    MessageDirection {
        /// `inbound`: from the end user.
        Inbound = "inbound",
        /// `outbound`: to the end user.
        Outbound = "outbound",
        /// `internal`: between agents.
        Internal = "internal",
    }
}
