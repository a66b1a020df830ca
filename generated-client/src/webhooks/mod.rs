//! Receiving Dixa's webhooks: signature verification and typed events (feature
//! `webhooks`; needs no HTTP stack, so `default-features = false, features = ["webhooks"]`
//! builds without reqwest and tokio).
//!
//! Dixa signs each delivery with the subscription's secret key (the hex string on the
//! webhook's page): `X-DIXA-SIGNATURE: t=<epoch milliseconds>,v1=<hex>`, where `v1` is
//! HMAC-SHA256 over `t`, `.` and the raw body, keyed with the hex-decoded secret. A
//! [`Verifier`] checks that signature in constant time, then that `t` is within a replay
//! window ([`DEFAULT_TOLERANCE`], five minutes, either way), with one [`WebhookError`]
//! variant per failure. [`Event`] is the payload, typed for the events whose shape is
//! known and kept as JSON for the rest.
//!
//! ```
//! use dixa_client::webhooks::{Event, EventData, Secret, Verifier, WebhookError};
//!
//! # fn main() -> Result<(), WebhookError> {
//! // Once, at start-up (e.g. from an environment variable):
//! let verifier = Verifier::new(Secret::from_hex("00112233445566778899aabbccddeeff")?);
//!
//! // Per request: the X-DIXA-SIGNATURE header and the raw body, before any JSON parsing.
//! # let body = br#"{"event_id":"e1","event_fqn":"CONVERSATION_TAG_ADDED","event_version":"1",
//! #   "event_timestamp":"2025-05-26T13:01:02.954Z","organization":{"id":"o1","name":"Org"},"data":{}}"#;
//! # let header = Secret::from_hex("00112233445566778899aabbccddeeff")?
//! #     .sign(body, jiff::Timestamp::now());
//! let event: Event = verifier.verify_event(header.as_str(), body)?;
//! match &event.data {
//!     EventData::MessageAdded(message) => println!("message in {}", message.conversation.csid),
//!     EventData::NoteAdded(note) => println!("note: {}", note.text),
//!     // A known event whose data changed shape: answer 2xx all the same, and look at it.
//!     EventData::Undecoded { error, .. } => eprintln!("{} ({}): {error}", event.event_fqn, event.event_id),
//!     _ => println!("{} ({})", event.event_fqn, event.event_id),
//! }
//! # Ok(()) }
//! ```
//!
//! `generated-client/examples/webhook_receiver.rs` is a complete receiver (axum). Answer
//! a delivery quickly with a 2xx and do the work after: Dixa retries failed deliveries, so
//! the same `event_id` can arrive more than once.
//!
//! To test your own receiver, [`Secret::sign`] makes the header Dixa would send.
//!
//! # What the event types rest on
//!
//! The envelope (`event_id`, `event_fqn`, `event_version`, `event_timestamp`,
//! `organization`, `data`) and the list of events are documented by Dixa; the shapes of
//! [`MessageAdded`] and [`NoteAdded`] come from example payloads, and [`Conversation`]
//! from both, checked against real deliveries. Everything this crate does not know is
//! kept: unknown events as JSON ([`EventData::Other`]), a known event whose `data` no
//! longer fits its type as JSON with the reason ([`EventData::Undecoded`]), unknown fields
//! in each struct's `extra`, unknown enum values as `Unknown(text)`, and a key sent as
//! `null` apart from one not sent ([`Nullable`]); re-encoding an [`Event`] gives the same
//! JSON value back.

mod common;
mod data;
mod error;
mod event;
mod signature;

pub use common::{ExtraFields, Id, Nullable};
pub use data::{
    Channel, Conversation, ConversationChanged, ConversationDirection, ConversationStatus,
    MessageAdded, MessageContent, MessageDirection, NoteAdded, Queue, Tag, User,
};
pub use error::WebhookError;
pub use event::{DataError, Event, EventData, EventName, Organization};
pub use signature::{
    DEFAULT_TOLERANCE, SIGNATURE_HEADER, SUBSCRIPTION_ID_HEADER, Secret, SignatureHeader, Verifier,
};
