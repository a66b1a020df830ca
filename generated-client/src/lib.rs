//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/beta/).
//!
//! The types in [`models`] and the operations are generated from Dixa's OpenAPI
//! description by `cargo xtask codegen`; everything else (HTTP, auth, retries,
//! pagination, errors, wire helpers) is hand-written in [`runtime`].
//!
//! Per call, before `.await`, every operation takes `.options(|o| ...)`: extra headers, a
//! timeout, a retry policy or none, an idempotency decision, a request id
//! ([`runtime::CallOptions`]). Every attempt carries a request id (`x-request-id`, see
//! [`ClientBuilder::request_id_header`]); [`Error::client_request_id`] and
//! [`Error::request_id`] / [`Response::request_id`] give ours and the server's.
//!
//! Every attempt goes through a [`runtime::Transport`] (reqwest by default), which a
//! middleware can wrap ([`ClientBuilder::transport`]).
//!
//! # Features
//!
//! - `client` (default): the HTTP client (`Client`, the operations, retries,
//!   pagination). Without it the crate is [`models`] and the wire helpers.
//! - `webhooks`: the `webhooks` module, for receiving Dixa's webhooks: verified signatures, typed
//!   events; it needs no HTTP stack (`default-features = false, features = ["webhooks"]`).
//! - `tracing` (implies `client`): one span per call and one per attempt, with
//!   OpenTelemetry's HTTP client field names (listed in [`runtime`]'s documentation); never
//!   the API key or bodies.
//! - `testing` (implies `client`): `testing::TestTransport`, canned answers per operation
//!   and a record of the requests sent, to test your own code without a network.

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

/// Running your own code against canned answers, without a network (`testing` feature).
#[cfg(feature = "testing")]
pub use runtime::testing;

#[cfg(feature = "client")]
pub use runtime::{
    Client, ClientBuilder, Error, ErrorKind, RateLimit, RateLimiter, Response, RetryPolicy,
};

/// `http`, whose `HeaderMap` [`webhooks::Verifier`] reads the signature from.
#[cfg(feature = "webhooks")]
pub use http;
/// The crates whose types appear in the API, re-exported so versions always match.
pub use {jiff, serde_json, uuid};
