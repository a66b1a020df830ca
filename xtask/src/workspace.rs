//! Where things live, relative to the workspace root (per API version: see
//! `dixa_codegen::inputs` for the layout of `spec/`).

use std::path::{Path, PathBuf};

use dixa_codegen::inputs;

use crate::Error;

/// A workspace root: the real one, or a temporary copy in tests.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// The workspace this xtask was built in, whatever the current directory is.
    pub fn of_this_crate() -> Workspace {
        let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        // The manifest dir is absolute and always `<root>/xtask`.
        let root = xtask_dir.parent().unwrap_or(xtask_dir);
        Workspace::at(root)
    }

    pub fn at(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every configured API version (`spec/<version>/source.toml`), by name.
    pub fn versions(&self) -> Result<Vec<String>, Error> {
        let versions = inputs::configured_versions(&self.root).map_err(Error::other)?;
        if versions.is_empty() {
            return Err(Error::other(format!(
                "no API version is configured: {} has no <version>/source.toml",
                self.root.join("spec").display()
            )));
        }
        Ok(versions)
    }

    /// `[version]` if it is configured, else an error listing those that are; every
    /// configured version when `None`.
    pub fn selected_versions(&self, version: Option<&str>) -> Result<Vec<String>, Error> {
        let versions = self.versions()?;
        match version {
            None => Ok(versions),
            Some(v) if versions.iter().any(|c| c == v) => Ok(vec![v.to_string()]),
            Some(v) => Err(Error::other(format!(
                "`{v}` is not a configured API version (configured: {}; each is a directory \
                 spec/<version>/ with a source.toml)",
                versions.join(", ")
            ))),
        }
    }

    /// The pinned source of a version's description.
    pub fn source_toml(&self, version: &str) -> PathBuf {
        self.root.join(inputs::source_toml(version))
    }

    /// The verified copy of a version's description (git-ignored).
    pub fn fetched_spec(&self, version: &str) -> PathBuf {
        self.root.join(inputs::fetched_description(version))
    }

    /// `path` relative to the root when it is inside it, for shorter messages.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}
