//! The typed `data` of the events whose shape is known, and the objects they share.
//!
//! What the shapes rest on: Dixa's "Webhook payloads" page (the envelope; which events
//! carry a `conversation`), the `CONVERSATION_NOTE_ADDED` payload in the delivery-log
//! example of Dixa's OpenAPI description, and a published `CONVERSATION_MESSAGE_ADDED`
//! test payload. A field is required only where every one of them has it; the rest are
//! `Option`s, and fields not listed here are kept in `extra`. Fields that the payloads
//! show as `null` (`queue`, `assignee`, `subject`, `phone`) are written back as `null`;
//! optional ones are left out when `None`.

use super::common::{ExtraFields, Id};
use crate::runtime::wire::DateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `data` of `CONVERSATION_MESSAGE_ADDED`: a message was added to a conversation.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<MessageDirection>,
    /// The message's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Its author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<User>,
    /// The channel it came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The content with its type and, for rich content, where it is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// An id the message has outside Dixa (e.g. an email's), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Fields this crate does not know yet (attachments, for one).
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A message's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageContent {
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What kind of content (`"Text"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Where the content as received is stored.
    #[serde(default)]
    pub original_content_url: Option<String>,
    /// Where the processed content is stored.
    #[serde(default)]
    pub processed_content_url: Option<String>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The `data` of `CONVERSATION_NOTE_ADDED`: an internal note was added to a conversation.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<User>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The `data` of the conversation lifecycle events (created, open, pending, pending
/// expired, closed, abandoned, enqueued): the conversation, and what else the event carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationChanged {
    /// The conversation, as it is after the event.
    pub conversation: Conversation,
    /// The other fields, as sent: `pendingByUser` (pending expired), `queue` (abandoned), ...
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// A conversation as webhook payloads describe it (not the API's `Conversation` model:
/// the keys are `snake_case` and the enums `UPPER_SNAKE_CASE` here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation's number (`csid`), as the API's conversation operations take it.
    pub csid: i64,
    /// The channel, e.g. `EMAIL`, `WIDGET_CHAT`.
    pub channel: Channel,
    /// `OPEN`, `PENDING`, `CLOSED`, ...
    pub status: ConversationStatus,
    /// When the conversation was created.
    pub created_at: DateTime,
    /// `INBOUND` (started by the end user) or `OUTBOUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<ConversationDirection>,
    /// The queue it is in; `null` when none.
    #[serde(default)]
    pub queue: Option<Queue>,
    /// The address or number the end user contacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_point: Option<String>,
    /// The end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<User>,
    /// The agent it is assigned to; `null` when none.
    #[serde(default)]
    pub assignee: Option<User>,
    /// The subject; `null` when none (chats).
    #[serde(default)]
    pub subject: Option<String>,
    /// The tags, as sent (every payload seen has `[]`, so their shape is not known yet).
    #[serde(default)]
    pub tags: Vec<Value>,
    /// Fields this crate does not know yet.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// An agent or end user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: Id,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number; `null` when none.
    #[serde(default)]
    pub phone: Option<String>,
    /// Roles, e.g. `"Agent"`, `"Admin"`, `"Enduser"`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// `"Member"` (an agent) or `"Contact"` (an end user), where sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
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
    #[serde(default)]
    pub name: Option<String>,
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
    /// A conversation's channel. `EMAIL` and `WIDGET_CHAT` are seen in payloads; the others
    /// are the API's channel names in `UPPER_SNAKE_CASE`, not confirmed.
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
    /// A conversation's status (`OPEN` and `PENDING` seen in payloads).
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
