//! `generated-client/src/generated/models.rs`: one item per [`TypeDef`].

use super::docs::{doc_attrs, paragraphs};
use crate::model::ir::*;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_models(model: &Model) -> TokenStream {
    let items = model.types.values().map(|def| emit_type(model, def));
    let imports = imports(model);
    quote! {
        //! Every schema of Dixa's description as a Rust type.
        //!
        //! Component `Foo_Bar` is `FooBar` here. Unions keep variants they do not know
        //! (`Unknown`), enums keep values they do not know (`Unknown(String)`), and
        //! date-times keep the exact text Dixa sent.
        #![allow(deprecated)]

        #imports

        #(#items)*
    }
}

/// The `use` lines the items need, and only those: an unused import is a warning, and
/// the client crate is built with `-D warnings`.
fn imports(model: &Model) -> TokenStream {
    let (mut date_time, mut map, mut uuid, mut serde) = (false, false, false, false);
    let mut note = |ty: &TypeRef| {
        let mut ty = ty;
        loop {
            match ty {
                TypeRef::DateTime => date_time = true,
                TypeRef::Uuid => uuid = true,
                TypeRef::Map(value) => {
                    map = true;
                    ty = value;
                    continue;
                }
                TypeRef::List(inner) | TypeRef::Nullable(inner) => {
                    ty = inner;
                    continue;
                }
                _ => {}
            }
            break;
        }
    };
    for def in model.types.values() {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| note(&f.ty)),
            TypeKind::Map(value) => note(&TypeRef::Map(Box::new(value.clone()))),
            TypeKind::Alias(target) => note(target),
            TypeKind::PrimitiveUnion(p) => p.variants.iter().for_each(|v| note(&v.ty)),
            TypeKind::Union(_) | TypeKind::StringEnum(_) => {}
        }
    }
    // Unions and implicitly tagged structs derive or implement both traits by name; other
    // structs use `struct_serde!`, string enums and type aliases nothing.
    for def in model.types.values() {
        serde |= match &def.kind {
            TypeKind::Struct(s) => s.wire_tag.is_some(),
            TypeKind::Union(_) | TypeKind::PrimitiveUnion(_) => true,
            TypeKind::StringEnum(_) | TypeKind::Map(_) | TypeKind::Alias(_) => false,
        };
    }
    let date_time = date_time.then(|| quote! { use crate::runtime::wire::DateTime; });
    let serde = serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    let map = map.then(|| quote! { use std::collections::BTreeMap; });
    let uuid = uuid.then(|| quote! { use uuid::Uuid; });
    quote! { #date_time #serde #map #uuid }
}

fn emit_type(model: &Model, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let body = match &def.kind {
        TypeKind::Struct(s) => emit_struct(model, &name, s),
        TypeKind::Union(u) => match &u.repr {
            UnionRepr::Tagged { key } => emit_tagged_union(&name, &def.name, key, u),
            UnionRepr::Untagged => emit_untagged_union(&name, u),
        },
        TypeKind::StringEnum(e) => emit_string_enum(&name, e),
        TypeKind::Map(value) => {
            let value = rust_type(value);
            quote! { pub type #name = BTreeMap<String, #value>; }
        }
        TypeKind::Alias(target) => {
            let target = rust_type(target);
            quote! { pub type #name = #target; }
        }
        TypeKind::PrimitiveUnion(p) => emit_primitive_union(&name, &p.variants),
    };
    quote! { #docs #deprecated #body }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let origin = match &def.component {
        Some(c) if *c != def.name => Some(format!("Component `{c}`.")),
        _ => None,
    };
    doc_attrs(paragraphs([def.docs.as_deref(), origin.as_deref()]).as_deref())
}

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

/// Whether `Default` can be derived: every field is optional.
fn all_optional(s: &Struct) -> bool {
    s.fields.iter().all(|f| !f.required)
}

/// Whether `Eq` can be derived for a use of `ty` (no floats or JSON reachable).
fn is_eq(model: &Model, ty: &TypeRef, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match ty {
        TypeRef::F64 | TypeRef::Json => false,
        TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => is_eq(model, t, depth + 1),
        TypeRef::Named(n) => match model.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().all(|f| is_eq(model, &f.ty, depth + 1)),
            Some(TypeKind::Map(t) | TypeKind::Alias(t)) => is_eq(model, t, depth + 1),
            Some(TypeKind::StringEnum(_)) => true,
            // Unions keep unknown variants as JSON values.
            Some(TypeKind::Union(_) | TypeKind::PrimitiveUnion(_)) | None => false,
        },
        _ => true,
    }
}

fn emit_struct(model: &Model, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    // A struct with an implicit `_type` keeps serde's derive (its `tag` attribute); the
    // others get their serde impls from the runtime's `struct_serde!`.
    let derived = s.wire_tag.is_some();
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let docs = doc_attrs(f.docs.as_deref());
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        let ty = rust_type(&f.ty);
        let ty = if f.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let serde = derived.then(|| serde_field_attr(f)).flatten();
        quote! { #docs #deprecated #serde pub #field_name: #ty, }
    });
    let default = all_optional(s).then(|| quote! { Default, });
    let eq = s
        .fields
        .iter()
        .all(|f| is_eq(model, &f.ty, 0))
        .then(|| quote! { Eq, });
    let derive_serde = derived.then(|| quote! { Serialize, Deserialize, });
    let tag = s
        .wire_tag
        .as_ref()
        .map(|WireTag { key, value }| quote! { #[serde(tag = #key, rename = #value)] });
    let serde_impls = (!derived).then(|| emit_struct_serde(model, name, s));
    quote! {
        #[derive(Debug, Clone, PartialEq, #eq #default #derive_serde)]
        #tag
        pub struct #name { #(#fields)* }

        #serde_impls
    }
}

/// The field attribute serde's derive needs: the JSON key, and skipping absent options.
fn serde_field_attr(f: &Field) -> Option<TokenStream> {
    let rename = (f.name != f.wire_name).then(|| {
        let wire = &f.wire_name;
        quote! { rename = #wire }
    });
    if f.required {
        rename.map(|r| quote! { #[serde(#r)] })
    } else {
        let rename = rename.map(|r| quote! { #r, });
        Some(quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none")] })
    }
}

/// `Serialize` and `Deserialize` for a struct, by the runtime's `struct_serde!`: one
/// line per field. serde's derive also emits `visit_seq` and byte / index key matching
/// that JSON never uses; for 440 structs that was half of the crate's code and of its
/// build time.
fn emit_struct_serde(model: &Model, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.name), &f.wire_name);
        let presence = if !f.required {
            // Absent or null is `None`; `None` is not written.
            quote! { optional }
        } else if is_option(model, &f.ty, 0) {
            // Must be there, may be null (absent reads as `None` too, as with serde).
            quote! { nullable }
        } else {
            quote! { required }
        };
        quote! { , #presence(#field, #wire) }
    });
    quote! {
        crate::struct_serde!(#name #(#fields)*);
    }
}

/// Whether a use of `ty` is an `Option` in Rust (nullable, or an alias of one).
fn is_option(model: &Model, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::Nullable(_) => true,
        TypeRef::Named(n) if depth < 32 => match model.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Alias(target)) => is_option(model, target, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

fn emit_tagged_union(
    name: &proc_macro2::Ident,
    wire_name: &str,
    key: &str,
    u: &Union,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc_attrs(v.docs.as_deref());
        let tag = v.selector.tag().unwrap_or_default();
        let rename = (v.name != tag).then(|| {
            quote! { #[serde(rename = #tag)] }
        });
        match &v.payload {
            Some(p) => {
                let p = ident(p);
                quote! { #docs #rename #variant(#p), }
            }
            None => quote! { #docs #rename #variant, },
        }
    });
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tag = v.selector.tag().unwrap_or_default();
        match &v.payload {
            Some(_) => quote! { #tag => Self::#variant(content.fields()?), },
            None => quote! { #tag => { content.nothing()?; Self::#variant } },
        }
    });
    quote! {
        // Variants are not boxed: decoding would pay one allocation per value for a
        // smaller enum, and the payloads are read far more often than moved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = #key)]
        pub enum #name {
            #(#variants)*
            /// A `_type` this version of the crate does not know: the whole object as sent.
            #[serde(untagged)]
            Unknown(serde_json::Value),
        }

        impl crate::runtime::wire::TaggedUnion for #name {
            const NAME: &'static str = #wire_name;

            fn decode_variant<'de, C: crate::runtime::wire::VariantContent<'de>>(
                tag: &str,
                content: C,
            ) -> Result<Self, C::Error> {
                Ok(match tag {
                    #(#arms)*
                    _ => Self::Unknown(content.unknown()?),
                })
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::wire::deserialize_tagged(deserializer)
            }
        }
    }
}

/// No tag on the wire: the variant is chosen by a key only it has (decided by an
/// override, checked against the examples).
fn emit_untagged_union(name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc_attrs(v.docs.as_deref());
        let payload = v.payload.as_deref().map(ident);
        quote! { #docs #variant(#payload), }
    });
    let choices = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let key = v.selector.key().unwrap_or_default();
        quote! {
            if value.get(#key).is_some() {
                return serde_json::from_value(value).map(Self::#variant).map_err(D::Error::custom);
            }
        }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A shape this version of the crate does not know: the value as sent.
            Unknown(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let value = serde_json::Value::deserialize(deserializer)?;
                #(#choices)*
                Ok(Self::Unknown(value))
            }
        }
    }
}

fn emit_string_enum(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = (v.name != v.wire).then(|| {
            let doc = format!(" `{}`", v.wire);
            quote! { #[doc = #doc] }
        });
        quote! { #doc #variant, }
    });
    let to_wire = e.values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#variant => #wire, }
    });
    let from_wire = e.values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote! { #wire => Self::#variant, }
    });
    let unknown_doc = match e.source {
        EnumSource::EmptyUnion => " A tag this version of the crate does not know, as sent.",
        _ => " A value this version of the crate does not know, as sent.",
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(String),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        crate::string_enum_impls!(#name);
    }
}

fn emit_primitive_union(name: &proc_macro2::Ident, variants: &[PrimitiveVariant]) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        quote! { #variant(#ty), }
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A kind of value this version of the crate does not know, as sent.
            Unknown(serde_json::Value),
        }
    }
}
