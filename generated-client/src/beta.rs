//! The Dixa API beta, a superset of v1 that previews new operations (Cargo feature
//! `beta`, opt-in): its types in [`models`], its operations through
//! [`Client::beta`](crate::Client::beta).
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
//! let collections = client.beta().knowledge().list_collections().await?;
//! # Ok(()) }
//! ```
//!
//! # Search with filters
//!
//! Open or pending email conversations, written like the query (the README's example;
//! `tests/readme.rs` keeps the two the same):
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
//! use dixa_client::beta::models::{
//!     ChannelOperator, ChannelValue, Filters, SearchField, SearchParametersInput, StatusOperator,
//!     StatusValue,
//! };
//! let status = StatusOperator::is_one_of([StatusValue::Open, StatusValue::Pending]);
//! let channel = ChannelOperator::is_one_of([ChannelValue::Email]);
//! let filters = Filters::all([SearchField::status(status), SearchField::channel(channel)]);
//! let search = SearchParametersInput::new().filters(filters);
//! let hits = client.beta().search().conversations_with_filters().body(search).await?;
//! # Ok(()) }
//! ```
//!
//! `Filters::any` is the same with "any condition holds". Import models by name, as here,
//! rather than `models::*`: `Duration`, `Email`, `Text`, `Channel` and `Direction` are model
//! names too.

#[path = "generated/beta/models.rs"]
pub mod models;

#[cfg(feature = "client")]
#[path = "generated/beta/operations.rs"]
pub mod operations;
