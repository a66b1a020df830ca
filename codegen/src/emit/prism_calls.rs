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

pub fn emit_prism_calls(model: &Model, version: &str) -> TokenStream {
    let version = ident(version);
    let ids = model.operations.iter().map(|op| op.id.as_str());
    let arms = model.operations.iter().map(|op| {
        let id = &op.id;
        let f = call_fn_name(op);
        quote! { #id => #f(client, samples), }
    });
    let fns = model
        .operations
        .iter()
        .map(|op| emit_call(model, op, &version));
    quote! {
        //! One call per operation through the public builder API, for `tests/prism.rs`.
        #![allow(deprecated)]
        // Which helpers the calls use depends on the description: one without a file part
        // never calls `Samples::file`, one without parameters never calls `required`.
        #![allow(dead_code)]

        use dixa_client::Client;
        use dixa_client::runtime::{FilePart, HeaderMap, Response, ResponseFuture, StatusCode};
        use serde::de::DeserializeOwned;
        use serde_json::Value;

        /// Where the calls take their values from (the test fills it from the description).
        pub trait Samples {
            /// A value for the parameter `name` (its wire name) of `operation`, as JSON;
            /// `None` leaves an optional parameter unset.
            fn param(&self, operation: &str, name: &str) -> Option<Value>;
            /// The JSON request body of `operation`; `None` leaves an optional body unset.
            fn body(&self, operation: &str) -> Option<Value>;
            /// A file for the multipart part `part` of `operation`.
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

        fn required<T: DeserializeOwned>(samples: &dyn Samples, operation: &str, name: &str) -> Result<T, String> {
            optional(samples, operation, name)?
                .ok_or_else(|| format!("{operation}: no sample for the required parameter `{name}`"))
        }

        fn optional<T: DeserializeOwned>(samples: &dyn Samples, operation: &str, name: &str) -> Result<Option<T>, String> {
            samples
                .param(operation, name)
                .map(|v| decode(v, &format!("{operation}: parameter `{name}`")))
                .transpose()
        }

        fn body<T: DeserializeOwned>(samples: &dyn Samples, operation: &str) -> Result<T, String> {
            optional_body(samples, operation)?
                .ok_or_else(|| format!("{operation}: no sample for the required request body"))
        }

        fn optional_body<T: DeserializeOwned>(samples: &dyn Samples, operation: &str) -> Result<Option<T>, String> {
            samples
                .body(operation)
                .map(|v| decode(v, &format!("{operation}: request body")))
                .transpose()
        }

        fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, String> {
            let text = value.to_string();
            serde_json::from_str(&text).map_err(|e| {
                let path = dixa_client::runtime::json_path_at(text.as_bytes(), &e);
                format!("{what} does not decode at {path}: {e}")
            })
        }

        fn answer<T: Send + 'static>(response: ResponseFuture<Response<T>>) -> Answer {
            Box::pin(async move {
                let (status, headers, _body) = response.await?.into_parts();
                Ok((status, headers))
            })
        }

        #(#fns)*
    }
}

fn call_fn_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_{}", op.group, op.fn_name)
}

/// `required::<String>(..)` for strings (the builder takes `impl Into<String>`), otherwise
/// the type is inferred from the builder method.
fn value_call(helper: &str, ty: &TypeRef, wire: &str) -> TokenStream {
    let helper = format_ident!("{helper}");
    match ty {
        TypeRef::String => quote! { #helper::<String>(samples, OP, #wire)? },
        _ => quote! { #helper(samples, OP, #wire)? },
    }
}

fn emit_call(model: &Model, op: &Operation, version: &proc_macro2::Ident) -> TokenStream {
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
    let arg_values = args
        .iter()
        .map(|p| value_call("required", &p.ty, &p.wire_name));
    let json_body = op.body.as_ref().filter(|b| b.content == BodyContent::Json);
    let body_arg = op.body_is_argument().then(|| quote! { body(samples, OP)? });

    let mut setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !is_arg(p))
        .map(|p| {
            let setter = ident(&p.name);
            let value = value_call("optional", &p.ty, &p.wire_name);
            quote! {
                if let Some(value) = #value {
                    call = call.#setter(value);
                }
            }
        })
        .collect();
    if json_body.is_some() && !op.body_is_argument() {
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
            TypeRef::Binary => quote! { call = call.#setter(samples.file(OP, #wire)); },
            TypeRef::List(item) if **item == TypeRef::Binary => {
                quote! { call = call.#setter(vec![samples.file(OP, #wire)]); }
            }
            _ => quote! {
                if let Some(value) = optional::<String>(samples, OP, #wire)? {
                    call = call.#setter(value);
                }
            },
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
