//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/beta/).
//!
//! The types in [`models`] and the operations are generated from Dixa's OpenAPI
//! description by `cargo xtask codegen`; everything else (HTTP, auth, retries,
//! pagination, errors, wire helpers) is hand-written in [`runtime`].
//!
//! # Features
//!
//! - `client` (default): the HTTP client (`Client`, the operations, retries,
//!   pagination). Without it the crate is [`models`] and the wire helpers.
//! - `webhooks`: the `webhooks` module, for receiving Dixa's webhooks: verified signatures, typed
//!   events; it needs no HTTP stack (`default-features = false, features = ["webhooks"]`).

// The runtime's docs link its HTTP half, which is not there without `client`.
#![cfg_attr(not(feature = "client"), allow(rustdoc::broken_intra_doc_links))]

pub mod runtime;

/// Every schema of the description, one Rust type each (`Foo_Bar` is `models::FooBar`).
#[path = "generated/models.rs"]
pub mod models;

/// Every operation, as a request builder: `client.agents().get(agent_id).await`.
#[cfg(feature = "client")]
#[path = "generated/operations.rs"]
pub mod operations;

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
