//! `generated-client/tests/generated/roundtrip_table.rs`: the conformance test's map
//! from a model type name to "decode this JSON text as that type, then re-encode it".

use crate::model::ir::Model;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_roundtrip_table(model: &Model) -> TokenStream {
    let arms = model.types.keys().map(|name| {
        let ty = ident(name);
        quote! { #name => roundtrip::<models::#ty>(json), }
    });
    quote! {
        //! Decode-and-re-encode for every generated model type, by name.
        #![allow(deprecated)]

        use dixa_client::models;

        /// Decodes `json` as the model type called `type_name` and encodes it back;
        /// `None` if there is no such type.
        pub fn roundtrip_by_name(type_name: &str, json: &str) -> Option<Result<serde_json::Value, String>> {
            Some(match type_name {
                #(#arms)*
                _ => return None,
            })
        }

        fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<serde_json::Value, String> {
            let decoded: T = serde_json::from_str(json).map_err(|e| {
                let path = dixa_client::runtime::json_path_at(json.as_bytes(), &e);
                format!("decode failed at {path}: {e}")
            })?;
            serde_json::to_value(&decoded).map_err(|e| format!("encode failed: {e}"))
        }
    }
}
