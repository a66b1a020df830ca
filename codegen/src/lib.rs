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
//! [`outputs`] (the output files, their paths, writing and checking them).
//!
//! [`flow`] runs the pipeline over a workspace, as `cargo xtask` does: a version's inputs
//! read, its files written or checked, its API changes reported and recorded in the
//! changelog, a release of them ([`inputs`] names the inputs, [`evolution`] compares
//! surfaces).

pub mod conventions;
pub mod derive;
pub mod diagnostics;
pub mod emit;
pub mod evolution;
pub mod examples;
pub mod flow;
pub mod inputs;
pub mod load;
pub mod model;
pub mod names;
pub mod outputs;
pub mod recheck;

use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use inputs::is_version_name;
pub use outputs::{OutputFile, paths};

/// Wall time of each phase of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub model: Duration,
    pub check: Duration,
    /// Emitting the files: `quote!`, prettyplease and rustfmt, pieces of files on
    /// parallel threads ([`emit::emit`]).
    pub emit: Duration,
    /// Deriving the corrected description; it runs on a thread of its own during
    /// check and emit.
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

/// Runs the whole pipeline for one API version (`v1`, `beta`: it names the output paths
/// and the generated module, [`paths`]) on the text of its description and of its
/// overrides files (the shared one and the version's own, [`load::overrides::OverridesFile`]).
pub fn generate(
    version: &str,
    spec_text: &str,
    overrides_files: &[load::overrides::OverridesFile<'_>],
) -> Result<Generated, Diagnostics> {
    generate_with(version, spec_text, overrides_files, None)
}

/// [`generate`], reusing rustfmt's answers kept in `format_cache` (a directory, e.g. under
/// `target/`) for files whose unformatted text did not change: same bytes, less time
/// ([`emit::format_cache`]).
pub fn generate_with(
    version: &str,
    spec_text: &str,
    overrides_files: &[load::overrides::OverridesFile<'_>],
    format_cache: Option<&std::path::Path>,
) -> Result<Generated, Diagnostics> {
    let nothing_published = model::Published::default();
    generate_keeping(
        version,
        spec_text,
        overrides_files,
        format_cache,
        &nothing_published,
    )
}

/// [`generate_with`], keeping the names the crate `published` before (read from the
/// committed API surface, [`model::published`]): a description that only adds renames
/// nothing.
pub fn generate_keeping(
    version: &str,
    spec_text: &str,
    overrides_files: &[load::overrides::OverridesFile<'_>],
    format_cache: Option<&std::path::Path>,
    published: &model::Published,
) -> Result<Generated, Diagnostics> {
    let started = Instant::now();
    if !is_version_name(version) {
        return Err(Diagnostic {
            pointer: "#".into(),
            message: format!(
                "`{version}` cannot name an API version: use lowercase ASCII letters and \
                 digits, starting with a letter (it becomes the module `dixa_client::{version}`)"
            ),
        }
        .into());
    }
    let mut timings = Timings::default();

    let t = Instant::now();
    let spec = load::parse_description(spec_text)?;
    let overrides = load::overrides::Overrides::parse_files(overrides_files)?.for_version(version);
    timings.load = t.elapsed();

    let t = Instant::now();
    let model = model::build_model_keeping(&spec, &overrides, published)?;
    timings.model = t.elapsed();

    // The corrected description depends on nothing the other stages make: it is derived
    // meanwhile, on the core that rustfmt leaves free.
    let (report, files, derived) = std::thread::scope(|scope| {
        let deriving = scope.spawn(|| {
            let t = Instant::now();
            let derived = derive::corrected_file(version, &spec, &model);
            (derived, t.elapsed())
        });

        let t = Instant::now();
        let report = examples::check_examples(&spec, &model, &overrides);
        timings.check = t.elapsed();

        let t = Instant::now();
        // The docs show one example per type, from the examples that agree.
        let no_examples = Default::default();
        let type_examples = report.as_ref().map_or(&no_examples, |r| &r.type_examples);
        let files = emit::emit(&model, type_examples, version, format_cache);
        timings.emit = t.elapsed();

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
    let (report, mut files, derived) = (report?, files?, vec![derived?]);
    // The API surface the next run compares against (CHANGELOG.md), with the hash of the
    // description it came from.
    let mut surface = evolution::Surface::build(&spec, &model);
    surface.description_sha256 = Some(evolution::surface::sha256_hex(spec_text.as_bytes()));
    files.push(OutputFile {
        path: paths::api_surface(version),
        contents: surface.to_json_lines(),
    });
    files.push(OutputFile {
        path: paths::example_table(version),
        contents: report.table.clone(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    timings.total = started.elapsed();

    Ok(Generated {
        model,
        files,
        derived,
        report,
        timings,
    })
}
