//! The generated tagged unions: [`tagged_union!`](crate::tagged_union), one declaration
//! per union in which each variant and its tag string are written once, and the
//! `Serialize`, `Deserialize` and tag match impls that it derives from them (its `From`
//! impls, constructors and accessors come from [`union_api!`](crate::union_api)).

use super::TAG_KEY;
use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};

/// A generated tagged union, declared once: the `enum`, its `Serialize`, `Deserialize`
/// and [`TaggedUnion`](super::TaggedUnion) impls, and the conveniences
/// [`union_api!`](crate::union_api) derives from the same declaration (`From<Payload>`,
/// short constructors, accessors):
///
/// ```ignore
/// crate::tagged_union! {
///     /// One of 2 kinds, ...
///     #[accessor(of(Email, Chat(optional)), subject = &str)]
///     pub enum Channel {
///         Email(#[new(email(subject = String))] Email) = "Email",
///         Chat(Chat) = "Chat",
///         NoAuth = "NoAuth",
///     }
/// }
/// ```
///
/// - `Variant(Payload) = "tag"`: a variant with one payload, whose keys are the rest of
///   the object (`{"_type": "Email", "subject": "Hi"}`). The payload may carry
///   `union_api!`'s markers (`#[new(...)]`, `#[without_from]`).
/// - `Variant = "tag"`: a variant without fields (`{"_type": "NoAuth"}`); keys sent with
///   it are skipped.
///
/// The enum's attributes are its docs, `#[deprecated ...]` if it is, then the
/// `#[accessor(...)]` table. It gets `#[derive(Debug, Clone, PartialEq)]`,
/// `#[non_exhaustive]` and a last variant `Unknown(serde_json::Value)`: any other tag
/// decodes into it, the whole object as sent, and is re-encoded unchanged. Encoding writes
/// the tag first. Variants are not boxed: decoding would pay one allocation per value for
/// a smaller enum, and the payloads are read far more often than moved.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! tagged_union {
    (
        $(#[doc = $doc:literal])*
        $(#[deprecated $($deprecation:tt)*])?
        $(#[accessor($($accessor:tt)*)])*
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $variant:ident $(($(#[$($mark:tt)*])* $payload:ident $(,)?))? = $tag:literal,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        $(#[deprecated $($deprecation)*])?
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[doc = $variant_doc])* $variant $(($payload))?,)*
            /// A `_type` this version of the crate does not know: the whole object as sent.
            Unknown(serde_json::Value),
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($crate::tagged_union!(@pattern $name $variant $(($payload))? value) => {
                        $crate::tagged_union!(@write serializer, $tag, $(($payload))? value)
                    })*
                    $name::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl $crate::runtime::wire::TaggedUnion for $name {
            const NAME: &'static str = stringify!($name);

            fn decode_variant<'de, C: $crate::runtime::wire::VariantContent<'de>>(
                tag: &str,
                content: C,
            ) -> Result<Self, C::Error> {
                // Each arm a `match` rather than a `?`: the `?` desugaring is what type
                // checking spends most on in a body this small.
                match tag {
                    $($tag => $crate::tagged_union!(@read content, $name $variant $(($payload))?),)*
                    _ => match content.unknown() {
                        Ok(value) => {
                            $crate::runtime::wire::drift::unknown_variant(stringify!($name), tag);
                            Ok($name::Unknown(value))
                        }
                        Err(error) => Err(error),
                    },
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::wire::deserialize_tagged(deserializer)
            }
        }

        $crate::union_api!(
            $name,
            [$([$($accessor)*]),*],
            [$($variant $(($(#[$($mark)*])* $payload))?),*],
        );
    };
    (@pattern $name:ident $variant:ident ($payload:ident) $value:ident) => { $name::$variant($value) };
    (@pattern $name:ident $variant:ident $value:ident) => { $name::$variant };
    (@write $serializer:ident, $tag:literal, ($payload:ident) $value:ident) => {
        $crate::runtime::wire::serialize_variant($serializer, $tag, $value)
    };
    (@write $serializer:ident, $tag:literal, $value:ident) => {
        $crate::runtime::wire::serialize_tag_only($serializer, $tag)
    };
    (@read $content:ident, $name:ident $variant:ident ($payload:ident)) => {
        match $content.fields() {
            Ok(fields) => Ok($name::$variant(fields)),
            Err(error) => Err(error),
        }
    };
    (@read $content:ident, $name:ident $variant:ident) => {
        match $content.nothing() {
            Ok(()) => Ok($name::$variant),
            Err(error) => Err(error),
        }
    };
}

/// `{"_type": tag}`: a variant without fields.
pub fn serialize_tag_only<S: Serializer>(
    serializer: S,
    tag: &'static str,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(TAG_KEY, tag)?;
    map.end()
}

/// `{"_type": tag, ...payload}`: the payload's own keys after the tag, in one object.
/// The payload must serialize as a map or a struct (every generated variant payload
/// does); anything else is an error naming the tag.
pub fn serialize_variant<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    tag: &'static str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    payload.serialize(TagFirst { serializer, tag })
}

/// A serializer that opens the payload's object with the tag entry.
struct TagFirst<S> {
    serializer: S,
    tag: &'static str,
}

impl<S: Serializer> TagFirst<S> {
    fn not_an_object(&self, kind: &str) -> S::Error {
        ser::Error::custom(format_args!(
            "the `{}` variant's payload must serialize as an object, not as {kind}",
            self.tag
        ))
    }
}

/// The entries of a payload struct, written into the tagged object's map.
struct StructEntries<M>(M);

impl<M: SerializeMap> SerializeStruct for StructEntries<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// The `Serializer` methods of [`TagFirst`] for values that are not objects.
macro_rules! not_an_object {
    ($($method:ident($($arg:ty),*) => $kind:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<S::Ok, S::Error> {
            Err(self.not_an_object($kind))
        })*
    };
}

impl<S: Serializer> Serializer for TagFirst<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = StructEntries<S::SerializeMap>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    fn serialize_map(self, len: Option<usize>) -> Result<S::SerializeMap, S::Error> {
        let mut map = self.serializer.serialize_map(len.map(|len| len + 1))?;
        map.serialize_entry(TAG_KEY, self.tag)?;
        Ok(map)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.serialize_map(Some(len)).map(StructEntries)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn is_human_readable(&self) -> bool {
        self.serializer.is_human_readable()
    }

    not_an_object! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a string";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_none() => "null";
        serialize_unit() => "null";
        serialize_unit_struct(&'static str) => "null";
        serialize_unit_variant(&'static str, u32, &'static str) => "a string";
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(self.not_an_object("an option"))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(self.not_an_object("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(self.not_an_object("an array"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(self.not_an_object("an array"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(self.not_an_object("an array"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(self.not_an_object("an enum variant"))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(self.not_an_object("an enum variant"))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    #[derive(Debug, Clone, PartialEq)]
    pub struct Email {
        subject: String,
    }

    crate::struct_serde!(Email, required(subject, "subject"));

    crate::tagged_union! {
        pub enum Channel {
            Email(Email) = "Email",
            NoAuth = "No-Auth",
        }
    }

    #[test]
    fn one_declaration_encodes_and_decodes_each_variant() {
        let email = Channel::from(Email {
            subject: "Hi".into(),
        });
        for (value, text) in [
            (email, r#"{"_type":"Email","subject":"Hi"}"#),
            (Channel::NoAuth, r#"{"_type":"No-Auth"}"#),
        ] {
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
            assert_eq!(
                serde_json::from_str::<Channel>(text).unwrap(),
                value,
                "{text}"
            );
        }
        let unknown = json!({"b": 1, "_type": "Pigeon", "a": [2]});
        let decoded: Channel = serde_json::from_value(unknown.clone()).unwrap();
        assert_eq!(decoded, Channel::Unknown(unknown.clone()));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), unknown);
        let tag_last: Channel =
            serde_json::from_str(r#"{"subject":"Hi","_type":"Email"}"#).unwrap();
        assert!(matches!(tag_last, Channel::Email(_)));
    }

    #[test]
    fn a_payload_that_is_not_an_object_is_an_encoding_error_naming_the_tag() {
        type Number = u8;
        crate::tagged_union! {
            pub enum Odd {
                Number(#[without_from] Number) = "Number",
            }
        }
        let err = serde_json::to_string(&Odd::Number(3)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the `Number` variant's payload must serialize as an object, not as a number"
        );
        let _ = Odd::Unknown(Value::Null);
    }
}
