//! The `dixa-client` generator.
//!
//! One straight pipeline, one module per stage:
//!
//! ```text
//! load      text -> openapiv3::OpenAPI (+ overrides)        errors carry JSON pointers
//! convert   OpenAPI -> ir::Model, via conventions::*        Dixa's implicit rules, named
//! check     every embedded example against the model        disagreements -> report / errors
//! emit      ir::Model -> quote! -> prettyplease -> files    deterministic bytes
//! derive    description + model -> corrected description    git-ignored, for the mock server
//! ```

pub mod check;
pub mod conventions;
pub mod convert;
mod convert_operations;
pub mod corrected;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod names;
pub use load::overrides;
pub mod surface;

use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};

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

/// Wall time of each phase of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub model: Duration,
    pub check: Duration,
    pub emit: Duration,
    pub format: Duration,
    /// Writing the derived files (the corrected description).
    pub derive: Duration,
}

/// Everything one run produces.
#[derive(Debug, Clone)]
pub struct Generated {
    pub model: ir::Model,
    /// The committed generated files (checked by `cargo xtask codegen --check`).
    pub files: Vec<OutputFile>,
    /// Files derived from the description, which contain its text: written to git-ignored
    /// paths and never checked ([`corrected`]).
    pub derived: Vec<OutputFile>,
    pub report: check::Report,
    pub timings: Timings,
}

/// Runs the whole pipeline on the text of a description and of the overrides file.
pub fn generate(spec_text: &str, overrides_text: &str) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();

    let t = Instant::now();
    let spec = load::parse_description(spec_text)?;
    let overrides = overrides::Overrides::parse(overrides_text)?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let model = convert::build_model(&spec, &overrides)?;
    timings.model = t.elapsed();

    let t = Instant::now();
    let report = check::check_examples(&spec, &model, &overrides)?;
    timings.check = t.elapsed();

    let t = Instant::now();
    let tokens = emit::emit(&model);
    timings.emit = t.elapsed();

    let t = Instant::now();
    let mut files = emit::format(tokens)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    timings.format = t.elapsed();

    let t = Instant::now();
    let derived = vec![corrected::corrected_file(&spec, &model)?];
    timings.derive = t.elapsed();

    Ok(Generated {
        model,
        files,
        derived,
        report,
        timings,
    })
}
