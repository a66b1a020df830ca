//! The Dixa API beta, a superset of v1 that previews new operations (Cargo feature
//! `beta`, opt-in): its types in [`models`], its operations through
//! [`Client::beta`](crate::Client::beta).
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client) -> Result<(), dixa_client::Error> {
//! let collections = client.beta().knowledge().list_collections().await?;
//! # Ok(()) }
//! ```

#[path = "generated/beta/models.rs"]
pub mod models;

#[cfg(feature = "client")]
#[path = "generated/beta/operations.rs"]
pub mod operations;
