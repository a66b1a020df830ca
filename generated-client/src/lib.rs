//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/beta/).
//!
//! The types in [`models`] and the operations are generated from Dixa's OpenAPI
//! description by `cargo xtask codegen`; everything else (HTTP, auth, retries,
//! pagination, errors, wire helpers) is hand-written in [`runtime`].

pub mod runtime;

/// Every schema of the description, one Rust type each (`Foo_Bar` is `models::FooBar`).
#[path = "generated/models.rs"]
pub mod models;

/// Every operation, as a request builder: `client.agents().get(agent_id).await`.
#[path = "generated/operations.rs"]
pub mod operations;

pub use runtime::wire::DateTime;

/// Running your own code against canned answers, without a network (`testing` feature).
#[cfg(feature = "testing")]
pub use runtime::testing;

pub use runtime::{Client, ClientBuilder, Error, ErrorKind, RateLimit, Response, RetryPolicy};

/// The crates whose types appear in the API, re-exported so versions always match.
pub use {jiff, serde_json, uuid};
