//! Wire-format helpers the generated models use: Dixa's date-times, open string
//! enums, tagged unions and the shared parts of each struct's `Deserialize`.
//! Written once here so the generated code stays small and readable.

mod constructor;
mod datetime;
pub mod drift;
mod fields;
mod model_struct;
mod string_enum;
mod tagged;
mod union;
mod union_api;
mod untagged_union;

pub use datetime::{DateTime, DateTimeError};
pub use fields::{Always, Entries, Entry, Fields, Omittable, read_struct, write_struct};
pub use string_enum::StrVisitor;
pub use tagged::{TaggedUnion, VariantContent, deserialize_tagged, with_precise_errors};
pub use union::{serialize_tag_only, serialize_variant};

/// The key that tells a tagged union's variants apart: `{"_type": "EmailConversation", ...}`.
/// The generator's `dixa_codegen::conventions::TAG_KEY`; a test ties the two together.
pub const TAG_KEY: &str = "_type";
