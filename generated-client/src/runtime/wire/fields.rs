//! `Serialize` and `Deserialize` for the generated structs: [`struct_serde!`](crate::struct_serde).
//!
//! serde's derive emits, per struct, a `Visitor` with `visit_map`, a positional
//! `visit_seq` and key matching by index and by bytes. For 440 structs that was half of
//! this crate's code and of its build time. Here each struct's impls are one call each:
//! reading is [`read_struct`], generic over the tuple of the fields' types (one
//! `visit_map` per tuple length, written once below), and writing is [`write_struct`]
//! over a tuple of [`Always`] / [`Omittable`] entries. The type checker then sees a
//! few lines per struct instead of a visitor; the code that runs is the same, made per
//! struct where it is used (the impls are generic, as serde's are).

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The most fields a struct's impls can take through the tuples below; the generator
/// gives larger structs `struct_serde!(Name, visitor, ...)`, a visitor of their own
/// (`dixa_codegen`'s `STRUCT_SERDE_MAX_TUPLE`; a test ties the two together).
pub const MAX_TUPLE_FIELDS: usize = 24;

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
/// wrong type fail with serde's own messages ("missing field `id`"). Structs with more
/// than [`MAX_TUPLE_FIELDS`] fields say `visitor` after their name: the same impls, with
/// a visitor of their own.
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
    ($name:ident, visitor, $($presence:ident($field:ident, $key:literal)),+ $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                $($crate::runtime::wire::Entry::write(
                    &$crate::struct_serde!(@entry $presence $key, &self.$field),
                    &mut map,
                )?;)+
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
                        $(let mut $field = None;)+
                        while let Some(key) = map.next_key::<$crate::runtime::wire::FieldName<'de>>()? {
                            match key.as_str() {
                                $($key => $crate::runtime::wire::field(&mut map, &mut $field, $key),)+
                                _ => $crate::runtime::wire::skip(&mut map),
                            }?;
                        }
                        Ok($name {
                            $($field: match $field {
                                Some(value) => value,
                                None => $crate::runtime::wire::absent($key)?,
                            },)+
                        })
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
    ($name:ident, $($presence:ident($field:ident, $key:literal)),+ $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::wire::write_struct(
                    serializer,
                    ($($crate::struct_serde!(@entry $presence $key, &self.$field),)+),
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // The field names are the caller's identifiers: macro hygiene keeps them
                // apart from `deserializer`, whatever the fields are called.
                let ($($field,)+) =
                    $crate::runtime::wire::read_struct(deserializer, stringify!($name), &[$($key),+])?;
                Ok($name { $($field),+ })
            }
        }
    };
    (@entry optional $key:literal, $value:expr) => {
        $crate::runtime::wire::Omittable($key, $value)
    };
    (@entry $presence:ident $key:literal, $value:expr) => {
        $crate::runtime::wire::Always($key, $value)
    };
}

/// The fields of a struct as a tuple of their types, in the order of its `N` keys.
pub trait Fields<'de, const N: usize>: Sized {
    fn read<D: de::Deserializer<'de>>(
        deserializer: D,
        name: &'static str,
        keys: &'static [&'static str; N],
    ) -> Result<Self, D::Error>;
}

/// The whole `deserialize` of a generated struct with fields: their values by key, in
/// the order of `keys`. Unknown keys are skipped; an absent key reads as [`absent`].
#[inline]
pub fn read_struct<'de, D: de::Deserializer<'de>, F: Fields<'de, N>, const N: usize>(
    deserializer: D,
    name: &'static str,
    keys: &'static [&'static str; N],
) -> Result<F, D::Error> {
    F::read(deserializer, name, keys)
}

/// The value of a field whose key is absent: `None` for an `Option` (the field's
/// `Deserialize` asks for an option and gets none), else serde's "missing field" error.
/// The same rule as serde's derive.
pub fn absent<'de, T: Deserialize<'de>, E: de::Error>(key: &'static str) -> Result<T, E> {
    T::deserialize(Absent(key)).map_err(|_| E::missing_field(key))
}

/// What [`absent`] decodes from.
struct Absent(&'static str);

impl<'de> de::Deserializer<'de> for Absent {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// One entry of a struct being written.
pub trait Entry {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// An entry written always (a `None` of a nullable field as `null`).
pub struct Always<'a, T>(pub &'static str, pub &'a T);

impl<T: Serialize> Entry for Always<'_, T> {
    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(self.0, self.1)
    }
}

/// An optional field's entry: written when `Some`.
pub struct Omittable<'a, T>(pub &'static str, pub &'a Option<T>);

impl<T: Serialize> Entry for Omittable<'_, T> {
    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(value) => map.serialize_entry(self.0, value),
            None => Ok(()),
        }
    }
}

/// A struct's entries as a tuple of [`Entry`]s, in the order of its keys.
pub trait Entries {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// The whole `serialize` of a generated struct with fields.
#[inline]
pub fn write_struct<S: Serializer, E: Entries>(
    serializer: S,
    entries: E,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    entries.write(&mut map)?;
    map.end()
}

/// The `Visitor` of a struct whose fields' types are the tuple `T`.
struct FieldsVisitor<T, const N: usize> {
    name: &'static str,
    keys: &'static [&'static str; N],
    fields: PhantomData<T>,
}

/// [`Entries`], [`Fields`] and the visitor for one tuple length: `T<i>` is the type of
/// field `i`, `v<i>` its value once read.
macro_rules! tuples {
    ($($T:ident $v:ident $i:tt),+) => {
        impl<$($T: Entry),+> Entries for ($($T,)+) {
            #[inline]
            fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                $(self.$i.write(map)?;)+
                Ok(())
            }
        }

        impl<'de, $($T: Deserialize<'de>),+> Fields<'de, { [$($i),+].len() }> for ($($T,)+) {
            #[inline]
            fn read<De: de::Deserializer<'de>>(
                deserializer: De,
                name: &'static str,
                keys: &'static [&'static str; [$($i),+].len()],
            ) -> Result<Self, De::Error> {
                deserializer.deserialize_map(FieldsVisitor::<Self, { [$($i),+].len() }> {
                    name,
                    keys,
                    fields: PhantomData,
                })
            }
        }

        impl<'de, $($T: Deserialize<'de>),+> Visitor<'de> for FieldsVisitor<($($T,)+), { [$($i),+].len() }> {
            type Value = ($($T,)+);

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "struct {}", self.name)
            }

            fn visit_map<Map: MapAccess<'de>>(self, mut map: Map) -> Result<Self::Value, Map::Error> {
                let mut slots = ($(None::<$T>,)+);
                while let Some(key) = map.next_key::<FieldName<'de>>()? {
                    let key = key.as_str();
                    match self.keys.iter().position(|k| *k == key) {
                        $(Some($i) => field(&mut map, &mut slots.$i, self.keys[$i]),)+
                        _ => skip(&mut map),
                    }?;
                }
                // Absent keys first, then one pattern for all: an early return per field
                // would make each length's MIR quadratic in its fields.
                $(if slots.$i.is_none() {
                    slots.$i = Some(absent(self.keys[$i])?);
                })+
                match slots {
                    ($(Some($v),)+) => Ok(($($v,)+)),
                    _ => Err(de::Error::custom("a struct field was left unread")),
                }
            }
        }
    };
}

tuples!(T0 v0 0);
tuples!(T0 v0 0, T1 v1 1);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18, T19 v19 19);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18, T19 v19 19, T20 v20 20);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18, T19 v19 19, T20 v20 20, T21 v21 21);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18, T19 v19 19, T20 v20 20, T21 v21 21, T22 v22 22);
tuples!(T0 v0 0, T1 v1 1, T2 v2 2, T3 v3 3, T4 v4 4, T5 v5 5, T6 v6 6, T7 v7 7, T8 v8 8, T9 v9 9, T10 v10 10, T11 v11 11, T12 v12 12, T13 v13 13, T14 v14 14, T15 v15 15, T16 v16 16, T17 v17 17, T18 v18 18, T19 v19 19, T20 v20 20, T21 v21 21, T22 v22 22, T23 v23 23);

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
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// The same struct twice: through the runtime's tuples, and with a visitor of its own
    /// (what the generator emits for structs wider than the tuples).
    macro_rules! agent {
        ($name:ident $(, $visitor:ident)?) => {
            #[derive(Debug, PartialEq)]
            struct $name {
                id: String,
                manager: Option<String>,
                name: Option<String>,
                r#type: Option<Option<u8>>,
                map: Option<u8>,
            }

            crate::struct_serde!(
                $name,
                $($visitor,)?
                required(id, "id"),
                nullable(manager, "managerId"),
                optional(name, "displayName"),
                optional(r#type, "type"),
                optional(map, "map"),
            );

            impl From<(&str, Option<&str>, Option<&str>, Option<Option<u8>>, Option<u8>)> for $name {
                fn from(
                    (id, manager, name, r#type, map): (&str, Option<&str>, Option<&str>, Option<Option<u8>>, Option<u8>),
                ) -> Self {
                    Self {
                        id: id.into(),
                        manager: manager.map(Into::into),
                        name: name.map(Into::into),
                        r#type,
                        map,
                    }
                }
            }
        };
    }

    agent!(Agent);
    agent!(WideAgent, visitor);

    #[derive(Debug, PartialEq)]
    struct Nothing {}

    crate::struct_serde!(Nothing);

    type Parts<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<Option<u8>>,
        Option<u8>,
    );

    fn behaves_like_serde_derive<T>(name: &str)
    where
        T: DeserializeOwned + Debug + PartialEq + for<'a> From<Parts<'a>>,
    {
        let agent: T =
            serde_json::from_str(r#"{"new":[1,{"x":2}],"displayName":null,"id":"a"}"#).unwrap();
        assert_eq!(agent, T::from(("a", None, None, None, None)));
        let value = serde_json::json!({"id": "a", "displayName": "A", "type": 3, "map": 4});
        let agent: T = serde_json::from_value(value).unwrap();
        assert_eq!(
            agent,
            T::from(("a", None, Some("A"), Some(Some(3)), Some(4)))
        );
        let expected_struct = format!("invalid type: sequence, expected struct {name}");
        for (text, message) in [
            (r#"{"displayName":"A"}"#, "missing field `id`"),
            (r#"{"id":"a","id":"b"}"#, "duplicate field `id`"),
            (
                r#"{"id":7}"#,
                "invalid type: integer `7`, expected a string",
            ),
            (r#"["a"]"#, expected_struct.as_str()),
        ] {
            let err = serde_json::from_str::<T>(text).unwrap_err().to_string();
            assert!(err.starts_with(message), "{text}: {err}");
        }
    }

    #[test]
    fn reads_like_serde_derive_through_the_tuples_and_with_a_visitor_of_its_own() {
        behaves_like_serde_derive::<Agent>("Agent");
        behaves_like_serde_derive::<WideAgent>("WideAgent");
        let nothing: Nothing = serde_json::from_str(r#"{"a":{"b":[1]}}"#).unwrap();
        assert_eq!(nothing, Nothing {});
    }

    fn writes<T: Serialize + for<'a> From<Parts<'a>>>() {
        let agent = T::from(("a", None, Some("A"), None, Some(1)));
        assert_eq!(
            serde_json::to_string(&agent).unwrap(),
            r#"{"id":"a","managerId":null,"displayName":"A","map":1}"#
        );
    }

    #[test]
    fn writes_keys_in_order_nullable_as_null_and_skips_absent_optionals() {
        writes::<Agent>();
        writes::<WideAgent>();
        assert_eq!(serde_json::to_string(&Nothing {}).unwrap(), "{}");
    }

    #[test]
    fn the_tuples_go_up_to_max_tuple_fields() {
        fn reads<'de, F: super::Fields<'de, { super::MAX_TUPLE_FIELDS }>>() {}
        type U = u8;
        reads::<(
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
            U,
        )>();
    }
}
