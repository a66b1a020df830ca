//! The generator's flow over a workspace, as `cargo xtask` runs it: one API version's
//! inputs read and generated, its API changes against the committed surface, its files
//! written or checked, the changes recorded in the changelog, and a release of them.
//!
//! ```text
//! generate_version   inputs::VersionInputs -> generate (rustfmt's answers cached)
//! generate_versions  the same for several versions at once, one thread each
//! api_changes        committed api-surface.jsonl vs the new one -> evolution::Update
//! check_version      the API changes + the committed files that are stale
//! write_version      the API changes + the files that changed, written + the changelog
//! write_derived      the corrected description (git-ignored), for the mock server
//! release            the changelog's "Unreleased" -> a version + the crate's version
//! ```
//!
//! Every path is relative to the workspace root the caller names (the real one, or a
//! scratch copy in tests). Nothing here prints: the caller reports what each step did.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::evolution::{Report, Surface, Update, changelog};
use crate::inputs::VersionInputs;
use crate::outputs::{StaleFile, check_outputs, write_outputs};
use crate::{Generated, paths, recheck};

/// Why a step of the flow failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowError {
    /// The generator rejected the description or the overrides: its diagnostics, with the
    /// files they came from.
    Rejected(String),
    /// A file could not be read or written, or is malformed; a release was refused.
    Files(String),
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::Rejected(text) | FlowError::Files(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for FlowError {}

/// Where rustfmt's answers are kept, from the workspace root: a run whose output did not
/// change skips rustfmt (same bytes; `--check` in CI runs on a clean clone without it).
pub const FORMAT_CACHE: &str = "target/codegen-format-cache";

/// Forgets the formatting answers kept for `version`'s generated files: its next run
/// formats them all again, as after a change of its description (the bench measures
/// that run).
pub fn forget_format_answers(root: &Path, version: &str) {
    let files = [
        paths::models(version),
        paths::operations(version),
        paths::prism_calls(version),
        paths::roundtrip_table(version),
    ];
    crate::emit::format_cache::forget(&root.join(FORMAT_CACHE), &files);
}

/// Runs the generator for one API version on its fetched description (or on
/// `description`, for experiments) and its overrides files.
pub fn generate_version(
    root: &Path,
    version: &str,
    description: Option<&Path>,
) -> Result<Generated, FlowError> {
    let inputs = match description {
        Some(path) => VersionInputs::read_with(root, version, path),
        None => VersionInputs::read(root, version),
    }
    .map_err(FlowError::Files)?;
    inputs
        .generate_cached(&root.join(FORMAT_CACHE))
        .map_err(|diagnostics| {
            let overrides: Vec<&str> = inputs.overrides.iter().map(|(p, _)| p.as_str()).collect();
            FlowError::Rejected(format!(
                "the generator rejected the {version} description {} (overrides: {}):\n{diagnostics}",
                inputs.description_path.display(),
                overrides.join(", ")
            ))
        })
}

/// [`generate_version`] for each of `versions`, at the same time: each version's load,
/// model and checks are single-threaded, so two versions keep two cores busy where one
/// after the other would leave one idle. The answers are in `versions`' order; writing
/// them (the changelog is shared) stays the caller's, one version after the other.
pub fn generate_versions(
    root: &Path,
    versions: &[String],
    description: Option<&Path>,
) -> Vec<Result<Generated, FlowError>> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = versions
            .iter()
            .map(|version| scope.spawn(move || generate_version(root, version, description)))
            .collect();
        runs.into_iter()
            .zip(versions)
            .map(|(run, version)| {
                run.join().unwrap_or_else(|_| {
                    Err(FlowError::Rejected(format!(
                        "internal error: the generator panicked on the {version} description"
                    )))
                })
            })
            .collect()
    })
}

/// What one run changes in a version's generated API, against the committed surface.
#[derive(Debug, Clone)]
pub struct ApiChanges {
    pub version: String,
    /// The crate's version before the update (the report names the bump from it); empty
    /// without an update.
    pub crate_version: String,
    /// `None` on the first run, when there is no committed surface to compare with: this
    /// run records it.
    pub update: Option<Update>,
}

impl ApiChanges {
    /// Whether the generated API differs from the committed surface.
    pub fn changed(&self) -> bool {
        self.update.as_ref().is_some_and(|u| !u.changes.is_empty())
    }

    /// The report as Markdown, listing at most `changes` changes (all with `None`).
    pub fn report(&self, changes: Option<usize>) -> String {
        let Some(update) = &self.update else {
            return format!(
                "## API version `{}`\n\nNo committed API surface yet: this run records it \
                 ({}); the next one reports what changes.\n",
                self.version,
                paths::api_surface(&self.version)
            );
        };
        let report = Report {
            version: &self.version,
            crate_version: &self.crate_version,
            changes: &update.changes,
        };
        match changes {
            Some(changes) => report.at_most(changes),
            None => report.to_string(),
        }
    }
}

/// What `generated` changes in the API of `version`, against the surface committed under
/// `root`.
pub fn api_changes(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<ApiChanges, FlowError> {
    let surface_file = paths::api_surface(version);
    let surface_path = root.join(&surface_file);
    let committed = match std::fs::read_to_string(&surface_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ApiChanges {
                version: version.to_string(),
                crate_version: String::new(),
                update: None,
            });
        }
        Err(e) => return Err(cannot("read", &surface_path, e)),
    };
    let new = generated
        .files
        .iter()
        .find(|f| f.path == surface_file)
        .map_or("", |f| f.contents.as_str());
    let (committed, new) = Surface::read_pair(&committed, new)
        .map_err(|e| FlowError::Files(format!("{}: {e}", surface_path.display())))?;
    Ok(ApiChanges {
        version: version.to_string(),
        crate_version: crate_version(root)?,
        update: Some(Update::between(version, &committed, &new)),
    })
}

/// What [`check_version`] found.
#[derive(Debug, Clone)]
pub struct CheckedVersion {
    pub api: ApiChanges,
    /// The committed generated files that are missing or differ.
    pub stale: Vec<StaleFile>,
}

/// `cargo xtask codegen --check` for one version: the API changes and the stale files;
/// writes nothing.
pub fn check_version(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<CheckedVersion, FlowError> {
    Ok(CheckedVersion {
        api: api_changes(root, version, generated)?,
        stale: check_outputs(root, &generated.files),
    })
}

/// What [`write_version`] wrote.
#[derive(Debug, Clone)]
pub struct WrittenVersion {
    /// The API changes, compared before anything was written; with changes, they were
    /// added to the changelog.
    pub api: ApiChanges,
    /// The generated files that were missing or differed, now written.
    pub written: Vec<StaleFile>,
}

/// What `cargo xtask codegen` writes for one version: the API changes against the
/// committed surface (read before anything is written), the generated files that changed,
/// and the changes under "Unreleased" in the changelog.
pub fn write_version(
    root: &Path,
    version: &str,
    generated: &Generated,
) -> Result<WrittenVersion, FlowError> {
    let api = api_changes(root, version, generated)?;
    let written = write_outputs(root, &generated.files).map_err(FlowError::Files)?;
    if let Some(update) = &api.update {
        record_in_changelog(root, update)?;
    }
    Ok(WrittenVersion { api, written })
}

/// Writes the derived files (git-ignored, never checked) whose bytes changed, and returns
/// them.
pub fn write_derived(root: &Path, generated: &Generated) -> Result<Vec<StaleFile>, FlowError> {
    write_outputs(root, &generated.derived).map_err(FlowError::Files)
}

/// Adds `update`'s entries under "Unreleased" in the crate's changelog (created if
/// missing; an update without changes leaves the file alone).
fn record_in_changelog(root: &Path, update: &Update) -> Result<(), FlowError> {
    if update.changes.is_empty() {
        return Ok(());
    }
    let path = root.join(paths::CHANGELOG);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(cannot("read", &path, e)),
    };
    std::fs::write(&path, changelog::record(existing.as_deref(), update))
        .map_err(|e| cannot("write", &path, e))
}

/// Each of `versions` generated (from `description` instead of its fetched description,
/// when given), and the recorded answers in `dirs` re-checked against their models.
pub fn recheck_versions(
    root: &Path,
    versions: &[String],
    description: Option<&Path>,
    dirs: &[PathBuf],
) -> Result<recheck::Report, FlowError> {
    let generated = versions
        .iter()
        .map(|version| {
            Ok((
                version.clone(),
                generate_version(root, version, description)?,
            ))
        })
        .collect::<Result<Vec<_>, FlowError>>()?;
    let models: BTreeMap<String, _> = generated
        .iter()
        .map(|(version, generated)| (version.clone(), &generated.model))
        .collect();
    recheck::recheck_dirs(&models, dirs).map_err(FlowError::Files)
}

/// What a release did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    pub previous: String,
    pub version: String,
    /// The smallest version the changes allowed.
    pub required: String,
    /// How many entries of "Unreleased" it holds.
    pub entries: usize,
}

/// Releases `requested` (or the smallest version the changes allow), dated `date`
/// (`YYYY-MM-DD`): turns "Unreleased" in the crate's changelog into a version section and
/// sets the crate's version to it. The rules (which version the changes require, what is
/// refused) are [`changelog::release`]'s. Writes nothing when refused.
pub fn release(root: &Path, requested: Option<&str>, date: &str) -> Result<Released, FlowError> {
    let changelog_path = root.join(paths::CHANGELOG);
    let text =
        std::fs::read_to_string(&changelog_path).map_err(|e| cannot("read", &changelog_path, e))?;
    let previous = crate_version(root)?;
    let release = changelog::release(&text, &previous, requested, date)
        .map_err(|refused| FlowError::Files(format!("release refused: {refused}")))?;
    let version = release.version.to_string();
    set_crate_version(&root.join(paths::CLIENT_MANIFEST), &version)?;
    std::fs::write(&changelog_path, &release.changelog)
        .map_err(|e| cannot("write", &changelog_path, e))?;
    Ok(Released {
        previous,
        version,
        required: release.required.to_string(),
        entries: release.entries,
    })
}

/// `[package] version` of the crate's manifest.
pub fn crate_version(root: &Path) -> Result<String, FlowError> {
    let manifest = root.join(paths::CLIENT_MANIFEST);
    let document = manifest_document(&manifest)?;
    document
        .get("package")
        .and_then(|package| package.get("version"))
        .and_then(|version| version.as_str())
        .map(str::to_string)
        .ok_or_else(|| no_version(&manifest))
}

/// Sets `[package] version` of the manifest, keeping the rest of the file as it is.
fn set_crate_version(manifest: &Path, version: &str) -> Result<(), FlowError> {
    let mut document = manifest_document(manifest)?;
    let current = document
        .get_mut("package")
        .and_then(|package| package.get_mut("version"))
        .and_then(|version| version.as_value_mut())
        .ok_or_else(|| no_version(manifest))?;
    // The new value with the old one's spacing and comments around it.
    let decor = current.decor().clone();
    *current = version.into();
    *current.decor_mut() = decor;
    std::fs::write(manifest, document.to_string()).map_err(|e| cannot("write", manifest, e))
}

fn manifest_document(manifest: &Path) -> Result<toml_edit::DocumentMut, FlowError> {
    let text = std::fs::read_to_string(manifest).map_err(|e| cannot("read", manifest, e))?;
    text.parse()
        .map_err(|e| FlowError::Files(format!("{}: {e}", manifest.display())))
}

fn no_version(manifest: &Path) -> FlowError {
    FlowError::Files(format!("no [package] version in {}", manifest.display()))
}

fn cannot(what: &str, path: &Path, e: std::io::Error) -> FlowError {
    FlowError::Files(format!("cannot {what} {}: {e}", path.display()))
}
