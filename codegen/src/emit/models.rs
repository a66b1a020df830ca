//! `generated-client/src/generated/<version>/models.rs`: one item per [`TypeDef`].

use super::declarations::declared_by;
use super::docs::{doc_attrs, paragraphs};
use super::types::{field_type, rust_type};
use crate::examples::TypeExample;
use crate::model::ir::*;
use crate::model::union_api::union_api;
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
    // Primitive unions derive both traits by name; structs, unions and string enums are
    // declared by the runtime's macros, which name them in full; type aliases need
    // nothing.
    for def in model.types.values() {
        serde |= match &def.kind {
            TypeKind::PrimitiveUnion(_) => true,
            TypeKind::Union(_)
            | TypeKind::Struct(_)
            | TypeKind::StringEnum(_)
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
    // The item's own attributes: inside the declaration of an item that a runtime macro
    // declares, before the others.
    let attrs = quote! { #docs #example #deprecated };
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(model, &def.name, s, attrs),
        TypeKind::Union(u) => emit_union(model, &name, u, attrs),
        TypeKind::StringEnum(e) => emit_string_enum(&name, e, attrs),
        TypeKind::Map(value) => {
            let value = rust_type(value);
            quote! { #attrs pub type #name = BTreeMap<String, #value>; }
        }
        TypeKind::Alias(target) => {
            let target = rust_type(target);
            quote! { #attrs pub type #name = #target; }
        }
        TypeKind::Reexport(target) => {
            let target = ident(target);
            quote! { #attrs pub use self::#target as #name; }
        }
        TypeKind::PrimitiveUnion(p) => emit_primitive_union(&name, &p.variants, attrs),
    }
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

/// A struct, declared once by the runtime's `model_struct!`: each field with its docs,
/// `#[required = "key"]` or `#[optional = "key"]` and its type. The macro derives the
/// constructor, the setters and the serde impls from it.
fn emit_struct(model: &Model, type_name: &str, s: &Struct, attrs: TokenStream) -> TokenStream {
    let name = &ident(type_name);
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.name);
        let docs = field_docs(model, f);
        let key = &f.wire_name;
        let presence = if f.required {
            quote! { #[required = #key] }
        } else {
            quote! { #[optional = #key] }
        };
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        let ty = field_type(f);
        quote! { #docs #presence #deprecated pub #field_name: #ty, }
    });
    let default = all_optional(s).then(|| quote! { #[derive(Default)] });
    // A struct with an implicit `_type` keeps serde's derive (its `tag` attribute).
    let tag = s
        .wire_tag
        .as_ref()
        .map(|WireTag { key, value }| quote! { #[serde(tag = #key, rename = #value)] });
    // `non_exhaustive` and no `Eq` (the macro's): a field Dixa adds (of any type) is not a
    // breaking change; values are built with the constructor instead of a struct literal.
    let declaration = declared_by(
        "model_struct",
        quote! {
            #tag
            #attrs
            #default
            pub struct #name { #(#fields)* }
        },
    );
    let into_data = emit_into_data(name, s);
    let conveniences = super::struct_api::emit_struct_api(model, type_name, s);
    quote! {
        #declaration
        #into_data
        #conveniences
    }
}

/// A field's docs; the enum's own page lists its values: the raw `values: [...]` line
/// goes, and a line names them.
fn field_docs(model: &Model, f: &Field) -> TokenStream {
    match enum_of(model, &f.ty) {
        Some(e) => {
            let text = f
                .docs
                .as_deref()
                .map(crate::conventions::description_without_enum_values);
            let values = format!("One of {}.", value_list(e));
            doc_attrs(paragraphs([text.as_deref(), Some(values.as_str())]).as_deref())
        }
        None => doc_attrs(f.docs.as_deref()),
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

/// A union, declared once by the runtime's `tagged_union!` (variants told apart by the
/// `_type` tag) or `untagged_union!` (by a key only the variant has, decided by an
/// override and checked against the examples): each variant with its tag or key
/// (`Email(Email) = "Email"`, `NoAuth = "NoAuth"`), and the facts of its conveniences
/// (the accessor table, each payload's markers; see [`super::union_api`]). The macros
/// derive the serde impls, the tag or key match, `From`, the constructors and the
/// accessors from it.
fn emit_union(
    model: &Model,
    name: &proc_macro2::Ident,
    u: &Union,
    attrs: TokenStream,
) -> TokenStream {
    let api = union_api(model, u);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc_attrs(v.docs.as_deref());
        let selector = match &v.selector {
            Selector::Tag(tag) | Selector::Key(tag) => tag,
        };
        // A payload: the rest of the object; none: only the tag.
        let payload = v.payload.as_deref().map(|p| {
            let markers = super::union_api::payload_markers(&api, &v.name);
            let p = ident(p);
            quote! { (#markers #p) }
        });
        quote! { #docs #variant #payload = #selector, }
    });
    let accessors = super::union_api::accessor_table(&api);
    let runtime_macro = match u.repr {
        UnionRepr::Tagged { .. } => "tagged_union",
        UnionRepr::Untagged => "untagged_union",
    };
    declared_by(
        runtime_macro,
        quote! {
            #attrs
            #accessors
            pub enum #name { #(#variants)* }
        },
    )
}

/// An open string enum, declared once by the runtime's `string_enum!`: each value with
/// its wire form (`OnHold = "on-hold"`). The macro adds `Unknown(String)`, `as_str`,
/// `From<&str>` and the serde impls.
fn emit_string_enum(name: &proc_macro2::Ident, e: &StringEnum, attrs: TokenStream) -> TokenStream {
    let values = e.values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let doc = (v.name != v.wire).then(|| {
            let doc = format!(" `{}`", v.wire);
            quote! { #[doc = #doc] }
        });
        quote! { #doc #variant = #wire, }
    });
    // `Unknown` holds a tag, not a value, in an enum made of a union's tags.
    let tags = (e.source == EnumSource::EmptyUnion).then(|| quote! { #[tags] });
    declared_by(
        "string_enum",
        quote! {
            #tags
            #attrs
            pub enum #name { #(#values)* }
        },
    )
}

fn emit_primitive_union(
    name: &proc_macro2::Ident,
    variants: &[PrimitiveVariant],
    attrs: TokenStream,
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        quote! { #variant(#ty), }
    });
    quote! {
        #attrs
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
