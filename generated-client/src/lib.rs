//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/v1/).
//!
//! Dixa publishes two API versions, each a module here behind a Cargo feature of the
//! same name: `v1`, the stable API (on by default), and `beta`, a superset that previews
//! new operations (opt in with `features = ["beta"]`). Both are generated from Dixa's
//! OpenAPI descriptions by `cargo xtask codegen`; everything else (HTTP, auth, retries,
//! pagination, errors, wire helpers) is hand-written once in [`runtime`] and shared: one
//! [`Client`] (one API key, retry policy and rate limiter) calls either version,
//! `client.v1().agents().get(id)` or `client.beta().agents().get(id)`.

pub mod runtime;

#[cfg(feature = "v1")]
pub mod v1;

#[cfg(feature = "beta")]
pub mod beta;

pub use runtime::wire::DateTime;

pub use runtime::{Client, ClientBuilder, Error, ErrorKind, RateLimit, Response, RetryPolicy};

/// The crates whose types appear in the API, re-exported so versions always match.
pub use {jiff, serde_json, uuid};
