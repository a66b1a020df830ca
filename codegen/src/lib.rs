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
pub mod inputs;
pub mod ir;
pub mod load;
pub mod names;
pub mod overrides;
pub mod surface;

use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};

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

/// Whether `version` can name an API version: it becomes a module (`dixa_client::v1`), a
/// method (`client.v1()`), a Cargo feature and a directory, so lowercase ASCII letters
/// and digits, starting with a letter, and not a Rust keyword.
pub fn is_version_name(version: &str) -> bool {
    version.starts_with(|c: char| c.is_ascii_lowercase())
        && version
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        // A keyword would have to be a raw identifier (`async`) or cannot be one (`self`).
        && names::is_rust_name(version)
        && !names::ident(version).to_string().starts_with("r#")
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_names_are_plain_module_names() {
        for good in ["v1", "beta", "v2alpha"] {
            assert!(super::is_version_name(good), "{good}");
        }
        for bad in ["", "V1", "1v", "v-1", "v_1", "async", "self", "beta "] {
            assert!(!super::is_version_name(bad), "{bad:?}");
        }
    }
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

/// Runs the whole pipeline for one API version (`v1`, `beta`: it names the output paths
/// and the generated module, [`paths`]) on the text of its description and of its
/// overrides files (the shared one and the version's own, [`overrides::OverridesFile`]).
pub fn generate(
    version: &str,
    spec_text: &str,
    overrides_files: &[overrides::OverridesFile<'_>],
) -> Result<Generated, Diagnostics> {
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
    let overrides = overrides::Overrides::parse_files(overrides_files)?.for_version(version);
    timings.load = t.elapsed();

    let t = Instant::now();
    let model = convert::build_model(&spec, &overrides)?;
    timings.model = t.elapsed();

    let t = Instant::now();
    let report = check::check_examples(&spec, &model, &overrides)?;
    timings.check = t.elapsed();

    let t = Instant::now();
    let tokens = emit::emit(&model, version);
    timings.emit = t.elapsed();

    let t = Instant::now();
    let mut files = emit::format(tokens)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    timings.format = t.elapsed();

    let t = Instant::now();
    let derived = vec![corrected::corrected_file(version, spec_text, &model)?];
    timings.derive = t.elapsed();

    Ok(Generated {
        model,
        files,
        derived,
        report,
        timings,
    })
}
