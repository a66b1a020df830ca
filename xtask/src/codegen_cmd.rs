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
    // rustfmt's answers are kept under target/: a run whose output did not change skips
    // rustfmt (same bytes; `--check` in CI runs on a clean clone without the cache).
    let format_cache = ws.root().join(FORMAT_CACHE);
    inputs.generate_cached(&format_cache).map_err(|diagnostics| {
        let overrides: Vec<&str> = inputs.overrides.iter().map(|(p, _)| p.as_str()).collect();
        Error::Diagnostics(format!(
            "the generator rejected the {version} description {} (overrides: {}):\n{diagnostics}",
            inputs.description_path.display(),
            overrides.join(", ")
        ))
    })
}

/// Where `cargo xtask codegen` keeps rustfmt's answers, from the workspace root.
pub const FORMAT_CACHE: &str = "target/codegen-format-cache";

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
        ("derive", timings.derive),
    ];
    let parts: Vec<String> = phases
        .iter()
        .map(|(name, d)| format!("{name} {}", millis(*d)))
        .collect();
    format!(
        "timings: {} (total {}; emit is quote!, prettyplease and rustfmt on parallel threads; \
         derive runs during check and emit)",
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

/// What this run changes in the generated API, against the committed surface file:
/// (the report as Markdown, whether anything changed). A missing committed surface
/// (first run) compares against an empty one.
pub fn api_changes(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<(String, bool), Error> {
    use dixa_codegen::evolution::{Report, Surface, compare};
    let surface_file = dixa_codegen::paths::api_surface(version);
    let surface_path = root.join(&surface_file);
    let committed = match std::fs::read_to_string(&surface_path) {
        Ok(text) => Surface::from_json_lines(&text)
            .map_err(|e| Error::other(format!("{}: {e}", surface_path.display())))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let note = format!(
                "## API version `{version}`\n\nNo committed API surface yet: this run records it \
                 ({surface_file}); the next one reports what changes.\n"
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
        .find(|f| f.path == surface_file)
        .map(|f| Surface::from_json_lines(&f.contents))
        .transpose()
        .map_err(Error::other)?
        .unwrap_or_default();
    let changes = compare(&committed, &new);
    let crate_version = crate_version(root)?;
    let report = Report {
        version,
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

/// The heading that starts each version's section of `API-CHANGES.md` (as the report
/// writes it).
fn section_heading(version: &str) -> String {
    format!("## API version `{version}`")
}

/// `API-CHANGES.md`: for each API version, the report of its latest update that changed
/// its API. `existing` is the committed file; the section of `version` is replaced (or
/// appended) by `report`, the other versions' sections are kept as they are.
pub fn api_changes_file(existing: Option<&str>, version: &str, report: &str) -> String {
    let mut out = String::from(
        "# API changes of the latest description update\n\n\
         Written by `cargo xtask codegen` when the generated API of a version changes: the\n\
         committed API surface (`src/generated/<version>/api-surface.jsonl`) against the new\n\
         one, one section per API version. **breaking**: code using the crate may stop\n\
         compiling; **additive**: new API only; **wire-only**: same Rust signatures,\n\
         different JSON. Each line ends with the description pointer that caused it.\n\n",
    );
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in existing.unwrap_or_default().lines() {
        if let Some(rest) = line.strip_prefix("## API version `") {
            sections.extend(current.take());
            let name = rest.trim_end_matches('`').to_string();
            current = Some((name, String::new()));
        }
        if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    sections.extend(current.take());
    let report = format!("{}\n", report.trim_end());
    match sections.iter_mut().find(|(name, _)| name == version) {
        Some((_, text)) => *text = report,
        None => sections.push((version.to_string(), report)),
    }
    debug_assert!(
        sections
            .iter()
            .all(|(name, text)| text.starts_with(&section_heading(name)))
    );
    let texts: Vec<&str> = sections.iter().map(|(_, text)| text.trim_end()).collect();
    out.push_str(&texts.join("\n\n"));
    out.push('\n');
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_s_report_replaces_its_own_section_only() {
        let first = api_changes_file(None, "v1", "## API version `v1`\n\nv1 first.\n");
        let both = api_changes_file(Some(&first), "beta", "## API version `beta`\n\nbeta.\n");
        let updated = api_changes_file(Some(&both), "v1", "## API version `v1`\n\nv1 again.\n");

        assert!(updated.starts_with("# API changes of the latest description update\n"));
        assert!(
            updated
                .ends_with("## API version `v1`\n\nv1 again.\n\n## API version `beta`\n\nbeta.\n")
        );
        assert!(!updated.contains("v1 first."), "{updated}");
        assert_eq!(
            api_changes_file(Some(&updated), "beta", "## API version `beta`\n\nbeta.\n"),
            updated
        );
    }
}
