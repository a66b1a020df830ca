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
    /// Deriving the corrected description; it runs on a thread of its own during
    /// check, emit and format.
    pub derive: Duration,
    /// The whole run (less than the sum of the phases: derive overlaps).
    pub total: Duration,
}

/// Everything one run produces.
#[derive(Debug, Clone)]
pub struct Generated {
    pub model: model::ir::Model,
    /// The committed generated files (checked by `cargo xtask codegen --check`).
    pub files: Vec<OutputFile>,
    /// Files derived from the description, which contain its text: written to git-ignored
    /// paths and never checked ([`derive`]).
    pub derived: Vec<OutputFile>,
    pub report: examples::Report,
    pub timings: Timings,
}

/// Runs the whole pipeline on the text of a description and of the overrides file.
pub fn generate(spec_text: &str, overrides_text: &str) -> Result<Generated, Diagnostics> {
    let started = Instant::now();
    let mut timings = Timings::default();

    let t = Instant::now();
    let spec = load::parse_description(spec_text)?;
    let overrides = load::overrides::Overrides::parse(overrides_text)?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let model = model::build_model(&spec, &overrides)?;
    timings.model = t.elapsed();

    // The corrected description depends on nothing the other stages make: it is derived
    // meanwhile, on the core that rustfmt leaves free.
    let (report, files, derived) = std::thread::scope(|scope| {
        let deriving = scope.spawn(|| {
            let t = Instant::now();
            let derived = derive::corrected_file(&spec, &model);
            (derived, t.elapsed())
        });

        let t = Instant::now();
        let report = examples::check_examples(&spec, &model, &overrides);
        timings.check = t.elapsed();

        let t = Instant::now();
        let tokens = emit::emit(&model);
        timings.emit = t.elapsed();

        let t = Instant::now();
        let files = emit::format(tokens).map(|mut files| {
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files
        });
        timings.format = t.elapsed();

        let derived = match deriving.join() {
            Ok((derived, elapsed)) => {
                timings.derive = elapsed;
                derived
            }
            Err(_) => Err(Diagnostic {
                pointer: "#".into(),
                message: "internal error: deriving the corrected description panicked".into(),
            }
            .into()),
        };
        (report, files, derived)
    });
    let (report, files, derived) = (report?, files?, vec![derived?]);
    timings.total = started.elapsed();

    Ok(Generated {
        model,
        files,
        derived,
        report,
        timings,
    })
}
