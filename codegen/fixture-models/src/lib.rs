//! The code the generator emits for every fixture of `codegen/tests/fixtures/`, built as
//! one crate of the workspace: a snapshot of code that does not compile, that clippy
//! rejects (the workspace's lint step, warnings denied), or that reads the wire
//! differently from what the fixture's examples show would be blessed by eye otherwise.
//!
//! The code is codegen's accepted snapshots of each fixture (`codegen/tests/fixtures.rs`,
//! `codegen/tests/snapshots/`), which `build.rs` turns into modules: module `NAME` is its
//! `models.rs`, `NAME_operations` its `operations.rs` (with a `Client` of its own) and
//! `NAME_roundtrip` its round-trip table. So the crate builds what was reviewed: after a
//! generator change, accept the new snapshots (`cargo test -p dixa-codegen --test
//! fixtures`, then `cargo insta review`) and this crate builds and tests the new code;
//! while a snapshot is stale, codegen's test of it fails. The generated code looks for the
//! runtime and its macros at the crate root (`crate::runtime::wire::...`,
//! `crate::struct_serde!`, `crate::operation_sends!`...), so they are re-exported here
//! from `dixa-client`.
//!
//! The tests (`tests/wire/`) round-trip every example of every fixture (the generator
//! lists them) through the emitted tables, with the conformance test's notion of equal
//! JSON, and run the generated calls against a local server, checking the bytes on the
//! wire.

#![deny(warnings)]

pub use dixa_client::{DateTime, runtime};
pub use dixa_client::{
    model_struct, operation_sends, string_enum, string_enum_impls, struct_constructor,
    struct_serde, tagged_union, untagged_union,
};

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
