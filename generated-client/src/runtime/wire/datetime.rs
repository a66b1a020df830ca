//! `format: date-time` as Dixa sends it.
//!
//! Dixa sends RFC 3339 (`2020-12-16T09:41:43Z`) but also Java's zoned form with an
//! RFC 9557 bracketed zone (`2021-12-01T12:46:36.581Z[GMT]`). [`DateTime`] accepts
//! both, gives the instant as a [`jiff::Timestamp`], and re-encodes the exact text it
//! was given, so a value read and written back is unchanged.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A point in time plus the text it was read from.
#[derive(Clone)]
pub struct DateTime {
    instant: jiff::Timestamp,
    text: Box<str>,
}

/// A string that is not a date-time Dixa could send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date-time `{text}`: {reason}")]
pub struct DateTimeError {
    text: String,
    reason: String,
}

impl DateTime {
    /// The instant.
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.instant
    }

    /// The text as received (or as produced by [`From<jiff::Timestamp>`]).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The bracketed zone annotation, if any: `GMT` for `...Z[GMT]`.
    pub fn zone_annotation(&self) -> Option<&str> {
        let open = self.text.find('[')?;
        self.text[open + 1..].strip_suffix(']')
    }

    /// The instant in the annotated time zone (falls back to UTC when there is no
    /// annotation); fails only if the zone is unknown to the system's tz database.
    pub fn to_zoned(&self) -> Result<jiff::ZonedDateTime, jiff::Error> {
        let zone = match self.zone_annotation() {
            Some(name) => jiff::tz::TimeZone::get(name)?,
            None => jiff::tz::TimeZone::UTC,
        };
        Ok(self.instant.to_zoned_datetime(zone))
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // jiff's Timestamp parser takes RFC 3339 and RFC 9557 (offset plus an optional
        // `[zone]` annotation, which does not change the instant).
        let instant = text.parse::<jiff::Timestamp>().map_err(|e| DateTimeError {
            text: text.to_string(),
            reason: e.to_string(),
        })?;
        Ok(DateTime {
            instant,
            text: text.into(),
        })
    }
}

impl From<jiff::Timestamp> for DateTime {
    fn from(instant: jiff::Timestamp) -> Self {
        DateTime {
            instant,
            text: instant.to_string().into(),
        }
    }
}

/// Equal when they denote the same text: a re-encoded value must not change.
impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateTimeVisitor;
        impl Visitor<'_> for DateTimeVisitor {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time string (RFC 3339, optionally with a [zone])")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_and_java_zoned_forms_parse_to_the_same_instant() {
        let plain: DateTime = "2021-12-01T12:46:36.581Z".parse().unwrap();
        let zoned: DateTime = "2021-12-01T12:46:36.581Z[GMT]".parse().unwrap();
        assert_eq!(plain.timestamp(), zoned.timestamp());
        assert_eq!(zoned.zone_annotation(), Some("GMT"));
        assert_eq!(zoned.as_str(), "2021-12-01T12:46:36.581Z[GMT]");
    }

    #[test]
    fn offsets_and_named_zones_keep_their_text() {
        for text in [
            "2020-12-16T09:41:43Z",
            "2020-12-16T10:41:43+01:00",
            "2020-12-16T10:41:43.123456789+01:00[Europe/Copenhagen]",
            "2023-03-26T01:30:00-05:00[America/New_York]",
        ] {
            let dt: DateTime = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(serde_json::to_string(&dt).unwrap(), format!("\"{text}\""));
        }
    }

    #[test]
    fn garbage_is_an_error_naming_the_text() {
        let err = "yesterday".parse::<DateTime>().unwrap_err();
        assert!(err.to_string().contains("`yesterday`"), "{err}");
    }
}
