//! `generated-client/src/generated/<version>/operations.rs`: every operation as a request builder,
//! grouped by resource (`client.agents().get(agent_id).await`).
//!
//! Each builder holds its parameters and turns them into a runtime `Request`; URL
//! building, auth, retries, decoding and errors live once in `generated-client/src/runtime`.

use super::docs::{doc_attrs, paragraphs};
use super::types::rust_type;
use crate::model::ir::*;
use crate::names::ident;
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

pub fn emit_operations(model: &Model, version: &str) -> Option<TokenStream> {
    if model.operations.is_empty() {
        return None;
    }
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &model.operations {
        groups.entry(op.group.as_str()).or_default().push(op);
    }
    let accessors = groups.iter().map(|(group, ops)| {
        let module = ident(group);
        let ty = group_type(group);
        let tag = ops[0].tags.first().cloned().unwrap_or_default();
        let doc = format!(" The `{tag}` operations.");
        quote! {
            #[doc = #doc]
            pub fn #module(&self) -> #module::#ty<'a> {
                #module::#ty { client: self.client }
            }
        }
    });
    let modules = groups
        .iter()
        .map(|(group, ops)| emit_group(model, group, ops, version));
    let pages = emit_page_impls(model);
    let version_fn = ident(version);
    let module_doc = format!(
        " Every operation of the Dixa API `{version}`, grouped by resource: \
         `client.{version}().agents().get(agent_id).await`."
    );
    let client_doc = format!(
        " The operations of the Dixa API `{version}`, grouped by resource: \
         `client.{version}().agents().list()`."
    );
    let api_doc = format!(
        " The operations of the Dixa API `{version}` ([`Client::{version}`]), sharing the \
         client's key, retry policy and rate limiter."
    );
    Some(quote! {
        #![doc = #module_doc]
        //!
        //! Required parameters are arguments, optional ones builder methods before the
        //! `.await`.
        #![allow(deprecated)]

        use crate::runtime as rt;
        use crate::Client;
        use super::models;

        impl Client {
            #[doc = #client_doc]
            pub fn #version_fn(&self) -> Api<'_> {
                Api { client: self }
            }
        }

        #[doc = #api_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            client: &'a Client,
        }

        impl<'a> Api<'a> {
            #(#accessors)*
        }

        #(#modules)*

        #pages
    })
}

fn group_type(group: &str) -> proc_macro2::Ident {
    format_ident!("{}", group.to_upper_camel_case())
}

fn emit_group(model: &Model, group: &str, ops: &[&Operation], version: &str) -> TokenStream {
    let module = ident(group);
    let ty = group_type(group);
    let tag = ops[0].tags.first().cloned().unwrap_or_default();
    let module_doc = format!(" The `{tag}` operations: `client.{version}().{group}()`.");
    let methods = ops.iter().map(|op| emit_entry_method(model, op));
    let builders = ops.iter().map(|op| emit_builder(model, op));
    quote! {
        #[doc = #module_doc]
        pub mod #module {
            use super::*;

            #[doc = #module_doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'a> {
                pub(crate) client: &'a Client,
            }

            impl #ty<'_> {
                #(#methods)*
            }

            #(#builders)*
        }
    }
}

/// Parameters that are method arguments, in the model's argument order
/// ([`Operation::arguments`]).
pub(super) fn arguments(op: &Operation) -> Vec<&Param> {
    op.argument_params().collect()
}

fn builder_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.fn_name.to_upper_camel_case())
}

/// The type a parameter takes in the API: `impl Into<String>` for strings.
fn param_input(ty: &TypeRef) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote! { impl Into<String> }, true),
        other => (model_type(other), false),
    }
}

/// A type use from inside `operations.rs` (models are behind `models::`).
fn model_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote! { models::#n }
        }
        TypeRef::Uuid => quote! { uuid::Uuid },
        TypeRef::DateTime => quote! { crate::DateTime },
        TypeRef::List(item) => {
            let item = model_type(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(v) => {
            let v = model_type(v);
            quote! { std::collections::BTreeMap<String, #v> }
        }
        TypeRef::Nullable(inner) => {
            let inner = model_type(inner);
            quote! { Option<#inner> }
        }
        other => rust_type(other),
    }
}

fn output_type(op: &Operation) -> TokenStream {
    match &op.output {
        Output::Json(ty) => model_type(ty),
        Output::Bytes => quote! { rt::Bytes },
        Output::Empty => quote! { () },
    }
}

fn operation_docs(op: &Operation) -> TokenStream {
    let route = format!("`{} {}` (`{}`).", op.method.as_str(), op.path, op.id);
    let deprecated = op.deprecated.then_some("Deprecated by Dixa.");
    // An argument cannot carry `#[deprecated]`; its deprecation is said in the docs.
    let deprecated_args = deprecated_arguments_doc(op);
    doc_attrs(
        paragraphs([
            op.summary.as_deref(),
            op.description.as_deref(),
            deprecated,
            deprecated_args.as_deref(),
            Some(route.as_str()),
        ])
        .as_deref(),
    )
}

fn deprecated_arguments_doc(op: &Operation) -> Option<String> {
    let names: Vec<String> = arguments(op)
        .into_iter()
        .filter(|p| p.deprecated)
        .map(|p| format!("`{}`", p.name))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("The argument {one} is deprecated by Dixa.")),
        many => Some(format!(
            "The arguments {} are deprecated by Dixa.",
            many.join(", ")
        )),
    }
}

pub(super) fn multipart_parts(model: &Model, op: &Operation) -> Vec<Field> {
    let Some(RequestBody {
        ty: TypeRef::Named(name),
        content: BodyContent::Multipart,
        ..
    }) = &op.body
    else {
        return Vec::new();
    };
    match model.types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s.fields.clone(),
        _ => Vec::new(),
    }
}

/// Multipart parts: files are `rt::FilePart`s, other parts text.
fn part_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Binary => quote! { rt::FilePart },
        TypeRef::List(item) if **item == TypeRef::Binary => quote! { Vec<rt::FilePart> },
        _ => quote! { String },
    }
}

fn emit_entry_method(model: &Model, op: &Operation) -> TokenStream {
    let method = ident(&op.fn_name);
    let builder = builder_name(op);
    let docs = operation_docs(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let args = arguments(op);
    let params = args.iter().map(|p| {
        let name = ident(&p.name);
        let (ty, _) = param_input(&p.ty);
        quote! { #name: #ty }
    });
    let inits = args.iter().map(|p| {
        let name = ident(&p.name);
        if param_input(&p.ty).1 {
            quote! { #name: #name.into() }
        } else {
            quote! { #name }
        }
    });
    let optional = op
        .params
        .iter()
        .filter(|p| {
            !args
                .iter()
                .any(|a| a.wire_name == p.wire_name && a.location == p.location)
        })
        .map(|p| {
            let name = ident(&p.name);
            quote! { #name: None }
        });
    let (body_param, body_init) = match &op.body {
        Some(b) if op.body_is_argument() => {
            let ty = model_type(&b.ty);
            (Some(quote! { body: #ty }), Some(quote! { body }))
        }
        Some(b) if b.content == BodyContent::Json => (None, Some(quote! { body: None })),
        _ => (None, None),
    };
    let part_inits = multipart_parts(model, op).into_iter().map(|f| {
        let name = ident(&f.name);
        quote! { #name: None }
    });
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#params,)* #body_param) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits,)*
                #(#optional,)*
                #(#part_inits,)*
                #body_init
            }
        }
    }
}

fn emit_builder(model: &Model, op: &Operation) -> TokenStream {
    let builder = builder_name(op);
    let docs = operation_docs(op);
    let parts = multipart_parts(model, op);
    let fields = builder_fields(op, &parts);
    let setters = builder_setters(op, &parts);
    let request = request_fn(op, &parts);

    let id = &op.id;
    let path = &op.path;
    let method = format_ident!("{}", op.method.as_str().to_upper_camel_case());
    let operation_doc = format!(
        "`{} {}` (`{}`): names this operation where a value the compiler checks is \
         wanted (the `testing` module's scripts, recordings and replays).",
        op.method.as_str(),
        op.path,
        op.id
    );
    let output = output_type(op);
    // `send`, `send_with_response` and `IntoFuture` are the same for every operation
    // but for the answer: the runtime's `operation_sends!` writes them.
    let kind = match op.output {
        Output::Json(_) => quote! { json },
        Output::Bytes => quote! { bytes },
        Output::Empty => quote! { empty },
    };
    let paging = op.pagination.as_ref().map(|p| {
        let item = model_type(&p.item);
        quote! {
            /// Every page, following `meta.next` from this request's page on.
            #[inline]
            pub fn pages(self) -> rt::Pages<#output> {
                self.request().pages()
            }

            /// Every item of every page, in order.
            #[inline]
            pub fn items(self) -> rt::Items<#item> {
                self.request().items::<#output>()
            }
        }
    });
    let must_use = "a request does nothing until it is sent: `.await` it";
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #builder {
            client: Client,
            #fields
        }

        impl #builder {
            #[doc = #operation_doc]
            pub const OPERATION: rt::Operation = rt::Operation::new(#id, rt::Method::#method, #path);

            #setters

            #request

            #paging
        }

        crate::operation_sends!(#builder => #output, #kind);
    }
}

/// Whether `p` is one of the operation's positional arguments (else it has a setter).
fn is_argument(op: &Operation, p: &Param) -> bool {
    arguments(op)
        .iter()
        .any(|a| a.wire_name == p.wire_name && a.location == p.location)
}

/// The builder's fields: each parameter (optional ones as `Option`), each multipart
/// part, and the JSON body.
fn builder_fields(op: &Operation, parts: &[Field]) -> TokenStream {
    let is_arg = |p: &Param| is_argument(op, p);
    let param_fields = op.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = model_type(&p.ty);
        if is_arg(p) {
            quote! { #name: #ty, }
        } else {
            quote! { #name: Option<#ty>, }
        }
    });
    let part_fields = parts.iter().map(|f| {
        let name = ident(&f.name);
        let ty = part_type(&f.ty);
        quote! { #name: Option<#ty>, }
    });
    let body_field = match &op.body {
        Some(b) if b.content == BodyContent::Json => {
            let ty = model_type(&b.ty);
            Some(if op.body_is_argument() {
                quote! { body: #ty, }
            } else {
                quote! { body: Option<#ty>, }
            })
        }
        _ => None,
    };

    quote! {
        #(#param_fields)*
        #(#part_fields)*
        #body_field
    }
}

/// A setter for each optional parameter, each multipart part, and an optional body.
fn builder_setters(op: &Operation, parts: &[Field]) -> TokenStream {
    let is_arg = |p: &Param| is_argument(op, p);
    let setters = op.params.iter().filter(|p| !is_arg(p)).map(|p| {
        let name = ident(&p.name);
        let (ty, into) = param_input(&p.ty);
        let value = if into {
            quote! { value.into() }
        } else {
            quote! { value }
        };
        let default = p
            .default
            .as_ref()
            .map(|d| format!("Dixa's default: `{d}`."));
        let deprecated_doc = p.deprecated.then_some("Deprecated by Dixa.");
        let docs = doc_attrs(
            paragraphs([p.docs.as_deref(), default.as_deref(), deprecated_doc]).as_deref(),
        );
        let deprecated = p.deprecated.then(|| quote! { #[deprecated] });
        quote! {
            #docs
            #deprecated
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    let part_setters = parts.iter().map(|f| {
        let name = ident(&f.name);
        let ty = part_type(&f.ty);
        let docs = doc_attrs(f.docs.as_deref());
        quote! {
            #docs
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = Some(value);
                self
            }
        }
    });
    let body_setter = match &op.body {
        Some(b) if b.content == BodyContent::Json && !op.body_is_argument() => {
            let ty = model_type(&b.ty);
            let docs = doc_attrs(b.docs.as_deref().or(Some("The request body.")));
            Some(quote! {
                #docs
                pub fn body(mut self, value: #ty) -> Self {
                    self.body = Some(value);
                    self
                }
            })
        }
        _ => None,
    };

    quote! {
        #(#setters)*
        #(#part_setters)*
        #body_setter
    }
}

/// `fn request`: the builder's values put where the operation sends them (path, query,
/// headers, JSON body or multipart form).
fn request_fn(op: &Operation, parts: &[Field]) -> TokenStream {
    let path_calls = arguments(op)
        .into_iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire_name;
            quote! { .path_param(#wire, &self.#name) }
        });
    let query_calls = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire_name;
            if p.joined {
                quote! { .query_joined(#wire, &self.#name) }
            } else {
                quote! { .query(#wire, &self.#name) }
            }
        });
    let header_calls = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire_name;
            quote! { .header_param(#wire, &self.#name) }
        });
    let body_call = match &op.body {
        Some(_) if op.body_is_argument() => Some(quote! { .json(&self.body) }),
        _ => None,
    };
    let optional_body = match &op.body {
        Some(b) if b.content == BodyContent::Json && !op.body_is_argument() => Some(quote! {
            match &self.body {
                Some(body) => request.json(body),
                None => request,
            }
        }),
        _ => None,
    };
    let multipart = (!parts.is_empty()).then(|| {
        let adds = parts.iter().map(|f| {
            let name = ident(&f.name);
            let wire = &f.wire_name;
            match &f.ty {
                TypeRef::Binary => {
                    quote! { if let Some(file) = self.#name { form = form.file(#wire, file); } }
                }
                TypeRef::List(item) if **item == TypeRef::Binary => {
                    quote! { if let Some(files) = self.#name { form = form.files(#wire, files); } }
                }
                _ => quote! { if let Some(text) = self.#name { form = form.text(#wire, text); } },
            }
        });
        quote! {
            let mut form = rt::Multipart::new();
            #(#adds)*
            request.multipart(&form)
        }
    });

    let mut_request = if optional_body.is_some() || multipart.is_some() {
        quote! { let request = }
    } else {
        quote! {}
    };
    let tail = if optional_body.is_some() || multipart.is_some() {
        quote! { ; #optional_body #multipart }
    } else {
        quote! {}
    };

    // `request` is `#[inline]` like the `send` methods that call it: the serialization of
    // the body type is compiled in the crate that sends it, for the operations it sends,
    // not for every operation in dixa-client (a third of its LLVM IR lines).
    quote! {
        #[inline]
        fn request(self) -> rt::Request {
            #mut_request self.client
                .request(&Self::OPERATION)
                #(#path_calls)*
                #(#query_calls)*
                #(#header_calls)*
                #body_call
            #tail
        }
    }
}

/// `rt::Page` for each paginated output type (once per type).
fn emit_page_impls(model: &Model) -> TokenStream {
    let mut seen = BTreeSet::new();
    let impls = model.operations.iter().filter_map(|op| {
        let pagination = op.pagination.as_ref()?;
        if !seen.insert(pagination.page.as_str()) {
            return None;
        }
        let items = items_expr(&pagination.items_at);
        let next_link = next_link_expr(&pagination.next_at);
        let output_ty = model_type(&TypeRef::Named(pagination.page.clone()));
        let item = model_type(&pagination.item);
        Some(quote! {
            impl rt::Page for #output_ty {
                type Item = #item;

                fn into_items(self) -> Vec<#item> {
                    #items
                }

                fn next_link(&self) -> Option<&str> {
                    #next_link
                }
            }
        })
    });
    quote! { #(#impls)* }
}

/// `self.data`, or `self.data.unwrap_or_default()` for an optional list.
fn items_expr(path: &[FieldStep]) -> TokenStream {
    let mut expr = quote! { self };
    for step in path {
        let field = ident(&step.name);
        expr = if step.required {
            quote! { #expr.#field }
        } else {
            quote! { #expr.#field.unwrap_or_default() }
        };
    }
    expr
}

/// `self.meta.next.as_deref()`, with `.as_ref()?` after each optional object on the way.
fn next_link_expr(path: &[FieldStep]) -> TokenStream {
    let Some((link, objects)) = path.split_last() else {
        return quote! { None };
    };
    let mut expr = quote! { self };
    for step in objects {
        let field = ident(&step.name);
        expr = if step.required {
            quote! { #expr.#field }
        } else {
            quote! { #expr.#field.as_ref()? }
        };
    }
    let field = ident(&link.name);
    if link.required {
        quote! { Some(#expr.#field.as_str()) }
    } else {
        quote! { #expr.#field.as_deref() }
    }
}
