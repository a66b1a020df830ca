//! A struct's conveniences, as [`crate::model::struct_api`] decided them: the `From` impl
//! of a wrapper and the constructors named after enum values.

use super::types::rust_type;
use crate::model::ir::*;
use crate::model::struct_api::{ValueConstructor, struct_api};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_struct_api(model: &Model, name: &str, s: &Struct) -> TokenStream {
    let api = struct_api(model, name, s);
    let ty = ident(name);
    let from = api.from.as_ref().map(|field| {
        let wrapped = rust_type(&field.ty);
        let argument = ident(&field.name);
        let doc = format!(" The same as `{name}::new({})`.", field.name);
        quote! {
            impl From<#wrapped> for #ty {
                #[doc = #doc]
                fn from(#argument: #wrapped) -> Self {
                    Self::new(#argument)
                }
            }
        }
    });
    let constructors = api
        .value_constructors
        .iter()
        .map(|c| emit_value_constructor(name, s, c));
    let constructors = (!api.value_constructors.is_empty()).then(|| {
        quote! {
            impl #ty {
                #(#constructors)*
            }
        }
    });
    quote! { #from #constructors }
}

/// `pub fn all(conditions: impl IntoIterator<Item = impl Into<Condition>>) -> Self`.
fn emit_value_constructor(name: &str, s: &Struct, c: &ValueConstructor) -> TokenStream {
    let method = ident(&c.name);
    let list = ident(&c.list.name);
    let item = rust_type(&c.item);
    let (enum_type, value) = (ident(&c.enum_type), ident(&c.value.name));
    let item_text = match &c.item {
        TypeRef::Named(n) => format!("[`{n}`]"),
        other => format!("`{}`", type_text(other)),
    };
    let doc = format!(
        " A `{name}` with `{}` [`{}::{}`] (`\"{}\"` on the wire) and these `{}`, each \
         anything that converts into {item_text}.",
        c.selector.name, c.enum_type, c.value.name, c.value.wire, c.list.name,
    );
    let items = quote! { #list.into_iter().map(Into::into).collect::<Vec<#item>>() };
    // `new` takes the required fields in their order; an optional list is set after.
    let arguments = s.fields.iter().filter(|f| f.required).map(|f| {
        if f.name == c.list.name {
            items.clone()
        } else {
            quote! { #enum_type::#value }
        }
    });
    let set_list = (!c.list.required).then(|| quote! { .#list(#items) });
    quote! {
        #[doc = #doc]
        pub fn #method(#list: impl IntoIterator<Item = impl Into<#item>>) -> Self {
            Self::new(#(#arguments),*) #set_list
        }
    }
}

/// The type as the docs name it.
fn type_text(ty: &TypeRef) -> String {
    rust_type(ty).to_string().replace(' ', "")
}
