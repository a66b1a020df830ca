//! `Serialize` and `Deserialize` for the generated structs: [`struct_serde!`](crate::struct_serde).
//!
//! serde's derive emits, per struct, a `Visitor` with `visit_map`, a positional
//! `visit_seq` and key matching by index and by bytes. For 440 structs that was half of
//! this crate's code and of its build time. Here each struct's impls are one call each
//! into code written once: reading is [`read_struct`], generic over the struct's field
//! types as a list `(A, (B, (C, ())))` ([`Fields`]), and writing is [`write_struct`] over
//! a list of [`Always`] / [`Omittable`] entries ([`Entries`]). A list rather than a flat
//! tuple: one impl covers every length, and each impl has two type parameters, so
//! neither the type checker nor the borrow checker sees a struct's width anywhere but in
//! that struct's own few lines. The work done at run time is a visitor's, made per struct
//! where it is used (the impls are generic, as serde's are), with two differences: keys
//! are compared with the struct's key list rather than with constants in a `match`, and
//! the values move once more, from the list into the struct (about +2-4 % instructions
//! on a decode; BENCHMARKS.md).

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

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
                $crate::runtime::wire::write_struct(serializer, ())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match $crate::runtime::wire::read_struct(deserializer, stringify!($name), &[]) {
                    Ok(()) => Ok($name {}),
                    Err(error) => Err(error),
                }
            }
        }
    };
    ($name:ident, $($presence:ident($field:ident, $key:literal)),+ $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::wire::write_struct(
                    serializer,
                    $crate::struct_serde!(@entries self $($presence($field, $key))+),
                )
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // The field names are the caller's identifiers: macro hygiene keeps them
                // apart from `deserializer` and `error`, whatever the fields are called. A
                // `match` rather than a `?`: in a body this small, the `?` desugaring is
                // most of what type checking does (5 % of the crate's build).
                match $crate::runtime::wire::read_struct(deserializer, stringify!($name), &[$($key),+]) {
                    Ok($crate::struct_serde!(@list $($field)+)) => Ok($name { $($field),+ }),
                    Err(error) => Err(error),
                }
            }
        }
    };
    // `(a, (b, (c, ())))`: the list of the fields' values, as a pattern.
    (@list) => {
        ()
    };
    (@list $field:ident $($rest:ident)*) => {
        ($field, $crate::struct_serde!(@list $($rest)*))
    };
    // The list of the fields' entries, to write.
    (@entries $self:tt) => {
        ()
    };
    (@entries $self:tt $presence:ident($field:ident, $key:literal) $($rest:tt)*) => {
        (
            $crate::struct_serde!(@entry $presence $key, &$self.$field),
            $crate::struct_serde!(@entries $self $($rest)*),
        )
    };
    (@entry optional $key:literal, $value:expr) => {
        $crate::runtime::wire::Omittable($key, $value)
    };
    (@entry $presence:ident $key:literal, $value:expr) => {
        $crate::runtime::wire::Always($key, $value)
    };
}

/// A struct's field types as a list, `(A, (B, (C, ())))`, in the order of its keys: what
/// [`read_struct`] reads.
pub trait Fields<'de>: Sized {
    /// What has been read so far: `(Option<A>, (Option<B>, (Option<C>, ())))`.
    type Slots;

    fn empty() -> Self::Slots;

    /// Reads the value of the key at `index` of the list into its slot.
    fn read_at<M: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        key: &'static str,
        map: &mut M,
    ) -> Result<(), M::Error>;

    /// The values, once every key has been read; `keys` from this field on.
    fn finish<E: de::Error>(slots: Self::Slots, keys: &[&'static str]) -> Result<Self, E>;
}

impl<'de> Fields<'de> for () {
    type Slots = ();

    fn empty() {}

    fn read_at<M: MapAccess<'de>>(
        _: &mut (),
        _: usize,
        _: &'static str,
        map: &mut M,
    ) -> Result<(), M::Error> {
        // More keys than fields: a caller's mistake, read as an unknown key.
        map.next_value::<IgnoredAny>().map(|_| ())
    }

    fn finish<E: de::Error>(_: (), _: &[&'static str]) -> Result<(), E> {
        Ok(())
    }
}

// `inline(always)`: a struct's list is one function once inlined, so its values are
// built in place; as a chain of calls, each level would copy the values after it.
impl<'de, H: Deserialize<'de>, T: Fields<'de>> Fields<'de> for (H, T) {
    type Slots = (Option<H>, T::Slots);

    #[inline(always)]
    fn empty() -> Self::Slots {
        (None, T::empty())
    }

    #[inline(always)]
    fn read_at<M: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        key: &'static str,
        map: &mut M,
    ) -> Result<(), M::Error> {
        match index.checked_sub(1) {
            None => field(map, &mut slots.0, key),
            Some(index) => T::read_at(&mut slots.1, index, key, map),
        }
    }

    #[inline(always)]
    fn finish<E: de::Error>(slots: Self::Slots, keys: &[&'static str]) -> Result<Self, E> {
        let Some((key, rest)) = keys.split_first() else {
            return Err(E::custom("a struct has more fields than keys"));
        };
        let head = match slots.0 {
            Some(value) => value,
            None => absent(key)?,
        };
        Ok((head, T::finish(slots.1, rest)?))
    }
}

/// The whole `deserialize` of a generated struct: its fields' values by key, in the
/// order of `keys`. Unknown keys are skipped; an absent key is `None` for an
/// `Option` field, else serde's "missing field" error.
#[inline]
pub fn read_struct<'de, D: de::Deserializer<'de>, F: Fields<'de>>(
    deserializer: D,
    name: &'static str,
    keys: &'static [&'static str],
) -> Result<F, D::Error> {
    deserializer.deserialize_map(FieldsVisitor::<F> {
        name,
        keys,
        fields: PhantomData,
    })
}

/// The `Visitor` of a struct whose field types are the list `F`.
struct FieldsVisitor<F> {
    name: &'static str,
    keys: &'static [&'static str],
    fields: PhantomData<F>,
}

impl<'de, F: Fields<'de>> Visitor<'de> for FieldsVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    #[inline]
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<F, M::Error> {
        let mut slots = F::empty();
        while let Some(key) = map.next_key::<FieldName<'de>>()? {
            let key = key.as_str();
            match self.keys.iter().enumerate().find(|(_, k)| **k == key) {
                Some((index, key)) => F::read_at(&mut slots, index, key, &mut map),
                None => skip(&mut map, self.name, key),
            }?;
        }
        F::finish(slots, self.keys)
    }
}

/// The value of a field whose key is absent: `None` for an `Option` (the field's
/// `Deserialize` asks for an option and gets none), else serde's "missing field" error.
/// The same rule as serde's derive.
#[inline]
fn absent<'de, T: Deserialize<'de>, E: de::Error>(key: &'static str) -> Result<T, E> {
    T::deserialize(Absent(key)).map_err(|_| E::missing_field(key))
}

/// What [`absent`] decodes from.
struct Absent(&'static str);

impl<'de> de::Deserializer<'de> for Absent {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::missing_field(self.0))
    }

    #[inline]
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

/// A struct's entries as a list, `(a, (b, (c, ())))`, in the order of its keys.
pub trait Entries {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

impl Entries for () {
    #[inline]
    fn write<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

impl<H: Entry, T: Entries> Entries for (H, T) {
    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.0.write(map)?;
        self.1.write(map)
    }
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

/// An object key, borrowed from the input when the deserializer allows it.
struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    fn as_str(&self) -> &str {
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
fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
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

/// Skips the value of a key the struct does not have (keys added later by Dixa): drift,
/// reported with the `tracing` feature ([`super::drift`]).
#[cold]
fn skip<'de, A: MapAccess<'de>>(
    map: &mut A,
    type_name: &'static str,
    key: &str,
) -> Result<(), A::Error> {
    super::drift::skip_unknown_field(map, type_name, key)
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// A struct with each kind of field, named `$name`.
    macro_rules! agent {
        ($name:ident) => {
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
                required(id, "id"),
                nullable(manager, "managerId"),
                optional(name, "displayName"),
                optional(r#type, "type"),
                optional(map, "map"),
            );

            impl
                From<(
                    &str,
                    Option<&str>,
                    Option<&str>,
                    Option<Option<u8>>,
                    Option<u8>,
                )> for $name
            {
                fn from(
                    (id, manager, name, r#type, map): (
                        &str,
                        Option<&str>,
                        Option<&str>,
                        Option<Option<u8>>,
                        Option<u8>,
                    ),
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
    fn reads_like_serde_derive() {
        behaves_like_serde_derive::<Agent>("Agent");
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
        assert_eq!(serde_json::to_string(&Nothing {}).unwrap(), "{}");
    }

    /// No limit on the number of fields: the list of their types is as long as the struct.
    #[test]
    fn structs_of_any_width_read_and_write() {
        #[derive(Debug, PartialEq)]
        struct Wide {
            f00: u8,
            f01: u8,
            f02: u8,
            f03: u8,
            f04: u8,
            f05: u8,
            f06: u8,
            f07: u8,
            f08: u8,
            f09: u8,
            f10: u8,
            f11: u8,
            f12: u8,
            f13: u8,
            f14: u8,
            f15: u8,
            f16: u8,
            f17: u8,
            f18: u8,
            f19: u8,
            f20: u8,
            f21: u8,
            f22: u8,
            f23: u8,
            f24: u8,
            f25: u8,
            f26: u8,
            f27: u8,
            f28: u8,
            f29: u8,
            f30: Option<u8>,
        }
        crate::struct_serde!(
            Wide,
            required(f00, "f00"),
            required(f01, "f01"),
            required(f02, "f02"),
            required(f03, "f03"),
            required(f04, "f04"),
            required(f05, "f05"),
            required(f06, "f06"),
            required(f07, "f07"),
            required(f08, "f08"),
            required(f09, "f09"),
            required(f10, "f10"),
            required(f11, "f11"),
            required(f12, "f12"),
            required(f13, "f13"),
            required(f14, "f14"),
            required(f15, "f15"),
            required(f16, "f16"),
            required(f17, "f17"),
            required(f18, "f18"),
            required(f19, "f19"),
            required(f20, "f20"),
            required(f21, "f21"),
            required(f22, "f22"),
            required(f23, "f23"),
            required(f24, "f24"),
            required(f25, "f25"),
            required(f26, "f26"),
            required(f27, "f27"),
            required(f28, "f28"),
            required(f29, "f29"),
            optional(f30, "f30"),
        );
        let text: String = (0..30)
            .map(|i| format!(r#""f{i:02}":{i}"#))
            .collect::<Vec<_>>()
            .join(",");
        let wide: Wide = serde_json::from_str(&format!("{{{text}}}")).unwrap();
        assert_eq!((wide.f00, wide.f17, wide.f29, wide.f30), (0, 17, 29, None));
        assert_eq!(serde_json::to_string(&wide).unwrap(), format!("{{{text}}}"));
        let without_f29 = text.replace(r#","f29":29"#, "");
        let err = serde_json::from_str::<Wide>(&format!("{{{without_f29}}}")).unwrap_err();
        assert!(err.to_string().starts_with("missing field `f29`"), "{err}");
    }
}
