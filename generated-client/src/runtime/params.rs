//! Turning parameter values into the text of a path segment or query value.
//!
//! Generated code passes any `Serialize` value; this serializer accepts the shapes a path or
//! query parameter can have and turns each into text:
//! strings, integers, floats, booleans, chars, unit enum variants (string enums), newtypes
//! (UUIDs, `DateTime` with its original text), `Option` (`None` yields no value) and, for query
//! parameters, sequences of those (one value each: the key is repeated).

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// A value that cannot be a parameter (a map, a struct, nested lists, bytes).
#[derive(Debug)]
pub(crate) struct ParamError(String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParamError {}

impl ser::Error for ParamError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ParamError(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, ParamError> {
    Err(ParamError(format!(
        "a {what} cannot be a path or query parameter value"
    )))
}

/// Every text value of `value`: none for `None`, one per element for a list.
pub(crate) fn param_values<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, ParamError> {
    let mut out = Vec::new();
    value.serialize(Values { out: &mut out })?;
    Ok(out)
}

/// The text of a single value (`None` for `Option::None`).
pub(crate) fn param_value<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, ParamError> {
    value.serialize(Scalar)
}

macro_rules! scalar_methods {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<Self::Ok, Self::Error> {
            Ok(Some(v.to_string()))
        })*
    };
}

/// Serializes one scalar to its text.
struct Scalar;

impl ser::Serializer for Scalar {
    type Ok = Option<String>;
    type Error = ParamError;
    type SerializeSeq = Impossible<Self::Ok, ParamError>;
    type SerializeTuple = Impossible<Self::Ok, ParamError>;
    type SerializeTupleStruct = Impossible<Self::Ok, ParamError>;
    type SerializeTupleVariant = Impossible<Self::Ok, ParamError>;
    type SerializeMap = Impossible<Self::Ok, ParamError>;
    type SerializeStruct = Impossible<Self::Ok, ParamError>;
    type SerializeStructVariant = Impossible<Self::Ok, ParamError>;

    scalar_methods!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
    );

    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, ParamError> {
        unsupported("byte string")
    }
    fn serialize_none(self) -> Result<Self::Ok, ParamError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, ParamError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, ParamError> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, ParamError> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, ParamError> {
        Ok(Some(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, ParamError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, ParamError> {
        unsupported("enum variant with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ParamError> {
        unsupported("list (or a list inside a list)")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ParamError> {
        unsupported("tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ParamError> {
        unsupported("tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ParamError> {
        unsupported("enum variant with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ParamError> {
        unsupported("map")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ParamError> {
        unsupported("struct")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ParamError> {
        unsupported("enum variant with data")
    }
}

/// Serializes a scalar, an option or a list of scalars into `out`.
struct Values<'a> {
    out: &'a mut Vec<String>,
}

impl Values<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
        self.out.extend(value.serialize(Scalar)?);
        Ok(())
    }
}

macro_rules! push_methods {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(mut self, v: $ty) -> Result<(), ParamError> {
            self.push(&v)
        })*
    };
}

impl<'a> ser::Serializer for Values<'a> {
    type Ok = ();
    type Error = ParamError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Impossible<(), ParamError>;
    type SerializeTupleVariant = Impossible<(), ParamError>;
    type SerializeMap = Impossible<(), ParamError>;
    type SerializeStruct = Impossible<(), ParamError>;
    type SerializeStructVariant = Impossible<(), ParamError>;

    push_methods!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
    );

    fn serialize_bytes(self, _: &[u8]) -> Result<(), ParamError> {
        unsupported("byte string")
    }
    fn serialize_none(self) -> Result<(), ParamError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ParamError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ParamError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ParamError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), ParamError> {
        self.out.push(variant.to_owned());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ParamError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ParamError> {
        unsupported("enum variant with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, ParamError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, ParamError> {
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ParamError> {
        unsupported("tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ParamError> {
        unsupported("enum variant with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ParamError> {
        unsupported("map")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ParamError> {
        unsupported("struct")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ParamError> {
        unsupported("enum variant with data")
    }
}

impl ser::SerializeSeq for Values<'_> {
    type Ok = ();
    type Error = ParamError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
        self.push(value)
    }
    fn end(self) -> Result<(), ParamError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Values<'_> {
    type Ok = ();
    type Error = ParamError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
        self.push(value)
    }
    fn end(self) -> Result<(), ParamError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    enum Channel {
        Email,
        #[serde(rename = "WidgetChat")]
        Chat,
    }

    #[derive(Serialize)]
    struct Id(u64);

    #[test]
    fn scalars() {
        assert_eq!(param_values("a b").unwrap(), ["a b"]);
        assert_eq!(param_values(&42i32).unwrap(), ["42"]);
        assert_eq!(param_values(&true).unwrap(), ["true"]);
        assert_eq!(param_values(&Channel::Chat).unwrap(), ["WidgetChat"]);
        assert_eq!(param_values(&Id(7)).unwrap(), ["7"]);
        let uuid = uuid::Uuid::nil();
        assert_eq!(param_values(&uuid).unwrap(), [uuid.to_string()]);
    }

    #[test]
    fn options_and_lists() {
        assert!(param_values(&None::<String>).unwrap().is_empty());
        assert_eq!(param_values(&Some(5u8)).unwrap(), ["5"]);
        assert_eq!(
            param_values(&vec![Channel::Email, Channel::Chat]).unwrap(),
            ["Email", "WidgetChat"]
        );
        assert_eq!(param_values(&Some(vec![Some("x"), None])).unwrap(), ["x"]);
    }

    #[test]
    fn rejects_structured_values() {
        let err = param_values(&vec![vec![1]]).unwrap_err();
        assert!(err.to_string().contains("list"), "{err}");
        let mut map = std::collections::BTreeMap::new();
        map.insert("a", 1);
        assert!(param_values(&map).is_err());
        assert!(param_value(&vec![1]).is_err());
        assert_eq!(param_value(&None::<u8>).unwrap(), None);
    }
}
