//! How a model type is spelled in Rust (`Option<Vec<Tag>>`). A leaf of `emit`: the
//! emitters of models and of union methods both read it.

use crate::model::ir::*;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust spelling of a type use.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote! { #n }
        }
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Uuid => quote! { Uuid },
        TypeRef::DateTime => quote! { DateTime },
        TypeRef::Binary => quote! { Vec<u8> },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::List(item) => {
            let item = rust_type(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote! { BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote! { Option<#inner> }
        }
    }
}
/// The Rust type of a struct field: boxed when it closes a cycle (`Option<Box<T>>` for
/// a nullable one), then `Option` when it may be absent.
pub(super) fn field_type(f: &Field) -> TokenStream {
    let ty = match (&f.ty, f.boxed) {
        (TypeRef::Nullable(inner), true) => {
            let inner = rust_type(inner);
            quote! { Option<Box<#inner>> }
        }
        (ty, true) => {
            let ty = rust_type(ty);
            quote! { Box<#ty> }
        }
        (ty, false) => rust_type(ty),
    };
    if f.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}
