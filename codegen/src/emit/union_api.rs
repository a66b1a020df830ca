//! A union's convenience methods, as [`crate::model::union_api`] decided them, written
//! into the union's declaration as the facts the runtime's `union_api!` derives them from:
//! the accessor table on the enum (`#[accessor(of(Email, Chat(optional)), id = &str)]`)
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

/// The accessor table: one `#[accessor(of(Email, Chat(optional)), id = &str, ...)]` row
/// per way of holding, that is the variants that have the fields and how each holds them,
/// then each field of the row with its answer's form. Rows come in the order of their first
/// field, fields in the accessors' order.
pub fn accessor_table(api: &UnionApi) -> TokenStream {
    let mut rows: Vec<(String, TokenStream, Vec<TokenStream>)> = Vec::new();
    for a in &api.accessors {
        let holders = holders(a);
        let key = holders.to_string();
        match rows.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, fields)) => fields.push(field(a)),
            None => rows.push((key, holders, vec![field(a)])),
        }
    }
    let rows = rows
        .into_iter()
        .map(|(_, holders, fields)| quote! { #[accessor(of(#holders), #(#fields),*)] });
    quote! { #(#rows)* }
}

/// `id = &str`: the field and the answer's form.
fn field(a: &Accessor) -> TokenStream {
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
    quote! { #field = #answer }
}

/// `Email, Chat(optional)`: the variants that have the field and how each holds it.
fn holders(a: &Accessor) -> TokenStream {
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
    quote! { #(#holders),* }
}
