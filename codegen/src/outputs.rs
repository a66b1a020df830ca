//! What one run produces: the files and where they go, relative to the workspace root.

/// Where generated files go, relative to the workspace root.
pub mod paths {
    pub const MODELS: &str = "generated-client/src/generated/models.rs";
    pub const OPERATIONS: &str = "generated-client/src/generated/operations.rs";
    pub const ROUNDTRIP_TABLE: &str = "generated-client/tests/generated/roundtrip_table.rs";
    pub const PRISM_CALLS: &str = "generated-client/tests/generated/prism_calls.rs";
    /// Derived, never committed (`spec/fetched/` is git-ignored): the description with
    /// Dixa's conventions made explicit, for the Prism mock server.
    pub const CORRECTED_DESCRIPTION: &str = "spec/fetched/dixa-api.corrected.json";
}

/// One file the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    pub contents: String,
}
