//! Wire-format helpers the generated models use: Dixa's date-times, open string
//! enums, `_type`-tagged unions and the shared parts of each struct's `Deserialize`.
//! Written once here so the generated code stays small and readable.

mod constructor;
mod datetime;
mod fields;
mod string_enum;
mod tagged;

pub use datetime::{DateTime, DateTimeError};
pub use fields::{FieldName, field, required, skip, skip_all};
pub use string_enum::StrVisitor;
pub use tagged::{TaggedUnion, VariantContent, deserialize_tagged, with_precise_errors};
