//! `generated-client/src/generated/<version>/models.rs`: one item per [`TypeDef`].

use super::docs::{doc_attrs, paragraphs};
use super::types::{field_type, rust_type, value_type_as_expr};
use crate::examples::TypeExample;
use crate::model::ir::*;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// Which of the `of` pieces of `models.rs` to emit: the types are cut into runs of about
/// equal count, in the model's order; the first piece also has the module docs and imports.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub index: usize,
    pub of: usize,
}

pub fn emit_models(model: &Model, examples: &super::TypeExamples, part: Part) -> TokenStream {
    let per_part = model.types.len().div_ceil(part.of.max(1));
    let items = model
        .types
        .values()
        .skip(part.index * per_part)
        .take(per_part)
        .map(|def| emit_type(model, def, examples.get(&def.name)));
    if part.index > 0 {
        return quote! { #(#items)* };
    }
    let imports = imports(model);
    quote! {
        //! Every schema of Dixa's description as a Rust type.
        //!
        //! Component `Foo_Bar` is `FooBar` here. Unions keep variants they do not know
        //! (`Unknown`), enums keep values they do not know (`Unknown(String)`), and
        //! date-times keep the exact text Dixa sent.
        //!
        //! Import the types you use by name, or this module (`models::Email`), rather
        //! than `models::*`: types named after Dixa's schemas, such as `Duration`,
        //! `Email` or `Text`, would shadow `std`'s names and your own.
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
            TypeKind::Union(_) | TypeKind::StringEnum(_) | TypeKind::Reexport(_) => {}
        }
    }
    // Untagged unions and implicitly tagged structs derive or implement both traits by
    // name; tagged unions use `tagged_union!`, other structs `struct_serde!`, string enums
    // and type aliases nothing.
    for def in model.types.values() {
        serde |= match &def.kind {
            TypeKind::Struct(s) => s.wire_tag.is_some(),
            TypeKind::Union(u) => u.repr == UnionRepr::Untagged,
            TypeKind::PrimitiveUnion(_) => true,
            TypeKind::StringEnum(_)
            | TypeKind::Map(_)
            | TypeKind::Alias(_)
            | TypeKind::Reexport(_) => false,
        };
    }
    let date_time = date_time.then(|| quote! { use crate::runtime::wire::DateTime; });
    let serde = serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    let map = map.then(|| quote! { use std::collections::BTreeMap; });
    let uuid = uuid.then(|| quote! { use uuid::Uuid; });
    quote! { #date_time #serde #map #uuid }
}

fn emit_type(model: &Model, def: &TypeDef, example: Option<&TypeExample>) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let example = example.map(example_docs);
    let deprecated = def.deprecated.then(|| quote! { #[deprecated] });
    let body = match &def.kind {
        TypeKind::Struct(s) => emit_struct(model, &def.name, s),
        TypeKind::Union(u) => match &u.repr {
            UnionRepr::Tagged { .. } => {
                let api = super::union_api::emit_union_api(model, &name, u);
                let union = emit_tagged_union(&name, u);
                quote! { #union #api }
            }
            UnionRepr::Untagged => {
                let api = super::union_api::emit_union_api(model, &name, u);
                let union = emit_untagged_union(&name, u);
                quote! { #union #api }
            }
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
        TypeKind::Reexport(target) => {
            let target = ident(target);
            quote! { pub use self::#target as #name; }
        }
        TypeKind::PrimitiveUnion(p) => emit_primitive_union(&name, &p.variants),
    };
    quote! { #docs #example #deprecated #body }
}

/// `# Example` and the JSON, as is: a code block keeps its indentation and brackets.
fn example_docs(example: &TypeExample) -> TokenStream {
    let at = if example.path.is_empty() {
        format!(" From the description's examples (`{}`):", example.pointer)
    } else {
        format!(
            " From the description's examples (`{}`, at `{}`):",
            example.pointer, example.path
        )
    };
    let mut lines = vec![
        String::new(),
        " # Example".to_string(),
        String::new(),
        at,
        String::new(),
        " ```json".to_string(),
    ];
    lines.extend(example.json.lines().map(|l| format!(" {l}")));
    lines.push(" ```".to_string());
    quote! { #(#[doc = #lines])* }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let origin = match &def.component {
        Some(c) if *c != def.name => Some(format!("Component `{c}`.")),
        _ => None,
    };
    let (docs, about) = match &def.kind {
        // The enum lists its values itself: the description's raw list goes.
        TypeKind::StringEnum(e) => (
            def.docs
                .as_deref()
                .map(crate::conventions::description_without_enum_values),
            Some(string_enum_docs(e)),
        ),
        TypeKind::Union(u) => (def.docs.clone(), Some(union_docs(u))),
        _ => (def.docs.clone(), None),
    };
    doc_attrs(paragraphs([docs.as_deref(), about.as_deref(), origin.as_deref()]).as_deref())
}

/// The string enum a field holds, directly, in a list or nullable.
fn enum_of<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m StringEnum> {
    match ty {
        TypeRef::Named(n) => match &model.types.get(n)?.kind {
            TypeKind::StringEnum(e) => Some(e),
            TypeKind::Alias(target) => enum_of(model, target),
            TypeKind::Reexport(target) => enum_of(model, &TypeRef::Named(target.clone())),
            _ => None,
        },
        TypeRef::List(inner) | TypeRef::Nullable(inner) => enum_of(model, inner),
        _ => None,
    }
}

/// `` `open`, `closed` or `pending` ``.
fn value_list(e: &StringEnum) -> String {
    let values: Vec<String> = e.values.iter().map(|v| format!("`{}`", v.wire)).collect();
    match values.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "no value yet".to_string(),
    }
}

/// `` `open`, `closed` or `pending` on the wire ``: what a reader of the enum needs first.
fn string_enum_docs(e: &StringEnum) -> String {
    let list = value_list(e);
    format!(
        "{list} on the wire; a value Dixa adds later decodes into `Unknown` and is sent \
         back as it came."
    )
}

/// How a union is told apart on the wire, for its type-level doc.
fn union_docs(u: &Union) -> String {
    let count = u.variants.len();
    match &u.repr {
        UnionRepr::Tagged { key } => {
            let example = u
                .variants
                .iter()
                .find_map(|v| v.selector.tag())
                .map(|tag| format!(" (`\"{key}\": \"{tag}\"`)"))
                .unwrap_or_default();
            format!(
                "One of {count} kinds, told apart by the object's `{key}` key on the wire\
                 {example}; a kind Dixa adds later decodes into `Unknown` and is sent back \
                 as it came."
            )
        }
        UnionRepr::Untagged => format!(
            "One of {count} shapes, sent without a tag and told apart by a key only one \
             of them has; a shape this crate does not know decodes into `Unknown`."
        ),
    }
}

/// Whether `Default` can be derived: every field is optional.
fn all_optional(s: &Struct) -> bool {
    s.fields.iter().all(|f| !f.required)
}

fn emit_struct(model: &Model, type_name: &str, s: &Struct) -> TokenStream {
    let name = &ident(type_name);
    // A struct with an implicit `_type` keeps serde's derive (its `tag` attribute); the
    // others get their serde impls from the runtime's `struct_serde!`.
    let derived = s.wire_tag.is_some();
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        // The enum's own page lists its values: the raw `values: [...]` line goes.
        let docs = match enum_of(model, &f.ty) {
            Some(e) => {
                let text = f
                    .docs
                    .as_deref()
                    .map(crate::conventions::description_without_enum_values);
                let values = format!("One of {}.", value_list(e));
                doc_attrs(paragraphs([text.as_deref(), Some(values.as_str())]).as_deref())
            }
            None => doc_attrs(f.docs.as_deref()),
        };
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        let ty = field_type(f);
        let serde = derived.then(|| serde_field_attr(f)).flatten();
        quote! { #docs #deprecated #serde pub #field_name: #ty, }
    });
    let default = all_optional(s).then(|| quote! { Default, });
    let derive_serde = derived.then(|| quote! { Serialize, Deserialize, });
    let tag = s
        .wire_tag
        .as_ref()
        .map(|WireTag { key, value }| quote! { #[serde(tag = #key, rename = #value)] });
    let serde_impls = (!derived).then(|| emit_struct_serde(model, name, s));
    let constructor = emit_struct_constructor(name, s);
    let into_data = emit_into_data(name, s);
    let conveniences = super::struct_api::emit_struct_api(model, type_name, s);
    // `non_exhaustive` and no `Eq`: a field Dixa adds (of any type) is not a breaking
    // change; values are built with the constructor instead of a struct literal.
    quote! {
        #[derive(Debug, Clone, PartialEq, #default #derive_serde)]
        #[non_exhaustive]
        #tag
        pub struct #name { #(#fields)* }

        #constructor
        #into_data
        #conveniences
        #serde_impls
    }
}

/// `into_data(self) -> Vec<T>` for a struct with a `data` list (Dixa's list answers):
/// the items without unwrapping an `Option`, empty when Dixa sent none. Generated for a
/// required list too, so the method survives the field becoming required.
fn emit_into_data(name: &proc_macro2::Ident, s: &Struct) -> Option<TokenStream> {
    let field = s.fields.iter().find(|f| f.name == "data" && !f.boxed)?;
    let TypeRef::List(item) = &field.ty else {
        return None;
    };
    let item = rust_type(item);
    let body = if field.required {
        quote! { self.data }
    } else {
        quote! { self.data.unwrap_or_default() }
    };
    Some(quote! {
        impl #name {
            /// The `data` list, empty when the answer has none.
            pub fn into_data(self) -> Vec<#item> {
                #body
            }
        }
    })
}

/// `new(required fields)` and one setter per optional field, by the runtime's
/// `struct_constructor!`. Types are written as expressions (`Vec::<String>`) so that
/// rustfmt lays the call out like any other.
fn emit_struct_constructor(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let field = |f: &Field| {
        let (field, ty) = (ident(&f.name), value_type_as_expr(f));
        quote! { (#field, #ty) }
    };
    let required = s.fields.iter().filter(|f| f.required).map(field);
    let optional = s.fields.iter().filter(|f| !f.required).map(field);
    quote! {
        crate::struct_constructor!(#name, [#(#required),*], [#(#optional),*]);
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

/// A `_type`-tagged union: the enum, then one `tagged_union!` line per variant, which
/// writes `Serialize`, `Deserialize` and the tag match from it (each tag string is
/// written once).
fn emit_tagged_union(name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc_attrs(v.docs.as_deref());
        match &v.payload {
            Some(p) => {
                let p = ident(p);
                quote! { #docs #variant(#p), }
            }
            None => quote! { #docs #variant, },
        }
    });
    let declarations = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tag = v.selector.tag().unwrap_or_default();
        // `fields`: the payload is the rest of the object; `empty`: only the tag.
        let shape = match v.payload {
            Some(_) => quote! { fields },
            None => quote! { empty },
        };
        quote! { , #shape(#tag, #variant) }
    });
    quote! {
        // Variants are not boxed: decoding would pay one allocation per value for a
        // smaller enum, and the payloads are read far more often than moved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A `_type` this version of the crate does not know: the whole object as sent.
            Unknown(serde_json::Value),
        }

        crate::tagged_union!(#name #(#declarations)*);
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
        #[non_exhaustive]
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
        #[non_exhaustive]
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
        #[non_exhaustive]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A kind of value this version of the crate does not know, as sent.
            Unknown(serde_json::Value),
        }
    }
}
