//! `Serialize` and `Deserialize` for the generated structs: [`struct_serde!`](crate::struct_serde).
//!
//! serde's derive emits, per struct, a `visit_map`, a positional `visit_seq` and key
//! matching by index and by bytes; JSON only ever needs the first. For 440 structs that
//! was half of this crate's code and of its build time. The macro writes just the
//! `visit_map` (a `match` on the key, one arm per field) around the functions below,
//! and a `Serialize` that writes the keys in order.

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Implements `Serialize` and `Deserialize` for a generated struct from its fields'
/// names, JSON keys and presence:
///
/// ```ignore
/// crate::struct_serde!(
///     Agent,
///     required(id, "id"),
///     nullable(manager_id, "managerId"),
///     optional(display_name, "displayName"),
/// );
/// ```
///
/// - `required`: must be there; written always.
/// - `nullable`: an `Option` that must be there but may be `null`; an absent key is
///   `None` too (as serde's derive does for `Option`s); `None` is written as `null`.
/// - `optional`: an `Option`; absent or `null` is `None`; `None` is not written.
///
/// Unknown keys are skipped; a missing `required` key, a repeated key or a value of the
/// wrong type fail with serde's own messages ("missing field `id`").
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! struct_serde {
    ($name:ident $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ::serde::ser::SerializeMap::end(serializer.serialize_map(Some(0))?)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FieldsVisitor;

                impl<'de> ::serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $crate::runtime::wire::skip_all(&mut map)?;
                        Ok($name {})
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
    ($name:ident, $($presence:ident($field:ident, $key:literal)),+ $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                $($crate::struct_serde!(@write $presence map, self.$field, $key);)+
                ::serde::ser::SerializeMap::end(map)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FieldsVisitor;

                impl<'de> ::serde::de::Visitor<'de> for FieldsVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        // The field names are the caller's identifiers: macro hygiene keeps
                        // them apart from `map` and `key`, whatever the fields are called.
                        // One `?` after the `match` rather than one per arm: each `?` is an
                        // early return that type checking and MIR building pay for.
                        $(let mut $field = None;)+
                        while let Some(key) = map.next_key::<$crate::runtime::wire::FieldName<'de>>()? {
                            match key.as_str() {
                                $($key => $crate::runtime::wire::field(&mut map, &mut $field, $key),)+
                                _ => $crate::runtime::wire::skip(&mut map),
                            }?;
                        }
                        Ok($name {
                            $($field: $crate::struct_serde!(@read $presence $field, $key),)+
                        })
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
    (@write optional $map:ident, $value:expr, $key:literal) => {
        if let Some(value) = &$value {
            ::serde::ser::SerializeMap::serialize_entry(&mut $map, $key, value)?;
        }
    };
    (@write $presence:ident $map:ident, $value:expr, $key:literal) => {
        ::serde::ser::SerializeMap::serialize_entry(&mut $map, $key, &$value)?;
    };
    (@read required $field:ident, $key:literal) => {
        $crate::runtime::wire::required($field, $key)?
    };
    (@read $presence:ident $field:ident, $key:literal) => {
        $field.flatten()
    };
}

/// An object key, borrowed from the input when the deserializer allows it.
pub struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = FieldName<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the key just read into `slot`; a second occurrence of the key is
/// an error, as with serde's derive.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Skips the value of a key the struct does not have (keys added later by Dixa).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Skips every entry: the whole `visit_map` of a struct without fields.
pub fn skip_all<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    struct Agent {
        id: String,
        manager: Option<String>,
        name: Option<String>,
        r#type: Option<Option<u8>>,
        map: Option<u8>,
    }

    crate::struct_serde!(
        Agent,
        required(id, "id"),
        nullable(manager, "managerId"),
        optional(name, "displayName"),
        optional(r#type, "type"),
        optional(map, "map"),
    );

    #[derive(Debug, PartialEq)]
    struct Nothing {}

    crate::struct_serde!(Nothing);

    #[test]
    fn behaves_like_serde_derive() {
        let agent: Agent =
            serde_json::from_str(r#"{"new":[1,{"x":2}],"displayName":null,"id":"a"}"#).unwrap();
        assert_eq!(
            agent,
            Agent {
                id: "a".into(),
                manager: None,
                name: None,
                r#type: None,
                map: None,
            }
        );
        let nothing: Nothing = serde_json::from_str(r#"{"a":{"b":[1]}}"#).unwrap();
        assert_eq!(nothing, Nothing {});
        let value = serde_json::json!({"id": "a", "displayName": "A", "type": 3, "map": 4});
        let agent: Agent = serde_json::from_value(value).unwrap();
        assert_eq!(agent.name.as_deref(), Some("A"));
        assert_eq!(agent.r#type, Some(Some(3)));
        assert_eq!(agent.map, Some(4));
        for (text, message) in [
            (r#"{"displayName":"A"}"#, "missing field `id`"),
            (r#"{"id":"a","id":"b"}"#, "duplicate field `id`"),
            (
                r#"{"id":7}"#,
                "invalid type: integer `7`, expected a string",
            ),
            (r#"["a"]"#, "invalid type: sequence, expected struct Agent"),
        ] {
            let err = serde_json::from_str::<Agent>(text).unwrap_err().to_string();
            assert!(err.starts_with(message), "{text}: {err}");
        }
    }

    #[test]
    fn writes_keys_in_order_nullable_as_null_and_skips_absent_optionals() {
        let agent = Agent {
            id: "a".into(),
            manager: None,
            name: Some("A".into()),
            r#type: None,
            map: Some(1),
        };
        assert_eq!(
            serde_json::to_string(&agent).unwrap(),
            r#"{"id":"a","managerId":null,"displayName":"A","map":1}"#
        );
        assert_eq!(serde_json::to_string(&Nothing {}).unwrap(), "{}");
    }
}
