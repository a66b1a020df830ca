//! The client's machinery, shared by both API versions: what the crate root re-exports
//! ([`Client`], [`Error`], [`RetryPolicy`], [`Pages`], ...) and what a few users go
//! further with.
//!
//! - **Transports and middleware.** Every attempt goes through a [`Transport`]
//!   ([`ReqwestTransport`] by default); wrap one to add middleware
//!   ([`ClientBuilder::transport`]). [`HttpRequest`] and [`HttpResponse`] are what it
//!   sees: the [`Operation`] (its `operationId`, [`Method`] and path template), headers
//!   and the body as bytes.
//! - **Answers.** `send_with_response()` gives a [`Response`] (status, headers, the
//!   server's request id, the decoded body); a builder's `.await` or `send()` is a
//!   [`ResponseFuture`].
//! - **Pagination.** A paginated operation's output implements [`Page`]
//!   ([`Page::into_items`] gives its items as a `Vec`); `.pages()` and `.items()` on the
//!   operation stream every page ([`Pages`]) or every item ([`Items`]), following
//!   `meta.next`.
//! - **Retries.** The [`RetryPolicy`] tries a call again after a 429 or a failed connect
//!   (any method), and after a 502, 503, 504, timeout or lost connection only for
//!   idempotent operations (GET, PUT, DELETE, HEAD, OPTIONS; a POST or PATCH with
//!   [`CallOptions::idempotent`]), honouring `Retry-After`. Bodies are encoded once, so a
//!   retry resends the same bytes.
//! - **Constants.** [`DEFAULT_BASE_URL`], [`DEFAULT_MAX_BODY_SIZE`],
//!   [`DEFAULT_REQUEST_ID_HEADER`], [`ERROR_BODY_KEPT`], [`PAGE_KEY`].
//!
//! Everything here but [`DateTime`] needs the `client` feature (on by default).
//!
//! # Tracing (the `tracing` feature)
//!
//! Each call is one `dixa.call` span (INFO) holding one `dixa.attempt` span (DEBUG) per
//! attempt. Field names follow OpenTelemetry's HTTP client conventions where one fits
//! (`tracing-opentelemetry` maps `otel.*` onto the exported span):
//!
//! | field | span | value |
//! | --- | --- | --- |
//! | `otel.name` | call | `GET /beta/agents/{agentId}` (method and template, as the conventions name client spans) |
//! | `otel.kind` | call | `client` |
//! | `otel.status_code` | call | `ERROR` when the call failed |
//! | `dixa.operation_id` | call | the `operationId` (`getAgentsAgentid`) |
//! | `http.request.method` | both | `GET`, `POST`, ... |
//! | `url.template` | call | the path template, ids left as `{agentId}` |
//! | `server.address` | call | the base URL's host |
//! | `http.response.status_code` | both | the status of the (last) answer |
//! | `http.request.resend_count` | both | retries made: the attempt number minus one |
//! | `dixa.attempts` | call | attempts made |
//! | `dixa.retry_wait_ms` | call | time spent waiting between attempts |
//! | `dixa.rate_limit_wait_ms` | call | time spent waiting for the client-side rate limiter |
//! | `error.type` | both | the status code (`404`) for an error answer; `timeout`, `connect`, `transport`, `invalid_request` otherwise |
//!
//! Never recorded: the API key, other header values, query values, bodies. The call span
//! ends when the answer is in: decoding the body happens after it.
//!
//! **Drift.** When an answer carries something this crate does not know yet (a key a type
//! does not declare, an enum value or a union kind it does not list), it still decodes,
//! and each such value is a DEBUG event on the target `dixa_client::drift`:
//! `dixa.operation_id` (the operation whose answer it is), `dixa.drift_kind` (`unknown
//! field`, `unknown enum value`, `unknown union variant`), `dixa.drift_path` (the type, and
//! for a field its key: `Agent.workingHours`), `dixa.drift_value` (the key, value or
//! `_type`, at most 64 characters) and `dixa.drift_value_kind` (its JSON kind). Turn it on
//! with a filter such as `dixa_client::drift=debug` to notice what Dixa added before it
//! matters. Known values cost nothing extra; without the feature there is no check at all.

/// Serde helpers for Dixa's wire conventions, used by the generated models.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[doc(hidden)]
pub mod wire;

#[cfg(feature = "client")]
mod call_options;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod correlation;
#[cfg(feature = "client")]
mod error;
mod json_path;
#[cfg(feature = "client")]
mod multipart;
#[cfg(feature = "client")]
mod operation;
#[cfg(feature = "client")]
mod pagination;
#[cfg(feature = "client")]
mod params;
#[cfg(feature = "client")]
mod rate;
#[cfg(feature = "client")]
mod rate_limit;
#[cfg(feature = "redis")]
mod redis_limit;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod send;

#[cfg(feature = "client")]
pub use bytes::Bytes;
#[cfg(any(feature = "record", feature = "testing"))]
pub mod recording;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "client")]
mod trace;
#[cfg(feature = "client")]
mod transport;

// The types every caller touches are documented at the crate root (`dixa_client::Client`,
// `#[doc(inline)]` there) and listed here as re-exports.
#[doc(no_inline)]
pub use wire::{DateTime, DateTimeError};

#[cfg(feature = "client")]
#[doc(no_inline)]
pub use call_options::CallOptions;
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use client::{Client, ClientBuilder};
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use error::{Error, ErrorKind};
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use multipart::FilePart;
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use pagination::{Items, Page, Pages};
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use rate_limit::{MAX_SHARED_BACKOFF, Permit, RateLimit, RateLimiter};
#[cfg(feature = "redis")]
#[doc(no_inline)]
pub use redis_limit::{DEFAULT_REDIS_TIMEOUT, OnRedisError, RedisRateLimit};
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
#[doc(no_inline)]
pub use send::{Response, ResponseFuture};

#[cfg(feature = "client")]
pub use client::{DEFAULT_BASE_URL, DEFAULT_MAX_BODY_SIZE, DEFAULT_REQUEST_ID_HEADER};
#[cfg(feature = "client")]
pub use correlation::{RESPONSE_REQUEST_ID_HEADERS, request_id_from};
#[cfg(feature = "client")]
pub use error::ERROR_BODY_KEPT;
pub use json_path::json_path_at;
#[cfg(feature = "client")]
pub use multipart::Multipart;
#[cfg(feature = "client")]
pub use operation::{Method, Operation};
#[cfg(feature = "client")]
pub use pagination::{PAGE_KEY, page_key_from_link};
#[cfg(feature = "client")]
pub use request::Request;
#[cfg(feature = "client")]
pub use transport::{
    HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError, TransportErrorKind,
    TransportFuture,
};

#[cfg(feature = "client")]
pub use reqwest::StatusCode;
#[cfg(feature = "client")]
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
