//! The hand-written part of the crate: generated code only calls into it.
//!
//! # Concerns
//!
//! | file | what |
//! | --- | --- |
//! | `client.rs` | [`Client`], [`ClientBuilder`]: base URL, API key (`Authorization`, never printed), timeouts, user agent, default headers |
//! | `request.rs` | [`Operation`], [`Request`], [`Response`]: building and sending one call |
//! | `params.rs` | path and query values from any `Serialize` scalar, `Option` or list |
//! | `error.rs` | [`Error`], [`ErrorKind`]: one error type naming the operation |
//! | `retry.rs` | [`RetryPolicy`]: 429 / 502 / 503 / 504 / transport failures, `Retry-After`, jittered backoff |
//! | `rate_limit.rs` | [`RateLimit`]: optional client-side pacing (Dixa: 10/s, bursts of 4) |
//! | `pagination.rs` | [`Page`], [`Pages`], [`Items`]: following `meta.next` |
//! | `multipart.rs` | [`Multipart`], [`FilePart`]: `multipart/form-data` uploads |
//! | `wire/` | serde helpers for Dixa's wire conventions (`DateTime`, open string enums, tagged unions) and the generated structs' serde impls (`struct_serde!`) |
//!
//! Everything but `wire/` and `json_path.rs` (which the models need) is the HTTP side and
//! builds only with the `client` feature (on by default).
//!
//! # The contract for the code generator
//!
//! Per operation the generator emits a `static` [`Operation`] and a builder struct holding a
//! [`Client`] clone and the parameters. The builder's private `request()` turns the parameters
//! into a [`Request`]; its public methods pick the `send_*` method that fits the answer.
//! Everything else (URL building, percent-encoding, auth, retries, rate limiting, decoding,
//! errors) is here. Generated code calls only:
//!
//! ```text
//! Operation::new(id: &'static str, method: Method, path_template: &'static str) -> Operation   (const)
//! Client::request(&self, &'static Operation) -> Request
//! Request::path_param<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Request
//! Request::query<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Request   None: omitted, list: key repeated
//! Request::json<T: Serialize + ?Sized>(self, body: &T) -> Request
//! Request::multipart(self, form: &Multipart) -> Request        Multipart::new().text(..).file(..).files(name, Vec<FilePart>)
//! Request::send_json<T: DeserializeOwned>(self) -> Result<T, Error>               200/201/202 with a body
//! Request::send_json_with_response<T>(self) -> Result<Response<T>, Error>
//! Request::send_empty(self) -> Result<(), Error>                                  204, or a body to ignore
//! Request::send_empty_with_response(self) -> Result<Response<()>, Error>
//! Request::pages<P: Page>(self) -> Pages<P>      Request::items<P: Page>(self) -> Items<P::Item>
//! impl Page for <list output> { type Item; fn into_items(self) -> Vec<Item>; fn next_link(&self) -> Option<&str> }
//! crate::operation_sends!(Builder => Output, json | empty)    send, send_with_response, IntoFuture
//! ```
//!
//! Parameter values are any `Serialize` scalar (strings, integers, booleans, UUIDs, string
//! enums, `DateTime` with its original text), `Option`s of them (`None` sends nothing) and, for
//! query parameters, lists of them. Mistakes (a struct as a query value, a path parameter the
//! template lacks or a placeholder left unfilled) come back from `send_*` as
//! [`ErrorKind::InvalidRequest`], never as panics. Path templates are the description's, with
//! `{name}` placeholders; values are percent-encoded as one segment.
//!
//! Generated code refers to the runtime as `rt` (`use crate::runtime as rt;`) and to
//! `crate::{Client, Error, models}`. `tests/runtime_contract.rs` holds the example below,
//! compiled and run against a mock server.
//!
//! ## A GET with a path parameter and an optional query parameter
//!
//! ```ignore
//! /// `GET /beta/agents/{agentId}` (`getAgentsAgentid`): Get agent.
//! static GET_AGENTS_AGENTID: rt::Operation =
//!     rt::Operation::new("getAgentsAgentid", rt::Method::Get, "/beta/agents/{agentId}");
//!
//! /// Get agent.
//! #[derive(Debug, Clone)]
//! #[must_use = "call `.send().await` to perform the request"]
//! pub struct GetAgentsAgentid {
//!     client: Client,
//!     agent_id: uuid::Uuid,
//!     language: Option<String>,
//! }
//!
//! impl GetAgentsAgentid {
//!     pub fn new(client: &Client, agent_id: uuid::Uuid) -> Self {
//!         Self { client: client.clone(), agent_id, language: None }
//!     }
//!
//!     /// The language of the answer.
//!     pub fn language(mut self, value: impl Into<String>) -> Self {
//!         self.language = Some(value.into());
//!         self
//!     }
//!
//!     fn request(self) -> rt::Request {
//!         self.client
//!             .request(&GET_AGENTS_AGENTID)
//!             .path_param("agentId", &self.agent_id)
//!             .query("language", &self.language)
//!     }
//!
//!     pub async fn send(self) -> Result<models::GetAgentsAgentidOutput, Error> {
//!         self.request().send_json().await
//!     }
//!
//!     pub async fn send_with_response(
//!         self,
//!     ) -> Result<rt::Response<models::GetAgentsAgentidOutput>, Error> {
//!         self.request().send_json_with_response().await
//!     }
//! }
//! ```
//!
//! The generator may add a one-line entry point on the client inside the crate
//! (`impl Client { pub fn get_agent(&self, agent_id: Uuid) -> GetAgentsAgentid {
//! GetAgentsAgentid::new(self, agent_id) } }`); the test, being outside the crate, calls
//! `GetAgentsAgentid::new` directly.
//!
//! ## A POST with a JSON body
//!
//! ```ignore
//! static POST_AGENTS: rt::Operation =
//!     rt::Operation::new("postAgents", rt::Method::Post, "/beta/agents");
//!
//! pub struct PostAgents { client: Client, body: models::CreateAgentInput }
//!
//! impl PostAgents {
//!     pub fn new(client: &Client, body: models::CreateAgentInput) -> Self {
//!         Self { client: client.clone(), body }
//!     }
//!     fn request(self) -> rt::Request {
//!         self.client.request(&POST_AGENTS).json(&self.body)
//!     }
//!     pub async fn send(self) -> Result<models::PostAgentsOutput, Error> {
//!         self.request().send_json().await
//!     }
//!     // + send_with_response as above
//! }
//! ```
//!
//! ## A paginated list
//!
//! ```ignore
//! static GET_AGENTS: rt::Operation = rt::Operation::new("getAgents", rt::Method::Get, "/beta/agents");
//!
//! pub struct GetAgents {
//!     client: Client,
//!     page_limit: Option<i32>,
//!     page_key: Option<String>,
//!     email: Option<String>,
//!     phone: Option<String>,
//! }
//!
//! impl GetAgents {
//!     // new(client) and one setter per optional parameter, as above
//!     fn request(self) -> rt::Request {
//!         self.client
//!             .request(&GET_AGENTS)
//!             .query("pageLimit", &self.page_limit)
//!             .query("pageKey", &self.page_key)
//!             .query("email", &self.email)
//!             .query("phone", &self.phone)
//!     }
//!     /// The first (or the `page_key`) page.
//!     pub async fn send(self) -> Result<models::GetAgentsOutput, Error> {
//!         self.request().send_json().await
//!     }
//!     /// Every page, following `meta.next`.
//!     pub fn pages(self) -> rt::Pages<models::GetAgentsOutput> {
//!         self.request().pages()
//!     }
//!     /// Every item of every page.
//!     pub fn items(self) -> rt::Items<models::Agent> {
//!         self.request().items::<models::GetAgentsOutput>()
//!     }
//! }
//!
//! impl rt::Page for models::GetAgentsOutput {
//!     type Item = models::Agent;
//!     fn into_items(self) -> Vec<models::Agent> {
//!         self.data
//!     }
//!     fn next_link(&self) -> Option<&str> {
//!         self.meta.as_ref()?.next.as_deref()
//!     }
//! }
//! ```
//!
//! [`Pages`] re-sends the same request (path, other query parameters, body) with `pageKey`
//! replaced by the key found in `meta.next`, and stops on a missing or empty link, a key
//! already seen, or an error. Paginated POSTs (`postSearchConversations`) work the same way.
//!
//! ## An operation answering 204
//!
//! ```ignore
//! static DELETE_AGENTS_AGENTID: rt::Operation =
//!     rt::Operation::new("deleteAgentsAgentid", rt::Method::Delete, "/beta/agents/{agentId}");
//!
//! impl DeleteAgentsAgentid {
//!     fn request(self) -> rt::Request {
//!         self.client.request(&DELETE_AGENTS_AGENTID).path_param("agentId", &self.agent_id)
//!     }
//!     pub async fn send(self) -> Result<(), Error> {
//!         self.request().send_empty().await
//!     }
//!     pub async fn send_with_response(self) -> Result<rt::Response<()>, Error> {
//!         self.request().send_empty_with_response().await
//!     }
//! }
//! ```
//!
//! ## The multipart upload
//!
//! `array` of `format: binary` becomes `Vec<rt::FilePart>`:
//!
//! ```ignore
//! fn request(self) -> rt::Request {
//!     let form = rt::Multipart::new().files("files", self.files);
//!     self.client.request(&POST_KNOWLEDGE_ARTICLES_ATTACHMENTS).multipart(&form)
//! }
//! ```
//!
//! # Retries and idempotency
//!
//! [`Operation::new`] marks GET, PUT, DELETE, HEAD and OPTIONS idempotent; a generator that
//! knows better can use `.with_idempotent(bool)` in the `static`. Bodies are serialized once
//! into bytes (JSON and multipart alike), so every retry resends the same bytes.

pub mod wire;

#[cfg(feature = "client")]
mod client;
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
mod rate_limit;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod retry;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
#[cfg(feature = "client")]
pub use error::{Error, ErrorKind};
pub use json_path::json_path_at;
#[cfg(feature = "client")]
pub use multipart::{FilePart, Multipart};
#[cfg(feature = "client")]
pub use pagination::{Items, PAGE_KEY, Page, Pages, page_key_from_link};
#[cfg(feature = "client")]
pub use rate_limit::RateLimit;
#[cfg(feature = "client")]
pub use request::{Method, Operation, Request, Response, ResponseFuture};
#[cfg(feature = "client")]
pub use retry::RetryPolicy;

#[cfg(feature = "client")]
pub use bytes::Bytes;
#[cfg(feature = "client")]
pub use reqwest::StatusCode;
#[cfg(feature = "client")]
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
