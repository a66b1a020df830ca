//! Generator machinery: **not part of the stable API**. Everything here is public only so
//! that the generated code (`src/generated/`) can reach it; it may change in any release,
//! without notice. Users: see [`crate::runtime`] and the crate root instead.
//!
//! This page is for whoever changes the generator (`codegen/`) or the runtime: it states
//! the contract between the two, and where each concern of the runtime lives. The
//! generated code keeps its historical paths (`crate::runtime::...`, `crate::struct_serde!`,
//! ...); this module re-exports the same items under one unstable name,
//! `dixa_client::__private`.
//!
//! # Concerns
//!
//! | file | what |
//! | --- | --- |
//! | `client.rs` | [`Client`](crate::runtime::Client), [`ClientBuilder`](crate::runtime::ClientBuilder): the settings only (base URL, API key in `Authorization`, never printed, timeouts, user agent, default headers, retry policy, rate limit); views with per-call options ([`Client::with_options`](crate::runtime::Client::with_options)) |
//! | `operation.rs` | [`Operation`](crate::runtime::Operation), [`Method`](crate::runtime::Method): what the description says about one operation; `operation_sends!`, the sending side of every generated builder |
//! | `request.rs` | [`Request`](crate::runtime::Request): building one call ([`Client::request`](crate::runtime::Client::request), path, query, body), checked and encoded once; the call's settings (its options, else the client's) and its request id |
//! | `send.rs` | [`Response`](crate::runtime::Response), [`ResponseFuture`](crate::runtime::ResponseFuture): sending a [`Request`](crate::runtime::Request) (rate limit, attempts, retries) and decoding its answer; the server's request id on a `Response` |
//! | `call_options.rs` | [`CallOptions`](crate::runtime::CallOptions): per-call headers, timeout, retry policy, idempotency, request id (the options; `client.rs` makes views with them, `request.rs` reads them) |
//! | `correlation.rs` | request ids: a new one for every call (sent with each attempt), and where the server's is ([`request_id_from`](crate::runtime::request_id_from), behind [`Response::request_id`](crate::runtime::Response::request_id) and [`Error::request_id`](crate::runtime::Error::request_id)) |
//! | `transport.rs` | [`Transport`](crate::runtime::Transport): the seam under `send.rs` for one attempt; [`ReqwestTransport`](crate::runtime::ReqwestTransport), the default |
//! | `trace.rs` | the spans of the `tracing` feature (nothing without it), fed plain values (operation, base URL, statuses, the error) |
//! | `testing.rs` | `testing` feature: `testing::TestTransport`, scripted answers for users' tests |
//! | `params.rs` | path and query values from any `Serialize` scalar, `Option` or list |
//! | `error.rs` | [`Error`](crate::runtime::Error), [`ErrorKind`](crate::runtime::ErrorKind): one error type naming the operation |
//! | `retry.rs` | [`RetryPolicy`](crate::runtime::RetryPolicy): 429 / 502 / 503 / 504 / transport failures, `Retry-After`, jittered backoff |
//! | `rate_limit.rs` | [`RateLimit`](crate::runtime::RateLimit), [`RateLimiter`](crate::runtime::RateLimiter): optional client-side pacing (Dixa: 10/s, bursts of 4), shareable between clients of one token |
//! | `pagination.rs` | [`Page`](crate::runtime::Page), [`Pages`](crate::runtime::Pages), [`Items`](crate::runtime::Items): following `meta.next` |
//! | `multipart.rs` | [`Multipart`](crate::runtime::Multipart), [`FilePart`](crate::runtime::FilePart): `multipart/form-data` uploads |
//! | `json_path.rs` | where in a JSON document a decode error happened |
//! | `wire/` | serde helpers for Dixa's wire conventions (`DateTime`, open string enums, tagged unions and their key `TAG_KEY`) and the generated items, each declared once (`model_struct!`, `string_enum!`, `tagged_union!`, `untagged_union!`), with the serde impls (`struct_serde!`), constructors and setters (`struct_constructor!`) and union conveniences (`union_api!`) they are made of |
//! | `private.rs` | this page: `dixa_client::__private` (declared in `lib.rs`), the machinery's unstable re-export path; the user-facing front page is `mod.rs` |
//!
//! The files import in one direction: `send.rs` (and `pagination.rs` beside it) ->
//! `request.rs` -> `client.rs`, and all of them -> `operation.rs`, `error.rs` and the leaf
//! helpers (`call_options.rs`, `correlation.rs`, `trace.rs`, `transport.rs`, `retry.rs`,
//! `rate_limit.rs`, `params.rs`, ...); `error.rs` takes only from leaves. A leaf takes
//! nothing from the files above it: methods on `Client`, `Request` and `Response` live
//! with their type (or above it) and the leaves hand them plain functions and data, so
//! `send.rs` calls into `call_options.rs`, `correlation.rs`, `transport.rs` and `trace.rs`
//! through small hooks (the call's options, its request id, the transport, the span
//! around the call).
//! Everything but `wire/` and `json_path.rs` (which the models need) is the HTTP side and
//! builds only with the `client` feature (on by default).
//!
//! # The contract for the code generator
//!
//! Per operation the generator emits a builder struct holding a
//! [`Client`](crate::runtime::Client) clone and the parameters, a method on the operation's
//! resource group that makes it (`client.v1().agents().get(agent_id)`), one setter per
//! optional parameter, and a private `fn request(self) -> rt::Request` that declares the
//! operation as a function-local `static` and turns the parameters into a
//! [`Request`](crate::runtime::Request). `crate::operation_sends!` then writes `send`,
//! `send_with_response`, `IntoFuture` (so `.await` sends) and `options` (per-call
//! [`CallOptions`](crate::runtime::CallOptions), stored in the builder's `client` field:
//! the field must be named so). Everything else (URL building, percent-encoding, auth, rate
//! limiting, retries, decoding, errors) is here. Generated code refers to the runtime as
//! `rt` (`use crate::runtime as rt;`) and to `crate::{Client, models}`, and calls only:
//!
//! ```text
//! rt::Operation::new(id: &'static str, method: rt::Method, path_template: &'static str)   (const, in a `static`)
//! Client::request(&self, &'static rt::Operation) -> rt::Request
//! Request::path_param<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Request
//! Request::query<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Request   None: omitted, list: key repeated
//! Request::json<T: Serialize + ?Sized>(self, body: &T) -> Request
//! Request::multipart(self, form: &rt::Multipart) -> Request
//! rt::Multipart::new() -> Multipart, .text(name, String), .file(name, rt::FilePart), .files(name, Vec<rt::FilePart>)
//! Request::pages<P: rt::Page>(self) -> rt::Pages<P>      Request::items<P: rt::Page>(self) -> rt::Items<P::Item>
//! impl rt::Page for <list output> { type Item; fn into_items(self) -> Vec<Item>; fn next_link(&self) -> Option<&str> }
//! crate::operation_sends!(Builder => Output, json | empty)
//!     options(self, impl FnOnce(rt::CallOptions) -> rt::CallOptions) -> Self   (sets self.client)
//!     send(self) -> rt::ResponseFuture<Output>                       json: Request::send_json, empty: Request::send_empty
//!     send_with_response(self) -> rt::ResponseFuture<rt::Response<Output>>
//!     impl IntoFuture (Output = Result<Output, crate::Error>)
//! ```
//!
//! `json` is for a 2xx answer with a body decoded as `Output`; `empty` (with `Output = ()`)
//! for 204 or a body to ignore. Parameter values are any `Serialize` scalar (strings,
//! integers, booleans, UUIDs, string enums, `DateTime` with its original text), `Option`s
//! of them (`None` sends nothing) and, for query parameters, lists of them. Mistakes (a
//! struct as a query value, a path parameter the template lacks or a placeholder left
//! unfilled) come back from sending as
//! [`ErrorKind::InvalidRequest`](crate::runtime::ErrorKind::InvalidRequest), never as
//! panics. Path templates are the description's, with `{name}` placeholders; values are
//! percent-encoded as one segment.
//!
//! `tests/runtime_contract.rs` drives the generated builders of each shape below against a
//! mock server, and checks that the list above names every runtime call the generated
//! `operations.rs` makes.
//!
//! ## What the generator emits: a paginated GET
//!
//! As in `src/generated/<version>/operations.rs` (doc comments shortened):
//!
//! ```ignore
//! pub mod agents {
//!     use super::*;
//!
//!     /// The `Agents` operations: `client.agents()`.
//!     #[derive(Debug, Clone, Copy)]
//!     pub struct Agents<'a> {
//!         pub(crate) client: &'a Client,
//!     }
//!
//!     impl Agents<'_> {
//!         /// `GET /beta/agents` (`getAgents`).
//!         pub fn list(&self) -> List {
//!             List { client: self.client.clone(), page_limit: None, page_key: None, email: None, phone: None }
//!         }
//!     }
//!
//!     /// `GET /beta/agents` (`getAgents`).
//!     #[derive(Debug, Clone)]
//!     #[must_use = "a request does nothing until it is sent: `.await` it"]
//!     pub struct List {
//!         client: Client,
//!         page_limit: Option<i32>,
//!         page_key: Option<String>,
//!         email: Option<String>,
//!         phone: Option<String>,
//!     }
//!
//!     impl List {
//!         pub fn page_limit(mut self, value: i32) -> Self {
//!             self.page_limit = Some(value);
//!             self
//!         }
//!         // ... one setter per optional parameter
//!
//!         fn request(self) -> rt::Request {
//!             static LIST: rt::Operation =
//!                 rt::Operation::new("getAgents", rt::Method::Get, "/beta/agents");
//!             self.client
//!                 .request(&LIST)
//!                 .query("pageLimit", &self.page_limit)
//!                 .query("pageKey", &self.page_key)
//!                 .query("email", &self.email)
//!                 .query("phone", &self.phone)
//!         }
//!
//!         /// Every page, following `meta.next` from this request's page on.
//!         #[inline]
//!         pub fn pages(self) -> rt::Pages<models::ListAgentsOutput> {
//!             self.request().pages()
//!         }
//!
//!         /// Every item of every page, in order.
//!         #[inline]
//!         pub fn items(self) -> rt::Items<models::Agent> {
//!             self.request().items::<models::ListAgentsOutput>()
//!         }
//!     }
//!
//!     crate::operation_sends!(List => models::ListAgentsOutput, json);
//! }
//!
//! // Once per paginated output type, at the end of the file:
//! impl rt::Page for models::ListAgentsOutput {
//!     type Item = models::Agent;
//!
//!     fn into_items(self) -> Vec<models::Agent> {
//!         self.data.unwrap_or_default()
//!     }
//!
//!     fn next_link(&self) -> Option<&str> {
//!         self.meta.as_ref()?.next.as_deref()
//!     }
//! }
//! ```
//!
//! [`Pages`](crate::runtime::Pages) re-sends the same request (path, other query
//! parameters, body) with `pageKey` replaced by the key found in `meta.next`, and stops on
//! a missing or empty link or an error. A link it cannot follow (no `pageKey`, or the key
//! of an earlier page: a loop) is an
//! [`ErrorKind::Pagination`](crate::runtime::ErrorKind::Pagination) after the page, never a
//! silent end. Paginated POSTs (`postSearchConversations`) work the same way.
//!
//! ## The other shapes of `fn request`
//!
//! ```ignore
//! // A path parameter (GET, DELETE, ...); a 204 answer is `operation_sends!(Delete => (), empty)`.
//! self.client.request(&DELETE).path_param("agentId", &self.agent_id)
//!
//! // A required JSON body.
//! self.client.request(&CREATE).json(&self.body)
//!
//! // An optional JSON body: no body at all when the caller set none.
//! let request = self.client.request(&PATCH_BULK);
//! match &self.body {
//!     Some(body) => request.json(body),
//!     None => request,
//! }
//!
//! // `multipart/form-data`: `format: binary` is `rt::FilePart`, an array of them
//! // `Vec<rt::FilePart>`, anything else a text part.
//! let request = self.client.request(&UPLOAD_ARTICLE_ATTACHMENTS);
//! let mut form = rt::Multipart::new();
//! if let Some(files) = self.files {
//!     form = form.files("files", files);
//! }
//! request.multipart(&form)
//! ```
//!
//! # Retries and idempotency
//!
//! [`Operation::new`](crate::runtime::Operation::new) marks GET, PUT, DELETE, HEAD and
//! OPTIONS idempotent; a generator that knows better can use `.with_idempotent(bool)` in
//! the `static`. Bodies are serialized once into bytes (JSON and multipart alike), so every
//! retry resends the same bytes.

pub use crate::runtime::wire;
pub use crate::runtime::wire::TAG_KEY;
pub use crate::{
    model_struct, string_enum, string_enum_impls, struct_constructor, struct_serde, tagged_union,
    union_api, untagged_union,
};

#[cfg(feature = "client")]
pub use crate::operation_sends;
#[cfg(feature = "client")]
pub use crate::runtime::{Method, Multipart, Operation, Request};
