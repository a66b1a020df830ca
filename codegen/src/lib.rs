//! The `dixa-client` generator.
//!
//! One straight pipeline, one folder per stage, in the order [`generate`] runs them:
//!
//! ```text
//! load/      text -> Description (openapiv3 + JSON), overrides    errors carry JSON pointers
//! model/     Description -> model::ir::Model, via conventions     every decision recorded
//! examples/  every embedded example against the model             disagreements -> report / errors
//! emit/      Model -> quote! -> prettyplease + rustfmt -> files   deterministic bytes
//! derive/    Description + Model -> corrected description         git-ignored, for the mock server
//! ```
//!
//! Beside them: [`conventions`] (Dixa's implicit rules, one named function or constant
//! each), [`names`] (Rust names), [`diagnostics`] (pointer + message errors) and
//! [`outputs`] (the output files and their paths).

pub mod conventions;
pub mod derive;
pub mod diagnostics;
pub mod emit;
pub mod evolution;
pub mod examples;
pub mod load;
pub mod model;
pub mod names;
pub mod outputs;

use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use outputs::{OutputFile, paths};

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
    pub model: model::ir::Model,
    /// The committed generated files (checked by `cargo xtask codegen --check`).
    pub files: Vec<OutputFile>,
    /// Files derived from the description, which contain its text: written to git-ignored
    /// paths and never checked ([`corrected`]).
    pub derived: Vec<OutputFile>,
    pub report: examples::Report,
    pub timings: Timings,
}

/// Runs the whole pipeline on the text of a description and of the overrides file.
pub fn generate(spec_text: &str, overrides_text: &str) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();

    let t = Instant::now();
    let spec = load::parse_description(spec_text)?;
    let overrides = load::overrides::Overrides::parse(overrides_text)?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let model = model::build_model(&spec, &overrides)?;
    timings.model = t.elapsed();

    let t = Instant::now();
    let report = examples::check_examples(&spec, &model, &overrides)?;
    timings.check = t.elapsed();

    let t = Instant::now();
    let tokens = emit::emit(&model);
    timings.emit = t.elapsed();

    let t = Instant::now();
    let mut files = emit::format(tokens)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    timings.format = t.elapsed();

    // The API surface the next run compares against (`API-CHANGES.md`).
    files.push(OutputFile {
        path: paths::API_SURFACE.to_string(),
        contents: evolution::Surface::build(&spec, &model).to_json_lines(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let t = Instant::now();
    let derived = vec![derive::corrected_file(&spec, &model)?];
    timings.derive = t.elapsed();

    Ok(Generated {
        model,
        files,
        derived,
        report,
        timings,
    })
}
