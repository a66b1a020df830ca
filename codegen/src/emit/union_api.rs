//! A union's convenience methods, as [`crate::model::union_api`] decided them, written
//! into the union's declaration as the facts the runtime's `union_api!` derives them from:
//! the accessor table on the enum (`#[accessor(id = &str, of(Email, Chat(optional)))]`)
//! and the markers on each payload (`#[new(text(value = String))]`, `#[without_from]`).

use super::types::{field_type, rust_type};
use crate::model::ir::*;
use crate::model::union_api::{Accessor, Holding, UnionApi};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The markers of the payload of `variant`: its short constructor
/// (`#[new(method(argument = Type))]`) and `#[without_from]` when the union gets no
/// `From` impl for it (a payload another variant shares, a type alias).
pub fn payload_markers(api: &UnionApi, variant: &str) -> TokenStream {
    let constructor = api
        .constructors
        .iter()
        .find(|c| c.variant == variant)
        .map(|c| {
            let method = ident(&c.name);
            let argument = ident(&c.argument.name);
            let ty = field_type(&c.argument);
            quote! { #[new(#method(#argument = #ty))] }
        });
    let without_from =
        (!api.from.iter().any(|(v, _)| v == variant)).then(|| quote! { #[without_from] });
    quote! { #constructor #without_from }
}

/// `#[accessor(id = &str, of(Email, Chat(optional)))]`, one per accessor: the field, the
/// answer's form and how each variant that has it holds it.
pub fn accessor_table(api: &UnionApi) -> TokenStream {
    let rows = api.accessors.iter().map(accessor_row);
    quote! { #(#rows)* }
}

fn accessor_row(a: &Accessor) -> TokenStream {
    let field = ident(&a.name);
    // Borrowed forms read best: `&str` for a string, `&[T]` for a list; numbers, flags
    // and ids come by value.
    let answer = match &a.ty {
        TypeRef::String => quote! { &str },
        TypeRef::List(item) => {
            let item = rust_type(item);
            quote! { &[#item] }
        }
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Uuid => {
            rust_type(&a.ty)
        }
        other => {
            let ty = rust_type(other);
            quote! { &#ty }
        }
    };
    let holders = a.variants.iter().map(|(variant, holding)| {
        let variant = ident(variant);
        match holding {
            Holding {
                required: true,
                nullable: false,
            } => quote! { #variant },
            Holding {
                required: false,
                nullable: false,
            } => quote! { #variant(optional) },
            Holding {
                required: true,
                nullable: true,
            } => quote! { #variant(nullable) },
            Holding {
                required: false,
                nullable: true,
            } => quote! { #variant(optional, nullable) },
        }
    });
    quote! { #[accessor(#field = #answer, of(#(#holders),*))] }
}
