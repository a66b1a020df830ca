//! The code emitted for every fixture must build: a snapshot of code that does not
//! compile would be blessed by eye otherwise.
//!
//! All fixtures' `models.rs` go into one throwaway crate (one module per fixture)
//! under the target directory. It depends on `dixa-client` by path and re-exports its
//! `runtime` and `string_enum_impls!`, which is where the generated code looks for
//! them (`crate::runtime::wire::...`, `crate::string_enum_impls!`). The workspace's
//! `Cargo.lock` is copied in, so the build needs no network and resolves nothing new.
//! Warnings are errors: an unused import in generated code would fail the client
//! crate's `clippy -D warnings` too.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "dixa-fixture-models";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ is inside the workspace")
        .to_path_buf()
}

fn manifest(root: &Path) -> String {
    let client = root.join("generated-client");
    format!(
        r#"[package]
name = "{CRATE}"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
dixa-client = {{ path = {client:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}

# Not a member of any workspace, wherever the target directory is.
[workspace]
"#
    )
}

/// Writes the throwaway crate into `dir` (keeping its `target/` for the next run).
fn write_crate(dir: &Path, root: &Path) {
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).expect("remove the previous sources");
    }
    std::fs::create_dir_all(&src).expect("create the crate directory");
    std::fs::write(dir.join("Cargo.toml"), manifest(root)).expect("write Cargo.toml");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

    let mut lib = String::from(
        "//! Every fixture's generated models, one module each.\n\
         #![deny(warnings)]\n\n\
         pub use dixa_client::runtime;\n\
         pub use dixa_client::string_enum_impls;\n\n",
    );
    for name in common::fixture_names() {
        let generated = common::generate(&name);
        std::fs::write(
            src.join(format!("{name}.rs")),
            common::models_rs(&generated),
        )
        .expect("write a fixture module");
        let _ = writeln!(lib, "pub mod {name};");
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
}

#[test]
fn the_code_emitted_for_every_fixture_compiles() {
    let root = workspace_root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(CRATE);
    write_crate(&dir, &root);

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        // Its own target directory: the one running this test is locked by cargo.
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the generated fixture code does not build ({}):\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
