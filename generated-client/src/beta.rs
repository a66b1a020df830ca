//! The Dixa API beta, a superset of v1 that previews new operations (Cargo feature
//! `beta`, opt-in): its types in [`models`], its operations through
//! [`Client::beta`](crate::Client::beta).
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
//! let collections = client.beta().knowledge().list_collections().await?;
//! # Ok(()) }
//! ```

/// Every schema of the beta description, one Rust type each (`Foo_Bar` is
/// `models::FooBar`).
#[path = "generated/beta/models.rs"]
pub mod models;

/// Every beta operation, as a request builder: `client.beta().agents().get(agent_id).await`
/// ([`operations::Api`] is what `client.beta()` returns).
#[cfg(feature = "client")]
#[path = "generated/beta/operations.rs"]
pub mod operations;
