//! The Dixa API v1, the stable API (Cargo feature `v1`, on by default): its types in
//! [`models`], its operations through [`Client::v1`](crate::Client::v1).
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client, agent_id: dixa_client::uuid::Uuid) -> Result<(), dixa_client::Error> {
//! let agent: dixa_client::v1::models::AgentOutput = client.v1().agents().get(agent_id).await?;
//! # Ok(()) }
//! ```

/// Every schema of the v1 description, one Rust type each (`Foo_Bar` is `models::FooBar`).
#[path = "generated/v1/models.rs"]
pub mod models;

/// Every v1 operation, as a request builder: `client.v1().agents().get(agent_id).await`
/// ([`operations::Api`] is what `client.v1()` returns).
#[cfg(feature = "client")]
#[path = "generated/v1/operations.rs"]
pub mod operations;
