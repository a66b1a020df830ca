//! Decoding of `_type`-tagged unions without buffering when the tag comes first.
//!
//! Dixa puts `"_type"` anywhere in the object (often last). serde's own internally
//! tagged enums buffer every object whole before choosing a variant and cannot keep
//! unknown variants. Here the keys before the tag (often none) are buffered as JSON
//! values, then the chosen variant reads those and the rest of the object straight
//! from the input. An unknown tag keeps the whole object as JSON.

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, Visitor,
};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

const TAG: &str = "_type";

/// A union whose variants are told apart by `"_type"`. Implemented by generated code.
pub trait TaggedUnion: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Decodes the variant for `tag` from the rest of the object.
    fn decode_variant<'de, C: VariantContent<'de>>(tag: &str, content: C)
    -> Result<Self, C::Error>;
}

/// The rest of a tagged object, after its tag was read.
pub trait VariantContent<'de> {
    type Error: de::Error;

    /// Decodes the remaining keys as the variant's payload type.
    fn fields<T: Deserialize<'de>>(self) -> Result<T, Self::Error>;

    /// A variant without fields: any other key is skipped.
    fn nothing(self) -> Result<(), Self::Error>;

    /// A tag this crate does not know: the whole object, `_type` included.
    fn unknown(self) -> Result<Value, Self::Error>;
}

/// `Deserialize::deserialize` for every generated tagged union.
pub fn deserialize_tagged<'de, D: Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<U>(PhantomData<fn() -> U>);

impl<'de, U: TaggedUnion> Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object with a `_type` key", U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut before_tag: Vec<(String, Value)> = Vec::new();
        loop {
            match map.next_key_seed(KeySeed)? {
                Some(Key::Tag) => {
                    let tag: Cow<'de, str> = map.next_value_seed(CowStrSeed)?;
                    let content = Rest {
                        tag: &tag,
                        before_tag: before_tag.into_iter(),
                        pending: None,
                        map,
                    };
                    return U::decode_variant(&tag, content);
                }
                Some(Key::Other(key)) => {
                    let value: Value = map.next_value()?;
                    before_tag.push((key, value));
                }
                None => {
                    return Err(de::Error::custom(format_args!(
                        "missing `_type` in `{}` object",
                        U::NAME
                    )));
                }
            }
        }
    }
}

enum Key {
    Tag,
    Other(String),
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(if v == TAG {
            Key::Tag
        } else {
            Key::Other(v.to_string())
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(if v == TAG { Key::Tag } else { Key::Other(v) })
    }
}

/// Reads a string, borrowing from the input when the deserializer allows it.
struct CowStrSeed;

impl<'de> DeserializeSeed<'de> for CowStrSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CowStrSeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string `_type`")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The keys buffered before the tag, then the live rest of the map.
struct Rest<'t, A> {
    tag: &'t str,
    before_tag: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before_tag.next() {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

impl<'de, A: MapAccess<'de>> VariantContent<'de> for Rest<'_, A> {
    type Error = A::Error;

    fn fields<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self))
    }

    fn nothing(mut self) -> Result<(), A::Error> {
        while self.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn unknown(mut self) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        object.insert(TAG.to_string(), Value::String(self.tag.to_string()));
        while let Some((key, value)) = self.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Email {
        subject: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[serde(tag = "_type")]
    enum Channel {
        Email(Email),
        NoAuth,
        #[serde(untagged)]
        Unknown(Value),
    }

    impl TaggedUnion for Channel {
        const NAME: &'static str = "Channel";
        fn decode_variant<'de, C: VariantContent<'de>>(
            tag: &str,
            content: C,
        ) -> Result<Self, C::Error> {
            Ok(match tag {
                "Email" => Channel::Email(content.fields()?),
                "NoAuth" => {
                    content.nothing()?;
                    Channel::NoAuth
                }
                _ => Channel::Unknown(content.unknown()?),
            })
        }
    }

    impl<'de> Deserialize<'de> for Channel {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_tagged(d)
        }
    }

    fn email() -> Channel {
        Channel::Email(Email {
            subject: "Hi".into(),
        })
    }

    #[test]
    fn the_tag_may_come_first_last_or_in_between() {
        for text in [
            r#"{"_type":"Email","subject":"Hi"}"#,
            r#"{"subject":"Hi","_type":"Email"}"#,
            r#"{"extra":1,"_type":"Email","subject":"Hi"}"#,
        ] {
            assert_eq!(
                serde_json::from_str::<Channel>(text).unwrap(),
                email(),
                "{text}"
            );
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                serde_json::from_value::<Channel>(value).unwrap(),
                email(),
                "{text}"
            );
        }
    }

    #[test]
    fn encoding_writes_the_tag() {
        let json = serde_json::to_value(email()).unwrap();
        assert_eq!(json, serde_json::json!({"_type": "Email", "subject": "Hi"}));
        assert_eq!(
            serde_json::to_value(Channel::NoAuth).unwrap(),
            serde_json::json!({"_type": "NoAuth"})
        );
    }

    #[test]
    fn unknown_tags_are_kept_whole_and_re_encoded_unchanged() {
        let text = r#"{"a":[1,2],"_type":"Carrier pigeon","b":{"c":null}}"#;
        let decoded: Channel = serde_json::from_str(text).unwrap();
        assert!(matches!(decoded, Channel::Unknown(_)));
        let original: Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), original);
    }

    #[test]
    fn fieldless_variants_skip_keys_added_later() {
        let decoded: Channel = serde_json::from_str(r#"{"_type":"NoAuth","since":"v2"}"#).unwrap();
        assert_eq!(decoded, Channel::NoAuth);
    }

    #[test]
    fn a_missing_tag_or_bad_payload_is_an_error_with_a_reason() {
        let err = serde_json::from_str::<Channel>(r#"{"subject":"Hi"}"#).unwrap_err();
        assert!(
            err.to_string().contains("missing `_type` in `Channel`"),
            "{err}"
        );
        let err = serde_json::from_str::<Channel>(r#"{"_type":"Email","subject":7}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}
