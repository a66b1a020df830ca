//! What one run produces: the files and where they go, relative to the workspace root.

/// Where generated files go, relative to the workspace root: one set per API version
/// (`v1`, `beta`), so each version is its own module of `dixa-client`
/// (`dixa_client::v1::models`) behind its own Cargo feature.
pub mod paths {
    pub fn models(version: &str) -> String {
        format!("generated-client/src/generated/{version}/models.rs")
    }
    pub fn operations(version: &str) -> String {
        format!("generated-client/src/generated/{version}/operations.rs")
    }
    pub fn roundtrip_table(version: &str) -> String {
        format!("generated-client/tests/generated/{version}/roundtrip_table.rs")
    }
    pub fn prism_calls(version: &str) -> String {
        format!("generated-client/tests/generated/{version}/prism_calls.rs")
    }
    /// The generated API of one version as data (JSON Lines), which the next
    /// `cargo xtask codegen` compares the new one against.
    pub fn api_surface(version: &str) -> String {
        format!("generated-client/src/generated/{version}/api-surface.jsonl")
    }
    /// The crate's changelog: each regeneration that changes an API surface adds its
    /// classified changes under "Unreleased" (not generated from the description alone:
    /// it accumulates, [`crate::evolution::changelog`]).
    pub const CHANGELOG: &str = "generated-client/CHANGELOG.md";
    /// `generated-client/Cargo.toml`, whose version a release sets.
    pub const CLIENT_MANIFEST: &str = "generated-client/Cargo.toml";
    /// Derived, never committed (`spec/fetched/` is git-ignored): the description with
    /// Dixa's conventions made explicit, for the Prism mock server.
    pub fn corrected_description(version: &str) -> String {
        format!("spec/fetched/dixa-api.{version}.corrected.json")
    }
}

/// One file the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    pub contents: String,
}
