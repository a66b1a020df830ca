//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/v1/).
//!
//! Dixa publishes two API versions, each a module here behind a Cargo feature of the
//! same name: `v1`, the stable API (on by default), and `beta`, a superset that previews
//! new operations (opt in with `features = ["beta"]`). Both are generated from Dixa's
//! OpenAPI descriptions by `cargo xtask codegen`; everything else (HTTP, auth, retries,
//! pagination, errors, wire helpers) is hand-written once in [`runtime`] and shared: one
//! [`Client`] (one API key, retry policy and rate limiter) calls either version,
//! `client.v1().agents().get(id)` or `client.beta().agents().get(id)`.
//!
//! # Features
//!
//! - `v1` (default), `beta`: the API versions, [`v1`] and [`beta`].
//! - `client` (default): the HTTP client ([`Client`], the operations, retries,
//!   pagination). Without it the crate is the models and the wire helpers.
//! - `webhooks`: the `webhooks` module, for receiving Dixa's webhooks: verified signatures, typed
//!   events; it needs no HTTP stack (`default-features = false, features = ["webhooks"]`).

// The runtime's docs link its HTTP half, which is not there without `client`.
#![cfg_attr(not(feature = "client"), allow(rustdoc::broken_intra_doc_links))]

pub mod runtime;

#[cfg(feature = "v1")]
pub mod v1;

#[cfg(feature = "beta")]
pub mod beta;

#[cfg(feature = "webhooks")]
pub mod webhooks;

pub use runtime::wire::DateTime;

#[cfg(feature = "client")]
pub use runtime::{
    Client, ClientBuilder, Error, ErrorKind, RateLimit, RateLimiter, Response, RetryPolicy,
};

/// `http`, whose `HeaderMap` [`webhooks::Verifier`] reads the signature from.
#[cfg(feature = "webhooks")]
pub use http;
/// The crates whose types appear in the API, re-exported so versions always match.
pub use {jiff, serde_json, uuid};
