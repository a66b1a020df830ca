//! `cargo xtask` runs the xtask from `xtask/run/`, a workspace of its own (its Cargo.toml
//! says why). These tests keep it in step with the project's workspace, so that the
//! alias runs the program the workspace builds, tests and lints: the same dependency
//! versions, the same profiles, a lock file that needs no update.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the repository")
        .to_path_buf()
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()))
}

/// Each package of a lock file by name and version, with its checksum.
fn locked_packages(path: &Path) -> BTreeMap<(String, String), Option<String>> {
    let lock = read_toml(path);
    let packages = lock
        .get("package")
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| panic!("{} lists no packages", path.display()));
    packages
        .iter()
        .map(|package| {
            let field = |name: &str| package.get(name).and_then(toml::Value::as_str);
            let name = field("name").expect("a locked package has a name");
            let version = field("version").expect("a locked package has a version");
            (
                (name.to_string(), version.to_string()),
                field("checksum").map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn the_alias_builds_the_xtask_with_the_workspace_s_dependency_versions() {
    let workspace = locked_packages(&root().join("Cargo.lock"));
    let run = locked_packages(&root().join("xtask/run/Cargo.lock"));
    let differing: Vec<String> = run
        .iter()
        .filter(|((name, _), _)| name != "xtask-run")
        .filter(|(package, checksum)| workspace.get(*package) != Some(*checksum))
        .map(|((name, version), _)| format!("{name} {version}"))
        .collect();
    assert!(
        differing.is_empty(),
        "xtask/run/Cargo.lock locks versions the workspace's Cargo.lock does not: {}; \
         bring it back in step with `cp Cargo.lock xtask/run/ && cargo metadata \
         --manifest-path xtask/run/Cargo.toml >/dev/null`",
        differing.join(", ")
    );
}

#[test]
fn the_alias_builds_the_xtask_with_the_workspace_s_profiles() {
    let workspace = read_toml(&root().join("Cargo.toml"));
    let run = read_toml(&root().join("xtask/run/Cargo.toml"));
    assert_eq!(
        run.get("profile"),
        workspace.get("profile"),
        "xtask/run/Cargo.toml's [profile] tables must be the workspace's"
    );
}

#[test]
fn the_alias_s_lock_file_needs_no_update() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--locked",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(root().join("xtask/run/Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "xtask/run/Cargo.lock is not up to date with the manifests: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
