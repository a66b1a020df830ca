//! `generated-client/src/generated/operations.rs`: one builder per operation.
//!
//! Not emitted yet: the HTTP runtime it calls is being written.

use crate::ir::Model;
use proc_macro2::TokenStream;

pub fn emit_operations(_model: &Model) -> Option<TokenStream> {
    None
}
