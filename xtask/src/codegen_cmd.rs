//! The one module that calls the generator (`dixa_codegen`).

use std::path::Path;
use std::time::Duration;

pub use dixa_codegen::OutputFile;
use dixa_codegen::evolution::{Report, Surface, Update, changelog};
use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::{Generated, Timings};

use crate::outputs::{StaleFile, write_outputs};
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
/// the report as Markdown, and the update (`None` on the first run, when there is no
/// committed surface to compare with: this run records it).
pub fn api_changes(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<(String, Option<Update>), Error> {
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
            return Ok((note, None));
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
    let update = Update::between(version, &committed, &new);
    let crate_version = crate_version(root)?;
    let report = Report {
        version,
        crate_version: &crate_version,
        changes: &update.changes,
    };
    Ok((report.to_string(), Some(update)))
}

/// What [`write_version`] wrote.
pub struct WrittenVersion {
    /// The generated files that were missing or differed, now written.
    pub written: Vec<StaleFile>,
    /// The API change report ([`api_changes`]).
    pub api_report: String,
    /// `None` on the first run (no committed surface); with changes, they were added to
    /// the changelog.
    pub update: Option<Update>,
}

impl WrittenVersion {
    pub fn api_changed(&self) -> bool {
        self.update.as_ref().is_some_and(|u| !u.changes.is_empty())
    }
}

/// What `cargo xtask codegen` writes for one version: the API changes against the
/// committed surface (read before anything is written), the generated files that changed,
/// and the changes under "Unreleased" in the changelog.
pub fn write_version(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<WrittenVersion, Error> {
    let (api_report, update) = api_changes(root, version, generated)?;
    let written = write_outputs(root, &generated.files)?;
    if let Some(update) = &update {
        record_in_changelog(root, update)?;
    }
    Ok(WrittenVersion {
        written,
        api_report,
        update,
    })
}

/// Adds `update`'s entries under "Unreleased" in `generated-client/CHANGELOG.md` (created if
/// missing; an update without changes leaves the file alone).
pub fn record_in_changelog(root: &Path, update: &Update) -> Result<(), Error> {
    if update.changes.is_empty() {
        return Ok(());
    }
    let path = root.join(dixa_codegen::paths::CHANGELOG);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::other(format!("cannot read {}: {e}", path.display()))),
    };
    std::fs::write(&path, changelog::record(existing.as_deref(), update))
        .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))
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
        dixa_codegen::paths::CHANGELOG
    ));
    out
}

/// `version = "..."` of `generated-client/Cargo.toml`.
pub fn crate_version(root: &Path) -> Result<String, Error> {
    let manifest = root.join(dixa_codegen::paths::CLIENT_MANIFEST);
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
