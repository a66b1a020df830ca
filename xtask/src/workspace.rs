//! Where things live, relative to the workspace root.

use std::path::{Path, PathBuf};

/// The pinned source of the description.
pub const SOURCE_TOML: &str = "spec/source.toml";
/// The verified copy of the description (git-ignored).
pub const FETCHED_SPEC: &str = "spec/fetched/dixa-api.beta.yaml";
/// Reviewed decisions the description cannot express.
pub const OVERRIDES: &str = "spec/overrides.yaml";

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

    pub fn source_toml(&self) -> PathBuf {
        self.root.join(SOURCE_TOML)
    }

    pub fn fetched_spec(&self) -> PathBuf {
        self.root.join(FETCHED_SPEC)
    }

    pub fn overrides(&self) -> PathBuf {
        self.root.join(OVERRIDES)
    }

    /// `path` relative to the root when it is inside it, for shorter messages.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}
