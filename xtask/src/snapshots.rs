//! Snapshots to review after `cargo xtask test`: every one that changed, at once.
//!
//! insta fails a test at its first differing snapshot, so after a new description each
//! failing test binary would show one snapshot per run. `cargo xtask test` instead runs
//! every test with `INSTA_FORCE_PASS` and `INSTA_UPDATE=new` (each differing snapshot is
//! written beside the accepted one as `NAME.snap.new`) and `--no-fail-fast`, then lists
//! the pending files and fails if there are any.

use std::path::{Path, PathBuf};

/// The environment that makes insta record every differing snapshot instead of failing
/// at the first one.
pub const COLLECT_ENV: [(&str, &str); 2] = [("INSTA_FORCE_PASS", "1"), ("INSTA_UPDATE", "new")];

/// Every pending snapshot (`*.snap.new`, `*.pending-snap`) under the workspace's
/// `snapshots` folders, sorted.
pub fn pending(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in snapshot_dirs(root) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

/// Removes pending snapshots left by an earlier run, so the list after this run is this
/// run's only.
pub fn clear_pending(root: &Path) -> std::io::Result<()> {
    for path in pending(root) {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

/// `tests/snapshots` of each workspace crate (two levels deep: `codegen/`,
/// `generated-client/`, `generated-client/bench/`, `xtask/`).
fn snapshot_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let mut crates = vec![root.to_path_buf()];
    for entry in std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() && !name.starts_with('.') && name != "target" {
            crates.push(path.clone());
            for inner in std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
            {
                if inner.path().join("Cargo.toml").is_file() {
                    crates.push(inner.path());
                }
            }
        }
    }
    for krate in crates {
        for sub in ["tests/snapshots", "src/snapshots"] {
            let dir = krate.join(sub);
            if dir.is_dir() {
                dirs.push(dir);
            }
        }
    }
    dirs
}

/// What to say about the pending snapshots (`None` when there are none).
pub fn review_message(root: &Path, pending: &[PathBuf]) -> Option<String> {
    if pending.is_empty() {
        return None;
    }
    let mut message = format!(
        "{} snapshot(s) differ from the accepted ones; review each (the new text is beside \
         the accepted file):\n",
        pending.len()
    );
    for path in pending {
        let shown = path.strip_prefix(root).unwrap_or(path);
        message.push_str(&format!("  {}\n", shown.display()));
    }
    message.push_str(
        "accept them with `cargo insta accept` (or review one by one with `cargo insta \
         review`; `cargo install cargo-insta`), or rename each `.snap.new` over its `.snap`; \
         reject them by deleting the `.snap.new` files",
    );
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pending_snapshot_of_every_crate_is_listed_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (folder, file) in [
            ("codegen/tests/snapshots", "fixtures__a__model.snap.new"),
            (
                "generated-client/tests/snapshots",
                "conformance__x.snap.new",
            ),
            ("generated-client/tests/snapshots", "conformance__x.snap"),
            ("generated-client/bench/tests/snapshots", "b.pending-snap"),
        ] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
            std::fs::write(root.join(folder).join(file), "x").unwrap();
        }
        std::fs::write(root.join("generated-client/bench/Cargo.toml"), "").unwrap();
        let found = pending(root);
        assert_eq!(found.len(), 3, "{found:?}");
        let message = review_message(root, &found).unwrap();
        assert!(message.starts_with("3 snapshot(s) differ"), "{message}");
        assert!(
            message.contains("codegen/tests/snapshots/fixtures__a__model.snap.new"),
            "{message}"
        );
        clear_pending(root).unwrap();
        assert!(pending(root).is_empty());
        assert!(review_message(root, &[]).is_none());
        assert!(
            root.join("generated-client/tests/snapshots/conformance__x.snap")
                .is_file()
        );
    }
}
