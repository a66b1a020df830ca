//! Where one API version's inputs live under the workspace root, and reading them:
//! the fetched description and the overrides files that apply to it.
//!
//! ```text
//! spec/overrides.yaml              decisions true of every version
//! spec/<version>/source.toml       where the version's description comes from, its sha256
//! spec/<version>/overrides.yaml    decisions true of this version only (optional)
//! spec/fetched/dixa-api.<version>.yaml   the verified description (git-ignored)
//! ```
//!
//! The fetched file keeps one name whatever the format Dixa serves (v1 is JSON, which
//! YAML reads as it is), so every tool finds it from the version alone.

use std::path::{Path, PathBuf};

use crate::load::overrides::OverridesFile;
use crate::model::Published;
use crate::{Diagnostics, Generated};

/// The overrides shared by every version.
pub const SHARED_OVERRIDES: &str = crate::load::overrides::FILE;

/// `spec/<version>/source.toml`: the version's pinned source.
pub fn source_toml(version: &str) -> String {
    format!("spec/{version}/source.toml")
}

/// `spec/<version>/overrides.yaml`: the version's own decisions.
pub use crate::load::overrides::version_file as version_overrides;

/// `spec/fetched/dixa-api.<version>.yaml`: the verified description (git-ignored).
pub fn fetched_description(version: &str) -> String {
    format!("spec/fetched/dixa-api.{version}.yaml")
}

/// The configured versions: every `spec/<version>/` with a `source.toml`, by name.
pub fn configured_versions(root: &Path) -> Result<Vec<String>, String> {
    let spec = root.join("spec");
    let entries =
        std::fs::read_dir(&spec).map_err(|e| format!("cannot list {}: {e}", spec.display()))?;
    let mut versions: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("source.toml").is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    versions.sort();
    Ok(versions)
}

/// One version's description and overrides files, read.
#[derive(Debug, Clone)]
pub struct VersionInputs {
    pub version: String,
    pub description_path: PathBuf,
    pub description: String,
    /// (path relative to the root, text): the shared file first, then the version's.
    pub overrides: Vec<(String, String)>,
    /// The names of the committed API surface (`api-surface.jsonl`), which a new
    /// description keeps ([`crate::model::published`]); empty before the first run.
    pub published: Published,
}

impl VersionInputs {
    /// The fetched description of `version` and its overrides, under `root`.
    pub fn read(root: &Path, version: &str) -> Result<VersionInputs, String> {
        VersionInputs::read_with(root, version, &root.join(fetched_description(version)))
    }

    /// The same with another description (`cargo xtask codegen --spec FILE`).
    pub fn read_with(
        root: &Path,
        version: &str,
        description_path: &Path,
    ) -> Result<VersionInputs, String> {
        let description = std::fs::read_to_string(description_path).map_err(|e| {
            format!(
                "cannot read {}: {e}\nrun `cargo xtask fetch-spec` first (or use `cargo xtask \
                 test`, which fetches it)",
                description_path.display()
            )
        })?;
        let mut overrides = Vec::new();
        let shared = root.join(SHARED_OVERRIDES);
        let text = std::fs::read_to_string(&shared)
            .map_err(|e| format!("cannot read {}: {e}", shared.display()))?;
        overrides.push((SHARED_OVERRIDES.to_string(), text));
        // The version's own file, then the other versions' (their operation names reach
        // the same operations here: `Overrides::for_version`).
        let others = configured_versions(root)?
            .into_iter()
            .filter(|v| v != version);
        for v in std::iter::once(version.to_string()).chain(others) {
            let file = version_overrides(&v);
            match std::fs::read_to_string(root.join(&file)) {
                Ok(text) => overrides.push((file, text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot read {file}: {e}")),
            }
        }
        let surface = crate::paths::api_surface(version);
        let published = match std::fs::read_to_string(root.join(&surface)) {
            Ok(text) => Published::from_json_lines(&text).map_err(|e| format!("{surface}: {e}"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Published::default(),
            Err(e) => return Err(format!("cannot read {surface}: {e}")),
        };
        Ok(VersionInputs {
            version: version.to_string(),
            description_path: description_path.to_path_buf(),
            description,
            overrides,
            published,
        })
    }

    pub fn overrides_files(&self) -> Vec<OverridesFile<'_>> {
        self.overrides
            .iter()
            .map(|(path, text)| OverridesFile { path, text })
            .collect()
    }

    /// Runs the generator on these inputs.
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        crate::generate_keeping(
            &self.version,
            &self.description,
            &self.overrides_files(),
            None,
            &self.published,
        )
    }

    /// [`VersionInputs::generate`] with rustfmt's answers cached in `format_cache`.
    pub fn generate_cached(&self, format_cache: &Path) -> Result<Generated, Diagnostics> {
        crate::generate_keeping(
            &self.version,
            &self.description,
            &self.overrides_files(),
            Some(format_cache),
            &self.published,
        )
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
        && crate::names::is_rust_name(version)
        && !crate::names::ident(version).to_string().starts_with("r#")
}

#[cfg(test)]
mod version_name_tests {
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
