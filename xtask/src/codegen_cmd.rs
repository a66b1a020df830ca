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
    let total: Duration = phases.iter().map(|(_, d)| *d).sum();
    let parts: Vec<String> = phases
        .iter()
        .map(|(name, d)| format!("{name} {}", millis(*d)))
        .collect();
    format!("timings: {} (total {})", parts.join(", "), millis(total))
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn text_of(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", path.display())))
}

/// The API version the generated crate covers today (one section of `API-CHANGES.md`
/// per version once there are several).
pub const API_VERSION: &str = "beta";

/// What this run changes in the generated API, against the committed surface file:
/// (the report as Markdown, whether anything changed). A missing committed surface
/// (first run) compares against an empty one.
pub fn api_changes(root: &Path, generated: &Generated) -> Result<(String, bool), Error> {
    use dixa_codegen::evolution::{Report, Surface, compare};
    let surface_path = root.join(dixa_codegen::paths::API_SURFACE);
    let committed = match std::fs::read_to_string(&surface_path) {
        Ok(text) => Surface::from_json_lines(&text)
            .map_err(|e| Error::other(format!("{}: {e}", surface_path.display())))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let note = format!(
                "## API version `{API_VERSION}`\n\nNo committed API surface yet: this run records it \
                 ({}); the next one reports what changes.\n",
                dixa_codegen::paths::API_SURFACE
            );
            return Ok((note, false));
        }
        Err(e) => {
            return Err(Error::other(format!(
                "cannot read {}: {e}",
                surface_path.display()
            )));
        }
    };
    let new = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::API_SURFACE)
        .map(|f| Surface::from_json_lines(&f.contents))
        .transpose()
        .map_err(Error::other)?
        .unwrap_or_default();
    let changes = compare(&committed, &new);
    let crate_version = crate_version(root)?;
    let report = Report {
        version: API_VERSION,
        crate_version: &crate_version,
        changes: &changes,
    };
    Ok((report.to_string(), !changes.is_empty()))
}

/// The report for the terminal: at most `lines` changes, then where the rest is.
pub fn shortened(report: &str, lines: usize) -> String {
    let all: Vec<&str> = report.lines().collect();
    let changes = all.iter().filter(|l| l.starts_with("- ")).count();
    if changes <= lines {
        return report.to_string();
    }
    let mut shown = 0;
    let mut out = String::new();
    for line in all {
        if line.starts_with("- ") {
            shown += 1;
            if shown > lines {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!(
        "- ... {} more in {}\n",
        changes - lines,
        dixa_codegen::paths::API_CHANGES
    ));
    out
}

/// `API-CHANGES.md`: the report of the latest update that changed the API.
pub fn api_changes_file(reports: &[String]) -> String {
    let mut out = String::from(
        "# API changes of the latest description update\n\n\
         Written by `cargo xtask codegen` when the generated API changes: the committed\n\
         API surface (`src/generated/api-surface.jsonl`) against the new one. **breaking**:\n\
         code using the crate may stop compiling; **additive**: new API only; **wire-only**:\n\
         same Rust signatures, different JSON. Each line ends with the description pointer\n\
         that caused it.\n\n",
    );
    for report in reports {
        out.push_str(report);
        out.push('\n');
    }
    out
}

/// `version = "..."` of `generated-client/Cargo.toml`.
fn crate_version(root: &Path) -> Result<String, Error> {
    let manifest = root.join("generated-client/Cargo.toml");
    let text = text_of(&manifest)?;
    text.lines()
        .find_map(|line| {
            let value = line
                .strip_prefix("version")?
                .trim_start()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_string())
        })
        .ok_or_else(|| Error::other(format!("no `version` in {}", manifest.display())))
}
