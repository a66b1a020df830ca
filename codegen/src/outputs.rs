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
