//! Drift: values Dixa sends that this crate does not know yet (a key a struct does not
//! declare, an enum value or a union kind it does not list). They decode (the unknown key
//! is skipped, the value kept as `Unknown`), and with the `tracing` feature each is a
//! DEBUG event on the target `dixa_client::drift`, so that drift is noticed before it
//! matters:
//!
//! | field | value |
//! | --- | --- |
//! | `dixa.operation_id` | the operation whose answer was being decoded (empty outside a call) |
//! | `dixa.drift_kind` | `unknown field`, `unknown enum value` or `unknown union variant` |
//! | `dixa.drift_path` | the type and, for a field, the key: `Agent.newKey`, `ConversationState` |
//! | `dixa.drift_value` | the key, enum value or `_type` (at most 64 characters) |
//! | `dixa.drift_value_kind` | the JSON kind of the value (`string`, `object`, ...) |
//!
//! Without the feature the hooks are empty and inlined; with it, decoding a known value
//! costs nothing more, and an unknown one one check of whether DEBUG events of this
//! target are wanted (an unknown key's value is only looked at when they are).

#[cfg(feature = "tracing")]
use std::cell::Cell;

#[cfg(feature = "tracing")]
thread_local! {
    /// The operation whose answer this thread is decoding (decoding is synchronous).
    static OPERATION: Cell<&'static str> = const { Cell::new("") };
}

/// While alive, drift events name `operation_id`.
#[must_use]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) struct Decoding {
    #[cfg(feature = "tracing")]
    previous: &'static str,
}

/// Names `operation_id` in the drift events of this thread until the guard is dropped.
#[inline]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn decoding(operation_id: &'static str) -> Decoding {
    Decoding {
        #[cfg(feature = "tracing")]
        previous: OPERATION.replace(operation_id),
    }
}

#[cfg(feature = "tracing")]
impl Drop for Decoding {
    fn drop(&mut self) {
        OPERATION.set(self.previous);
    }
}

/// Skips the value of `key`, which `type_name` does not declare. Its JSON kind is read
/// (which costs more than skipping it) only when drift events are wanted.
#[inline]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub(crate) fn skip_unknown_field<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    type_name: &'static str,
    key: &str,
) -> Result<(), A::Error> {
    #[cfg(feature = "tracing")]
    if wanted() {
        let kind = map.next_value::<SkippedKind>()?;
        report("unknown field", type_name, Some(key), key, kind.0);
        return Ok(());
    }
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

#[cfg(feature = "tracing")]
fn wanted() -> bool {
    tracing::enabled!(target: "dixa_client::drift", tracing::Level::DEBUG)
}

/// A value the open enum `type_name` does not list.
#[inline(always)]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub fn unknown_enum_value(type_name: &'static str, value: &str) {
    #[cfg(feature = "tracing")]
    report("unknown enum value", type_name, None, value, "string");
}

/// A `_type` the tagged union `type_name` does not list.
#[inline(always)]
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
pub fn unknown_variant(type_name: &'static str, tag: &str) {
    #[cfg(feature = "tracing")]
    report("unknown union variant", type_name, None, tag, "object");
}

#[cfg(feature = "tracing")]
#[cold]
#[inline(never)]
fn report(
    kind: &'static str,
    type_name: &'static str,
    key: Option<&str>,
    value: &str,
    value_kind: &'static str,
) {
    if !wanted() {
        return;
    }
    let path = match key {
        Some(key) => format!("{type_name}.{}", bounded(key)),
        None => type_name.to_string(),
    };
    let operation = OPERATION.get();
    tracing::event!(
        target: "dixa_client::drift",
        tracing::Level::DEBUG,
        dixa.operation_id = operation,
        dixa.drift_kind = kind,
        dixa.drift_path = path.as_str(),
        dixa.drift_value = bounded(value),
        dixa.drift_value_kind = value_kind,
        "Dixa sent a value this crate does not know"
    );
}

/// At most 64 characters of `text`.
#[cfg(feature = "tracing")]
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(64) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The JSON kind of a value that is skipped: what it is, without keeping it.
#[cfg(feature = "tracing")]
struct SkippedKind(&'static str);

#[cfg(feature = "tracing")]
impl<'de> serde::Deserialize<'de> for SkippedKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

#[cfg(feature = "tracing")]
struct KindVisitor;

#[cfg(feature = "tracing")]
impl<'de> serde::de::Visitor<'de> for KindVisitor {
    type Value = SkippedKind;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<SkippedKind, E> {
        Ok(SkippedKind("boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<SkippedKind, E> {
        Ok(SkippedKind("number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<SkippedKind, E> {
        Ok(SkippedKind("number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<SkippedKind, E> {
        Ok(SkippedKind("number"))
    }
    fn visit_i128<E>(self, _: i128) -> Result<SkippedKind, E> {
        Ok(SkippedKind("number"))
    }
    fn visit_u128<E>(self, _: u128) -> Result<SkippedKind, E> {
        Ok(SkippedKind("number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<SkippedKind, E> {
        Ok(SkippedKind("string"))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<SkippedKind, E> {
        Ok(SkippedKind("bytes"))
    }
    fn visit_unit<E>(self) -> Result<SkippedKind, E> {
        Ok(SkippedKind("null"))
    }
    fn visit_none<E>(self) -> Result<SkippedKind, E> {
        Ok(SkippedKind("null"))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<SkippedKind, D::Error> {
        <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d).map(|_| SkippedKind("value"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<SkippedKind, A::Error> {
        serde::de::IgnoredAny
            .visit_seq(seq)
            .map(|_| SkippedKind("array"))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<SkippedKind, A::Error> {
        serde::de::IgnoredAny
            .visit_map(map)
            .map(|_| SkippedKind("object"))
    }
}
