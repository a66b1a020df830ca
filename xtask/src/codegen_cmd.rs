//! The one module that calls the generator (`dixa_codegen`).

use std::path::Path;
use std::time::Duration;

pub use dixa_codegen::OutputFile;
use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::{Generated, Timings};

use crate::{Error, Workspace};

/// Runs the generator for one API version on its fetched description (or on
/// `description`, for experiments) and its overrides files.
pub fn generated_for(
    ws: &Workspace,
    version: &str,
    description: Option<&Path>,
) -> Result<Generated, Error> {
    let inputs = match description {
        Some(path) => VersionInputs::read_with(ws.root(), version, path),
        None => VersionInputs::read(ws.root(), version),
    }
    .map_err(Error::Other)?;
    inputs.generate().map_err(|diagnostics| {
        let overrides: Vec<&str> = inputs.overrides.iter().map(|(p, _)| p.as_str()).collect();
        Error::Diagnostics(format!(
            "the generator rejected the {version} description {} (overrides: {}):\n{diagnostics}",
            inputs.description_path.display(),
            overrides.join(", ")
        ))
    })
}

/// The summary the generator's check phase prints after a run.
pub fn report_text(generated: &Generated) -> String {
    generated.report.to_string()
}

/// One line: the wall time of each phase.
pub fn timings_text(timings: &Timings) -> String {
    let phases = [
        ("load", timings.load),
        ("model", timings.model),
        ("check", timings.check),
        ("emit", timings.emit),
        ("format", timings.format),
        ("derive", timings.derive),
    ];
    let parts: Vec<String> = phases
        .iter()
        .map(|(name, d)| format!("{name} {}", millis(*d)))
        .collect();
    format!(
        "timings: {} (total {}; derive runs during check..format)",
        parts.join(", "),
        millis(timings.total)
    )
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}
