//! Wire-format helpers the generated models use: Dixa's date-times, open string
//! enums and `_type`-tagged unions. Written once here so the generated code stays
//! small and readable.

mod datetime;
mod string_enum;
mod tagged;

pub use datetime::{DateTime, DateTimeError};
pub use string_enum::StrVisitor;
pub use tagged::{TaggedUnion, VariantContent, deserialize_tagged, with_precise_errors};
