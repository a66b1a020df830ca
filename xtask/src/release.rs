//! `cargo xtask release [VERSION]`: turns "Unreleased" in the crate's changelog into a
//! version section and sets the crate's version to it. The rules (which version the
//! changes require, what is refused) are the generator's
//! ([`dixa_codegen::evolution::changelog::release`]); this reads and writes the files.

use std::path::Path;

use dixa_codegen::evolution::changelog;
use dixa_codegen::paths;

use crate::Error;
use crate::codegen_cmd::crate_version;

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
/// (`YYYY-MM-DD`), under the workspace `root`: writes `generated-client/CHANGELOG.md` and
/// the version in `generated-client/Cargo.toml`. Writes nothing when refused.
pub fn release(root: &Path, requested: Option<&str>, date: &str) -> Result<Released, Error> {
    let changelog_path = root.join(paths::CHANGELOG);
    let text = std::fs::read_to_string(&changelog_path)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", changelog_path.display())))?;
    let previous = crate_version(root)?;
    let release = changelog::release(&text, &previous, requested, date)
        .map_err(|refused| Error::other(format!("release refused: {refused}")))?;
    let version = release.version.to_string();
    set_crate_version(&root.join(paths::CLIENT_MANIFEST), &version)?;
    std::fs::write(&changelog_path, &release.changelog)
        .map_err(|e| Error::other(format!("cannot write {}: {e}", changelog_path.display())))?;
    Ok(Released {
        previous,
        version,
        required: release.required.to_string(),
        entries: release.entries,
    })
}

/// Sets `[package] version` of the manifest, keeping the rest of the file as it is.
fn set_crate_version(manifest: &Path, version: &str) -> Result<(), Error> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", manifest.display())))?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::other(format!("{}: {e}", manifest.display())))?;
    let current = document
        .get_mut("package")
        .and_then(|package| package.get_mut("version"))
        .and_then(|version| version.as_value_mut())
        .ok_or_else(|| Error::other(format!("no [package] version in {}", manifest.display())))?;
    // The new value with the old one's spacing and comments around it.
    let decor = current.decor().clone();
    *current = version.into();
    *current.decor_mut() = decor;
    std::fs::write(manifest, document.to_string())
        .map_err(|e| Error::other(format!("cannot write {}: {e}", manifest.display())))
}
