//! The Dixa API v1, the stable API (Cargo feature `v1`, on by default): its types in
//! [`models`], its operations through [`Client::v1`](crate::Client::v1).
//!
//! ```no_run
//! # async fn run(client: dixa_client::Client, agent_id: dixa_client::uuid::Uuid) -> Result<(), dixa_client::Error> {
//! let agent: dixa_client::v1::models::AgentOutput = client.v1().agents().get(agent_id).await?;
//! # Ok(()) }
//! ```

#[path = "generated/v1/models.rs"]
pub mod models;

#[cfg(feature = "client")]
#[path = "generated/v1/operations.rs"]
pub mod operations;
