//! `generated-client/tests/generated/<version>/prism_calls.rs`: one function per operation
//! that builds its call through the public builder API (every parameter set, the body and
//! the multipart parts given) and sends it, for the end-to-end test against the Prism mock
//! server (`generated-client/tests/prism.rs`).
//!
//! The values come from a `Samples` the test fills from the description at run time
//! (parameter examples and defaults, request-body examples), so this file holds no text of
//! the description, only the shape of each call.

use super::operations::{arguments, multipart_parts};
use crate::model::ir::*;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The file of a description with operations (one without has none).
pub fn emit_prism_calls(model: &Model, version: &str) -> TokenStream {
    let version = ident(version);
    let ids = model.operations.iter().map(|op| op.id.as_str());
    let arms = model.operations.iter().map(|op| {
        let id = &op.id;
        let f = call_fn_name(op);
        quote! { #id => #f(client, samples), }
    });
    let mut uses = Uses::default();
    let fns: Vec<TokenStream> = model
        .operations
        .iter()
        .map(|op| emit_call(model, op, &version, &mut uses))
        .collect();
    // The trait is implemented by the hand-written test whatever the description, so it
    // keeps every method; one this description never calls is expected to be unused.
    let unused_unless = |used: bool| {
        (!used).then(|| {
            quote! {
                #[expect(dead_code, reason = "no operation of this description needs it")]
            }
        })
    };
    let param_unused = unused_unless(uses.required || uses.optional);
    let body_unused = unused_unless(uses.body || uses.optional_body);
    let file_unused = unused_unless(uses.file);
    let decodes = uses.required || uses.optional || uses.body || uses.optional_body;
    let decode_import = decodes.then(|| quote! { use serde::de::DeserializeOwned; });
    let required = uses.required.then(|| quote! {
        fn required<T: DeserializeOwned>(samples: &dyn Samples, operation: &str, name: &str) -> Result<T, String> {
            optional(samples, operation, name)?
                .ok_or_else(|| format!("{operation}: no sample for the required parameter `{name}`"))
        }
    });
    let optional = (uses.required || uses.optional).then(|| quote! {
        fn optional<T: DeserializeOwned>(samples: &dyn Samples, operation: &str, name: &str) -> Result<Option<T>, String> {
            samples
                .param(operation, name)
                .map(|v| decode(v, &format!("{operation}: parameter `{name}`")))
                .transpose()
        }
    });
    let body = uses.body.then(|| quote! {
        fn body<T: DeserializeOwned>(samples: &dyn Samples, operation: &str) -> Result<T, String> {
            optional_body(samples, operation)?
                .ok_or_else(|| format!("{operation}: no sample for the required request body"))
        }
    });
    let optional_body = (uses.body || uses.optional_body).then(|| quote! {
        fn optional_body<T: DeserializeOwned>(samples: &dyn Samples, operation: &str) -> Result<Option<T>, String> {
            samples
                .body(operation)
                .map(|v| decode(v, &format!("{operation}: request body")))
                .transpose()
        }
    });
    let decode = decodes.then(|| {
        quote! {
            fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, String> {
                let text = value.to_string();
                serde_json::from_str(&text).map_err(|e| {
                    let path = dixa_client::runtime::json_path_at(text.as_bytes(), &e);
                    format!("{what} does not decode at {path}: {e}")
                })
            }
        }
    });
    quote! {
        //! One call per operation through the public builder API, for `tests/prism.rs`.
        #![allow(deprecated)]

        use dixa_client::Client;
        use dixa_client::runtime::{FilePart, HeaderMap, Response, ResponseFuture, StatusCode};
        #decode_import
        use serde_json::Value;

        /// Where the calls take their values from (the test fills it from the description).
        pub trait Samples {
            /// A value for the parameter `name` (its wire name) of `operation`, as JSON;
            /// `None` leaves an optional parameter unset.
            #param_unused
            fn param(&self, operation: &str, name: &str) -> Option<Value>;
            /// The JSON request body of `operation`; `None` leaves an optional body unset.
            #body_unused
            fn body(&self, operation: &str) -> Option<Value>;
            /// A file for the multipart part `part` of `operation`.
            #file_unused
            fn file(&self, operation: &str, part: &str) -> FilePart;
        }

        /// The status and headers of a successful answer (its body decoded and dropped).
        pub type Answer = ResponseFuture<(StatusCode, HeaderMap)>;

        /// Every `operationId`, in the generator's order.
        pub const OPERATIONS: &[&str] = &[#(#ids),*];

        /// Builds the call of `operation` from `samples` and sends it; `None` for an unknown
        /// id, `Err` when a sample does not fit the parameter or body type.
        pub fn call(client: &Client, operation: &str, samples: &dyn Samples) -> Option<Result<Answer, String>> {
            Some(match operation {
                #(#arms)*
                _ => return None,
            })
        }

        #required
        #optional
        #body
        #optional_body
        #decode

        fn answer<T: Send + 'static>(response: ResponseFuture<Response<T>>) -> Answer {
            Box::pin(async move {
                let (status, headers, _body) = response.await?.into_parts();
                Ok((status, headers))
            })
        }

        #(#fns)*
    }
}

/// Which helpers and `Samples` methods the calls use: only those are emitted (or, for the
/// trait's methods, expected unused), so the file is warning-free for any description.
#[derive(Default)]
struct Uses {
    required: bool,
    optional: bool,
    body: bool,
    optional_body: bool,
    file: bool,
}

fn call_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_{}", op.group, op.fn_name)
}

/// `required::<String>(..)` for strings (the builder takes `impl Into<String>`), otherwise
/// the type is inferred from the builder method.
fn value_call(helper: &str, ty: &TypeRef, wire: &str, uses: &mut Uses) -> TokenStream {
    match helper {
        "required" => uses.required = true,
        _ => uses.optional = true,
    }
    let helper = format_ident!("{helper}");
    match ty {
        TypeRef::String => quote! { #helper::<String>(samples, OP, #wire)? },
        _ => quote! { #helper(samples, OP, #wire)? },
    }
}

fn emit_call(
    model: &Model,
    op: &Operation,
    version: &proc_macro2::Ident,
    uses: &mut Uses,
) -> TokenStream {
    let f = call_fn_name(op);
    let id = &op.id;
    let doc = format!(" `{} {}` (`{}`).", op.method.as_str(), op.path, op.id);
    let group = ident(&op.group);
    let method = ident(&op.fn_name);
    let args = arguments(op);
    let is_arg = |p: &Param| {
        args.iter()
            .any(|a| a.wire_name == p.wire_name && a.location == p.location)
    };
    let arg_values: Vec<TokenStream> = args
        .iter()
        .map(|p| value_call("required", &p.ty, &p.wire_name, uses))
        .collect();
    let json_body = op.body.as_ref().filter(|b| b.content == BodyContent::Json);
    let body_arg = op.body_is_argument().then(|| {
        uses.body = true;
        quote! { body(samples, OP)? }
    });

    let mut setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !is_arg(p))
        .map(|p| {
            let setter = ident(&p.name);
            let value = value_call("optional", &p.ty, &p.wire_name, uses);
            quote! {
                if let Some(value) = #value {
                    call = call.#setter(value);
                }
            }
        })
        .collect();
    if json_body.is_some() && !op.body_is_argument() {
        uses.optional_body = true;
        setters.push(quote! {
            if let Some(value) = optional_body(samples, OP)? {
                call = call.body(value);
            }
        });
    }
    for part in multipart_parts(model, op) {
        let setter = ident(&part.name);
        let wire = &part.wire_name;
        setters.push(match &part.ty {
            TypeRef::Binary => {
                uses.file = true;
                quote! { call = call.#setter(samples.file(OP, #wire)); }
            }
            TypeRef::List(item) if **item == TypeRef::Binary => {
                uses.file = true;
                quote! { call = call.#setter(vec![samples.file(OP, #wire)]); }
            }
            _ => {
                uses.optional = true;
                quote! {
                    if let Some(value) = optional::<String>(samples, OP, #wire)? {
                        call = call.#setter(value);
                    }
                }
            }
        });
    }
    let binding = if setters.is_empty() {
        quote! { let call }
    } else {
        quote! { let mut call }
    };
    let (samples, op_const) = if args.is_empty() && body_arg.is_none() && setters.is_empty() {
        (quote! { _samples }, None)
    } else {
        (quote! { samples }, Some(quote! { const OP: &str = #id; }))
    };
    quote! {
        #[doc = #doc]
        fn #f(client: &Client, #samples: &dyn Samples) -> Result<Answer, String> {
            #op_const
            #binding = client.#version().#group().#method(#(#arg_values,)* #body_arg);
            #(#setters)*
            Ok(answer(call.send_with_response()))
        }
    }
}
