//! Typed async client for the [Dixa API](https://docs.dixa.io/openapi/dixa-api/v1/),
//! generated from Dixa's OpenAPI descriptions. Dixa publishes two API versions, each a
//! module here behind a Cargo feature of the same name: [`v1`], the stable API (on by
//! default), and `beta`, a superset that previews new operations (opt in with
//! `features = ["beta"]`). One [`Client`] (one API key, retry policy and rate limiter) calls
//! either: `client.v1().agents().get(id)`, `client.beta().agents().get(id)`.
//!
//! # Quick start
//!
//! ```toml
//! [dependencies]
//! dixa-client = { git = "https://github.com/dixa-codegen/dixa-codegen" }
//! ```
//!
//! ```no_run
//! use dixa_client::uuid::Uuid;
//! use dixa_client::{Client, Error, RateLimit, RetryPolicy};
//!
//! async fn quick_start(agent_id: Uuid, conversation_id: i64) -> Result<(), Error> {
//!     let client = Client::builder(std::env::var("DIXA_API_KEY").expect("DIXA_API_KEY"))
//!         .rate_limit(RateLimit::dixa_default()) // Dixa's limit: bursts of 4, never over 10 in any second
//!         .retry_policy(RetryPolicy::default()) // 429 and transient failures, idempotent calls only
//!         .build()?;
//!
//!     // One method per operation, grouped by resource under the API version; required
//!     // parameters are arguments, optional ones builder methods; `.await` sends.
//!     let agent = client.v1().agents().get(agent_id).await?;
//!     println!("{}", agent.data.display_name);
//!     let messages = client.v1().conversations().list_messages(conversation_id).await?;
//!     println!("{} messages", messages.into_data().len());
//!
//!     // Paginated operations follow `meta.next` for you.
//!     let mut agents = client.v1().agents().list().page_limit(50).items();
//!     while let Some(agent) = agents.next_item().await {
//!         println!("{}", agent?.display_name);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # What is where
//!
//! - **The API.** [`v1::models`] (and `beta::models`) hold one type per schema of the
//!   description (`Foo_Bar` is `FooBar`); [`v1::operations`] (and `beta::operations`) one
//!   request builder per operation, reached through [`Client::v1`] (and `Client::beta`).
//!   The beta's modules are documented when its feature is on
//!   (`cargo doc -p dixa-client --features beta --open`).
//! - **At the crate root**, the types a caller touches: [`Client`] and [`ClientBuilder`];
//!   [`Error`] and [`ErrorKind`]; [`RetryPolicy`], [`RateLimit`] and [`RateLimiter`];
//!   [`CallOptions`] (per call, before `.await`: `.options(|o| o.timeout(..))`);
//!   [`Response`] (from `send_with_response()`) and [`ResponseFuture`]; [`Pages`], [`Items`]
//!   and the [`Page`] trait of paginated outputs; [`FilePart`] for uploads; [`DateTime`];
//!   [`StatusCode`] and [`HeaderMap`].
//! - **The crates in the API's signatures**, re-exported so that versions always match:
//!   [`uuid`] (with `v4`: `dixa_client::uuid::Uuid::new_v4()`), `jiff` (timestamps),
//!   [`serde_json`], `reqwest` (`ClientBuilder::reqwest_client`) and `bytes` (raw bodies).
//!
//!   ```
//!   use dixa_client::uuid::Uuid;
//!
//!   let correlation_id = Uuid::new_v4(); // no `uuid` dependency of your own needed
//!   assert_eq!(correlation_id.get_version_num(), 4);
//!   ```
//! - **[`runtime`]**: transports and middleware, answers, pagination, retries, and the
//!   spans of the `tracing` feature.
//! - **`webhooks`** (feature `webhooks`): verify Dixa's webhook signatures and decode typed
//!   events. **`testing`** (feature `testing`): `testing::TestTransport`, canned answers per
//!   operation and a record of the requests sent, to test your own code without a network.
//!
//! The crate's README says more about each (errors, rate limits and several processes,
//! request ids, untrusted servers, moving from the beta-only crate); its CHANGELOG.md lists
//! what each release changed.
//!
//! # Features
//!
//! - `v1` (default), `beta`: the API versions, [`v1`] and `beta`.
//! - `client` (default): the HTTP client ([`Client`], the operations, retries,
//!   pagination). Without it the crate is the models and their serde helpers.
//! - `webhooks`: the `webhooks` module, for receiving Dixa's webhooks: verified
//!   signatures, typed events; it needs no HTTP stack
//!   (`default-features = false, features = ["webhooks"]`).
//! - `tracing` (implies `client`): one span per call and one per attempt, with
//!   OpenTelemetry's HTTP client field names (listed in [`runtime`]'s documentation); never
//!   the API key or bodies. And drift: a DEBUG event on `dixa_client::drift` for each
//!   value Dixa sent that this crate does not know.
//! - `testing` (implies `client`): `testing::TestTransport`, and replaying recordings.
//! - `record` (implies `client`): `recording::RecordingTransport`, one file per answer your
//!   client receives (never a secret; keys you name redacted), for replay and re-checks.

// The crate docs link the HTTP half and `v1`, which are not there without their features
// (the beta's items are named, not linked: most readers build the docs without it).
#![cfg_attr(
    not(all(feature = "client", feature = "v1")),
    allow(rustdoc::broken_intra_doc_links)
)]

pub mod runtime;

#[cfg(feature = "v1")]
pub mod v1;

#[cfg(feature = "beta")]
pub mod beta;

#[cfg(feature = "webhooks")]
pub mod webhooks;

/// Generator machinery: not part of the stable API (see its own documentation).
#[doc(hidden)]
#[path = "runtime/private.rs"]
pub mod __private;

#[doc(inline)]
pub use runtime::{DateTime, DateTimeError};

/// Running your own code against canned answers, without a network (`testing` feature).
#[cfg(feature = "testing")]
pub use runtime::testing;

/// Recording your client's real exchanges (`record` feature) to replay them in tests
/// (`testing` feature).
#[cfg(any(feature = "record", feature = "testing"))]
pub use runtime::recording;

#[cfg(feature = "client")]
#[doc(inline)]
pub use runtime::{
    CallOptions, Client, ClientBuilder, Error, ErrorKind, FilePart, HeaderMap, Items, Page, Pages,
    Permit, RateLimit, RateLimiter, Response, ResponseFuture, RetryPolicy, StatusCode,
};
/// The rate limiter shared by several processes through Redis (`redis` feature).
#[cfg(feature = "redis")]
#[doc(inline)]
pub use runtime::{DEFAULT_REDIS_TIMEOUT, OnRedisError, RedisRateLimit};

/// `http`, whose `HeaderMap` [`webhooks::Verifier`] reads the signature from.
#[cfg(feature = "webhooks")]
pub use http;
/// The crates whose types appear in the HTTP client's API (`reqwest::Client`,
/// `bytes::Bytes`), re-exported so versions always match.
#[cfg(feature = "client")]
pub use {bytes, reqwest};
/// The crates whose types appear in the API, re-exported so versions always match.
pub use {jiff, serde_json, uuid};
