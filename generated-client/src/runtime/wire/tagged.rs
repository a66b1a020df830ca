//! Decoding of tagged unions (the tag key is [`TAG_KEY`]).
//!
//! Dixa puts the tag anywhere in the object, most often last, after everything it
//! selects. serde's own internally tagged enums buffer every object whole before choosing
//! a variant and cannot keep unknown variants. The paths here:
//!
//! - From `serde_json` (bytes, text or `Value`): the object comes whole as raw JSON text
//!   (serde_json's `raw_value` protocol, one fast skip over its bytes). The tag is found
//!   in that text, where Dixa puts it (last or first) in a few bytes, else by a scan of
//!   the keys; then the variant is decoded straight from the text. Nothing is buffered.
//! - From any other deserializer: the keys before the tag (often all of them) are
//!   buffered as JSON values, then the chosen variant reads those and the rest of the
//!   object from the input.
//! - For precise errors ([`with_precise_errors`]): the document is decoded twice. The
//!   first time as above, noting each union's tag in the order the unions begin; the
//!   second time each union takes its tag from that list and its variant reads the
//!   object straight from the input, whatever the order of its keys, so an error carries
//!   the input's own position of the failing value.
//!
//! An error found on the fast path is reported with the path inside the union object, at
//! the position of the object's end; the runtime decodes a failing body once more with
//! [`with_precise_errors`], which points at the failing value. An unknown tag keeps the
//! whole object as JSON. A second tag key in one object is an error on every path, as a
//! repeated struct field is.

use super::TAG_KEY;
use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, Visitor,
};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

/// The name serde_json's deserializers recognise in `deserialize_newtype_struct` to hand
/// over a value as raw text (`serde_json::value::RawValue`'s protocol; the `raw_value`
/// feature). Other deserializers treat it as an ordinary newtype name. A test checks
/// that serde_json still answers to it.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A union whose variants are told apart by [`TAG_KEY`]. Implemented by
/// [`tagged_union!`](crate::tagged_union).
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

    /// A tag this crate does not know: the whole object, the tag included.
    fn unknown(self) -> Result<Value, Self::Error>;
}

/// How this thread decodes unions; see [`with_precise_errors`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// From raw text where the deserializer offers it.
    Fast,
    /// As `Fast`, noting each union's tag in [`TAGS`].
    Record,
    /// Each union takes its tag from [`TAGS`] and reads its object from the input.
    Replay,
}

/// The tags noted by [`Mode::Record`], one entry per union in the order the unions
/// begin (`None` until its tag is read), and the next one [`Mode::Replay`] takes.
#[derive(Default)]
struct TagLog {
    tags: Vec<Option<String>>,
    next: usize,
}

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Fast) };
    static TAGS: RefCell<TagLog> = RefCell::default();
}

/// Runs `decode` so that an error in a tagged union carries the exact position of the
/// failing value: for re-decoding a body that failed, to report where. Runs `decode`
/// twice (see the module's docs) and returns the second result; only failing bodies
/// should pay for it.
pub fn with_precise_errors<R>(decode: impl Fn() -> R) -> R {
    /// Puts back what was there before, also after a panic.
    struct Restore {
        mode: Mode,
        tags: TagLog,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            MODE.set(self.mode);
            TAGS.set(std::mem::take(&mut self.tags));
        }
    }
    let _restore = Restore {
        mode: MODE.replace(Mode::Record),
        tags: TAGS.take(),
    };
    // The result of the first run is not needed: decoding is deterministic, so the
    // second fails (or not) the same way, with the better position.
    drop(decode());
    MODE.set(Mode::Replay);
    decode()
}

/// `Deserialize::deserialize` for every generated tagged union.
pub fn deserialize_tagged<'de, D: Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<U, D::Error> {
    let note = match MODE.get() {
        Mode::Fast => None,
        Mode::Record => Some(TAGS.with_borrow_mut(|log| {
            log.tags.push(None);
            log.tags.len() - 1
        })),
        Mode::Replay => {
            let tag = TAGS.with_borrow_mut(|log| {
                let tag = log.tags.get_mut(log.next).and_then(Option::take);
                log.next += 1;
                tag
            });
            return match tag {
                Some(tag) => deserializer.deserialize_map(KnownTagVisitor(tag, PhantomData)),
                // The first run failed in this union before its tag was read: read the
                // keys in order, which finds the failure where it is.
                None => deserializer.deserialize_map(TaggedVisitor::new(None)),
            };
        }
    };
    // serde_json answers with `visit_map` of one raw-text entry; deserializers that
    // forward newtypes to `deserialize_any` answer with the object itself (`visit_map`);
    // the others with `visit_newtype_struct`.
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, TaggedVisitor::new(note))
}

/// Notes `tag` for the union at `note` (in [`Mode::Record`]).
fn note_tag(note: Option<usize>, tag: &str) {
    if let Some(index) = note {
        TAGS.with_borrow_mut(|log| log.tags[index] = Some(tag.to_string()));
    }
}

struct TaggedVisitor<U> {
    /// Where to note the tag (in [`Mode::Record`]).
    note: Option<usize>,
    marker: PhantomData<fn() -> U>,
}

impl<U> TaggedVisitor<U> {
    fn new(note: Option<usize>) -> Self {
        TaggedVisitor {
            note,
            marker: PhantomData,
        }
    }
}

impl<'de, U: TaggedUnion> Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object with a `{TAG_KEY}` key", U::NAME)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<U, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let first = map.next_key_seed(KeySeed)?;
        if let Some(Key::RawValue) = first {
            let raw: Cow<'de, str> = map.next_value_seed(CowStrSeed)?;
            return decode_raw::<U>(&raw, self.note).map_err(de::Error::custom);
        }
        decode_buffered(first, map, self.note)
    }
}

/// The replay of [`Mode::Replay`]: the tag is known, the object is read in order.
struct KnownTagVisitor<U>(String, PhantomData<fn() -> U>);

impl<'de, U: TaggedUnion> Visitor<'de> for KnownTagVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<U, A::Error> {
        U::decode_variant(&self.0, Rest::new(&self.0, Vec::new(), false, map))
    }
}

/// The buffered path: `first` is the first key, already read from `map`.
fn decode_buffered<'de, U: TaggedUnion, A: MapAccess<'de>>(
    first: Option<Key>,
    mut map: A,
    note: Option<usize>,
) -> Result<U, A::Error> {
    let mut before_tag: Vec<(String, Value)> = Vec::new();
    let mut key = first;
    loop {
        match key {
            Some(Key::Tag) => {
                let tag: Cow<'de, str> = map.next_value_seed(CowStrSeed)?;
                note_tag(note, &tag);
                return U::decode_variant(&tag, Rest::new(&tag, before_tag, true, map));
            }
            Some(Key::Other(name)) => {
                let value: Value = map.next_value()?;
                before_tag.push((name, value));
            }
            Some(Key::RawValue) => {
                let value: Value = map.next_value()?;
                before_tag.push((RAW_VALUE_TOKEN.to_string(), value));
            }
            None => return Err(missing_tag(U::NAME)),
        }
        key = map.next_key_seed(KeySeed)?;
    }
}

fn missing_tag<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("missing `{TAG_KEY}` in `{name}` object"))
}

// ---------------------------------------------------------------------------------------
// The raw-text path

/// Decodes a union from the JSON text of its object. An error names the path inside
/// the object (`at `emailContent.content`: ...`), since its position is the object's end.
fn decode_raw<U: TaggedUnion>(raw: &str, note: Option<usize>) -> Result<U, String> {
    find_tag(raw, U::NAME)
        .and_then(|tag| {
            note_tag(note, &tag);
            let mut deserializer = serde_json::Deserializer::from_str(raw);
            let union = deserializer.deserialize_map(VariantVisitor::<U> {
                tag: &tag,
                marker: PhantomData,
            })?;
            deserializer.end()?;
            Ok(union)
        })
        .map_err(|e| located_message(raw, &e))
}

/// `at `a.b`: message` (serde_json's own position, relative to `raw`, left out).
fn located_message(raw: &str, error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&position).unwrap_or(&text);
    let path = crate::runtime::json_path_at(raw.as_bytes(), error);
    if path == "." {
        message.to_string()
    } else {
        format!("at `{path}`: {message}")
    }
}

/// The tag of the object in `raw`: looked for last, then first (where Dixa puts it,
/// a few bytes each), then by reading the keys in order.
fn find_tag<'a>(raw: &'a str, name: &'static str) -> Result<Cow<'a, str>, serde_json::Error> {
    if let Some(tag) = tag_at_end(raw).or_else(|| tag_at_start(raw)) {
        return Ok(Cow::Borrowed(tag));
    }
    serde_json::Deserializer::from_slice(raw.as_bytes()).deserialize_map(TagFinder { name })
}

/// `text` without the JSON whitespace it starts with.
fn skip_space(text: &str) -> &str {
    text.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// `text` without the JSON whitespace it ends with.
fn skip_space_back(text: &str) -> &str {
    text.trim_end_matches([' ', '\t', '\n', '\r'])
}

/// The tag when `raw` ends with `"<TAG_KEY>": "<tag>" }` and neither string has an escape.
/// The last member of an object is at its top level, so a match is the tag. Inside a
/// JSON string every `"` follows a backslash, which none of the checks below accepts.
fn tag_at_end(raw: &str) -> Option<&str> {
    let rest = skip_space_back(skip_space_back(raw).strip_suffix('}')?);
    let rest = rest.strip_suffix('"')?;
    let open = rest.rfind('"')?;
    let tag = &rest[open + 1..];
    if tag.contains('\\') {
        return None;
    }
    let rest = skip_space_back(skip_space_back(&rest[..open]).strip_suffix(':')?);
    let key = rest
        .strip_suffix('"')?
        .strip_suffix(TAG_KEY)?
        .strip_suffix('"')?;
    let rest = skip_space_back(key);
    (rest.ends_with(',') || rest.ends_with('{')).then_some(tag)
}

/// The tag when `raw` starts with `{ "<TAG_KEY>": "<tag>"` and the tag has no escape.
fn tag_at_start(raw: &str) -> Option<&str> {
    let rest = skip_space(skip_space(raw).strip_prefix('{')?);
    let rest = rest
        .strip_prefix('"')?
        .strip_prefix(TAG_KEY)?
        .strip_prefix('"')?;
    let rest = skip_space(skip_space(rest).strip_prefix(':')?);
    let rest = rest.strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

/// Reads the keys in order, skipping the values, for the tag; a second tag is an error.
struct TagFinder {
    /// The union's name, for errors.
    name: &'static str,
}

impl<'de> Visitor<'de> for TagFinder {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object with a `{TAG_KEY}` key", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut tag = None;
        while let Some(key) = map.next_key_seed(CowStrSeed)? {
            if key != TAG_KEY {
                // serde_json wants the whole object read.
                map.next_value::<IgnoredAny>()?;
            } else if tag.is_none() {
                tag = Some(map.next_value_seed(CowStrSeed)?);
            } else {
                return Err(de::Error::duplicate_field(TAG_KEY));
            }
        }
        tag.ok_or_else(|| missing_tag(self.name))
    }
}

/// Hands the object's entries, without the tag, to the variant for `tag`.
struct VariantVisitor<'t, U> {
    tag: &'t str,
    marker: PhantomData<fn() -> U>,
}

impl<'de, U: TaggedUnion> Visitor<'de> for VariantVisitor<'_, U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<U, A::Error> {
        U::decode_variant(self.tag, Rest::new(self.tag, Vec::new(), false, map))
    }
}

// ---------------------------------------------------------------------------------------
// The buffered path

enum Key {
    Tag,
    /// serde_json's raw-text entry (see [`RAW_VALUE_TOKEN`]).
    RawValue,
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
        Ok(match v {
            TAG_KEY => Key::Tag,
            RAW_VALUE_TOKEN => Key::RawValue,
            _ => Key::Other(v.to_string()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match v.as_str() {
            TAG_KEY => Key::Tag,
            RAW_VALUE_TOKEN => Key::RawValue,
            _ => Key::Other(v),
        })
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
        write!(f, "a string `{TAG_KEY}`")
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

/// The rest of a tagged object for its variant: the keys buffered before the tag (none
/// on the other paths), then the live map, where the tag is skipped and a second tag is
/// an error. One type for every path, so each variant's decoding is compiled once.
struct Rest<'t, A> {
    tag: &'t str,
    before_tag: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    /// Whether the tag key was read already (the buffered path reads it first).
    tag_read: bool,
    map: A,
}

impl<'t, A> Rest<'t, A> {
    fn new(tag: &'t str, before_tag: Vec<(String, Value)>, tag_read: bool, map: A) -> Self {
        Rest {
            tag,
            before_tag: before_tag.into_iter(),
            pending: None,
            tag_read,
            map,
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before_tag.next() {
            self.pending = Some(value);
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        loop {
            match self.map.next_key_seed(CowStrSeed)? {
                None => return Ok(None),
                Some(key) if key == TAG_KEY => {
                    if self.tag_read {
                        return Err(de::Error::duplicate_field(TAG_KEY));
                    }
                    self.tag_read = true;
                    self.map.next_value::<IgnoredAny>()?;
                }
                Some(Cow::Borrowed(key)) => {
                    return seed
                        .deserialize(BorrowedStrDeserializer::new(key))
                        .map(Some);
                }
                Some(Cow::Owned(key)) => {
                    return seed.deserialize(key.into_deserializer()).map(Some);
                }
            }
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
        object.insert(TAG_KEY.to_string(), Value::String(self.tag.to_string()));
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
    pub struct Email {
        subject: String,
    }

    crate::tagged_union! {
        pub enum Channel {
            Email(Email) = "Email",
            NoAuth = "NoAuth",
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

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Envelope {
        id: u32,
        channel: Channel,
    }

    #[test]
    fn the_tag_is_found_in_raw_text_wherever_it_is() {
        assert_eq!(tag_at_end(r#"{"a":1,"_type":"X"}"#), Some("X"));
        assert_eq!(
            tag_at_end(" {\n \"a\": 1 ,\n \"_type\" : \"X\" \n} "),
            Some("X")
        );
        assert_eq!(tag_at_start(" { \"_type\" :\"X\", \"a\":1}"), Some("X"));
        // Not the last member, escaped, or not a key: left to the key-by-key scan.
        assert_eq!(tag_at_end(r#"{"_type":"X","a":1}"#), None);
        assert_eq!(tag_at_end(r#"{"a":1,"_type":"X\"Y"}"#), None);
        assert_eq!(tag_at_end(r#"{"a\"_type":"X"}"#), None);
        assert_eq!(tag_at_end(r#"{"a":"\":\"_type\":\"X"}"#), None);
        assert_eq!(tag_at_start(r#"{"_type":"A\u0042"}"#), None);
        for (raw, tag) in [
            (r#"{"a":1,"_type":"X","b":[{"_type":"Y"}]}"#, "X"),
            (r#"{"a":{"_type":"Y"},"_type":"A\u0042"}"#, "AB"),
        ] {
            assert_eq!(find_tag(raw, "T").unwrap(), tag, "{raw}");
        }
        let err = find_tag(r#"{"a":{"_type":"Y"}}"#, "T").unwrap_err();
        assert!(
            err.to_string().starts_with("missing `_type` in `T` object"),
            "{err}"
        );
    }

    #[test]
    fn serde_json_still_hands_over_raw_text() {
        struct Probe;
        impl<'de> Visitor<'de> for Probe {
            type Value = (String, String);
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("raw text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let key: String = map.next_key()?.unwrap_or_default();
                Ok((key, map.next_value()?))
            }
        }
        let text = r#"{ "a": [1, 2] }"#;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let (key, raw) = deserializer
            .deserialize_newtype_struct(RAW_VALUE_TOKEN, Probe)
            .unwrap();
        assert_eq!((key.as_str(), raw.as_str()), (RAW_VALUE_TOKEN, text));
    }

    #[test]
    fn nested_unions_and_other_deserializers_decode_alike() {
        let text = r#"{"id":7,"channel":{"subject":"Hi","_type":"Email"}}"#;
        let expected = Envelope {
            id: 7,
            channel: email(),
        };
        assert_eq!(serde_json::from_str::<Envelope>(text).unwrap(), expected);
        assert_eq!(
            serde_json::from_slice::<Envelope>(text.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            serde_json::from_reader::<_, Envelope>(text.as_bytes()).unwrap(),
            expected
        );
        let precise = with_precise_errors(|| serde_json::from_str::<Envelope>(text));
        assert_eq!(precise.unwrap(), expected);
        // A deserializer that is not serde_json's: the object itself, keys in order.
        let entries = [("subject", "Hi"), (TAG_KEY, "Email")];
        let from_map = Channel::deserialize(serde::de::value::MapDeserializer::<
            _,
            serde::de::value::Error,
        >::new(entries.into_iter()));
        assert_eq!(from_map.unwrap(), email());
    }

    #[test]
    fn errors_name_the_place_inside_the_union_and_precisely_on_request() {
        let text = r#"{"id":7,"channel":{"subject":7,"_type":"Email"}}"#;
        let fast = serde_json::from_str::<Envelope>(text)
            .unwrap_err()
            .to_string();
        assert_eq!(
            fast,
            "at `subject`: invalid type: integer `7`, expected a string at line 1 column 48"
        );
        // The precise decode reads the object in order, the tag known from the first run:
        // the error is at the failing value itself (`7`, column 30).
        let precise = with_precise_errors(|| serde_json::from_str::<Envelope>(text))
            .unwrap_err()
            .to_string();
        assert_eq!(
            precise,
            "invalid type: integer `7`, expected a string at line 1 column 30"
        );
        let err = serde_json::from_str::<Envelope>(r#"{"id":7,"channel":"Email"}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid type: string \"Email\", expected a `Channel` object"),
            "{err}"
        );
        // Restored afterwards, also after a panic. `resume_unwind` unwinds as a panic does
        // but skips the panic hook, so a passing run prints no "panicked at" message.
        assert!(MODE.get() == Mode::Fast && TAGS.with_borrow(|log| log.tags.is_empty()));
        let unwound = std::panic::catch_unwind(|| {
            with_precise_errors(|| std::panic::resume_unwind(Box::new("boom")))
        });
        assert!(unwound.is_err(), "the decode did not unwind");
        assert!(MODE.get() == Mode::Fast && TAGS.with_borrow(|log| log.tags.is_empty()));
    }

    /// The precise decode's error for `text`, and the text up to where it places it.
    fn precise_error_at<T: serde::de::DeserializeOwned + fmt::Debug>(text: &str) -> (String, &str) {
        let err = with_precise_errors(|| serde_json::from_str::<T>(text)).unwrap_err();
        assert_eq!(err.line(), 1, "{err}");
        (err.to_string(), &text[..err.column()])
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Envelopes(Vec<Envelope>);

    #[test]
    fn precise_errors_are_at_the_failing_value_whatever_the_key_order() {
        // Every layout of one object: tag last, first and in between, nested in a union
        // that comes after a good one (the replay must take the right tag).
        for channel in [
            r#"{"subject":false,"_type":"Email"}"#,
            r#"{"_type":"Email","subject":false}"#,
            r#"{"a":1,"_type":"Email","subject":false,"b":2}"#,
        ] {
            let text = format!(
                r#"[{{"id":1,"channel":{{"_type":"NoAuth"}}}},{{"id":2,"channel":{channel}}}]"#
            );
            let (err, before) = precise_error_at::<Envelopes>(&text);
            assert!(err.starts_with("invalid type: boolean `false`"), "{err}");
            assert!(
                before.ends_with(r#""subject":false"#),
                "{channel}: {before}"
            );
        }
        // A failure before the tag is known (here: no tag) is found by reading in order.
        let text = r#"[{"id":1,"channel":{"subject":"x"}}]"#;
        let (err, before) = precise_error_at::<Envelopes>(text);
        assert!(
            err.starts_with("missing `_type` in `Channel` object"),
            "{err}"
        );
        assert_eq!(before, r#"[{"id":1,"channel":{"subject":"x"}"#);
    }

    #[test]
    fn a_second_tag_in_one_object_is_an_error_on_every_path() {
        for text in [
            // Fast path: tag last, tag first, tag found by the key scan.
            r#"{"_type":"Email","subject":"Hi","_type":"NoAuth"}"#,
            r#"{"_type":"NoAuth","subject":"Hi","_type":"Email"}"#,
            r#"{"subject":"Hi","_type":"Email","x":1,"_type":"Email","y":2}"#,
            // Unknown tags too.
            r#"{"_type":"Pigeon","_type":"Pigeon"}"#,
        ] {
            let err = serde_json::from_str::<Channel>(text)
                .unwrap_err()
                .to_string();
            assert!(err.contains("duplicate field `_type`"), "{text}: {err}");
            // The precise decode points at the second tag's key.
            let nested = format!(r#"[{{"id":1,"channel":{text}}}]"#);
            let (err, before) = precise_error_at::<Envelopes>(&nested);
            assert!(err.starts_with("duplicate field `_type`"), "{text}: {err}");
            let second = nested.rfind(r#""_type""#).unwrap();
            assert_eq!(before, &nested[..second + 7], "{text}");
        }
        // The buffered path (any deserializer that is not serde_json's).
        let entries = [("subject", "Hi"), (TAG_KEY, "Email"), (TAG_KEY, "Email")];
        let err = Channel::deserialize(serde::de::value::MapDeserializer::<
            _,
            serde::de::value::Error,
        >::new(entries.into_iter()))
        .unwrap_err();
        assert_eq!(err.to_string(), "duplicate field `_type`");
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
