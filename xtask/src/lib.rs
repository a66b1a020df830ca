//! The project's task runner (`cargo xtask ...`, an alias in `.cargo/config.toml`).
//!
//! ```text
//! (each per API version: every spec/<version>/ with a source.toml, or --version V)
//! fetch-spec  spec/<v>/source.toml -> download or copy -> verify sha256 -> spec/fetched/
//! codegen     spec/fetched/ + spec/overrides.yaml + spec/<v>/overrides.yaml
//!             -> dixa_codegen::flow (generate, write or check, the API change report,
//!             the changelog) -> print
//! test        fetch-spec if needed -> install Prism, start one per version on its corrected
//!             description, start a redis-server -> cargo test --workspace
//!             (DIXA_PRISM_URL_<V>, DIXA_TEST_REDIS_URL set) -> stop them
//! bench       payloads from the examples -> bench binaries (release) -> one table
//! release     dixa_codegen::flow::release (CHANGELOG.md's "Unreleased" -> a version
//!             section + the crate's version) -> cargo update
//! ```
//!
//! The generator's flow (versions' inputs, writing and checking the outputs, the API
//! change report, the changelog, releases) is `dixa_codegen::flow`'s: the xtask parses
//! arguments, prints, fetches the pinned descriptions and runs processes (cargo, Prism,
//! Redis, cargo-semver-checks, the benchmarks).

pub mod bench;
pub mod cargo_env;
pub mod child;
pub mod cli;
pub mod error;
pub mod fetch;
pub mod prism;
pub mod recheck_cmd;
pub mod redis;
pub mod semver;
pub mod snapshots;
pub mod source;
pub mod summary;
pub mod workspace;

pub use error::Error;
pub use workspace::Workspace;
