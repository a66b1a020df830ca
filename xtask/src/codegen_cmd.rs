//! The one module that calls the generator (`dixa_codegen`).

use std::path::Path;
use std::time::Duration;

pub use dixa_codegen::OutputFile;
use dixa_codegen::{Generated, Timings};

use crate::Error;

/// Runs the generator on the description and overrides files at these paths.
pub fn generated_from_files(spec: &Path, overrides: &Path) -> Result<Generated, Error> {
    let spec_text = text_of(spec)?;
    let overrides_text = text_of(overrides)?;
    dixa_codegen::generate(&spec_text, &overrides_text).map_err(|diagnostics| {
        Error::Diagnostics(format!(
            "the generator rejected {} (overrides: {}):\n{diagnostics}",
            spec.display(),
            overrides.display()
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

fn text_of(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", path.display())))
}
