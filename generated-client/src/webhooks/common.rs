//! The small types every webhook struct shares: [`Id`] and [`ExtraFields`]. A leaf:
//! `event.rs` (the envelope) and `data.rs` (the typed payloads) both build on it.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Fields this crate does not know yet, with their values as sent; written back when the
/// value is re-encoded, so nothing Dixa sends is lost.
pub type ExtraFields = BTreeMap<String, Value>;

/// An id as Dixa sent it (event, organization, user, queue, message and note ids).
///
/// Dixa documents ids as UUIDs, but the examples it publishes (the delivery-log example in
/// its own OpenAPI description) carry placeholders that are not (`...-14ae0c256gg4`): the
/// text is kept so that a delivery never fails on an id, and [`Id::to_uuid`] parses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a UUID (to call the API with), `None` if it is not one.
    pub fn to_uuid(&self) -> Option<uuid::Uuid> {
        uuid::Uuid::try_parse(&self.0).ok()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
