//! A union's convenience methods, as [`crate::model::union_api`] decided them: the
//! `From` impls (a tagged union's come from its declaration, `tagged_union!`, unless its
//! variants share a payload), the short constructors and the shared-field accessors.

use super::types::{rust_type, value_type_as_expr};
use crate::model::ir::*;
use crate::model::union_api::{Accessor, Holding, union_api};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The variants that get `From<payload>`, with their payloads: those whose payload no
/// other variant has.
pub fn union_from(model: &Model, u: &Union) -> Vec<(String, String)> {
    union_api(model, u).from
}

/// `impl From<Payload> for Union`, one per `(variant, payload)`.
pub fn emit_from_impls(name: &proc_macro2::Ident, from: &[(String, String)]) -> TokenStream {
    let impls = from.iter().map(|(variant, payload)| {
        let (variant, payload) = (ident(variant), ident(payload));
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    quote! { #(#impls)* }
}

/// The union's methods, and the `From` impls of an untagged union (a tagged union's
/// are its declaration's business).
pub fn emit_union_api(model: &Model, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let api = union_api(model, u);
    let from = (u.repr == UnionRepr::Untagged).then(|| emit_from_impls(name, &api.from));
    let constructors = api.constructors.iter().map(|c| {
        let (method, variant, payload) = (ident(&c.name), ident(&c.variant), ident(&c.payload));
        let argument = ident(&c.argument.name);
        let ty = value_type_as_expr(&c.argument);
        let doc = format!(
            " `{}::{}` from its one required field, `{}` (set the others on [`{}`] first \
             and convert it with `.into()`).",
            name, c.variant, c.argument.name, c.payload
        );
        quote! {
            #[doc = #doc]
            pub fn #method(#argument: impl Into<#ty>) -> Self {
                Self::#variant(#payload::new(#argument))
            }
        }
    });
    let accessors = api.accessors.iter().map(emit_accessor);
    let methods = (!api.constructors.is_empty() || !api.accessors.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#constructors)*
                #(#accessors)*
            }
        }
    });
    quote! {
        #from
        #methods
    }
}

/// `pub fn id(&self) -> Option<&str>`: the field from each variant that has it.
fn emit_accessor(a: &Accessor) -> TokenStream {
    let method = ident(&a.name);
    let holders: Vec<String> = a.variants.iter().map(|(v, _)| format!("`{v}`")).collect();
    let doc = format!(
        " The `{}` of {}; `None` for the other variants and for `Unknown`.",
        a.name,
        holders.join(", ")
    );
    // Borrowed forms read best: `&str` for a string, `&[T]` for a list.
    // Borrowed forms read best: `&str` for a string, `&[T]` for a list; numbers, flags
    // and ids come by value.
    let copy = matches!(
        a.ty,
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Uuid
    );
    let (answer, borrow) = match &a.ty {
        TypeRef::String => (quote! { &str }, Some(quote! { as_str })),
        TypeRef::List(item) => {
            let item = rust_type(item);
            (quote! { &[#item] }, Some(quote! { as_slice }))
        }
        other if copy => (rust_type(other), None),
        other => {
            let ty = rust_type(other);
            (quote! { &#ty }, None)
        }
    };
    let arms = a.variants.iter().map(|(variant, holding)| {
        let variant = ident(variant);
        let read = if copy {
            read_copy_field(&method, *holding)
        } else {
            read_field(&method, *holding, borrow.as_ref())
        };
        quote! { Self::#variant(v) => #read, }
    });
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Option<#answer> {
            match self {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// The expression that turns `v.<field>` into `Option<&T>`; `borrow` is the method that
/// lends a required value in its borrowed form (`as_str`, `as_slice`).
fn read_field(
    field: &proc_macro2::Ident,
    holding: Holding,
    borrow: Option<&TokenStream>,
) -> TokenStream {
    match (holding.required, holding.nullable, borrow) {
        (true, false, None) => quote! { Some(&v.#field) },
        (true, false, Some(borrow)) => quote! { Some(v.#field.#borrow()) },
        (true, true, None) | (false, false, None) => quote! { v.#field.as_ref() },
        (true, true, Some(_)) | (false, false, Some(_)) => quote! { v.#field.as_deref() },
        (false, true, None) => quote! { v.#field.as_ref().and_then(Option::as_ref) },
        (false, true, Some(_)) => quote! { v.#field.as_ref().and_then(|f| f.as_deref()) },
    }
}

/// The expression that turns `v.<field>` of a `Copy` type into `Option<T>`.
fn read_copy_field(field: &proc_macro2::Ident, holding: Holding) -> TokenStream {
    match (holding.required, holding.nullable) {
        (true, false) => quote! { Some(v.#field) },
        (true, true) | (false, false) => quote! { v.#field },
        (false, true) => quote! { v.#field.flatten() },
    }
}
