//! The small types every webhook struct shares: [`Id`], [`Nullable`] and [`ExtraFields`]. A leaf:
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

/// A field that Dixa may leave out, send as `null`, or send with a value: the three are
/// kept apart, so that re-encoding an event gives back the JSON it came as (a receiver
/// that forwards events does not turn `"subject": null` into a missing key, or back).
///
/// [`value`](Self::value) is what most code wants: the value, or `None` for both `null`
/// and absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The key was not sent.
    #[default]
    Absent,
    /// The key was sent with `null`.
    Null,
    /// The key was sent with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, `None` when the key was `null` or not sent.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, `None` when the key was `null` or not sent.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Whether the key was not sent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the key was sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
}

impl Nullable<String> {
    /// The text, `None` when the key was `null` or not sent.
    pub fn as_deref(&self) -> Option<&str> {
        self.value().map(String::as_str)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `null` is [`Nullable::Null`]; an absent key is [`Nullable::Absent`] through
/// `#[serde(default)]` on the field.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// Written as the value or `null`; fields skip [`Nullable::Absent`] with
/// `#[serde(skip_serializing_if = "Nullable::is_absent")]`.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}
