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
//! - `v1` (default), `beta`: the API versions, [`v1`] and [`beta`].
//! - `client` (default): the HTTP client ([`Client`], the operations, retries,
//!   pagination). Without it the crate is the models and the wire helpers.
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

#[cfg(feature = "v1")]
pub mod v1;

#[cfg(feature = "beta")]
pub mod beta;

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
